// Running the fuzz and benchmark binaries. Children get SIGKILL when twinbench dies (so a
// killed campaign leaves no orphan fuzzers), and each is killed and reaped by its owner.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace twinbench::cli {

struct ExitStatus {
  int code = 0;   // exit code, when the process exited
  int signal = 0; // terminating signal, when it was killed
  bool ok() const { return code == 0 && signal == 0; }
  std::string describe() const;
};

// A running child whose stdout and stderr come through one non-blocking pipe.
class ChildProcess {
public:
  // `env_extra` entries ("NAME=value") are added to this process's environment, each in place
  // of an entry of its name (a later one in place of an earlier). With `own_group`, the child
  // leads a process group of its own and kill() signals the whole group: what it starts too.
  ChildProcess(const std::vector<std::string> &argv, const std::vector<std::string> &env_extra,
               bool own_group = false);
  ~ChildProcess(); // kills (SIGKILL) and reaps a child still running
  ChildProcess(const ChildProcess &) = delete;
  ChildProcess &operator=(const ChildProcess &) = delete;

  int output_fd() const { return fd_; }
  // Appends what is available now; returns false once the pipe is closed.
  bool read_available(std::string &buffer);
  // Non-blocking: true when the child has exited (status filled in).
  bool poll_exit(ExitStatus &status);
  ExitStatus wait();
  void kill(int signal);
  pid_t pid() const { return pid_; }

private:
  pid_t pid_ = -1;
  int fd_ = -1;
  bool reaped_ = false;
  bool own_group_ = false;
  ExitStatus status_;
};

// Runs argv[0] with stdout and stderr appended to `log`; throws UserError when it cannot start.
ExitStatus run_logged(const std::vector<std::string> &argv, const std::filesystem::path &log);

struct Captured {
  ExitStatus status;
  std::string output;
  bool timed_out = false; // killed by us after `wall_seconds`
};

// Runs to completion (or `wall_seconds`, then SIGKILL), collecting stdout and stderr.
// The first executable `name` in PATH's folders, as a shell would find it.
std::optional<std::filesystem::path> find_program(const std::string &name);

Captured run_captured(const std::vector<std::string> &argv,
                      const std::vector<std::string> &env_extra, double wall_seconds);
// As run_captured, for a program that starts programs of its own (libFuzzer's -minimize_crash
// runs each round through a shell): at `wall_seconds` all of them are killed, and waited for
// (up to a second) before this returns. If twinbench itself dies, the program gets SIGKILL but
// a round it started runs on to its own -max_total_time.
Captured run_captured_tree(const std::vector<std::string> &argv,
                           const std::vector<std::string> &env_extra, double wall_seconds);

} // namespace twinbench::cli
