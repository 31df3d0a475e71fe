// jpeg benchmark cases: a picture made here (no downloaded corpus), encoded by the system's
// libjpeg (quality 85, optimized Huffman tables, as a camera or a web encoder writes), decoded
// by every implementation (decompress_cases.h). Sizes are the decoded RGB bytes: 12 KiB
// (64 x 64) and 768 KiB (512 x 512). Each output is checked against the system libjpeg's own
// decoding, within the spec's tolerance. Measured by the process's CPU time: jpeg-decoder
// decodes each component on a thread of its own, and that work counts too.
//   photo-420: 4:2:0 chroma (the common case: upsampling and color conversion);
//   photo-444: full chroma;
//   photo-progressive: 4:2:0, progressive (the web's other common layout).
#include <cmath>
#include <cstdlib>
#include <string>

#include <jpeglib.h>

#include "decompress_cases.h"
#include "twinbench/implementations.h"
#include "twinbench/jpeg.h"

TB_DECLARE_IMPLEMENTATIONS(jpeg)

namespace twinbench::bench {
namespace {

constexpr int kTolerance = 24; // per sample: docs/components/jpeg.md

std::vector<uint8_t> photo(uint32_t side) {
  const auto noise = random_bytes(size_t{side} * side, 41);
  std::vector<uint8_t> rgb;
  for (uint32_t y = 0; y < side; y++) {
    for (uint32_t x = 0; x < side; x++) {
      const double u = double(x) / side, v = double(y) / side;
      const int n = noise[size_t{y} * side + x] % 9 - 4;
      for (double c : {200 * u + 30, 120 + 100 * std::sin(6 * v), 180 * u * v + 40}) {
        rgb.push_back(static_cast<uint8_t>(std::lround(c) + n));
      }
    }
  }
  return rgb;
}

std::vector<uint8_t> encode(const std::vector<uint8_t> &rgb, uint32_t side, int h, int v,
                            bool progressive) {
  jpeg_compress_struct c{};
  jpeg_error_mgr err{};
  c.err = jpeg_std_error(&err);
  jpeg_create_compress(&c);
  unsigned char *buffer = nullptr;
  unsigned long size = 0;
  jpeg_mem_dest(&c, &buffer, &size);
  c.image_width = c.image_height = side;
  c.input_components = 3;
  c.in_color_space = JCS_RGB;
  jpeg_set_defaults(&c);
  jpeg_set_quality(&c, 85, TRUE);
  c.optimize_coding = TRUE;
  c.comp_info[0].h_samp_factor = h;
  c.comp_info[0].v_samp_factor = v;
  if (progressive) jpeg_simple_progression(&c);
  jpeg_start_compress(&c, TRUE);
  while (c.next_scanline < c.image_height) {
    JSAMPROW row = const_cast<uint8_t *>(rgb.data()) + size_t{3} * side * c.next_scanline;
    jpeg_write_scanlines(&c, &row, 1);
  }
  jpeg_finish_compress(&c);
  std::vector<uint8_t> out(buffer, buffer + size);
  jpeg_destroy_compress(&c);
  std::free(buffer);
  return out;
}

// The system libjpeg's decoding of `jpeg` in the contract's layout: what outputs are checked
// against.
std::vector<uint8_t> system_decoding(const std::vector<uint8_t> &jpeg) {
  jpeg_decompress_struct d{};
  jpeg_error_mgr err{};
  d.err = jpeg_std_error(&err);
  jpeg_create_decompress(&d);
  jpeg_mem_src(&d, jpeg.data(), jpeg.size());
  jpeg_read_header(&d, TRUE);
  d.out_color_space = JCS_RGB;
  jpeg_start_decompress(&d);
  std::vector<uint8_t> out;
  for (uint32_t dimension : {d.output_width, d.output_height}) {
    for (int shift = 0; shift < 32; shift += 8) out.push_back(uint8_t(dimension >> shift));
  }
  std::vector<uint8_t> row(size_t{3} * d.output_width);
  while (d.output_scanline < d.output_height) {
    JSAMPROW p = row.data();
    jpeg_read_scanlines(&d, &p, 1);
    out.insert(out.end(), row.begin(), row.end());
  }
  jpeg_finish_decompress(&d);
  jpeg_destroy_decompress(&d);
  return out;
}

const bool registered = [] {
  struct Layout {
    const char *name;
    int h, v;
    bool progressive;
  };
  for (const Layout layout : {Layout{"photo-420", 2, 2, false}, Layout{"photo-444", 1, 1, false},
                              Layout{"photo-progressive", 2, 2, true}}) {
    register_case<tb_jpeg_api>(
        "jpeg", layout.name, TB_IMPLEMENTATIONS(jpeg), {12 << 10, 768 << 10},
        [layout](Measure &m, const tb_jpeg_api &api, size_t size) {
          const auto side = static_cast<uint32_t>(std::lround(std::sqrt(size / 3.0)));
          const Stream &s = made_once(std::string(layout.name) + "/" + std::to_string(size), [&] {
            const auto jpeg = encode(photo(side), side, layout.h, layout.v, layout.progressive);
            return Stream{system_decoding(jpeg), jpeg};
          });
          bench_decompress(m, api, s.stream, s.plain, 8, kTolerance);
        },
        Timing::process_cpu); // jpeg-decoder decodes on worker threads of its own
  }
  return true;
}();

} // namespace
} // namespace twinbench::bench
