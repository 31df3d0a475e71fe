#include "fuzz/canary_log.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace twinbench::cli {

std::optional<double> seconds_into_run(const Launch &launch, int64_t unix_ms) {
  int64_t since = 0;
  if (__builtin_sub_overflow(unix_ms, launch.unix_ms, &since)) return std::nullopt;
  const double at = launch.elapsed_seconds + static_cast<double>(since) / 1000.0;
  if (!std::isfinite(at)) return std::nullopt;
  return std::max(at, 0.0);
}

CanaryTimes read_canary_log(const std::filesystem::path &log, const std::string &bug) {
  CanaryTimes times;
  std::ifstream in(log);
  std::optional<Launch> launch;
  for (std::string line; std::getline(in, line);) {
    // A last line without its newline was cut short by a kill, even where what is left reads
    // as an event ("reached" of "reached196"; found by fuzz_harness_run_logs).
    if (in.eof()) break;
    std::istringstream fields(line);
    int64_t ms = 0;
    std::string what, state;
    if (!(fields >> ms >> what >> state)) continue; // a line cut short by a kill
    if (what == "launch") {
      try {
        launch = Launch{ms, std::stod(state)};
      } catch (const std::exception &) {
        launch.reset();
      }
      continue;
    }
    // An event before any launch line has no place on the run's clock.
    if (what != bug || !launch) continue;
    auto &slot = state == "reached" ? times.reached : times.triggered;
    if ((state == "reached" || state == "triggered") && !slot) slot = seconds_into_run(*launch, ms);
  }
  return times;
}

void log_launch(const std::filesystem::path &log, int64_t unix_ms, double elapsed_seconds) {
  std::ofstream(log, std::ios::app) << fmt::format("{} launch {:.3f}\n", unix_ms, elapsed_seconds);
}

int64_t unix_ms_now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

} // namespace twinbench::cli
