// The twinbench subcommands; each returns the process exit code.
#pragma once

#include <string>
#include <vector>

#include "project.h"

namespace twinbench::cli {

int list_command(const Project &project);

struct SmokeOptions {
  std::vector<std::string> components; // empty: all
  double fuzz_seconds = 5;
  double bench_min_time = 0.05;
};
int smoke_command(const Project &project, const SmokeOptions &options);

// The benchmark cases the bench binary registers, e.g. "base64/encode/64/c".
std::vector<std::string> list_bench_cases(const Project &project);

} // namespace twinbench::cli
