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
#include "gif_lzw.h"
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
// Whether the first frame whose LZW codes two correct decoders could read differently uses a
// code not yet in the table before its last pixel: then that code, and nothing before it, is
// what one accepts and the other refuses. A frame without a leading clear code counts: both
// decoders start a frame with a fresh table, so its codes read alike (the field-5x3 campaign
// found giflib's undefined-code in such frames, where only the missing clear code was excused).
bool first_unclean_frame_uses_undefined_code(const uint8_t *data, size_t size) {
  std::optional<gif_lzw::FrameCodes> first_unclean;
  gif_lzw::walk_frames(
      data, size, [](size_t, size_t) {},
      [&](const gif_lzw::Frame &f) {
        if (first_unclean || f.min_size < 2 || f.min_size > 8) return;
        const gif_lzw::FrameCodes codes = gif_lzw::frame_codes(f.lzw, f.min_size, f.pixels);
        if (!codes.clean()) first_unclean = codes;
      });
  return first_unclean && !first_unclean->repeated_clear &&
         first_unclean->how == gif_lzw::CodesEnd::undefined_code;
}

// The kind for a frame of LZW code size 0 or 1 (GIF89a wants at least 2), if there is one.
const char *small_code_size(const uint8_t *data, size_t size) {
  int smallest = 2;
  gif_lzw::walk_frames(
      data, size, [](size_t, size_t) {},
      [&](const gif_lzw::Frame &f) { smallest = std::min(smallest, f.min_size); });
  return smallest == 0 ? "code-size-0" : smallest == 1 ? "code-size-1" : nullptr;
}

// The input with every extension whose label GIF89a does not define (plain text 0x01, graphic
// control 0xf9, comment 0xfe, application 0xff) relabelled a comment; empty when there is none.
std::vector<uint8_t> unknown_extensions_as_comments(const uint8_t *data, size_t size) {
  std::vector<uint8_t> out(data, data + size);
  bool relabelled = false;
  gif_lzw::walk_frames(
      data, size,
      [&](size_t from, size_t to) {
        if (to - from < 2 || data[from] != 0x21) return;
        const uint8_t label = data[from + 1];
        if (label != 0x01 && label != 0xf9 && label != 0xfe && label != 0xff) {
          out[from + 1] = 0xfe;
          relabelled = true;
        }
      },
      [](const gif_lzw::Frame &) {});
  return relabelled ? out : std::vector<uint8_t>{};
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
  // code-size-1, code-size-0: an LZW code size GIF89a does not allow (a one-bit image is coded
  // with 2): giflib grows the code width after the first code, weezl never past 2 bits; of code
  // size 0 the two read different codes from the first bit on.
  if (const char *kind = small_code_size(data, size)) return kind;
  if (a.status_class == b.status_class) return nullptr;
  // One side took the input (its output may not have fitted), the other refused it.
  const auto took = [](const decompress::Compared &x) {
    return x.status == TB_OK || x.status == TB_ERR_OUTPUT_TOO_SMALL;
  };
  const bool a_took = took(a) && !took(b);
  const bool b_took = took(b) && !took(a);
  if (!a_took && !b_took) return nullptr;
  const decompress::Compared &taken = a_took ? a : b, &refused = a_took ? b : a;
  const char *taker = a_took ? a_impl : b_impl, *refuser = a_took ? b_impl : a_impl;
  // no-leading-clear, after-last-pixel: rewriting the LZW framing (a clear code first; then also
  // an end code right after the last pixel) changes nothing for the side that took it and makes
  // the other agree.
  const auto agree_on = [&](const std::vector<uint8_t> &rewritten) {
    return !rewritten.empty() && decompress::result_of("gif", impls, taker, rewritten) == taken &&
           decompress::result_of("gif", impls, refuser, rewritten) == taken;
  };
  // unknown-extension: an extension is sub-blocks any decoder can step over; giflib steps over
  // every label, the gif crate refuses the labels GIF89a does not define. Relabelling them
  // comments makes the two agree.
  const std::vector<uint8_t> relabelled = unknown_extensions_as_comments(data, size);
  if (agree_on(relabelled)) return "unknown-extension";
  // One input may show two known differences: the framing ones are checked on the input with
  // its unknown extensions relabelled too.
  const uint8_t *framed = relabelled.empty() ? data : relabelled.data();
  const size_t framed_size = relabelled.empty() ? size : relabelled.size();
  const auto reconciled_by = [&](gif_lzw::Framing framing) {
    return agree_on(gif_lzw::rewrite_frames(framed, framed_size, [&](const gif_lzw::Frame &f) {
      return gif_lzw::reframe(f.lzw, f.min_size, f.pixels, framing);
    }));
  };
  if (reconciled_by({})) return "no-leading-clear";
  if (reconciled_by({.end_after_last_pixel = true})) return "after-last-pixel";
  // Two clear codes in a row are valid LZW data (the second changes nothing): ending the image
  // there is a bug (known bug repeated-clear, "image truncated"), a violation of its own.
  // The refusal is "image truncated" on the input, or on it with its framing fixed but the
  // repeated clear codes kept (without a leading clear code, weezl refuses for that first).
  const auto refused_as_truncated = [&] {
    if (refused.status == TB_ERR_TRUNCATED) return true;
    const std::vector<uint8_t> reframed =
        gif_lzw::rewrite_frames(data, size, [](const gif_lzw::Frame &f) {
          return gif_lzw::reframe(f.lzw, f.min_size, f.pixels, {.end_after_last_pixel = true});
        });
    return !reframed.empty() &&
           decompress::result_of("gif", impls, refuser, reframed).status == TB_ERR_TRUNCATED;
  };
  if (reconciled_by({.end_after_last_pixel = true, .drop_repeated_clears = true}) &&
      refused_as_truncated()) {
    violation("gif", std::string(refuser) + " rejects " + hex(data, size) +
                         ", which decodes alike everywhere once each repeated clear code is "
                         "dropped from its LZW data");
  }
  // An LZW code that is not yet in the table is invalid data: decoding it to pixels is a bug
  // (known bug undefined-code), a violation of its own.
  if (first_unclean_frame_uses_undefined_code(data, size)) {
    violation("gif", std::string(taker) + " accepts " + hex(data, size) +
                         ", whose LZW data use a code not yet in the table before the last pixel");
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
  const twinbench::fuzz::CurrentInput input(data, size);
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
