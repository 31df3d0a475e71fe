// What a seeded bug does in the build a user would ship: each witness replayed through the
// release build of each twin's bug variant (harness/replay), classified from what the replay
// printed, beside the correct twin's replay and valgrind memcheck's view of the same run.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "common/process.h"
#include "common/project.h"
#include "store/store.h"

namespace twinbench::cli {

// The outcomes, worst first where several apply to one run.
inline const std::vector<std::string> kOutcomes = {
    "memory-corruption", // guard bytes around the caller's buffers changed, silently
    "data-leak",         // the output holds bytes the input does not determine
    "wrong-result",      // differs from the correct twin's answer, silently
    "crash",             // killed by a signal, or the allocator aborted
    "panic",             // a controlled panic (Rust), then abort
    "hang",              // did not finish within the time limit
    "leak",              // the answer was right, and memcheck found memory definitely lost
    "compile-error",     // rustc refused the build, with the catalogue's error and span
    "none",              // no visible effect
    "harness-failure",   // no outcome: the build failed otherwise, or did not finish
};

// One release replay (replay_<comp>_<impl> or bug_<id>_<impl> WITNESS FILL).
struct ReplayRun {
  Captured run;
  std::vector<std::string> values; // "field\tkind\ttext", in order
  std::vector<std::string> guards; // the guard zones written into
  bool done = false;               // printed TWINBENCH REPLAY DONE
  double seconds = 0;              // wall-clock time of the run
};
ReplayRun replay(const std::filesystem::path &binary, const std::filesystem::path &witness,
                 const std::string &fill, double timeout_seconds);

struct Verdict {
  std::string outcome; // one of kOutcomes
  std::string detail;
};
// From the bug build's replays with two fill bytes and the correct twin's replay. A run that
// is killed at the time limit hangs; so does one that takes over kSlowSeconds and over
// kSlowFactor times the correct twin's time (a quadratic blow-up is a denial of service even
// when it ends).
inline constexpr double kSlowSeconds = 1, kSlowFactor = 50;
Verdict judge(const ReplayRun &bug_fill_a, const ReplayRun &bug_fill_b, const ReplayRun &correct);

// A replay with no visible effect (none, wrong-result) in which memcheck saw a write or free
// outside what was allocated is memory corruption; one that only lost memory (memcheck()'s "...
// are definitely lost" headline, after a right answer) is a leak; any other verdict stands.
Verdict with_memcheck(const Verdict &verdict, const std::string &memcheck);

// valgrind memcheck's view of the bug build's replay: "error: Invalid write of size 1",
// "no error (...)", or "not run: ...".
std::string memcheck(const std::filesystem::path &binary, const std::filesystem::path &witness,
                     double timeout_seconds);

} // namespace twinbench::cli
