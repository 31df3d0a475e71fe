// The fuzzing half of a campaign: every unfinished run of the campaign, `jobs` at a time, one
// process of the run's engine each (engine.h), restarted after every crash until its budget is
// spent. Progress, samples and artifacts go to the store as they come (every 2 s, in one
// transaction each).
#pragma once

#include <memory>
#include <vector>

#include "common/process.h"
#include "fuzz/campaign.h"
#include "fuzz/engine.h"
#include "fuzz/progress.h"
#include "store/store.h"

namespace twinbench::cli {

class Scheduler {
public:
  Scheduler(const Project &project, Store &store, CampaignRow campaign, const FuzzOptions &options);
  ~Scheduler();

  // Runs every unfinished run to its budget; false when interrupted.
  bool run();

private:
  struct ActiveRun;
  void launch(ActiveRun &run);
  void consume_output(ActiveRun &run);
  void on_line(ActiveRun &run, const std::string &line);
  void on_status(ActiveRun &run, const std::optional<FuzzerStatus> &status);
  // Progress from the files the engine keeps in the run's folder, when it keeps some.
  void read_engine_files(ActiveRun &run);
  // Process exited: record it, register artifacts, restart or finish. False: run is over.
  bool on_exit(ActiveRun &run, const ExitStatus &status);
  int register_artifacts(ActiveRun &run); // returns how many were new
  static double written_at(const ActiveRun &run, const std::filesystem::path &artifact);
  void flush(ActiveRun &run, bool force);
  // Keeps the corpus at each snapshot time the run has just passed (FuzzOptions).
  void take_snapshots(ActiveRun &run);

  const Project &project_;
  Store &store_;
  CampaignRow campaign_;
  const FuzzOptions &options_;
  ProgressDisplay progress_;
};

} // namespace twinbench::cli
