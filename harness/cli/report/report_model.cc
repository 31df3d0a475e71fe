// The report's model: every figure the report shows, computed once from the store; and
// report.json, its JSON form.
#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "report/escape.h"
#include "report/report.h"

namespace twinbench::cli {
namespace {

using json = nlohmann::json;

constexpr size_t max_points_per_series = 200; // enough for a 700-pixel-wide chart

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

// The twins, and the Rust twin's native loop: not baselines.
bool is_twin(const std::string &impl) {
  return impl == "c" || impl == "rust" || impl == rust_native_impl;
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
      k.impls.push_back({i.impl, i.mbps.size(), i.median, cv, i.mbps, i.by_run});
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
      k.native_vs_c = versus(*r.native_vs_c, "C", "Rust native", "c", rust_native_impl);
    {
      const ImplFigures *rust = k.impl("rust"), *native = k.impl(rust_native_impl);
      if (rust && native) {
        if (auto cmp = compare_by_run(native->by_run, rust->by_run))
          k.ffi_vs_native = versus(*cmp, "Rust native", "Rust via FFI", rust_native_impl, "rust");
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

std::string duration_text(double seconds) {
  if (seconds >= 3600) return fmt::format("{:.4g} h", seconds / 3600);
  if (seconds >= 60) return fmt::format("{:.4g} min", seconds / 60);
  return fmt::format("{:.4g} s", seconds);
}

std::string classes_text(const CrashTally &tally) {
  std::vector<std::string> parts;
  for (const auto &[klass, n] : tally.by_class) parts.push_back(fmt::format("{} {}", n, klass));
  return parts.empty() ? "" : fmt::format(" ({})", fmt::join(parts, ", "));
}

// A few sentences, each carrying its numbers.
std::vector<std::string> summary(const ReportModel &model) {
  std::vector<std::string> sentences;
  const Methodology &m = model.methodology;
  if (model.fuzzing) {
    const Fuzzing &f = *model.fuzzing;
    int64_t targets = 0;
    double cpu_seconds = 0;
    for (const auto &[comp, impls] : f.by_component) {
      for (const auto &[impl, t] : impls) {
        targets++;
        cpu_seconds += t.seconds;
      }
    }
    // Twins and libraries apart: a crash in stb_image is not the C twins'.
    auto is_library = [&](const std::string &comp) {
      return std::any_of(model.field.begin(), model.field.end(),
                         [&](const FieldComponent &fc) { return fc.name == comp; });
    };
    std::map<std::string, CrashTally> by_owner, library_by_owner;
    for (const auto &[comp, owners] : f.crash_counts) {
      for (const auto &[owner, tally] : owners) {
        CrashTally &o = (is_library(comp) ? library_by_owner : by_owner)[owner];
        o.total += tally.total;
        for (const auto &[klass, n] : tally.by_class) o.by_class[klass] += n;
      }
    }
    auto total_in = [](const std::map<std::string, CrashTally> &tallies, const std::string &owner) {
      auto it = tallies.find(owner);
      return it == tallies.end() ? 0 : it->second.total;
    };
    auto classes_in = [](const std::map<std::string, CrashTally> &tallies,
                         const std::string &owner) {
      auto it = tallies.find(owner);
      return it == tallies.end() ? std::string() : classes_text(it->second);
    };
    auto total = [&](const std::string &owner) { return total_in(by_owner, owner); };
    auto classes = [&](const std::string &owner) { return classes_in(by_owner, owner); };
    sentences.push_back(fmt::format(
        "Fuzzing (campaign {}): {} fuzz targets, {} trial(s) of {} each, {} of fuzzing in all; "
        "the C twins had {} unique crash(es){}, the Rust twins {}{}, and the differential "
        "targets found {} divergence(s) between them{}.",
        f.campaign.name, targets, f.campaign.trials, duration_text(f.campaign.budget_seconds),
        duration_text(cpu_seconds), total("c"), classes("c"), total("rust"), classes("rust"),
        total("both"), classes("both")));
    if (!library_by_owner.empty()) {
      sentences.push_back(fmt::format(
          "The real libraries: the C libraries had {} unique crash(es){}, the Rust crates "
          "{}{}, and their differential targets found {} divergence(s){} (field evidence).",
          total_in(library_by_owner, "c"), classes_in(library_by_owner, "c"),
          total_in(library_by_owner, "rust"), classes_in(library_by_owner, "rust"),
          total_in(library_by_owner, "both"), classes_in(library_by_owner, "both")));
    }
    if (total("harness") > 0) {
      // A crash in the drivers is neither twin's, but it hides whatever the run would have found.
      sentences.push_back(fmt::format("The harness itself crashed {} time(s){}: see the crash "
                                      "appendix; those runs tested less than their budget.",
                                      total("harness"), classes("harness")));
    }
  }
  if (model.benchmarks) {
    const Benchmarks &bench = *model.benchmarks;
    int rust = 0, c = 0, tie = 0;
    double low = INFINITY, high = -INFINITY;
    std::string low_case, high_case;
    std::vector<double> ratios;
    for (const auto &k : bench.cases) {
      if (!k.rust_vs_c) continue;
      rust += k.rust_vs_c->verdict == stats::Verdict::second_faster;
      c += k.rust_vs_c->verdict == stats::Verdict::first_faster;
      tie += k.rust_vs_c->verdict == stats::Verdict::no_difference;
      const double r = k.rust_vs_c->ratio.value;
      ratios.push_back(r);
      if (r < low) low = r, low_case = k.label;
      if (r > high) high = r, high_case = k.label;
    }
    if (!ratios.empty()) {
      const double mid = stats::median(ratios);
      const std::string range =
          fmt::format("the Rust/C throughput ratio ranged from {:.3f} ({}) to {:.3f} ({}), "
                      "median {:.3f}",
                      low, low_case, high, high_case, mid);
      if (bench.runs > 1) {
        sentences.push_back(fmt::format(
            "Speed across {} runs of the benchmark binary: of {} cases run on both twins, Rust "
            "was faster in {}, C in {}, and {} showed no measurable difference (t-test of the "
            "runs' log ratios, Holm-corrected over {} comparisons at {:g}; differences under {} "
            "count as ties); {}.",
            bench.runs, ratios.size(), rust, c, tie, bench.comparisons, m.alpha,
            percent_text(m.noise), range));
      } else {
        sentences.push_back(fmt::format(
            "Speed: one run of the benchmark binary, so no speed verdict is counted here (a "
            "verdict within one run cannot see how much the next run shifts: `twinbench bench "
            "--runs 5`); in this run {}.",
            range));
      }
    }
  }
  if (model.benchmarks) {
    // The FFI apart: how much of Rust's time through the FFI the crossing itself took.
    std::vector<std::pair<double, std::string>> shares;
    size_t tested = 0;
    for (const auto &k : model.benchmarks->cases) {
      if (auto share = ffi_share(k)) {
        tested++;
        if (share->measurable) shares.emplace_back(share->value, k.label);
      }
    }
    if (tested > 0 && shares.empty()) {
      sentences.push_back(fmt::format(
          "The FFI apart: in none of {} cases did crossing the C ABI once per operation cost a "
          "measurable share of the Rust twin's time, against the same crate called from a loop "
          "in Rust (table \"The FFI apart\").",
          tested));
    } else if (!shares.empty()) {
      std::sort(shares.begin(), shares.end());
      sentences.push_back(fmt::format(
          "The FFI apart: where it was measurable ({} of {} cases), crossing the C ABI once per "
          "operation took from {} ({}) to {} ({}) of the Rust twin's time, against the same "
          "crate called from a loop in Rust; the table \"The FFI apart\" gives Rust/C both "
          "ways.",
          shares.size(), tested, percent_text(std::round(shares.front().first * 1000) / 1000),
          shares.front().second, percent_text(std::round(shares.back().first * 1000) / 1000),
          shares.back().second));
    }
  }
  if (model.instructions) {
    std::vector<std::pair<double, std::string>> ratios;
    for (const auto &k : model.instructions->cases) {
      if (k.rust_vs_c_instructions) ratios.emplace_back(*k.rust_vs_c_instructions, k.label());
    }
    if (!ratios.empty()) {
      std::sort(ratios.begin(), ratios.end());
      const size_t more = static_cast<size_t>(
          std::count_if(ratios.begin(), ratios.end(), [](const auto &r) { return r.first > 1; }));
      sentences.push_back(fmt::format(
          "Instructions (run {}, callgrind; exact and repeatable, unlike time): Rust executed "
          "more instructions per byte than C in {} of {} cases; the Rust/C instruction ratio "
          "ranged from {:.3f} ({}) to {:.3f} ({}).",
          model.instructions->name, more, ratios.size(), ratios.front().first,
          ratios.front().second, ratios.back().first, ratios.back().second));
    }
  }
  return sentences;
}

// "openssl and base64_crate for base64; cjson for json".
std::string baselines_text(const Benchmarks &bench) {
  std::vector<std::string> parts;
  for (const auto &[comp, impls] : bench.baselines) {
    std::string names;
    for (size_t i = 0; i < impls.size(); i++) {
      if (i > 0) names += i + 1 == impls.size() ? " and " : ", ";
      names += impls[i];
    }
    parts.push_back(names + " for " + comp);
  }
  return fmt::format("{}", fmt::join(parts, "; "));
}

std::vector<std::string> threats(const ReportModel &model) {
  std::vector<std::string> out;
  if (model.fuzzing) {
    const CampaignFacts &c = model.fuzzing->campaign;
    out.push_back(fmt::format(
        "Fuzzing ran {} trial(s) of {} per target. Crashes found are real, but finding none "
        "within this budget is weak evidence that none exist; FuzzBench-style comparisons use "
        "10-20 trials of hours.",
        c.trials, duration_text(c.budget_seconds)));
    out.push_back("libFuzzer's coverage counts (cov, ft) are not comparable between the C and "
                  "the Rust binaries: the two compilers instrument code differently. Compare "
                  "each twin's curve with itself (growth and plateau), not the heights.");
    if (c.environment.build.rust_asan == false) {
      out.push_back("The Rust fuzz targets were built without AddressSanitizer (no nightly "
                    "toolchain): memory errors in Rust code would show only as crashes.");
    }
  }
  if (model.benchmarks) {
    const Benchmarks &b = *model.benchmarks;
    out.push_back(fmt::format("Benchmark noise: the largest coefficient of variation across "
                              "repetitions was {:.1f}% ({}).",
                              100 * b.worst_cv.cv, b.worst_cv.case_label));
    if (b.runs > 1) {
      out.push_back(fmt::format(
          "Between runs, one implementation's median in one case moved by up to {:.1f}% ({}); "
          "the verdicts rest on that variation, estimated from {} runs (a t interval on {} "
          "degrees of freedom is wide, and assumes the runs' log ratios are roughly normal).",
          100 * b.worst_run_shift.cv, b.worst_run_shift.case_label, b.runs, b.runs - 1));
    } else {
      out.push_back("Intervals describe the variation within this one run; how far a whole run "
                    "shifts on this machine is not measured by it. Run `twinbench bench --runs "
                    "5` before quoting a ratio; instruction counts (twinbench bench --measure "
                    "instructions) do not shift.");
    }
    out.push_back("One machine, one compiler version per language, one benchmark binary with "
                  "both twins linked in: the figures hold for this machine, not in general.");
    if (b.library && b.library->build_type != "release") {
      out.push_back(fmt::format(
          "Google Benchmark{} reports library_build_type \"{}\" (its own checks on): its "
          "bookkeeping per iteration is slower than a release build's, which lowers short "
          "cases' throughput; it is the same code around every implementation, but its cost is "
          "not measured here.",
          b.library->version.empty() ? "" : " " + b.library->version, b.library->build_type));
    }
    if (!b.baselines.empty()) {
      out.push_back(fmt::format("Baselines ({}) are timed on canonical input only, after their "
                                "output was checked; their error handling is not the twins'.",
                                baselines_text(b)));
    }
  }
  if (model.instructions) {
    out.push_back("Instruction counts are not time: they ignore branch mispredictions, the "
                  "memory system beyond callgrind's simulated caches, and how many instructions "
                  "a core retires per cycle, so a wider SIMD instruction or a mispredicted "
                  "branch weighs like any other. Fewer instructions usually, not always, mean "
                  "faster; use them to see that a difference is real, the MB/s for its size. "
                  "A library that picks its code by the CPU it runs on (simdjson, httparse) "
                  "picks under callgrind by valgrind's emulated CPU (no AVX-512), so its count "
                  "can be of another code path than its MB/s.");
  }
  if (model.ground_truth) {
    const GroundTruth &truth = *model.ground_truth;
    out.push_back("The seeded bugs are ours: written by the authors of the twins and of the "
                  "drivers, in components this small. They show what each language does with "
                  "one given mistake, not how often engineers make it, nor how real libraries "
                  "fare; that evidence comes from real C libraries and their Rust counterparts "
                  "under the same drivers, reported separately.");
    out.push_back("Overflow checks differ between builds: the fuzz builds have them (Rust with "
                  "-Cdebug-assertions; C's UBSan sees signed overflow only, and unsigned "
                  "wrap-around is defined in C), the release builds do not. An integer mistake "
                  "that panics while fuzzing Rust wraps silently in Rust's release build, as in "
                  "C's; the release column shows what ships.");
    out.push_back("A C release build's reaction to use-after-free, double free and stack "
                  "exhaustion depends on glibc's allocator and the stack layout of this "
                  "machine: 'no visible effect' there means this run showed none, not that the "
                  "build is safe.");
    if (truth.campaign) {
      int sides = 0, at_once = 0;
      for (const auto &e : truth.bugs) {
        for (const BugSide *s : {&e.c, &e.rust}) {
          if (s->trials == 0) continue;
          sides++;
          // Triggered in every trial within two seconds: by the seeds, before any search.
          at_once += s->triggered == s->trials && s->survival && !s->times.empty() &&
                     std::all_of(s->times.begin(), s->times.end(),
                                 [](const stats::Trial &t) { return t.detected && t.seconds < 2; });
        }
      }
      out.push_back(fmt::format(
          "In {} of the {} fuzzed (bug, language) pairs every trial detected the bug within 2 "
          "seconds, while libFuzzer was still running the seed corpus: those times measure the "
          "seeds and the driver, not the fuzzer's search. Times are wall-clock seconds on a "
          "shared machine with {} runs at once; a language whose build executes more slowly "
          "needs more time for the same number of inputs.",
          at_once, sides, truth.campaign->jobs));
      if (truth.campaign->trials < 5) {
        out.push_back(fmt::format("The ground-truth campaign ran {} trial(s) per bug and "
                                  "language: too few for its intervals or log-rank tests to "
                                  "mean much (standard evidence runs 5, full 10).",
                                  truth.campaign->trials));
      }
    }
  }
  auto dirty = [&](const Environment &env, const char *what) {
    if (!env.git_dirty) return;
    out.push_back(fmt::format("The {} ran on a checkout with uncommitted changes (revision {} "
                              "plus local edits).",
                              what, env.git_revision));
  };
  if (model.fuzzing) dirty(model.fuzzing->campaign.environment, "campaign");
  if (model.benchmarks) dirty(model.benchmarks->run.environment, "benchmark run");
  if (model.instructions) dirty(model.instructions->environment, "instruction count");
  return out;
}

std::vector<std::string> reproduce(const ReportModel &model) {
  std::vector<std::string> out;
  const std::string &revision = model.primary_environment().git_revision;
  out.push_back(fmt::format("git checkout {}", revision.empty() ? "<revision>" : revision));
  out.push_back("scripts/bootstrap --chromium");
  std::string report = "scripts/twinbench report";
  if (model.fuzzing) {
    const CampaignFacts &c = model.fuzzing->campaign;
    std::string cmd = fmt::format(
        "scripts/twinbench fuzz --components {} --impls {} --time {}s --trials {} --jobs {} "
        "--timeout {} --rss-limit-mb {} --campaign {}",
        fmt::join(c.components, ","), fmt::join(c.impls, ","), c.budget_seconds, c.trials, c.jobs,
        c.timeout_seconds, c.rss_limit_mb, c.name);
    if (!c.extra_flags.empty()) cmd += fmt::format(" -- {}", fmt::join(c.extra_flags, " "));
    out.push_back(cmd);
    report += " --campaign " + c.name;
  }
  if (model.benchmarks) {
    const BenchRunFacts &r = model.benchmarks->run;
    const std::vector<std::string> names =
        r.pooled.empty() ? std::vector<std::string>{r.name} : r.pooled;
    for (const auto &name : names) {
      std::string cmd =
          fmt::format("scripts/twinbench bench --components {} --repetitions {} --min-time {} "
                      "--name {}",
                      fmt::join(r.components, ","), r.repetitions, r.min_time, name);
      if (r.pin >= 0) cmd += fmt::format(" --pin {}", r.pin);
      out.push_back(cmd);
    }
    report += fmt::format(" --bench {}", fmt::join(names, ","));
  }
  if (model.instructions) {
    out.push_back(fmt::format("scripts/twinbench bench --measure instructions --components {} "
                              "--name {}",
                              fmt::join(model.instructions->components, ","),
                              model.instructions->name));
    report += " --instructions " + model.instructions->name;
  }
  if (model.ground_truth) {
    const GroundTruth &truth = *model.ground_truth;
    if (truth.campaign) {
      const CampaignFacts &c = *truth.campaign;
      std::vector<std::string> bugs;
      for (const auto &e : truth.bugs) {
        if (e.c.trials > 0 || e.rust.trials > 0) bugs.push_back(e.id);
      }
      out.push_back(fmt::format("scripts/twinbench fuzz --bugs {} --time {}s --trials {} --jobs {} "
                                "--timeout {} --rss-limit-mb {} --campaign {}",
                                fmt::join(bugs, ","), c.budget_seconds, c.trials, c.jobs,
                                c.timeout_seconds, c.rss_limit_mb, c.name));
      report += " --ground-truth " + c.name;
    }
    if (!truth.consequences_run.empty()) out.push_back("scripts/twinbench consequences");
  }
  out.push_back(report);
  return out;
}

// --- JSON ----------------------------------------------------------------------------------

json to_json(const Environment &e) {
  json build = json::object();
  auto put = [&](const char *key, const auto &value) {
    if (value) build[key] = *value;
  };
  put("mode", e.build.mode);
  put("c_compiler", e.build.c_compiler);
  put("c_flags", e.build.c_flags);
  put("rust_toolchain", e.build.rust_toolchain);
  put("rust_profile", e.build.rust_profile);
  put("rustflags", e.build.rustflags);
  put("rust_asan", e.build.rust_asan);
  return {{"cpu", e.cpu},
          {"cores", e.cores},
          {"kernel", e.kernel},
          {"clang", e.clang},
          {"rustc_stable", e.rustc_stable},
          {"rustc_nightly", e.rustc_nightly},
          {"git_revision", e.git_revision},
          {"git_dirty", e.git_dirty},
          {"build", build},
          {"build_flags", to_json(e.flags)}};
}

json to_json(const stats::Estimate &e) {
  return {{"value", e.value}, {"low", e.ci.low}, {"high", e.ci.high}};
}

json to_json(const Fuzzing &f) {
  const CampaignFacts &c = f.campaign;
  json out;
  out["campaign"] = {{"name", c.name},
                     {"created", c.created},
                     {"status", c.status},
                     {"budget_seconds", c.budget_seconds},
                     {"trials", c.trials},
                     {"jobs", c.jobs},
                     {"components", c.components},
                     {"impls", c.impls},
                     {"timeout_seconds", c.timeout_seconds},
                     {"rss_limit_mb", c.rss_limit_mb},
                     {"extra_flags", c.extra_flags},
                     {"environment", to_json(c.environment)}};
  json series = json::array();
  for (const auto &s : f.coverage_series) {
    json points = json::array();
    for (const auto &[seconds, cov] : s.points) points.push_back({seconds, cov});
    series.push_back({{"component", s.component},
                      {"impl", s.impl},
                      {"trial", s.trial},
                      {"samples", s.samples},
                      {"points", points}});
  }
  out["coverage_series"] = series;
  json by_component = json::object();
  for (const auto &[comp, impls] : f.by_component) {
    for (const auto &[impl, t] : impls) {
      by_component[comp][impl] = {{"runs", t.runs},
                                  {"execs", t.execs},
                                  {"seconds", t.seconds},
                                  {"execs_per_second", t.execs_per_second},
                                  {"final_cov_median", t.final_cov_median},
                                  {"final_cov_min", t.final_cov_min},
                                  {"final_cov_max", t.final_cov_max}};
    }
  }
  out["by_component"] = by_component;
  json counts = json::object();
  for (const auto &[comp, owners] : f.crash_counts) {
    for (const auto &[owner, tally] : owners) {
      counts[comp][owner] = {{"total", tally.total}, {"by_class", tally.by_class}};
    }
  }
  out["crash_counts"] = counts;
  return out;
}

json to_json(const Crash &c) {
  json out = {{"id", c.id},
              {"signature", c.signature},
              {"component", c.component},
              {"side", c.side},
              {"class", c.crash_class},
              {"type", c.type},
              {"frames", c.frames},
              {"first_seen", c.first_seen},
              {"count", c.count},
              {"reliability", c.reliability},
              {"binary", c.binary},
              {"input", c.input},
              {"input_minimized", c.input_minimized},
              {"input_size", c.input_size},
              {"input_dump", c.input_dump},
              {"input_dump_cut", c.input_dump_cut},
              {"reproduce", c.reproduce},
              {"reproduce_direct", c.reproduce_direct},
              {"found_in", c.found_in}};
  if (c.first_seen_at) {
    out["first_seen_elapsed_seconds"] = c.first_seen_at->elapsed_seconds;
    out["first_seen_by"] = c.first_seen_at->by;
  }
  return out;
}

json to_json(const Benchmarks &b) {
  const BenchRunFacts &r = b.run;
  json out;
  out["run"] = {{"name", r.name},
                {"created", r.created},
                {"repetitions", r.repetitions},
                {"min_time", r.min_time},
                {"pin", r.pin},
                {"components", r.components},
                {"command", r.command},
                {"interleaved", r.interleaved},
                {"pooled", r.pooled},
                {"environment", to_json(r.environment)}};
  json cases = json::array();
  for (const auto &k : b.cases) {
    json impls = json::array();
    for (const auto &i : k.impls) {
      impls.push_back({{"impl", i.impl},
                       {"repetitions", i.repetitions},
                       {"median_mbps", to_json(i.median_mbps)},
                       {"cv", i.cv}});
    }
    json c = {{"component", k.component},
              {"case", k.case_name},
              {"size", k.size},
              {"label", k.label},
              {"impls", impls}};
    auto versus_c = [](const RustVsC &v) {
      json out = {{"c", v.c},
                  {"rust", v.rust},
                  {"first_impl", v.first_impl},
                  {"second_impl", v.second_impl},
                  {"ratio", to_json(v.ratio)},
                  {"runs", v.runs},
                  {"test", v.within_one_run() ? "mann-whitney-within-one-run"
                                              : "t-test-of-log-ratios-across-runs"},
                  {"p", v.p},
                  {"p_holm", v.p_adjusted},
                  {"a12", v.a12},
                  {"verdict", v.verdict_text()}};
      if (v.test) out["u"] = v.test->u;
      if (v.across) out["degrees_of_freedom"] = v.across->degrees_of_freedom;
      return out;
    };
    if (k.rust_vs_c) c["rust_vs_c"] = versus_c(*k.rust_vs_c);
    if (k.native_vs_c) c["rust_native_vs_c"] = versus_c(*k.native_vs_c);
    if (k.ffi_vs_native) c["rust_ffi_vs_native"] = versus_c(*k.ffi_vs_native);
    if (!k.library_pairs.empty()) {
      json pairs = json::array();
      for (const auto &pair : k.library_pairs) pairs.push_back(versus_c(pair));
      c["library_pairs"] = pairs;
    }
    cases.push_back(c);
  }
  out["cases"] = cases;
  out["worst_cv"] = {{"cv", b.worst_cv.cv}, {"case", b.worst_cv.case_label}};
  out["runs"] = b.runs;
  out["comparisons"] = b.comparisons;
  if (b.runs > 1) {
    out["worst_run_shift"] = {{"shift", b.worst_run_shift.cv},
                              {"case", b.worst_run_shift.case_label}};
  }
  json baselines = json::object();
  for (const auto &[comp, impls] : b.baselines) baselines[comp] = impls;
  out["baselines"] = baselines;
  if (b.library) {
    out["library"] = {{"version", b.library->version}, {"build_type", b.library->build_type}};
  }
  return out;
}

json to_json(const Instructions &counted) {
  json cases = json::array();
  for (const auto &k : counted.cases) {
    json impls = json::array();
    for (const auto &i : k.impls) {
      impls.push_back({{"impl", i.impl},
                       {"instructions_per_byte", i.instructions_per_byte},
                       {"estimated_cycles_per_byte", i.cycles_per_byte}});
    }
    json c = {{"component", k.component},
              {"case", k.case_name},
              {"size", k.size},
              {"label", k.label()},
              {"impls", impls}};
    if (k.rust_vs_c_instructions) {
      c["rust_vs_c"] = {{"instructions", *k.rust_vs_c_instructions},
                        {"estimated_cycles", *k.rust_vs_c_cycles}};
    }
    cases.push_back(c);
  }
  return {{"run",
           {{"name", counted.name},
            {"created", counted.created},
            {"components", counted.components},
            {"command", counted.command},
            {"environment", to_json(counted.environment)}}},
          {"cases", cases}};
}

json to_json(const Methodology &m) {
  return {{"bootstrap_resamples", m.bootstrap_resamples},
          {"confidence", m.confidence},
          {"bootstrap_seed", m.bootstrap_seed},
          {"alpha", m.alpha},
          {"noise", m.noise},
          {"exact_test_max", m.exact_test_max},
          {"repro_tries", m.repro_tries},
          {"signature_frames", m.signature_frames},
          {"input_dump_limit", m.input_dump_limit}};
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

nlohmann::json to_json(const ReportModel &model) {
  json out = {{"schema", model.schema},         {"title", model.title},
              {"generated", model.generated},   {"store", model.store},
              {"components", model.components}, {"git_revision", model.git_revision},
              {"git_dirty", model.git_dirty},   {"methodology", to_json(model.methodology)},
              {"summary", model.summary},       {"threats", model.threats},
              {"reproduce", model.reproduce}};
  if (model.fuzzing) out["fuzzing"] = to_json(*model.fuzzing);
  if (model.benchmarks) out["benchmarks"] = to_json(*model.benchmarks);
  if (model.instructions) out["instructions"] = to_json(*model.instructions);
  if (model.ground_truth) {
    out["ground_truth"] = to_json(*model.ground_truth);
    out["safety"] = model.safety;
  }
  json crashes = json::array();
  for (const auto &c : model.crashes) crashes.push_back(to_json(c));
  out["crashes"] = crashes;
  json code = json::array();
  for (const auto &c : model.code) {
    code.push_back({{"component", c.component},
                    {"implementation", c.implementation},
                    {"part", c.part},
                    {"folder", c.folder},
                    {"files", c.files},
                    {"lines", c.lines},
                    {"unsafe_blocks", c.unsafe_blocks},
                    {"unsafe_fns", c.unsafe_fns},
                    {"unsafe_impls", c.unsafe_impls}});
  }
  out["code"] = code;
  json field = json::array();
  auto optional = [](const std::optional<double> &v) { return v ? json(*v) : json(nullptr); };
  for (const auto &f : model.field) {
    json impls = json::array(), known = json::array(), disagreements = json::array();
    for (const auto &i : f.impls) {
      impls.push_back({{"name", i.name},
                       {"language", i.language},
                       {"origin", i.origin},
                       {"patches", i.patches},
                       {"patched_files_built", i.patched_files_built},
                       {"counted", i.counted},
                       {"files", i.files},
                       {"lines", i.lines},
                       {"unsafe_blocks", i.unsafe_blocks},
                       {"unsafe_fns", i.unsafe_fns},
                       {"unsafe_impls", i.unsafe_impls},
                       {"glue_lines", i.glue_lines},
                       {"findings", i.findings}});
    }
    for (const auto &k : f.known_bugs) {
      known.push_back({{"id", k.id},
                       {"implementation", k.implementation},
                       {"title", k.title},
                       {"class", k.bug_class},
                       {"affects", k.affects},
                       {"source", k.source},
                       {"witness", k.witness},
                       {"crash_id", k.crash_id ? json(*k.crash_id) : json(nullptr)},
                       {"found_seconds", optional(k.found_seconds)},
                       {"found_by", k.found_by},
                       {"same_finding_as", k.same_finding_as}});
    }
    for (const auto &d : f.disagreements) {
      disagreements.push_back({{"kind", d.kind},
                               {"pair", d.pair},
                               {"count", d.count},
                               {"runs", d.runs},
                               {"first_seconds", optional(d.first_seconds)},
                               {"example_hex", d.example_hex}});
    }
    field.push_back({{"component", f.name},
                     {"title", f.title},
                     {"spec", f.spec},
                     {"fuzzed", f.fuzzed},
                     {"implementations", impls},
                     {"diff_findings", f.diff_findings},
                     {"known_bugs", known},
                     {"disagreements", disagreements}});
  }
  out["field"] = field;
  return out;
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
  model.summary = summary(model);
  model.threats = threats(model);
  model.reproduce = reproduce(model);
  return model;
}

} // namespace twinbench::cli
