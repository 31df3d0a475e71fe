#include "common/table.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace twinbench::cli {

namespace {
bool numeric(const std::string &s) {
  return !s.empty() && (std::isdigit(static_cast<unsigned char>(s[0])) || s == "-");
}
} // namespace

std::string render_table(const Row &header, const std::vector<Row> &rows) {
  std::vector<size_t> width(header.size());
  std::vector<bool> right(header.size(), !rows.empty());
  for (size_t c = 0; c < header.size(); c++) {
    width[c] = header[c].size();
    for (const auto &r : rows) {
      width[c] = std::max(width[c], r[c].size());
      right[c] = right[c] && numeric(r[c]);
    }
  }
  auto line = [&](const Row &r) {
    std::string out;
    for (size_t c = 0; c < r.size(); c++) {
      if (c) out += "  ";
      out +=
          right[c] ? fmt::format("{:>{}}", r[c], width[c]) : fmt::format("{:<{}}", r[c], width[c]);
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };
  std::string out = line(header);
  for (const auto &r : rows) out += line(r);
  return out;
}

} // namespace twinbench::cli
