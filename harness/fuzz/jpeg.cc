// jpeg fuzz driver. Spec: docs/components/jpeg.md
//   one implementation: decompress.h's checks, and an accepted image is exactly as large as
//                       the width and height it starts with say;
//   diff:               every implementation: accepted or not (errors by class), the size, and
//                       the pixels within the spec's tolerance (the IDCTs and color conversions
//                       round differently); the spec's known differences are disagreements.
#include <algorithm>
#include <string>
#include <vector>

#include "decompress.h"
#include "twinbench/implementations.h"
#include "twinbench/jpeg.h"

TB_DECLARE_IMPLEMENTATIONS(jpeg)

namespace twinbench::fuzz {
namespace {

#ifdef TB_FUZZ_DIFF
// Per sample, after the 8 bytes of width and height (docs/components/jpeg.md).
constexpr decompress::Tolerance kTolerance{8, 24};

// What the segments say (the frame header's fields, and whether bytes other than markers sit
// between segments), as far as the known differences need it.
struct Frame {
  bool rare_coding = false; // arithmetic, lossless or hierarchical, or samples of other than 8 bits
  bool subsampled = false;  // some component sampled less often than another: upsampling
  bool extraneous = false;  // bytes other than 0xff fill where a marker should start
  // a scan names a Huffman table 0 or 1 that no DHT defined before it: libjpeg-turbo then takes
  // T.81's example tables (K.3), as Motion-JPEG frames expect; the others refuse the scan
  bool default_huffman = false;
  // Facts the known bugs of stb_image hinge on (it mallocs its tables and reads them unchecked):
  bool undefined_quant = false;   // a frame component's quantization table, no DQT before the scan
  bool undefined_huffman = false; // a table a scan decodes with, no DHT before it
};

Frame frame_of(const uint8_t *data, size_t size) {
  Frame f;
  unsigned defined[2] = {0, 0}; // DC and AC: a bit per table id a DHT defined
  unsigned quant_defined = 0;   // a bit per table id a DQT defined
  unsigned quant_used = 0;      // a bit per table id a frame component names
  size_t at = 2;                // after SOI
  while (at + 4 <= size) {
    if (data[at] != 0xff) { // not a marker: skip to the next 0xff, as lenient decoders do
      f.extraneous = true;
      at++;
      continue;
    }
    const uint8_t marker = data[at + 1];
    if (marker == 0xff) { // fill byte
      at++;
      continue;
    }
    if (marker == 0xd9) return f; // end of image
    const size_t length = size_t{data[at + 2]} << 8 | data[at + 3];
    if (marker == 0xda) { // a scan: its header, then entropy-coded data up to the next marker
      const size_t count = at + 4 < size ? data[at + 4] : 0;
      f.undefined_quant |= (quant_used & ~quant_defined) != 0;
      if (at + 7 + 2 * count <= size) {
        const bool dc = data[at + 5 + 2 * count] == 0, ac = data[at + 6 + 2 * count] > 0;
        // a DC refinement scan (Ah > 0) reads raw bits, no table
        const bool dc_coded = dc && (at + 7 + 2 * count == size || data[at + 7 + 2 * count] < 16);
        for (size_t c = 0; c < count; c++) {
          const unsigned td = data[at + 6 + 2 * c] >> 4, ta = data[at + 6 + 2 * c] & 15;
          f.default_huffman |= (dc && td <= 1 && !(defined[0] >> td & 1)) ||
                               (ac && ta <= 1 && !(defined[1] >> ta & 1));
          f.undefined_huffman |= (dc_coded && td < 4 && !(defined[0] >> td & 1)) ||
                                 (ac && ta < 4 && !(defined[1] >> ta & 1));
        }
      }
      at += 2 + length;
      while (at + 1 < size && !(data[at] == 0xff && data[at + 1] != 0 &&
                                (data[at + 1] < 0xd0 || data[at + 1] > 0xd7))) {
        at++;
      }
      continue;
    }
    if (marker == 0xc4) { // DHT: tables of 1 + 16 + (their code count) bytes each
      for (size_t t = at + 4; t + 17 <= std::min(size, at + 2 + length);) {
        size_t codes = 0;
        for (size_t i = 1; i <= 16; i++) codes += data[t + i];
        if ((data[t] >> 4) <= 1 && (data[t] & 15) < 4)
          defined[data[t] >> 4] |= 1u << (data[t] & 15);
        t += 17 + codes;
      }
    }
    if (marker == 0xdb) { // DQT: tables of 1 + 64 (8-bit) or 128 (16-bit) bytes each
      for (size_t t = at + 4; t < std::min(size, at + 2 + length);) {
        if ((data[t] & 15) < 4) quant_defined |= 1u << (data[t] & 15);
        t += 1 + ((data[t] >> 4) != 0 ? 128 : 64);
      }
    }
    const bool sof =
        marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
    if (sof && at + 10 <= size) {
      f.rare_coding = (marker != 0xc0 && marker != 0xc1 && marker != 0xc2) || data[at + 4] != 8;
      const size_t components = data[at + 9];
      for (size_t c = 1; c < components && at + 11 + 3 * c < size; c++) {
        f.subsampled |= data[at + 11 + 3 * c] != data[at + 11];
      }
      for (size_t c = 0; c < components && at + 12 + 3 * c < size; c++) {
        if (data[at + 12 + 3 * c] < 4) quant_used |= 1u << data[at + 12 + 3 * c];
      }
    }
    at += 2 + length;
  }
  return f;
}

// The fact of the input a divergence is signed with (decompress::compare's facet): stb_image's
// known bugs for tables never defined show only on such inputs, and other divergences of the
// same shape (a scan cut short, which stb_image pads with zeros) must not be credited to them.
std::string facet_of(const uint8_t *data, size_t size) {
  const Frame f = frame_of(data, size);
  if (f.undefined_quant) return "undefined-quant-table";
  if (f.undefined_huffman) return "undefined-huffman-table";
  return {};
}

// How many implementations accept the input.
size_t accepting(const std::vector<const tb_jpeg_api *> &impls, const uint8_t *data, size_t size) {
  size_t n = 0;
  for (const tb_jpeg_api *api : impls) {
    n += decompress::run("jpeg", *api, data, size, decompress::kCapacity).status == TB_OK;
  }
  return n;
}

// The spec's known differences (docs/components/jpeg.md), by the results they show.
const char *known_difference(const std::vector<const tb_jpeg_api *> &impls, const uint8_t *data,
                             size_t size, const char *a_impl, const decompress::Compared &a,
                             const char *b_impl, const decompress::Compared &b) {
  if (const char *kind = decompress::size_order(a, b)) return kind;
  const Frame frame = frame_of(data, size);
  // unsupported: one decoder does not implement what the frame needs (or CMYK output, which the
  // contract leaves out and stb_image converts anyway).
  if (a.status == TB_ERR_UNSUPPORTED || b.status == TB_ERR_UNSUPPORTED) return "unsupported";
  if (a.status_class != b.status_class && frame.rare_coding) return "unsupported";
  // extraneous-bytes: bytes where a marker should start (a segment's length is off) are
  // skipped by jpeg-decoder, and by libjpeg-turbo with a warning (an error here), refused by
  // stb_image.
  if ((a.status == TB_OK) != (b.status == TB_OK) && frame.extraneous) return "extraneous-bytes";
  // default-huffman-tables: libjpeg-turbo decodes a scan whose Huffman table 0 or 1 was never
  // defined with T.81's example tables; the others refuse it.
  const std::string accepted_by = a.status == TB_OK ? a_impl : b_impl;
  if ((a.status == TB_OK) != (b.status == TB_OK) && frame.default_huffman &&
      accepted_by == "libjpeg-turbo") {
    return "default-huffman-tables";
  }
  // strictness: T.81 defines no error recovery, and the decoders decode on through different
  // defects. When most implementations accept an input, the one that rejects it is stricter
  // (a known difference); when most reject it, the one that accepts it is a finding.
  if ((a.status == TB_OK) != (b.status == TB_OK) &&
      2 * accepting(impls, data, size) > impls.size()) {
    return "strictness";
  }
  // upsampling: JPEG leaves upsampling to the decoder (T.81 A.1.1); the decoders interpolate
  // subsampled components differently, most of all at the right and bottom edges.
  const bool same_size = a.status == TB_OK && b.status == TB_OK &&
                         a.bytes.size() == b.bytes.size() &&
                         std::equal(a.bytes.begin(), a.bytes.begin() + 8, b.bytes.begin());
  if (same_size && frame.subsampled) return "upsampling";
  return nullptr;
}
#endif

} // namespace
} // namespace twinbench::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const twinbench::fuzz::CurrentInput input(data, size);
  static const std::vector<const tb_jpeg_api *> impls = TB_IMPLEMENTATIONS(jpeg);
#ifdef TB_FUZZ_DIFF
  twinbench::fuzz::decompress::compare(
      "jpeg", impls, data, size,
      [&](const char *a_impl, const auto &a, const char *b_impl, const auto &b) {
        return twinbench::fuzz::known_difference(impls, data, size, a_impl, a, b_impl, b);
      },
      twinbench::fuzz::kTolerance, twinbench::fuzz::facet_of(data, size));
#else
  twinbench::fuzz::decompress::check_image("jpeg", *impls[0], data, size, tb_jpeg_decoded_size);
#endif
  return 0;
}
