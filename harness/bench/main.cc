// twinbench_bench: one Google Benchmark binary for every component; cases register themselves
// from their component's file (base64.cc, ringbuf.cc, ...).
#include <random>

#include <benchmark/benchmark.h>

#include "cases.h"

namespace twinbench::bench {

std::vector<uint8_t> random_bytes(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<uint8_t> out(n);
  for (size_t i = 0; i < n; i++) out[i] = static_cast<uint8_t>(rng() >> 56);
  return out;
}

} // namespace twinbench::bench

BENCHMARK_MAIN();
