// How much code each twin is, and how much of the Rust side is `unsafe`: counted from the
// checkout's sources when the report is written (the report's "Code" table).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "common/project.h"

namespace twinbench::cli {

// One part of one twin: the C twin, the Rust twin's crate, or its C ABI glue (the ffi crate,
// without the baselines it also holds).
struct CodeCount {
  std::string component;
  std::string implementation; // "c", "rust"
  std::string part;           // "twin", "ffi"
  std::string folder;         // relative to the checkout
  int files = 0;
  int64_t lines = 0; // lines with code: not blank, not only comment
  // Rust only: `unsafe { ... }` blocks, `unsafe fn`s (extern "C" ones included), `unsafe impl`s.
  int unsafe_blocks = 0, unsafe_fns = 0, unsafe_impls = 0;
};

// What one source file holds, by the rules above. Seeded-bug code (C: a branch of `#if
// defined(TB_BUG...)`; Rust: an item under `#[cfg(feature = "bug-...")]`) and Rust tests (an
// item under `#[cfg(test)]`) are not counted: neither ships.
struct SourceCount {
  int64_t lines = 0;
  int unsafe_blocks = 0, unsafe_fns = 0, unsafe_impls = 0;
};
SourceCount count_source(const std::string &text, bool rust);

// Every component's C twin, Rust twin crate and Rust ffi glue, in component order.
std::vector<CodeCount> code_census(const Project &project);

} // namespace twinbench::cli
