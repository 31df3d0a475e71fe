// The report's benchmark parts: timed runs (one, or several of one build pooled) with every
// comparison the report prints under one Holm family, and instruction counts.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "report/report.h"

namespace twinbench::cli {
namespace {

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
    // A library pair: each Rust implementation of the component over each C (or C++) one where
    // either is a library (the twins' own pair is rust_vs_c above; not the baselines, which are
    // timed on canonical input only).
    const auto named = std::find_if(project.components.begin(), project.components.end(),
                                    [&](const Component &c) { return c.name == r.component; });
    const Component *component = named == project.components.end() ? nullptr : &*named;
    auto held = [&](const std::string &impl) -> const Implementation * {
      const Implementation *found = component ? component->find(impl) : nullptr;
      return found && !found->baseline ? found : nullptr;
    };
    for (const auto &rust : k.impls) {
      const Implementation *r_impl = held(rust.impl);
      if (!r_impl || r_impl->language != "rust") continue;
      for (const auto &c : k.impls) {
        const Implementation *c_impl = held(c.impl);
        if (!c_impl || !c_family(c_impl->language)) continue;
        if (r_impl->kind != "library" && c_impl->kind != "library") continue;
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

void add_bench_parts(const Project &project, Store &store, const ReportSources &sources,
                     ReportModel &model) {
  if (!sources.bench.empty()) add_benchmarks(project, store, sources.bench, model);
  if (sources.instructions) add_instructions(store, *sources.instructions, model);
}

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

} // namespace twinbench::cli
