// The document (report/document.h) as Markdown: figures link the chart files the report writes
// beside it (charts/chart-<n>.svg, numbered in order of appearance).
#include <fmt/format.h>

#include "report/document.h"
#include "report/document_writers.h"
#include "report/escape.h"

namespace twinbench::cli::doc {
namespace {

struct MarkdownWriter {
  std::string out;
  int charts = 0;

  void blocks(const std::vector<Block> &list) {
    for (const auto &b : list) std::visit([&](const auto &block) { write(block); }, b.content);
  }
  void write(const Paragraph &p) { out += markdown_escape(p.text) + "\n\n"; }
  void write(const Bullets &b) {
    for (const auto &item : b.items) out += "- " + markdown_escape(item) + "\n";
    out += "\n";
  }
  void write(const TableBlock &t) { out += markdown_table(t.table) + "\n"; }
  void write(const Figure &f) {
    if (f.svg.empty()) {
      out += markdown_escape(f.caption) + "\n\n";
      return;
    }
    out += fmt::format("![{}](charts/chart-{}.svg)  \n{}\n\n", markdown_escape(f.title), ++charts,
                       markdown_escape(f.caption));
  }
  void write(const Code &c) {
    out += "```" + c.language + "\n" + c.text + (c.text.ends_with('\n') ? "" : "\n") + "```\n\n";
  }
  void write(const Definitions &d) {
    for (const auto &e : d.entries) {
      std::string value;
      if (!e.links.empty()) {
        for (size_t i = 0; i < e.links.size(); i++) {
          value += fmt::format("{}[{}]({})", i ? ", " : "", markdown_escape(e.links[i].text),
                               e.links[i].href);
        }
      } else {
        value = e.code ? "`" + e.text + "`" : markdown_escape(e.text);
      }
      out += "- " + markdown_escape(e.term) + ": " + value + "\n";
    }
    out += "\n";
  }
  void write(const Heading &h) {
    if (!h.id.empty()) out += "<a id=\"" + h.id + "\"></a>\n\n";
    out += std::string(static_cast<size_t>(h.level), '#') + " " + markdown_escape(h.text) + "\n\n";
  }
  void write(const Article &a) {
    write(Heading{a.title, a.id, 3});
    blocks(a.blocks);
  }
  void section(const Section &s) {
    out += "## " + markdown_escape(s.title) + "\n\n";
    blocks(s.blocks);
  }
};

} // namespace

std::string write_markdown(const Document &d) {
  MarkdownWriter w;
  w.out = "# " + markdown_escape(d.title) + "\n\n";
  for (size_t i = 0; i < d.byline.size(); i++)
    w.out += markdown_escape(d.byline[i]) + (i + 1 < d.byline.size() ? "  \n" : "\n\n");
  for (const auto &s : d.front) w.section(s);
  w.out += "## Appendix\n\n";
  for (const auto &s : d.appendix) w.out += "1. " + markdown_escape(s.title) + "\n";
  w.out += "\n";
  for (const auto &s : d.appendix) w.section(s);
  return w.out;
}

} // namespace twinbench::cli::doc
