// The benchmark table: each component file registers its cases here, one per
// (case, size, implementation), named <component>/<case>/<size>/<implementation>.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <valgrind/callgrind.h>

namespace twinbench::bench {

// The regular files of `dir`, sorted (none when it is missing): a generic benchmark's inputs,
// corpora/<comp>/bench/.
inline std::vector<std::filesystem::path> files_in(const std::filesystem::path &dir) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto &entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.is_regular_file(ec)) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Input sizes every case runs at unless it says otherwise.
inline const std::vector<size_t> standard_sizes = {64, 4096, 1 << 20};

// Deterministic pseudo-random bytes: the same input for every implementation and every run.
std::vector<uint8_t> random_bytes(size_t n, uint64_t seed);

// Deterministic pseudo-English (words of a 64-word vocabulary, spaces and line breaks): text
// that compresses about 3:1, for the decompressors' cases.
std::vector<uint8_t> pseudo_text(size_t n, uint64_t seed);

// True when `twinbench bench --measure instructions` runs this binary inside callgrind: it sets
// TWINBENCH_COUNT_INSTRUCTIONS=1 and starts callgrind with instrumentation and collection off.
bool counting_instructions();

// True the first time it is asked for `case_name`: Google Benchmark may call a case's function
// more than once, and each case is counted once.
bool first_count_of(const std::string &case_name);

// How many times a counted case runs its operation: enough to process 1 MiB, at least twice. A
// fixed number, so two runs of the same build count the same instructions (and count is not
// noisy: more iterations would only take longer under callgrind).
uint64_t counted_iterations(int64_t bytes_per_operation);

// What a case body gets: Google Benchmark's state, and the one loop that measures.
class Measure {
public:
  Measure(benchmark::State &state, std::string name) : state(state), name_(std::move(name)) {}

  benchmark::State &state;

  void skip(const std::string &why) { state.SkipWithError(why.c_str()); }

  // Runs `operation` in Google Benchmark's timed loop, each run processing
  // `bytes_per_operation` bytes. When counting instructions, it instead runs once to warm up
  // (callgrind's simulated caches, lazy binding, first touches) and then counted_iterations()
  // times with callgrind collecting, and dumps the counts under
  // "twinbench <iterations> <bytes_per_operation> <case name>"; the timed loop is then empty.
  template <typename Operation> void repeat(int64_t bytes_per_operation, Operation &&operation) {
    if (counting_instructions()) {
      if (first_count_of(name_)) {
        count(bytes_per_operation, [&](uint64_t n) {
          for (uint64_t i = 0; i < n; i++) operation();
        });
      }
      for (auto _ : state) {
      }
    } else {
      for (auto _ : state) operation();
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * bytes_per_operation);
  }

  // As repeat(), for an operation whose instruction count means nothing — threads spinning on
  // each other, where the count depends on how the scheduler interleaves them (and valgrind
  // runs one thread at a time): timed like repeat(), never counted.
  template <typename Operation>
  void repeat_uncounted(int64_t bytes_per_operation, Operation &&operation) {
    if (counting_instructions()) {
      state.counters["uncounted"] = 1; // twinbench bench expects no count from this case
      for (auto _ : state) {
      }
    } else {
      for (auto _ : state) operation();
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * bytes_per_operation);
  }

  // As repeat(), for a loop that runs the operation itself: `loop(n)` runs it n times (a twin's
  // native loop, in its own language). Google Benchmark's loop advances by batches of enough
  // operations for 64 KiB of input.
  template <typename Loop> void repeat_loop(int64_t bytes_per_operation, Loop &&loop) {
    if (counting_instructions()) {
      if (first_count_of(name_)) count(bytes_per_operation, loop);
      for (auto _ : state) {
      }
    } else {
      const auto batch = static_cast<benchmark::IterationCount>(
          std::max<int64_t>(1, (int64_t{1} << 16) / std::max<int64_t>(1, bytes_per_operation)));
      while (state.KeepRunningBatch(batch)) loop(static_cast<uint64_t>(batch));
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * bytes_per_operation);
  }

private:
  // `loop(n)` runs the operation n times: once to warm up, then counted.
  template <typename Loop> void count(int64_t bytes_per_operation, Loop &&loop) {
    const uint64_t n = counted_iterations(bytes_per_operation);
    CALLGRIND_START_INSTRUMENTATION;
    loop(1);
    CALLGRIND_TOGGLE_COLLECT;
    loop(n);
    CALLGRIND_TOGGLE_COLLECT;
    const std::string dump =
        "twinbench " + std::to_string(n) + " " + std::to_string(bytes_per_operation) + " " + name_;
    CALLGRIND_DUMP_STATS_AT(dump.c_str());
    CALLGRIND_STOP_INSTRUMENTATION;
  }

  std::string name_;
};

// The names of the twins' native variants: each twin called from a loop in its own language
// (twinbench/native_loops.h), the C++ driver calling that loop once per batch.
inline const char *const c_native = "c-native";
inline const char *const rust_native = "rust-native";

// What time a case is measured by: the calling thread's CPU time (Google Benchmark's default);
// the whole process's CPU time, for implementations that hand work to threads of their own
// (jpeg-decoder decodes each component on a worker thread): their work would not count
// otherwise; or wall time, for a case whose own threads wait on each other (spsc's producer and
// consumer), where CPU time would count a spinning or sleeping thread instead of the stream.
// Google Benchmark marks the last two in the case's name (/process_time, /real_time).
enum class Timing { thread_cpu, process_cpu, wall };

// Registers one case, <component>/<case>/<size>/<impl>.
inline void register_one(const std::string &component, const std::string &case_name, size_t size,
                         const std::string &impl, std::function<void(Measure &)> body,
                         Timing timing = Timing::thread_cpu) {
  const std::string name = component + "/" + case_name + "/" + std::to_string(size) + "/" + impl;
  auto *b = benchmark::RegisterBenchmark(name.c_str(), [=](benchmark::State &state) {
    Measure measure(state, name);
    body(measure);
  });
  b->Unit(benchmark::kMicrosecond);
  if (timing == Timing::process_cpu) b->MeasureProcessCPUTime();
  if (timing == Timing::wall) b->UseRealTime();
}

// Registers `body` for every size and implementation. The body prepares its input, checks the
// implementation's answer against the expected one (Measure::skip on a wrong answer), then
// measures with Measure::repeat.
template <typename Api>
void register_case(const std::string &component, const std::string &case_name,
                   const std::vector<const Api *> &impls, const std::vector<size_t> &sizes,
                   std::function<void(Measure &, const Api &, size_t)> body,
                   Timing timing = Timing::thread_cpu) {
  for (size_t size : sizes) {
    for (const Api *api : impls) {
      register_one(
          component, case_name, size, api->name,
          [=](Measure &measure) { body(measure, *api, size); }, timing);
    }
  }
}

} // namespace twinbench::bench
