// Every vector in corpora/jpeg/vectors.txt, libjpeg-turbo's own test image against the decoded
// picture its tarball ships, and what the system's libjpeg encoder makes of a generated picture
// in every common layout, against every implementation held to the spec.
// Spec: docs/components/jpeg.md
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <jpeglib.h>

#include "decompress_vectors.h"
#include "implementations.h"
#include "twinbench/jpeg.h"

TB_DECLARE_IMPLEMENTATIONS(jpeg)

namespace twinbench::test {
namespace {

const std::vector<const tb_jpeg_api *> impls =
    implementations<tb_jpeg_api>(TB_IMPLEMENTATIONS(jpeg));

// The spec's tolerance: decoders may differ by this much per sample where nothing is upsampled
// (their IDCTs and color conversions round differently); width and height exactly.
constexpr int kTolerance = 24;

std::vector<uint8_t> read_file(const std::filesystem::path &path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

struct Decoded {
  tb_status status;
  std::vector<uint8_t> bytes; // width, height, RGB
};

Decoded decode(const tb_jpeg_api &api, const std::vector<uint8_t> &jpeg) {
  std::vector<uint8_t> out(1 << 22);
  size_t written = 0;
  const tb_status st = api.decode(jpeg.data(), jpeg.size(), out.data(), out.size(), &written);
  out.resize(written);
  return {st, out};
}

// How far two decodings of the same size are apart: the largest difference of one sample and
// the mean one (max -1: the sizes differ).
struct Apart {
  int max = -1;
  double mean = 0;
};

Apart apart(const std::vector<uint8_t> &a, const std::vector<uint8_t> &b) {
  Apart d;
  if (a.size() != b.size() || a.size() < 8 || !std::equal(a.begin(), a.begin() + 8, b.begin())) {
    return d;
  }
  d.max = 0;
  double sum = 0;
  for (size_t i = 8; i < a.size(); i++) {
    const int one = std::abs(int{a[i]} - int{b[i]});
    d.max = std::max(d.max, one);
    sum += one;
  }
  d.mean = a.size() > 8 ? sum / double(a.size() - 8) : 0;
  return d;
}

// The spec's comparison: the same size; every sample within the tolerance when no component is
// subsampled; when one is, the decoders' upsamplers differ (most at the right and bottom edges),
// and the mean difference stays under 2.
void expect_close(const std::vector<uint8_t> &a, const std::vector<uint8_t> &b, bool subsampled,
                  const std::string &where) {
  const Apart d = apart(a, b);
  EXPECT_GE(d.max, 0) << where << ": another size";
  if (subsampled) {
    EXPECT_LT(d.mean, 2.0) << where << " (max " << d.max << ")";
  } else {
    EXPECT_LE(d.max, kTolerance) << where;
  }
}

// A picture with edges, gradients and fine detail, `width` x `height`, encoded by the system's
// libjpeg with `quality`; `gray` one component, else RGB with chroma sampled h x v.
std::vector<uint8_t> encode(int width, int height, int quality, bool gray, int h, int v,
                            bool progressive, int restart_rows) {
  jpeg_compress_struct c{};
  jpeg_error_mgr err{};
  c.err = jpeg_std_error(&err);
  jpeg_create_compress(&c);
  unsigned char *buffer = nullptr;
  unsigned long size = 0;
  jpeg_mem_dest(&c, &buffer, &size);
  c.image_width = static_cast<JDIMENSION>(width);
  c.image_height = static_cast<JDIMENSION>(height);
  c.input_components = gray ? 1 : 3;
  c.in_color_space = gray ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_set_defaults(&c);
  jpeg_set_quality(&c, quality, TRUE);
  if (!gray) {
    c.comp_info[0].h_samp_factor = h;
    c.comp_info[0].v_samp_factor = v;
  }
  if (progressive) jpeg_simple_progression(&c);
  c.restart_in_rows = restart_rows;
  jpeg_start_compress(&c, TRUE);
  std::vector<uint8_t> row(static_cast<size_t>(width) * c.input_components);
  while (c.next_scanline < c.image_height) {
    const int y = static_cast<int>(c.next_scanline);
    for (int x = 0; x < width; x++) {
      const int r = (x * 255) / width, g = ((x / 5 + y / 5) % 2) * 180 + 30, b = (y * 7) % 256;
      if (gray) {
        row[x] = static_cast<uint8_t>((r + g + b) / 3);
      } else {
        row[3 * x] = static_cast<uint8_t>(r);
        row[3 * x + 1] = static_cast<uint8_t>(g);
        row[3 * x + 2] = static_cast<uint8_t>(b);
      }
    }
    JSAMPROW p = row.data();
    jpeg_write_scanlines(&c, &p, 1);
  }
  jpeg_finish_compress(&c);
  std::vector<uint8_t> out(buffer, buffer + size);
  jpeg_destroy_compress(&c);
  std::free(buffer);
  return out;
}

class JpegConformance : public testing::TestWithParam<const tb_jpeg_api *> {};

TEST_P(JpegConformance, EveryVectorGivesTheSpecifiedResult) {
  const auto vectors = read_vector_file(corpus_path("jpeg", "vectors.txt"));
  ASSERT_GE(vectors.size(), 11u);
  for (const auto &v : vectors) {
    EXPECT_EQ(run_decompress_vector("jpeg", *GetParam(), v), expected_decompress(*GetParam(), v))
        << v.where();
  }
}

// testimages/testorig.jpg (4:2:0) and testorig.ppm, the original picture it was made from.
TEST_P(JpegConformance, DecodesLibjpegTurbosTestImageCloseToItsOriginal) {
  const auto dir = std::filesystem::path(TB_LIBJPEG_TURBO_TREE) / "testimages";
  const auto ppm = read_file(dir / "testorig.ppm");
  unsigned width = 0, height = 0, maxval = 0;
  int header = 0;
  ASSERT_EQ(std::sscanf(reinterpret_cast<const char *>(ppm.data()), "P6 %u %u %u%n", &width,
                        &height, &maxval, &header),
            3);
  std::vector<uint8_t> original;
  for (uint32_t dimension : {width, height}) {
    for (int shift = 0; shift < 32; shift += 8) original.push_back(uint8_t(dimension >> shift));
  }
  original.insert(original.end(), ppm.begin() + header + 1, ppm.end());
  const Decoded d = decode(*GetParam(), read_file(dir / "testorig.jpg"));
  ASSERT_EQ(d.status, TB_OK);
  expect_close(d.bytes, original, true, "testorig.jpg");
}

// Gray, 4:4:4, 4:2:2, 4:2:0, progressive and with restart markers, at quality 75 and 95, on a
// picture of odd width and height: every implementation decodes each as libjpeg-turbo does,
// as close as the spec says.
TEST_P(JpegConformance, DecodesTheSystemEncodersLayoutsLikeLibjpegTurbo) {
  struct Layout {
    const char *name;
    bool gray;
    int h, v;
    bool progressive;
    int restart_rows;
  };
  const Layout layouts[] = {{"gray", true, 1, 1, false, 0},
                            {"444", false, 1, 1, false, 0},
                            {"422", false, 2, 1, false, 0},
                            {"420", false, 2, 2, false, 0},
                            {"420-progressive", false, 2, 2, true, 0},
                            {"420-restarts", false, 2, 2, false, 1}};
  for (const auto &layout : layouts) {
    for (int quality : {75, 95}) {
      const auto jpeg = encode(61, 37, quality, layout.gray, layout.h, layout.v, layout.progressive,
                               layout.restart_rows);
      const Decoded reference = decode(*impls[0], jpeg);
      const Decoded d = decode(*GetParam(), jpeg);
      const std::string where = std::string(layout.name) + " q" + std::to_string(quality);
      ASSERT_EQ(reference.status, TB_OK) << where;
      ASSERT_EQ(d.status, TB_OK) << where;
      expect_close(d.bytes, reference.bytes, layout.h * layout.v > 1, where);
    }
  }
}

TEST_P(JpegConformance, NullWithALengthIsAnInvalidArgument) {
  uint8_t out[16];
  size_t written = 7;
  EXPECT_EQ(GetParam()->decode(nullptr, 3, out, sizeof out, &written), TB_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(written, 0u);
  const uint8_t soi[] = {0xff, 0xd8};
  EXPECT_EQ(GetParam()->decode(soi, sizeof soi, nullptr, 4, &written), TB_ERR_INVALID_ARGUMENT);
}

INSTANTIATE_TEST_SUITE_P(Impl, JpegConformance, testing::ValuesIn(impls), impl_name<tb_jpeg_api>);

} // namespace
} // namespace twinbench::test
