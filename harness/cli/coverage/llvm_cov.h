// The LLVM 19 tools `twinbench coverage` reads profiles with (llvm-profdata-19, llvm-cov-19):
// merging a replay's raw profiles, LLVM's counts of an implementation's own files, and the lines
// that ran. One toolchain for both languages: clang's profiles and rustc's -Cinstrument-coverage.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "common/project.h"
#include "store/store.h"

namespace twinbench::cli {

struct Tools {
  fs::path llvm_profdata, llvm_cov;
};

// The tools on PATH; UserError naming the one missing.
Tools find_llvm_tools();

// Merges the raw profiles in `work` whose names start with `stem` into <stem>.profdata (set in
// `profile`); the reason when it cannot, else "".
std::string merge_profiles(const Tools &tools, const fs::path &work, const std::string &stem,
                           const fs::path &binary, fs::path &profile);
void remove_raw_profiles(const fs::path &work, const std::string &stem);

// LLVM's summary of `files` in `binary` under `profile` (llvm-cov export), into `row`: lines,
// regions, branches and functions, the files counted and the functions never entered.
void read_counts(const fs::path &llvm_cov, const fs::path &binary, const fs::path &profile,
                 const std::vector<fs::path> &files, const Project &project, CoverageRow &row);

// The lines of `files` that ran at least once under `profile`, as (file, line): llvm-cov's
// line-by-line export, where a line counts when a region starts on it. Empty when llvm-cov fails.
using LineSet = std::set<std::pair<std::string, int64_t>>;
LineSet executed_lines(const fs::path &llvm_cov, const fs::path &binary, const fs::path &profile,
                       const std::vector<fs::path> &files);

} // namespace twinbench::cli
