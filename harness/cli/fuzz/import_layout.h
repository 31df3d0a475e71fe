// What `twinbench import DIR` reads before it writes anything: ClusterFuzzLite's layout of
// testcases (with their .summary stack traces) and corpora, each under a fuzz target's name.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "common/project.h"

namespace twinbench::cli {

struct FuzzTarget {
  std::string component, impl;
};

struct Testcase {
  std::string target, sanitizer, kind;
  fs::path path;
  bool has_summary = false;
};

struct ImportPlan {
  std::vector<Testcase> testcases;
  std::map<std::string, std::vector<std::pair<fs::path, fs::path>>>
      corpus; // target: file, name in it
};

// fuzz_<comp>_<target> for every fuzz target of this checkout.
std::map<std::string, FuzzTarget> import_targets(const Project &project);

// Every testcase and corpus file under `dir`, laid out as ClusterFuzzLite leaves it (import.cc
// says how); UserError when `dir` holds none, names a target `targets` lacks, or holds a
// .summary without its testcase or a symbolic link.
ImportPlan scan_import(const std::filesystem::path &dir,
                       const std::map<std::string, FuzzTarget> &targets);

} // namespace twinbench::cli
