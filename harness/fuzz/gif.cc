// gif fuzz driver. Spec: docs/components/gif.md
//   one implementation: decompress.h's checks, and what it accepts is the contract's
//                       serialization: its frames' fields add up to exactly the bytes written;
//   diff:               every implementation: accepted or not (errors by class) and the bytes
//                       (screen, every frame's place, palette, transparency and indices); where
//                       one rejects what the other accepts, the LZW framing is rewritten and
//                       both re-run to tell a known difference from a wrong rejection.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "decompress.h"
#include "twinbench/gif.h"
#include "twinbench/implementations.h"

TB_DECLARE_IMPLEMENTATIONS(gif)

namespace twinbench::fuzz {
namespace {

// What a frame of the contract's serialization says of itself.
struct FrameFields {
  uint64_t width, height, palette_entries;
};

// Walks the contract's serialization, showing `see` each frame; false when its own fields do
// not add up to exactly its size.
template <typename See> bool walk(const std::vector<uint8_t> &b, See see) {
  size_t at = 0;
  bool inside = true;
  const auto u32 = [&]() -> uint64_t {
    if (b.size() - at < 4) {
      inside = false;
      return 0;
    }
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) v |= static_cast<uint32_t>(b[at + i]) << (8 * i);
    at += 4;
    return v;
  };
  u32(); // screen width
  u32(); // screen height
  for (uint64_t frames = u32(); frames > 0 && inside; frames--) {
    u32(); // left
    u32(); // top
    const uint64_t width = u32(), height = u32();
    u32(); // transparent index
    const uint64_t entries = u32();
    see(FrameFields{width, height, entries});
    const uint64_t palette = 3 * entries, indices = width * height;
    if (!inside || palette > b.size() - at || indices > b.size() - at - palette) return false;
    at += palette + indices;
  }
  return inside && at == b.size();
}

#ifdef TB_FUZZ_DIFF
// LZW framing (GIF89a Appendix F), which the decoders read differently: giflib starts every
// frame with a fresh table and stops at the frame's last pixel; weezl wants a clear code first
// and reads on to the end code. The diff rewrites the framing away and re-runs both.

// How a frame's LZW data is rewritten: always a clear code first where the encoder sent none
// (Appendix F: encoders should send one); then, if asked, an end code right after the last
// pixel, and a clear code that follows a clear code dropped (it changes nothing).
struct Framing {
  bool end_after_last_pixel = false;
  bool drop_repeated_clears = false;
};

// Packs codes least significant bit first, as GIF does.
class BitWriter {
public:
  void put(uint32_t value, int width) {
    for (int i = 0; i < width; i++, bits_++) {
      if (bits_ % 8 == 0) bytes_.push_back(0);
      bytes_.back() |= static_cast<uint8_t>(((value >> i) & 1) << (bits_ % 8));
    }
  }
  const std::vector<uint8_t> &bytes() const { return bytes_; }

private:
  std::vector<uint8_t> bytes_;
  uint64_t bits_ = 0;
};

// The code of `width` bits at bit `bit` of LZW data (least significant bit first), if there.
std::optional<uint32_t> code_at(const std::vector<uint8_t> &lzw, uint64_t bit, int width) {
  if (bit + width > 8 * lzw.size()) return std::nullopt;
  uint32_t c = 0;
  for (int i = 0; i < width; i++, bit++) c |= ((lzw[bit / 8] >> (bit % 8)) & 1u) << i;
  return c;
}

// How a frame's LZW codes end, read from its start up to its last pixel.
enum class CodesEnd { last_pixel, end_code, undefined_code, data_end };

// Reads one frame's LZW data (its sub-blocks joined) as a GIF decoder does: least significant
// bit first, the width growing with the table up to 12 bits, each code's string length for the
// pixel count. `see(code, width)` is shown every code up to the one that gives the last pixel;
// `*width_after` is the width of the code that would follow.
template <typename See>
CodesEnd read_codes(const std::vector<uint8_t> &lzw, int min_size, uint64_t pixels, See see,
                    int *width_after = nullptr) {
  const uint32_t clear = 1u << min_size, end = clear + 1;
  uint32_t next = end + 1;
  int width = min_size + 1;
  std::vector<uint32_t> length(4096, 0);
  std::optional<uint32_t> previous; // the previous code's string length; none after a clear
  uint64_t bit = 0, decoded = 0;
  CodesEnd how = CodesEnd::last_pixel;
  while (decoded < pixels) {
    const std::optional<uint32_t> code = code_at(lzw, bit, width);
    if (!code) {
      how = CodesEnd::data_end;
      break;
    }
    const uint32_t c = *code;
    bit += width;
    if (c == end) {
      how = CodesEnd::end_code;
      break;
    }
    uint32_t len = 1; // a literal
    if (c > clear) {
      if (!previous || c > next) {
        how = CodesEnd::undefined_code;
        break;
      }
      // c == next: the string being defined, the previous one and its first byte.
      len = c < next ? length[c] : *previous + 1;
    }
    see(c, width);
    if (c == clear) {
      next = end + 1;
      width = min_size + 1;
      previous.reset();
      continue;
    }
    if (previous && next < 4096) {
      length[next++] = *previous + 1;
      if (next == (1u << width) && width < 12) width++;
    }
    previous = len;
    decoded += len;
  }
  if (width_after) *width_after = width;
  return how;
}

// One frame's LZW data with its framing rewritten; nothing when the rewrite needs the last
// pixel and the codes end before it.
std::optional<std::vector<uint8_t>> reframe(const std::vector<uint8_t> &lzw, int min_size,
                                            uint64_t pixels, Framing framing) {
  const uint32_t clear = 1u << min_size, end = clear + 1;
  const bool starts_with_clear = code_at(lzw, 0, min_size + 1) == clear;
  BitWriter out;
  if (!starts_with_clear) out.put(clear, min_size + 1);
  if (!framing.end_after_last_pixel) {
    for (uint8_t b : lzw) out.put(b, 8);
    return out.bytes();
  }
  bool after_clear = !starts_with_clear; // the clear code put above
  int width = 0;
  const CodesEnd how = read_codes(
      lzw, min_size, pixels,
      [&](uint32_t c, int w) {
        if (!(c == clear && after_clear && framing.drop_repeated_clears)) out.put(c, w);
        after_clear = c == clear;
      },
      &width);
  if (how != CodesEnd::last_pixel) return std::nullopt;
  out.put(end, width);
  return out.bytes();
}

// The input with each frame's LZW data replaced by `rewrite(lzw, min_size, pixels)` (its
// sub-blocks joined; written back in sub-blocks of 255); empty when its blocks cannot be
// followed or a rewrite gives nothing. The rest, from the trailer on, is kept as it is.
template <typename Rewrite>
std::vector<uint8_t> rewrite_frames(const uint8_t *data, size_t size, Rewrite rewrite) {
  if (size < 13) return {};
  size_t at = 13;
  if (data[10] & 0x80) at += size_t{3} << ((data[10] & 7) + 1); // the global color table
  if (at > size) return {};
  std::vector<uint8_t> out(data, data + at);
  // Steps over sub-blocks up to their terminator, joining their data into `joined`.
  const auto sub_blocks = [&](std::vector<uint8_t> *joined) {
    while (at < size) {
      const size_t len = data[at];
      if (len > size - at - 1) return false;
      if (joined) joined->insert(joined->end(), data + at + 1, data + at + 1 + len);
      at += 1 + len;
      if (len == 0) return true;
    }
    return false;
  };
  while (at < size) {
    const size_t start = at;
    if (data[at] == 0x21) { // an extension: label, sub-blocks
      if (size - at < 2) return {};
      at += 2;
      if (!sub_blocks(nullptr)) return {};
      out.insert(out.end(), data + start, data + at);
    } else if (data[at] == 0x2c) { // an image: descriptor, color table, LZW code size, data
      if (size - at < 11) return {};
      const uint64_t width = data[at + 5] | data[at + 6] << 8,
                     height = data[at + 7] | data[at + 8] << 8;
      const uint8_t flags = data[at + 9];
      at += 10;
      if (flags & 0x80) at += size_t{3} << ((flags & 7) + 1);
      if (at >= size) return {};
      const int min_size = data[at++];
      out.insert(out.end(), data + start, data + at);
      std::vector<uint8_t> lzw;
      if (min_size < 1 || min_size > 8 || !sub_blocks(&lzw)) return {};
      const std::optional<std::vector<uint8_t>> framed = rewrite(lzw, min_size, width * height);
      if (!framed) return {};
      for (size_t i = 0; i < framed->size(); i += 255) {
        const size_t len = std::min<size_t>(255, framed->size() - i);
        out.push_back(static_cast<uint8_t>(len));
        out.insert(out.end(), framed->begin() + i, framed->begin() + i + len);
      }
      out.push_back(0);
    } else {
      out.insert(out.end(), data + at, data + size);
      break;
    }
  }
  return out;
}

// Whether a frame's LZW data use a code not yet in the table before its last pixel.
bool uses_undefined_code(const uint8_t *data, size_t size) {
  bool undefined = false;
  rewrite_frames(data, size, [&](const std::vector<uint8_t> &lzw, int min_size, uint64_t pixels) {
    undefined |=
        read_codes(lzw, min_size, pixels, [](uint32_t, int) {}) == CodesEnd::undefined_code;
    return std::optional(lzw);
  });
  return undefined;
}

// The spec's known differences (docs/components/gif.md), by the results they show.
const char *known_difference(const std::vector<const tb_gif_api *> &impls, const uint8_t *data,
                             size_t size, const char *a_impl, const decompress::Compared &a,
                             const char *b_impl, const decompress::Compared &b) {
  // unknown-version: giflib reads "GIF" and any three bytes after it; the gif crate only the
  // versions 87a and 89a.
  const bool known_version =
      size >= 6 && (std::equal(data + 3, data + 6, "87a") || std::equal(data + 3, data + 6, "89a"));
  if (!known_version && a.status_class != b.status_class) return "unknown-version";
  // What the accepting side's frames show, when the other side rejects.
  const auto accepted_one = [&](auto &&frame_shows) {
    const auto shows = [&](const decompress::Compared &x) {
      bool seen = false;
      return x.status == TB_OK &&
             walk(x.bytes, [&](const FrameFields &f) { seen |= frame_shows(f); }) && seen;
    };
    return (shows(a) && b.status_class == "rejected") || (shows(b) && a.status_class == "rejected");
  };
  // no-image: a GIF without a single image (GIF89a allows it): giflib refuses it, the gif crate
  // accepts it unless it meets the end of the input looking for one.
  const auto no_frames = [](const decompress::Compared &x) {
    return x.status == TB_OK && x.bytes.size() == 12 && x.bytes[8] == 0 && x.bytes[9] == 0 &&
           x.bytes[10] == 0 && x.bytes[11] == 0;
  };
  if ((no_frames(a) && b.status_class == "rejected") ||
      (no_frames(b) && a.status_class == "rejected")) {
    return "no-image";
  }
  // no-palette: giflib decodes a frame with neither a local nor a global color table (its
  // indices need none), the gif crate refuses it.
  if (accepted_one([](const FrameFields &f) { return f.palette_entries == 0; })) {
    return "no-palette";
  }
  // zero-size-frame: the gif crate takes a frame of width or height 0 (when it does not hang on
  // it: known bug zero-size-frame), giflib refuses it.
  if (accepted_one([](const FrameFields &f) { return f.width == 0 || f.height == 0; })) {
    return "zero-size-frame";
  }
  // no-leading-clear, after-last-pixel: one accepts, the other rejects, and rewriting the LZW
  // framing (a clear code first; then also an end code right after the last pixel) changes
  // nothing for the accepting side and makes the other agree.
  const auto reconciled_by = [&](Framing framing) {
    const std::vector<uint8_t> rewritten = rewrite_frames(
        data, size, [&](const std::vector<uint8_t> &lzw, int min_size, uint64_t pixels) {
          return reframe(lzw, min_size, pixels, framing);
        });
    const bool a_accepts = a.status == TB_OK;
    const decompress::Compared &accepted = a_accepts ? a : b;
    return !rewritten.empty() && (a_accepts || b.status == TB_OK) &&
           decompress::result_of("gif", impls, a_impl, rewritten) == accepted &&
           decompress::result_of("gif", impls, b_impl, rewritten) == accepted;
  };
  if (a.status_class != b.status_class) {
    if (reconciled_by({})) return "no-leading-clear";
    if (reconciled_by({.end_after_last_pixel = true})) return "after-last-pixel";
    // Two clear codes in a row are valid LZW data (the second changes nothing): rejecting them
    // is a bug (known bug repeated-clear), reported as a spec violation of its own.
    if (reconciled_by({.end_after_last_pixel = true, .drop_repeated_clears = true})) {
      violation("gif", std::string(a.status == TB_OK ? b_impl : a_impl) + " rejects " +
                           hex(data, size) +
                           ", which decodes alike everywhere once each repeated clear code is "
                           "dropped from its LZW data");
    }
    // An LZW code that is not yet in the table is invalid data: decoding it to pixels is a
    // bug (known bug undefined-code), reported as a spec violation of its own.
    if (uses_undefined_code(data, size)) {
      violation("gif",
                std::string(a.status == TB_OK ? a_impl : b_impl) + " accepts " + hex(data, size) +
                    ", whose LZW data use a code not yet in the table before the last pixel");
    }
  }
  return nullptr;
}
#else
void check(const tb_gif_api &api, const uint8_t *data, size_t size) {
  const decompress::Result r = decompress::check("gif", api, data, size);
  if (r.status != TB_OK) return;
  if (!walk(r.bytes, [](const FrameFields &) { return; })) {
    violation("gif", "accepted " + hex(data, size) + " and wrote " +
                         std::to_string(r.bytes.size()) + " bytes, not what its frames add up to");
  }
}
#endif

} // namespace
} // namespace twinbench::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const std::vector<const tb_gif_api *> impls = TB_IMPLEMENTATIONS(gif);
#ifdef TB_FUZZ_DIFF
  twinbench::fuzz::decompress::compare(
      "gif", impls, data, size,
      [&](const char *a_impl, const auto &a, const char *b_impl, const auto &b) {
        return twinbench::fuzz::known_difference(impls, data, size, a_impl, a, b_impl, b);
      });
#else
  twinbench::fuzz::check(*impls[0], data, size);
#endif
  return 0;
}
