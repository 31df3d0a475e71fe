// A ground-truth run's canary log (<run dir>/canary.log): the bug build's canary recorder
// (harness/fuzz/canary.cc) appends "<unix-ms> <bug> reached|triggered" the first time each
// happens in a process; the scheduler appends "<unix-ms> launch <seconds into the run>" before
// each process starts. Together they place every event on the run's own clock, across restarts
// and resumes, even when the process died on the next instruction.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace twinbench::cli {

struct CanaryTimes {
  std::optional<double> reached, triggered; // seconds into the run, the first of each
};

CanaryTimes read_canary_log(const std::filesystem::path &log, const std::string &bug);

// Appends the launch line; `unix_ms` is the launch's wall-clock time.
void log_launch(const std::filesystem::path &log, int64_t unix_ms, double elapsed_seconds);

int64_t unix_ms_now();

} // namespace twinbench::cli
