// brotli benchmark cases: streams made here (no downloaded corpus) by the system's brotli
// encoder (libbrotlienc), decompressed by every implementation (decompress_cases.h).
//   text/q5, text/q11: pseudo-English (cases.h) at quality 5 (a web server's on-the-fly level)
//                      and 11 (static assets: context modeling, the slowest to decode);
//   random:            incompressible bytes: uncompressed meta-blocks, the copy path.
#include <string>

#include <brotli/encode.h>

#include "decompress_cases.h"
#include "twinbench/brotli.h"
#include "twinbench/implementations.h"

TB_DECLARE_IMPLEMENTATIONS(brotli)

namespace twinbench::bench {
namespace {

std::vector<uint8_t> brotli_stream(const std::vector<uint8_t> &plain, int quality) {
  size_t len = BrotliEncoderMaxCompressedSize(plain.size());
  std::vector<uint8_t> out(len);
  if (!BrotliEncoderCompress(quality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC, plain.size(),
                             plain.data(), &len, out.data())) {
    return {};
  }
  out.resize(len);
  return out;
}

std::string key(const char *what, int quality, size_t size) {
  return std::string(what) + "/" + std::to_string(quality) + "/" + std::to_string(size);
}

const bool registered = [] {
  for (int quality : {5, 11}) {
    register_case<tb_brotli_api>("brotli", "text-q" + std::to_string(quality),
                                 TB_IMPLEMENTATIONS(brotli), {4096, 1 << 20},
                                 [quality](Measure &m, const tb_brotli_api &api, size_t size) {
                                   const Stream &s = made_once(key("text", quality, size), [&] {
                                     auto plain = pseudo_text(size, 21);
                                     return Stream{plain, brotli_stream(plain, quality)};
                                   });
                                   bench_decompress(m, api, s.stream, s.plain);
                                 });
  }
  register_case<tb_brotli_api>("brotli", "random", TB_IMPLEMENTATIONS(brotli), {1 << 20},
                               [](Measure &m, const tb_brotli_api &api, size_t size) {
                                 const Stream &s = made_once(key("random", 5, size), [&] {
                                   auto plain = random_bytes(size, 22);
                                   return Stream{plain, brotli_stream(plain, 5)};
                                 });
                                 bench_decompress(m, api, s.stream, s.plain);
                               });
  return true;
}();

} // namespace
} // namespace twinbench::bench
