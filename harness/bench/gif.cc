// gif benchmark cases: frames made here (no downloaded corpus), encoded by the system's giflib
// (EGifSpew: LZW as every GIF encoder writes it), decoded by every implementation
// (decompress_cases.h). Sizes are the decoded indices: 4 KiB (64 x 64) and 256 KiB (512 x 512).
//   photo:     one frame, 256 colors, smooth gradients with noise: long codes, few repeats;
//   animation: eight frames of 16 colors, flat shapes moving: long runs, many repeats.
#include <cmath>
#include <string>

#include <gif_lib.h>

#include "decompress_cases.h"
#include "twinbench/gif.h"
#include "twinbench/implementations.h"

TB_DECLARE_IMPLEMENTATIONS(gif)

namespace twinbench::bench {
namespace {

struct Picture {
  uint32_t side;
  int colors;
  std::vector<std::vector<uint8_t>> frames; // side x side indices each
};

void put_u32(std::vector<uint8_t> &out, uint32_t v) {
  for (int shift = 0; shift < 32; shift += 8) out.push_back(static_cast<uint8_t>(v >> shift));
}

uint8_t level(int c, int colors) { return static_cast<uint8_t>(c * 255 / (colors - 1)); }

// The GIF of `p` (a gray palette of p.colors entries) by the system's giflib, and what the
// contract decodes it to.
Stream gif_stream(const Picture &p) {
  std::vector<GifColorType> gray(static_cast<size_t>(p.colors));
  for (int c = 0; c < p.colors; c++)
    gray[c] = {level(c, p.colors), level(c, p.colors), level(c, p.colors)};
  Stream s;
  int error = 0;
  GifFileType *gif = EGifOpen(
      &s.stream,
      [](GifFileType *g, const GifByteType *bytes, int n) {
        auto *out = static_cast<std::vector<uint8_t> *>(g->UserData);
        out->insert(out->end(), bytes, bytes + n);
        return n;
      },
      &error);
  if (gif == nullptr) return {};
  gif->SWidth = gif->SHeight = static_cast<GifWord>(p.side);
  gif->SColorResolution = 8;
  gif->SColorMap = GifMakeMapObject(p.colors, gray.data());
  for (const auto &indices : p.frames) {
    SavedImage *frame = GifMakeSavedImage(gif, nullptr);
    frame->ImageDesc = {0,     0,      static_cast<GifWord>(p.side), static_cast<GifWord>(p.side),
                        false, nullptr};
    frame->RasterBits = static_cast<GifByteType *>(malloc(indices.size()));
    std::copy(indices.begin(), indices.end(), frame->RasterBits);
  }
  if (EGifSpew(gif) != GIF_OK) return {}; // EGifSpew closes and frees gif either way
  put_u32(s.plain, p.side);
  put_u32(s.plain, p.side);
  put_u32(s.plain, static_cast<uint32_t>(p.frames.size()));
  for (const auto &indices : p.frames) {
    for (uint32_t v : {0u, 0u, p.side, p.side, 0xffffffffu, static_cast<uint32_t>(p.colors)})
      put_u32(s.plain, v);
    for (int c = 0; c < p.colors; c++) s.plain.insert(s.plain.end(), 3, level(c, p.colors));
    s.plain.insert(s.plain.end(), indices.begin(), indices.end());
  }
  return s;
}

Picture photo(uint32_t side) {
  const auto noise = random_bytes(size_t{side} * side, 51);
  Picture p{side, 256, {{}}};
  for (uint32_t y = 0; y < side; y++) {
    for (uint32_t x = 0; x < side; x++) {
      const double v = 127 + 60 * std::sin(6.0 * x / side) + 50 * std::cos(4.0 * y / side);
      p.frames[0].push_back(
          static_cast<uint8_t>(std::lround(v) + noise[size_t{y} * side + x] % 9 - 4));
    }
  }
  return p;
}

Picture animation(uint32_t side) {
  Picture p{side, 16, {}};
  for (uint32_t f = 0; f < 8; f++) {
    std::vector<uint8_t> indices;
    for (uint32_t y = 0; y < side; y++) {
      for (uint32_t x = 0; x < side; x++) {
        const bool box = (x + f * side / 16) % side < side / 3 && y > side / 4 && y < side / 2;
        indices.push_back(box ? static_cast<uint8_t>(1 + f) : static_cast<uint8_t>(y * 8 / side));
      }
    }
    p.frames.push_back(indices);
  }
  return p;
}

const bool registered = [] {
  for (const char *what : {"photo", "animation"}) {
    const std::string name = what;
    register_case<tb_gif_api>(
        "gif", name, TB_IMPLEMENTATIONS(gif), {4 << 10, 256 << 10},
        [name](Measure &m, const tb_gif_api &api, size_t size) {
          const auto side = static_cast<uint32_t>(std::lround(std::sqrt(double(size))));
          const Stream &s = made_once(name + "/" + std::to_string(size), [&] {
            return gif_stream(name == "photo" ? photo(side) : animation(side));
          });
          bench_decompress(m, api, s.stream, s.plain);
        });
  }
  return true;
}();

} // namespace
} // namespace twinbench::bench
