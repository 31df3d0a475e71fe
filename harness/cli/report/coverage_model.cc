// The report's coverage part: what `twinbench coverage` stored for the fuzz campaign's runs, per
// implementation, the trial with the median line coverage standing for its trials.
#include <algorithm>
#include <map>

#include "report/report.h"

namespace twinbench::cli {

std::optional<CoverageFigures> coverage_figures(const Project &project, Store &store,
                                                const CampaignRow &campaign) {
  std::map<std::pair<std::string, std::string>, std::vector<CoverageRow>> by_impl;
  // impl -> snapshot -> every trial's line fraction
  std::map<std::pair<std::string, std::string>, std::map<std::string, std::vector<double>>> early;
  std::map<long, std::string> snapshots; // seconds -> label
  for (auto &row : store.coverage(campaign.id)) {
    if (row.snapshot == "final") {
      by_impl[{row.component, row.impl}].push_back(std::move(row));
    } else if (row.lines > 0 && row.snapshot.ends_with("s")) {
      snapshots[std::stol(row.snapshot)] = row.snapshot;
      early[{row.component, row.impl}][row.snapshot].push_back(
          static_cast<double>(row.lines_covered) / static_cast<double>(row.lines));
    }
  }
  if (by_impl.empty()) return std::nullopt;
  CoverageFigures figures{campaign.name, {}, {}};
  for (const auto &[seconds, label] : snapshots) figures.snapshots.push_back(label);
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
                   {}};
    for (const auto &r : rows) c.line_fractions.push_back(fraction(r));
    for (auto &[snapshot, fractions] : early[key]) {
      std::sort(fractions.begin(), fractions.end());
      c.growth[snapshot] = fractions[fractions.size() / 2];
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

} // namespace twinbench::cli
