// A ground-truth run's canary log (<run dir>/canary.log): the bug build's canary recorder
// (harness/include/twinbench/canary.cc) appends "<unix-ms> <bug> reached|triggered" the first time
// each happens in a process; the scheduler appends "<unix-ms> launch <seconds into the run>" before
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

// A launch line's figures: its wall-clock time and how far into the run it was.
struct Launch {
  int64_t unix_ms = 0;
  double elapsed_seconds = 0;
};

// Seconds into the run of an event logged at `unix_ms`, on the clock of the launch before it
// (never negative); nullopt when the figures make no time (a mangled line: a launch time that
// is not finite, a difference past int64; found in review of fuzz_harness_run_logs).
std::optional<double> seconds_into_run(const Launch &launch, int64_t unix_ms);

// Appends the launch line; `unix_ms` is the launch's wall-clock time.
void log_launch(const std::filesystem::path &log, int64_t unix_ms, double elapsed_seconds);

int64_t unix_ms_now();

} // namespace twinbench::cli
