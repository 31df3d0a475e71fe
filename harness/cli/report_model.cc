// The report's model: every figure the report shows, computed once from the store.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>

#include "bench_results.h"
#include "escape.h"
#include "report.h"

namespace twinbench::cli {
namespace {

using json = nlohmann::json;

constexpr size_t max_points_per_series = 200; // enough for a 700-pixel-wide chart
constexpr size_t max_dump_bytes = 4096;       // longer inputs: the dump says it is cut

std::string relative(const Project &project, const std::string &path) {
  std::error_code ec;
  auto rel = fs::relative(path, project.root, ec);
  if (ec || rel.empty() || rel.native().starts_with("..")) return path;
  return rel.string();
}

json environment_summary(const json &env) {
  json build = env.value("build", json::object());
  // Stores written before build-info.json had booleans hold "ON"/"OFF".
  if (build.contains("rust_asan") && build["rust_asan"].is_string()) {
    build["rust_asan"] = build["rust_asan"] == "ON";
  }
  return {{"cpu", env.value("cpu", "")},
          {"cores", env.value("cores", 0)},
          {"kernel", env.value("kernel", "")},
          {"clang", env.value("clang", "")},
          {"rustc_stable", env.value("rustc_stable", "")},
          {"rustc_nightly", env.value("rustc_nightly", "")},
          {"git_revision", env.value("git_revision", "")},
          {"git_dirty", env.value("git_dirty", false)},
          {"build", build}};
}

// Per component and fuzz binary: runs, executions, time, final coverage; plus the series.
void add_fuzzing(const Project &project, Store &store, const CampaignRow &campaign, json &model) {
  json &fuzz = model["fuzzing"];
  fuzz["campaign"] = {
      {"name", campaign.name},
      {"created", campaign.created},
      {"status", campaign.status},
      {"budget_seconds", campaign.budget_seconds},
      {"trials", campaign.trials},
      {"jobs", campaign.jobs},
      {"components", campaign.components},
      {"impls", campaign.impls},
      {"timeout_seconds", campaign.timeout_seconds},
      {"rss_limit_mb", campaign.rss_limit_mb},
      {"extra_flags", campaign.extra_flags},
      {"environment", environment_summary(store.environment(campaign.environment_id))}};

  std::map<std::string, std::map<std::string, std::vector<RunRow>>> runs; // comp -> impl -> runs
  json series = json::array();
  std::map<int64_t, RunRow> run_by_id;
  std::map<int64_t, int64_t> final_cov;
  for (const auto &r : store.runs(campaign.id)) {
    runs[r.component][r.impl].push_back(r);
    run_by_id[r.id] = r;
    const auto samples = store.samples(r.id);
    json points = json::array();
    const size_t step =
        std::max<size_t>(1, (samples.size() + max_points_per_series - 1) / max_points_per_series);
    for (size_t i = 0; i < samples.size(); i++) {
      if (i % step == 0 || i + 1 == samples.size()) {
        points.push_back({samples[i].elapsed_seconds, samples[i].cov});
      }
    }
    final_cov[r.id] = samples.empty() ? 0 : samples.back().cov;
    series.push_back({{"component", r.component},
                      {"impl", r.impl},
                      {"trial", r.trial},
                      {"samples", samples.size()},
                      {"points", points}});
  }
  fuzz["coverage_series"] = series;

  json per_component = json::object();
  for (const auto &[comp, by_impl] : runs) {
    for (const auto &[impl, list] : by_impl) {
      int64_t execs = 0;
      double seconds = 0;
      std::vector<int64_t> covs;
      for (const auto &r : list) {
        execs += r.execs;
        seconds += r.elapsed_seconds;
        covs.push_back(final_cov[r.id]);
      }
      std::sort(covs.begin(), covs.end());
      per_component[comp][impl] = {{"runs", list.size()},
                                   {"execs", execs},
                                   {"seconds", seconds},
                                   {"execs_per_second", seconds > 0 ? execs / seconds : 0.0},
                                   {"final_cov_median", covs.empty() ? 0 : covs[covs.size() / 2]},
                                   {"final_cov_min", covs.empty() ? 0 : covs.front()},
                                   {"final_cov_max", covs.empty() ? 0 : covs.back()}};
    }
  }
  fuzz["by_component"] = per_component;

  // When and where each crash was first seen: its earliest artifact.
  std::map<int64_t, ArtifactRow> first_artifact;
  for (const auto &a : store.artifacts(campaign.id)) {
    if (!a.crash_id) continue;
    auto it = first_artifact.find(*a.crash_id);
    if (it == first_artifact.end() || a.found_elapsed_seconds < it->second.found_elapsed_seconds) {
      first_artifact[*a.crash_id] = a;
    }
  }
  json crashes = json::array();
  json counts = json::object();
  for (const auto &c : store.crashes(campaign.id)) {
    const std::string &owner = c.side; // c, rust, both (a divergence) or harness
    json &tally = counts[c.component][owner];
    tally["total"] = (tally.contains("total") ? tally["total"].get<int>() : 0) + 1;
    json &by_class = tally["by_class"];
    by_class[c.crash_class] =
        (by_class.contains(c.crash_class) ? by_class[c.crash_class].get<int>() : 0) + 1;
    const std::string input = c.minimized_path.empty() ? c.input_path : c.minimized_path;
    std::string bytes = read_file(input);
    const size_t size = bytes.size();
    const bool cut = size > max_dump_bytes;
    if (cut) bytes.resize(max_dump_bytes);
    json crash = {{"id", c.id},
                  {"signature", c.signature},
                  {"component", c.component},
                  {"side", owner},
                  {"class", c.crash_class},
                  {"type", c.type},
                  {"frames", c.frames},
                  {"first_seen", c.first_seen},
                  {"count", c.count},
                  {"reliability", c.reliability},
                  {"binary", relative(project, c.binary)},
                  {"input", relative(project, input)},
                  {"input_minimized", !c.minimized_path.empty()},
                  {"input_size", size},
                  {"input_dump", hex_dump(bytes)},
                  {"input_dump_cut", cut},
                  {"reproduce", fmt::format("scripts/twinbench repro {}{}", c.id,
                                            c.minimized_path.empty() ? "" : " --minimized")},
                  {"reproduce_direct",
                   fmt::format("{} {}", relative(project, c.binary), relative(project, input))}};
    if (auto it = first_artifact.find(c.id); it != first_artifact.end()) {
      const auto &run = run_by_id[it->second.run_id];
      crash["first_seen_elapsed_seconds"] = it->second.found_elapsed_seconds;
      crash["first_seen_by"] =
          fmt::format("fuzz_{}_{} trial {}", run.component, run.impl, run.trial);
    }
    crashes.push_back(crash);
  }
  fuzz["crash_counts"] = counts;
  model["crashes"] = crashes;
}

json estimate_json(const stats::Estimate &e) {
  return {{"value", e.value}, {"low", e.ci.low}, {"high", e.ci.high}};
}

void add_benchmarks(Store &store, const BenchRunRow &run, json &model) {
  json &bench = model["benchmarks"];
  bench["run"] = {{"name", run.name},
                  {"created", run.created},
                  {"repetitions", run.repetitions},
                  {"min_time", run.min_time},
                  {"pin", run.pin},
                  {"components", run.components},
                  {"command", run.command},
                  {"environment", environment_summary(store.environment(run.environment_id))}};
  const auto samples = store.bench_samples(run.id);
  json cases = json::array();
  double worst_cv = 0;
  std::string worst_cv_case;
  for (const auto &r : analyze_bench(samples)) {
    json impls = json::array();
    for (const auto &i : r.impls) {
      double mean = 0, var = 0;
      for (double v : i.mbps) mean += v / i.mbps.size();
      for (double v : i.mbps)
        var += (v - mean) * (v - mean) / std::max<size_t>(1, i.mbps.size() - 1);
      const double cv = mean > 0 ? std::sqrt(var) / mean : 0;
      if (cv > worst_cv) {
        worst_cv = cv;
        worst_cv_case = r.label() + " " + i.impl;
      }
      impls.push_back({{"impl", i.impl},
                       {"repetitions", i.mbps.size()},
                       {"median_mbps", estimate_json(i.median)},
                       {"cv", cv}});
    }
    json c = {{"component", r.component},
              {"case", r.case_name},
              {"size", r.size},
              {"label", r.label()},
              {"impls", impls}};
    if (r.rust_vs_c) {
      const auto &cmp = *r.rust_vs_c;
      c["rust_vs_c"] = {{"ratio", estimate_json(cmp.ratio)},
                        {"p", cmp.test.p},
                        {"u", cmp.test.u},
                        {"exact", cmp.test.exact},
                        {"verdict", verdict_text(cmp.verdict, "C", "Rust")}};
    }
    cases.push_back(c);
  }
  bench["cases"] = cases;
  bench["worst_cv"] = {{"cv", worst_cv}, {"case", worst_cv_case}};
}

std::string duration_text(double seconds) {
  if (seconds >= 3600) return fmt::format("{:.4g} h", seconds / 3600);
  if (seconds >= 60) return fmt::format("{:.4g} min", seconds / 60);
  return fmt::format("{:.4g} s", seconds);
}

std::string classes_text(const json &owner) {
  if (!owner.contains("by_class")) return "";
  std::vector<std::string> parts;
  for (const auto &[klass, n] : owner["by_class"].items()) {
    parts.push_back(fmt::format("{} {}", n.get<int>(), klass));
  }
  return fmt::format(" ({})", fmt::join(parts, ", "));
}

// A few sentences, each carrying its numbers.
json summary(const json &model) {
  json sentences = json::array();
  if (model.contains("fuzzing")) {
    const auto &f = model["fuzzing"];
    const auto &c = f["campaign"];
    int64_t targets = 0;
    double cpu_seconds = 0;
    for (const auto &[comp, impls] : f["by_component"].items()) {
      for (const auto &[impl, s] : impls.items()) {
        targets++;
        cpu_seconds += s["seconds"].get<double>();
      }
    }
    std::map<std::string, json> by_owner;
    for (const auto &[comp, owners] : f["crash_counts"].items()) {
      for (const auto &[owner, counts] : owners.items()) {
        auto &o = by_owner[owner];
        o["total"] = (o.contains("total") ? o["total"].get<int>() : 0) + counts["total"].get<int>();
        json &by_class = o["by_class"];
        for (const auto &[klass, n] : counts["by_class"].items()) {
          by_class[klass] =
              (by_class.contains(klass) ? by_class[klass].get<int>() : 0) + n.get<int>();
        }
      }
    }
    auto total = [&](const std::string &owner) {
      return by_owner.contains(owner) ? by_owner[owner]["total"].get<int>() : 0;
    };
    auto classes = [&](const std::string &owner) {
      return by_owner.contains(owner) ? classes_text(by_owner[owner]) : std::string();
    };
    sentences.push_back(fmt::format(
        "Fuzzing (campaign {}): {} fuzz targets, {} trial(s) of {} each, {} of fuzzing in all; "
        "the C twins had {} unique crash(es){}, the Rust twins {}{}, and the differential "
        "targets found {} divergence(s) between them{}.",
        c["name"].get<std::string>(), targets, c["trials"].get<int>(),
        duration_text(c["budget_seconds"].get<double>()), duration_text(cpu_seconds), total("c"),
        classes("c"), total("rust"), classes("rust"), total("both"), classes("both")));
    if (total("harness") > 0) {
      // A crash in the drivers is neither twin's, but it hides whatever the run would have found.
      sentences.push_back(fmt::format("The harness itself crashed {} time(s){}: see the crash "
                                      "appendix; those runs tested less than their budget.",
                                      total("harness"), classes("harness")));
    }
  }
  if (model.contains("benchmarks")) {
    int rust = 0, c = 0, tie = 0;
    double low = INFINITY, high = -INFINITY;
    std::string low_case, high_case;
    std::vector<double> ratios;
    for (const auto &k : model["benchmarks"]["cases"]) {
      if (!k.contains("rust_vs_c")) continue;
      const auto &v = k["rust_vs_c"];
      const std::string verdict = v["verdict"];
      rust += verdict == "Rust faster";
      c += verdict == "C faster";
      tie += verdict == "no significant difference";
      const double r = v["ratio"]["value"];
      ratios.push_back(r);
      if (r < low) low = r, low_case = k["label"];
      if (r > high) high = r, high_case = k["label"];
    }
    if (!ratios.empty()) {
      std::sort(ratios.begin(), ratios.end());
      const double mid = ratios.size() % 2
                             ? ratios[ratios.size() / 2]
                             : (ratios[ratios.size() / 2 - 1] + ratios[ratios.size() / 2]) / 2;
      sentences.push_back(fmt::format(
          "Speed: of {} benchmark cases run on both twins, Rust was faster in {}, C in {}, and "
          "{} showed no significant difference (two-sided Mann-Whitney U, p < 0.05, differences "
          "under 2% count as ties); the Rust/C throughput ratio ranged from {:.3f} ({}) to "
          "{:.3f} ({}), median {:.3f}.",
          ratios.size(), rust, c, tie, low, low_case, high, high_case, mid));
    }
  }
  return sentences;
}

json threats(const json &model) {
  json out = json::array();
  if (model.contains("fuzzing")) {
    const auto &c = model["fuzzing"]["campaign"];
    out.push_back(fmt::format(
        "Fuzzing ran {} trial(s) of {} per target. Crashes found are real, but finding none "
        "within this budget is weak evidence that none exist; FuzzBench-style comparisons use "
        "10-20 trials of hours.",
        c["trials"].get<int>(), duration_text(c["budget_seconds"].get<double>())));
    out.push_back("libFuzzer's coverage counts (cov, ft) are not comparable between the C and "
                  "the Rust binaries: the two compilers instrument code differently. Compare "
                  "each twin's curve with itself (growth and plateau), not the heights.");
    const auto &build = c["environment"]["build"];
    if (build.contains("rust_asan") && !build["rust_asan"].get<bool>()) {
      out.push_back("The Rust fuzz targets were built without AddressSanitizer (no nightly "
                    "toolchain): memory errors in Rust code would show only as crashes.");
    }
  }
  if (model.contains("benchmarks")) {
    const auto &w = model["benchmarks"]["worst_cv"];
    out.push_back(fmt::format(
        "Benchmark noise: the largest coefficient of variation across repetitions was {:.1f}% "
        "({}). Intervals and the Mann-Whitney test account for it; single repetitions do not.",
        100 * w["cv"].get<double>(), w["case"].get<std::string>()));
    out.push_back("Intervals describe the variation within this run only. On a shared VM whole "
                  "runs can shift: this machine showed shifts of up to 25% on 64-byte cases "
                  "between two runs of one build. Repeat the run and compare the two with "
                  "`twinbench bench --compare` before quoting a small-input ratio.");
    out.push_back("One machine, one compiler version per language, one benchmark binary with "
                  "both twins linked in: the figures hold for this machine, not in general.");
    out.push_back("Debian's Google Benchmark 1.7.1 reports library_build_type \"debug\" (its "
                  "own assertions on, optimised); every case runs long enough for this to be "
                  "negligible, and it affects every implementation alike.");
    out.push_back("Baselines (OpenSSL, the base64 crate) are timed on canonical input only, "
                  "after their output was checked; their error handling is not the twins'.");
  }
  for (const auto &key : {"fuzzing", "benchmarks"}) {
    if (!model.contains(key)) continue;
    const auto &env = key == std::string("fuzzing") ? model["fuzzing"]["campaign"]["environment"]
                                                    : model["benchmarks"]["run"]["environment"];
    if (env["git_dirty"].get<bool>()) {
      out.push_back(fmt::format("The {} ran on a checkout with uncommitted changes (revision {} "
                                "plus local edits).",
                                key == std::string("fuzzing") ? "campaign" : "benchmark run",
                                env["git_revision"].get<std::string>()));
    }
  }
  return out;
}

json reproduce(const json &model) {
  json out = json::array();
  std::string revision;
  if (model.contains("fuzzing")) {
    revision = model["fuzzing"]["campaign"]["environment"]["git_revision"];
  } else {
    revision = model["benchmarks"]["run"]["environment"]["git_revision"];
  }
  out.push_back(fmt::format("git checkout {}", revision.empty() ? "<revision>" : revision));
  out.push_back("scripts/bootstrap --chromium");
  std::string report = "scripts/twinbench report";
  if (model.contains("fuzzing")) {
    const auto &c = model["fuzzing"]["campaign"];
    std::string cmd = fmt::format(
        "scripts/twinbench fuzz --components {} --impls {} --time {}s --trials {} --jobs {} "
        "--timeout {} --rss-limit-mb {} --campaign {}",
        fmt::join(c["components"].get<std::vector<std::string>>(), ","),
        fmt::join(c["impls"].get<std::vector<std::string>>(), ","),
        c["budget_seconds"].get<double>(), c["trials"].get<int>(), c["jobs"].get<int>(),
        c["timeout_seconds"].get<double>(), c["rss_limit_mb"].get<int64_t>(),
        c["name"].get<std::string>());
    const auto flags = c["extra_flags"].get<std::vector<std::string>>();
    if (!flags.empty()) cmd += fmt::format(" -- {}", fmt::join(flags, " "));
    out.push_back(cmd);
    report += " --campaign " + c["name"].get<std::string>();
  }
  if (model.contains("benchmarks")) {
    const auto &r = model["benchmarks"]["run"];
    std::string cmd = fmt::format(
        "scripts/twinbench bench --components {} --repetitions {} --min-time {} "
        "--name {}",
        fmt::join(r["components"].get<std::vector<std::string>>(), ","),
        r["repetitions"].get<int>(), r["min_time"].get<double>(), r["name"].get<std::string>());
    if (r["pin"].get<int>() >= 0) cmd += fmt::format(" --pin {}", r["pin"].get<int>());
    out.push_back(cmd);
    report += " --bench " + r["name"].get<std::string>();
  }
  out.push_back(report);
  return out;
}

} // namespace

nlohmann::json report_model(const Project &project, Store &store,
                            const std::optional<CampaignRow> &campaign,
                            const std::optional<BenchRunRow> &bench) {
  if (!campaign && !bench) throw UserError("nothing to report: no campaign and no benchmark run");
  json model = {{"schema", "twinbench-report/1"},
                {"title", "twinbench evidence report"},
                {"generated", now_iso8601()},
                {"store", store.db().path().string()}};
  std::set<std::string> components;
  if (campaign) {
    add_fuzzing(project, store, *campaign, model);
    components.insert(campaign->components.begin(), campaign->components.end());
  } else {
    model["crashes"] = json::array();
  }
  if (bench) {
    add_benchmarks(store, *bench, model);
    components.insert(bench->components.begin(), bench->components.end());
  }
  model["components"] = components;
  const json &env = campaign ? model["fuzzing"]["campaign"]["environment"]
                             : model["benchmarks"]["run"]["environment"];
  model["git_revision"] = env["git_revision"];
  model["git_dirty"] = env["git_dirty"];
  model["summary"] = summary(model);
  model["threats"] = threats(model);
  model["reproduce"] = reproduce(model);
  return model;
}

} // namespace twinbench::cli
