// One seeded bug's witness, run: on a bug build (sanitized, fuzz preset) or a correct twin; and
// a bug build tried, with what rustc said when it refused it. `twinbench witness` and `twinbench
// consequences` share these.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "common/project.h"
#include "fuzz/triage.h"

namespace twinbench::cli {

struct WitnessRun {
  bool reached = false;   // the canary saw the bug's site run
  bool triggered = false; // ... and the mistake take effect
  Classification classification;
  std::string report; // the binary's whole output
  // "memory-safety Heap-buffer-overflow WRITE 2", "panic at src/decode.rs:91:9", "none"
  std::string outcome() const;
};

// Runs `binary` once on the bug's witness, with the canary reporting to stderr.
WitnessRun run_witness(const Project &project, const Bug &bug, const std::filesystem::path &binary,
                       double timeout_seconds);

// Whether a run shows what the catalogue expects (see Expectation).
bool meets(const Expectation &expected, const Classification &seen);

// A try at building one bug binary (`cmake --build build/<preset> --target bug_<id>_<impl>`),
// whatever the catalogue expects of it: rustc decides, and this records what it said.
struct BugBuild {
  struct RustcError {
    std::string code;     // "E0505"
    std::string location; // "<file>:<line>" of its primary span, from the checkout
  };
  bool built = false;
  bool timed_out = false;
  std::vector<RustcError> errors; // rustc's errors with a code, in order
  std::string diagnostic;         // the build's output from the first error on
  std::string command;            // how to see it again
  // "rustc E0505 at targets_rust/crates/ringbuf/src/lib.rs:91"; "" when it built.
  std::string said() const;
};

BugBuild build_bug_binary(const Project &project, const Bug &bug, const std::string &impl,
                          const std::string &preset);

// What a refused build measured against the catalogue: the compile error counts only when the
// first error's code and primary span are the ones the catalogue names. Anything else is a
// failure of the experiment, not an outcome of the language.
struct CompileVerdict {
  bool counts = false; // a compile error, as expected
  std::string detail;  // what rustc said, or why it does not count
};
CompileVerdict judge_refusal(const Expectation &expected, const BugBuild &build);

} // namespace twinbench::cli
