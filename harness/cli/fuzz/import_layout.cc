#include "fuzz/import_layout.h"

#include <regex>
#include <set>

#include <fmt/format.h>

namespace twinbench::cli {

namespace {

// ClusterFuzzLite's downloads hold no links; one in an import could lead the copy anywhere on
// the machine (a link to / as a target's folder, to a private file as a testcase), so it is
// refused, not followed.
void refuse_link(const fs::directory_entry &e) {
  if (e.is_symlink()) {
    throw UserError(fmt::format("import: {} is a symbolic link: an import reads files only "
                                "(copy what it points to in its place)",
                                e.path().string()));
  }
}

fs::path first_dir(const fs::path &dir, std::initializer_list<const char *> names) {
  for (const char *name : names) {
    // Each part of the name: "out/artifacts" is as much out of the folder when "out" is a link.
    fs::path part = dir;
    for (const auto &step : fs::path(name)) {
      part /= step;
      if (fs::is_symlink(part)) refuse_link(fs::directory_entry(part));
    }
    if (fs::is_directory(dir / name)) return dir / name;
  }
  return {};
}

const FuzzTarget &known_target(const std::map<std::string, FuzzTarget> &targets,
                               const fs::path &folder) {
  auto it = targets.find(folder.filename().string());
  if (it == targets.end()) {
    throw UserError(fmt::format("import: {}: {} is not a fuzz target of this checkout (see "
                                "twinbench list)",
                                folder.string(), folder.filename().string()));
  }
  return it->second;
}

// The testcases in one folder (a target's, or a sanitizer's under it).
void scan_testcases(const fs::path &folder, const std::string &target, const std::string &sanitizer,
                    ImportPlan &plan) {
  static const std::regex testcase("(crash|oom|timeout|leak|slow-unit)-[0-9A-Za-z_.-]+");
  std::set<std::string> names;
  for (const auto &e : fs::directory_iterator(folder)) {
    refuse_link(e);
    if (e.is_regular_file()) names.insert(e.path().filename().string());
  }
  for (const auto &name : names) {
    std::smatch m;
    if (name.ends_with(".summary")) {
      const std::string of = name.substr(0, name.size() - 8);
      if (!names.contains(of)) {
        throw UserError(fmt::format("import: {}: a stack trace without its testcase {} (a "
                                    "partial download?)",
                                    (folder / name).string(), of));
      }
      continue;
    }
    if (!std::regex_match(name, m, testcase)) continue; // not libFuzzer's: a README, a log
    plan.testcases.push_back(
        {target, sanitizer, m[1], folder / name, names.contains(name + ".summary")});
  }
}

} // namespace

// fuzz_<comp>_<target> for every fuzz target of this checkout.
std::map<std::string, FuzzTarget> import_targets(const Project &project) {
  std::map<std::string, FuzzTarget> out;
  for (const auto &comp : project.components) {
    for (const auto &t : comp.fuzz_targets()) out["fuzz_" + comp.name + "_" + t] = {comp.name, t};
  }
  return out;
}

ImportPlan scan_import(const fs::path &dir, const std::map<std::string, FuzzTarget> &targets) {
  if (!fs::is_directory(dir)) throw UserError("import: " + dir.string() + " is not a directory");
  ImportPlan plan;
  if (const fs::path artifacts = first_dir(dir, {"artifacts", "out/artifacts"});
      !artifacts.empty()) {
    for (const auto &t : fs::directory_iterator(artifacts)) {
      refuse_link(t);
      if (!t.is_directory()) continue;
      known_target(targets, t.path());
      const std::string target = t.path().filename().string();
      scan_testcases(t.path(), target, "", plan);
      for (const auto &s : fs::directory_iterator(t.path())) {
        refuse_link(s);
        if (s.is_directory()) scan_testcases(s.path(), target, s.path().filename().string(), plan);
      }
    }
  }
  if (const fs::path corpus = first_dir(dir, {"corpus", "cifuzz-corpus"}); !corpus.empty()) {
    for (const auto &t : fs::directory_iterator(corpus)) {
      refuse_link(t);
      if (!t.is_directory()) continue;
      known_target(targets, t.path());
      auto &files = plan.corpus[t.path().filename().string()];
      for (const auto &f : fs::recursive_directory_iterator(t.path())) {
        refuse_link(f);
        if (f.is_regular_file()) files.push_back({f.path(), f.path().lexically_relative(t.path())});
      }
    }
  }
  if (plan.testcases.empty() && plan.corpus.empty()) {
    throw UserError(fmt::format("import: {} holds no ClusterFuzzLite output: expected "
                                "artifacts/<fuzz target>/<sanitizer>/crash-* (with its .summary) "
                                "or corpus/<fuzz target>/",
                                dir.string()));
  }
  return plan;
}

} // namespace twinbench::cli
