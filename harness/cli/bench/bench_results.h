// Benchmark results: Google Benchmark's JSON in, per-case statistics out. The same analysis
// serves `twinbench bench`, `bench --compare` and the report, so a number means one thing.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bench/stats.h"
#include "store/store.h"

namespace twinbench::cli {

// A case's name, <component>/<case>/<size>/<impl>, in its parts.
struct CaseName {
  std::string component, case_name, impl;
  int64_t size = 0;
};
// A case's name as the benchmark binary lists it, without the suffix Google Benchmark adds to
// a case measured by the process's CPU time or by wall time ("/process_time", "/real_time":
// harness/bench/cases.h, Timing).
std::string case_name_of(const std::string &listed);
// What the listed case's throughput is measured by: "cpu" (the calling thread's CPU time),
// "process-cpu" or "wall".
std::string timing_of(const std::string &listed);
// The parts of a listed name (case_name_of first); UserError naming `source` when it does not
// have that shape.
CaseName split_case_name(const std::string &name, const std::string &source);

// Every repetition ("run_type": "iteration") of a --benchmark_out_format=json file. Names must
// be <component>/<case>/<size>/<impl>. UserError (naming `source`) on malformed or truncated
// JSON, or when a case reports an error.
std::vector<BenchSample> parse_benchmark_json(const std::string &text, const std::string &source);

// What Google Benchmark's JSON says about the library itself ("context"): the report qualifies
// its timings with it.
struct BenchLibrary {
  std::string version;    // empty: the library does not say (it does from 1.8)
  std::string build_type; // "debug" or "release"
};
// nullopt when `text` is not benchmark JSON or names no build type.
std::optional<BenchLibrary> parse_benchmark_library(const std::string &text);

inline double megabytes_per_second(const BenchSample &s) { return s.bytes_per_second / 1e6; }

// The twins called from a loop in their own language (twinbench/native_loops.h): not
// implementations but the c and rust ones, each called directly, the C++ driver calling the
// loop once per batch instead of the API table once per operation.
inline const std::string c_native_impl = "c-native";
inline const std::string rust_native_impl = "rust-native";

// Table order: c, rust, c-native, rust-native, then the baselines (by name).
int impl_rank(const std::string &impl);

// One implementation's repetitions (MB/s) in one case, by run of the benchmark binary.
using RunSamples = std::map<int, std::vector<double>>;

// second against first over the runs that measured both (stats::compare_runs); nullopt when no
// run measured both. Not yet corrected for multiplicity.
std::optional<stats::Comparison> compare_by_run(const RunSamples &first, const RunSamples &second);

// Run by run, median(numerator) / median(denominator) over the runs that measured both (one
// value per run): one implementation's speed relative to another's, for comparing two such
// relations run by run (the FFI's share: Rust/C via the API against Rust/C natively).
RunSamples relative_by_run(const RunSamples &numerator, const RunSamples &denominator);

struct ImplResult {
  std::string impl;
  std::vector<double> mbps; // every repetition of every run, MB/s (10^6 bytes per second)
  // One run: the median MB/s with its 95% bootstrap interval; several: the geometric mean of
  // the runs' medians with its t interval (stats::across_runs_median).
  stats::Estimate median;
  size_t runs = 1;
  RunSamples by_run;
  std::string timing = "cpu"; // BenchSample::timing
};

struct CaseResult {
  std::string component, case_name;
  int64_t size = 0;
  std::vector<ImplResult> impls;                // c, rust, then baselines by name
  std::optional<stats::Comparison> rust_vs_c;   // first = C, second = Rust: ratio is Rust/C
  std::optional<stats::Comparison> native_vs_c; // first = c-native, second = rust-native
  std::string label() const;                    // e.g. "base64/encode/1 MiB"
};

// One result per (component, case, size), ordered by component, case and size. Samples of one
// run of the binary: verdicts within that run (Mann-Whitney); of several (BenchSample::run):
// verdicts across runs, Rust/C paired run by run (stats::compare_runs). Either way Holm's
// correction runs over every verdict of the analysis.
std::vector<CaseResult> analyze_bench(const std::vector<BenchSample> &samples);

// The same over several stored runs of one build: their runs of the binary taken together.
std::vector<CaseResult> analyze_pooled(const std::vector<std::vector<BenchSample>> &runs);

// The stored runs named, checked to be finished timings of one build (the same revision, all with
// or all without local edits, which twinbench cannot compare): what may be pooled. UserError
// otherwise.
std::vector<BenchRunRow> pooled_runs(Store &store, const std::vector<std::string> &names,
                                     const std::filesystem::path &db_path);

struct CaseChange {
  std::string name;         // the full case name, implementation included
  stats::Comparison change; // first = old, second = new: ratio is new/old
};

// Cases present in both stored runs, Holm-corrected. Several runs of the binary on both sides:
// Welch's t-test of the runs' log medians (stats::compare_independent_runs); one run on either
// side: Mann-Whitney over all repetitions, a verdict within one run.
std::vector<CaseChange> compare_bench(const std::vector<BenchSample> &old_samples,
                                      const std::vector<BenchSample> &new_samples);

// "Rust faster", "C faster", "no measurable difference" (or any other two labels).
std::string verdict_text(stats::Verdict verdict, const std::string &first,
                         const std::string &second);

// 64 -> "64 B", 4096 -> "4 KiB", 1048576 -> "1 MiB".
std::string format_size(int64_t bytes);

} // namespace twinbench::cli
