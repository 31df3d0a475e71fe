// inflate benchmark cases: zlib streams made here (no downloaded corpus) by the system's zlib
// at its default level, decompressed by every implementation (decompress_cases.h).
//   text:   pseudo-English (cases.h), ~3:1: Huffman codes and matches;
//   random: incompressible bytes: stored blocks, the copy path.
#include <string>

#include <zlib.h>

#include "decompress_cases.h"
#include "twinbench/implementations.h"
#include "twinbench/inflate.h"

TB_DECLARE_IMPLEMENTATIONS(inflate)

namespace twinbench::bench {
namespace {

std::vector<uint8_t> zlib_stream(const std::vector<uint8_t> &plain) {
  uLongf len = compressBound(plain.size());
  std::vector<uint8_t> out(len);
  if (compress2(out.data(), &len, plain.data(), plain.size(), Z_DEFAULT_COMPRESSION) != Z_OK) {
    return {};
  }
  out.resize(len);
  return out;
}

// `what`'s plain bytes (made by `make_plain`) and their zlib stream, made once.
template <typename MakePlain>
void bench_plain(Measure &measure, const tb_inflate_api &api, const std::string &what, size_t size,
                 MakePlain make_plain) {
  const Stream &s = made_once(what + "/" + std::to_string(size), [&] {
    auto plain = make_plain();
    return Stream{plain, zlib_stream(plain)};
  });
  bench_decompress(measure, api, s.stream, s.plain);
}

const bool registered = [] {
  register_case<tb_inflate_api>("inflate", "text", TB_IMPLEMENTATIONS(inflate), {4096, 1 << 20},
                                [](Measure &m, const tb_inflate_api &api, size_t size) {
                                  bench_plain(m, api, "text", size,
                                              [&] { return pseudo_text(size, 11); });
                                });
  register_case<tb_inflate_api>("inflate", "random", TB_IMPLEMENTATIONS(inflate), {1 << 20},
                                [](Measure &m, const tb_inflate_api &api, size_t size) {
                                  bench_plain(m, api, "random", size,
                                              [&] { return random_bytes(size, 12); });
                                });
  return true;
}();

} // namespace
} // namespace twinbench::bench
