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

// Every figure the document draws, in the order the Markdown numbers them (charts/chart-<n>.svg):
// the front pages, then the appendix, articles included.
std::vector<std::string> chart_files(const ReportModel &model) {
  std::vector<std::string> out;
  auto walk = [&](auto &self, const std::vector<doc::Block> &blocks) -> void {
    for (const auto &b : blocks) {
      if (const auto *f = std::get_if<doc::Figure>(&b.content); f && !f->svg.empty()) {
        out.push_back("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + f->svg + "\n");
      } else if (const auto *a = std::get_if<doc::Article>(&b.content)) {
        self(self, a->blocks);
      }
    }
  };
  const doc::Document d = build_document(model);
  for (const auto &s : d.front) walk(walk, s.blocks);
  for (const auto &s : d.appendix) walk(walk, s.blocks);
  return out;
}

} // namespace twinbench::cli
