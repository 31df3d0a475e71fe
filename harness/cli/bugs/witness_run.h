// One seeded bug's witness, run: on a bug build (sanitized, fuzz preset) or a correct twin, and
// the Rust compile-fail check. `twinbench witness` and `twinbench consequences` share these.
#pragma once

#include <filesystem>
#include <string>

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

struct CompileCheck {
  bool rejected = false;  // cargo check failed
  std::string codes;      // the error codes rustc gave, "E0505" or "E0505 E0382"
  std::string diagnostic; // rustc's whole message, as the report quotes it
  std::string command;    // how to see it again
};

// `cargo check` of the Rust twin's crate with the bug's feature on; cargo is run from
// targets_rust/ (for the Debian source replacement) into build/<preset>/cargo-compile-fail.
CompileCheck check_compile_fail(const Project &project, const Bug &bug, const std::string &preset);

} // namespace twinbench::cli
