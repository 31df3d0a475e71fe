// The report as a document: its sections in reading order (pages 1-2, then the appendix), and
// the HTML and Markdown written from that one document.
#include <fmt/format.h>

#include "report/document_writers.h"
#include "report/report.h"
#include "report/report_text.h"
#include "report/sections.h"

namespace twinbench::cli {

doc::Document build_document(const ReportModel &model) {
  doc::Document d;
  d.title = model.title;
  d.byline = {fmt::format("Generated {} from {} · revision {}{}", model.generated, model.store,
                          model.git_revision, model.git_dirty ? " (with uncommitted changes)" : ""),
              env_text(model.primary_environment())};
  auto front = [&](std::optional<doc::Section> s) {
    if (s) d.front.push_back(std::move(*s));
  };
  auto appendix = [&](std::optional<doc::Section> s) {
    if (s) d.appendix.push_back(std::move(*s));
  };
  front(sections::summary(model));
  front(sections::safety(model));
  front(sections::speed(model));
  appendix(sections::twins(model));
  appendix(sections::charts(model));
  appendix(sections::coverage(model));
  appendix(sections::benchmarks(model));
  appendix(sections::ffi(model));
  appendix(sections::instructions(model));
  appendix(sections::field(model));
  appendix(sections::code(model));
  appendix(sections::bugs(model));
  appendix(sections::crashes(model));
  appendix(sections::methodology(model));
  appendix(sections::reproduce(model));
  return d;
}

std::string render_html(const ReportModel &model) { return doc::write_html(build_document(model)); }

std::string render_markdown(const ReportModel &model) {
  return doc::write_markdown(build_document(model));
}

} // namespace twinbench::cli
