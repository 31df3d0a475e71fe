#include "fuzz/fuzzer_output.h"

#include <charconv>

namespace twinbench::cli {

namespace {

std::optional<int64_t> number_after(const std::string &line, const std::string &key) {
  auto at = line.find(key);
  if (at == std::string::npos) return std::nullopt;
  const char *begin = line.data() + at + key.size();
  const char *end = line.data() + line.size();
  while (begin < end && *begin == ' ') begin++;
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(begin, end, value);
  if (ec != std::errc() || ptr == begin) return std::nullopt;
  return value;
}

} // namespace

std::optional<FuzzerStatus> parse_status_line(const std::string &line) {
  if (line.size() < 2 || line[0] != '#') return std::nullopt;
  FuzzerStatus s;
  auto execs = number_after(line, "#");
  auto cov = number_after(line, "cov: ");
  if (!execs || !cov) return std::nullopt;
  s.execs = *execs;
  s.cov = *cov;
  s.ft = number_after(line, "ft: ").value_or(0);
  s.corpus = number_after(line, "corp: ").value_or(0);
  s.execs_per_second = number_after(line, "exec/s: ").value_or(0);
  s.rss_mb = number_after(line, "rss: ").value_or(0);
  auto tab = line.find('\t');
  if (tab != std::string::npos) {
    auto end = line.find(' ', tab + 1);
    s.event = line.substr(tab + 1, end == std::string::npos ? end : end - tab - 1);
  }
  return s;
}

std::optional<int64_t> final_stat(const std::string &log, const std::string &name) {
  auto at = log.rfind("stat::" + name + ":");
  if (at == std::string::npos) return std::nullopt;
  auto end = log.find('\n', at);
  return number_after(log.substr(at, end == std::string::npos ? end : end - at), name + ":");
}

std::string artifact_kind(const std::string &file_name) {
  for (const char *kind : {"crash", "timeout", "oom", "leak", "slow-unit"}) {
    std::string prefix = std::string(kind) + "-";
    if (file_name.rfind(prefix, 0) == 0) return kind;
  }
  return "";
}

} // namespace twinbench::cli
