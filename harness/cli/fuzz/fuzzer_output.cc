#include "fuzz/fuzzer_output.h"

#include <charconv>

#include <fmt/format.h>
#include <openssl/evp.h>

namespace twinbench::cli {

namespace {

// The number after `key` where the key starts a word ("cov: " in "NEW cov: 12", not in an
// event word such as "NEWx-cov:" that a mangled line might hold).
std::optional<int64_t> number_after(const std::string &line, const std::string &key) {
  auto at = line.find(key);
  while (at != std::string::npos && at > 0 && line[at - 1] != ' ' && line[at - 1] != '\t') {
    at = line.find(key, at + 1);
  }
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

// "#<execs>\t<event> <key>: <value> ...": the figures are read after the event word only, so
// an event that looks like a key ("ft:") is not read as one.
std::optional<FuzzerStatus> parse_status_line(const std::string &line) {
  if (line.size() < 2 || line[0] != '#') return std::nullopt;
  FuzzerStatus s;
  auto execs = number_after(line, "#");
  std::string figures = line;
  if (auto tab = line.find('\t'); tab != std::string::npos) {
    auto end = line.find(' ', tab + 1);
    s.event = line.substr(tab + 1, end == std::string::npos ? end : end - tab - 1);
    figures = end == std::string::npos ? "" : line.substr(end);
  }
  auto cov = number_after(figures, "cov: ");
  if (!execs || !cov) return std::nullopt;
  s.execs = *execs;
  s.cov = *cov;
  s.ft = number_after(figures, "ft: ").value_or(0);
  s.corpus = number_after(figures, "corp: ").value_or(0);
  s.execs_per_second = number_after(figures, "exec/s: ").value_or(0);
  s.rss_mb = number_after(figures, "rss: ").value_or(0);
  return s;
}

std::optional<int64_t> final_stat(const std::string &log, const std::string &name) {
  auto at = log.rfind("stat::" + name + ":");
  if (at == std::string::npos) return std::nullopt;
  auto end = log.find('\n', at);
  return number_after(log.substr(at, end == std::string::npos ? end : end - at),
                      "stat::" + name + ":");
}

std::string content_name(const std::string &data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha1(), nullptr);
  std::string hex;
  for (unsigned i = 0; i < len; i++) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

std::string artifact_kind(const std::string &file_name) {
  for (const char *kind : {"crash", "timeout", "oom", "leak", "slow-unit"}) {
    std::string prefix = std::string(kind) + "-";
    if (file_name.rfind(prefix, 0) == 0) return kind;
  }
  return "";
}

} // namespace twinbench::cli
