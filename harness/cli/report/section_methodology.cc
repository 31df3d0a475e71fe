// The methodology (how every figure was made, each setting quoted from the code that applies
// it), the threats to validity, and the commands that reproduce the report.
#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "bench/bench_results.h"
#include "commands.h"
#include "report/report.h"
#include "report/report_text.h"
#include "report/sections.h"

namespace twinbench::cli {
namespace {

// How the speed verdicts were reached: across runs, or within the one run there was.
std::string statistics_text(const Benchmarks &b, const Methodology &m) {
  const std::string faster = verdict_text(stats::Verdict::second_faster, "C", "Rust"),
                    slower = verdict_text(stats::Verdict::first_faster, "C", "Rust"),
                    neither = verdict_text(stats::Verdict::no_difference, "C", "Rust");
  const std::string correction = fmt::format(
      "Holm's correction over all {} comparisons of this report (twins via the API and natively, "
      "the FFI's share, library pairs) keeps the chance of any false verdict at {:g}. A12 "
      "(Vargha-Delaney) is the chance "
      "that a Rust repetition outran a C one: 0.5 none, 0.56/0.64/0.71 small/medium/large.",
      b.comparisons, m.alpha);
  if (b.runs > 1) {
    return fmt::format(
        "Statistics across {0} runs: repetitions within a run share its machine state, so the "
        "run is the unit. Each implementation's figure is the geometric mean of the runs' medians "
        "with a {1} Student t interval on the log scale ({2} degrees of freedom); the Rust/C "
        "ratio is exp of the mean of the runs' log(Rust median / C median), C and Rust measured "
        "in the same run, with its t interval; the test is the one-sample t-test of those log "
        "ratios. Verdict: \"{3}\" or \"{4}\" when the Holm-adjusted p < {5:g} and the ratio "
        "differs from 1 by at least {6}; otherwise \"{7}\". {8}",
        b.runs, percent_text(m.confidence), b.runs - 1, faster, slower, m.alpha,
        percent_text(m.noise), neither, correction);
  }
  return fmt::format(
      "Statistics within one run: the median of the repetitions with a {0} percentile bootstrap "
      "interval ({1} resamples, fixed seed); the Rust/C ratio of medians with a bootstrap "
      "interval; a two-sided Mann-Whitney U test over the repetitions (exact without ties up to "
      "{2} repetitions in all). Repetitions of one run share its machine state, so these "
      "verdicts (\"{3}\", \"{4}\" when the Holm-adjusted p < {5:g} and the ratio differs from 1 "
      "by at least {6}) say what this run saw, not what the next run will: the summary does not "
      "count them. `twinbench bench --runs 5` gives verdicts across runs. {7}",
      percent_text(m.confidence), grouped(m.bootstrap_resamples), m.exact_test_max, faster, slower,
      m.alpha, percent_text(m.noise), correction);
}

// "Compiled as read from the build (twinbench build-flags --preset bench): C -O3, no LTO
// (`-O3`): base64/c, json/c; Rust opt-level=3, no LTO (`-Copt-level=3 ...`): base64/rust. Alike:
// ..." — one clause per distinct setting, so a difference between the sides shows.
std::string build_flags_text(const BuildFlags &flags) {
  if (flags.implementations.empty()) {
    return "Per-implementation flags: not recorded with this run (a store written before "
           "build-flags, or a build without compile_commands.json).";
  }
  std::map<std::string, std::vector<std::string>> groups; // "C -O3, no LTO (`flags`)" -> impls
  for (const auto &f : flags.implementations) {
    groups[fmt::format("{} {} (`{}`)", f.language == "rust" ? "Rust" : "C", optimisation_text(f),
                       fmt::join(f.flags, "` or `"))]
        .push_back(f.component + "/" + f.impl);
  }
  std::vector<std::string> clauses;
  for (const auto &[setting, impls] : groups) {
    clauses.push_back(fmt::format("{}: {}", setting, fmt::join(impls, ", ")));
  }
  const auto problems = parity_problems(flags);
  return fmt::format(
      "Compiled as read from the build (twinbench build-flags --preset {}: compile_commands.json "
      "for C, the rustc command lines cargo ran for Rust; each implementation's own files and "
      "crates, not the harness's): {}. {}",
      flags.preset, fmt::join(clauses, "; "),
      problems.empty() ? "Both languages at one optimisation level and one LTO setting "
                         "(docs/ARCHITECTURE.md, \"Build parity\")."
                       : "Not alike: " + fmt::format("{}", fmt::join(problems, "; ")) + ".");
}

// How the campaign's engines ran, each in its own words (fuzz/engine.h, EngineMethod), joined:
// "libFuzzer: ...; AFL++: ...".
std::string engine_parts_text(const CampaignFacts &c, std::string EngineMethod::*part) {
  std::vector<std::string> out;
  for (const auto &e : c.engines) {
    out.push_back(c.engines.size() > 1 ? e.method.title + ": " + e.method.*part : e.method.*part);
  }
  return fmt::format("{}", fmt::join(out, "; "));
}

// "libFuzzer", "libFuzzer and AFL++".
std::string engine_titles(const CampaignFacts &c) {
  std::vector<std::string> titles;
  for (const auto &e : c.engines) titles.push_back(e.method.title);
  return fmt::format("{}", fmt::join(titles, " and "));
}

// The methodology as (heading, paragraphs) so both renderers say the same words; every setting
// comes from the model, which takes it from the code that applies it.
std::vector<std::pair<std::string, std::vector<std::string>>>
methodology_paragraphs(const ReportModel &model) {
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  const Methodology &m = model.methodology;
  if (model.fuzzing) {
    const CampaignFacts &c = model.fuzzing->campaign;
    const Environment &env = c.environment;
    const BuildInfo &build = env.build;
    const std::string compiler =
        !env.clang.empty() ? env.clang : build.c_compiler.value_or("clang");
    out.push_back(
        {"Fuzzing",
         {fmt::format("Compiled with {}: {} trial(s) of {:g} s per target{}, {} at a time; "
                      "per-input timeout {:g} s, memory limit {} MB; corpus seeded from "
                      "corpora/<component>/seeds with the component's dictionary{}. {}: {}.",
                      compiler, c.trials, c.budget_seconds,
                      c.engines.size() > 1 ? " and engine" : "", c.jobs, c.timeout_seconds,
                      c.rss_limit_mb,
                      c.extra_flags.empty()
                          ? ""
                          : fmt::format("; extra engine flags: {}", fmt::join(c.extra_flags, " ")),
                      c.engines.size() > 1 ? "Each engine's runs" : "The runs",
                      engine_parts_text(c, &EngineMethod::process)),
          fmt::format("Targets per component: fuzz_<component>_c and _rust check each twin "
                      "against the spec's invariants; _diff runs both twins on every input and "
                      "reports any difference as a divergence. C flags: {}. Rust flags: {} "
                      "(toolchain {}, AddressSanitizer in Rust: {}).",
                      or_unknown(build.c_flags), or_unknown(build.rustflags),
                      or_unknown(build.rust_toolchain),
                      build.rust_asan ? (*build.rust_asan ? "yes" : "no") : "?"),
          build_flags_text(env.flags),
          fmt::format("Triage: every artifact is re-run {} times with the symbolizer; classified "
                      "by sanitizer report (ASan type and access, UBSan check, Rust panic site, "
                      "stack overflow, timeout, OOM, leak, divergence, spec violation); "
                      "deduplicated on crash type plus the top {} frames in project code; "
                      "minimised with -minimize_crash.",
                      m.repro_tries, m.signature_frames)}});
  }
  if (model.ground_truth) {
    const GroundTruth &truth = *model.ground_truth;
    std::vector<std::string> paragraphs;
    paragraphs.push_back(fmt::format(
        "The seeded bugs ({} in docs/bugs.md) are mistakes chosen by twinbench's authors (a "
        "selection, not a sample of real code), each made at the same spec clause in the C and "
        "the Rust twin (or, for a mistake at the C boundary, its FFI glue) behind a switch "
        "(TB_BUG_<ID> in C, the Cargo "
        "feature bug-<id> in Rust), one bug per build so that a shallow bug cannot mask another. "
        "Every Rust bug build is tried, whatever the catalogue expects: a refusal counts as a "
        "compile error only with the catalogue's rustc error code and span (its diagnostic is "
        "quoted below), anything else as a harness failure. What Rust did is said in four "
        "words: not expressible in safe Rust (refused, and the catalogue names the rule that "
        "makes the mistake unwritable; each such entry's idiomatic spelling that compiles is a "
        "bug of its own), refused plausible code (refused, the code being what a Rust "
        "programmer writes), caught at run time (a panic, or the process killed), silent (it "
        "ran on: corruption, leak, wrong result, hang or no visible effect).",
        truth.bugs.size()));
    if (truth.campaign) {
      const CampaignFacts &c = *truth.campaign;
      paragraphs.push_back(fmt::format(
          "Ground-truth campaign {}: {} trial(s) of {} per bug and language, {} at a time, "
          "{} with the component's seeds (less any file equal to the bug's witness) and "
          "dictionary, per-input timeout {:g} s, memory limit {} MB, the engine's builds (C: "
          "ASan+UBSan; Rust: {}; for a data race ThreadSanitizer on both sides, Rust's standard "
          "library uninstrumented). A bug build's canary records when the bug's site is first "
          "reached and when the mistake first takes effect (triggered). A trial ends at its "
          "first finding; it counts as a detection of the bug when re-running the finding's "
          "input triggers the bug's canary (Magma's distinction), and its time is {}, in seconds "
          "into the run on the same clock as the canary's reached and triggered records (a hang "
          "is found only after the per-input timeout); its executions are {}. A trial "
          "without a detection is censored at the budget, or when a finding "
          "unrelated to the bug ended it.",
          c.name, c.trials, seconds_text(c.budget_seconds), c.jobs, engine_titles(c),
          c.timeout_seconds, c.rss_limit_mb, engine_parts_text(c, &EngineMethod::found_at),
          engine_parts_text(c, &EngineMethod::executions),
          c.environment.build.rust_asan.value_or(false)
              ? "AddressSanitizer, overflow checks on (-Cdebug-assertions)"
              : "overflow checks on (-Cdebug-assertions), no AddressSanitizer"));
    }
    paragraphs.push_back(
        "Time to detection is summarised as survival over trials: the Kaplan-Meier estimate of "
        "the fraction of trials not yet detected, Greenwood's variance on the log(-log) scale "
        "for a pointwise 95% band, the median time (R's rule: the midpoint of a flat at exactly "
        "one "
        "half) with the Brookmeyer-Crowley interval (where "
        "the band crosses one half; \"-\" when it never does within the budget), and a "
        "log-rank test of C against Rust (chi-square, 1 degree of freedom). The estimator is "
        "tested against the Freireich leukaemia data as published. Trials: quick evidence runs "
        "a smoke-sized campaign (intervals there mean little); standard runs 5 trials and full "
        "10 per bug and language. A median exists only when the curve falls to one half within "
        "the budget; the restricted mean time to detection up to the budget (RMST, Magma's "
        "measure: the area under the curve, with the Klein-Moeschberger variance, tested "
        "against R's rmean of the same data) exists always, and is the budget itself when no "
        "trial detected. 5 of 5 detections still leaves a 95% Clopper-Pearson interval of "
        "[" +
        fmt::format("{:.2f}", std::pow(0.025, 1.0 / 5)) +
        ", 1] for the detection rate "
        "([" +
        fmt::format("{:.2f}", std::pow(0.025, 1.0 / 10)) +
        ", 1] with 10 of 10). "
        "Executions to "
        "detection are summarised the same way: the engine's count of inputs run at the finding "
        "(as above), censored at the count a trial without detection reached. A build twice as "
        "fast halves the "
        "seconds, not the executions: the two side by side separate the languages' build speed "
        "from how soon the mistake shows.");
    paragraphs.push_back(
        "Release consequences: the witness is replayed through each side's release build of "
        "the bug (the benchmark preset: C -O3 without sanitizers, Rust's release profile, "
        "overflow checks off) by a driver that surrounds the caller's buffers with guard bytes "
        "and runs twice with two fill bytes; the outcome is the worst of memory corruption "
        "(guard bytes changed), data leak (output depends on the fill), wrong result (differs "
        "from the correct twin), crash, panic, hang (time limit, or over 1 s and 50 times the "
        "correct twin) or none; valgrind memcheck runs the same replay with exact allocations.");
    out.push_back({"Ground truth: seeded bugs", paragraphs});
  }
  if (model.benchmarks) {
    const Benchmarks &b = *model.benchmarks;
    const BenchRunFacts &r = b.run;
    const BuildInfo &build = r.environment.build;
    std::string schedule;
    if (r.interleaved) schedule += ", repetitions of all cases randomly interleaved";
    if (r.pin >= 0) schedule += fmt::format(", pinned to CPU {}", r.pin);
    std::string pooling;
    if (!r.pooled.empty()) {
      pooling = fmt::format(" Stored runs taken together: {} ({}), each of one build.",
                            r.pooled.size(), fmt::join(r.pooled, ", "));
    }
    out.push_back(
        {"Benchmarks",
         {fmt::format("Google Benchmark{}, one binary holding both twins and the baselines; {} "
                      "run(s) of the binary, each a new process, with {} repetitions of at least "
                      "{:g} s per "
                      "case{}. Throughput is MB/s: 10^6 bytes "
                      "of input consumed per second of the calling thread's CPU time, of the "
                      "process's CPU time for an implementation that works on threads of its "
                      "own, or of wall time for a case whose own threads wait on each other "
                      "(each case's basis is in the table of every case). Every "
                      "implementation's output is checked before it is timed.{}",
                      b.library && !b.library->version.empty() ? " " + b.library->version : "",
                      b.runs, r.repetitions, r.min_time, schedule, pooling),
          fmt::format("Build: C {}; Rust {} ({}{}).", or_unknown(build.c_flags),
                      or_unknown(build.rustflags), or_unknown(build.rust_toolchain),
                      build.rust_profile ? ", Cargo profile " + *build.rust_profile : ""),
          build_flags_text(r.environment.flags), statistics_text(b, m)}});
  }
  if (model.instructions) {
    const Instructions &counted = *model.instructions;
    out.push_back(
        {"Instruction counts",
         {fmt::format(
              "Run {}: the same benchmark binary inside valgrind's callgrind, with "
              "instrumentation and collection off except around each case's measured loop. A "
              "case runs its operation once to warm callgrind's simulated caches, then a fixed "
              "number of times (enough for 1 MiB of input, at least twice) while callgrind counts. "
              "The figures are per byte of input: instructions executed (Ir) and an estimate of "
              "cycles, iai-callgrind's: L1 hits + 5 x last-level hits + 35 x memory accesses, "
              "from callgrind's simulation of a fixed cache (32 KiB 8-way L1 instruction and "
              "data caches, 8 MiB 16-way last level, 64-byte lines), the same on every machine.",
              counted.name),
          fmt::format("Two runs of one build count the same instructions whatever the machine's "
                      "load, so the Rust/C instruction ratio needs no interval, and `twinbench "
                      "bench --compare` of two instruction runs flags any change over its "
                      "threshold ({} unless --threshold says otherwise) without false alarms "
                      "from noise.",
                      percent_text(BenchOptions{}.threshold_percent / 100))}});
  }
  return out;
}

} // namespace

namespace sections {

doc::Section methodology(const ReportModel &model) {
  doc::Section s{"methodology", "Methodology", {}};
  for (const auto &[heading, paragraphs] : methodology_paragraphs(model)) {
    doc::add(s.blocks, doc::Heading{heading, "", 3});
    for (const auto &p : paragraphs) doc::add(s.blocks, doc::Paragraph{p, false});
  }
  doc::add(s.blocks, doc::Heading{"Threats to validity", "", 3});
  doc::add(s.blocks, doc::Bullets{model.threats});
  return s;
}

} // namespace sections
} // namespace twinbench::cli
