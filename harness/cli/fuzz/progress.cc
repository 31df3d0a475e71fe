#include "fuzz/progress.h"

#include <algorithm>
#include <cstdio>

#include <fmt/format.h>

#include "common/environment.h"
#include "common/table.h"
#include "store/store.h"

namespace twinbench::cli {

void ProgressDisplay::show(const std::vector<RunProgress> &runs, bool force) {
  const double interval = tty_ ? 1 : 30;
  if (!force && std::chrono::duration<double>(Clock::now() - last_progress_).count() < interval)
    return;
  last_progress_ = Clock::now();
  std::vector<Row> rows;
  for (const auto &r : runs) {
    const auto &s = r.last;
    rows.push_back({r.name, fmt::format("{:.0f}/{:.0f}s", r.elapsed, r.budget),
                    std::to_string(r.execs), s ? std::to_string(s->execs_per_second) : "-",
                    s ? std::to_string(s->cov) : "-", s ? std::to_string(s->ft) : "-",
                    std::to_string(r.crashes)});
  }
  if (rows.empty()) return; // the last drawn state stays on screen
  std::string table =
      render_table({"run", "elapsed", "execs", "exec/s", "cov", "ft", "crashes"}, rows);
  if (tty_) {
    // Redraw in place: up over the previous block, clear to the end of the screen.
    if (lines_drawn_) fmt::print("\x1b[{}F\x1b[J", lines_drawn_);
    fmt::print("{}", table);
    lines_drawn_ = static_cast<size_t>(std::count(table.begin(), table.end(), '\n'));
  } else {
    for (const auto &row : rows) {
      fmt::print("{} {} elapsed {} execs {} exec/s {} cov {} ft {} crashes {}\n", now_iso8601(),
                 row[0], row[1], row[2], row[3], row[4], row[5], row[6]);
    }
  }
  std::fflush(stdout);
}

} // namespace twinbench::cli
