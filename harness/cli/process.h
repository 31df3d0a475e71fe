// Running the fuzz and benchmark binaries: argv in, exit status out, output to a log file.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace twinbench::cli {

struct ExitStatus {
  int code = 0;   // exit code, when the process exited
  int signal = 0; // terminating signal, when it was killed
  bool ok() const { return code == 0 && signal == 0; }
  std::string describe() const;
};

// Runs argv[0] with stdout and stderr appended to `log`; throws UserError when it cannot start.
ExitStatus run_logged(const std::vector<std::string> &argv, const std::filesystem::path &log);

} // namespace twinbench::cli
