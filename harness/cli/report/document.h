// The report as a neutral document: sections of headings, paragraphs, lists, tables, figures,
// definitions and code. Section builders (report/sections.h) make it from the model, each
// sentence beside the figures it states; the HTML and Markdown writers walk it and know no
// section. A new section is one builder and one line in build_document().
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "report/table.h"

namespace twinbench::cli::doc {

struct Paragraph {
  std::string text;
  bool note = false; // a caption or aside: set smaller
};

struct Bullets {
  std::vector<std::string> items;
};

struct TableBlock {
  Table table;
  bool compact = false; // a wide table set in a smaller font
};

// A chart: SVG the report drew itself (report/svg.*), or none (then only the caption shows).
struct Figure {
  std::string title, svg, caption;
};

struct Code {
  std::string text;
  std::string language; // "sh" (commands) or "text" (output, dumps)
};

struct Link {
  std::string text, href;
};

// One term and its value: plain text, code, or links.
struct Definition {
  std::string term, text;
  bool code = false;
  std::vector<Link> links; // when set, the value is these links
};

struct Definitions {
  std::vector<Definition> entries;
};

struct Heading {
  std::string text;
  std::string id; // an anchor, or ""
  int level = 3;  // 3 or 4: within a section
};

struct Block;

// A self-contained entry (a crash, a seeded bug): kept on one page when printed.
struct Article {
  std::string id, title;
  std::vector<Block> blocks;
};

struct Block {
  std::variant<Paragraph, Bullets, TableBlock, Figure, Code, Definitions, Heading, Article> content;
};

struct Section {
  std::string id, title;
  std::vector<Block> blocks;
};

struct Document {
  std::string title;
  std::vector<std::string> byline; // under the title: when, from what, on what
  std::vector<Section> front;      // pages 1-2: they stand alone
  std::vector<Section> appendix;   // listed in the contents
};

// Appends a block of any kind.
template <typename T> void add(std::vector<Block> &blocks, T block) {
  blocks.push_back(Block{std::move(block)});
}

} // namespace twinbench::cli::doc
