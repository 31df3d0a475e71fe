// Every vector in corpora/brotli/vectors.txt, the upstream tarball's own tests/testdata, and
// what the system's brotli encoder (libbrotlienc) makes of generated inputs at every quality,
// against every implementation held to the spec. Spec: docs/components/brotli.md
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <brotli/encode.h>
#include <gtest/gtest.h>

#include "decompress_vectors.h"
#include "implementations.h"
#include "twinbench/brotli.h"

TB_DECLARE_IMPLEMENTATIONS(brotli)

namespace twinbench::test {
namespace {

const std::vector<const tb_brotli_api *> impls =
    implementations<tb_brotli_api>(TB_IMPLEMENTATIONS(brotli));

std::vector<uint8_t> read_file(const std::filesystem::path &path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

class BrotliConformance : public testing::TestWithParam<const tb_brotli_api *> {};

TEST_P(BrotliConformance, EveryVectorGivesTheSpecifiedResult) {
  const auto vectors = read_vector_file(corpus_path("brotli", "vectors.txt"));
  ASSERT_GE(vectors.size(), 18u);
  for (const auto &v : vectors) {
    EXPECT_EQ(run_decompress_vector("brotli", *GetParam(), v), expected_decompress(*GetParam(), v))
        << v.where();
  }
}

// brotli 1.0.9's tarball ships tests/testdata/<name>.compressed beside <name>.
TEST_P(BrotliConformance, DecodesTheUpstreamTestData) {
  int pairs = 0;
  for (const auto &entry : std::filesystem::directory_iterator(TB_BROTLI_TESTDATA)) {
    if (entry.path().extension() != ".compressed") continue;
    auto original = entry.path();
    original.replace_extension();
    const auto expected = read_file(original);
    EXPECT_EQ(
        decompressed(*GetParam(), read_file(entry.path()), expected.size(), entry.path().string()),
        "ok " + escaped(expected.data(), expected.size()))
        << entry.path();
    pairs++;
  }
  EXPECT_GE(pairs, 2) << TB_BROTLI_TESTDATA;
}

// Text, runs and random bytes, at qualities 0..11 and windows 10, 16 and 24: every stream the
// reference encoder makes decodes to its input.
TEST_P(BrotliConformance, DecodesWhatTheReferenceEncoderMakes) {
  std::vector<std::vector<uint8_t>> inputs;
  std::string text;
  for (int i = 0; i < 400; i++)
    text += "brotli meta-block " + std::to_string(i * 7919 % 1000) + " ";
  inputs.emplace_back(text.begin(), text.end());
  inputs.emplace_back(70000, 'a');
  std::vector<uint8_t> noise(50000);
  uint32_t x = 12345;
  for (auto &b : noise) b = static_cast<uint8_t>((x = x * 1103515245 + 12345) >> 24);
  inputs.push_back(noise);
  for (const auto &input : inputs) {
    for (int quality = 0; quality <= 11; quality++) {
      for (int window : {10, 16, 24}) {
        size_t size = BrotliEncoderMaxCompressedSize(input.size());
        std::vector<uint8_t> stream(size);
        ASSERT_TRUE(BrotliEncoderCompress(quality, window, BROTLI_MODE_GENERIC, input.size(),
                                          input.data(), &size, stream.data()));
        stream.resize(size);
        const std::string where =
            "quality " + std::to_string(quality) + ", window " + std::to_string(window);
        EXPECT_EQ(decompressed(*GetParam(), stream, input.size(), where),
                  "ok " + escaped(input.data(), input.size()))
            << where;
      }
    }
  }
}

TEST_P(BrotliConformance, NullPointersAreAllowedOnlyWithZeroLength) {
  size_t written = 1;
  uint8_t out[4];
  const uint8_t empty_stream[] = {0x06};
  EXPECT_EQ(GetParam()->decode(empty_stream, 1, nullptr, 0, &written), TB_OK);
  EXPECT_EQ(written, 0u);
  EXPECT_EQ(GetParam()->decode(nullptr, 3, out, sizeof out, &written), TB_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(GetParam()->decode(empty_stream, 1, nullptr, 4, &written), TB_ERR_INVALID_ARGUMENT);
}

INSTANTIATE_TEST_SUITE_P(Impl, BrotliConformance, testing::ValuesIn(impls),
                         impl_name<tb_brotli_api>);

TEST(BrotliContract, EveryImplementationIsRegisteredAndFillsItsTable) {
  expect_registered_and_complete("brotli", impls);
}

} // namespace
} // namespace twinbench::test
