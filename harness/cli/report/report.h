// `twinbench report`: the evidence report. One typed model is computed from the store
// (report_model.h; report.json is its JSON form); HTML and Markdown are renderings of it, the PDF
// is the HTML printed by headless Chromium. Statistics live in stats.h/bench_results.h,
// rendering only formats.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "common/project.h"
#include "report/report_model.h"
#include "store/store.h"

namespace twinbench::cli {

struct ReportOptions {
  std::string campaign;     // default: the latest finished campaign of fuzz targets, if any
  std::string ground_truth; // default: the latest finished campaign over seeded bugs, if any
  std::string bench; // default: the latest finished benchmark run timed, if any; RUN,RUN: pooled
  std::string instructions; // default: the latest finished run counting instructions, if any
  fs::path out;             // default: reports/report-<UTC time>
  std::vector<std::string> formats = {"html", "md", "json", "pdf"};
  bool formats_given = false; // pdf asked for explicitly: no Chromium is an error
  fs::path db;
};
int report_command(const Project &project, const ReportOptions &options);

// What a report is made of: any part may be missing, not all.
struct ReportSources {
  std::optional<CampaignRow> campaign;     // over fuzz targets
  std::vector<BenchRunRow> bench;          // timed: one run, or several runs of one build pooled
  std::optional<CampaignRow> ground_truth; // over seeded bugs
  std::optional<BenchRunRow> instructions; // counting instructions
};

// Everything the report shows.
ReportModel report_model(const Project &project, Store &store, const ReportSources &sources);

// The parts report_model() assembles (report_model.cc, bench_model.cc, ground_truth.cc).
// The store's environment record, every field read with a default.
Environment environment_of(const nlohmann::json &env);
CampaignFacts campaign_facts(Store &store, const CampaignRow &campaign);
// What `twinbench coverage` stored for `campaign`'s runs, or nullopt when it has not run.
std::optional<CoverageFigures> coverage_figures(const Project &project, Store &store,
                                                const CampaignRow &campaign);
// Whether each run of the ground-truth campaign executed its bug's site, beside its canary's
// reached and triggered, when `twinbench coverage` measured them (a coverage part is made for
// them when the fuzz campaign has none).
void add_bug_sites(Store &store, const CampaignRow &ground_truth,
                   std::optional<CoverageFigures> &coverage);
// The timed benchmark runs and the instruction counts the sources name.
void add_bench_parts(const Project &project, Store &store, const ReportSources &sources,
                     ReportModel &model);
// The seeded bugs: the catalogue, the latest consequences run, and the ground-truth campaign.
GroundTruth ground_truth(const Project &project, Store &store,
                         const std::optional<CampaignRow> &campaign);
std::vector<std::string> safety_sentences(const GroundTruth &truth);
nlohmann::json to_json(const GroundTruth &truth);

std::string render_html(const ReportModel &model);
std::string render_markdown(const ReportModel &model);
// The charts as standalone SVG files, linked from the Markdown as charts/chart-<n>.svg.
std::vector<std::string> chart_files(const ReportModel &model);

// Prints `html` to `pdf` with headless Chromium; UserError when it cannot.
void print_pdf(const fs::path &chromium, const fs::path &html, const fs::path &pdf);
// Debian's chromium on PATH, or nullopt.
std::optional<fs::path> find_chromium();

} // namespace twinbench::cli
