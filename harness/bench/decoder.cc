// The benchmark of a decoder (twinbench/decoder.h) that has none of its own: compiled for each
// component whose manifest says "contract": "decoder" and that has no harness/bench/<comp>.cc,
// with TB_DECODER=<comp> and TB_DECODER_HEADER (Registry.cmake, tb_component_driver).
// Its inputs are real files, corpora/<comp>/bench/<case>: one case each, <comp>/<case>/<the
// file's size>/<impl>. What the registry's first implementation decodes a file to is the output
// every implementation must give before it is timed (whether that output is right is the
// conformance vectors' business). Bytes processed = decoded bytes.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "decompress_cases.h"
#include "twinbench/implementations.h"
#include TB_DECODER_HEADER

#define TB_STRING_(x) #x
#define TB_STRING(x) TB_STRING_(x)

TB_DECLARE_IMPLEMENTATIONS(TB_DECODER)

namespace twinbench::bench {
namespace {

const char *const component = TB_STRING(TB_DECODER);
constexpr size_t room = 64 << 20; // for the first implementation's output

const std::vector<const tb_decoder_api *> &impls() {
  static const std::vector<const tb_decoder_api *> list = TB_IMPLEMENTATIONS(TB_DECODER);
  return list;
}

std::vector<uint8_t> read_file(const std::filesystem::path &path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// A file and what the first implementation decodes it to. When it refuses the file, the stream
// is left empty: bench_decompress then skips every implementation's case as a wrong output.
const Stream &decoded(const std::filesystem::path &path) {
  return made_once(path.string(), [&] {
    Stream s;
    s.stream = read_file(path);
    std::vector<uint8_t> out(room);
    size_t written = 0;
    if (impls().front()->decode(s.stream.data(), s.stream.size(), out.data(), out.size(),
                                &written) == TB_OK) {
      out.resize(written);
      s.plain = std::move(out);
    } else {
      s.stream.clear();
    }
    return s;
  });
}

const bool registered = [] {
  const std::filesystem::path dir = std::filesystem::path(TB_CORPORA_DIR) / component / "bench";
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto &entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto &path : files) {
    register_case<tb_decoder_api>(component, path.filename().string(), impls(),
                                  {static_cast<size_t>(std::filesystem::file_size(path))},
                                  [path](Measure &m, const tb_decoder_api &api, size_t) {
                                    const Stream &s = decoded(path);
                                    bench_decompress(m, api, s.stream, s.plain);
                                  });
  }
  return true;
}();

} // namespace
} // namespace twinbench::bench
