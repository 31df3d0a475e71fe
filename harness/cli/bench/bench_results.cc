#include "bench/bench_results.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <tuple>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/project.h"

namespace twinbench::cli {

namespace {

double to_nanoseconds(double value, const std::string &unit) {
  if (unit == "ns") return value;
  if (unit == "us") return value * 1e3;
  if (unit == "ms") return value * 1e6;
  if (unit == "s") return value * 1e9;
  throw UserError("unknown time unit '" + unit + "'");
}

// c and rust first: the twins are what every table is about.
int impl_rank(const std::string &impl) {
  if (impl == "c") return 0;
  if (impl == "rust") return 1;
  return 2;
}

// Google Benchmark writes non-finite doubles bare (a counter that is 0 in every repetition has
// a "cv" aggregate of NaN), which is not JSON; outside strings they become null.
std::string with_nonfinite_as_null(const std::string &text) {
  std::string out;
  out.reserve(text.size());
  bool in_string = false;
  for (size_t i = 0; i < text.size(); i++) {
    const char c = text[i];
    if (in_string) {
      out += c;
      if (c == '\\' && i + 1 < text.size())
        out += text[++i];
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    size_t word = i + (c == '-');
    size_t end = word;
    while (end < text.size() && std::isalpha(static_cast<unsigned char>(text[end]))) end++;
    std::string name = text.substr(word, end - word);
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    if (name == "nan" || name == "inf" || name == "infinity") {
      out += "null";
      i = end - 1;
      continue;
    }
    out += c;
  }
  return out;
}

} // namespace

std::vector<BenchSample> parse_benchmark_json(const std::string &text, const std::string &source) {
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(with_nonfinite_as_null(text));
  } catch (const nlohmann::json::exception &e) {
    throw UserError(fmt::format("{}: not valid benchmark JSON (truncated?): {}", source, e.what()));
  }
  if (!doc.is_object() || !doc.contains("benchmarks") || !doc["benchmarks"].is_array()) {
    throw UserError(source + ": no \"benchmarks\" array");
  }
  std::vector<BenchSample> out;
  try {
    for (const auto &b : doc["benchmarks"]) {
      if (b.contains("error_occurred") && b["error_occurred"].get<bool>()) {
        throw UserError(fmt::format("{}: case {} failed: {}", source, b.value("name", "?"),
                                    b.value("error_message", "")));
      }
      if (b.value("run_type", "") != "iteration") continue;
      BenchSample s;
      s.name = b.at("name").get<std::string>();
      const auto first = s.name.find('/'), last = s.name.rfind('/');
      const auto middle = s.name.rfind('/', last - 1);
      if (first == std::string::npos || middle == std::string::npos || middle <= first ||
          last == middle) {
        throw UserError(fmt::format("{}: case name '{}' is not <component>/<case>/<size>/<impl>",
                                    source, s.name));
      }
      s.component = s.name.substr(0, first);
      s.case_name = s.name.substr(first + 1, middle - first - 1);
      s.size = std::stoll(s.name.substr(middle + 1, last - middle - 1));
      s.impl = s.name.substr(last + 1);
      s.repetition = b.value("repetition_index", 0);
      s.iterations = b.at("iterations").get<int64_t>();
      const std::string unit = b.value("time_unit", "ns");
      s.real_time_ns = to_nanoseconds(b.at("real_time").get<double>(), unit);
      s.cpu_time_ns = to_nanoseconds(b.at("cpu_time").get<double>(), unit);
      s.bytes_per_second = b.at("bytes_per_second").get<double>();
      out.push_back(std::move(s));
    }
  } catch (const nlohmann::json::exception &e) {
    throw UserError(fmt::format("{}: malformed benchmark entry: {}", source, e.what()));
  } catch (const std::logic_error &e) { // std::stoll on a size that is not a number
    throw UserError(fmt::format("{}: malformed case name: {}", source, e.what()));
  }
  return out;
}

std::optional<BenchLibrary> parse_benchmark_library(const std::string &text) {
  const auto doc = nlohmann::json::parse(with_nonfinite_as_null(text), nullptr, false);
  if (!doc.is_object() || !doc.contains("context") || !doc["context"].is_object()) {
    return std::nullopt;
  }
  const auto &context = doc["context"];
  auto text_of = [&](const char *key) {
    return context.contains(key) && context[key].is_string() ? context[key].get<std::string>()
                                                             : std::string();
  };
  BenchLibrary library{text_of("library_version"), text_of("library_build_type")};
  if (library.build_type.empty()) return std::nullopt;
  return library;
}

std::string format_size(int64_t bytes) {
  if (bytes >= (1 << 20) && bytes % (1 << 20) == 0) return fmt::format("{} MiB", bytes >> 20);
  if (bytes >= 1024 && bytes % 1024 == 0) return fmt::format("{} KiB", bytes >> 10);
  return fmt::format("{} B", bytes);
}

std::string CaseResult::label() const {
  return fmt::format("{}/{}/{}", component, case_name, format_size(size));
}

std::vector<CaseResult> analyze_bench(const std::vector<BenchSample> &samples) {
  using Key = std::tuple<std::string, std::string, int64_t>;
  std::map<Key, std::map<std::string, std::vector<double>>> grouped;
  for (const auto &s : samples) {
    grouped[{s.component, s.case_name, s.size}][s.impl].push_back(megabytes_per_second(s));
  }
  std::vector<CaseResult> out;
  for (auto &[key, by_impl] : grouped) {
    CaseResult r;
    std::tie(r.component, r.case_name, r.size) = key;
    for (auto &[impl, mbps] : by_impl) {
      r.impls.push_back({impl, mbps, stats::median_ci(mbps)});
    }
    std::sort(r.impls.begin(), r.impls.end(), [](const auto &a, const auto &b) {
      return std::pair(impl_rank(a.impl), a.impl) < std::pair(impl_rank(b.impl), b.impl);
    });
    if (by_impl.contains("c") && by_impl.contains("rust")) {
      r.rust_vs_c = stats::compare(by_impl["c"], by_impl["rust"]);
    }
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<CaseChange> compare_bench(const std::vector<BenchSample> &old_samples,
                                      const std::vector<BenchSample> &new_samples) {
  std::map<std::string, std::vector<double>> before, after;
  for (const auto &s : old_samples) before[s.name].push_back(megabytes_per_second(s));
  for (const auto &s : new_samples) after[s.name].push_back(megabytes_per_second(s));
  std::vector<CaseChange> out;
  for (const auto &[name, old_mbps] : before) {
    auto it = after.find(name);
    if (it != after.end()) out.push_back({name, stats::compare(old_mbps, it->second)});
  }
  return out;
}

std::string verdict_text(stats::Verdict verdict, const std::string &first,
                         const std::string &second) {
  switch (verdict) {
  case stats::Verdict::first_faster: return first + " faster";
  case stats::Verdict::second_faster: return second + " faster";
  case stats::Verdict::no_difference: break;
  }
  return "no significant difference";
}

} // namespace twinbench::cli
