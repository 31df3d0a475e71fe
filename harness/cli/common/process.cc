#include "common/process.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include <fmt/format.h>

#include "common/project.h"

extern char **environ;

namespace twinbench::cli {

std::string ExitStatus::describe() const {
  if (signal) return fmt::format("killed by signal {} ({})", signal, strsignal(signal));
  return fmt::format("exit code {}", code);
}

namespace {

ExitStatus decode_status(int status) {
  if (WIFSIGNALED(status)) return {0, WTERMSIG(status)};
  return {WEXITSTATUS(status), 0};
}

std::vector<char *> c_strings(const std::vector<std::string> &v) {
  std::vector<char *> out;
  for (const auto &s : v) out.push_back(const_cast<char *>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

} // namespace

ChildProcess::ChildProcess(const std::vector<std::string> &argv,
                           const std::vector<std::string> &env_extra, bool own_group)
    : own_group_(own_group) {
  // Each extra entry replaces the entry of its name: a user's exported ASAN_OPTIONS must not hide
  // the options a run is recorded with (a process reads the first of two).
  std::vector<std::string> env;
  const auto name_of = [](const std::string &entry) { return entry.substr(0, entry.find('=')); };
  for (char **e = environ; *e; e++) env.emplace_back(*e);
  for (const auto &entry : env_extra) {
    std::erase_if(env, [&](const std::string &e) { return name_of(e) == name_of(entry); });
    env.push_back(entry);
  }
  auto args = c_strings(argv), envp = c_strings(env);

  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) {
    throw UserError(fmt::format("cannot create a pipe: {}", std::strerror(errno)));
  }
  const pid_t parent = getpid();
  pid_ = fork();
  // Set in the parent too, so that a kill() right after the fork reaches the group.
  if (pid_ > 0 && own_group) setpgid(pid_, pid_);
  if (pid_ < 0) {
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    throw UserError(fmt::format("cannot fork for {}: {}", argv[0], std::strerror(errno)));
  }
  if (pid_ == 0) {
    // Child: only async-signal-safe calls until exec.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    if (own_group) setpgid(0, 0);
    dup2(pipe_fds[1], 1);
    dup2(pipe_fds[1], 2);
    execve(args[0], args.data(), envp.data());
    const char msg[] = "twinbench: exec failed\n";
    (void)!write(2, msg, sizeof msg - 1);
    _exit(127);
  }
  close(pipe_fds[1]);
  fd_ = pipe_fds[0];
  fcntl(fd_, F_SETFL, fcntl(fd_, F_GETFL) | O_NONBLOCK);
}

ChildProcess::~ChildProcess() {
  if (!reaped_ && pid_ > 0) {
    kill(SIGKILL);
    int status;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
  }
  if (fd_ >= 0) close(fd_);
}

bool ChildProcess::read_available(std::string &buffer) {
  char chunk[65536];
  for (;;) {
    ssize_t n = read(fd_, chunk, sizeof chunk);
    if (n > 0) {
      buffer.append(chunk, static_cast<size_t>(n));
      continue;
    }
    if (n == 0) return false;
    if (errno == EINTR) continue;
    return errno == EAGAIN || errno == EWOULDBLOCK;
  }
}

bool ChildProcess::poll_exit(ExitStatus &status) {
  if (reaped_) {
    status = status_;
    return true;
  }
  int raw;
  pid_t r = waitpid(pid_, &raw, WNOHANG);
  if (r == pid_) {
    reaped_ = true;
    status = status_ = decode_status(raw);
    return true;
  }
  return false;
}

ExitStatus ChildProcess::wait() {
  if (!reaped_) {
    int raw;
    while (waitpid(pid_, &raw, 0) < 0) {
      if (errno != EINTR) throw UserError(fmt::format("waitpid: {}", std::strerror(errno)));
    }
    reaped_ = true;
    status_ = decode_status(raw);
  }
  return status_;
}

void ChildProcess::kill(int signal) {
  // Once the leader is reaped its id may name another process (group): nothing is signalled.
  if (!reaped_) ::kill(own_group_ ? -pid_ : pid_, signal);
}

ExitStatus run_logged(const std::vector<std::string> &argv, const std::filesystem::path &log) {
  // fork rather than posix_spawn: the child dies with twinbench (a killed `bench` leaves no
  // benchmark running to skew the next run's timings), as ChildProcess's do.
  const int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (out < 0) throw UserError(fmt::format("cannot write {}: {}", log.string(), strerror(errno)));
  auto args = c_strings(argv);
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) {
    close(out);
    throw UserError(fmt::format("cannot fork for {}: {}", argv[0], std::strerror(errno)));
  }
  if (pid == 0) {
    // Child: only async-signal-safe calls until exec.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    dup2(out, 1);
    dup2(out, 2);
    execve(args[0], args.data(), environ);
    const char msg[] = "twinbench: exec failed\n";
    (void)!write(2, msg, sizeof msg - 1);
    _exit(127);
  }
  close(out);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR)
      throw UserError(fmt::format("waiting for {}: {}", argv[0], strerror(errno)));
  }
  return decode_status(status);
}

std::optional<std::filesystem::path> find_program(const std::string &name) {
  const char *path = std::getenv("PATH");
  const std::string dirs = path ? path : "/usr/bin:/bin";
  for (size_t start = 0; start <= dirs.size();) {
    size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    const std::filesystem::path candidate =
        std::filesystem::path(dirs.substr(start, end - start)) / name;
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return std::nullopt;
}

namespace {

Captured run_until(const std::vector<std::string> &argv, const std::vector<std::string> &env_extra,
                   double wall_seconds, bool tree) {
  if (access(argv[0].c_str(), X_OK) != 0) {
    throw UserError(fmt::format("cannot run {}: {}", argv[0], std::strerror(errno)));
  }
  Captured out;
  ChildProcess child(argv, env_extra, tree);
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::milliseconds(static_cast<int64_t>(wall_seconds * 1000));
  bool open = true;
  while (open) {
    pollfd p{child.output_fd(), POLLIN, 0};
    poll(&p, 1, 200);
    open = child.read_available(out.output);
    if (open && std::chrono::steady_clock::now() > deadline) {
      child.kill(SIGKILL);
      out.timed_out = true;
      child.read_available(out.output);
      break;
    }
  }
  out.status = child.wait();
  if (tree && out.timed_out) {
    // The group was killed before its leader was reaped; what the leader started may still be
    // dying: wait for it (up to a second: a zombie nobody reaps would answer for ever), so that
    // no file it writes changes after this returns.
    for (int i = 0; i < 100 && ::kill(-child.pid(), 0) == 0; i++) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  return out;
}

} // namespace

Captured run_captured(const std::vector<std::string> &argv,
                      const std::vector<std::string> &env_extra, double wall_seconds) {
  return run_until(argv, env_extra, wall_seconds, false);
}

Captured run_captured_tree(const std::vector<std::string> &argv,
                           const std::vector<std::string> &env_extra, double wall_seconds) {
  return run_until(argv, env_extra, wall_seconds, true);
}

} // namespace twinbench::cli
