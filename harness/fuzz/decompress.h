// What the drivers of decompressors share (inflate, brotli: one call, compressed bytes in,
// bytes out, the contract shape of twinbench/inflate.h). Each component's driver adds the
// checks its format allows and names its spec's known differences.
#pragma once

#include <string>
#include <vector>

#include "driver.h"
#include "twinbench/status.h"

namespace twinbench::fuzz::decompress {

// Room for the output: a bomb of a few KB fills it, and errors are still reached before.
constexpr size_t kCapacity = 256 * 1024;

struct Result {
  tb_status status;
  std::vector<uint8_t> bytes;
  bool operator==(const Result &) const = default;
};

template <typename Api>
Result run(const char *comp, const Api &api, const uint8_t *data, size_t size, size_t cap) {
  Caller<uint8_t> out(cap, "the output"); // exactly the capacity: ASan sees a write past it
  size_t written = 0;
  const tb_status st = api.decode(data, size, out.data(), cap, &written);
  if (st != TB_OK && written != 0) {
    violation(comp, std::string(tb_status_name(st)) + " with written = " + std::to_string(written));
  }
  return {st, out.first(written)};
}

// Libraries name one defect differently (zlib's "invalid code lengths set" is miniz_oxide's
// generic failure): the specs compare errors by class.
inline const char *status_class(tb_status st) {
  switch (st) {
  case TB_OK: return "ok";
  case TB_ERR_OUTPUT_TOO_SMALL: return "output-too-small";
  case TB_ERR_TRUNCATED: return "truncated";
  case TB_ERR_INVALID_ARGUMENT: return "invalid-argument";
  default: return "rejected";
  }
}

// How closely two outputs must agree: exactly (the default), or, past the first `exact` bytes,
// each byte within `per_byte` of the other's (jpeg: the decoders' IDCTs round differently).
struct Tolerance {
  size_t exact = 0;
  int per_byte = 0;
};

// What the diff compares: the class and the bytes (within the component's tolerance). The exact
// status is kept for the spec's known differences to look at, not compared.
struct Compared {
  tb_status status;
  std::string status_class;
  std::vector<uint8_t> bytes;
  Tolerance tolerance{};
  bool operator==(const Compared &o) const {
    if (status_class != o.status_class || bytes.size() != o.bytes.size()) return false;
    for (size_t i = 0; i < bytes.size(); i++) {
      const int apart = bytes[i] > o.bytes[i] ? bytes[i] - o.bytes[i] : o.bytes[i] - bytes[i];
      if (apart > (i < tolerance.exact ? 0 : tolerance.per_byte)) return false;
    }
    return true;
  }
};

// What implementation `impl` of `impls` makes of `input`, compared as the diff compares: for a
// known difference that re-runs the implementations on an input rewritten to leave out what the
// spec lets them differ on.
template <typename Api>
Compared result_of(const char *comp, const std::vector<const Api *> &impls, const char *impl,
                   const std::vector<uint8_t> &input, Tolerance tolerance = {}) {
  for (const Api *api : impls) {
    if (std::string(api->name) != impl) continue;
    Result r = run(comp, *api, input.data(), input.size(), kCapacity);
    return {r.status, status_class(r.status), std::move(r.bytes), tolerance};
  }
  return {};
}

// error-order, a known difference of every decoder: one stops at a defect (corrupt data or a
// wrong checksum) while the other ran out of input before it (or defers the check, as zlib does
// for an empty code-length code, reading on until the data cannot decode). Both reject; only
// which limit each met first differs, and that depends on how far a decoder reads ahead.
inline const char *error_order(const Compared &a, const Compared &b) {
  const auto defect = [](tb_status st) {
    return st == TB_ERR_CORRUPT || st == TB_ERR_BAD_CHECKSUM;
  };
  const bool one_each = (a.status == TB_ERR_TRUNCATED && defect(b.status)) ||
                        (defect(a.status) && b.status == TB_ERR_TRUNCATED);
  return one_each ? "error-order" : nullptr;
}

// size-order, a known difference of the image decoders: one refused the image as too large
// for the output from its header, the other met a defect first (they read different amounts of
// the file before deciding the size).
inline const char *size_order(const Compared &a, const Compared &b) {
  const auto one_way = [](const Compared &x, const Compared &y) {
    return x.status == TB_ERR_OUTPUT_TOO_SMALL && y.status_class != "ok";
  };
  return one_way(a, b) || one_way(b, a) ? "size-order" : nullptr;
}

// Every implementation on the input: class and bytes must agree (within `tolerance`), unless
// error_order or `known` (the component's own) names the difference as one of the spec's kinds.
// `facet`, when not empty, is a fact of the input that a known bug hinges on (jpeg: a table the
// frame uses is never defined); it qualifies the divergence's field ("decompress.class:<facet>"),
// so the triage signs such inputs apart from other divergences of the same pair and values.
template <typename Api, typename Known>
void compare(const char *comp, const std::vector<const Api *> &impls, const uint8_t *data,
             size_t size, Known known, Tolerance tolerance = {}, const std::string &facet = {}) {
  const std::string qualifier = facet.empty() ? "" : ":" + facet;
  compare_all(
      comp, impls, data, size,
      [&](const Api &api) {
        Result r = run(comp, api, data, size, kCapacity);
        return Compared{r.status, status_class(r.status), std::move(r.bytes), tolerance};
      },
      [&](const Compared &r) {
        return std::vector<Value>{{"decompress.class" + qualifier, "status", "", r.status_class},
                                  {"decompress.output" + qualifier, "bytes", "", hex(r.bytes)}};
      },
      [&](const char *a_impl, const Compared &a, const char *b_impl, const Compared &b) {
        const char *kind = error_order(a, b);
        return kind != nullptr ? kind : known(a_impl, a, b_impl, b);
      });
}

// What holds for any decompressor: a second call gives the same result, and one byte less room
// than an accepted stream's output is output-too-small. Returns the first call's result for
// the format's own checks.
template <typename Api>
Result check(const char *comp, const Api &api, const uint8_t *data, size_t size) {
  const Result r = run(comp, api, data, size, kCapacity);
#if defined(TB_FUZZ_REPLAY)
  // A release replay records what the implementation returned (harness/replay/main.cc).
  Replay::current().values.push_back(
      {"decompress.class", "status", comp, std::string(tb_status_name(r.status))});
  Replay::current().values.push_back({"decompress.output", "bytes", comp, hex(r.bytes)});
#endif
  if (!(run(comp, api, data, size, kCapacity) == r)) {
    violation(comp, "two calls on " + hex(data, size) + " gave different results");
  }
  if (r.status == TB_OK && !r.bytes.empty()) {
    const Result small = run(comp, api, data, size, r.bytes.size() - 1);
    if (small.status != TB_ERR_OUTPUT_TOO_SMALL) {
      violation(comp, "one byte too little room for " + hex(data, size) + " gave " +
                          tb_status_name(small.status));
    }
  }
  return r;
}

// check() for an image decoder whose output starts with its width and height (u32, little
// endian), then what the contract says they need: an accepted image is exactly
// decoded_size(width, height) bytes (png: tb_png_decoded_size, jpeg: tb_jpeg_decoded_size).
template <typename Api>
void check_image(const char *comp, const Api &api, const uint8_t *data, size_t size,
                 size_t (*decoded_size)(uint32_t, uint32_t)) {
  const Result r = check(comp, api, data, size);
  if (r.status != TB_OK) return;
  const auto u32le = [&](size_t at) {
    uint32_t v = 0;
    for (size_t i = 0; i < 4; i++) v |= static_cast<uint32_t>(r.bytes[at + i]) << (8 * i);
    return v;
  };
  if (r.bytes.size() < 8 || r.bytes.size() != decoded_size(u32le(0), u32le(4))) {
    violation(comp, "accepted " + hex(data, size) + " and wrote " + std::to_string(r.bytes.size()) +
                        " bytes, not what its width and height need");
  }
}

} // namespace twinbench::fuzz::decompress
