// `twinbench coverage`: each fuzz run's corpus replayed through the coverage preset's build of its
// target (libFuzzer's -runs=0), the profile merged with llvm-profdata, and LLVM's line, region,
// branch and function counts of the implementation's own files (own_sources) stored per run.
// Both languages are measured by one LLVM toolchain: clang-19's profiles for C and C++, rustc's
// -Cinstrument-coverage for Rust, both read by Debian's llvm-profdata-19 and llvm-cov-19.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <deque>
#include <future>
#include <map>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "common/environment.h"
#include "common/process.h"
#include "common/table.h"
#include "coverage/own_sources.h"
#include "store/store.h"

namespace twinbench::cli {
namespace {

using nlohmann::json;

fs::path require_tool(const std::string &name) {
  auto found = find_program(name);
  if (!found) throw UserError(name + " is missing (scripts/bootstrap installs llvm-19)");
  return *found;
}

// The campaign named, else the latest finished one over fuzz targets.
CampaignRow fuzz_campaign(Store &store, const std::string &name) {
  if (!name.empty()) {
    auto c = store.find_campaign(name);
    if (!c) throw UserError("no campaign '" + name + "' in the store");
    if (!c->bugs.empty()) {
      throw UserError("campaign '" + name +
                      "' fuzzed seeded bugs; coverage is measured for a "
                      "campaign over fuzz targets");
    }
    return *c;
  }
  auto all = store.campaigns();
  for (auto it = all.rbegin(); it != all.rend(); ++it) {
    if (it->status == "done" && it->bugs.empty()) return *it;
  }
  throw UserError("the store holds no finished campaign over fuzz targets (twinbench fuzz)");
}

std::string relative_to(const Project &project, const fs::path &path) {
  const std::string text = path.string(), root = project.root.string() + "/";
  return text.starts_with(root) ? text.substr(root.size()) : text;
}

// LLVM's summary of `files` in `binary` under `profile` (llvm-cov export), into `row`.
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
    row.files.push_back(relative_to(project, f.at("filename").get<std::string>()));
  }
  std::vector<std::string> own;
  for (const auto &f : files) own.push_back(f.string());
  for (const auto &fn : data.value("functions", json::array())) {
    if (fn.value("count", int64_t{0}) != 0) continue;
    const auto names = fn.value("filenames", std::vector<std::string>{});
    const bool ours = std::any_of(names.begin(), names.end(), [&](const std::string &n) {
      return std::find(own.begin(), own.end(), n) != own.end();
    });
    if (ours) row.never_entered.push_back(fn.value("name", ""));
  }
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
  std::sort(row.never_entered.begin(), row.never_entered.end());
  row.never_entered.erase(std::unique(row.never_entered.begin(), row.never_entered.end()),
                          row.never_entered.end());
}

// The lines of `files` that ran at least once under `profile` (llvm-cov's lcov export: one
// "DA:<line>,<count>" per line with code, after "SF:<file>"); empty when llvm-cov fails.
using LineSet = std::set<std::pair<std::string, int64_t>>;
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

std::string percent(int64_t covered, int64_t total) {
  return total == 0 ? "-" : fmt::format("{:.1f}%", 100.0 * covered / total);
}

struct Tools {
  fs::path llvm_profdata, llvm_cov;
};

// Merges the raw profiles in `work` whose names start with `stem` into <stem>.profdata; the
// reason when it cannot.
std::string merge_profiles(const Tools &tools, const fs::path &work, const std::string &stem,
                           const fs::path &binary, fs::path &profile) {
  std::vector<std::string> merge = {tools.llvm_profdata.string(), "merge", "-sparse"};
  for (const auto &e : fs::directory_iterator(work)) {
    const std::string name = e.path().filename().string();
    if (name.starts_with(stem + "-") && name.ends_with(".profraw")) merge.push_back(e.path());
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
    if (name.starts_with(stem + "-") && name.ends_with(".profraw")) fs::remove(e.path());
  }
}

// The reference a campaign's coverage is read against: what the spec's conformance vectors
// (corpora/<comp>/vectors.txt, the tests EveryVectorGivesTheSpecifiedResult and
// EveryScenarioGivesTheSpecifiedResults) execute of an implementation's own files, run once
// through vectors_<comp>_<impl>, the coverage preset's conformance tests with that
// implementation alone. Its counts and its lines, or why there are none.
struct Vectors {
  CoverageRow row;
  LineSet lines;
  std::string error;
};

const char *const kVectorTests =
    "*.EveryVectorGivesTheSpecifiedResult/*:*.EveryScenarioGivesTheSpecifiedResults/*";

Vectors measure_vectors(const Tools &tools, const Project &project, const fs::path &work,
                        const Component &comp, const Implementation &impl) {
  Vectors v;
  const std::string name = "vectors_" + comp.name + "_" + impl.name;
  const fs::path binary = project.root / "build" / "coverage" / "bin" / name;
  if (!fs::exists(binary)) {
    v.error = binary.string() + " is missing: build the coverage preset";
    return v;
  }
  const auto own = own_sources(project, comp, impl);
  if (own.empty()) {
    v.error = "none of the implementation's own files was found";
    return v;
  }
  remove_raw_profiles(work, name);
  const Captured run = run_captured(
      {binary.string(), std::string("--gtest_filter=") + kVectorTests, "--gtest_brief=1"},
      {"LLVM_PROFILE_FILE=" + (work / (name + "-%p.profraw")).string()}, 1800);
  if (!run.status.ok()) {
    v.error =
        fmt::format("the spec's vectors failed in the coverage build ({})", run.status.describe());
    return v;
  }
  fs::path profile;
  v.error = merge_profiles(tools, work, name, binary, profile);
  if (!v.error.empty()) return v;
  read_counts(tools.llvm_cov, binary, profile, own, project, v.row);
  v.lines = executed_lines(tools.llvm_cov, binary, profile, own);
  return v;
}

// One run measured: its row and merged profile, or why it could not be.
struct Measured {
  CoverageRow row;
  fs::path profile;
  std::string error;
};

// Replays one of a run's corpora (a snapshot or the final one) through its coverage build and
// reads the counts of the implementation's own files; given the lines the spec's vectors
// execute, counts how many of those the corpus executed too. Touches no store: runs in a thread
// of its own.
Measured measure_run(const Tools &tools, const Project &project, const CampaignRow &campaign,
                     const fs::path &work, const RunRow &run, const Implementation *impl,
                     const fs::path &corpus, const std::string &snapshot,
                     const LineSet *vector_lines) {
  Measured m;
  try {
    const fs::path binary = require_built(project.root / "build" / "coverage" / "bin" /
                                              ("fuzz_" + run.component + "_" + run.impl),
                                          "coverage");
    const std::vector<fs::path> own = own_sources(project, project.component(run.component), *impl);
    if (!fs::is_directory(corpus)) {
      m.error = "its corpus " + corpus.string() + " is gone";
      return m;
    }
    if (own.empty()) {
      m.error = "none of the implementation's own files was found (a library not fetched or "
                "built?)";
      return m;
    }
    const std::string stem =
        fmt::format("{}-{}-trial{}-{}", run.component, run.impl, run.trial, snapshot);
    remove_raw_profiles(work, stem);
    // Every input once, as OSS-Fuzz's coverage job replays a corpus; libFuzzer's limits as the
    // campaign's.
    const Captured replay = run_captured(
        {binary.string(), "-runs=0", fmt::format("-timeout={:g}", campaign.timeout_seconds),
         fmt::format("-rss_limit_mb={}", campaign.rss_limit_mb), corpus.string()},
        {"LLVM_PROFILE_FILE=" + (work / (stem + "-%p.profraw")).string()}, 3600);
    if (!replay.status.ok()) {
      m.error = fmt::format("replaying the corpus failed ({})",
                            replay.timed_out ? "timed out" : replay.status.describe());
      return m;
    }
    m.error = merge_profiles(tools, work, stem, binary, m.profile);
    if (!m.error.empty()) return m;
    m.row.run_id = run.id;
    m.row.component = run.component;
    m.row.impl = run.impl;
    m.row.trial = run.trial;
    m.row.snapshot = snapshot;
    read_counts(tools.llvm_cov, binary, m.profile, own, project, m.row);
    if (vector_lines) {
      const LineSet ran = executed_lines(tools.llvm_cov, binary, m.profile, own);
      m.row.vector_lines = static_cast<int64_t>(vector_lines->size());
      m.row.vector_lines_reached = static_cast<int64_t>(std::count_if(
          vector_lines->begin(), vector_lines->end(), [&](const auto &l) { return ran.count(l); }));
    }
  } catch (const std::exception &e) {
    m.error = e.what();
  }
  return m;
}

} // namespace

int coverage_command(const Project &project, const CoverageOptions &options) {
  const fs::path llvm_profdata = require_tool("llvm-profdata-19");
  const fs::path llvm_cov = require_tool("llvm-cov-19");
  Store store(existing_store(project, options.db));
  const CampaignRow campaign = fuzz_campaign(store, options.campaign);
  const fs::path work = project.coverage_dir(campaign.name);
  fs::create_directories(work);

  // The runs of implementations held to the spec (not the diff or TSan targets).
  std::vector<std::pair<RunRow, const Implementation *>> runs;
  for (const auto &r : store.runs(campaign.id)) {
    const auto named = std::find_if(project.components.begin(), project.components.end(),
                                    [&](const Component &c) { return c.name == r.component; });
    if (named == project.components.end()) continue;
    const Implementation *impl = named->find(r.impl);
    if (!impl || impl->baseline) continue;
    const bool wanted =
        options.impls.empty() ||
        std::any_of(options.impls.begin(), options.impls.end(), [&](const std::string &w) {
          return w == r.impl || w == r.component + "/" + r.impl;
        });
    if (wanted) runs.emplace_back(r, impl);
  }
  if (runs.empty()) throw UserError("campaign " + campaign.name + " has no run to measure");
  for (const auto &[run, impl] : runs) { // a missing build is one error before any replay
    require_built(project.root / "build" / "coverage" / "bin" /
                      ("fuzz_" + run.component + "_" + run.impl),
                  "coverage");
  }

  // Each run's corpus snapshots (the times FuzzOptions::snapshot_seconds kept), then its final
  // corpus.
  struct Job {
    const RunRow *run;
    const Implementation *impl;
    fs::path corpus;
    std::string snapshot;
  };
  std::vector<Job> jobs_list;
  for (const auto &[run, impl] : runs) {
    std::vector<std::pair<long, fs::path>> kept;
    std::error_code ec;
    for (const auto &e : fs::directory_iterator(fs::path(run.dir) / "snapshots", ec)) {
      const std::string name = e.path().filename().string();
      if (e.is_directory() && !name.empty() &&
          std::all_of(name.begin(), name.end(), [](unsigned char c) { return std::isdigit(c); }))
        kept.emplace_back(std::stol(name), e.path());
    }
    std::sort(kept.begin(), kept.end());
    for (const auto &[seconds, dir] : kept)
      jobs_list.push_back({&run, impl, dir, fmt::format("{}s", seconds)});
    jobs_list.push_back({&run, impl, fs::path(run.dir) / "corpus", "final"});
  }

  int failures = 0;
  const Tools tools{llvm_profdata, llvm_cov};
  // The reference first: per implementation, what the spec's vectors execute of its own files,
  // stored beside each of its runs as the snapshot "vectors".
  std::map<std::pair<std::string, std::string>, Vectors> vectors;
  for (const auto &[run, impl] : runs) {
    const std::pair key{run.component, run.impl};
    auto at = vectors.find(key);
    if (at == vectors.end()) {
      at = vectors
               .emplace(key, measure_vectors(tools, project, work, project.component(run.component),
                                             *impl))
               .first;
      if (!at->second.error.empty()) {
        fmt::print(stderr, "twinbench: the spec's vectors for {}/{}, the reference: {}\n",
                   run.component, run.impl, at->second.error);
        failures++;
      }
    }
    if (!at->second.error.empty()) continue;
    CoverageRow row = at->second.row;
    row.run_id = run.id;
    row.component = run.component;
    row.impl = run.impl;
    row.trial = run.trial;
    row.snapshot = "vectors";
    store.set_coverage(row);
  }

  // Two replays at a time (as many as there are cores): each is one process; the store is
  // written here, in the runs' order.
  std::map<std::pair<std::string, std::string>, std::vector<fs::path>> profiles; // per impl
  auto lookup = [](const auto &map, const RunRow &run) -> const LineSet * {
    const auto at = map.find(std::pair{run.component, run.impl});
    return at == map.end() || !at->second.error.empty() ? nullptr : &at->second.lines;
  };
  std::deque<std::future<Measured>> pending;
  size_t launched = 0, done = 0;
  const size_t jobs = static_cast<size_t>(std::max(1, available_cores()));
  while (done < jobs_list.size()) {
    while (launched < jobs_list.size() && pending.size() < jobs) {
      const Job &job = jobs_list[launched++];
      pending.push_back(std::async(std::launch::async, measure_run, std::cref(tools),
                                   std::cref(project), std::cref(campaign), std::cref(work),
                                   *job.run, job.impl, job.corpus, job.snapshot,
                                   job.snapshot == "final" ? lookup(vectors, *job.run) : nullptr));
    }
    Measured m = pending.front().get();
    pending.pop_front();
    const Job &job = jobs_list[done];
    const RunRow &run = *job.run;
    fmt::print("coverage {}/{} trial {}, {} ({}/{}){}\n", run.component, run.impl, run.trial,
               job.snapshot, ++done, jobs_list.size(),
               m.error.empty()
                   ? fmt::format(": lines {}", percent(m.row.lines_covered, m.row.lines))
                   : "");
    std::fflush(stdout);
    if (!m.error.empty()) {
      fmt::print(stderr, "twinbench: coverage of {}/{} trial {}: {}\n", run.component, run.impl,
                 run.trial, m.error);
      failures++;
      continue;
    }
    store.set_coverage(m.row);
    if (job.snapshot == "final") profiles[{run.component, run.impl}].push_back(m.profile);
  }

  if (options.html_pages) {
    // Per implementation, every trial's corpus together: llvm-cov's browsable pages.
    const fs::path html_dir =
        options.html.empty() ? project.coverage_dir(campaign.name) / "html" : options.html;
    for (const auto &[key, files] : profiles) {
      const auto &[comp_name, impl_name] = key;
      const Component &comp = project.component(comp_name);
      const fs::path merged = work / fmt::format("{}-{}-all.profdata", comp_name, impl_name);
      std::vector<std::string> merge = {llvm_profdata.string(), "merge", "-sparse"};
      for (const auto &f : files) merge.push_back(f.string());
      merge.insert(merge.end(), {"-o", merged.string()});
      const fs::path out = html_dir / (comp_name + "-" + impl_name);
      std::vector<std::string> show = {
          llvm_cov.string(),
          "show",
          "-format=html",
          "-show-branches=count",
          "-output-dir=" + out.string(),
          "-instr-profile=" + merged.string(),
          (project.root / "build" / "coverage" / "bin" / ("fuzz_" + comp_name + "_" + impl_name))
              .string()};
      for (const auto &f : own_sources(project, comp, *comp.find(impl_name)))
        show.push_back(f.string());
      if (!run_captured(merge, {}, 600).status.ok() || !run_captured(show, {}, 600).status.ok()) {
        fmt::print(stderr, "twinbench: the coverage pages of {}/{} could not be written\n",
                   comp_name, impl_name);
        failures++;
        continue;
      }
      fmt::print("wrote {}\n", (out / "index.html").string());
    }
  }

  // Per implementation: the median over trials of each measure.
  std::map<std::pair<std::string, std::string>, std::vector<CoverageRow>> by_impl;
  std::map<std::pair<std::string, std::string>, CoverageRow> by_vectors;
  for (const auto &row : store.coverage(campaign.id)) {
    if (row.snapshot == "final") by_impl[{row.component, row.impl}].push_back(row);
    if (row.snapshot == "vectors") by_vectors[{row.component, row.impl}] = row;
  }
  std::vector<Row> table;
  for (auto &[key, rows] : by_impl) {
    auto median = [&](auto field) {
      std::vector<std::pair<double, const CoverageRow *>> v;
      for (const auto &r : rows) v.emplace_back(field(r), &r);
      std::sort(v.begin(), v.end(), [](auto &a, auto &b) { return a.first < b.first; });
      return v[v.size() / 2].second; // the upper median's row: its figures are one trial's
    };
    auto lines = [](const CoverageRow &r) { return r.lines ? 1.0 * r.lines_covered / r.lines : 0; };
    const CoverageRow &m = *median(lines);
    const auto reference = by_vectors.find(key);
    const bool compared = reference != by_vectors.end() && m.vector_lines;
    table.push_back(
        {key.first, key.second, std::to_string(rows.size()), percent(m.lines_covered, m.lines),
         percent(m.regions_covered, m.regions), percent(m.branches_covered, m.branches),
         fmt::format("{}/{}", m.functions_covered, m.functions), std::to_string(m.files.size()),
         compared ? percent(reference->second.lines_covered, reference->second.lines) : "-",
         compared ? percent(*m.vector_lines_reached, *m.vector_lines) : "-"});
  }
  fmt::print("{}",
             render_table({"component", "implementation", "trials", "lines", "regions", "branches",
                           "functions entered", "files", "vectors' lines", "of those reached"},
                          table));
  fmt::print("campaign {}: the implementations' own files only (docs/ARCHITECTURE.md, "
             "\"Coverage\"); the trial with the median line coverage; stored in {}\n",
             campaign.name, existing_store(project, options.db).string());
  return failures ? 1 : 0;
}

} // namespace twinbench::cli
