// base64 benchmark cases: encode, decode, and MIME-style decode with line breaks, for both
// twins and the baselines that support the mode. Bytes processed = input bytes consumed.
#include <string>

#include "cases.h"
#include "twinbench/base64.h"
#include "twinbench/implementations.h"
#include "twinbench/native_loops.h"

TB_DECLARE_IMPLEMENTATIONS(base64)
TB_DECLARE_BASELINES(base64)

namespace twinbench::bench {
namespace {

// The registry's implementations, then the baselines, which fill the same table.
const std::vector<const tb_base64_api *> implementations = [] {
  std::vector<const tb_base64_api *> all = TB_IMPLEMENTATIONS(base64);
  for (const tb_base64_baseline_api *api :
       std::vector<const tb_base64_baseline_api *> TB_BASELINES(base64)) {
    all.push_back(api);
  }
  return all;
}();

// Implementations that can run a mode: baselines answer TB_ERR_UNSUPPORTED for the rest.
std::vector<const tb_base64_api *> supporting(uint32_t flags) {
  std::vector<const tb_base64_api *> out;
  for (const auto *api : implementations) {
    size_t len;
    if (api->encoded_len(3, flags, &len) != TB_ERR_UNSUPPORTED) out.push_back(api);
  }
  return out;
}

// An independent encoder for the inputs and expected outputs: the RFC's bit arithmetic, slow
// and obviously right, so a bug in a twin cannot also be in its own benchmark input.
std::vector<uint8_t> reference_encode(const std::vector<uint8_t> &in, size_t line_length = 0) {
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::vector<uint8_t> out;
  for (size_t i = 0; i < in.size(); i += 3) {
    uint32_t w = uint32_t{in[i]} << 16;
    if (i + 1 < in.size()) w |= uint32_t{in[i + 1]} << 8;
    if (i + 2 < in.size()) w |= in[i + 2];
    for (size_t k = 0; k < 4; k++) {
      out.push_back(k <= in.size() - i ? alphabet[(w >> (18 - 6 * k)) & 63] : '=');
    }
    if (line_length && (i / 3 + 1) * 4 % line_length == 0 && i + 3 < in.size()) {
      out.push_back('\r');
      out.push_back('\n');
    }
  }
  return out;
}

void bench_encode(Measure &measure, const tb_base64_api &api, size_t size) {
  const auto input = random_bytes(size, 42);
  const auto expected = reference_encode(input);
  std::vector<uint8_t> out(expected.size());
  size_t written = 0;
  if (api.encode(input.data(), size, out.data(), out.size(), TB_BASE64_PAD, &written) != TB_OK ||
      written != expected.size() || out != expected) {
    measure.skip("wrong encoding");
    return;
  }
  measure.repeat(static_cast<int64_t>(size), [&] {
    api.encode(input.data(), size, out.data(), out.size(), TB_BASE64_PAD, &written);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  });
}

void bench_decode_text(Measure &measure, const tb_base64_api &api, size_t size, uint32_t flags,
                       size_t line_length) {
  const auto expected = random_bytes(size, 43);
  const auto text = reference_encode(expected, line_length);
  std::vector<uint8_t> out(api.decoded_max_len(text.size()));
  size_t written = 0, offset = 0;
  if (api.decode(text.data(), text.size(), out.data(), out.size(), flags, &written, &offset) !=
          TB_OK ||
      written != size || !std::equal(expected.begin(), expected.end(), out.begin())) {
    measure.skip("wrong decoding");
    return;
  }
  measure.repeat(static_cast<int64_t>(text.size()), [&] {
    api.decode(text.data(), text.size(), out.data(), out.size(), flags, &written, &offset);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  });
}

// The twins' native loops: the same input and check, one call per batch.
struct NativeLoops {
  const char *name;
  decltype(&tb_c_native_base64_encode) encode, decode;
};
const NativeLoops c_loops{c_native, tb_c_native_base64_encode, tb_c_native_base64_decode};
const NativeLoops rust_loops{rust_native, tb_rust_native_base64_encode,
                             tb_rust_native_base64_decode};
const std::vector<const NativeLoops *> native_loops = {&c_loops, &rust_loops};

void bench_encode_native(Measure &measure, const NativeLoops &loops, size_t size) {
  const auto input = random_bytes(size, 42);
  const auto expected = reference_encode(input);
  std::vector<uint8_t> out(expected.size());
  if (loops.encode(input.data(), size, out.data(), out.size(), TB_BASE64_PAD, 1) != TB_OK ||
      out != expected) {
    measure.skip("wrong encoding");
    return;
  }
  measure.repeat_loop(static_cast<int64_t>(size), [&](uint64_t n) {
    loops.encode(input.data(), size, out.data(), out.size(), TB_BASE64_PAD, n);
    benchmark::ClobberMemory();
  });
}

void bench_decode_native(Measure &measure, const NativeLoops &loops, size_t size, uint32_t flags,
                         size_t line_length) {
  const auto expected = random_bytes(size, 43);
  const auto text = reference_encode(expected, line_length);
  std::vector<uint8_t> out(text.size()); // more than any decoding of it needs
  if (loops.decode(text.data(), text.size(), out.data(), out.size(), flags, 1) != TB_OK ||
      !std::equal(expected.begin(), expected.end(), out.begin())) {
    measure.skip("wrong decoding");
    return;
  }
  measure.repeat_loop(static_cast<int64_t>(text.size()), [&](uint64_t n) {
    loops.decode(text.data(), text.size(), out.data(), out.size(), flags, n);
    benchmark::ClobberMemory();
  });
}

const bool registered = [] {
  const uint32_t mime = TB_BASE64_PAD | TB_BASE64_SKIP_WS;
  register_case<NativeLoops>("base64", "encode", native_loops, standard_sizes, bench_encode_native);
  register_case<NativeLoops>("base64", "decode", native_loops, standard_sizes,
                             [](Measure &s, const NativeLoops &loops, size_t n) {
                               bench_decode_native(s, loops, n, TB_BASE64_PAD, 0);
                             });
  register_case<NativeLoops>("base64", "decode-mime", native_loops, standard_sizes,
                             [=](Measure &s, const NativeLoops &loops, size_t n) {
                               bench_decode_native(s, loops, n, mime, 76);
                             });
  register_case<tb_base64_api>("base64", "encode", supporting(TB_BASE64_PAD), standard_sizes,
                               bench_encode);
  register_case<tb_base64_api>("base64", "decode", supporting(TB_BASE64_PAD), standard_sizes,
                               [](Measure &s, const tb_base64_api &api, size_t n) {
                                 bench_decode_text(s, api, n, TB_BASE64_PAD, 0);
                               });
  register_case<tb_base64_api>("base64", "decode-mime", supporting(mime), standard_sizes,
                               [=](Measure &s, const tb_base64_api &api, size_t n) {
                                 bench_decode_text(s, api, n, mime, 76);
                               });
  return true;
}();

} // namespace
} // namespace twinbench::bench
