// The canary recorder linked into every binary built from a bug variant (harness/include/
// twinbench/canary.h). The first time a bug's site is reached, and the first time it triggers,
// it prints one line to stderr,
//   TWINBENCH CANARY <id> reached|triggered
// and, when TWINBENCH_CANARY_LOG names a file, appends "<unix-ms> <id> reached|triggered" to
// it, so a campaign learns when each happened even if the process dies on the next instruction.
#include "twinbench/canary.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <set>
#include <string>
#include <utility>

namespace {

void record(const std::string &bug, const char *state) {
  std::fprintf(stderr, "TWINBENCH CANARY %s %s\n", bug.c_str(), state);
  if (const char *log = std::getenv("TWINBENCH_CANARY_LOG"); log != nullptr && *log != '\0') {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
    if (std::FILE *f = std::fopen(log, "a")) {
      std::fprintf(f, "%lld %s %s\n", static_cast<long long>(ms), bug.c_str(), state);
      std::fclose(f); // flushed now: the bug may crash the process right after
    }
  }
}

} // namespace

extern "C" void tb_canary(const char *bug, size_t bug_len, int triggered) {
  static std::mutex mutex;
  static std::set<std::pair<std::string, bool>> seen;
  const std::string id(bug, bug_len);
  const std::lock_guard lock(mutex);
  if (seen.insert({id, false}).second) record(id, "reached");
  if (triggered != 0 && seen.insert({id, true}).second) record(id, "triggered");
}
