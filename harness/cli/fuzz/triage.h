// Triage: what a crash report says (class, type, frames, signature), whether an input
// reproduces it, and a minimised input. One signature rule everywhere:
//   divergence:  component + the differing field (no position) + its value's kind + the pair
//   Rust panic:  component + the panic's source site
//   violation:   component + the site that reported it
//   data race:   the top project frame of each of the two accesses, in sorted order
//   otherwise:   crash type + the top kSignatureFrames frames in project code (a fetched
//                library's frames named with its package and tree: upstream / debian)
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "fuzz/limits.h"

namespace twinbench::cli {

// Frames in project code that a signature keeps; the report quotes it.
inline constexpr std::size_t kSignatureFrames = 3;
// Re-runs of each artifact before it counts as reproduced: `twinbench fuzz --repro-tries`'s
// default, quoted by the report.
inline constexpr int kReproTries = 3;

struct Frame {
  std::string function; // demangled, without parameters or Rust hash
  std::string location; // file:line[:column], or the module for unsymbolised frames
};

struct Classification {
  bool finding = false;      // the report shows a crash, timeout, OOM, leak, divergence...
  std::string crash_class;   // memory-safety, undefined-behavior, data-race, panic,
                             // stack-overflow, timeout, oom, leak, divergence, spec-violation,
                             // abort
  std::string type;          // e.g. "Heap-buffer-overflow WRITE 1", "Rust panic"
  std::string message;       // panic message, UBSan message, divergence line
  std::string site;          // file:line:col of a panic or UBSan check; divergence field + kind
  std::vector<Frame> frames; // top frames in project code (at most kSignatureFrames)
  std::string side;          // c, rust, both (divergence), harness
  std::string signature;
};

// Reads a sanitizer/libFuzzer report. `root` decides which frames are project code.
Classification classify(const std::string &report, const std::string &component,
                        const std::filesystem::path &root);

struct Reproduction {
  int tries = 0;
  int reproduced = 0;
  std::string report; // the first reproducing run's output (or the last run's)
  Classification classification;
  double reliability() const { return tries ? double(reproduced) / tries : 0; }
  // ClusterFuzz's rule: reliable when at least half the tries reproduce.
  bool reliable() const { return tries > 0 && 2 * reproduced >= tries; }
};

struct TriageLimits {
  double timeout_seconds = kLibFuzzerTimeoutSeconds; // per input, as in the campaign
  long long rss_limit_mb = kLibFuzzerRssLimitMb;
};

// Runs `binary input` `tries` times with symbolisation on.
Reproduction reproduce(const std::filesystem::path &binary, const std::filesystem::path &input,
                       const std::string &component, const std::filesystem::path &root, int tries,
                       const TriageLimits &limits);

// libFuzzer's -minimize_crash for `seconds` in all: its rounds go on while each finds a smaller
// crash, each writing it to a file of its own, and the round still running at the budget is
// killed. The smallest of those files that `same_crash` accepts (the caller reproduces it: a
// round may have found another bug, or been killed while writing) becomes `out`; at most three
// are tried. False when none was kept.
bool minimize(const std::filesystem::path &binary, const std::filesystem::path &input,
              const std::filesystem::path &out, double seconds, const TriageLimits &limits,
              const std::function<bool(const std::filesystem::path &)> &same_crash);

// The environment every fuzz and triage run gets: symbolizer, stack traces for UBSan.
std::vector<std::string> sanitizer_environment();

} // namespace twinbench::cli
