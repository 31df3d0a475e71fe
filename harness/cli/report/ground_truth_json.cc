// report.json's safety half: every seeded bug with both sides' release outcomes, trials and
// survival figures (the model in ground_truth.cc).
#include "bench/stats.h"
#include "report/report.h"

namespace twinbench::cli {
namespace {

using json = nlohmann::json;

json incidence_json(const std::vector<stats::IncidenceStep> &steps) {
  json out = json::array();
  for (const auto &s : steps) {
    out.push_back({{"seconds", s.seconds}, {"detected", s.detected}, {"unrelated", s.unrelated}});
  }
  return out;
}

json to_json(const stats::KaplanMeier &km) {
  json steps = json::array();
  for (const auto &s : km.steps) {
    steps.push_back({{"seconds", s.seconds},
                     {"at_risk", s.at_risk},
                     {"detected", s.detected},
                     {"survival", s.survival},
                     {"low", s.low},
                     {"high", s.high}});
  }
  auto opt = [](const std::optional<double> &v) { return v ? json(*v) : json(nullptr); };
  return {{"steps", steps},
          {"median", opt(km.median)},
          {"median_low", opt(km.median_low)},
          {"median_high", opt(km.median_high)}};
}

json to_json(const BugSide &s) {
  json times = json::array();
  for (const auto &t : s.times) times.push_back({{"seconds", t.seconds}, {"detected", t.detected}});
  return {{"language", s.language},
          {"impl", s.impl},
          {"expected", s.expected},
          {"refused_by_rustc", s.refused_by_rustc()},
          {"trials", s.trials},
          {"reached", s.reached},
          {"triggered", s.triggered},
          {"detected", s.detected},
          {"unattributed", s.unattributed},
          {"detected_by", s.detected_by},
          {"times", times},
          {"survival", s.survival ? to_json(*s.survival) : json(nullptr)},
          {"rmst", s.rmst ? json{{"horizon", s.rmst->horizon},
                                 {"value", s.rmst->value},
                                 {"standard_error", s.rmst->standard_error},
                                 {"low", s.rmst->low},
                                 {"high", s.rmst->high}}
                          : json(nullptr)},
          {"ended",
           {{"detected", s.detected},
            {"stopped_by_an_unrelated_finding", s.unattributed},
            {"at_the_budget", s.censored_at_budget}}},
          {"exec_survival", s.exec_survival ? to_json(*s.exec_survival) : json(nullptr)},
          {"crash_ids", s.crash_ids},
          {"release",
           {{"outcome", s.outcome},
            {"verdict", s.verdict},
            {"detail", s.outcome_detail},
            {"memcheck", s.memcheck},
            {"command", s.release_command}}}};
}

} // namespace

json to_json(const GroundTruth &truth) {
  json bugs = json::array();
  for (const auto &e : truth.bugs) {
    json b = {{"id", e.id},
              {"component", e.component},
              {"class", e.bug_class},
              {"cwe", e.cwe},
              {"rust_unsafe", e.rust_unsafe},
              {"unsafe_for", e.unsafe_for},
              {"title", e.title},
              {"clause", e.clause},
              {"witness", e.witness},
              {"c", to_json(e.c)},
              {"rust", to_json(e.rust)},
              {"c_integer_sanitizers", to_json(e.c_int)},
              {"fuzz_command", e.fuzz_command},
              {"witness_command", e.witness_command}};
    if (e.c_vs_rust) {
      b["log_rank"] = {{"chi_square", e.c_vs_rust->chi_square}, {"p", e.c_vs_rust->p}};
      if (e.a12_c_slower) b["a12_c_slower"] = *e.a12_c_slower;
    }
    if (!e.by_engine.empty()) {
      json engines = json::array();
      for (const auto &d : e.by_engine) {
        json one = {{"engine", d.engine}, {"c", to_json(d.c)}, {"rust", to_json(d.rust)}};
        if (d.c_vs_rust) {
          one["log_rank"] = {{"chi_square", d.c_vs_rust->chi_square}, {"p", d.c_vs_rust->p}};
        }
        engines.push_back(std::move(one));
      }
      b["by_engine"] = std::move(engines);
    }
    bugs.push_back(std::move(b));
  }
  const SafetyTally &t = truth.tally;
  json engines = json::array();
  if (truth.campaign) {
    for (const auto &e : truth.campaign->engines) engines.push_back(e.name);
  }
  return {{"campaign", truth.campaign ? json(truth.campaign->name) : json(nullptr)},
          {"engines", engines},
          {"runs", truth.runs},
          {"finished_runs", truth.finished_runs},
          {"consequences_run", truth.consequences_run},
          {"bugs", bugs},
          {"tally",
           {{"bugs", t.bugs},
            {"c_silent", t.c_silent},
            {"rust_silent", t.rust_silent},
            {"rust_compile_errors", t.rust_compile_errors},
            {"rust_panics", t.rust_panics},
            {"c_crashes", t.c_crashes},
            {"rust_crashes", t.rust_crashes},
            {"rust_verdicts", t.rust_verdicts},
            {"same", t.same}}}};
}

} // namespace twinbench::cli
