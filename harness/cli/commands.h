// The twinbench subcommands; each returns the process exit code.
#pragma once

#include <cstdint>
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

struct CrashesOptions {
  std::string campaign; // empty: every campaign
  bool json = false;
  bool fail_on_crash = false;
  fs::path db;
};
int crashes_command(const Project &project, const CrashesOptions &options);

struct ReproOptions {
  int64_t crash_id = 0;
  bool minimized = false;
  fs::path db;
};
int repro_command(const Project &project, const ReproOptions &options);

struct CorpusMergeOptions {
  std::string campaign; // empty: the latest
  fs::path db;
};
int corpus_merge_command(const Project &project, const CorpusMergeOptions &options);

// The benchmark cases the bench binary registers, e.g. "base64/encode/64/c".
std::vector<std::string> list_bench_cases(const Project &project);

} // namespace twinbench::cli
