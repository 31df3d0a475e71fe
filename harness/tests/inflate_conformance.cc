// Every vector in corpora/inflate/vectors.txt, against every implementation held to the spec.
// Spec: docs/components/inflate.md
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "decompress_vectors.h"
#include "implementations.h"
#include "twinbench/inflate.h"

TB_DECLARE_IMPLEMENTATIONS(inflate)

namespace twinbench::test {
namespace {

const std::vector<const tb_inflate_api *> impls =
    implementations<tb_inflate_api>(TB_IMPLEMENTATIONS(inflate));

class InflateConformance : public testing::TestWithParam<const tb_inflate_api *> {};

TEST_P(InflateConformance, EveryVectorGivesTheSpecifiedResult) {
  const auto vectors = read_vector_file(corpus_path("inflate", "vectors.txt"));
  ASSERT_GE(vectors.size(), 40u);
  for (const auto &v : vectors)
    EXPECT_EQ(run_decompress_vector("inflate", *GetParam(), v), expected_decompress(*GetParam(), v))
        << v.where();
}

TEST_P(InflateConformance, NullPointersAreAllowedOnlyWithZeroLength) {
  size_t written = 1;
  uint8_t out[4];
  const uint8_t empty_stream[] = {0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01};
  EXPECT_EQ(GetParam()->decode(empty_stream, sizeof empty_stream, nullptr, 0, &written), TB_OK);
  EXPECT_EQ(written, 0u);
  EXPECT_EQ(GetParam()->decode(nullptr, 3, out, sizeof out, &written), TB_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(GetParam()->decode(empty_stream, sizeof empty_stream, nullptr, 4, &written),
            TB_ERR_INVALID_ARGUMENT);
}

INSTANTIATE_TEST_SUITE_P(Impl, InflateConformance, testing::ValuesIn(impls),
                         impl_name<tb_inflate_api>);

TEST(InflateContract, EveryImplementationIsRegisteredAndFillsItsTable) {
  expect_registered_and_complete("inflate", impls);
}

} // namespace
} // namespace twinbench::test
