#include "report/table.h"

#include <fmt/format.h>

#include "report/escape.h"

namespace twinbench::cli {

std::string html_table(const Table &t, const std::string &css_class) {
  std::string out =
      css_class.empty() ? "<table><thead><tr>" : "<table class=\"" + css_class + "\"><thead><tr>";
  for (const auto &h : t.header) out += "<th>" + html_escape(h) + "</th>";
  out += "</tr></thead><tbody>";
  for (const auto &row : t.rows) {
    out += "<tr>";
    for (const auto &cell : row) {
      if (cell.covered) continue;
      const std::string text = cell.href.empty()
                                   ? html_escape(cell.text)
                                   : fmt::format("<a href=\"{}\">{}</a>", html_escape(cell.href),
                                                 html_escape(cell.text));
      out += fmt::format("<td{}{}>{}</td>",
                         cell.rowspan > 1 ? fmt::format(" rowspan=\"{}\"", cell.rowspan) : "",
                         cell.number ? " class=\"num\"" : "", text);
    }
    out += "</tr>";
  }
  return out + "</tbody></table>";
}

std::string markdown_table(const Table &t) {
  std::string out = "|";
  for (const auto &h : t.header) out += " " + markdown_escape(h) + " |";
  out += "\n|";
  for (size_t i = 0; i < t.header.size(); i++) out += "---|";
  out += "\n";
  for (const auto &row : t.rows) {
    out += "|";
    for (const auto &cell : row) {
      std::string text = cell.covered ? "" : markdown_escape(cell.text);
      if (!cell.covered && !cell.href.empty()) text = "[" + text + "](" + cell.href + ")";
      out += " " + text + " |";
    }
    out += "\n";
  }
  return out;
}

} // namespace twinbench::cli
