// The document (report/document.h) as one self-contained HTML page: inline CSS and SVG, no
// script, a Content-Security-Policy that forbids fetching anything; Chromium prints it to PDF.
#include <fmt/format.h>

#include "report/document.h"
#include "report/document_writers.h"
#include "report/escape.h"

namespace twinbench::cli::doc {
namespace {

const char *const css = R"css(
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif;
       color: #111; max-width: 1100px; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.7em; margin-bottom: 0.2em; } h2 { border-bottom: 1px solid #ccc; margin-top: 2em; }
.meta { color: #444; margin-top: 0; }
table { border-collapse: collapse; margin: 0.8em 0; font-size: 12.5px; }
th, td { border: 1px solid #bbb; padding: 3px 6px; vertical-align: top; text-align: left; }
th { background: #eee; } td { overflow-wrap: anywhere; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
pre { background: #f6f6f6; border: 1px solid #ddd; padding: 6px; overflow-x: auto;
      font: 11.5px/1.3 ui-monospace, "DejaVu Sans Mono", monospace; white-space: pre-wrap; }
code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 0.92em; }
svg { display: block; margin: 1em 0 0.3em; max-width: 100%; height: auto; }
figure { margin: 0 0 1.5em; break-inside: avoid; } figcaption { color: #444; font-size: 12px; }
article.crash { border-top: 1px solid #ddd; padding-top: 0.5em; break-inside: avoid; }
dl { display: grid; grid-template-columns: 11em 1fr; gap: 2px 10px; margin: 0.4em 0; }
dt { color: #444; } dd { margin: 0; overflow-wrap: anywhere; }
table.compact { font-size: 11.5px; } table.compact td, table.compact th { padding: 2px 4px; }
@page { size: A4 landscape; margin: 12mm; }
@media print { body { margin: 0; max-width: none; font-size: 10.5px; } table { font-size: 10px; } h2 { break-after: avoid; } nav#contents { break-after: page; }
  table.compact { font-size: 8.5px; } table.compact td, table.compact th { padding: 1px 3px; line-height: 1.25; }
  #summary li { margin: 0; } h1 { margin-top: 0; } h2 { margin-top: 1em; }
  tr, figure, article.crash { break-inside: avoid; } }
)css";

struct HtmlWriter {
  std::string out;

  void blocks(const std::vector<Block> &list) {
    for (const auto &b : list) std::visit([&](const auto &block) { write(block); }, b.content);
  }
  void write(const Paragraph &p) {
    out += (p.note ? "<p class=\"meta\">" : "<p>") + html_escape(p.text) + "</p>";
  }
  void write(const Bullets &b) {
    out += "<ul>";
    for (const auto &item : b.items) out += "<li>" + html_escape(item) + "</li>";
    out += "</ul>";
  }
  void write(const TableBlock &t) { out += html_table(t.table, t.compact ? "compact" : ""); }
  void write(const Figure &f) {
    out += "<figure>" + f.svg + "<figcaption>" + html_escape(f.caption) + "</figcaption></figure>";
  }
  void write(const Code &c) { out += "<pre>" + html_escape(c.text) + "</pre>"; }
  void write(const Definitions &d) {
    out += "<dl>";
    for (const auto &e : d.entries) {
      std::string value;
      if (!e.links.empty()) {
        for (size_t i = 0; i < e.links.size(); i++) {
          value += fmt::format("{}<a href=\"{}\">{}</a>", i ? ", " : "",
                               html_escape(e.links[i].href), html_escape(e.links[i].text));
        }
      } else {
        value = e.code ? "<code>" + html_escape(e.text) + "</code>" : html_escape(e.text);
      }
      out += "<dt>" + html_escape(e.term) + "</dt><dd>" + value + "</dd>";
    }
    out += "</dl>";
  }
  void write(const Heading &h) {
    out +=
        fmt::format("<h{0}{1}>{2}</h{0}>", h.level,
                    h.id.empty() ? "" : " id=\"" + html_escape(h.id) + "\"", html_escape(h.text));
  }
  void write(const Article &a) {
    out += fmt::format("<article class=\"crash\" id=\"{}\"><h3>{}</h3>", html_escape(a.id),
                       html_escape(a.title));
    blocks(a.blocks);
    out += "</article>";
  }
  void section(const Section &s) {
    out += fmt::format("<section id=\"{}\"><h2>{}</h2>", html_escape(s.id), html_escape(s.title));
    blocks(s.blocks);
    out += "</section>";
  }
};

} // namespace

std::string write_html(const Document &d) {
  HtmlWriter w;
  w.out = fmt::format("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                      "style-src 'unsafe-inline'\"><meta name=\"viewport\" "
                      "content=\"width=device-width\"><title>{0}</title><style>{1}</style></head>"
                      "<body><header><h1>{0}</h1><p class=\"meta\">",
                      html_escape(d.title), css);
  for (size_t i = 0; i < d.byline.size(); i++)
    w.out += (i ? "<br>" : "") + html_escape(d.byline[i]);
  w.out += "</p></header>";
  for (const auto &s : d.front) w.section(s);
  w.out += "<nav id=\"contents\"><h2>Appendix</h2><ol>";
  for (const auto &s : d.appendix) {
    w.out +=
        fmt::format("<li><a href=\"#{}\">{}</a></li>", html_escape(s.id), html_escape(s.title));
  }
  w.out += "</ol></nav>";
  for (const auto &s : d.appendix) w.section(s);
  return w.out + "</body></html>\n";
}

} // namespace twinbench::cli::doc
