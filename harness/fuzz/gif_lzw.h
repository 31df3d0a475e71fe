// GIF's LZW data as the gif diff driver reads it (harness/fuzz/gif.cc; docs/components/gif.md,
// "Known differences"). giflib and weezl read the framing of a frame's LZW codes differently:
// giflib starts each frame with a fresh table and stops at its last pixel, weezl wants a clear
// code first and reads on to the end code. To tell such a difference from a bug, the driver
// reads the codes itself, rewrites the framing and re-runs both implementations.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

namespace twinbench::fuzz::gif_lzw {

// The code of `width` bits at bit `bit` of LZW data (least significant bit first), if there.
inline std::optional<uint32_t> code_at(const std::vector<uint8_t> &lzw, uint64_t bit, int width) {
  if (bit + width > 8 * lzw.size()) return std::nullopt;
  uint32_t c = 0;
  for (int i = 0; i < width; i++, bit++) c |= ((lzw[bit / 8] >> (bit % 8)) & 1u) << i;
  return c;
}

// How a frame's codes end, read from its start up to its last pixel.
enum class CodesEnd { last_pixel, end_code, undefined_code, data_end };

struct CodesRead {
  CodesEnd how = CodesEnd::last_pixel;
  int width = 0;    // of the code that would follow
  uint64_t bit = 0; // where it would start
};

// Reads one frame's LZW data (its sub-blocks joined) as both decoders do for a code size of 2
// to 8: the width growing when the next code reaches 2^width, up to 12 bits; no new entry once
// 4096 codes exist (a deferred clear); a code one past the table is the string being defined.
// Counts each code's string length for the pixels. `see(code, width)` is shown every code up to
// the one that gives the last pixel; an undefined code, an end code or the data's end stop the
// reading before it.
template <typename See>
CodesRead read_codes(const std::vector<uint8_t> &lzw, int min_size, uint64_t pixels, See see) {
  const uint32_t clear = 1u << min_size, end = clear + 1;
  uint32_t next = end + 1;
  CodesRead r{CodesEnd::last_pixel, min_size + 1, 0};
  std::vector<uint32_t> length(4096, 0);
  std::optional<uint32_t> previous; // the previous code's string length; none after a clear
  for (uint64_t decoded = 0; decoded < pixels;) {
    const std::optional<uint32_t> code = code_at(lzw, r.bit, r.width);
    if (!code) {
      r.how = CodesEnd::data_end;
      break;
    }
    const uint32_t c = *code;
    uint32_t len = 1; // a literal
    if (c == end) {
      r.how = CodesEnd::end_code;
      break;
    }
    if (c > clear) {
      if (!previous || c > next) {
        r.how = CodesEnd::undefined_code;
        break;
      }
      len = c < next ? length[c] : *previous + 1;
    }
    r.bit += r.width;
    see(c, r.width);
    if (c == clear) {
      next = end + 1;
      r.width = min_size + 1;
      previous.reset();
      continue;
    }
    if (previous && next < 4096) {
      length[next++] = *previous + 1;
      if (next == (1u << r.width) && r.width < 12) r.width++;
    }
    previous = len;
    decoded += len;
  }
  return r;
}

// What one frame's codes show, up to its last pixel and the code after it.
struct FrameCodes {
  bool starts_with_clear = false;
  bool repeated_clear = false; // a clear code right after a clear code (valid; it changes nothing)
  CodesEnd how = CodesEnd::last_pixel;
  bool end_after_last_pixel = false; // the code after the last pixel is the end code
  // Nothing two correct decoders could read differently.
  bool clean() const {
    return starts_with_clear && !repeated_clear && how == CodesEnd::last_pixel &&
           end_after_last_pixel;
  }
};

inline FrameCodes frame_codes(const std::vector<uint8_t> &lzw, int min_size, uint64_t pixels) {
  const uint32_t clear = 1u << min_size;
  FrameCodes f;
  f.starts_with_clear = code_at(lzw, 0, min_size + 1) == clear;
  bool after_clear = false;
  const CodesRead r = read_codes(lzw, min_size, pixels, [&](uint32_t c, int) {
    f.repeated_clear |= c == clear && after_clear;
    after_clear = c == clear;
  });
  f.how = r.how;
  f.end_after_last_pixel =
      r.how == CodesEnd::last_pixel && code_at(lzw, r.bit, r.width) == clear + 1;
  return f;
}

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

// How a frame's LZW data is rewritten: always a clear code first where the encoder sent none
// (GIF89a Appendix F: encoders should send one); then, if asked, an end code right after the
// last pixel, and each clear code that follows a clear code dropped.
struct Framing {
  bool end_after_last_pixel = false;
  bool drop_repeated_clears = false;
};

// One frame's LZW data with its framing rewritten; nothing when the rewrite needs the last
// pixel and the codes end before it.
inline std::optional<std::vector<uint8_t>> reframe(const std::vector<uint8_t> &lzw, int min_size,
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
  const CodesRead r = read_codes(lzw, min_size, pixels, [&](uint32_t c, int width) {
    if (!(c == clear && after_clear && framing.drop_repeated_clears)) out.put(c, width);
    after_clear = c == clear;
  });
  if (r.how != CodesEnd::last_pixel) return std::nullopt;
  out.put(end, r.width);
  return out.bytes();
}

// One image of a GIF: its LZW code size, pixel count, LZW data (sub-blocks joined) and the
// sizes of the sub-blocks it came in.
struct Frame {
  int min_size = 0;
  uint64_t pixels = 0;
  std::vector<uint8_t> lzw;
  std::vector<size_t> blocks;
};

// Follows a GIF's blocks up to its trailer: `copy(from, to)` is shown every byte range that is
// not LZW data (in order, covering them all), `frame(f)` every image's LZW data in between. False
// when the blocks cannot be followed to the trailer or the end of the input.
template <typename Copy, typename OnFrame>
bool walk_frames(const uint8_t *data, size_t size, Copy copy, OnFrame frame) {
  if (size < 13) return false;
  size_t at = 13;
  if (data[10] & 0x80) at += size_t{3} << ((data[10] & 7) + 1); // the global color table
  if (at > size) return false;
  copy(0, at);
  // Steps over sub-blocks up to their terminator; their data and sizes into `f` when given.
  const auto sub_blocks = [&](Frame *f) {
    while (at < size) {
      const size_t len = data[at];
      if (len > size - at - 1) return false;
      if (f && len > 0) {
        f->lzw.insert(f->lzw.end(), data + at + 1, data + at + 1 + len);
        f->blocks.push_back(len);
      }
      at += 1 + len;
      if (len == 0) return true;
    }
    return false;
  };
  while (at < size) {
    const size_t start = at;
    if (data[at] == 0x21) { // an extension: label, sub-blocks
      if (size - at < 2) return false;
      at += 2;
      if (!sub_blocks(nullptr)) return false;
      copy(start, at);
    } else if (data[at] == 0x2c) { // an image: descriptor, color table, LZW code size, data
      if (size - at < 11) return false;
      Frame f;
      const auto u16 = [&](size_t k) { return uint64_t{data[k]} | uint64_t{data[k + 1]} << 8; };
      f.pixels = u16(at + 5) * u16(at + 7);
      const uint8_t flags = data[at + 9];
      at += 10;
      if (flags & 0x80) at += size_t{3} << ((flags & 7) + 1);
      if (at >= size) return false;
      f.min_size = data[at++];
      copy(start, at);
      if (!sub_blocks(&f)) return false;
      frame(f);
    } else {
      copy(at, size); // the trailer and whatever follows it
      return true;
    }
  }
  return true;
}

// The input with each frame's LZW data replaced by `rewrite(frame)`, written back in sub-blocks
// of the sizes it came in (the gif crate's reading depends on them), the last taking the
// difference; empty when the blocks cannot be followed, a code size is outside 2..8 (where the
// decoders' widths part: docs/components/gif.md, code-size-1) or a rewrite gives nothing.
template <typename Rewrite>
std::vector<uint8_t> rewrite_frames(const uint8_t *data, size_t size, Rewrite rewrite) {
  std::vector<uint8_t> out;
  bool ok = true;
  const bool followed = walk_frames(
      data, size, [&](size_t from, size_t to) { out.insert(out.end(), data + from, data + to); },
      [&](const Frame &f) {
        const std::optional<std::vector<uint8_t>> lzw =
            f.min_size >= 2 && f.min_size <= 8 ? rewrite(f) : std::nullopt;
        if (!lzw) {
          ok = false;
          return;
        }
        size_t at = 0;
        for (size_t k = 0; at < lzw->size(); k++) {
          const size_t room = k + 1 < f.blocks.size() ? f.blocks[k] : 255;
          const size_t len = std::min(room, lzw->size() - at);
          out.push_back(static_cast<uint8_t>(len));
          out.insert(out.end(), lzw->begin() + at, lzw->begin() + at + len);
          at += len;
        }
        out.push_back(0);
      });
  return followed && ok ? out : std::vector<uint8_t>{};
}

} // namespace twinbench::fuzz::gif_lzw
