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
  const std::pair<std::string, bool> mark{std::string(bug, bug_len), triggered != 0};
  // Each thread remembers what it has passed on, and takes the lock only for what it has not:
  // a lock taken on every call would order the threads' accesses around a seeded data race
  // and hide it from ThreadSanitizer.
  thread_local std::set<std::pair<std::string, bool>> passed_on;
  if (passed_on.contains(mark)) return;
  passed_on.insert(mark);
  static std::mutex mutex;
  static std::set<std::pair<std::string, bool>> seen;
  const std::lock_guard lock(mutex);
  if (seen.insert({mark.first, false}).second) record(mark.first, "reached");
  if (mark.second && seen.insert(mark).second) record(mark.first, "triggered");
}
