// Google Benchmark's JSON as `twinbench bench` and `import` read it
// (harness/cli/bench/bench_results.cc): hostile JSON is refused with a UserError, never
// another exception. What is read, written back as Google Benchmark writes it and read again,
// gives the same samples; the analysis takes any samples the reader accepted.
#include <nlohmann/json.hpp>

#include "bench/bench_results.h"
#include "common/project.h"
#include "invariant.h"

using namespace twinbench;

namespace {

std::string listed_name(const cli::BenchSample &s) {
  if (s.timing == "process-cpu") return s.name + "/process_time";
  if (s.timing == "wall") return s.name + "/real_time";
  return s.name;
}

std::string google_benchmark_form(const std::vector<cli::BenchSample> &samples) {
  nlohmann::json doc = {{"context", {{"library_build_type", "release"}}},
                        {"benchmarks", nlohmann::json::array()}};
  for (const auto &s : samples) {
    nlohmann::json b = {{"name", listed_name(s)},
                        {"run_type", "iteration"},
                        {"repetition_index", s.repetition},
                        {"iterations", s.iterations},
                        {"real_time", s.real_time_ns},
                        {"cpu_time", s.cpu_time_ns},
                        {"time_unit", "ns"},
                        {"bytes_per_second", s.bytes_per_second}};
    if (!s.counted) b["uncounted"] = 1;
    doc["benchmarks"].push_back(b);
  }
  return doc.dump();
}

bool same(const cli::BenchSample &a, const cli::BenchSample &b) {
  return a.name == b.name && a.component == b.component && a.case_name == b.case_name &&
         a.impl == b.impl && a.size == b.size && a.repetition == b.repetition &&
         a.iterations == b.iterations && a.real_time_ns == b.real_time_ns &&
         a.cpu_time_ns == b.cpu_time_ns && a.bytes_per_second == b.bytes_per_second &&
         a.counted == b.counted && a.timing == b.timing;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const std::string text = selffuzz::text_of(data, size);
  cli::parse_benchmark_library(text);
  std::vector<cli::BenchSample> samples;
  try {
    samples = cli::parse_benchmark_json(text, "input.json");
  } catch (const cli::UserError &) {
    return 0; // refused in one line: what a malformed file should get
  }
  const std::string again = google_benchmark_form(samples);
  std::vector<cli::BenchSample> reread;
  try {
    reread = cli::parse_benchmark_json(again, "again.json");
  } catch (const cli::UserError &e) {
    selffuzz::invariant_violation(std::string("bench_json: what was read, written back, is "
                                              "refused: ") +
                                  e.what());
  }
  selffuzz::violation_unless(reread.size() == samples.size(),
                             "bench_json: samples lost in a round trip");
  for (size_t i = 0; i < samples.size(); i++) {
    selffuzz::violation_unless(same(samples[i], reread[i]),
                               "bench_json: a sample changed in a round trip: ", samples[i].name);
  }
  if (samples.size() <= 64) cli::analyze_bench(samples); // the statistics over hostile figures
  return 0;
}
