// png benchmark cases: images made here (no downloaded corpus) and encoded by the system's
// libpng (its simplified writer: default compression and adaptive filters, as most encoders
// write), decoded by every implementation (decompress_cases.h). Sizes are the decoded RGBA
// bytes: 16 KiB (64 x 64) and 1 MiB (512 x 512).
//   photo: RGB, smooth gradients with noise, as a photograph compresses (~2:1);
//   alpha: RGBA, flat shapes on a transparent ground, as an icon or a sprite (~30:1).
#include <cmath>
#include <string>

#include <png.h>

#include "decompress_cases.h"
#include "twinbench/implementations.h"
#include "twinbench/png.h"

TB_DECLARE_IMPLEMENTATIONS(png)

namespace twinbench::bench {
namespace {

// The PNG of `rgba` (side x side pixels), written with `channels` of them (3: alpha dropped),
// and what the contract decodes it to.
Stream png_stream(const std::vector<uint8_t> &rgba, uint32_t side, int channels) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  image.width = image.height = side;
  image.format = channels == 4 ? PNG_FORMAT_RGBA : PNG_FORMAT_RGB;
  std::vector<uint8_t> pixels;
  for (size_t i = 0; i < rgba.size(); i += 4)
    pixels.insert(pixels.end(), &rgba[i], &rgba[i + channels]);
  png_alloc_size_t size = 0;
  if (!png_image_write_to_memory(&image, nullptr, &size, 0, pixels.data(), 0, nullptr)) return {};
  Stream s;
  s.stream.resize(size);
  if (!png_image_write_to_memory(&image, s.stream.data(), &size, 0, pixels.data(), 0, nullptr)) {
    return {};
  }
  s.stream.resize(size);
  for (uint32_t dimension : {side, side}) { // width, height: u32 little endian
    for (int shift = 0; shift < 32; shift += 8)
      s.plain.push_back(static_cast<uint8_t>(dimension >> shift));
  }
  s.plain.insert(s.plain.end(), rgba.begin(), rgba.end());
  if (channels == 3) {
    for (size_t i = 8 + 3; i < s.plain.size(); i += 4) s.plain[i] = 0xff;
  }
  return s;
}

std::vector<uint8_t> photo(uint32_t side) {
  const auto noise = random_bytes(size_t{side} * side, 31);
  std::vector<uint8_t> rgba;
  for (uint32_t y = 0; y < side; y++) {
    for (uint32_t x = 0; x < side; x++) {
      const double u = double(x) / side, v = double(y) / side;
      const int n = noise[size_t{y} * side + x] % 9 - 4;
      for (double c : {200 * u + 30, 120 + 100 * std::sin(6 * v), 180 * u * v + 40}) {
        rgba.push_back(static_cast<uint8_t>(std::lround(c) + n));
      }
      rgba.push_back(0xff);
    }
  }
  return rgba;
}

std::vector<uint8_t> sprite(uint32_t side) {
  std::vector<uint8_t> rgba;
  for (uint32_t y = 0; y < side; y++) {
    for (uint32_t x = 0; x < side; x++) {
      const bool disc = (x - side / 2.0) * (x - side / 2.0) + (y - side / 2.0) * (y - side / 2.0) <
                        side * side / 9.0;
      const bool bar = y % 16 < 4;
      if (disc)
        rgba.insert(rgba.end(), {220, 40, 40, 0xff});
      else if (bar)
        rgba.insert(rgba.end(), {20, 20, 180, 0x80});
      else
        rgba.insert(rgba.end(), {0, 0, 0, 0});
    }
  }
  return rgba;
}

const bool registered = [] {
  for (const char *what : {"photo", "alpha"}) {
    const std::string name = what;
    register_case<tb_png_api>("png", name, TB_IMPLEMENTATIONS(png), {16 << 10, 1 << 20},
                              [name](Measure &m, const tb_png_api &api, size_t size) {
                                const auto side =
                                    static_cast<uint32_t>(std::lround(std::sqrt(size / 4.0)));
                                const Stream &s = made_once(name + "/" + std::to_string(size), [&] {
                                  return name == "photo" ? png_stream(photo(side), side, 3)
                                                         : png_stream(sprite(side), side, 4);
                                });
                                bench_decompress(m, api, s.stream, s.plain);
                              });
  }
  return true;
}();

} // namespace
} // namespace twinbench::bench
