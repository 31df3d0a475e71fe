// What the store's commands share: names and times.
#include <algorithm>
#include <cctype>
#include <chrono>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "common/project.h"
#include "store/store.h"

namespace twinbench::cli {

std::vector<std::string> CampaignRow::engines() const {
  std::vector<std::string> out;
  for (size_t start = 0; start <= engine.size();) {
    const size_t end = std::min(engine.find(',', start), engine.size());
    if (end > start) out.push_back(engine.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string now_iso8601() {
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}",
                     std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
}

void require_plain_name(const std::string &what, const std::string &name) {
  const bool plain = !name.empty() && name[0] != '.' &&
                     std::all_of(name.begin(), name.end(), [](unsigned char ch) {
                       return std::isalnum(ch) || ch == '.' || ch == '_' || ch == '-';
                     });
  if (!plain) {
    throw UserError(
        fmt::format("{} name '{}' is not a plain name (letters, digits, . _ -)", what, name));
  }
}

std::string name_timestamp() {
  std::string t = now_iso8601();
  std::replace(t.begin(), t.end(), ':', '-');
  return t;
}

std::string fresh_name(const std::string &prefix,
                       const std::function<bool(const std::string &)> &taken) {
  const std::string name = prefix + "-" + name_timestamp();
  std::string fresh = name;
  for (int n = 2; taken(fresh); n++) fresh = name + "-" + std::to_string(n);
  return fresh;
}

} // namespace twinbench::cli
