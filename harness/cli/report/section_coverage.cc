// The coverage section: how much of each implementation's own code the campaign's corpora
// executed, measured by one LLVM toolchain for both languages (twinbench coverage).
#include <fmt/format.h>

#include "bench/stats.h"
#include "report/report.h"
#include "report/report_text.h"
#include "report/sections.h"

namespace twinbench::cli {
namespace {

std::string fraction_text(int64_t covered, int64_t total) {
  return total == 0 ? "none"
                    : fmt::format("{:.1f}% ({} of {})", 100.0 * covered / total, covered, total);
}

// The C twin's and the Rust twin's line coverage compared over trials: A12, the chance a Rust
// trial covered more of its own lines than a C trial; only with two trials a side or more.
std::string twins_a12(const CoverageFigures &figures, const ImplCoverage &rust) {
  if (rust.kind != "twin" || rust.language != "rust") return "";
  for (const auto &c : figures.impls) {
    if (c.component == rust.component && c.kind == "twin" && c.language == "c" &&
        c.line_fractions.size() > 1 && rust.line_fractions.size() > 1) {
      return fmt::format("A12 {:.2f} over C",
                         stats::vargha_delaney_a12(rust.line_fractions, c.line_fractions));
    }
  }
  return "";
}

std::string caption(const CoverageFigures &figures) {
  return fmt::format(
      "Source-based coverage of each implementation's own files (a twin's sources, a library's "
      "fetched files, a crate's src/; not the harness, the glue or the standard library) after "
      "campaign {}: every fuzz run's final corpus replayed once through the coverage preset's "
      "build (clang's profiles for C, rustc's -Cinstrument-coverage with branch regions for "
      "Rust, both read by llvm-cov 19). The trial with the median line coverage stands for its "
      "trials. Lines and regions are not comparable between the languages one for one — rustc "
      "and clang cut code into regions differently, and a Rust `const fn` run by the compiler "
      "counts as code never entered at run time — so compare each implementation with itself "
      "over time; the twins' A12 (the chance a Rust trial covered a larger share of its own "
      "lines than a C trial) carries the same caveat. `twinbench coverage --html DIR` writes "
      "llvm-cov's pages of every file.",
      figures.campaign);
}

} // namespace

namespace sections {

std::optional<doc::Section> coverage(const ReportModel &model) {
  if (!model.coverage) return std::nullopt;
  const CoverageFigures &figures = *model.coverage;
  Table t{{"Component", "Implementation", "Trials", "Lines", "Regions", "Branches",
           "Functions entered", "Twins", "Never entered (first five)"},
          {}};
  for (const auto &c : figures.impls) {
    std::vector<std::string> first(c.never_entered.begin(),
                                   c.never_entered.begin() +
                                       std::min<std::ptrdiff_t>(5, c.never_entered.size()));
    t.rows.push_back({{c.component},
                      {c.impl},
                      {std::to_string(c.trials), 1, false, true},
                      {fraction_text(c.lines_covered, c.lines), 1, false, true},
                      {fraction_text(c.regions_covered, c.regions), 1, false, true},
                      {fraction_text(c.branches_covered, c.branches), 1, false, true},
                      {fmt::format("{} of {}", c.functions_covered, c.functions), 1, false, true},
                      {twins_a12(figures, c)},
                      {first.empty() ? "none" : fmt::format("{}", fmt::join(first, ", "))}});
  }
  doc::Section s{"coverage", "Coverage of each implementation's own code", {}};
  doc::add(s.blocks, doc::TableBlock{std::move(t), true});
  doc::add(s.blocks, doc::Paragraph{caption(figures), true});
  if (!figures.snapshots.empty()) {
    // Over time: each snapshot of the corpora the campaign kept, the median over trials.
    std::vector<std::string> header = {"Component", "Implementation"};
    for (const auto &snapshot : figures.snapshots) header.push_back("lines at " + snapshot);
    header.push_back("lines at the end");
    Table growth{header, {}};
    for (const auto &c : figures.impls) {
      TableRow row = {{c.component}, {c.impl}};
      for (const auto &snapshot : figures.snapshots) {
        const auto at = c.growth.find(snapshot);
        row.push_back({at == c.growth.end() ? "not kept" : fmt::format("{:.1f}%", 100 * at->second),
                       1, false, true});
      }
      row.push_back({fmt::format("{:.1f}%", 100 * c.line_fraction()), 1, false, true});
      growth.rows.push_back(std::move(row));
    }
    doc::add(s.blocks, doc::Heading{"Over the campaign", "", 3});
    doc::add(s.blocks, doc::TableBlock{std::move(growth), true});
    doc::add(s.blocks, doc::Paragraph{
                           "Line coverage of each implementation's own files when the campaign "
                           "kept its corpora (twinbench fuzz --snapshots), the median over trials; "
                           "\"lines at the end\" is the trial the table above shows.",
                           true});
  }
  return s;
}

} // namespace sections
} // namespace twinbench::cli
