// Every vector in corpora/png/vectors.txt, and every image of libpng's own test suites (the
// PngSuite and contrib/testpngs, from the fetched tarball), against every implementation held
// to the spec. Spec: docs/components/png.md
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "decompress_vectors.h"
#include "implementations.h"
#include "twinbench/png.h"

TB_DECLARE_IMPLEMENTATIONS(png)

namespace twinbench::test {
namespace {

const std::vector<const tb_png_api *> impls = implementations<tb_png_api>(TB_IMPLEMENTATIONS(png));

std::vector<uint8_t> read_file(const std::filesystem::path &path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

std::vector<std::filesystem::path> pngs_in(const std::filesystem::path &dir) {
  std::vector<std::filesystem::path> found;
  for (const auto &entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".png") found.push_back(entry.path());
  }
  std::sort(found.begin(), found.end());
  return found;
}

class PngConformance : public testing::TestWithParam<const tb_png_api *> {};

TEST_P(PngConformance, EveryVectorGivesTheSpecifiedResult) {
  const auto vectors = read_vector_file(corpus_path("png", "vectors.txt"));
  ASSERT_GE(vectors.size(), 20u);
  for (const auto &v : vectors) {
    EXPECT_EQ(run_decompress_vector("png", *GetParam(), v), expected_decompress(*GetParam(), v))
        << v.where();
  }
}

// Every valid image of the PngSuite (every color type, bit depth and interlace) and of libpng's
// contrib/testpngs decodes, to the pixels the first implementation in the registry (libpng)
// decodes: the images are independent of each other's decoders, the pixels are not hand-kept.
TEST_P(PngConformance, DecodesLibpngsTestImagesLikeLibpng) {
  size_t images = 0;
  for (const char *suite : {"contrib/pngsuite", "contrib/testpngs"}) {
    for (const auto &path : pngs_in(std::filesystem::path(TB_LIBPNG_TREE) / suite)) {
      const auto image = read_file(path);
      const std::string reference = decompressed(*impls[0], image, 1 << 22, path.string());
      ASSERT_EQ(reference.substr(0, 3), "ok ") << path << ": " << reference;
      EXPECT_EQ(decompressed(*GetParam(), image, 1 << 22, path.string()), reference) << path;
      images++;
    }
  }
  EXPECT_GE(images, 150u) << TB_LIBPNG_TREE;
}

TEST_P(PngConformance, NullWithALengthIsAnInvalidArgument) {
  uint8_t out[16];
  size_t written = 7;
  EXPECT_EQ(GetParam()->decode(nullptr, 3, out, sizeof out, &written), TB_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(written, 0u);
  const uint8_t signature[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  EXPECT_EQ(GetParam()->decode(signature, sizeof signature, nullptr, 4, &written),
            TB_ERR_INVALID_ARGUMENT);
}

INSTANTIATE_TEST_SUITE_P(Impl, PngConformance, testing::ValuesIn(impls), impl_name<tb_png_api>);

} // namespace
} // namespace twinbench::test
