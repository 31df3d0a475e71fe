// gif fuzz driver. Spec: docs/components/gif.md
//   one implementation: decompress.h's checks, and what it accepts is the contract's
//                       serialization: its frames' fields add up to exactly the bytes written;
//   diff:               every implementation: accepted or not (errors by class) and the bytes
//                       (screen, every frame's place, palette, transparency and indices).
#include <algorithm>
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
// The spec's known differences (docs/components/gif.md), by the results they show.
const char *known_difference(const uint8_t *data, size_t size, const decompress::Compared &a,
                             const decompress::Compared &b) {
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
      "gif", impls, data, size, [&](const char *, const auto &a, const char *, const auto &b) {
        return twinbench::fuzz::known_difference(data, size, a, b);
      });
#else
  twinbench::fuzz::check(*impls[0], data, size);
#endif
  return 0;
}
