// The report's coverage part: what `twinbench coverage` stored for the fuzz campaign's runs, per
// implementation, the trial with the median line coverage standing for its trials. Of a campaign
// of several engines, the first engine's runs, as the per-target figures are: trials of two
// engines are not pooled.
#include <algorithm>
#include <map>
#include <set>

#include "report/report.h"

namespace twinbench::cli {

std::optional<CoverageFigures> coverage_figures(const Project &project, Store &store,
                                                const CampaignRow &campaign) {
  std::map<std::pair<std::string, std::string>, std::vector<CoverageRow>> by_impl;
  std::map<std::pair<std::string, std::string>, CoverageRow> by_vectors;
  // impl -> seconds -> every trial's line fraction
  std::map<std::pair<std::string, std::string>, std::map<long, std::vector<double>>> early;
  std::set<long> snapshots;
  std::set<int64_t> other_engines;
  for (const auto &r : store.runs(campaign.id)) {
    if (r.engine != campaign.engines().at(0)) other_engines.insert(r.id);
  }
  for (auto &row : store.coverage(campaign.id)) {
    if (other_engines.contains(row.run_id) && row.snapshot != "vectors") continue;
    if (row.snapshot == "final") {
      by_impl[{row.component, row.impl}].push_back(std::move(row));
    } else if (row.snapshot == "vectors") {
      by_vectors[{row.component, row.impl}] = std::move(row);
    } else if (row.lines > 0 && row.snapshot.ends_with("s")) {
      const long seconds = std::stol(row.snapshot);
      snapshots.insert(seconds);
      early[{row.component, row.impl}][seconds].push_back(static_cast<double>(row.lines_covered) /
                                                          static_cast<double>(row.lines));
    }
  }
  if (by_impl.empty()) return std::nullopt;
  CoverageFigures figures{campaign.name, campaign.budget_seconds, {}, {}};
  figures.snapshots.assign(snapshots.begin(), snapshots.end());
  for (auto &[key, rows] : by_impl) {
    auto fraction = [](const CoverageRow &r) {
      return r.lines ? static_cast<double>(r.lines_covered) / static_cast<double>(r.lines) : 0.0;
    };
    std::sort(rows.begin(), rows.end(),
              [&](const auto &a, const auto &b) { return fraction(a) < fraction(b); });
    const CoverageRow &m = rows[rows.size() / 2]; // the upper median: one trial's own figures
    ImplCoverage c{key.first,
                   key.second,
                   "",
                   "",
                   static_cast<int>(rows.size()),
                   m.lines,
                   m.lines_covered,
                   m.regions,
                   m.regions_covered,
                   m.branches,
                   m.branches_covered,
                   m.functions,
                   m.functions_covered,
                   m.files,
                   m.never_entered,
                   {},
                   {},
                   std::nullopt,
                   m.vector_lines,
                   m.vector_lines_reached};
    for (const auto &r : rows) c.line_fractions.push_back(fraction(r));
    c.growth = std::move(early[key]);
    const fs::path page = project.coverage_dir(campaign.name) / "html" /
                          (key.first + "-" + key.second) / "index.html";
    if (fs::exists(page)) c.html_page = fs::relative(page, project.root).string();
    if (const auto v = by_vectors.find(key); v != by_vectors.end()) {
      c.vectors_lines = std::pair{v->second.lines_covered, v->second.lines};
    }
    const auto comp = std::find_if(project.components.begin(), project.components.end(),
                                   [&](const Component &x) { return x.name == key.first; });
    if (comp != project.components.end()) {
      if (const Implementation *impl = comp->find(key.second)) {
        c.language = impl->language;
        c.kind = impl->kind;
      }
    }
    figures.impls.push_back(std::move(c));
  }
  return figures;
}

void add_bug_sites(Store &store, const CampaignRow &ground_truth,
                   std::optional<CoverageFigures> &coverage) {
  std::map<int64_t, RunRow> runs;
  for (auto &r : store.runs(ground_truth.id)) runs.emplace(r.id, std::move(r));
  std::map<std::pair<std::string, std::string>, BugSiteCoverage> sites;
  for (const auto &row : store.coverage(ground_truth.id)) {
    const auto run = runs.find(row.run_id);
    if (!row.bug_site_covered || run == runs.end()) continue;
    if (run->second.engine != ground_truth.engines().at(0)) continue; // one engine's trials
    BugSiteCoverage &s = sites[{run->second.bug, run->second.impl}];
    s.bug = run->second.bug;
    s.impl = run->second.impl;
    const bool reached = run->second.reached_seconds.has_value();
    s.trials++;
    s.executed += *row.bug_site_covered;
    s.reached += reached;
    s.triggered += run->second.triggered_seconds.has_value();
    s.agree += *row.bug_site_covered == reached;
  }
  if (sites.empty()) return;
  if (!coverage) coverage = CoverageFigures{};
  coverage->ground_truth = ground_truth.name;
  for (auto &[key, s] : sites) coverage->bug_sites.push_back(std::move(s));
}

} // namespace twinbench::cli
