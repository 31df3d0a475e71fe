// Google Benchmark's JSON in, samples out; bad files are one clear error; two runs compare.
#include <gtest/gtest.h>

#include "bench/bench_results.h"
#include "common/project.h"

namespace twinbench::test {
namespace {

const char *const two_repetitions = R"({
  "context": {"library_build_type": "debug"},
  "benchmarks": [
    {"name": "base64/decode-mime/4096/c", "run_type": "iteration", "repetition_index": 0,
     "iterations": 100, "real_time": 2.0, "cpu_time": 1.5, "time_unit": "us",
     "bytes_per_second": 2.048e9},
    {"name": "base64/decode-mime/4096/c", "run_type": "iteration", "repetition_index": 1,
     "iterations": 100, "real_time": 2.5, "cpu_time": 2.0, "time_unit": "us",
     "bytes_per_second": 1.6384e9},
    {"name": "base64/decode-mime/4096/c_median", "run_type": "aggregate",
     "aggregate_name": "median", "iterations": 2, "real_time": 2.25, "cpu_time": 1.75,
     "time_unit": "us", "bytes_per_second": 1.8e9}
  ]})";

TEST(BenchResults, EveryRepetitionIsASampleAndAggregatesAreSkipped) {
  auto samples = cli::parse_benchmark_json(two_repetitions, "results.json");
  ASSERT_EQ(samples.size(), 2u);
  EXPECT_EQ(samples[0].component, "base64");
  EXPECT_EQ(samples[0].case_name, "decode-mime");
  EXPECT_EQ(samples[0].size, 4096);
  EXPECT_EQ(samples[0].impl, "c");
  EXPECT_EQ(samples[1].repetition, 1);
  EXPECT_DOUBLE_EQ(samples[1].real_time_ns, 2500);
  EXPECT_DOUBLE_EQ(cli::megabytes_per_second(samples[0]), 2048);
}

TEST(BenchResults, EachSampleSaysWhatItWasTimedByFromTheCasesName) {
  const char *const timed = R"({"benchmarks": [
    {"name": "spsc/cross-thread/64/c/real_time", "run_type": "iteration", "iterations": 1,
     "real_time": 1, "cpu_time": 1, "time_unit": "ns", "bytes_per_second": 1e6},
    {"name": "jpeg/photo-444/12288/jpeg-decoder/process_time", "run_type": "iteration",
     "iterations": 1, "real_time": 1, "cpu_time": 1, "time_unit": "ns", "bytes_per_second": 1e6},
    {"name": "base64/encode/64/c", "run_type": "iteration", "iterations": 1, "real_time": 1,
     "cpu_time": 1, "time_unit": "ns", "bytes_per_second": 1e6}]})";
  const auto samples = cli::parse_benchmark_json(timed, "results.json");
  ASSERT_EQ(samples.size(), 3u);
  EXPECT_EQ(samples[0].name, "spsc/cross-thread/64/c"); // the suffix is not part of the case
  EXPECT_EQ(samples[0].timing, "wall");
  EXPECT_EQ(samples[1].impl, "jpeg-decoder");
  EXPECT_EQ(samples[1].timing, "process-cpu");
  EXPECT_EQ(samples[2].timing, "cpu");
  EXPECT_EQ(cli::analyze_bench(samples).at(2).impls.at(0).timing, "wall"); // spsc sorts last
}

TEST(BenchResults, NonFiniteAggregatesAsGoogleBenchmarkWritesThemAreRead) {
  auto samples = cli::parse_benchmark_json(R"({"benchmarks": [
    {"name": "json/doc/10/c", "run_type": "iteration", "iterations": 1, "real_time": 1,
     "cpu_time": 1, "bytes_per_second": 1e7, "note": "NaN stays text", "zeros": 0},
    {"name": "json/doc/10/c_cv", "run_type": "aggregate", "iterations": 1, "real_time": 0.1,
     "cpu_time": 0.1, "bytes_per_second": 0.1, "zeros": NaN, "peak": -inf, "top": Infinity}]})",
                                           "results.json");
  ASSERT_EQ(samples.size(), 1u);
  EXPECT_DOUBLE_EQ(samples[0].bytes_per_second, 1e7);
}

TEST(BenchResults, TruncatedJsonIsAClearError) {
  const std::string text = two_repetitions;
  try {
    cli::parse_benchmark_json(text.substr(0, text.size() / 2), "results.json");
    FAIL() << "truncated JSON was accepted";
  } catch (const cli::UserError &e) {
    EXPECT_NE(std::string(e.what()).find("results.json: not valid benchmark JSON"),
              std::string::npos)
        << e.what();
  }
}

TEST(BenchResults, FailedCaseAndBadNamesAreErrors) {
  EXPECT_THROW(cli::parse_benchmark_json(
                   R"({"benchmarks": [{"name": "a/b/1/c", "error_occurred": true,
                       "error_message": "wrong answer"}]})",
                   "r.json"),
               cli::UserError);
  EXPECT_THROW(cli::parse_benchmark_json(
                   R"({"benchmarks": [{"name": "nocomponent", "run_type": "iteration",
                       "iterations": 1, "real_time": 1, "cpu_time": 1, "bytes_per_second": 1}]})",
                   "r.json"),
               cli::UserError);
  EXPECT_THROW(cli::parse_benchmark_json(R"({"context": {}})", "r.json"), cli::UserError);
}

std::vector<cli::BenchSample> samples_at(const std::string &impl, double base) {
  std::vector<cli::BenchSample> out;
  for (int rep = 0; rep < 12; rep++) {
    out.push_back({"ringbuf/stream/64/" + impl, "ringbuf", "stream", impl, 64, rep, 1, 1, 1,
                   (base + rep) * 1e6});
  }
  return out;
}

TEST(BenchResults, AnalysisPutsTheTwinsFirstAndComparesRustWithC) {
  auto samples = samples_at("zlib", 50);
  for (auto &s : samples_at("rust", 90)) samples.push_back(s);
  for (auto &s : samples_at("c", 100)) samples.push_back(s);
  auto results = cli::analyze_bench(samples);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].label(), "ringbuf/stream/64 B");
  ASSERT_EQ(results[0].impls.size(), 3u);
  EXPECT_EQ(results[0].impls[0].impl, "c");
  EXPECT_EQ(results[0].impls[1].impl, "rust");
  EXPECT_EQ(results[0].impls[2].impl, "zlib");
  ASSERT_TRUE(results[0].rust_vs_c);
  EXPECT_EQ(results[0].rust_vs_c->verdict, cli::stats::Verdict::first_faster);
  EXPECT_EQ(cli::verdict_text(results[0].rust_vs_c->verdict, "C", "Rust"), "C faster");
}

TEST(BenchResults, NativeLoopsFollowTheTwinsAndAreComparedLoopToLoop) {
  auto samples = samples_at("zlib", 50);
  for (auto &s : samples_at("rust-native", 90)) samples.push_back(s);
  for (auto &s : samples_at("c-native", 100)) samples.push_back(s);
  for (auto &s : samples_at("rust", 100)) samples.push_back(s);
  for (auto &s : samples_at("c", 100)) samples.push_back(s);
  const auto results = cli::analyze_bench(samples);
  ASSERT_EQ(results.at(0).impls.size(), 5u);
  std::vector<std::string> order;
  for (const auto &i : results[0].impls) order.push_back(i.impl);
  EXPECT_EQ(order, (std::vector<std::string>{"c", "rust", "c-native", "rust-native", "zlib"}));
  // Rust native against C native (100), not against C through the table.
  ASSERT_TRUE(results[0].native_vs_c);
  EXPECT_NEAR(results[0].native_vs_c->ratio.value, 95.5 / 105.5, 1e-12);
  EXPECT_EQ(results[0].native_vs_c->verdict, cli::stats::Verdict::first_faster);
}

TEST(BenchResults, RelativeSpeedIsTakenRunByRunOverTheRunsThatMeasuredBoth) {
  const cli::RunSamples rust{{0, {80, 90, 100}}, {1, {45}}, {3, {10}}};
  const cli::RunSamples c{{0, {100, 100}}, {1, {50, 40, 60}}, {2, {7}}};
  const cli::RunSamples relative = cli::relative_by_run(rust, c);
  EXPECT_EQ(relative, (cli::RunSamples{{0, {0.9}}, {1, {0.9}}}));
}

TEST(BenchResults, CompareJudgesNewAgainstOld) {
  auto changes = cli::compare_bench(samples_at("c", 100), samples_at("c", 120));
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].name, "ringbuf/stream/64/c");
  EXPECT_EQ(changes[0].change.verdict, cli::stats::Verdict::second_faster);
  EXPECT_NEAR(changes[0].change.ratio.value, 125.5 / 105.5, 1e-12);
  EXPECT_TRUE(cli::compare_bench(samples_at("c", 100), samples_at("rust", 100)).empty());
}

TEST(BenchResults, SizesReadAsPeopleWriteThem) {
  EXPECT_EQ(cli::format_size(64), "64 B");
  EXPECT_EQ(cli::format_size(4096), "4 KiB");
  EXPECT_EQ(cli::format_size(1 << 20), "1 MiB");
  EXPECT_EQ(cli::format_size(1000), "1000 B");
}

} // namespace
} // namespace twinbench::test
