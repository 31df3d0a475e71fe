#include "bench/bench_results.h"

#include <algorithm>
#include <cctype>
#include <charconv>
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

std::string case_name_of(const std::string &listed) {
  for (std::string_view suffix : {"/process_time", "/real_time"}) {
    if (listed.ends_with(suffix)) return listed.substr(0, listed.size() - suffix.size());
  }
  return listed;
}

std::string timing_of(const std::string &listed) {
  if (listed.ends_with("/process_time")) return "process-cpu";
  if (listed.ends_with("/real_time")) return "wall";
  return "cpu";
}

CaseName split_case_name(const std::string &listed, const std::string &source) {
  const std::string name = case_name_of(listed);
  const auto first = name.find('/'), last = name.rfind('/');
  const auto middle = last == std::string::npos ? last : name.rfind('/', last - 1);
  const auto malformed = [&] {
    return UserError(
        fmt::format("{}: case name '{}' is not <component>/<case>/<size>/<impl>", source, name));
  };
  if (first == std::string::npos || middle == std::string::npos || middle <= first ||
      last == middle) {
    throw malformed();
  }
  CaseName parts{name.substr(0, first), name.substr(first + 1, middle - first - 1),
                 name.substr(last + 1), 0};
  const std::string size = name.substr(middle + 1, last - middle - 1);
  const auto [end, error] = std::from_chars(size.data(), size.data() + size.size(), parts.size);
  if (error != std::errc() || end != size.data() + size.size() || size.empty()) throw malformed();
  return parts;
}

// c and rust first: the twins are what every table is about.
int impl_rank(const std::string &impl) {
  if (impl == "c") return 0;
  if (impl == "rust") return 1;
  if (impl == c_native_impl) return 2;
  if (impl == rust_native_impl) return 3;
  return 4;
}

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
      s.name = case_name_of(b.at("name").get<std::string>());
      s.timing = timing_of(b.at("name").get<std::string>());
      CaseName parts = split_case_name(s.name, source);
      s.component = std::move(parts.component);
      s.case_name = std::move(parts.case_name);
      s.size = parts.size;
      s.impl = std::move(parts.impl);
      s.repetition = b.value("repetition_index", 0);
      s.iterations = b.at("iterations").get<int64_t>();
      const std::string unit = b.value("time_unit", "ns");
      s.real_time_ns = to_nanoseconds(b.at("real_time").get<double>(), unit);
      s.cpu_time_ns = to_nanoseconds(b.at("cpu_time").get<double>(), unit);
      s.bytes_per_second = b.at("bytes_per_second").get<double>();
      s.counted = !(b.contains("uncounted") && b["uncounted"].get<double>() != 0);
      out.push_back(std::move(s));
    }
  } catch (const nlohmann::json::exception &e) {
    throw UserError(fmt::format("{}: malformed benchmark entry: {}", source, e.what()));
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

std::optional<stats::Comparison> compare_by_run(const RunSamples &first, const RunSamples &second) {
  stats::Runs a, b;
  for (const auto &[run, mbps] : first) {
    auto paired = second.find(run);
    if (paired == second.end()) continue;
    a.push_back(mbps);
    b.push_back(paired->second);
  }
  if (a.empty()) return std::nullopt;
  return stats::compare_runs(a, b);
}

RunSamples relative_by_run(const RunSamples &numerator, const RunSamples &denominator) {
  RunSamples out;
  for (const auto &[run, mbps] : numerator) {
    auto paired = denominator.find(run);
    if (paired != denominator.end())
      out[run] = {stats::median(mbps) / stats::median(paired->second)};
  }
  return out;
}

std::vector<CaseResult> analyze_bench(const std::vector<BenchSample> &samples) {
  using Key = std::tuple<std::string, std::string, int64_t>;
  std::map<Key, std::map<std::string, RunSamples>> grouped;  // case -> impl -> run -> MB/s
  std::map<std::pair<Key, std::string>, std::string> timing; // (case, impl) -> timing
  for (const auto &s : samples) {
    grouped[{s.component, s.case_name, s.size}][s.impl][s.run].push_back(megabytes_per_second(s));
    timing[{{s.component, s.case_name, s.size}, s.impl}] = s.timing;
  }
  std::vector<CaseResult> out;
  for (auto &[key, by_impl] : grouped) {
    CaseResult result;
    std::tie(result.component, result.case_name, result.size) = key;
    for (const auto &[impl, by_run] : by_impl) {
      stats::Runs runs;
      std::vector<double> all;
      for (const auto &[run, mbps] : by_run) {
        runs.push_back(mbps);
        all.insert(all.end(), mbps.begin(), mbps.end());
      }
      result.impls.push_back({impl, std::move(all), stats::across_runs_median(runs), by_run.size(),
                              by_run, timing[{key, impl}]});
    }
    std::sort(result.impls.begin(), result.impls.end(), [](const auto &a, const auto &b) {
      return std::pair(impl_rank(a.impl), a.impl) < std::pair(impl_rank(b.impl), b.impl);
    });
    auto versus = [&](const std::string &c, const std::string &rust) {
      return by_impl.contains(c) && by_impl.contains(rust)
                 ? compare_by_run(by_impl[c], by_impl[rust])
                 : std::nullopt;
    };
    result.rust_vs_c = versus("c", "rust");
    result.native_vs_c = versus(c_native_impl, rust_native_impl);
    out.push_back(std::move(result));
  }
  // Every verdict of the analysis is one family: Holm over all of them.
  std::vector<stats::Comparison *> family;
  for (auto &result : out) {
    for (auto *comparison : {&result.rust_vs_c, &result.native_vs_c})
      if (*comparison) family.push_back(&**comparison);
  }
  stats::correct_for_multiplicity(family);
  return out;
}

std::vector<CaseResult> analyze_pooled(const std::vector<std::vector<BenchSample>> &runs) {
  // Each stored run's runs of the binary, numbered on after the previous stored run's.
  std::vector<BenchSample> all;
  int offset = 0;
  for (const auto &samples : runs) {
    int most = 0;
    for (auto s : samples) {
      most = std::max(most, s.run + 1);
      s.run += offset;
      all.push_back(std::move(s));
    }
    offset += most;
  }
  return analyze_bench(all);
}

std::vector<BenchRunRow> pooled_runs(Store &store, const std::vector<std::string> &names,
                                     const fs::path &db_path) {
  if (names.size() < 2) throw UserError("--pool needs at least two benchmark runs");
  std::vector<BenchRunRow> runs;
  for (const auto &name : names) {
    auto found = store.find_bench_run(name);
    if (!found) throw UserError("no benchmark run '" + name + "' in " + db_path.string());
    if (found->status != "done")
      throw UserError("benchmark run '" + name + "' is " + found->status);
    runs.push_back(*found);
    const BenchRunRow &run = runs.back();
    if (run.measure != "time") {
      throw UserError(
          fmt::format("benchmark run '{}' counted instructions: they need no pooling", run.name));
    }
  }
  // Pooling describes one build: runs of different code would pass a change off as noise.
  auto build_of = [&](const BenchRunRow &run) {
    const auto env = store.environment(run.environment_id);
    return std::pair(env.value("git_revision", std::string()), env.value("git_dirty", false));
  };
  const auto first = build_of(runs.front());
  for (const auto &run : runs) {
    const auto build = build_of(run);
    if (build != first) {
      throw UserError(fmt::format(
          "benchmark runs '{}' and '{}' are not of one build (revision {}{} and {}{}): pool "
          "only repeated runs of one commit",
          runs.front().name, run.name, first.first, first.second ? " with local edits" : "",
          build.first, build.second ? " with local edits" : ""));
    }
  }
  return runs;
}

std::vector<CaseChange> compare_bench(const std::vector<BenchSample> &old_samples,
                                      const std::vector<BenchSample> &new_samples) {
  std::map<std::string, RunSamples> before, after;
  for (const auto &s : old_samples) before[s.name][s.run].push_back(megabytes_per_second(s));
  for (const auto &s : new_samples) after[s.name][s.run].push_back(megabytes_per_second(s));
  auto runs_of = [](const RunSamples &by_run) {
    stats::Runs runs;
    for (const auto &[run, mbps] : by_run) runs.push_back(mbps);
    return runs;
  };
  std::vector<CaseChange> out;
  for (const auto &[name, old_runs] : before) {
    auto it = after.find(name);
    if (it != after.end()) {
      out.push_back(
          {name, stats::compare_independent_runs(runs_of(old_runs), runs_of(it->second))});
    }
  }
  std::vector<stats::Comparison *> family;
  for (auto &change : out) family.push_back(&change.change);
  stats::correct_for_multiplicity(family);
  return out;
}

std::string verdict_text(stats::Verdict verdict, const std::string &first,
                         const std::string &second) {
  switch (verdict) {
  case stats::Verdict::first_faster: return first + " faster";
  case stats::Verdict::second_faster: return second + " faster";
  case stats::Verdict::no_difference: break;
  }
  return "no measurable difference";
}

} // namespace twinbench::cli
