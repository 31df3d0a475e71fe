// Every vector in corpora/gif/vectors.txt, and every picture giflib's tarball ships (pic/),
// against every implementation held to the spec. Spec: docs/components/gif.md
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "decompress_vectors.h"
#include "implementations.h"
#include "twinbench/gif.h"

TB_DECLARE_IMPLEMENTATIONS(gif)

namespace twinbench::test {
namespace {

const std::vector<const tb_gif_api *> impls = implementations<tb_gif_api>(TB_IMPLEMENTATIONS(gif));

std::vector<uint8_t> read_file(const std::filesystem::path &path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

class GifConformance : public testing::TestWithParam<const tb_gif_api *> {};

TEST_P(GifConformance, EveryVectorGivesTheSpecifiedResult) {
  const auto vectors = read_vector_file(corpus_path("gif", "vectors.txt"));
  ASSERT_GE(vectors.size(), 12u);
  for (const auto &v : vectors) {
    EXPECT_EQ(run_decompress_vector("gif", *GetParam(), v), expected_decompress(*GetParam(), v))
        << v.where();
  }
}

// pic/: still and animated, interlaced, with transparency: every implementation decodes each
// to what giflib (the first in the registry) decodes.
TEST_P(GifConformance, DecodesGiflibsPicturesLikeGiflib) {
  std::vector<std::filesystem::path> pictures;
  for (const auto &e :
       std::filesystem::directory_iterator(std::filesystem::path(TB_GIFLIB_TREE) / "pic")) {
    if (e.path().extension() == ".gif") pictures.push_back(e.path());
  }
  std::sort(pictures.begin(), pictures.end());
  ASSERT_GE(pictures.size(), 7u) << TB_GIFLIB_TREE;
  for (const auto &path : pictures) {
    const auto gif = read_file(path);
    const std::string reference = decompressed(*impls[0], gif, 1 << 22, path.string());
    ASSERT_EQ(reference.substr(0, 3), "ok ") << path << ": " << reference;
    EXPECT_EQ(decompressed(*GetParam(), gif, 1 << 22, path.string()), reference) << path;
  }
}

TEST_P(GifConformance, NullWithALengthIsAnInvalidArgument) {
  uint8_t out[16];
  size_t written = 7;
  EXPECT_EQ(GetParam()->decode(nullptr, 3, out, sizeof out, &written), TB_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(written, 0u);
  const uint8_t header[] = {'G', 'I', 'F', '8', '9', 'a'};
  EXPECT_EQ(GetParam()->decode(header, sizeof header, nullptr, 4, &written),
            TB_ERR_INVALID_ARGUMENT);
}

INSTANTIATE_TEST_SUITE_P(Impl, GifConformance, testing::ValuesIn(impls), impl_name<tb_gif_api>);

} // namespace
} // namespace twinbench::test
