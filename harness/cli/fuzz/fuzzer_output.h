// Reading libFuzzer's output: status lines ("#4096 pulse cov: 395 ft: 1338 corp: 402/29Kb
// exec/s: 15680 rss: 672Mb") and the -print_final_stats block.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace twinbench::cli {

struct FuzzerStatus {
  int64_t execs = 0; // since this process started
  int64_t cov = 0, ft = 0, corpus = 0;
  int64_t execs_per_second = 0;
  int64_t rss_mb = 0;
  std::string event;           // INITED, NEW, REDUCE, pulse, DONE, ...
  int64_t written_unix_ms = 0; // read from the engine's files: when it wrote them
};

// A status line, or nullopt for any other line (including malformed status lines).
std::optional<FuzzerStatus> parse_status_line(const std::string &line);

// "stat::number_of_executed_units: 1234" -> 1234, from a whole log; nullopt when absent.
std::optional<int64_t> final_stat(const std::string &log, const std::string &name);

// Artifact kind from a libFuzzer artifact file name ("crash-<sha1>" -> "crash").
std::string artifact_kind(const std::string &file_name);

// The name libFuzzer gives an input: the SHA-1 of its bytes, in hex.
std::string content_name(const std::string &data);

} // namespace twinbench::cli
