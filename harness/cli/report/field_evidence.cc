#include "report/field_evidence.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "coverage/own_sources.h"
#include "report/code_census.h"

namespace twinbench::cli {
namespace {

using nlohmann::json;

json read_json(const fs::path &path) {
  const std::string text = read_file(path);
  if (text.empty()) return json::object();
  try {
    return json::parse(text);
  } catch (const json::exception &) {
    return json::object(); // a damaged record reads as none: the origin says "not fetched"
  }
}

// A fuzz binary's target suffix: fuzz_<comp>_<suffix> -> suffix.
std::string target_of(const std::string &binary, const std::string &comp) {
  const std::string name = fs::path(binary).filename().string();
  const std::string prefix = "fuzz_" + comp + "_";
  return name.starts_with(prefix) ? name.substr(prefix.size()) : "";
}

void add_count(FieldImplementation &impl, const SourceCount &s) {
  impl.files++;
  impl.lines += s.lines;
  impl.unsafe_blocks += s.unsafe_blocks;
  impl.unsafe_fns += s.unsafe_fns;
  impl.unsafe_impls += s.unsafe_impls;
}

void count_c_library(const std::vector<std::pair<std::string, std::string>> &files,
                     FieldImplementation &impl) {
  for (const auto &[role, path] : files) {
    const SourceCount s = count_source(read_file(path), false);
    if (role == "library") {
      add_count(impl, s);
    } else if (role == "glue") {
      impl.glue_lines += s.lines;
    } // a dependency compiled in is neither (Sources.cmake)
  }
  impl.counted = impl.files > 0;
}

void count_rust_crate(const Project &project, const Implementation &impl_entry,
                      FieldImplementation &impl) {
  for (const auto &file : crate_sources(impl_entry.source)) {
    add_count(impl, count_source(read_file(file), true));
  }
  impl.counted = impl.files > 0;
  std::error_code ec;
  // Our glue: the component's ffi crate.
  for (const auto &e :
       fs::recursive_directory_iterator(project.root / impl_entry.build / "src", ec)) {
    if (e.is_regular_file() && e.path().extension() == ".rs") {
      impl.glue_lines += count_source(read_file(e.path()), true).lines;
    }
  }
}

// A crash's class, with a Rust panic of an overflow check ("attempt to add with overflow")
// told apart: the fuzz builds check integer overflow, a release build wraps silently
// (docs/components/*.md; ctest fuzz.<comp>.known_overflow_panics_in_release shows it for the
// known ones).
std::string class_of(const CrashRow &c) {
  if (c.crash_class != "panic") return c.crash_class;
  const std::string report = read_file(c.report_path);
  const auto attempt = report.find("attempt to ");
  const bool overflow =
      attempt != std::string::npos && report.find(" with overflow", attempt) != std::string::npos;
  return overflow ? "panic (overflow check)" : c.crash_class;
}

FieldImplementation implementation(const Project &project, const Component &comp,
                                   const Implementation &entry) {
  FieldImplementation impl;
  impl.name = entry.name;
  impl.language = entry.language;
  const Source &src = entry.source;
  if (src.kind == "debian") {
    const fs::path tree = sources_dir(project) / (src.package + "_" + src.upstream);
    const json record = read_json(tree / "source.json");
    const std::string version = record.value("version", "");
    impl.patches = src.patches;
    impl.origin = fmt::format("Debian source package {} {}, {}", src.package,
                              version.empty() ? src.upstream + " (not fetched)" : version,
                              src.patches == "upstream" ? "the upstream tarball as released"
                                                        : "with Debian's patches");
    std::string id = entry.name;
    std::replace(id.begin(), id.end(), '-', '_');
    const auto files = built_sources(project, "tb_" + comp.name + "_" + id);
    count_c_library(files, impl);
    if (src.patches == "debian") {
      // Which of the files built Debian's patches change.
      for (const auto &changed : record.value("debian_changes", std::vector<std::string>{})) {
        for (const auto &[role, path] : files) {
          if (role == "library" && fs::path(path) == tree / "debian" / changed) {
            impl.patched_files_built.push_back(changed);
          }
        }
      }
    }
  } else if (src.kind == "crate") {
    impl.origin = fmt::format("crate {} {} (Debian's librust packages)", src.crate, src.version);
    count_rust_crate(project, entry, impl);
  } else if (src.kind == "path") {
    impl.origin = "local folder " + src.path;
  } else {
    impl.origin = entry.upstream;
  }
  return impl;
}

} // namespace

std::vector<FieldComponent> field_evidence(const Project &project, Store &store,
                                           const std::optional<CampaignRow> &campaign,
                                           const std::map<int64_t, double> &first_seen) {
  std::vector<FieldComponent> out;
  std::vector<CrashRow> crashes;
  std::vector<DisagreementRow> disagreements;
  if (campaign) {
    crashes = store.crashes(campaign->id);
    disagreements = store.disagreements(campaign->id);
  }
  // Every target whose runs found each crash. A diff run that meets a library's own crash aborts
  // on it, and triage folds it into that library's crash: both targets found it.
  std::map<int64_t, std::set<std::string>> targets_of;
  if (campaign) {
    std::map<int64_t, std::string> target_of_run;
    for (const auto &r : store.runs(campaign->id)) target_of_run[r.id] = r.impl;
    for (const auto &a : store.artifacts(campaign->id)) {
      const auto run = target_of_run.find(a.run_id);
      if (a.crash_id && run != target_of_run.end()) targets_of[*a.crash_id].insert(run->second);
    }
  }
  for (const auto &comp : project.components) {
    const bool field =
        std::any_of(comp.implementations.begin(), comp.implementations.end(),
                    [](const Implementation &i) { return i.kind == "library" && !i.baseline; });
    if (!field) continue;
    FieldComponent f{comp.name, comp.title, comp.spec, {}, {}, {}, {}, false};
    f.fuzzed = campaign && std::find(campaign->components.begin(), campaign->components.end(),
                                     comp.name) != campaign->components.end();
    for (const auto &entry : comp.implementations) {
      if (!entry.baseline) f.impls.push_back(implementation(project, comp, entry));
    }
    for (const auto &c : crashes) {
      if (c.component != comp.name) continue;
      const std::string crash_class = class_of(c);
      std::set<std::string> targets = targets_of[c.id];
      targets.insert(target_of(c.binary, comp.name)); // the binary triage reproduced it with
      for (const auto &target : targets) {
        if (target == "diff") f.diff_findings[crash_class]++;
        for (auto &impl : f.impls) {
          if (impl.name == target) impl.findings[crash_class]++;
        }
      }
    }
    // Known bugs: found when a crash's report holds the bug's expected line.
    for (const KnownBug &k : comp.known_bugs) {
      FieldKnownBug bug{k.id,
                        k.implementation,
                        k.title,
                        k.bug_class,
                        k.affects,
                        k.source,
                        fs::relative(k.witness, project.root).string()};
      const std::string &expect = k.expect;
      const std::string &target = k.target;
      for (const auto &c : crashes) {
        // Its own target finds it, and so can the diff, which runs every implementation: any of
        // the targets that found the crash, as the findings above count them.
        std::set<std::string> by = targets_of[c.id];
        by.insert(target_of(c.binary, comp.name));
        if (c.component != comp.name || (!by.contains(target) && !by.contains("diff"))) continue;
        if (expect.empty() || read_file(c.report_path).find(expect) == std::string::npos) continue;
        const auto seen = first_seen.find(c.id);
        const std::optional<double> at =
            seen == first_seen.end() ? std::nullopt : std::optional<double>(seen->second);
        if (!bug.crash_id || (at && (!bug.found_seconds || *at < *bug.found_seconds))) {
          bug.crash_id = c.id;
          bug.found_seconds = at;
          bug.found_by = fs::path(c.binary).filename().string();
        }
      }
      f.known_bugs.push_back(std::move(bug));
    }
    // Two known bugs with one expected line cannot be told apart by the crash that matched.
    const auto &expects = comp.known_bugs;
    for (size_t i = 0; i < f.known_bugs.size(); i++) {
      for (size_t j = 0; j < f.known_bugs.size(); j++) {
        if (i != j && expects[i].expect == expects[j].expect &&
            expects[i].target == expects[j].target) {
          f.known_bugs[i].same_finding_as.push_back(f.known_bugs[j].id);
        }
      }
    }
    for (const auto &d : disagreements) {
      if (d.component != comp.name) continue;
      auto it = std::find_if(
          f.disagreements.begin(), f.disagreements.end(),
          [&](const FieldDisagreement &o) { return o.kind == d.kind && o.pair == d.pair; });
      if (it == f.disagreements.end()) {
        it = f.disagreements.insert(f.disagreements.end(), {d.kind, d.pair, 0, 0, {}, ""});
      }
      it->count += d.count;
      it->runs++;
      if (d.first_seconds && (!it->first_seconds || *d.first_seconds < *it->first_seconds)) {
        it->first_seconds = d.first_seconds;
        it->example_hex = d.example_hex;
      }
      if (it->example_hex.empty()) it->example_hex = d.example_hex;
    }
    out.push_back(std::move(f));
  }
  return out;
}

} // namespace twinbench::cli
