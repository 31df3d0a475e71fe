// `twinbench smoke`: every fuzz binary over its seeds for a short budget, and every benchmark
// case at a short min-time; one plain table each. Logs stay in reports/smoke/.
#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>

#include "bench/bench_results.h"
#include "commands.h"
#include "common/process.h"
#include "common/table.h"
#include "fuzz/engine.h"
#include "fuzz/limits.h"

namespace twinbench::cli {
namespace {

struct FuzzResult {
  std::string target;
  ExitStatus status;
  long long execs = -1, execs_per_sec = -1, coverage = -1;
  size_t findings = 0;
  fs::path log;
};

// One run of the target with the libFuzzer engine, as a campaign's, over a copy of its seeds:
// out/<target>/{corpus,artifacts}, its log out/<target>.log.
FuzzResult fuzz_one(const Project &project, const fs::path &out, const std::string &comp,
                    const std::string &impl, double seconds) {
  FuzzResult r;
  r.target = fmt::format("fuzz_{}_{}", comp, impl);
  const Engine &engine = libfuzzer_engine();
  FuzzingProcess process;
  process.binary = project.fuzz_binary(comp, impl);
  process.run_dir = out / r.target;
  process.dictionary = project.dictionary(comp);
  process.seconds = seconds;
  process.timeout_seconds = kLibFuzzerTimeoutSeconds;
  process.rss_limit_mb = kLibFuzzerRssLimitMb;
  fs::create_directories(process.run_dir / "artifacts");
  fs::create_directories(engine.corpus(process.run_dir));
  if (fs::exists(project.seeds(comp))) {
    fs::copy(project.seeds(comp), engine.corpus(process.run_dir), fs::copy_options::recursive);
  }
  const EngineCommand command = engine.fuzz_command(process);
  r.log = out / (r.target + ".log");
  r.status = run_logged(command.argv, r.log);
  std::istringstream log(read_file(r.log));
  for (std::string line; std::getline(log, line);) {
    if (auto status = engine.status_from_line(line)) {
      r.coverage = status->cov;
      r.execs = status->execs;
      r.execs_per_sec = status->execs_per_second;
    }
    if (auto execs = engine.final_execs(line)) r.execs = *execs; // the exact count, at exit
  }
  for ([[maybe_unused]] const auto &f : fs::directory_iterator(process.run_dir / "artifacts"))
    r.findings++;
  if (!r.status.ok() && r.findings == 0) r.findings = 1; // died without an artifact: still one
  return r;
}

std::string number_or_dash(long long v) { return v < 0 ? "-" : std::to_string(v); }

// Every case once; a case that fails its answer check is an error naming it.
std::vector<BenchSample> run_benchmarks(const Project &project, const fs::path &out,
                                        const std::vector<std::string> &components,
                                        double min_time) {
  const fs::path json_path = out / "bench.json", log = out / "bench.log";
  std::string filter;
  for (const auto &c : components) filter += (filter.empty() ? "^(" : "|") + c + "/";
  ExitStatus st =
      run_logged({project.bench_binary().string(), fmt::format("--benchmark_min_time={}", min_time),
                  "--benchmark_filter=" + filter + ")", "--benchmark_out=" + json_path.string(),
                  "--benchmark_out_format=json"},
                 log);
  if (!st.ok())
    throw UserError(fmt::format("benchmarks failed ({}); see {}", st.describe(), log.string()));
  return parse_benchmark_json(read_file(json_path), json_path.string());
}

} // namespace

int smoke_command(const Project &project, const SmokeOptions &options) {
  const auto components =
      options.components.empty() ? project.component_names() : options.components;
  for (const auto &comp : components) {
    for (const auto &target : project.component(comp).fuzz_targets()) {
      require_built(project.fuzz_binary(comp, target), "fuzz");
    }
  }
  require_built(project.bench_binary(), "bench");
  const fs::path out = project.reports() / "smoke";
  fs::remove_all(out);
  fs::create_directories(out);

  std::vector<Row> fuzz_rows;
  size_t total_findings = 0;
  for (const auto &comp : components) {
    for (const auto &impl : project.component(comp).fuzz_targets()) {
      fmt::print("fuzzing {} ({}) for {} s...\n", comp, impl, options.fuzz_seconds);
      std::fflush(stdout);
      FuzzResult r = fuzz_one(project, out, comp, impl, options.fuzz_seconds);
      total_findings += r.findings;
      fuzz_rows.push_back({r.target, number_or_dash(r.execs), number_or_dash(r.execs_per_sec),
                           number_or_dash(r.coverage), std::to_string(r.findings),
                           r.findings ? r.log.string() : ""});
    }
  }
  fmt::print("running benchmarks (min time {} s per case)...\n\n", options.bench_min_time);
  std::fflush(stdout);
  std::vector<Row> bench_rows;
  for (const auto &b : run_benchmarks(project, out, components, options.bench_min_time)) {
    bench_rows.push_back({b.name, fmt::format("{:.0f}", megabytes_per_second(b))});
  }

  fmt::print("{}\n",
             render_table({"fuzz target", "execs", "exec/s", "cov", "findings", "log"}, fuzz_rows));
  fmt::print("{}\n", render_table({"benchmark", "MB/s"}, bench_rows));
  fmt::print("smoke: {} findings; logs in {}\n", total_findings, out.string());
  return total_findings == 0 ? 0 : 1;
}

} // namespace twinbench::cli
