// The benchmark of a decoder (twinbench/decoder.h) that has none of its own: compiled for each
// component whose manifest says "contract": "decoder" and that has no harness/bench/<comp>.cc,
// with TB_COMPONENT=<comp> and TB_COMPONENT_HEADER (Registry.cmake, tb_component_driver).
// Its inputs are real files, corpora/<comp>/bench/<case>: one case each, <comp>/<case>/<the
// file's size>/<impl>, for every implementation and baseline (a decoder's baselines fill the
// decoder table: its header typedefs tb_<comp>_baseline_api to it). Before anything is timed,
// the implementations held to the spec must decode the file to the same output, and every
// baseline to that output too; which output is right is the conformance vectors' business.
// Bytes processed = decoded bytes.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "decompress_cases.h"
#include "twinbench/implementations.h"
#include TB_COMPONENT_HEADER

TB_DECLARE_IMPLEMENTATIONS(TB_COMPONENT)
TB_DECLARE_BASELINES(TB_COMPONENT)

namespace twinbench::bench {
namespace {

const char *const component = TB_STRING(TB_COMPONENT);
constexpr size_t room = 64 << 20; // for a file's output

const std::vector<const tb_decoder_api *> &held_to_the_spec() {
  static const std::vector<const tb_decoder_api *> list = TB_IMPLEMENTATIONS(TB_COMPONENT);
  return list;
}

const std::vector<const tb_decoder_api *> &timed() {
  static const std::vector<const tb_decoder_api *> list = [] {
    std::vector<const tb_decoder_api *> all = held_to_the_spec();
    for (const tb_decoder_api *api :
         std::vector<const tb_decoder_api *> TB_BASELINES(TB_COMPONENT)) {
      all.push_back(api);
    }
    return all;
  }();
  return list;
}

std::vector<uint8_t> read_file(const std::filesystem::path &path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// A file and its output, the one every implementation held to the spec gives. When they
// disagree, refuse it or give nothing, the stream is left empty: bench_decompress then skips
// every case of the file as a wrong output.
const Stream &decoded(const std::filesystem::path &path) {
  return made_once(path.string(), [&] {
    Stream s;
    s.stream = read_file(path);
    std::vector<uint8_t> out(room);
    for (const tb_decoder_api *api : held_to_the_spec()) {
      size_t written = 0;
      const bool ok = api->decode(s.stream.data(), s.stream.size(), out.data(), out.size(),
                                  &written) == TB_OK &&
                      written > 0 && written <= out.size();
      const std::vector<uint8_t> output(out.begin(), out.begin() + (ok ? written : 0));
      if (!ok || (api != held_to_the_spec().front() && output != s.plain)) {
        s.stream.clear();
        s.plain.clear();
        break;
      }
      s.plain = output;
    }
    return s;
  });
}

const bool registered = [] {
  std::error_code ec;
  for (const auto &path : files_in(std::filesystem::path(TB_CORPORA_DIR) / component / "bench")) {
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) continue; // gone since it was listed: no case (the registry check then says so)
    register_case<tb_decoder_api>(component, path.filename().string(), timed(),
                                  {static_cast<size_t>(size)},
                                  [path](Measure &m, const tb_decoder_api &api, size_t) {
                                    const Stream &s = decoded(path);
                                    bench_decompress(m, api, s.stream, s.plain);
                                  });
  }
  return true;
}();

} // namespace
} // namespace twinbench::bench
