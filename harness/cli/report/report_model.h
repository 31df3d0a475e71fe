// The report's model: every figure and fact the report shows, typed. report_model() computes it
// from the store once; to_json() writes it as report.json (the only place it meets JSON), and the
// renderers format it. Sentences are filled from these fields, never from literals, so a fact
// that changes (a baseline, a limit, a statistical setting) changes the text with it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench/bench_results.h"
#include "bench/instructions.h"
#include "bench/stats.h"
#include "bugs/survival.h"
#include "common/build_flags.h"
#include "fuzz/engine.h"
#include "fuzz/triage.h"
#include "report/code_census.h"
#include "report/field_evidence.h"

namespace twinbench::cli {

// build/<preset>/build-info.json as recorded with the run; fields an older store lacks are empty.
struct BuildInfo {
  std::optional<std::string> mode, c_compiler, c_flags, rust_toolchain, rust_profile, rustflags;
  std::optional<bool> rust_asan;
};

struct Environment {
  std::string cpu;
  int64_t cores = 0;
  std::string kernel, clang, rustc_stable, rustc_nightly, git_revision;
  bool git_dirty = false;
  BuildInfo build;
  BuildFlags flags; // each implementation's, read from the build when the run was made
};

// --- fuzzing -------------------------------------------------------------------------------

// An engine a campaign fuzzed with: its name in the store and how its runs are made.
struct CampaignEngine {
  std::string name;
  EngineMethod method;
};

struct CampaignFacts {
  std::string name, created, status;
  // Its engines, the first the one whose runs the per-target figures, charts and a seeded bug's
  // main detection columns come from (fuzz --engine all has several).
  std::vector<CampaignEngine> engines;
  double budget_seconds = 0; // per run
  int trials = 0, jobs = 0;
  std::vector<std::string> components, impls, extra_flags;
  double timeout_seconds = 0;
  int64_t rss_limit_mb = 0;
  Environment environment;
};

// One run's coverage over time, thinned to a chart's resolution.
struct CoverageSeries {
  std::string component, impl;
  int trial = 0;
  size_t samples = 0;                             // before thinning
  std::vector<std::pair<double, int64_t>> points; // (seconds, cov)
};

// One fuzz target (component, impl) over all its trials.
struct TargetFigures {
  size_t runs = 0;
  int64_t execs = 0;
  double seconds = 0, execs_per_second = 0;
  int64_t final_cov_median = 0, final_cov_min = 0, final_cov_max = 0;
};

struct CrashTally {
  int total = 0;
  std::map<std::string, int> by_class;
};

// Keyed by component, then by impl (targets) or owner (crashes: c, rust, both, harness).
template <typename T> using ByComponent = std::map<std::string, std::map<std::string, T>>;

struct Fuzzing {
  CampaignFacts campaign;
  // The first engine's runs: engines count coverage and executions differently, so one table
  // or chart holds one engine's. The other engines' runs appear in the crashes they found.
  std::vector<CoverageSeries> coverage_series;
  ByComponent<TargetFigures> by_component;
  ByComponent<CrashTally> crash_counts; // every engine's crashes
  double seconds_all_engines = 0;       // the fuzzing time of every run, every engine's
};

struct FirstSeen {
  double elapsed_seconds = 0; // into the run
  std::string by;             // e.g. "fuzz_base64_c trial 1"
};

struct Crash {
  int64_t id = 0;
  std::string signature, component, side, crash_class, type;
  std::vector<std::string> frames;
  std::string first_seen;
  int64_t count = 0;
  double reliability = 0;
  std::string binary, input; // relative to the project root when inside it
  // The implementation whose target found it: "the C twin", "libpng", "the differential target".
  std::string found_by;
  bool input_minimized = false;
  size_t input_size = 0;
  std::string input_dump; // hex dump of at most Methodology::input_dump_limit bytes
  bool input_dump_cut = false;
  std::string reproduce, reproduce_direct;
  std::optional<FirstSeen> first_seen_at;
  // Every campaign that recorded its signature, this one included: "name (origin)", where
  // origin is local or what `twinbench import` brought in (ClusterFuzzLite).
  std::vector<std::string> found_in;
  // Of a campaign with several engines: the titles of those whose runs found it, in the
  // campaign's order ("libFuzzer", "AFL++"); empty for a campaign of one engine.
  std::vector<std::string> engines;
};

// --- benchmarks ----------------------------------------------------------------------------

struct BenchRunFacts {
  std::string name, created;
  int repetitions = 0;
  double min_time = 0;
  int pin = -1;
  std::vector<std::string> components, command;
  Environment environment;
  bool interleaved = false; // the command asked Google Benchmark for random interleaving
  // The runs pooled (this one first), when the report pools several runs of one build.
  std::vector<std::string> pooled;
};

struct ImplFigures {
  std::string impl;
  size_t repetitions = 0;
  stats::Estimate median_mbps;
  double cv = 0;            // coefficient of variation across repetitions
  std::vector<double> mbps; // every repetition of every run
  RunSamples by_run;        // the same, by run of the benchmark binary
  std::string timing;       // "cpu", "process-cpu" or "wall": what MB/s was timed by
};

// A Rust implementation against a C one in one case: the twins, the Rust twin's native loop, or
// a library pair. Holm-corrected over every such comparison of the report.
struct RustVsC : stats::Comparison {
  std::string c = "C", rust = "Rust";  // the two sides' names in verdicts
  std::string first_impl, second_impl; // the implementations compared: second over first
  std::string verdict_text() const;    // "Rust faster", "libpng faster", ...
  bool within_one_run() const { return runs < 2; }
};

struct BenchCase {
  std::string component, case_name;
  int64_t size = 0;
  std::string label; // e.g. "base64/encode/1 MiB"
  std::vector<ImplFigures> impls;
  std::optional<RustVsC> rust_vs_c;
  std::optional<RustVsC> native_vs_c; // rust-native over c-native: each twin looped natively
  // each Rust implementation over each C (or C++) one of the component, either a library
  std::vector<RustVsC> library_pairs;
  // Rust/C through the API over Rust/C natively, run by run (first_impl "rust-native/c-native",
  // second_impl "rust/c"): what the FFI's crossing costs the Rust twin, the loop shapes' own
  // costs cancelled; tested like every other comparison. Needs two runs or more.
  std::optional<RustVsC> ffi_vs_native;
  const ImplFigures *impl(const std::string &name) const; // nullptr when not run
};

// The share of the Rust twin's time through the FFI that the crossing took: 1 - (Rust/C through
// the API) / (Rust/C natively), with the interval from that ratio's.
struct FfiShare {
  double value = 0, low = 0, high = 0;
  bool measurable = false; // the FFI/native comparison found a difference (Holm, noise)
};
// nullopt when the case lacks either side.
std::optional<FfiShare> ffi_share(const BenchCase &k);

struct WorstCv {
  double cv = 0;
  std::string case_label; // case label and impl
};

struct Benchmarks {
  BenchRunFacts run;
  std::vector<BenchCase> cases;
  WorstCv worst_cv;
  // Implementations other than the twins, per component in order of appearance.
  std::vector<std::pair<std::string, std::vector<std::string>>> baselines;
  std::optional<BenchLibrary> library; // from results.json, when it is still there
  // The largest spread of one implementation's run medians in a case, (max - min) / median of
  // them: how far whole runs moved (several runs only).
  WorstCv worst_run_shift;
  int runs = 0;           // runs of the benchmark binary behind every verdict; 1: within one run
  size_t comparisons = 0; // the family Holm's correction ran over
};

// Instruction counts of the measured loops (twinbench bench --measure instructions).
struct Instructions {
  std::string name, created;
  std::vector<std::string> components, command;
  Environment environment;
  std::vector<CaseInstructions> cases;
  const CaseInstructions *find(const std::string &label) const; // nullptr when not counted
};

// --- the seeded bugs: one mistake, two languages -------------------------------------------

// One language's side of a seeded bug: its sanitized build under the ground-truth campaign
// (twinbench fuzz --bugs), and its release build on the witness (twinbench consequences).
struct BugSide {
  std::string language, impl;
  std::string expected; // the catalogue's expectation for the sanitized build
  // The campaign: finished trials, how many reached the bug's site, triggered it, detected it.
  int trials = 0, reached = 0, triggered = 0, detected = 0;
  int unattributed = 0;    // trials stopped by a finding whose input did not trigger the bug
  std::string detected_by; // the most frequent detection ("" when none)
  int detected_by_count = 0;
  std::vector<stats::Trial> times; // time to detection, censored at the budget
  std::optional<stats::KaplanMeier> survival;
  // The restricted mean time to detection up to the campaign's budget (Magma's measure), which
  // exists when the median does not.
  std::optional<stats::Rmst> rmst;
  // How the finished trials ended, beside `detected`: stopped by a finding whose input did not
  // trigger this bug (unattributed, censored then), or at the budget with no finding.
  int censored_at_budget = 0;
  // Finished trials whose finding is not triaged yet: unknown, left out of every figure.
  int untriaged = 0;
  // With unrelated findings among the endings (unattributed > 0): the cumulative incidence of
  // detection with those findings as a competing risk (stats::cumulative_incidence).
  std::vector<stats::IncidenceStep> incidence;
  // The same trials counted in executions (libFuzzer's inputs run): what a faster build does not
  // shorten. Empty when a trial has no count (a store from before v7).
  std::vector<stats::Trial> execs;
  std::optional<stats::KaplanMeier> exec_survival;
  std::vector<int64_t> crash_ids; // the campaign's crashes from this side's runs
  // The release build: one of kOutcomes, what showed it, memcheck's view, rustc's message.
  std::string outcome, outcome_detail, memcheck, diagnostic, release_command;
  // Rust's side in four words (rust_verdict), from the outcome; "" for C or without one.
  std::string verdict;
  // Measured, never read from the catalogue: the stored release run found rustc refusing the
  // build with the catalogue's error and span (`twinbench consequences`).
  bool refused_by_rustc() const { return outcome == "compile-error"; }
};

// One engine's detection of a seeded bug in each language, in a campaign of several engines.
struct EngineDetection {
  std::string engine, title; // name in the store, and in the report
  BugSide c, rust;           // the campaign side only: trials, detections, times
  std::optional<stats::LogRank> c_vs_rust;
};

struct BugEvidence {
  std::string id, component, bug_class, title, clause, description;
  std::string cwe;          // the catalogue's
  bool rust_unsafe = false; // the Rust mistake lives inside `unsafe` (the catalogue's)
  std::string unsafe_for;   // "speed" or "c-boundary" when it does
  std::string witness;      // relative to the checkout
  BugSide c, rust;
  // The C twin fuzzed with the integer sanitizers too (docs/bugs.md, "Two C configurations"):
  // its campaign side only; its release build is c's. No trials when the campaign had none.
  BugSide c_int;
  std::optional<stats::LogRank> c_vs_rust; // when both were fuzzed
  // Every engine's detection, when the campaign had several (c, rust and c_int above are the
  // first engine's).
  std::vector<EngineDetection> by_engine;
  // Vargha-Delaney A12 of C's times to detection over Rust's: the chance a C trial took longer
  // (0.5: neither). Only when every undetected trial ran to the budget (counted as the budget).
  std::optional<double> a12_c_slower;
  std::string fuzz_command, witness_command;
};

// The counts the first page leads with, from the release outcomes.
struct SafetyTally {
  int bugs = 0;                      // with a release outcome on both sides
  int c_silent = 0, rust_silent = 0; // memory-corruption or data-leak, nothing reported
  int rust_compile_errors = 0, rust_panics = 0;
  int c_crashes = 0, rust_crashes = 0; // killed by a signal (incl. stack exhaustion)
  // Bugs whose release outcome was the same in both languages: outcome -> ids.
  std::map<std::string, std::vector<std::string>> same;
  // What Rust did with each mistake, in the four words of rust_verdict: word -> ids.
  std::map<std::string, std::vector<std::string>> rust_verdicts;
};

// The C twins' integer-sanitizer configuration, as the checkout builds it: the sanitizer flags
// of its bug builds (read from the fuzz preset's compile_commands.json) and the suppressions it
// runs with (harness/fuzz/integer_sanitizer.supp), "check:function" each.
struct IntegerSanitizerConfig {
  std::string flags; // "" when the fuzz preset is not configured
  std::vector<std::string> suppressions;
};

struct GroundTruth {
  std::optional<CampaignFacts> campaign; // the ground-truth campaign, when one finished
  IntegerSanitizerConfig integer_config;
  size_t runs = 0, finished_runs = 0;
  std::string consequences_run, consequences_created; // "" when none was run
  std::vector<BugEvidence> bugs;                      // by class, then id
  SafetyTally tally;
};

// --- facts behind the methods, from the code that applies them ---------------------------

inline constexpr size_t kInputDumpLimit = 4096; // bytes of a crash input the report shows

struct Methodology {
  int bootstrap_resamples = stats::kResamples;
  double confidence = stats::kConfidence;
  std::uint64_t bootstrap_seed = stats::kSeed;
  double alpha = stats::kAlpha;
  double noise = stats::kNoise;
  size_t exact_test_max = stats::kExactMax;   // both samples together
  int repro_tries = kReproTries;              // per artifact (fuzz --repro-tries' default)
  size_t signature_frames = kSignatureFrames; // top project frames in a crash signature
  size_t input_dump_limit = kInputDumpLimit;
};

// --- coverage -------------------------------------------------------------------------------

// One implementation's source-based coverage of its own files after the campaign's runs
// (`twinbench coverage`): the trial with the median line coverage stands for them all.
struct ImplCoverage {
  std::string component, impl, language, kind; // kind: twin or library
  int trials = 0;
  int64_t lines = 0, lines_covered = 0, regions = 0, regions_covered = 0;
  int64_t branches = 0, branches_covered = 0, functions = 0, functions_covered = 0;
  std::vector<std::string> files, never_entered;
  std::vector<double> line_fractions; // every trial's, for A12 between the twins
  // Every trial's line fraction at each corpus snapshot, by seconds of fuzzing (60, ...).
  std::map<long, std::vector<double>> growth;
  // The reference: the lines the spec's conformance vectors execute (covered, of `lines`), and
  // line by line (llvm-cov's export) how many of those the median trial's corpus executed.
  std::optional<std::pair<int64_t, int64_t>> vectors_lines;
  std::optional<int64_t> vector_lines, vector_lines_reached;
  std::string html_page; // llvm-cov's pages of the final corpora, relative to the checkout
  double line_fraction() const { return lines ? static_cast<double>(lines_covered) / lines : 0; }
};

// A seeded bug's build in one configuration over a ground-truth campaign's trials: in how many
// the corpus (and the findings) executed the bug's site, and in how many the canary saw it
// reached and triggered. The two measures of "reached" must agree trial by trial.
struct BugSiteCoverage {
  std::string bug, impl; // impl: the configuration ("c", "c+int", "rust")
  int trials = 0, executed = 0, reached = 0, triggered = 0, agree = 0;
};

struct CoverageFigures {
  std::string campaign;
  double budget_seconds = 0;       // each run's: where the final corpora sit on the time axis
  std::vector<long> snapshots;     // the corpus snapshots measured, in seconds of fuzzing
  std::vector<ImplCoverage> impls; // by component, then implementation
  std::string ground_truth;        // the campaign the bug sites are from
  std::vector<BugSiteCoverage> bug_sites; // by bug, then configuration
};

struct ReportModel {
  std::string schema, title, generated, store;
  std::optional<Fuzzing> fuzzing;
  std::optional<CoverageFigures> coverage; // of the fuzz campaign's corpora, when measured
  std::vector<Crash> crashes;
  std::optional<Benchmarks> benchmarks;
  std::optional<Instructions> instructions;
  std::optional<GroundTruth> ground_truth; // when the checkout has a bug catalogue
  std::vector<CodeCount> code; // each twin's lines and Rust unsafe, from the checkout's sources
  std::vector<FieldComponent> field; // the real libraries (components of kind library)
  std::vector<std::string> components;
  std::string git_revision;
  bool git_dirty = false;
  Methodology methodology;
  std::vector<std::string> summary, threats, reproduce; // sentences and commands, from the above
  std::vector<std::string> safety; // the first page's sentences on the seeded bugs
  std::string root_link = "../.."; // from the report's folder to the checkout, for links

  // The campaign's environment, else the benchmark run's, else the instruction run's.
  const Environment &primary_environment() const;
};

// report.json: the model as JSON.
nlohmann::json to_json(const ReportModel &model);

// "95%" for 0.95; "2.5%" for 0.025.
std::string percent_text(double fraction);

// "0.41 s" below ten seconds, "42 s" from there.
std::string seconds_text(double seconds);

} // namespace twinbench::cli
