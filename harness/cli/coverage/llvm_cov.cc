#include "coverage/llvm_cov.h"

#include <algorithm>
#include <charconv>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/environment.h"
#include "common/process.h"

namespace twinbench::cli {
namespace {

using nlohmann::json;

fs::path require_tool(const std::string &name) {
  auto found = find_program(name);
  if (!found) throw UserError(name + " is missing (scripts/bootstrap installs llvm-19)");
  return *found;
}

std::string checkout_relative(const Project &project, const fs::path &path) {
  const std::string text = path.string(), root = project.root.string() + "/";
  return text.starts_with(root) ? text.substr(root.size()) : text;
}

// A raw profile of `stem`'s processes: <stem>-<pid>.profraw (LLVM_PROFILE_FILE's %p), and no
// other stem's: "vectors_png_libpng" must not take "vectors_png_libpng-debian-7.profraw", which
// a process measured at the same time writes.
bool raw_profile_of(const std::string &name, const std::string &stem) {
  if (!name.starts_with(stem + "-") || !name.ends_with(".profraw")) return false;
  const std::string pid = name.substr(stem.size() + 1, name.size() - stem.size() - 9);
  return !pid.empty() && pid.find_first_not_of("0123456789") == std::string::npos;
}

} // namespace

Tools find_llvm_tools() { return {require_tool("llvm-profdata-19"), require_tool("llvm-cov-19")}; }

std::string merge_profiles(const Tools &tools, const fs::path &work, const std::string &stem,
                           const fs::path &binary, fs::path &profile) {
  std::vector<std::string> merge = {tools.llvm_profdata.string(), "merge", "-sparse"};
  for (const auto &e : fs::directory_iterator(work)) {
    const std::string name = e.path().filename().string();
    if (raw_profile_of(name, stem)) merge.push_back(e.path());
  }
  if (merge.size() == 3) {
    return binary.string() + " wrote no profile: not a coverage build (cmake --build --preset "
                             "coverage)";
  }
  profile = work / (stem + ".profdata");
  merge.insert(merge.end(), {"-o", profile.string()});
  if (const Captured merged = run_captured(merge, {}, 600); !merged.status.ok()) {
    return "llvm-profdata merge failed: " + merged.output.substr(0, merged.output.find('\n'));
  }
  return "";
}

void remove_raw_profiles(const fs::path &work, const std::string &stem) {
  for (const auto &e : fs::directory_iterator(work)) {
    const std::string name = e.path().filename().string();
    if (raw_profile_of(name, stem)) fs::remove(e.path());
  }
}

void read_counts(const fs::path &llvm_cov, const fs::path &binary, const fs::path &profile,
                 const std::vector<fs::path> &files, const Project &project, CoverageRow &row) {
  std::vector<std::string> argv = {llvm_cov.string(), "export",
                                   "-instr-profile=" + profile.string(), binary.string()};
  for (const auto &f : files) argv.push_back(f.string());
  const Captured exported = run_captured(argv, {}, 600);
  if (!exported.status.ok()) {
    throw UserError(fmt::format("llvm-cov export of {} failed ({}): {}", binary.string(),
                                exported.status.describe(),
                                exported.output.substr(0, exported.output.find('\n'))));
  }
  json doc;
  try {
    doc = json::parse(exported.output);
  } catch (const json::exception &e) {
    throw UserError(fmt::format("llvm-cov export of {}: not JSON ({})", binary.string(), e.what()));
  }
  const json &data = doc.at("data").at(0);
  const json &totals = data.at("totals");
  auto count = [&](const char *what, int64_t &total, int64_t &covered) {
    total = totals.at(what).at("count").get<int64_t>();
    covered = totals.at(what).at("covered").get<int64_t>();
  };
  count("lines", row.lines, row.lines_covered);
  count("regions", row.regions, row.regions_covered);
  count("branches", row.branches, row.branches_covered);
  count("functions", row.functions, row.functions_covered);
  for (const auto &f : data.at("files")) {
    row.files.push_back(checkout_relative(project, f.at("filename").get<std::string>()));
  }
  std::vector<std::string> own;
  for (const auto &f : files) own.push_back(f.string());
  // The functions never entered, largest first: the lines their code spans in their own file
  // (a region is [line start, column start, line end, column end, count, file id, ...]; file 0
  // is the function's), so the first named are the largest parts never run.
  // A header's static inline function has one record per file that includes it, named for
  // that file ("api.c:tb_http1_hex"): it was entered if any copy was, by its place in the header.
  auto place = [](const json &fn) {
    const auto names = fn.value("filenames", std::vector<std::string>{});
    const auto regions = fn.value("regions", json::array());
    return std::pair{names.empty() ? std::string() : names.front(),
                     regions.empty() ? int64_t{0} : regions.front()[0].get<int64_t>()};
  };
  std::set<std::pair<std::string, int64_t>> entered;
  for (const auto &fn : data.value("functions", json::array())) {
    if (fn.value("count", int64_t{0}) != 0) entered.insert(place(fn));
  }
  std::vector<std::pair<int64_t, std::string>> never;
  for (const auto &fn : data.value("functions", json::array())) {
    if (fn.value("count", int64_t{0}) != 0 || entered.contains(place(fn))) continue;
    const auto names = fn.value("filenames", std::vector<std::string>{});
    const bool ours = std::any_of(names.begin(), names.end(), [&](const std::string &n) {
      return std::find(own.begin(), own.end(), n) != own.end();
    });
    if (!ours) continue;
    int64_t first = 0, last = -1;
    for (const auto &r : fn.value("regions", json::array())) {
      if (r.size() < 6 || r[5].get<int64_t>() != 0) continue;
      const int64_t start = r[0].get<int64_t>(), end = r[2].get<int64_t>();
      if (last < first) first = start, last = end;
      first = std::min(first, start);
      last = std::max(last, end);
    }
    never.emplace_back(last - first + 1, fn.value("name", ""));
  }
  std::stable_sort(never.begin(), never.end(), [](const auto &a, const auto &b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  for (auto &[lines, name] : never) row.never_entered.push_back(std::move(name));
  // Rust's (v0) and C++'s symbol names as people read them: one llvm-cxxfilt for them all.
  if (auto filt = find_program("llvm-cxxfilt-19"); filt && !row.never_entered.empty()) {
    std::vector<std::string> argv = {filt->string()};
    argv.insert(argv.end(), row.never_entered.begin(), row.never_entered.end());
    const Captured demangled = run_captured(argv, {}, 60);
    std::vector<std::string> names;
    for (size_t start = 0; start < demangled.output.size();) {
      const size_t end = demangled.output.find('\n', start);
      names.push_back(demangled.output.substr(start, end - start));
      start = end == std::string::npos ? demangled.output.size() : end + 1;
    }
    if (demangled.status.ok() && names.size() == row.never_entered.size())
      row.never_entered = names;
  }
  // One name once (a generic instantiated twice), where it first came: its largest.
  std::vector<std::string> unique;
  for (auto &name : row.never_entered) {
    if (std::find(unique.begin(), unique.end(), name) == unique.end())
      unique.push_back(std::move(name));
  }
  row.never_entered = std::move(unique);
}

LineSet executed_lines(const fs::path &llvm_cov, const fs::path &binary, const fs::path &profile,
                       const std::vector<fs::path> &files) {
  std::vector<std::string> argv = {llvm_cov.string(), "export", "-format=lcov",
                                   "-instr-profile=" + profile.string(), binary.string()};
  for (const auto &f : files) argv.push_back(f.string());
  const Captured exported = run_captured(argv, {}, 600);
  if (!exported.status.ok()) return {};
  LineSet lines;
  std::string file;
  for (size_t start = 0; start < exported.output.size();) {
    size_t end = exported.output.find('\n', start);
    if (end == std::string::npos) end = exported.output.size();
    const std::string_view line(exported.output.data() + start, end - start);
    start = end + 1;
    if (line.starts_with("SF:")) {
      file = line.substr(3);
    } else if (line.starts_with("DA:")) {
      const size_t comma = line.find(',');
      if (comma == std::string_view::npos) continue;
      int64_t number = 0, count = 0;
      std::from_chars(line.data() + 3, line.data() + comma, number);
      std::from_chars(line.data() + comma + 1, line.data() + line.size(), count);
      if (count > 0) lines.emplace(file, number);
    }
  }
  return lines;
}

} // namespace twinbench::cli
