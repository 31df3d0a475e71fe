// `twinbench evidence`: the main job. Fuzzes every component and twin, benchmarks, and writes
// the report, on one of three budgets; the last line printed is the report's path.
#include <cmath>
#include <thread>

#include <fmt/format.h>

#include "commands.h"
#include "common/environment.h"
#include "fuzz/campaign.h"
#include "report/report.h"

namespace twinbench::cli {
namespace {

struct Budget {
  double fuzz_seconds; // per run
  int trials;
  int repetitions;
  double min_time;
};

Budget budget_named(const std::string &name) {
  // quick: a coffee break on 2 cores (README's first command); standard: an afternoon;
  // full: what goes to a decision (FuzzBench-style: 10 trials of an hour per target).
  if (name == "quick") return {60, 1, BenchOptions{}.repetitions, BenchOptions{}.min_time};
  if (name == "standard") return {600, 3, 30, 0.2};
  if (name == "full") return {3600, 10, 50, 0.5};
  throw UserError("unknown budget '" + name + "' (quick, standard, full)");
}

} // namespace

int evidence_command(const Project &project, const EvidenceOptions &options) {
  const Budget budget = budget_named(options.budget);
  const std::string name = "evidence-" + name_timestamp();
  const int jobs = options.jobs > 0 ? options.jobs : available_cores();
  size_t targets = 0;
  for (const auto &comp : project.components) targets += comp.fuzz_targets().size();
  const size_t runs = targets * static_cast<size_t>(budget.trials);
  const double fuzz_minutes =
      std::ceil(static_cast<double>(runs) / jobs) * budget.fuzz_seconds / 60;
  fmt::print("evidence {} ({} budget): {} fuzz runs of {:g} s, {} at a time (about {:.0f} min), "
             "then benchmarks ({} repetitions of {:g} s per case), then the report\n",
             name, options.budget, runs, budget.fuzz_seconds, jobs, fuzz_minutes,
             budget.repetitions, budget.min_time);
  std::fflush(stdout);

  FuzzOptions fuzz;
  fuzz.budget_seconds = budget.fuzz_seconds;
  fuzz.trials = budget.trials;
  fuzz.jobs = jobs;
  fuzz.campaign = name;
  fuzz.db = options.db;
  if (int code = fuzz_command(project, fuzz); code != 0) return code;

  BenchOptions bench;
  bench.repetitions = budget.repetitions;
  bench.min_time = budget.min_time;
  bench.name = name;
  bench.db = options.db;
  if (int code = bench_command(project, bench); code != 0) return code;

  ReportOptions report;
  report.campaign = name;
  report.bench = name;
  report.out = project.reports() / name;
  report.db = options.db;
  return report_command(project, report);
}

} // namespace twinbench::cli
