// The canary recorder linked into every binary built from a bug variant (harness/include/
// twinbench/canary.h). The first time a bug's site is reached, and the first time it triggers,
// it prints one line to stderr,
//   TWINBENCH CANARY <id> reached|triggered
// and, when TWINBENCH_CANARY_LOG names a file, appends "<unix-ms> <id> reached|triggered" to
// it, so a campaign learns when each happened even if the process dies on the next instruction.
//
// It never touches the heap: a call sits between a seeded free() and the use after it, and an
// allocation there could hand the freed block back and change what the bug does. Marks live in
// fixed tables, lines are formatted on the stack and written with write(2).
#include "twinbench/canary.h"
#include "twinbench/findings.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include <fcntl.h>
#include <unistd.h>

namespace {

// Ids seen by one binary: a bug build holds one bug, so a handful is plenty; past it, a mark is
// recorded under the lock every time it is seen (never lost, only slower).
constexpr int kMaxBugs = 8;

struct Mark {
  const char *bug = nullptr;
  size_t len = 0;
  bool reached = false, triggered = false;
};

Mark *find(Mark (&table)[kMaxBugs], const char *bug, size_t len) {
  for (Mark &m : table) {
    if (m.bug == nullptr) {
      m.bug = bug;
      m.len = len;
      return &m;
    }
    if (m.len == len && std::memcmp(m.bug, bug, len) == 0) return &m;
  }
  return nullptr;
}

void write_all(int fd, const char *text, size_t len) {
  while (len > 0) {
    const ssize_t n = ::write(fd, text, len);
    if (n <= 0) return;
    text += n;
    len -= static_cast<size_t>(n);
  }
}

void record(const char *bug, size_t len, const char *state) {
  char line[256];
  const int id_len = static_cast<int>(len < 128 ? len : 128);
  int n = std::snprintf(line, sizeof line, "%s %.*s %s\n", twinbench::findings::kCanary, id_len,
                        bug, state);
  write_all(STDERR_FILENO, line, static_cast<size_t>(n));
  if (const char *log = std::getenv("TWINBENCH_CANARY_LOG"); log != nullptr && *log != '\0') {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
    n = std::snprintf(line, sizeof line, "%lld %.*s %s\n", static_cast<long long>(ms), id_len, bug,
                      state);
    // O_APPEND: one write per line, whole; closed now: the bug may crash the process next.
    const int fd = ::open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd >= 0) {
      write_all(fd, line, static_cast<size_t>(n));
      ::close(fd);
    }
  }
}

} // namespace

extern "C" void tb_canary(const char *bug, size_t bug_len, int triggered) {
  // Each thread remembers what it has passed on, and takes the lock only for what it has not:
  // a lock taken on every call would order the threads' accesses around a seeded data race
  // and hide it from ThreadSanitizer.
  thread_local Mark passed_on[kMaxBugs];
  Mark *mine = find(passed_on, bug, bug_len);
  if (mine != nullptr && mine->reached && (mine->triggered || triggered == 0)) return;
  static std::mutex mutex;
  static Mark seen[kMaxBugs];
  const std::lock_guard lock(mutex);
  Mark *first = find(seen, bug, bug_len);
  if (first == nullptr || !first->reached) record(bug, bug_len, "reached");
  if (triggered != 0 && (first == nullptr || !first->triggered)) {
    record(bug, bug_len, "triggered");
  }
  for (Mark *m : {mine, first}) {
    if (m == nullptr) continue;
    m->reached = true;
    m->triggered |= triggered != 0;
  }
}
