// png fuzz driver. Spec: docs/components/png.md
//   one implementation: decompress.h's checks, and an accepted image is exactly as large as
//                       the width and height it starts with say;
//   diff:               every implementation: accepted or not (errors by class) and the pixels;
//                       the spec's known differences are disagreements, not findings.
#include <algorithm>
#include <string>
#include <vector>

#include "decompress.h"
#include "twinbench/implementations.h"
#include "twinbench/png.h"

TB_DECLARE_IMPLEMENTATIONS(png)

namespace twinbench::fuzz {
namespace {

#ifdef TB_FUZZ_DIFF
uint32_t u32be(const uint8_t *p) {
  return static_cast<uint32_t>(p[0]) << 24 | static_cast<uint32_t>(p[1]) << 16 |
         static_cast<uint32_t>(p[2]) << 8 | p[3];
}

// The input up to the end of its image data (the signature, the chunks before the first IDAT,
// the IDAT run), then an IEND: what the contract reads of it. Empty when the chunks cannot be
// followed that far, or when nothing but IEND follows the image data.
std::vector<uint8_t> image_part(const uint8_t *data, size_t size) {
  static constexpr uint8_t iend[] = {0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82};
  size_t at = 8;
  bool in_image_data = false;
  while (at + 12 <= size) {
    const bool idat = std::equal(data + at + 4, data + at + 8, "IDAT");
    if (in_image_data && !idat) {
      if (size - at == sizeof iend && std::equal(iend, iend + sizeof iend, data + at)) return {};
      std::vector<uint8_t> part(data, data + at);
      part.insert(part.end(), iend, iend + sizeof iend);
      return part;
    }
    in_image_data = idat;
    const size_t chunk = size_t{12} + u32be(data + at);
    if (chunk > size - at) return {};
    at += chunk;
  }
  return {};
}

// The spec's known differences (docs/components/png.md), by the results they show.
const char *known_difference(const std::vector<const tb_png_api *> &impls, const uint8_t *data,
                             size_t size, const char *a_impl, const decompress::Compared &a,
                             const char *b_impl, const decompress::Compared &b) {
  const auto either = [&](auto &&pred) { return pred(a, b) || pred(b, a); };
  // after-image: stb_image reads every chunk up to IEND, the others stop after the image data
  // (the spec reads no further): given only what the contract reads, they agree.
  if (const auto part = image_part(data, size); !part.empty()) {
    if (decompress::result_of("png", impls, a_impl, part) ==
        decompress::result_of("png", impls, b_impl, part))
      return "after-image";
  }
  // size-order (decompress.h): stb_image reads the header alone; libpng and the png crate read
  // every chunk before the image data first, and libpng refuses a width or height over
  // 1,000,000 outright.
  if (const char *kind = decompress::size_order(a, b)) return kind;
  // checksum-unchecked: one decoder checks a CRC-32 or the image data's Adler-32 that the other
  // does not (stb_image checks neither).
  if (either([](const auto &x, const auto &y) {
        return x.status == TB_ERR_BAD_CHECKSUM && y.status == TB_OK;
      })) {
    return "checksum-unchecked";
  }
  return nullptr;
}
#endif

} // namespace
} // namespace twinbench::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const std::vector<const tb_png_api *> impls = TB_IMPLEMENTATIONS(png);
#ifdef TB_FUZZ_DIFF
  twinbench::fuzz::decompress::compare(
      "png", impls, data, size,
      [&](const char *a_impl, const auto &a, const char *b_impl, const auto &b) {
        return twinbench::fuzz::known_difference(impls, data, size, a_impl, a, b_impl, b);
      });
#else
  twinbench::fuzz::decompress::check_image("png", *impls[0], data, size, tb_png_decoded_size);
#endif
  return 0;
}
