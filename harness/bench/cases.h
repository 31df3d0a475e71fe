// The benchmark table: each component file registers its cases here, one per
// (case, size, implementation), named <component>/<case>/<size>/<implementation>.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

namespace twinbench::bench {

// Input sizes every case runs at unless it says otherwise.
inline const std::vector<size_t> standard_sizes = {64, 4096, 1 << 20};

// Deterministic pseudo-random bytes: the same input for every implementation and every run.
std::vector<uint8_t> random_bytes(size_t n, uint64_t seed);

// Registers `body` for every size and implementation. The body prepares its input, checks the
// implementation's answer against the expected one (SkipWithError on a wrong answer), then
// times the loop and calls SetBytesProcessed.
template <typename Api>
void register_case(const std::string &component, const std::string &case_name,
                   const std::vector<const Api *> &impls, const std::vector<size_t> &sizes,
                   std::function<void(benchmark::State &, const Api &, size_t)> body) {
  for (size_t size : sizes) {
    for (const Api *api : impls) {
      std::string name = component + "/" + case_name + "/" + std::to_string(size) + "/" + api->name;
      benchmark::RegisterBenchmark(name.c_str(), [=](benchmark::State &state) {
        body(state, *api, size);
      })->Unit(benchmark::kMicrosecond);
    }
  }
}

} // namespace twinbench::bench
