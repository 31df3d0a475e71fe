// The report's model: every figure the report shows, computed once from the store (its JSON
// form is report_json.cc; its sentences are made by the sections that print them).
#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "report/escape.h"
#include "report/report.h"
#include "report/sections.h"

namespace twinbench::cli {
namespace {

using json = nlohmann::json;

constexpr size_t max_points_per_series = 200; // enough for a 700-pixel-wide chart

// Who a crash is: the fuzz target's implementation named as a reader knows it. fuzz_png_libpng
// -> "libpng", fuzz_base64_c -> "the C twin", fuzz_png_diff -> "the differential target".
std::string found_by(const std::string &component, const std::string &binary) {
  const std::string prefix = "fuzz_" + component + "_";
  const std::string impl = binary.starts_with(prefix) ? binary.substr(prefix.size()) : binary;
  if (impl == "c") return "the C twin";
  if (impl == "rust") return "the Rust twin";
  if (impl == "diff") return "the differential target";
  return impl;
}

std::string relative(const Project &project, const std::string &path) {
  std::error_code ec;
  auto rel = fs::relative(path, project.root, ec);
  if (ec || rel.empty() || rel.native().starts_with("..")) return path;
  return rel.string();
}

// The store's environment record is JSON from whichever twinbench wrote it: every field is read
// with a default, so an older or partial record gives empty fields, never undefined behaviour.
Environment environment_of(const json &env) {
  Environment e;
  if (!env.is_object()) return e;
  auto text = [](const json &o, const char *key) {
    return o.contains(key) && o[key].is_string() ? o[key].get<std::string>() : std::string();
  };
  e.cpu = text(env, "cpu");
  e.cores =
      env.contains("cores") && env["cores"].is_number_integer() ? env["cores"].get<int64_t>() : 0;
  e.kernel = text(env, "kernel");
  e.clang = text(env, "clang");
  e.rustc_stable = text(env, "rustc_stable");
  e.rustc_nightly = text(env, "rustc_nightly");
  e.git_revision = text(env, "git_revision");
  e.git_dirty =
      env.contains("git_dirty") && env["git_dirty"].is_boolean() && env["git_dirty"].get<bool>();
  if (env.contains("build") && env["build"].is_object()) {
    const json &b = env["build"];
    auto optional_text = [&](const char *key) -> std::optional<std::string> {
      if (b.contains(key) && b[key].is_string()) return b[key].get<std::string>();
      return std::nullopt;
    };
    e.build.mode = optional_text("mode");
    e.build.c_compiler = optional_text("c_compiler");
    e.build.c_flags = optional_text("c_flags");
    e.build.rust_toolchain = optional_text("rust_toolchain");
    e.build.rust_profile = optional_text("rust_profile");
    e.build.rustflags = optional_text("rustflags");
    // Stores written before build-info.json had booleans hold "ON"/"OFF".
    if (b.contains("rust_asan") && b["rust_asan"].is_boolean()) {
      e.build.rust_asan = b["rust_asan"].get<bool>();
    } else if (b.contains("rust_asan") && b["rust_asan"].is_string()) {
      e.build.rust_asan = b["rust_asan"].get<std::string>() == "ON";
    }
  }
  if (env.contains("build_flags")) e.flags = build_flags_from_json(env["build_flags"]);
  return e;
}

} // namespace

CampaignFacts campaign_facts(Store &store, const CampaignRow &campaign) {
  return {campaign.name,         campaign.created,
          campaign.status,       campaign.budget_seconds,
          campaign.trials,       campaign.jobs,
          campaign.components,   campaign.impls,
          campaign.extra_flags,  campaign.timeout_seconds,
          campaign.rss_limit_mb, environment_of(store.environment(campaign.environment_id))};
}

namespace {

// Per component and fuzz binary: runs, executions, time, final coverage; plus the series.
void add_fuzzing(const Project &project, Store &store, const CampaignRow &campaign,
                 ReportModel &model) {
  Fuzzing &fuzz = model.fuzzing.emplace();
  fuzz.campaign = campaign_facts(store, campaign);

  std::map<std::string, std::map<std::string, std::vector<RunRow>>> runs; // comp -> impl -> runs
  std::map<int64_t, RunRow> run_by_id;
  std::map<int64_t, int64_t> final_cov;
  for (const auto &r : store.runs(campaign.id)) {
    runs[r.component][r.impl].push_back(r);
    run_by_id[r.id] = r;
    const auto samples = store.samples(r.id);
    CoverageSeries series{r.component, r.impl, r.trial, samples.size(), {}};
    const size_t step =
        std::max<size_t>(1, (samples.size() + max_points_per_series - 1) / max_points_per_series);
    for (size_t i = 0; i < samples.size(); i++) {
      if (i % step == 0 || i + 1 == samples.size()) {
        series.points.emplace_back(samples[i].elapsed_seconds, samples[i].cov);
      }
    }
    final_cov[r.id] = samples.empty() ? 0 : samples.back().cov;
    fuzz.coverage_series.push_back(std::move(series));
  }

  for (const auto &[comp, by_impl] : runs) {
    for (const auto &[impl, list] : by_impl) {
      TargetFigures &t = fuzz.by_component[comp][impl];
      std::vector<int64_t> covs;
      for (const auto &r : list) {
        t.execs += r.execs;
        t.seconds += r.elapsed_seconds;
        covs.push_back(final_cov[r.id]);
      }
      std::sort(covs.begin(), covs.end());
      t.runs = list.size();
      t.execs_per_second = t.seconds > 0 ? static_cast<double>(t.execs) / t.seconds : 0.0;
      if (!covs.empty()) {
        t.final_cov_median = covs[covs.size() / 2];
        t.final_cov_min = covs.front();
        t.final_cov_max = covs.back();
      }
    }
  }

  // When and where each crash was first seen: its earliest artifact.
  std::map<int64_t, ArtifactRow> first_artifact;
  for (const auto &a : store.artifacts(campaign.id)) {
    if (!a.crash_id) continue;
    auto it = first_artifact.find(*a.crash_id);
    if (it == first_artifact.end() || a.found_elapsed_seconds < it->second.found_elapsed_seconds) {
      first_artifact[*a.crash_id] = a;
    }
  }
  for (const auto &c : store.crashes(campaign.id)) {
    CrashTally &tally = fuzz.crash_counts[c.component][c.side]; // c, rust, both or harness
    tally.total++;
    tally.by_class[c.crash_class]++;
    const std::string input = c.minimized_path.empty() ? c.input_path : c.minimized_path;
    std::string bytes = read_file(input);
    Crash crash;
    crash.id = c.id;
    crash.signature = c.signature;
    crash.component = c.component;
    crash.side = c.side;
    crash.crash_class = c.crash_class;
    crash.type = c.type;
    crash.frames = c.frames;
    crash.first_seen = c.first_seen;
    crash.count = c.count;
    crash.reliability = c.reliability;
    crash.binary = relative(project, c.binary);
    crash.found_by = found_by(c.component, fs::path(c.binary).filename().string());
    crash.input = relative(project, input);
    crash.input_minimized = !c.minimized_path.empty();
    crash.input_size = bytes.size();
    crash.input_dump_cut = bytes.size() > kInputDumpLimit; // the dump says it is cut
    if (crash.input_dump_cut) bytes.resize(kInputDumpLimit);
    crash.input_dump = hex_dump(bytes);
    crash.reproduce = fmt::format("scripts/twinbench repro {}{}", c.id,
                                  crash.input_minimized ? " --minimized" : "");
    crash.reproduce_direct = fmt::format("{} {}", crash.binary, crash.input);
    for (const auto &s : store.sightings(c.signature)) {
      crash.found_in.push_back(fmt::format("{} ({}, crash {}, seen {} times)", s.campaign, s.origin,
                                           s.crash_id, s.count));
    }
    if (auto it = first_artifact.find(c.id); it != first_artifact.end()) {
      const auto &run = run_by_id[it->second.run_id];
      crash.first_seen_at =
          FirstSeen{it->second.found_elapsed_seconds,
                    fmt::format("fuzz_{}_{} trial {}", run.component, run.impl, run.trial)};
    }
    model.crashes.push_back(std::move(crash));
  }
}

// The twins, and their native loops: not baselines.
bool is_twin(const std::string &impl) {
  return impl == "c" || impl == "rust" || impl == c_native_impl || impl == rust_native_impl;
}

// Google Benchmark's own output, where the run's command wrote it (else where bench writes it).
std::optional<BenchLibrary> bench_library(const Project &project, const BenchRunRow &run) {
  fs::path results = project.reports() / "bench" / run.name / "results.json";
  const std::string flag = "--benchmark_out=";
  for (const auto &arg : run.command) {
    if (arg.starts_with(flag)) results = arg.substr(flag.size());
  }
  std::error_code ec;
  if (!fs::is_regular_file(results, ec)) return std::nullopt;
  return parse_benchmark_library(read_file(results));
}

// One run, or several runs of one build pooled (the first one's facts stand for all).
void add_benchmarks(const Project &project, Store &store, const std::vector<BenchRunRow> &runs,
                    ReportModel &model) {
  const BenchRunRow &run = runs.front();
  Benchmarks &bench = model.benchmarks.emplace();
  bench.run = {run.name,
               run.created,
               run.repetitions,
               run.min_time,
               run.pin,
               run.components,
               run.command,
               environment_of(store.environment(run.environment_id)),
               std::find(run.command.begin(), run.command.end(),
                         "--benchmark_enable_random_interleaving=true") != run.command.end(),
               {}};
  bench.library = bench_library(project, run);
  std::vector<std::vector<BenchSample>> samples;
  for (const auto &r : runs) samples.push_back(store.bench_samples(r.id));
  if (runs.size() > 1) {
    for (const auto &r : runs) bench.run.pooled.push_back(r.name);
  }
  for (const auto &r : analyze_pooled(samples)) {
    BenchCase k{r.component, r.case_name, r.size, r.label(), {}, std::nullopt, std::nullopt, {}};
    for (const auto &i : r.impls) {
      double mean = 0, var = 0;
      for (double v : i.mbps) mean += v / static_cast<double>(i.mbps.size());
      for (double v : i.mbps)
        var +=
            (v - mean) * (v - mean) / static_cast<double>(std::max<size_t>(1, i.mbps.size() - 1));
      const double cv = mean > 0 ? std::sqrt(var) / mean : 0;
      if (cv > bench.worst_cv.cv) bench.worst_cv = {cv, r.label() + " " + i.impl};
      k.impls.push_back({i.impl, i.mbps.size(), i.median, cv, i.mbps, i.by_run, i.timing});
      if (i.by_run.size() > 1) {
        std::vector<double> run_medians;
        for (const auto &[run, mbps] : i.by_run) run_medians.push_back(stats::median(mbps));
        const auto [low, high] = std::minmax_element(run_medians.begin(), run_medians.end());
        const double shift = (*high - *low) / stats::median(run_medians);
        if (shift > bench.worst_run_shift.cv)
          bench.worst_run_shift = {shift, r.label() + " " + i.impl};
      }

      if (is_twin(i.impl)) continue;
      auto comp = std::find_if(bench.baselines.begin(), bench.baselines.end(),
                               [&](const auto &b) { return b.first == r.component; });
      if (comp == bench.baselines.end()) {
        comp =
            bench.baselines.emplace(bench.baselines.end(), r.component, std::vector<std::string>{});
      }
      if (std::find(comp->second.begin(), comp->second.end(), i.impl) == comp->second.end()) {
        comp->second.push_back(i.impl);
      }
    }
    auto versus = [](const stats::Comparison &cmp, std::string c, std::string rust,
                     std::string first_impl, std::string second_impl) {
      RustVsC v{cmp};
      v.c = std::move(c);
      v.rust = std::move(rust);
      v.first_impl = std::move(first_impl);
      v.second_impl = std::move(second_impl);
      return v;
    };
    if (r.rust_vs_c) k.rust_vs_c = versus(*r.rust_vs_c, "C", "Rust", "c", "rust");
    if (r.native_vs_c)
      k.native_vs_c =
          versus(*r.native_vs_c, "C native", "Rust native", c_native_impl, rust_native_impl);
    {
      // The FFI's share: Rust/C through the API (both called per operation through the table)
      // against Rust/C natively (both looped in their own language), run by run, so what the
      // two loop shapes cost each language cancels and the FFI's own cost remains.
      const ImplFigures *c = k.impl("c"), *rust = k.impl("rust"), *c_native = k.impl(c_native_impl),
                        *rust_native = k.impl(rust_native_impl);
      if (c && rust && c_native && rust_native) {
        const RunSamples natively = relative_by_run(rust_native->by_run, c_native->by_run),
                         via_api = relative_by_run(rust->by_run, c->by_run);
        if (natively.size() > 1) { // one value per run: one run cannot give an interval
          if (auto cmp = compare_by_run(natively, via_api))
            k.ffi_vs_native = versus(*cmp, "Rust/C natively", "Rust/C via the API",
                                     rust_native_impl + "/" + c_native_impl, "rust/c");
        }
      }
    }
    // A library pair: each Rust library of the component over each C one (not the baselines,
    // which are timed on canonical input only).
    const auto named = std::find_if(project.components.begin(), project.components.end(),
                                    [&](const Component &c) { return c.name == r.component; });
    const Component *component = named == project.components.end() ? nullptr : &*named;
    auto library_in = [&](const std::string &impl, const std::string &language) {
      const Implementation *found = component ? component->find(impl) : nullptr;
      return found && found->kind == "library" && !found->baseline && found->language == language;
    };
    for (const auto &rust : k.impls) {
      if (!library_in(rust.impl, "rust")) continue;
      for (const auto &c : k.impls) {
        if (!library_in(c.impl, "c")) continue;
        if (auto cmp = compare_by_run(c.by_run, rust.by_run))
          k.library_pairs.push_back(versus(*cmp, c.impl, rust.impl, c.impl, rust.impl));
      }
    }
    bench.cases.push_back(std::move(k));
  }
  // One family for Holm: every comparison the report prints.
  std::vector<stats::Comparison *> family;
  for (auto &k : bench.cases) {
    if (k.rust_vs_c) family.push_back(&*k.rust_vs_c);
    if (k.native_vs_c) family.push_back(&*k.native_vs_c);
    if (k.ffi_vs_native) family.push_back(&*k.ffi_vs_native);
    for (auto &pair : k.library_pairs) family.push_back(&pair);
  }
  stats::correct_for_multiplicity(family);
  bench.runs = bench.cases.empty() || bench.cases.front().impls.empty()
                   ? 0
                   : static_cast<int>(bench.cases.front().impls.front().by_run.size());
  bench.comparisons = family.size();
}

void add_instructions(Store &store, const BenchRunRow &run, ReportModel &model) {
  Instructions &counted = model.instructions.emplace();
  counted.name = run.name;
  counted.created = run.created;
  counted.components = run.components;
  counted.command = run.command;
  counted.environment = environment_of(store.environment(run.environment_id));
  counted.cases = analyze_instructions(store.instruction_counts(run.id));
}

} // namespace

std::string RustVsC::verdict_text() const { return cli::verdict_text(verdict, c, rust); }

std::optional<FfiShare> ffi_share(const BenchCase &k) {
  if (!k.ffi_vs_native) return std::nullopt;
  const stats::Estimate &ratio = k.ffi_vs_native->ratio; // via FFI / native
  return FfiShare{1 - ratio.value, 1 - ratio.ci.high, 1 - ratio.ci.low,
                  k.ffi_vs_native->verdict != stats::Verdict::no_difference};
}

const ImplFigures *BenchCase::impl(const std::string &name) const {
  for (const auto &i : impls) {
    if (i.impl == name) return &i;
  }
  return nullptr;
}

const Environment &ReportModel::primary_environment() const {
  static const Environment none; // a model report_model() made always has one of the four
  if (fuzzing) return fuzzing->campaign.environment;
  if (benchmarks) return benchmarks->run.environment;
  if (instructions) return instructions->environment;
  return ground_truth && ground_truth->campaign ? ground_truth->campaign->environment : none;
}

const CaseInstructions *Instructions::find(const std::string &label) const {
  for (const auto &k : cases) {
    if (k.label() == label) return &k;
  }
  return nullptr;
}

std::string percent_text(double fraction) { return fmt::format("{:g}%", 100 * fraction); }

std::string seconds_text(double seconds) {
  return seconds < 10 ? fmt::format("{:.2g} s", seconds) : fmt::format("{:.0f} s", seconds);
}

ReportModel report_model(const Project &project, Store &store, const ReportSources &sources) {
  const auto &campaign = sources.campaign;
  const auto &instruction_run = sources.instructions;
  if (!campaign && sources.bench.empty() && !instruction_run && !sources.ground_truth) {
    throw UserError("nothing to report: no campaign and no benchmark run");
  }
  ReportModel model;
  model.schema = "twinbench-report/1";
  model.title = "twinbench evidence report";
  model.generated = now_iso8601();
  model.store = store.db().path().string();
  std::set<std::string> components;
  if (campaign) {
    add_fuzzing(project, store, *campaign, model);
    components.insert(campaign->components.begin(), campaign->components.end());
  }
  if (!sources.bench.empty()) {
    add_benchmarks(project, store, sources.bench, model);
    for (const auto &run : sources.bench) {
      components.insert(run.components.begin(), run.components.end());
    }
  }
  if (instruction_run) {
    add_instructions(store, *instruction_run, model);
    components.insert(instruction_run->components.begin(), instruction_run->components.end());
  }
  model.components.assign(components.begin(), components.end());
  const Environment &env = model.primary_environment();
  model.git_revision = env.git_revision;
  model.git_dirty = env.git_dirty;
  if (!project.bugs.empty()) {
    model.ground_truth = ground_truth(project, store, sources.ground_truth);
    model.safety = safety_sentences(*model.ground_truth);
  }
  model.code = code_census(project);
  std::map<int64_t, double> first_seen;
  for (const auto &c : model.crashes) {
    if (c.first_seen_at) first_seen[c.id] = c.first_seen_at->elapsed_seconds;
  }
  model.field = field_evidence(project, store, campaign, first_seen);
  model.summary = summary_sentences(model);
  model.threats = threat_sentences(model);
  model.reproduce = reproduce_commands(model);
  return model;
}

} // namespace twinbench::cli
