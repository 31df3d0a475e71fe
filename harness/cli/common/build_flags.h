// The flags each implementation was compiled with, read from the build itself: C's from
// compile_commands.json, Rust's from the rustc command lines cargo ran (recorded by
// harness/cmake/record-rustc). The report prints them and `twinbench build-flags --check` fails
// when the two languages were not optimised alike (docs/ARCHITECTURE.md, "Build parity").
#pragma once

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/project.h"

namespace twinbench::cli {

struct ImplementationFlags {
  std::string component, impl, language; // language: c, cpp or rust
  std::set<std::string> sources;         // the files (C) or crates (Rust) read
  std::set<std::string> opt_levels;      // "-O3" and opt-level=3 both read as "3"
  std::set<bool> lto;                    // whether link-time optimisation was on
  std::set<std::string> flags;           // the code-generation flags, one entry per flag set
};

struct BuildFlags {
  std::string preset;
  std::vector<ImplementationFlags> implementations; // in registry order; only those with units
  std::vector<std::string> unread; // implementations the build holds no record of, and why
};

// The implementations of <build_dir> (build/<preset>): the twins' and libraries' own files, not
// the harness's or a linked Debian package's.
BuildFlags read_build_flags(const Project &project, const std::filesystem::path &build_dir);

// What differs between the languages' optimisation: one level and one LTO setting across every
// implementation, or a sentence per difference. Empty when alike.
std::vector<std::string> parity_problems(const BuildFlags &flags);

// "-O3, no LTO" / "opt-level=3, LTO": a line the report and the command print.
std::string optimisation_text(const ImplementationFlags &flags);

nlohmann::json to_json(const BuildFlags &flags);
BuildFlags build_flags_from_json(const nlohmann::json &j); // as stored with a run's environment

} // namespace twinbench::cli
