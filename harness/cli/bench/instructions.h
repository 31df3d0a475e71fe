// Instruction counts: `twinbench bench --measure instructions` runs the benchmark binary inside
// valgrind's callgrind, which counts the instructions and simulated cache misses of each case's
// measured loop only (harness/bench/cases.h). Unlike time, the counts do not move with the
// machine's load: two runs of one build give the same instructions.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "store/store.h"

namespace twinbench::cli {

// The cache geometry callgrind simulates, fixed rather than read from this CPU so that the
// estimated cycles of two machines compare: 32 KiB 8-way L1s and an 8 MiB 16-way last level,
// 64-byte lines.
inline const std::vector<std::string> callgrind_cache_flags = {"--I1=32768,8,64", "--D1=32768,8,64",
                                                               "--LL=8388608,16,64"};

// One callgrind dump written by the benchmark binary, named
// "twinbench <iterations> <bytes per operation> <case name>". UserError (naming `source`) when
// the file is not such a dump, is truncated, or lacks an event the cache simulation gives.
InstructionCount parse_callgrind_dump(const std::string &text, const std::string &source);

// Every dump in `dir` whose file name starts with `prefix` (callgrind numbers its dumps
// <prefix>.1, <prefix>.2, ...), ordered by case name. UserError on a case dumped twice.
std::vector<InstructionCount> read_callgrind_dumps(const std::filesystem::path &dir,
                                                   const std::string &prefix);

struct ImplInstructions {
  std::string impl;
  double instructions_per_byte = 0;
  double cycles_per_byte = 0; // estimated_cycles() per byte
};

struct CaseInstructions {
  std::string component, case_name;
  int64_t size = 0;
  std::vector<ImplInstructions> impls; // c, rust, then baselines by name
  // Rust's over C's: above 1, Rust executes more (the opposite sense of the MB/s ratio).
  std::optional<double> rust_vs_c_instructions, rust_vs_c_cycles;
  std::string label() const; // e.g. "base64/encode/1 MiB"
};

std::vector<CaseInstructions> analyze_instructions(const std::vector<InstructionCount> &counts);

// What a change did to one case's instructions per byte.
struct InstructionChange {
  std::string name;
  double before = 0, after = 0;     // instructions per byte
  double ratio = 1;                 // after / before
  bool more = false, fewer = false; // beyond the threshold
};

// Cases present in both; `threshold` is a fraction (0.01: a change under 1% is no change).
std::vector<InstructionChange> compare_instructions(const std::vector<InstructionCount> &before,
                                                    const std::vector<InstructionCount> &after,
                                                    double threshold);

} // namespace twinbench::cli
