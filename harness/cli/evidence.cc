// `twinbench evidence`: the main job. Fuzzes every component and twin, benchmarks, and writes
// the report, on one of three budgets; the last line printed is the report's path.
#include <algorithm>
#include <cmath>
#include <map>
#include <thread>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "bench/bench_results.h"
#include "commands.h"
#include "common/environment.h"
#include "fuzz/campaign.h"
#include "report/report.h"
#include "store/store.h"

namespace twinbench::cli {
namespace {

struct Budget {
  double fuzz_seconds; // per run
  int trials;
  int bench_runs;  // of the benchmark binary: speed verdicts come from their variation
  int repetitions; // per case and run
  double min_time;
  // The ground-truth campaign over the seeded bugs: every bug, or one per component.
  bool every_bug;
  double bug_seconds; // per run; a run ends at its first detection
  int bug_trials;
  // Instruction counts of the baselines too (callgrind runs simdjson, yajl, ... at ~100x).
  bool count_baselines;
  // Triage: reproduction tries per artifact, and seconds of libFuzzer's -minimize_crash per
  // new crash.
  int repro_tries;
  double minimize_seconds;
  // The release replays of the seeded bugs: seconds before a replay counts as a hang (the
  // correct twins take milliseconds on every witness).
  double replay_timeout;
};

Budget budget_named(const std::string &name) {
  // quick: a coffee break on 2 cores, first build included (README's first command: 5 s per
  // fuzz target, 15 s per seeded-bug run and 0.01 s per benchmark repetition for 35 targets,
  // 184 benchmark cases and 33 seeded bugs' release replays (a hang at 5 s), beside the three
  // presets' first builds, which take half of it; 5 runs of the benchmark binary, the fewest that
  // give a verdict across runs some power, of 3 repetitions each; a run of the binary takes 16 s at
  // 0.01 s and 24 s at 0.02 s); standard: an afternoon; full: what goes to a decision
  // (FuzzBench-style: 10 trials of an hour per target). The seeded bugs: quick shows the machinery
  // on a few; standard runs the 5 trials per bug and language that make a median meaningful at all,
  // within about 2 hours on 2 cores; full 10.
  // quick triages each artifact with one try (its reliability then reads 1/1) and minimizes for
  // 3 s: a 5-second run that meets a shallow bug restarts and finds it again a dozen times.
  if (name == "quick") return {5, 1, 5, 3, 0.01, false, 15, 2, false, 1, 3, 5};
  if (name == "standard") return {600, 3, 5, 6, 0.2, true, 90, 5, true, kReproTries, 30, 10};
  if (name == "full") return {3600, 10, 10, 5, 0.5, true, 600, 10, true, kReproTries, 60, 10};
  throw UserError("unknown budget '" + name + "' (quick, standard, full)");
}

// One bug per component for the quick budget: the one whose class comes first in the
// catalogue's order (memory-safety classes first), so the few runs show the contrast.
std::vector<std::string> quick_bugs(const Project &project) {
  std::map<std::string, const Bug *> first;
  auto rank = [](const Bug &b) {
    return std::find(kBugClasses.begin(), kBugClasses.end(), b.bug_class) - kBugClasses.begin();
  };
  for (const auto &bug : project.bugs) {
    auto &slot = first[bug.component];
    if (!slot || rank(bug) < rank(*slot)) slot = &bug;
  }
  std::vector<std::string> ids;
  for (const auto &[comp, bug] : first) ids.push_back(bug->id);
  return ids;
}

// The seeded bugs the budget's ground-truth campaign fuzzes.
std::vector<std::string> fuzzed_bugs(const Budget &budget, const Project &project) {
  return budget.every_bug ? std::vector<std::string>{"all"} : quick_bugs(project);
}

} // namespace

int evidence_command(const Project &project, const EvidenceOptions &options) {
  const Budget budget = budget_named(options.budget);
  if (options.print_fuzz_bug_targets) {
    for (const Bug *bug : project.bugs.empty()
                              ? std::vector<const Bug *>{}
                              : project.select_bugs(fuzzed_bugs(budget, project))) {
      for (const auto &[configuration, impl] : project.bug_configurations(*bug)) {
        fmt::print("{}\n", project.bug_binary(*bug, impl).filename().string());
      }
    }
    return 0;
  }
  {
    // The store first: one that cannot be opened is refused before anything is planned or run.
    const fs::path db = options.db.empty() ? project.default_store() : options.db;
    fs::create_directories(db.parent_path());
    Store store(db);
  }
  const std::string name = "evidence-" + name_timestamp();
  const int jobs = options.jobs > 0 ? options.jobs : available_cores();
  size_t targets = 0;
  for (const auto &comp : project.components) targets += comp.fuzz_targets().size();
  const size_t runs = targets * static_cast<size_t>(budget.trials);
  const double fuzz_minutes =
      std::ceil(static_cast<double>(runs) / jobs) * budget.fuzz_seconds / 60;
  fmt::print("evidence {} ({} budget): {} fuzz runs of {:g} s, {} at a time (about {:.0f} min), "
             "their corpora's coverage, then the seeded bugs ({}: release replays, then {} "
             "trial(s) of at most {:g} s per "
             "bug and language), then benchmarks ({} runs of {} repetitions of {:g} s per case, "
             "then their "
             "instructions under callgrind), then the report\n",
             name, options.budget, runs, budget.fuzz_seconds, jobs, fuzz_minutes,
             budget.every_bug ? "all" : fmt::format("{}", fmt::join(quick_bugs(project), ",")),
             budget.bug_trials, budget.bug_seconds, budget.bench_runs, budget.repetitions,
             budget.min_time);
  std::fflush(stdout);

  FuzzOptions fuzz;
  fuzz.budget_seconds = budget.fuzz_seconds;
  fuzz.trials = budget.trials;
  fuzz.jobs = jobs;
  fuzz.campaign = name;
  fuzz.db = options.db;
  fuzz.repro_tries = budget.repro_tries;
  fuzz.minimize_seconds = budget.minimize_seconds;
  if (int code = fuzz_command(project, fuzz); code != 0) return code;
  // How much of each implementation's own code the campaign's final corpora execute. A run it
  // cannot measure is named and left out; the evidence goes on.
  CoverageOptions coverage;
  coverage.campaign = name;
  coverage.db = options.db;
  coverage.html_pages = true; // where the report links them
  if (coverage_command(project, coverage) != 0) {
    fmt::print("evidence: coverage is missing for the runs named above; the report shows the "
               "rest\n");
  }

  // The seeded bugs: what each language's release build does with them, then how fast
  // fuzzing catches them in the sanitized builds.
  const std::string ground_truth = name + "-bugs";
  if (!project.bugs.empty()) {
    ConsequencesOptions consequences;
    consequences.db = options.db;
    consequences.jobs = jobs;
    consequences.timeout_seconds = budget.replay_timeout;
    if (int code = consequences_command(project, consequences); code != 0) return code;
    FuzzOptions bugs;
    bugs.bugs = fuzzed_bugs(budget, project);
    bugs.budget_seconds = budget.bug_seconds;
    bugs.trials = budget.bug_trials;
    bugs.jobs = jobs;
    bugs.campaign = ground_truth;
    bugs.db = options.db;
    bugs.repro_tries = budget.repro_tries;
    if (int code = fuzz_command(project, bugs); code != 0) return code;
    // Whether each run's corpus executed its bug's site, beside what the canary saw.
    CoverageOptions sites;
    sites.campaign = ground_truth;
    sites.db = options.db;
    if (coverage_command(project, sites) != 0) {
      fmt::print("evidence: the bug sites' coverage has the problems named above; the report "
                 "shows what was measured\n");
    }
  }

  BenchOptions bench;
  bench.runs = budget.bench_runs;
  bench.repetitions = budget.repetitions;
  bench.min_time = budget.min_time;
  bench.name = name;
  bench.db = options.db;
  if (int code = bench_command(project, bench); code != 0) return code;
  // The same cases counted in instructions: the figure a busy machine cannot move.
  BenchOptions counted;
  counted.measure = "instructions";
  if (!budget.count_baselines) counted.impls = {"c", "rust", c_native_impl, rust_native_impl};
  counted.name = name + "-instructions";
  counted.db = options.db;
  if (int code = bench_command(project, counted); code != 0) return code;

  ReportOptions report;
  report.campaign = name;
  if (!project.bugs.empty()) report.ground_truth = ground_truth;
  report.bench = name;
  report.instructions = counted.name;
  report.out = project.reports() / name;
  report.db = options.db;
  return report_command(project, report);
}

} // namespace twinbench::cli
