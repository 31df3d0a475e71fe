// The benchmark of a record component (twinbench/record.h) that has none of its own: compiled for
// each component whose manifest says "contract": "record" and that has no harness/bench/<comp>.cc,
// with TB_COMPONENT=<comp> and TB_COMPONENT_HEADER (Registry.cmake, tb_component_driver).
// Its inputs are real files, corpora/<comp>/bench/<case>, one input per line: one case each,
// <comp>/<case>/<the file's size>/<impl>, for every implementation and baseline (a record
// component's baselines fill the record table: its header typedefs tb_<comp>_baseline_api to
// it). An operation parses every line; bytes processed = the file's size. Before anything is
// timed, every implementation and baseline must accept every line: a refusal stops the work
// early and would be timed as a win. Their records may differ (a pair may follow different
// standards): what they give is the conformance vectors' and the diff target's business.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "cases.h"
#include "twinbench/implementations.h"
#include TB_COMPONENT_HEADER

TB_DECLARE_IMPLEMENTATIONS(TB_COMPONENT)
TB_DECLARE_BASELINES(TB_COMPONENT)

namespace twinbench::bench {
namespace {

const char *const component = TB_STRING(TB_COMPONENT);

const std::vector<const tb_record_api *> &timed() {
  static const std::vector<const tb_record_api *> list = [] {
    std::vector<const tb_record_api *> all = TB_IMPLEMENTATIONS(TB_COMPONENT);
    for (const tb_record_api *api : std::vector<const tb_record_api *> TB_BASELINES(TB_COMPONENT)) {
      all.push_back(api);
    }
    return all;
  }();
  return list;
}

std::vector<std::string> lines_of(const std::filesystem::path &path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Gives no field anywhere: what is timed is the parse, not the caller's copies.
void ignore_field(void *, const char *, const uint8_t *, size_t) {}

tb_status parse_line(const tb_record_api &api, const std::string &line) {
  static const tb_record_sink sink = {nullptr, ignore_field};
  return api.parse(reinterpret_cast<const uint8_t *>(line.data()), line.size(), &sink);
}

void bench_lines(Measure &measure, const tb_record_api &api, const std::vector<std::string> &lines,
                 int64_t bytes) {
  for (const tb_record_api *other : timed()) {
    for (const auto &line : lines) {
      if (parse_line(*other, line) != TB_OK) {
        measure.skip(std::string(other->name) + " refuses a line");
        return;
      }
    }
  }
  measure.repeat(bytes, [&] {
    for (const auto &line : lines) benchmark::DoNotOptimize(parse_line(api, line));
  });
}

const bool registered = [] {
  std::error_code ec;
  for (const auto &path : files_in(std::filesystem::path(TB_CORPORA_DIR) / component / "bench")) {
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) continue; // gone since it was listed: no case (the registry check then says so)
    const auto lines = std::make_shared<const std::vector<std::string>>(lines_of(path));
    register_case<tb_record_api>(component, path.filename().string(), timed(),
                                 {static_cast<size_t>(size)},
                                 [lines](Measure &m, const tb_record_api &api, size_t size) {
                                   bench_lines(m, api, *lines, static_cast<int64_t>(size));
                                 });
  }
  return true;
}();

} // namespace
} // namespace twinbench::bench
