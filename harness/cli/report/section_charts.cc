// The charts: time to detection per component (seeded bugs), throughput per component, crashes
// by class, coverage over time. SVG drawn by report/svg.*, one figure each.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "bench/bench_results.h"
#include "report/report.h"
#include "report/report_text.h"
#include "report/sections.h"
#include "report/svg.h"

namespace twinbench::cli {
namespace {

using Chart = doc::Figure;

const svg::Series c_series{"C twin", "#0072B2"}, rust_series{"Rust twin", "#D55E00"},
    diff_series{"differential (both)", "#009E73"}, c_side_series{"C", "#0072B2"},
    rust_side_series{"Rust", "#D55E00"};
const char *const baseline_colors[] = {"#999999", "#666666", "#BBBBBB", "#444444"};

const char *const bug_colors[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                  "#E69F00", "#56B4E9", "#000000", "#999999"};

// Per component: the fraction of trials not yet detected over time, C solid, Rust dashed.
std::vector<Chart> survival_charts(const ReportModel &model) {
  std::vector<Chart> out;
  if (!model.ground_truth || !model.ground_truth->campaign) return out;
  const double budget = model.ground_truth->campaign->budget_seconds;
  std::map<std::string, std::vector<const BugEvidence *>> by_component;
  for (const auto &e : model.ground_truth->bugs) {
    if (e.c.survival || e.rust.survival) by_component[e.component].push_back(&e);
  }
  for (auto &[comp, bugs] : by_component) {
    std::sort(bugs.begin(), bugs.end(), [](auto *a, auto *b) { return a->id < b->id; });
    std::vector<svg::Series> series;
    std::vector<svg::Line> lines;
    for (size_t i = 0; i < bugs.size(); i++) {
      const std::string color = bug_colors[i % std::size(bug_colors)];
      const std::string name = bugs[i]->id.substr(comp.size() + 1);
      for (const BugSide *side : {&bugs[i]->c, &bugs[i]->rust}) {
        if (!side->survival) continue;
        series.push_back(
            {name + (side->language == "c" ? " C" : " Rust"), color, side->language == "rust"});
        svg::Line line{series.size() - 1, {{0, 1}}};
        double level = 1;
        for (const auto &step : side->survival->steps) {
          line.points.emplace_back(step.seconds, level);
          level = step.survival;
          line.points.emplace_back(step.seconds, level);
        }
        line.points.emplace_back(budget, level);
        lines.push_back(std::move(line));
      }
    }
    out.push_back(
        {fmt::format("Time to detection, {}", comp),
         svg::line_chart(fmt::format("Time to detection, {} (seeded bugs)", comp), series, lines,
                         "seconds of fuzzing", "trials not yet detected", 1.0),
         fmt::format("Kaplan-Meier estimate of the fraction of trials that had not yet detected "
                     "the bug, per bug: C solid, Rust dashed; a trial that did not detect it is "
                     "censored at the budget ({}), or earlier when a finding unrelated to the bug "
                     "stopped it (the safety table counts those). A curve that stays at 1 was "
                     "never detected.",
                     seconds_text(budget))});
  }
  return out;
}

std::vector<Chart> all_charts(const ReportModel &model) {
  std::vector<Chart> out = survival_charts(model);
  if (model.benchmarks) {
    for (const auto &comp : model.components) {
      std::vector<std::string> impls; // c, rust, then baselines in order of appearance
      for (const auto &k : model.benchmarks->cases) {
        if (k.component != comp) continue;
        for (const auto &i : k.impls) {
          if (std::find(impls.begin(), impls.end(), i.impl) == impls.end()) impls.push_back(i.impl);
        }
      }
      if (impls.empty()) continue;
      std::vector<svg::Series> series;
      for (size_t i = 0; i < impls.size(); i++)
        series.push_back(sections::impl_series(model, comp, impls[i], i));
      std::vector<svg::BarGroup> groups;
      for (const auto &k : model.benchmarks->cases) {
        if (k.component != comp) continue;
        svg::BarGroup g{case_text(k), {}};
        for (const auto &impl : impls) {
          const ImplFigures *r = k.impl(impl);
          if (!r) {
            g.values.push_back(std::nullopt);
            continue;
          }
          const stats::Estimate &m = r->median_mbps;
          g.values.push_back(svg::BarValue{m.value, std::pair{m.ci.low, m.ci.high}});
        }
        groups.push_back(std::move(g));
      }
      out.push_back(
          {fmt::format("Throughput, {}", comp),
           svg::bar_chart(fmt::format("Throughput, {} (MB/s, median)", comp), series, groups,
                          "MB/s (10^6 bytes of input per second)"),
           fmt::format("Bars: median of the repetitions; whiskers: {} bootstrap interval.",
                       percent_text(model.methodology.confidence))});
    }
  }
  if (model.fuzzing) {
    std::map<std::string, std::map<std::string, int>> by_class; // class -> owner -> n
    for (const auto &c : model.crashes) by_class[c.crash_class][c.side]++;
    std::vector<svg::BarGroup> groups;
    for (const auto &[klass, owners] : by_class) {
      svg::BarGroup g{klass, {}};
      for (const char *owner : {"c", "rust", "both"}) {
        auto it = owners.find(owner);
        g.values.push_back(svg::BarValue{it == owners.end() ? 0.0 : it->second, std::nullopt});
      }
      groups.push_back(std::move(g));
    }
    out.push_back(
        {"Unique crashes by class",
         groups.empty() ? ""
                        : svg::bar_chart("Unique crashes by class",
                                         {c_side_series, rust_side_series, diff_series}, groups,
                                         "unique crashes", true),
         groups.empty()
             ? "Unique crashes by class: none; no crash was found in this "
               "campaign."
             : "Deduplicated crashes (one per signature) by class and side: C (twins and C "
               "libraries), Rust (twins and crates), differential."});
    for (const auto &comp : model.components) {
      std::vector<std::string> impls; // in order of appearance: one series each
      std::vector<svg::Line> lines;
      for (const auto &s : model.fuzzing->coverage_series) {
        if (s.component != comp) continue;
        auto at = std::find(impls.begin(), impls.end(), s.impl);
        if (at == impls.end()) at = impls.insert(impls.end(), s.impl);
        svg::Line l{static_cast<size_t>(at - impls.begin()), {}};
        for (const auto &[seconds, cov] : s.points) {
          l.points.emplace_back(seconds, static_cast<double>(cov));
        }
        lines.push_back(std::move(l));
      }
      if (lines.empty()) continue;
      std::vector<svg::Series> series;
      for (size_t i = 0; i < impls.size(); i++)
        series.push_back(sections::impl_series(model, comp, impls[i], i));
      out.push_back({fmt::format("Coverage over time, {}", comp),
                     svg::line_chart(fmt::format("Coverage over time, {}", comp), series, lines,
                                     "seconds of fuzzing",
                                     model.fuzzing->campaign.engines.at(0).method.title + " cov"),
                     "One line per run. Coverage counts are not comparable between the C and "
                     "Rust binaries (different instrumentation): read each implementation's "
                     "curve for growth and plateau."});
    }
  }
  return out;
}

} // namespace

namespace sections {

// The series an implementation is drawn as: the twins and the differential target in their
// colours, a real library under its own name and its language's colour family, anything else a
// baseline in grey. `index` tells apart several baselines.
svg::Series impl_series(const ReportModel &model, const std::string &comp, const std::string &impl,
                        size_t index) {
  static const char *const c_library_colors[] = {"#0072B2", "#56B4E9", "#004C7A"};
  static const char *const rust_library_colors[] = {"#D55E00", "#E69F00", "#8F3D00"};
  if (impl == "diff") return diff_series;
  for (const auto &f : model.field) {
    if (f.name != comp) continue;
    const auto at =
        std::find_if(f.impls.begin(), f.impls.end(), [&](const auto &i) { return i.name == impl; });
    if (at == f.impls.end()) return {impl + " (baseline)", baseline_colors[index % 4]};
    const bool rust = at->language == "rust";
    // Each library its own shade of its language's colour, in the registry's order.
    const auto shade = std::count_if(f.impls.begin(), at,
                                     [&](const auto &i) { return (i.language == "rust") == rust; });
    return {fmt::format("{} ({})", impl, rust ? "Rust" : "C"),
            (rust ? rust_library_colors : c_library_colors)[shade % 3]};
  }
  if (impl == "c") return c_series;
  if (impl == "rust") return rust_series;
  return {impl + " (baseline)", baseline_colors[index % 4]};
}

doc::Section charts(const ReportModel &model) {
  doc::Section s{"charts", "Charts", {}};
  for (auto &figure : all_charts(model)) doc::add(s.blocks, std::move(figure));
  return s;
}

} // namespace sections

} // namespace twinbench::cli
