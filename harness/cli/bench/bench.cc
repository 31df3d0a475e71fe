// `twinbench bench`: the benchmark binary with repetitions and random interleaving, every
// repetition stored with its environment, then medians, intervals, ratios and verdicts.
// `--compare OLD NEW` judges the change between two stored runs the same way.
#include <fmt/format.h>

#include "bench/bench_results.h"
#include "commands.h"
#include "common/environment.h"
#include "common/process.h"
#include "common/table.h"

namespace twinbench::cli {
namespace {

std::string interval_text(const stats::Estimate &e) {
  return fmt::format("{:.0f} [{:.0f}, {:.0f}]", e.value, e.ci.low, e.ci.high);
}

std::string ratio_text(const stats::Estimate &e) {
  return fmt::format("{:.3f} [{:.3f}, {:.3f}]", e.value, e.ci.low, e.ci.high);
}

void print_results(const std::vector<CaseResult> &results) {
  std::vector<Row> rows;
  for (const auto &r : results) {
    std::string c = "-", rust = "-", ratio = "-", p = "-", verdict = "-", baselines;
    for (const auto &impl : r.impls) {
      if (impl.impl == "c")
        c = interval_text(impl.median);
      else if (impl.impl == "rust")
        rust = interval_text(impl.median);
      else
        baselines +=
            fmt::format("{}{} {:.0f}", baselines.empty() ? "" : ", ", impl.impl, impl.median.value);
    }
    if (r.rust_vs_c) {
      ratio = ratio_text(r.rust_vs_c->ratio);
      p = fmt::format("{:.2g}", r.rust_vs_c->test.p);
      verdict = verdict_text(r.rust_vs_c->verdict, "C", "Rust");
    }
    rows.push_back({r.label(), c, rust, ratio, p, verdict, baselines});
  }
  fmt::print("{}", render_table({"case", "C MB/s [95% CI]", "Rust MB/s [95% CI]", "Rust/C [95% CI]",
                                 "p", "verdict", "baselines MB/s"},
                                rows));
}

BenchRunRow stored_run(Store &store, const std::string &name, const fs::path &db_path) {
  auto run = store.find_bench_run(name);
  if (!run) throw UserError("no benchmark run '" + name + "' in " + db_path.string());
  if (run->status != "done") throw UserError("benchmark run '" + name + "' is " + run->status);
  return *run;
}

int compare_command(Store &store, const BenchOptions &options, const fs::path &db_path) {
  const auto old_run = stored_run(store, options.compare.at(0), db_path);
  const auto new_run = stored_run(store, options.compare.at(1), db_path);
  const auto changes =
      compare_bench(store.bench_samples(old_run.id), store.bench_samples(new_run.id));
  if (changes.empty()) throw UserError("the two benchmark runs have no case in common");
  std::vector<Row> rows;
  size_t slower = 0;
  for (const auto &c : changes) {
    const auto &ch = c.change;
    slower += ch.verdict == stats::Verdict::first_faster;
    rows.push_back({c.name, interval_text(ch.first), interval_text(ch.second), ratio_text(ch.ratio),
                    fmt::format("{:.2g}", ch.test.p),
                    ch.verdict == stats::Verdict::no_difference   ? "no significant change"
                    : ch.verdict == stats::Verdict::second_faster ? "faster"
                                                                  : "slower"});
  }
  fmt::print("{} -> {}\n", old_run.name, new_run.name);
  fmt::print("{}", render_table({"case", "old MB/s [95% CI]", "new MB/s [95% CI]",
                                 "new/old [95% CI]", "p", "change"},
                                rows));
  fmt::print("{} cases compared, {} slower\n", changes.size(), slower);
  return options.fail_on_regression && slower > 0 ? 1 : 0;
}

} // namespace

int bench_command(const Project &project, const BenchOptions &options) {
  const fs::path db_path = options.db.empty() ? project.default_store() : options.db;
  fs::create_directories(db_path.parent_path());
  Store store(db_path);
  if (!options.compare.empty()) return compare_command(store, options, db_path);

  const auto components =
      options.components.empty() ? project.component_names() : options.components;
  for (const auto &comp : components) project.component(comp); // each one must exist
  require_built(project.bench_binary(), "bench");
  const std::string name = options.name.empty() ? "bench-" + name_timestamp() : options.name;
  require_plain_name("benchmark run", name);
  if (store.find_bench_run(name)) throw UserError("benchmark run '" + name + "' already exists");

  const fs::path out = project.reports() / "bench" / name;
  fs::create_directories(out);
  const fs::path json_path = out / "results.json", log = out / "bench.log";
  std::string filter;
  for (const auto &c : components) filter += (filter.empty() ? "^(" : "|") + c + "/";
  std::vector<std::string> argv;
  if (options.pin >= 0) {
    const fs::path taskset = "/usr/bin/taskset"; // util-linux, essential in Debian
    if (!fs::exists(taskset)) throw UserError("--pin needs /usr/bin/taskset (util-linux)");
    argv = {taskset.string(), "--cpu-list", std::to_string(options.pin)};
  }
  argv.insert(argv.end(), {project.bench_binary().string(), "--benchmark_filter=" + filter + ")",
                           fmt::format("--benchmark_repetitions={}", options.repetitions),
                           fmt::format("--benchmark_min_time={}", options.min_time),
                           "--benchmark_enable_random_interleaving=true",
                           "--benchmark_out=" + json_path.string(), "--benchmark_out_format=json"});

  size_t cases = 0;
  for (const auto &c : list_bench_cases(project)) {
    for (const auto &comp : components) cases += c.starts_with(comp + "/");
  }
  BenchRunRow run;
  run.name = name;
  run.created = now_iso8601();
  run.environment_id = store.add_environment(capture_environment(project, "bench"));
  run.components = components;
  run.repetitions = options.repetitions;
  run.min_time = options.min_time;
  run.pin = options.pin;
  run.command = argv;
  run.status = "running";
  run.id = store.add_bench_run(run);
  fmt::print("bench {}: {} cases x {} repetitions of >= {} s, randomly interleaved "
             "(about {:.0f} min); log {}\n",
             name, cases, options.repetitions, options.min_time,
             static_cast<double>(cases) * options.repetitions * options.min_time * 1.6 / 60,
             log.string());
  std::fflush(stdout);

  try {
    const ExitStatus st = run_logged(argv, log);
    if (!st.ok()) {
      throw UserError(
          fmt::format("the benchmark binary failed ({}); see {}", st.describe(), log.string()));
    }
    auto samples = parse_benchmark_json(read_file(json_path), json_path.string());
    if (samples.empty()) throw UserError(json_path.string() + ": no benchmark repetitions");
    store.finish_bench_run(run.id, samples);
    print_results(analyze_bench(samples));
  } catch (const UserError &) {
    store.set_bench_status(run.id, "failed");
    throw;
  }
  fmt::print("bench {} done: stored in {}\n", name, db_path.string());
  return 0;
}

} // namespace twinbench::cli
