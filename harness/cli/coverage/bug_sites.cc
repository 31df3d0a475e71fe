#include "coverage/bug_sites.h"

#include <algorithm>
#include <fstream>
#include <regex>

namespace twinbench::cli {

std::vector<BugSite> bug_sites(const std::vector<fs::path> &files, const std::string &bug) {
  constexpr int64_t kCallSpan = 3; // lines a call may take before it names the bug
  std::vector<std::vector<std::string>> texts;
  for (const auto &file : files) {
    std::ifstream in(file);
    auto &lines = texts.emplace_back();
    for (std::string line; std::getline(in, line);) lines.push_back(line);
  }
  // What names the bug at a call: its id quoted, or a constant defined as it (spsc's sites share
  // one: `#define PLAIN_COUNTER_BUG "spsc-plain-counters"`, `const PLAIN_COUNTER_BUG: &str =`).
  const std::string quoted =
      "\"" + std::regex_replace(bug, std::regex(R"([.^$|()\[\]{}*+?\\])"), R"(\$&)") + "\"";
  std::vector<std::regex> names = {std::regex(quoted)};
  const std::regex constant(
      R"((?:#define\s+|const\s+)([A-Za-z_]\w*)(?:\s*:\s*&(?:'static\s+)?str\s*=)?\s*)" + quoted);
  for (const auto &lines : texts) {
    for (const auto &line : lines) {
      std::smatch m;
      if (std::regex_search(line, m, constant)) names.emplace_back(R"(\b)" + m[1].str() + R"(\b)");
    }
  }
  std::vector<BugSite> out;
  for (size_t f = 0; f < files.size(); f++) {
    const auto &lines = texts[f];
    const auto n = static_cast<int64_t>(lines.size());
    for (int64_t call = 0; call < n; call++) {
      if (lines[call].find("TB_CANARY(") == std::string::npos &&
          lines[call].find("tb_canary::mark(") == std::string::npos)
        continue;
      // The call's lines, up to the one that ends its statement.
      for (int64_t i = call; i < std::min(n, call + kCallSpan + 1); i++) {
        const bool named = std::any_of(names.begin(), names.end(), [&](const std::regex &name) {
          return std::regex_search(lines[i], name);
        });
        if (named) {
          out.push_back({files[f], call + 1, i + 1});
          break;
        }
        if (lines[i].find(';') != std::string::npos) break;
      }
    }
  }
  return out;
}

bool executed_any(const std::vector<BugSite> &sites, const LineSet &ran) {
  return std::any_of(sites.begin(), sites.end(), [&](const BugSite &site) {
    const auto first = ran.lower_bound({site.file.string(), site.first_line});
    return first != ran.end() && first->first == site.file.string() &&
           first->second <= site.last_line;
  });
}

} // namespace twinbench::cli
