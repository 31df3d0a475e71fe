// twinbench_bench: one Google Benchmark binary for every component; cases register themselves
// from their component's file (base64.cc, ringbuf.cc, ...).
#include <algorithm>
#include <cstdlib>
#include <random>
#include <set>
#include <string_view>

#include <benchmark/benchmark.h>

#include "cases.h"

namespace twinbench::bench {

std::vector<uint8_t> random_bytes(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<uint8_t> out(n);
  for (size_t i = 0; i < n; i++) out[i] = static_cast<uint8_t>(rng() >> 56);
  return out;
}

bool counting_instructions() {
  static const bool counting = [] {
    const char *flag = std::getenv("TWINBENCH_COUNT_INSTRUCTIONS");
    return flag != nullptr && std::string_view(flag) == "1";
  }();
  return counting;
}

bool first_count_of(const std::string &case_name) {
  static std::set<std::string> counted; // cases run one after another, on this thread
  return counted.insert(case_name).second;
}

uint64_t counted_iterations(int64_t bytes_per_operation) {
  const uint64_t bytes = static_cast<uint64_t>(std::max<int64_t>(bytes_per_operation, 1));
  return std::max<uint64_t>(2, ((uint64_t{1} << 20) + bytes - 1) / bytes);
}

} // namespace twinbench::bench

BENCHMARK_MAIN();
