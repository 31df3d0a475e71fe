// report.json: the model as JSON, every figure and sentence the report prints.
#include <cmath>

#include <fmt/format.h>

#include "report/report.h"

namespace twinbench::cli {
namespace {

using json = nlohmann::json;

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

std::vector<std::string> engine_names_of(const CampaignFacts &c) {
  std::vector<std::string> out;
  for (const auto &e : c.engines) out.push_back(e.name);
  return out;
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
                     {"engines", engine_names_of(c)},
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
              {"found_by", c.found_by},
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
  if (!c.engines.empty()) out["engines"] = c.engines;
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
                       {"timing", i.timing},
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

nlohmann::json to_json(const ReportModel &model) {
  json out = {{"schema", model.schema},         {"title", model.title},
              {"generated", model.generated},   {"store", model.store},
              {"components", model.components}, {"git_revision", model.git_revision},
              {"git_dirty", model.git_dirty},   {"methodology", to_json(model.methodology)},
              {"summary", model.summary},       {"threats", model.threats},
              {"reproduce", model.reproduce}};
  if (model.fuzzing) out["fuzzing"] = to_json(*model.fuzzing);
  if (model.coverage) {
    json impls = json::array();
    for (const auto &c : model.coverage->impls) {
      auto pair = [](int64_t covered, int64_t total) {
        return json{{"covered", covered}, {"total", total}};
      };
      impls.push_back({{"component", c.component},
                       {"impl", c.impl},
                       {"language", c.language},
                       {"kind", c.kind},
                       {"trials", c.trials},
                       {"lines", pair(c.lines_covered, c.lines)},
                       {"regions", pair(c.regions_covered, c.regions)},
                       {"branches", pair(c.branches_covered, c.branches)},
                       {"functions", pair(c.functions_covered, c.functions)},
                       {"line_fractions", c.line_fractions},
                       {"files", c.files},
                       {"never_entered", c.never_entered}});
      json &entry = impls.back();
      if (c.vectors_lines)
        entry["vectors_lines"] = pair(c.vectors_lines->first, c.vectors_lines->second);
      if (c.vector_lines && c.vector_lines_reached) {
        entry["vector_lines_reached"] = pair(*c.vector_lines_reached, *c.vector_lines);
      }
      json growth = json::object();
      for (const auto &[seconds, fractions] : c.growth) growth[std::to_string(seconds)] = fractions;
      entry["line_fractions_at_seconds"] = growth;
    }
    json sites = json::array();
    for (const auto &b : model.coverage->bug_sites) {
      sites.push_back({{"bug", b.bug},
                       {"impl", b.impl},
                       {"trials", b.trials},
                       {"site_executed", b.executed},
                       {"reached", b.reached},
                       {"triggered", b.triggered},
                       {"agree", b.agree}});
    }
    out["coverage"] = {{"campaign", model.coverage->campaign},
                       {"implementations", impls},
                       {"ground_truth", model.coverage->ground_truth},
                       {"bug_sites", sites}};
  }
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

} // namespace twinbench::cli
