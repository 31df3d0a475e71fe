#include "coverage/bug_sites.h"

#include <algorithm>
#include <fstream>

namespace twinbench::cli {

std::vector<BugSite> bug_sites(const std::vector<fs::path> &files, const std::string &bug) {
  constexpr int64_t kCallSpan = 3; // lines a call may take before it names the bug
  const std::string named = "\"" + bug + "\"";
  std::vector<BugSite> out;
  for (const auto &file : files) {
    std::ifstream in(file);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    for (int64_t i = 0; i < static_cast<int64_t>(lines.size()); i++) {
      if (lines[i].find(named) == std::string::npos) continue;
      for (int64_t call = i; call >= std::max<int64_t>(0, i - kCallSpan); call--) {
        if (lines[call].find("TB_CANARY(") != std::string::npos ||
            lines[call].find("tb_canary::mark(") != std::string::npos) {
          out.push_back({file, call + 1, i + 1});
          break;
        }
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
