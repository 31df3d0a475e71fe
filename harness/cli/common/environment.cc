#include "common/environment.h"

#include <algorithm>
#include <fstream>
#include <sched.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "common/build_flags.h"
#include "common/process.h"

namespace twinbench::cli {

namespace {

std::string first_line(const std::string &s) {
  auto end = s.find('\n');
  return s.substr(0, end);
}

// First line of a command's output, or "" when it cannot run.
std::string version_of(const std::vector<std::string> &argv) {
  try {
    Captured c = run_captured(argv, {}, 20);
    return c.status.ok() ? first_line(c.output) : "";
  } catch (const std::exception &) {
    return "";
  }
}

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
  }
  return "";
}

} // namespace

nlohmann::json capture_environment(const Project &project, const std::string &preset) {
  nlohmann::json env;
  std::ifstream info(project.root / "build" / preset / "build-info.json");
  env["build"] = info ? nlohmann::json::parse(info, nullptr, false) : nlohmann::json::object();
  // Each implementation's flags as this build compiled it, kept with the run it measured.
  try {
    env["build_flags"] = to_json(read_build_flags(project, project.root / "build" / preset));
  } catch (const std::exception &e) {
    env["build_flags_error"] = e.what();
  }
  env["clang"] = version_of({"/usr/bin/clang-19", "--version"});
  const std::string cargo_home = std::string(getenv("HOME") ? getenv("HOME") : "") + "/.cargo/bin";
  env["rustc_stable"] = version_of({cargo_home + "/rustc", "+stable", "--version"});
  env["rustc_nightly"] = version_of({cargo_home + "/rustc", "+nightly", "--version"});
  env["cpu"] = cpu_model();
  struct utsname u{};
  if (uname(&u) == 0) env["kernel"] = std::string(u.sysname) + " " + u.release;
  env["cores"] = available_cores();
  env["git_revision"] =
      version_of({"/usr/bin/git", "-C", project.root.string(), "rev-parse", "HEAD"});
  env["git_dirty"] =
      !version_of({"/usr/bin/git", "-C", project.root.string(), "status", "--porcelain"}).empty();
  return env;
}

int available_cores() {
  // The CPUs this process may run on (taskset, cgroups' cpusets), not all the machine has.
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) return std::max(1, CPU_COUNT(&set));
  return static_cast<int>(std::max(1L, sysconf(_SC_NPROCESSORS_ONLN)));
}

} // namespace twinbench::cli
