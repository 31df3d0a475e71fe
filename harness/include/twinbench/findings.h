// The lines a fuzz target prints for what no sanitizer reports, and the canary recorder's: written
// by harness/fuzz/driver.h and canary.cc (and the test crasher, and the harness's own fuzz
// targets), read by the CLI's triage and readers. Their one definition.
#pragma once

#include <string>

namespace twinbench::findings {

// "TWINBENCH DIVERGENCE <comp> <field> <kind> <impl>/<impl> at <where>: <impl>=<v> <impl>=<v>":
// two implementations disagree. Triage signs it with component, field, kind and pair, so the
// field carries no position.
inline constexpr char kDivergence[] = "TWINBENCH DIVERGENCE";
// "TWINBENCH VIOLATION <comp> <what>": an implementation broke its spec (or left the model).
inline constexpr char kViolation[] = "TWINBENCH VIOLATION";
// "TWINBENCH DISAGREEMENT <key> on <hex>": a difference the spec allows, logged, not a crash.
inline constexpr char kDisagreement[] = "TWINBENCH DISAGREEMENT";
// "TWINBENCH CANARY <bug> reached|triggered": a seeded bug's site, first reached, first triggered.
inline constexpr char kCanary[] = "TWINBENCH CANARY";

inline std::string divergence_line(const std::string &comp, const std::string &field,
                                   const std::string &kind, const std::string &pair,
                                   const std::string &where, const std::string &values) {
  return std::string(kDivergence) + " " + comp + " " + field + " " + kind + " " + pair + " at " +
         where + ": " + values;
}

inline std::string violation_line(const std::string &comp, const std::string &what) {
  return std::string(kViolation) + " " + comp + " " + what;
}

} // namespace twinbench::findings
