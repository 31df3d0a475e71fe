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

constexpr uint8_t kIend[] = {0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82};

bool is_chunk(const uint8_t *chunk, const char *type) {
  return std::equal(chunk + 4, chunk + 8, type);
}

// The input up to the end of its image data (the signature, the chunks before the first IDAT,
// the IDAT run), then an IEND: what the contract reads of it. Empty when the chunks cannot be
// followed that far, or when nothing but IEND follows the image data. What follows may be
// anything: a chunk, a piece of one, or nothing (no IEND).
std::vector<uint8_t> image_part(const uint8_t *data, size_t size) {
  size_t at = 8;
  bool in_image_data = false;
  while (at <= size) {
    const bool idat = size - at >= 8 && is_chunk(data + at, "IDAT");
    if (in_image_data && !idat) {
      if (size - at == sizeof kIend && std::equal(kIend, kIend + sizeof kIend, data + at))
        return {};
      std::vector<uint8_t> part(data, data + at);
      part.insert(part.end(), kIend, kIend + sizeof kIend);
      return part;
    }
    if (size - at < 12) return {};
    in_image_data = idat;
    const size_t chunk = size_t{12} + u32be(data + at);
    if (chunk > size - at) return {};
    at += chunk;
  }
  return {};
}

// The input without the ancillary chunks no decoder here uses (all but tRNS: the contract asks
// for no gamma, background or text): what stb_image skips unread, name and CRC unchecked. Empty
// when the chunks cannot be followed to the end of the input, or when none is dropped.
std::vector<uint8_t> used_chunks(const uint8_t *data, size_t size) {
  if (size < 8) return {};
  std::vector<uint8_t> used(data, data + 8);
  bool dropped = false;
  for (size_t at = 8; at < size;) {
    if (size - at < 12) return {};
    const size_t chunk = size_t{12} + u32be(data + at);
    if (chunk > size - at) return {};
    const bool ancillary = (data[at + 4] & 0x20) != 0;
    if (ancillary && !is_chunk(data + at, "tRNS")) {
      dropped = true;
    } else {
      used.insert(used.end(), data + at, data + at + chunk);
    }
    at += chunk;
  }
  return dropped ? used : std::vector<uint8_t>{};
}

// The spec's known differences (docs/components/png.md): first those the results show, then
// those an input rewritten to what the contract reads shows.
const char *known_difference(const std::vector<const tb_png_api *> &impls, const uint8_t *data,
                             size_t size, const char *a_impl, const decompress::Compared &a,
                             const char *b_impl, const decompress::Compared &b) {
  const auto either = [&](auto &&pred) { return pred(a, b) || pred(b, a); };
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
  // after-image: stb_image reads every chunk up to IEND, the others stop after the image data
  // (the spec reads no further): given only what the contract reads, they agree (or differ
  // only as the spec knows).
  if (const auto part = image_part(data, size); !part.empty()) {
    const auto pa = decompress::result_of("png", impls, a_impl, part);
    const auto pb = decompress::result_of("png", impls, b_impl, part);
    if (pa == pb || known_difference(impls, part.data(), part.size(), a_impl, pa, b_impl, pb))
      return "after-image";
  }
  // skipped-chunk: stb_image skips an ancillary chunk it does not use without reading its name
  // or CRC, which libpng and the png crate check. Without those chunks they agree, or differ
  // only as the spec knows (a broken CRC in a chunk all use: checksum-unchecked).
  if (const auto used = used_chunks(data, size); !used.empty()) {
    const auto ua = decompress::result_of("png", impls, a_impl, used);
    const auto ub = decompress::result_of("png", impls, b_impl, used);
    if (ua == ub || known_difference(impls, used.data(), used.size(), a_impl, ua, b_impl, ub))
      return "skipped-chunk";
  }
  return nullptr;
}
#endif

} // namespace
} // namespace twinbench::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const twinbench::fuzz::CurrentInput input(data, size);
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
