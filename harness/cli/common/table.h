// Plain text tables for the terminal: columns padded to their widest cell, numbers right-aligned.
#pragma once

#include <string>
#include <vector>

namespace twinbench::cli {

using Row = std::vector<std::string>;

// Columns whose header starts with a digit-like value in every row are right-aligned.
std::string render_table(const Row &header, const std::vector<Row> &rows);

} // namespace twinbench::cli
