// A run's disagreement log (<run dir>/disagreements.log): a diff driver appends
// "<unix-ms> first <comp> <kind> <a>/<b> <input hex>" the first time a process meets one of its
// spec's known differences, and "<unix-ms> count <comp> <kind> <a>/<b> <n>" for each at exit
// (harness/fuzz/driver.h, Disagreements); the scheduler appends its launch lines, as to the
// canary log, so each first sighting has a place on the run's clock.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace twinbench::cli {

struct Disagreement {
  std::string component, kind, pair; // pair: "<first impl>/<other impl>"
  int64_t count = 0; // at least this many inputs: a process killed by a crash writes no count
  std::optional<double> first_seconds; // seconds into the run of the first sighting
  std::string example_hex;             // the first input that showed it
};

// Every kind the log saw, in order of first sighting. Lines cut short by a kill are skipped.
std::vector<Disagreement> read_disagreement_log(const std::filesystem::path &log);

} // namespace twinbench::cli
