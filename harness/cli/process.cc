#include "process.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <fmt/format.h>

#include "project.h"

extern char **environ;

namespace twinbench::cli {

std::string ExitStatus::describe() const {
  if (signal) return fmt::format("killed by signal {} ({})", signal, strsignal(signal));
  return fmt::format("exit code {}", code);
}

namespace {

// posix_spawn's file actions, released however we leave.
struct FileActions {
  posix_spawn_file_actions_t actions;
  FileActions() { posix_spawn_file_actions_init(&actions); }
  ~FileActions() { posix_spawn_file_actions_destroy(&actions); }
  FileActions(const FileActions &) = delete;
  FileActions &operator=(const FileActions &) = delete;
};

} // namespace

ExitStatus run_logged(const std::vector<std::string> &argv, const std::filesystem::path &log) {
  FileActions fa;
  const int flags = O_WRONLY | O_CREAT | O_APPEND;
  posix_spawn_file_actions_addopen(&fa.actions, 1, log.c_str(), flags, 0644);
  posix_spawn_file_actions_adddup2(&fa.actions, 1, 2);
  std::vector<char *> args;
  for (const auto &a : argv) args.push_back(const_cast<char *>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid;
  int err = posix_spawn(&pid, args[0], &fa.actions, nullptr, args.data(), environ);
  if (err != 0) throw UserError(fmt::format("cannot run {}: {}", argv[0], std::strerror(err)));
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR)
      throw UserError(fmt::format("waiting for {}: {}", argv[0], strerror(errno)));
  }
  if (WIFSIGNALED(status)) return {0, WTERMSIG(status)};
  return {WEXITSTATUS(status), 0};
}

} // namespace twinbench::cli
