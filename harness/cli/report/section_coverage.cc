// The coverage section: how much of each implementation's own code the campaign's corpora
// executed, measured by one LLVM toolchain for both languages (twinbench coverage).
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "bench/stats.h"
#include "report/report.h"
#include "report/report_text.h"
#include "report/sections.h"
#include "report/svg.h"

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
      "lines than a C trial) carries the same caveat. The spec's vectors are the reference: "
      "the share of its own lines the conformance vectors (corpora/<component>/vectors.txt) "
      "execute through the same coverage build, and how many of those lines the trial's corpus "
      "executed too (counted line by line from llvm-cov's export, where a line counts when a "
      "region starts on it). An implementation's name links llvm-cov's pages of its files, line "
      "by line, where `twinbench coverage --html` wrote them.",
      figures.campaign);
}

// "60 s", "5 min", "2 h": a snapshot's time as the --snapshots option writes it.
std::string time_text(double seconds) {
  if (seconds >= 3600 && std::fmod(seconds, 3600) == 0)
    return fmt::format("{:g} h", seconds / 3600);
  if (seconds >= 60 && std::fmod(seconds, 60) == 0) return fmt::format("{:g} min", seconds / 60);
  return fmt::format("{:g} s", seconds);
}

// The reference column: how much of its own code the spec's vectors execute, and how much of
// that the campaign reached.
std::string vectors_text(const ImplCoverage &c) {
  if (!c.vectors_lines || !c.vector_lines || !c.vector_lines_reached) return "not measured";
  return fmt::format("vectors cover {:.1f}%; the corpus reached {}",
                     100.0 * static_cast<double>(c.vectors_lines->first) /
                         static_cast<double>(std::max<int64_t>(1, c.vectors_lines->second)),
                     *c.vector_lines == 0
                         ? "-"
                         : fmt::format("{:.1f}% of those lines",
                                       100.0 * static_cast<double>(*c.vector_lines_reached) /
                                           static_cast<double>(*c.vector_lines)));
}

// Per component, every implementation's line coverage at each snapshot and at the end: the
// median over trials, in a band from the 95% interval of that median (a percentile bootstrap,
// which with two trials spans them both).
std::vector<doc::Figure> growth_figures(const ReportModel &model, const CoverageFigures &figures) {
  std::vector<doc::Figure> out;
  if (figures.snapshots.empty()) return out;
  std::vector<std::string> components;
  for (const auto &c : figures.impls) {
    if (std::find(components.begin(), components.end(), c.component) == components.end())
      components.push_back(c.component);
  }
  for (const auto &comp : components) {
    std::vector<svg::Series> series;
    std::vector<svg::Line> lines;
    for (const auto &c : figures.impls) {
      if (c.component != comp) continue;
      svg::Line line{series.size(), {}, {}};
      auto add = [&](double seconds, const std::vector<double> &fractions) {
        const stats::Estimate m = stats::median_ci(fractions);
        line.points.emplace_back(seconds, 100 * m.value);
        line.band.emplace_back(100 * m.ci.low, 100 * m.ci.high);
      };
      for (const auto &[seconds, fractions] : c.growth)
        add(static_cast<double>(seconds), fractions);
      if (figures.budget_seconds > 0) add(figures.budget_seconds, c.line_fractions);
      series.push_back(sections::impl_series(model, comp, c.impl, series.size()));
      lines.push_back(std::move(line));
    }
    const std::string title = fmt::format("Line coverage over the campaign, {}", comp);
    out.push_back({title,
                   svg::line_chart(title, series, lines, "seconds of fuzzing", "% of its own lines",
                                   std::nullopt, true),
                   fmt::format("{}: each implementation's line coverage of its own files, the "
                               "median over trials in its 95% band, on a log-time axis.",
                               comp)});
  }
  return out;
}

// The seeded bugs' sites: two measures of "reached", side by side, trial by trial.
void add_bug_sites(doc::Section &s, const CoverageFigures &figures) {
  Table t{{"Seeded bug", "Build", "Trials", "Site executed (coverage)", "Reached (canary)",
           "Triggered (canary)", "Agree"},
          {}};
  int trials = 0, agree = 0;
  for (const auto &b : figures.bug_sites) {
    auto of = [&](int n) { return fmt::format("{} of {}", n, b.trials); };
    t.rows.push_back({{b.bug},
                      {b.impl},
                      {std::to_string(b.trials), 1, false, true},
                      {of(b.executed), 1, false, true},
                      {of(b.reached), 1, false, true},
                      {of(b.triggered), 1, false, true},
                      {of(b.agree), 1, false, true}});
    trials += b.trials;
    agree += b.agree;
  }
  doc::add(s.blocks, doc::Heading{"The seeded bugs' sites", "", 3});
  doc::add(s.blocks, doc::TableBlock{std::move(t), true});
  doc::add(
      s.blocks,
      doc::Paragraph{
          fmt::format(
              "Ground-truth campaign {}: whether each run's corpus, with the inputs it saved as "
              "findings, executed the bug's site (the lines of the canary call naming it) when "
              "replayed through the coverage preset's bug build, beside what the canary recorded "
              "during the run. Coverage and the canaries agree on {} of {} runs{}.",
              figures.ground_truth, agree, trials,
              agree == trials ? ""
                              : "; where they differ, one of the two measures missed an input "
                                "(an input the corpus did not keep, or one the replay could not "
                                "run)"),
          true});
}

} // namespace

namespace sections {

std::optional<doc::Section> coverage(const ReportModel &model) {
  if (!model.coverage) return std::nullopt;
  const CoverageFigures &figures = *model.coverage;
  Table t{{"Component", "Implementation", "Trials", "Lines", "Regions", "Branches",
           "Functions entered", "Twins", "Spec's vectors", "Never entered (largest five)"},
          {}};
  for (const auto &c : figures.impls) {
    std::vector<std::string> first(c.never_entered.begin(),
                                   c.never_entered.begin() +
                                       std::min<std::ptrdiff_t>(5, c.never_entered.size()));
    t.rows.push_back(
        {{c.component},
         {c.impl, 1, false, false, c.html_page.empty() ? "" : model.root_link + "/" + c.html_page},
         {std::to_string(c.trials), 1, false, true},
         {fraction_text(c.lines_covered, c.lines), 1, false, true},
         {fraction_text(c.regions_covered, c.regions), 1, false, true},
         {fraction_text(c.branches_covered, c.branches), 1, false, true},
         {fmt::format("{} of {}", c.functions_covered, c.functions), 1, false, true},
         {twins_a12(figures, c)},
         {vectors_text(c)},
         {first.empty() ? "none" : fmt::format("{}", fmt::join(first, ", "))}});
  }
  doc::Section s{"coverage", "Coverage of each implementation's own code", {}};
  if (!figures.impls.empty()) {
    doc::add(s.blocks, doc::TableBlock{std::move(t), true});
    doc::add(s.blocks, doc::Paragraph{caption(figures), true});
  }
  if (!figures.impls.empty() && !figures.snapshots.empty()) {
    // Over time: each snapshot of the corpora the campaign kept, the median over trials.
    std::vector<std::string> header = {"Component", "Implementation"};
    for (const long seconds : figures.snapshots) header.push_back("lines at " + time_text(seconds));
    header.push_back("lines at the end");
    Table growth{header, {}};
    for (const auto &c : figures.impls) {
      TableRow row = {{c.component}, {c.impl}};
      for (const long seconds : figures.snapshots) {
        const auto at = c.growth.find(seconds);
        row.push_back({at == c.growth.end()
                           ? "not kept"
                           : fmt::format("{:.1f}%", 100 * stats::median(at->second)),
                       1, false, true});
      }
      row.push_back({fmt::format("{:.1f}%", 100 * c.line_fraction()), 1, false, true});
      growth.rows.push_back(std::move(row));
    }
    doc::add(s.blocks, doc::Heading{"Over the campaign", "", 3});
    for (auto &figure : growth_figures(model, figures)) doc::add(s.blocks, std::move(figure));
    doc::add(s.blocks, doc::TableBlock{std::move(growth), true});
    doc::add(s.blocks, doc::Paragraph{
                           "Line coverage of each implementation's own files when the campaign "
                           "kept its corpora (twinbench fuzz --snapshots) and at the end of the "
                           "runs: the median over trials (in the charts, in a band from the 95% "
                           "interval of that median, a percentile bootstrap, which with two trials "
                           "spans both). \"lines at the end\" is the trial the table above shows. "
                           "Read each curve for its growth and plateau, not its height against "
                           "another language's.",
                           true});
  }
  if (!figures.bug_sites.empty()) add_bug_sites(s, figures);
  return s;
}

} // namespace sections
} // namespace twinbench::cli
