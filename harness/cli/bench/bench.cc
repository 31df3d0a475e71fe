// `twinbench bench`: several runs of the benchmark binary, each with repetitions in a fresh random
// interleaving, every repetition stored with its run and environment, then medians, intervals,
// ratios and verdicts across the runs.
// `--compare OLD NEW` judges the change between two stored runs the same way.
#include <algorithm>
#include <fmt/format.h>

#include "bench/bench_results.h"
#include "bench/instructions.h"
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
    std::string c = "-", rust = "-", ratio = "-", p = "-", verdict = "-", native = "-", baselines;
    std::string c_native = "-", rust_native = "-";
    for (const auto &impl : r.impls) {
      if (impl.impl == "c")
        c = interval_text(impl.median);
      else if (impl.impl == "rust")
        rust = interval_text(impl.median);
      else if (impl.impl == c_native_impl)
        c_native = fmt::format("{:.0f}", impl.median.value);
      else if (impl.impl == rust_native_impl)
        rust_native = fmt::format("{:.0f}", impl.median.value);
      else
        baselines +=
            fmt::format("{}{} {:.0f}", baselines.empty() ? "" : ", ", impl.impl, impl.median.value);
    }
    if (c_native != "-" || rust_native != "-") {
      native = c_native + " / " + rust_native;
      if (r.native_vs_c) native += fmt::format(" ({:.3f})", r.native_vs_c->ratio.value);
    }
    if (r.rust_vs_c) {
      ratio = ratio_text(r.rust_vs_c->ratio);
      p = fmt::format("{:.2g}", r.rust_vs_c->p_adjusted);
      verdict = verdict_text(r.rust_vs_c->verdict, "C", "Rust");
      if (r.rust_vs_c->runs == 1) verdict += " (within one run)";
    }
    rows.push_back({r.label(), c, rust, ratio, p, verdict, native, baselines});
  }
  fmt::print("{}", render_table({"case", "C MB/s [95% CI]", "Rust MB/s [95% CI]", "Rust/C [95% CI]",
                                 "p (Holm)", "verdict", "natively C / Rust MB/s (Rust/C)",
                                 "baselines MB/s"},
                                rows));
  const size_t runs =
      results.empty() || results.front().impls.empty() ? 0 : results.front().impls.front().runs;
  size_t comparisons = 0; // analyze_bench's Holm family: Rust/C via the API and natively
  for (const auto &r : results) comparisons += r.rust_vs_c.has_value() + r.native_vs_c.has_value();
  if (runs > 1) {
    fmt::print("{} runs: MB/s is the geometric mean of the runs' medians; Rust/C and p from a "
               "t-test of the runs' log ratios (df {}), Holm-corrected over these {} "
               "comparisons\n",
               runs, runs - 1, comparisons);
  } else {
    fmt::print("one run: medians and Mann-Whitney over its repetitions, Holm-corrected over these "
               "{} comparisons; a verdict within one run cannot see how the next run shifts "
               "(bench --runs 5)\n",
               comparisons);
  }
}

BenchRunRow stored_run(Store &store, const std::string &name, const fs::path &db_path) {
  auto run = store.find_bench_run(name);
  if (!run) throw UserError("no benchmark run '" + name + "' in " + db_path.string());
  if (run->status != "done") throw UserError("benchmark run '" + name + "' is " + run->status);
  return *run;
}

void print_instructions(const std::vector<CaseInstructions> &results) {
  std::vector<Row> rows;
  for (const auto &r : results) {
    std::string c = "-", rust = "-", ratio = "-", cycles = "-", baselines;
    std::string c_native = "-", rust_native = "-";
    for (const auto &impl : r.impls) {
      const std::string figure =
          fmt::format("{:.2f} ({:.2f})", impl.instructions_per_byte, impl.cycles_per_byte);
      if (impl.impl == "c")
        c = figure;
      else if (impl.impl == "rust")
        rust = figure;
      else if (impl.impl == c_native_impl)
        c_native = fmt::format("{:.2f}", impl.instructions_per_byte);
      else if (impl.impl == rust_native_impl)
        rust_native = fmt::format("{:.2f}", impl.instructions_per_byte);
      else
        baselines += fmt::format("{}{} {:.2f}", baselines.empty() ? "" : ", ", impl.impl,
                                 impl.instructions_per_byte);
    }
    if (r.rust_vs_c_instructions) ratio = fmt::format("{:.3f}", *r.rust_vs_c_instructions);
    if (r.rust_vs_c_cycles) cycles = fmt::format("{:.3f}", *r.rust_vs_c_cycles);
    rows.push_back({r.label(), c, rust, ratio, cycles, c_native + " / " + rust_native, baselines});
  }
  fmt::print("{}",
             render_table({"case", "C instr/B (est. cycles/B)", "Rust instr/B (est. cycles/B)",
                           "Rust/C instr", "Rust/C est. cycles", "natively C / Rust instr/B",
                           "baselines instr/B"},
                          rows));
  fmt::print("instructions of the measured loop only, counted by callgrind: identical from run to "
             "run of one build; Rust/C above 1 means Rust executes more\n");
}

int compare_instruction_runs(Store &store, const BenchRunRow &old_run, const BenchRunRow &new_run,
                             const BenchOptions &options) {
  const auto changes =
      compare_instructions(store.instruction_counts(old_run.id),
                           store.instruction_counts(new_run.id), options.threshold_percent / 100);
  if (changes.empty()) throw UserError("the two benchmark runs have no case in common");
  std::vector<Row> rows;
  size_t more = 0;
  for (const auto &ch : changes) {
    more += ch.more;
    rows.push_back({ch.name, fmt::format("{:.3f}", ch.before), fmt::format("{:.3f}", ch.after),
                    fmt::format("{:.4f}", ch.ratio),
                    ch.more    ? "more instructions"
                    : ch.fewer ? "fewer instructions"
                               : "no change"});
  }
  fmt::print("{} -> {} (instructions per byte; a change within {}% is no change)\n", old_run.name,
             new_run.name, options.threshold_percent);
  fmt::print("{}", render_table({"case", "old instr/B", "new instr/B", "new/old", "change"}, rows));
  fmt::print("{} cases compared, {} execute more instructions\n", changes.size(), more);
  return options.fail_on_regression && more > 0 ? 1 : 0;
}

int compare_command(Store &store, const BenchOptions &options, const fs::path &db_path) {
  const auto old_run = stored_run(store, options.compare.at(0), db_path);
  const auto new_run = stored_run(store, options.compare.at(1), db_path);
  if (old_run.measure != new_run.measure) {
    throw UserError(fmt::format("benchmark run '{}' measured {} and '{}' {}: they do not compare",
                                old_run.name, old_run.measure, new_run.name, new_run.measure));
  }
  if (old_run.measure == "instructions") {
    return compare_instruction_runs(store, old_run, new_run, options);
  }
  const auto changes =
      compare_bench(store.bench_samples(old_run.id), store.bench_samples(new_run.id));
  if (changes.empty()) throw UserError("the two benchmark runs have no case in common");
  std::vector<Row> rows;
  size_t slower = 0;
  for (const auto &c : changes) {
    const auto &ch = c.change;
    slower += ch.verdict == stats::Verdict::first_faster;
    rows.push_back({c.name, interval_text(ch.first), interval_text(ch.second), ratio_text(ch.ratio),
                    fmt::format("{:.2g}", ch.p_adjusted),
                    ch.verdict == stats::Verdict::no_difference   ? "no significant change"
                    : ch.verdict == stats::Verdict::second_faster ? "faster"
                                                                  : "slower"});
  }
  fmt::print("{} -> {}\n", old_run.name, new_run.name);
  fmt::print("{}", render_table({"case", "old MB/s [95% CI]", "new MB/s [95% CI]",
                                 "new/old [95% CI]", "p (Holm)", "change"},
                                rows));
  const stats::Comparison &any = changes.front().change;
  if (any.across) {
    fmt::print("{} runs or more a side: MB/s is the geometric mean of the runs' medians; new/old "
               "and p from Welch's t-test of the runs' log medians, Holm-corrected over these {} "
               "cases\n",
               any.runs, changes.size());
  } else {
    fmt::print("one run on a side: medians and Mann-Whitney over the repetitions, Holm-corrected "
               "over these {} cases; a verdict within one run cannot see how the next run shifts "
               "(bench --runs 5 on both)\n",
               changes.size());
  }
  fmt::print("{} cases compared, {} slower\n", changes.size(), slower);
  return options.fail_on_regression && slower > 0 ? 1 : 0;
}

} // namespace

int bench_command(const Project &project, const BenchOptions &options) {
  const fs::path db_path = options.db.empty() ? project.default_store() : options.db;
  fs::create_directories(db_path.parent_path());
  Store store(db_path);
  if (!options.compare.empty()) return compare_command(store, options, db_path);
  if (!options.pool.empty()) {
    std::vector<std::vector<BenchSample>> samples;
    for (const auto &run : pooled_runs(store, options.pool, db_path)) {
      samples.push_back(store.bench_samples(run.id));
    }
    fmt::print("{} stored runs pooled\n", samples.size());
    print_results(analyze_pooled(samples));
    return 0;
  }
  if (options.measure != "time" && options.measure != "instructions") {
    throw UserError("--measure is time or instructions, not '" + options.measure + "'");
  }
  const bool counting = options.measure == "instructions";

  const auto components =
      options.components.empty() ? project.component_names() : options.components;
  for (const auto &comp : components) project.component(comp); // each one must exist
  require_built(project.bench_binary(), "bench");
  const std::string name =
      options.name.empty()
          ? fresh_name("bench",
                       [&](const std::string &n) { return store.find_bench_run(n).has_value(); })
          : options.name;
  require_plain_name("benchmark run", name);
  if (store.find_bench_run(name)) throw UserError("benchmark run '" + name + "' already exists");

  const fs::path out = project.reports() / "bench" / name;
  fs::create_directories(out);
  const int runs = counting ? 1 : options.runs; // instruction counts do not shift between runs
  // Each run of the binary writes its own JSON and log: results.json, then results-2.json, ...
  auto numbered = [&](const std::string &stem, const std::string &ext, int run) {
    return out / (run == 0 ? stem + ext : fmt::format("{}-{}{}", stem, run + 1, ext));
  };
  const fs::path dumps = out / "callgrind";
  // ^(comp|comp)/<case>/<size>/ and, when asked, (impl|impl)$
  std::string filter = fmt::format("^({})/[^/]+/[^/]+/", fmt::join(components, "|"));
  if (!options.impls.empty()) filter += fmt::format("({})$", fmt::join(options.impls, "|"));
  auto command_of = [&](int run) {
    std::vector<std::string> argv;
    if (options.pin >= 0) argv = {"/usr/bin/taskset", "--cpu-list", std::to_string(options.pin)};
    if (counting) {
      // The binary turns instrumentation and collection on around each measured loop only.
      argv.insert(argv.end(), {"/usr/bin/env", "TWINBENCH_COUNT_INSTRUCTIONS=1",
                               find_program("valgrind")->string(), "--tool=callgrind",
                               "--instr-atstart=no", "--collect-atstart=no", "--cache-sim=yes"});
      argv.insert(argv.end(), callgrind_cache_flags.begin(), callgrind_cache_flags.end());
      argv.push_back("--callgrind-out-file=" + (dumps / "case").string());
    }
    argv.insert(argv.end(), {project.bench_binary().string(), "--benchmark_filter=" + filter});
    if (counting) {
      // One pass over every case: the counted loop runs before Google Benchmark's (empty) one.
      argv.insert(argv.end(), {"--benchmark_repetitions=1", "--benchmark_min_time=0.000001"});
    } else {
      // Google Benchmark shuffles cases and repetitions with a fresh seed in every process.
      argv.insert(argv.end(), {fmt::format("--benchmark_repetitions={}", options.repetitions),
                               fmt::format("--benchmark_min_time={}", options.min_time),
                               "--benchmark_enable_random_interleaving=true"});
    }
    argv.insert(argv.end(), {"--benchmark_out=" + numbered("results", ".json", run).string(),
                             "--benchmark_out_format=json"});
    return argv;
  };
  if (options.pin >= 0 && !fs::exists("/usr/bin/taskset")) { // util-linux, essential in Debian
    throw UserError("--pin needs /usr/bin/taskset (util-linux)");
  }
  if (counting) {
    if (!find_program("valgrind"))
      throw UserError("--measure instructions needs valgrind (scripts/bootstrap)");
    fs::create_directories(dumps);
  }

  size_t cases = 0;
  auto among = [](const std::vector<std::string> &names, const std::string &name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };
  for (const auto &c : list_bench_cases(project)) {
    const CaseName parts = split_case_name(c, "the benchmark binary's case list");
    cases += among(components, parts.component) &&
             (options.impls.empty() || among(options.impls, parts.impl));
  }
  if (cases == 0) throw UserError("no benchmark case is of these components and implementations");
  BenchRunRow run;
  run.name = name;
  run.created = now_iso8601();
  run.environment_id = store.add_environment(capture_environment(project, "bench"));
  run.components = components;
  run.repetitions = counting ? 1 : options.repetitions;
  run.min_time = counting ? 0 : options.min_time;
  run.pin = options.pin;
  run.command = command_of(0);
  run.status = "running";
  run.measure = options.measure;
  run.runs = runs;
  run.id = store.add_bench_run(run);
  if (counting) {
    fmt::print("bench {}: instructions of {} cases under callgrind (a few minutes); log {}\n", name,
               cases, numbered("bench", ".log", 0).string());
  } else {
    fmt::print("bench {}: {} runs of {} cases x {} repetitions of >= {} s, randomly interleaved "
               "(about {:.0f} min); logs in {}\n",
               name, runs, cases, options.repetitions, options.min_time,
               static_cast<double>(runs * cases) * options.repetitions * options.min_time * 1.6 /
                   60,
               out.string());
  }
  std::fflush(stdout);

  try {
    std::vector<BenchSample> all;
    for (int r = 0; r < runs; ++r) {
      const fs::path log = numbered("bench", ".log", r),
                     json_path = numbered("results", ".json", r);
      const ExitStatus st = run_logged(command_of(r), log);
      if (!st.ok()) {
        throw UserError(
            fmt::format("the benchmark binary failed ({}); see {}", st.describe(), log.string()));
      }
      // The JSON is read in both modes: it is where a case says it failed its answer check.
      auto samples = parse_benchmark_json(read_file(json_path), json_path.string());
      if (samples.empty()) throw UserError(json_path.string() + ": no benchmark repetitions");
      for (auto &sample : samples) sample.run = r;
      if (counting) {
        auto counts = read_callgrind_dumps(dumps, "case");
        const auto countable = std::count_if(samples.begin(), samples.end(),
                                             [](const BenchSample &s) { return s.counted; });
        if (counts.size() != static_cast<size_t>(countable)) {
          throw UserError(fmt::format("{} cases ran ({} of them countable) but callgrind counted "
                                      "{}; see {}",
                                      samples.size(), countable, counts.size(), log.string()));
        }
        store.finish_instruction_run(run.id, counts);
        print_instructions(analyze_instructions(counts));
        break;
      }
      store.add_bench_samples(run.id, samples); // a later failure keeps the runs done
      all.insert(all.end(), samples.begin(), samples.end());
      if (runs > 1) fmt::print("bench {}: run {} of {} done\n", name, r + 1, runs);
      std::fflush(stdout);
    }
    if (!counting) {
      store.set_bench_status(run.id, "done");
      print_results(analyze_bench(all));
    }
  } catch (const UserError &) {
    store.set_bench_status(run.id, "failed");
    throw;
  }
  fmt::print("bench {} done: stored in {}\n", name, db_path.string());
  return 0;
}

} // namespace twinbench::cli
