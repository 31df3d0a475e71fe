// A table as the report's renderers share it: built once from the model, written out as HTML
// and as Markdown, every text escaped.
#pragma once

#include <string>
#include <vector>

namespace twinbench::cli {

struct Cell {
  std::string text;
  int rowspan = 1;      // HTML: spans this many rows
  bool covered = false; // under a rowspan above: HTML skips it, Markdown leaves it empty
  bool number = false;  // right-aligned, never wrapped
  std::string href;     // a link, when the cell's text leads somewhere
};
using TableRow = std::vector<Cell>;
struct Table {
  std::vector<std::string> header;
  std::vector<TableRow> rows;
};

std::string html_table(const Table &t, const std::string &css_class = "");
std::string markdown_table(const Table &t);

} // namespace twinbench::cli
