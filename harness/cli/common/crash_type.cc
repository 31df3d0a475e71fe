#include "common/crash_type.h"

#include <regex>

namespace twinbench::cli {

std::string access_size_in_type(std::string_view bytes) {
  return bytes == "1" || bytes == "2" || bytes == "4" || bytes == "8" ? std::string(bytes)
                                                                      : std::string("{*}");
}

std::string with_access_size_rule(const std::string &text) {
  static const std::regex sized(R"(^([^|]* (?:READ|WRITE)) (\d+)(\||$))");
  std::smatch m;
  if (!std::regex_search(text, m, sized)) return text;
  return std::string(m[1]) + " " + access_size_in_type(std::string(m[2])) + std::string(m[3]) +
         m.suffix().str();
}

} // namespace twinbench::cli
