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

} // namespace

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

CampaignFacts campaign_facts(Store &store, const CampaignRow &campaign) {
  CampaignFacts f;
  f.name = campaign.name;
  f.created = campaign.created;
  f.status = campaign.status;
  for (const auto &name : campaign.engines())
    f.engines.push_back({name, engine_named(name).method()});
  f.budget_seconds = campaign.budget_seconds;
  f.trials = campaign.trials;
  f.jobs = campaign.jobs;
  f.components = campaign.components;
  f.impls = campaign.impls;
  f.extra_flags = campaign.extra_flags;
  f.timeout_seconds = campaign.timeout_seconds;
  f.rss_limit_mb = campaign.rss_limit_mb;
  f.environment = environment_of(store.environment(campaign.environment_id));
  return f;
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
  const std::string first_engine = campaign.engines().at(0);
  for (const auto &r : store.runs(campaign.id)) {
    run_by_id[r.id] = r;
    fuzz.seconds_all_engines += r.elapsed_seconds;
    if (r.engine != first_engine) continue;
    runs[r.component][r.impl].push_back(r);
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

  // When and where each crash was first seen: its earliest artifact; and which engines found it.
  std::map<int64_t, ArtifactRow> first_artifact;
  std::map<int64_t, std::set<std::string>> engines_of;
  for (const auto &a : store.artifacts(campaign.id)) {
    if (!a.crash_id) continue;
    if (const auto run = run_by_id.find(a.run_id); run != run_by_id.end())
      engines_of[*a.crash_id].insert(run->second.engine);
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
    if (fuzz.campaign.engines.size() > 1) {
      for (const auto &e : fuzz.campaign.engines) {
        if (engines_of[c.id].contains(e.name)) crash.engines.push_back(e.method.title);
      }
    }
    for (const auto &s : store.sightings(c.signature)) {
      crash.found_in.push_back(fmt::format("{} ({}, crash {}, seen {} times)", s.campaign, s.origin,
                                           s.crash_id, s.count));
    }
    if (auto it = first_artifact.find(c.id); it != first_artifact.end()) {
      const auto &run = run_by_id[it->second.run_id];
      crash.first_seen_at =
          FirstSeen{it->second.found_elapsed_seconds,
                    fmt::format("fuzz_{}_{} trial {}{}", run.component, run.impl, run.trial,
                                fuzz.campaign.engines.size() > 1
                                    ? " (" + engine_named(run.engine).method().title + ")"
                                    : "")};
    }
    model.crashes.push_back(std::move(crash));
  }
}

} // namespace

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
    model.coverage = coverage_figures(project, store, *campaign);
    components.insert(campaign->components.begin(), campaign->components.end());
  }
  add_bench_parts(project, store, sources, model);
  for (const auto &run : sources.bench) {
    components.insert(run.components.begin(), run.components.end());
  }
  if (instruction_run) {
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
  if (sources.ground_truth) add_bug_sites(store, *sources.ground_truth, model.coverage);
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
