// Threats to validity: what the figures do not show, each said from the figures it qualifies
// (printed at the end of the methodology).
#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "report/report.h"
#include "report/report_text.h"
#include "report/sections.h"

namespace twinbench::cli {
namespace {

// "openssl and base64_crate for base64; cjson for json".
std::string baselines_text(const Benchmarks &bench) {
  std::vector<std::string> parts;
  for (const auto &[comp, impls] : bench.baselines) {
    std::string names;
    for (size_t i = 0; i < impls.size(); i++) {
      if (i > 0) names += i + 1 == impls.size() ? " and " : ", ";
      names += impls[i];
    }
    parts.push_back(names + " for " + comp);
  }
  return fmt::format("{}", fmt::join(parts, "; "));
}

} // namespace

std::vector<std::string> threat_sentences(const ReportModel &model) {
  std::vector<std::string> out;
  if (model.fuzzing) {
    const CampaignFacts &c = model.fuzzing->campaign;
    out.push_back(fmt::format(
        "Fuzzing ran {} trial(s) of {} per target. Crashes found are real, but finding none "
        "within this budget is weak evidence that none exist; FuzzBench-style comparisons use "
        "10-20 trials of hours.",
        c.trials, duration_text(c.budget_seconds)));
    out.push_back(fmt::format(
        "Coverage counts ({}) are not comparable between the C and the Rust binaries: the two "
        "compilers instrument code differently. Compare each twin's curve with itself (growth "
        "and plateau), not the heights.",
        c.engines.at(0).method.coverage));
    if (c.environment.build.rust_asan == false) {
      out.push_back("The Rust fuzz targets were built without AddressSanitizer (no nightly "
                    "toolchain): memory errors in Rust code would show only as crashes.");
    }
  }
  if (model.benchmarks) {
    const Benchmarks &b = *model.benchmarks;
    out.push_back(fmt::format("Benchmark noise: the largest coefficient of variation across "
                              "repetitions was {:.1f}% ({}).",
                              100 * b.worst_cv.cv, b.worst_cv.case_label));
    if (b.runs > 1) {
      out.push_back(fmt::format(
          "Between runs, one implementation's median in one case moved by up to {:.1f}% ({}); "
          "the verdicts rest on that variation, estimated from {} runs (a t interval on {} "
          "degrees of freedom is wide, and assumes the runs' log ratios are roughly normal).",
          100 * b.worst_run_shift.cv, b.worst_run_shift.case_label, b.runs, b.runs - 1));
    } else {
      out.push_back("Intervals describe the variation within this one run; how far a whole run "
                    "shifts on this machine is not measured by it. Run `twinbench bench --runs "
                    "5` before quoting a ratio; instruction counts (twinbench bench --measure "
                    "instructions) do not shift.");
    }
    out.push_back("One machine, one compiler version per language, one benchmark binary with "
                  "both twins linked in: the figures hold for this machine, not in general.");
    if (b.library && b.library->build_type != "release") {
      out.push_back(fmt::format(
          "Google Benchmark{} reports library_build_type \"{}\" (its own checks on): its "
          "bookkeeping per iteration is slower than a release build's, which lowers short "
          "cases' throughput; it is the same code around every implementation, but its cost is "
          "not measured here.",
          b.library->version.empty() ? "" : " " + b.library->version, b.library->build_type));
    }
    if (!b.baselines.empty()) {
      out.push_back(fmt::format("Baselines ({}) are timed on canonical input only, after their "
                                "output was checked; their error handling is not the twins'.",
                                baselines_text(b)));
    }
  }
  if (model.instructions) {
    out.push_back("Instruction counts are not time: they ignore branch mispredictions, the "
                  "memory system beyond callgrind's simulated caches, and how many instructions "
                  "a core retires per cycle, so a wider SIMD instruction or a mispredicted "
                  "branch weighs like any other. Fewer instructions usually, not always, mean "
                  "faster; use them to see that a difference is real, the MB/s for its size. "
                  "A library that picks its code by the CPU it runs on (simdjson, httparse) "
                  "picks under callgrind by valgrind's emulated CPU (no AVX-512), so its count "
                  "can be of another code path than its MB/s.");
  }
  if (model.ground_truth) {
    const GroundTruth &truth = *model.ground_truth;
    out.push_back("The seeded bugs are ours: written by the authors of the twins and of the "
                  "drivers, in components this small. They show what each language does with "
                  "one given mistake, not how often engineers make it, nor how real libraries "
                  "fare; that evidence comes from real C libraries and their Rust counterparts "
                  "under the same drivers, reported separately.");
    out.push_back("Overflow checks differ between builds: the fuzz builds have them (Rust with "
                  "-Cdebug-assertions; C's UBSan sees signed overflow only, and unsigned "
                  "wrap-around is defined in C), the release builds do not. An integer mistake "
                  "that panics while fuzzing Rust wraps silently in Rust's release build, as in "
                  "C's; the release column shows what ships.");
    out.push_back("A C release build's reaction to use-after-free, double free and stack "
                  "exhaustion depends on glibc's allocator and the stack layout of this "
                  "machine: 'no visible effect' there means this run showed none, not that the "
                  "build is safe.");
    if (truth.campaign) {
      int sides = 0, at_once = 0;
      for (const auto &e : truth.bugs) {
        for (const BugSide *s : {&e.c, &e.rust}) {
          if (s->trials == 0) continue;
          sides++;
          // Triggered in every trial within two seconds: by the seeds, before any search.
          at_once += s->triggered == s->trials && s->survival && !s->times.empty() &&
                     std::all_of(s->times.begin(), s->times.end(),
                                 [](const stats::Trial &t) { return t.detected && t.seconds < 2; });
        }
      }
      out.push_back(fmt::format(
          "In {} of the {} fuzzed (bug, language) pairs every trial detected the bug within 2 "
          "seconds, while the fuzzer was still running the seed corpus: those times measure the "
          "seeds and the driver, not the fuzzer's search. Times are wall-clock seconds on a "
          "shared machine with {} runs at once; a language whose build executes more slowly "
          "needs more time for the same number of inputs.",
          at_once, sides, truth.campaign->jobs));
      if (truth.campaign->trials < 5) {
        out.push_back(fmt::format("The ground-truth campaign ran {} trial(s) per bug and "
                                  "language: too few for its intervals or log-rank tests to "
                                  "mean much (standard evidence runs 5, full 10).",
                                  truth.campaign->trials));
      }
    }
  }
  auto dirty = [&](const Environment &env, const char *what) {
    if (!env.git_dirty) return;
    out.push_back(fmt::format("The {} ran on a checkout with uncommitted changes (revision {} "
                              "plus local edits).",
                              what, env.git_revision));
  };
  if (model.fuzzing) dirty(model.fuzzing->campaign.environment, "campaign");
  if (model.benchmarks) dirty(model.benchmarks->run.environment, "benchmark run");
  if (model.instructions) dirty(model.instructions->environment, "instruction count");
  return out;
}

} // namespace twinbench::cli
