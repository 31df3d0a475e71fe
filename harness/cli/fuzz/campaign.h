// `twinbench fuzz`: campaigns of fuzzing runs with one engine (engine.h), their samples and
// artifacts in the store, then triage of every artifact into deduplicated crashes.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "common/project.h"
#include "fuzz/limits.h"
#include "fuzz/triage.h"

namespace twinbench::cli {

struct FuzzOptions {
  std::vector<std::string> components; // empty: all
  std::vector<std::string> impls; // implementation names and/or "diff"; empty: every fuzz target
  // Seeded bug ids, or "all": a ground-truth campaign over the bugs' builds instead of the targets.
  std::vector<std::string> bugs;
  // The harness's own readers (harness/fuzz/self) instead of the components: runs of the
  // pseudo-component "harness", --impls naming its targets.
  bool harness = false;
  std::string engine = "libfuzzer"; // engine.h: libfuzzer, aflpp or all (kAllEngines)
  double budget_seconds = 600;      // per run
  int trials = 1;
  int jobs = 0;         // 0: the number of cores
  std::string campaign; // name of a new campaign (default: fuzz-<UTC time>)
  std::string resume;   // name of a campaign to continue
  // With resume: triage again the artifacts of every crash none of whose tries reproduced (after
  // a triage fix, or on a quieter machine), as ClusterFuzz retries its unreproducible testcases.
  bool retry_unreproduced = false;
  double timeout_seconds = kLibFuzzerTimeoutSeconds;
  long long rss_limit_mb = kLibFuzzerRssLimitMb;
  std::vector<std::string> extra_flags; // after "--": passed to every engine run
  bool fail_on_crash = false;
  int repro_tries = kReproTries;
  double minimize_seconds = 30;
  double sample_interval_seconds = 1;
  // Times into each run at which its corpus is kept (hard links in <run dir>/snapshots/<s>):
  // `twinbench coverage` measures each, for coverage over time. Only the times under the budget
  // count; a run resumed past one does not take it late.
  std::vector<double> snapshot_seconds = {60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 28800};
  std::filesystem::path db;
};

// Returns the process exit code: 0, 1 with --fail-on-crash and crashes, 130 when interrupted.
int fuzz_command(const Project &project, const FuzzOptions &options);

// "10m", "90s", "1h", "45" (seconds) -> seconds; UserError otherwise.
double parse_duration(const std::string &text);

} // namespace twinbench::cli
