// Test-only: the probe's "conformance vectors", named as the conformance tests' vector tests are
// (twinbench coverage runs those as its reference). Each language's two functions on one vector
// each: the vectors enter all ten lines a side, where the fuzz test's corpus enters five.
#include <cstddef>
#include <cstdint>
#include <string>

#include <gtest/gtest.h>

extern "C" uint32_t probe_c_entered(const uint8_t *data, size_t size);
extern "C" uint32_t probe_c_never(const uint8_t *data, size_t size);
extern "C" uint32_t probe_rust_entered(const uint8_t *data, size_t size);
extern "C" uint32_t probe_rust_never(const uint8_t *data, size_t size);

namespace {

struct Probe {
  const char *name;
  uint32_t (*entered)(const uint8_t *, size_t);
  uint32_t (*never)(const uint8_t *, size_t);
};

class ProbeConformance : public testing::TestWithParam<Probe> {};

TEST_P(ProbeConformance, EveryVectorGivesTheSpecifiedResult) {
  const uint8_t one[] = {1};
  EXPECT_NE(GetParam().entered(one, 1), 0u);
  EXPECT_NE(GetParam().never(one, 1), 0u);
}

INSTANTIATE_TEST_SUITE_P(Impl, ProbeConformance,
                         testing::Values(Probe{"c", probe_c_entered, probe_c_never},
                                         Probe{"rust", probe_rust_entered, probe_rust_never}),
                         [](const auto &info) { return std::string(info.param.name); });

} // namespace
