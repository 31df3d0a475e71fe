// The campaign's progress on screen: a table redrawn in place once a second on a terminal,
// otherwise one plain line per run every 30 s (for logs and CI).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "fuzz/fuzzer_output.h"

namespace twinbench::cli {

struct RunProgress {
  std::string name; // component/impl#trial
  double elapsed = 0, budget = 0;
  long long execs = 0;
  std::optional<FuzzerStatus> last; // libFuzzer's latest status line, if any yet
  int crashes = 0;
};

class ProgressDisplay {
public:
  explicit ProgressDisplay(bool terminal) : tty_(terminal) {}
  // Draws when its interval has passed, or when forced; an empty list keeps the last drawing.
  void show(const std::vector<RunProgress> &runs, bool force);

private:
  using Clock = std::chrono::steady_clock;
  bool tty_;
  size_t lines_drawn_ = 0;
  Clock::time_point last_progress_ = Clock::now() - std::chrono::hours(1);
};

} // namespace twinbench::cli
