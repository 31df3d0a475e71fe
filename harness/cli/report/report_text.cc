// Short texts the report's sections share: counts, rates, intervals, outcomes in words.
#include "report/report_text.h"

#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "bench/bench_results.h"

namespace twinbench::cli {

// 12181594 -> "12,181,594"
std::string grouped(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n), out;
  for (size_t i = 0; i < digits.size(); i++) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

// 1988480 -> "1.99M": the main table's short form; the fuzzing table has the exact figure.
std::string compact(int64_t n) {
  if (n >= 1'000'000'000) return fmt::format("{:.3g}G", n / 1e9);
  if (n >= 1'000'000) return fmt::format("{:.3g}M", n / 1e6);
  if (n >= 10'000) return fmt::format("{:.3g}k", n / 1e3);
  return std::to_string(n);
}

std::string mbps_text(const stats::Estimate &e) {
  return fmt::format("{:.0f} [{:.0f}, {:.0f}]", e.value, e.ci.low, e.ci.high);
}

std::string ratio_ci_text(const stats::Estimate &e) {
  return fmt::format("{:.3f} [{:.3f}, {:.3f}]", e.value, e.ci.low, e.ci.high);
}

std::string p_text(double p) { return p < 0.001 ? "< 0.001" : fmt::format("{:.3f}", p); }

std::string case_text(const BenchCase &k) { return k.case_name + " " + format_size(k.size); }

// What a release outcome means, in a manager's words.
std::string outcome_words(const BugSide &s) {
  if (s.outcome.empty()) return "not run";
  if (s.outcome == "memory-corruption") return "silent memory corruption";
  if (s.outcome == "data-leak") return "silent data leak";
  if (s.outcome == "wrong-result") return "silent wrong result";
  if (s.outcome == "crash") return "crash (signal)";
  if (s.outcome == "panic") return "panic, abort";
  if (s.outcome == "leak") return "memory leak (memcheck)";
  if (s.outcome == "compile-error") return "does not compile";
  if (s.outcome == "harness-failure") return "no outcome: the build failed otherwise";
  if (s.outcome == "none") return "no visible effect";
  return s.outcome; // hang
}

// "median 0.41 s [0.38, 0.47]", "median > 60 s (not reached)".
std::string median_text(const BugSide &s, double budget) {
  if (!s.survival) return "";
  const auto &km = *s.survival;
  if (!km.median) return fmt::format("median > {} (not reached)", seconds_text(budget));
  return fmt::format("median {} [{}, {}]", seconds_text(*km.median),
                     km.median_low ? seconds_text(*km.median_low) : "-",
                     km.median_high ? seconds_text(*km.median_high) : "-");
}

// "850", "12.3 k", "4.1 M": an executions count, three figures at most.
std::string execs_text(double n) {
  if (n < 1e3) return fmt::format("{:.0f}", n);
  if (n < 1e6) return fmt::format("{:.3g} k", n / 1e3);
  return fmt::format("{:.3g} M", n / 1e6);
}

// "median 12.3 k execs [9.1 k, 20 k]", "median > 1.2 M execs (not reached)"; "" without counts.
std::string median_execs_text(const BugSide &s) {
  if (!s.exec_survival) return "";
  const auto &km = *s.exec_survival;
  if (!km.median) {
    double most = 0;
    for (const auto &t : s.execs) most = std::max(most, t.seconds);
    return fmt::format("median > {} execs (not reached)", execs_text(most));
  }
  return fmt::format("median {} execs [{}, {}]", execs_text(*km.median),
                     km.median_low ? execs_text(*km.median_low) : "-",
                     km.median_high ? execs_text(*km.median_high) : "-");
}

std::string bug_anchor(const BugEvidence &e) { return "#bug-" + e.id; }

std::string crash_report_link(const ReportModel &model, int64_t crash_id) {
  return fmt::format("{}/reports/campaigns/{}/crashes/{}/report.txt", model.root_link,
                     model.ground_truth->campaign->name, crash_id);
}

// "C", "C + integer sanitizers", "Rust".
std::string side_name(const BugSide &s) {
  if (s.language == "rust") return "Rust";
  return s.impl.ends_with("+int") ? "C + integer sanitizers" : "C";
}

std::string timing_text(const std::string &timing) {
  if (timing == "process-cpu") return "process CPU time";
  if (timing == "wall") return "wall time";
  return "thread CPU time";
}

std::string env_text(const Environment &env) {
  return fmt::format("{} ({} cores), {}; {}; {}; {}", env.cpu, env.cores, env.kernel, env.clang,
                     env.rustc_stable, env.rustc_nightly);
}

std::string or_unknown(const std::optional<std::string> &text) { return text.value_or("?"); }

std::string duration_text(double seconds) {
  if (seconds >= 3600) return fmt::format("{:.4g} h", seconds / 3600);
  if (seconds >= 60) return fmt::format("{:.4g} min", seconds / 60);
  return fmt::format("{:.4g} s", seconds);
}

std::string classes_text(const CrashTally &tally) {
  std::vector<std::string> parts;
  for (const auto &[klass, n] : tally.by_class) parts.push_back(fmt::format("{} {}", n, klass));
  return parts.empty() ? "" : fmt::format(" ({})", fmt::join(parts, ", "));
}

std::string engine_option(const CampaignFacts &c) {
  if (c.engines.size() > 1) return " --engine " + kAllEngines;
  if (c.engines.empty() || c.engines[0].name == libfuzzer_engine().name()) return "";
  return " --engine " + c.engines[0].name;
}

} // namespace twinbench::cli
