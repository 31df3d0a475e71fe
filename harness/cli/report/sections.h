// The report's sections, one builder each, every sentence made from the figures it states; the
// document is their list (build_document). A builder returns nothing when the store holds
// nothing for its section.
#pragma once

#include <optional>
#include <vector>

#include "report/document.h"
#include "report/report_model.h"
#include "report/svg.h"

namespace twinbench::cli::sections {

// Pages 1-2 (section_front.cc).
doc::Section summary(const ReportModel &model);
std::optional<doc::Section> safety(const ReportModel &model);
std::optional<doc::Section> speed(const ReportModel &model);

// The appendix.
doc::Section twins(const ReportModel &model);                       // section_twins.cc
std::optional<doc::Section> benchmarks(const ReportModel &model);   // section_twins.cc
std::optional<doc::Section> ffi(const ReportModel &model);          // section_twins.cc
std::optional<doc::Section> instructions(const ReportModel &model); // section_twins.cc
doc::Section charts(const ReportModel &model);                      // section_charts.cc
std::optional<doc::Section> coverage(const ReportModel &model);     // section_coverage.cc
std::optional<doc::Section> field(const ReportModel &model);        // field_render.cc
std::optional<doc::Section> code(const ReportModel &model);         // section_bugs.cc
std::optional<doc::Section> bugs(const ReportModel &model);         // section_bugs.cc
doc::Section crashes(const ReportModel &model);                     // section_crashes.cc
doc::Section methodology(const ReportModel &model);                 // section_methodology.cc
doc::Section reproduce(const ReportModel &model);                   // section_reproduce.cc

// How every chart draws an implementation: its name and colour (section_charts.cc).
svg::Series impl_series(const ReportModel &model, const std::string &comp, const std::string &impl,
                        size_t index);

} // namespace twinbench::cli::sections

namespace twinbench::cli {

// The sentences the model keeps (report.json's summary, threats, reproduce), made where they are
// printed: section_front.cc, section_threats.cc, section_reproduce.cc.
std::vector<std::string> summary_sentences(const ReportModel &model);
std::vector<std::string> threat_sentences(const ReportModel &model);
std::vector<std::string> reproduce_commands(const ReportModel &model);

// Every section in reading order: pages 1-2, then the appendix.
doc::Document build_document(const ReportModel &model);

} // namespace twinbench::cli
