// twinbench_bench: one Google Benchmark binary for every component; cases register themselves
// from their component's file (base64.cc, ringbuf.cc, ...).
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <random>
#include <set>
#include <string_view>

#include <benchmark/benchmark.h>

#include "cases.h"

namespace twinbench::bench {

std::vector<uint8_t> random_bytes(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<uint8_t> out(n);
  for (size_t i = 0; i < n; i++) out[i] = static_cast<uint8_t>(rng() >> 56);
  return out;
}

std::vector<uint8_t> pseudo_text(size_t n, uint64_t seed) {
  static const char *const words[] = {
      "the",    "of",     "and",     "to",     "in",       "is",     "that",    "for",
      "it",     "as",     "was",     "with",   "be",       "by",     "on",      "not",
      "he",     "this",   "are",     "or",     "his",      "from",   "at",      "which",
      "but",    "have",   "an",      "had",    "they",     "you",    "were",    "their",
      "one",    "all",    "we",      "can",    "her",      "has",    "there",   "been",
      "if",     "more",   "when",    "will",   "would",    "who",    "so",      "no",
      "stream", "window", "literal", "length", "distance", "block",  "huffman", "code",
      "pixel",  "row",    "filter",  "header", "buffer",   "output", "input",   "frame"};
  std::mt19937_64 rng(seed);
  std::vector<uint8_t> text;
  text.reserve(n + 16);
  while (text.size() < n) {
    const uint64_t r = rng();
    const char *word = words[r % 64];
    text.insert(text.end(), word, word + std::strlen(word));
    text.push_back((r >> 8) % 16 == 0 ? '\n' : ' ');
  }
  text.resize(n);
  return text;
}

bool counting_instructions() {
  static const bool counting = [] {
    const char *flag = std::getenv("TWINBENCH_COUNT_INSTRUCTIONS");
    return flag != nullptr && std::string_view(flag) == "1";
  }();
  return counting;
}

bool first_count_of(const std::string &case_name) {
  static std::set<std::string> counted; // cases run one after another, on this thread
  return counted.insert(case_name).second;
}

uint64_t counted_iterations(int64_t bytes_per_operation) {
  const uint64_t bytes = static_cast<uint64_t>(std::max<int64_t>(bytes_per_operation, 1));
  return std::max<uint64_t>(2, ((uint64_t{1} << 20) + bytes - 1) / bytes);
}

} // namespace twinbench::bench

BENCHMARK_MAIN();
