// What the runner needs from a fuzzing engine (docs/ARCHITECTURE.md, "Engines"): the command of
// one fuzzing process, its progress, where its findings and corpus are. The scheduler, snapshots
// and coverage ask an Engine; only engine_libfuzzer.cc and engine_aflpp.cc know an engine's flags
// and files. Whatever engine found an input, triage reproduces and minimises it on the libFuzzer
// build (libfuzzer_engine()), so one bug gets one signature whichever engine found it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "fuzz/fuzzer_output.h"
#include "fuzz/triage.h"

namespace twinbench::cli {

// One fuzzing process of a run.
struct FuzzingProcess {
  std::filesystem::path binary;     // the engine's build of the run's target
  std::filesystem::path run_dir;    // corpus/ (the seeds, at first), artifacts/, the engine's files
  std::filesystem::path dictionary; // none when missing or empty
  double seconds = 0;               // what is left of the run's budget
  double timeout_seconds = 0;       // per input
  int64_t rss_limit_mb = 0;
  uint64_t seed = 0;
  bool stop_at_first_finding = false;   // a ground-truth run ends at its detection
  std::vector<std::string> extra_flags; // the user's, after `--`
};

// How an engine's runs are made and counted, in the report's words (its methodology).
struct EngineMethod {
  std::string title;      // "libFuzzer", "AFL++"
  std::string process;    // how one run's processes fuzz, restarts included
  std::string found_at;   // when a finding counts as found
  std::string executions; // what its count of executions is, at a finding
  std::string coverage;   // what its progress calls coverage ("cov")
};

struct EngineCommand {
  std::vector<std::string> argv;
  std::vector<std::string> env; // beside the sanitizer environment
};

class Engine {
public:
  virtual ~Engine() = default;
  // Its name on the command line and in the store (campaigns.engine).
  virtual std::string name() const = 0;
  // The preset that builds its binaries, under the same names (fuzz_<comp>_<impl>, bug_...).
  virtual std::string preset() const = 0;
  virtual EngineMethod method() const = 0;
  // Readies the run's folder for a launch (AFL++: a seed to start from, and no queue left by a
  // process that never got past its seeds).
  virtual void prepare(const std::filesystem::path &run_dir) const = 0;
  virtual EngineCommand fuzz_command(const FuzzingProcess &process) const = 0;
  // Progress from one line the process printed (libFuzzer's status lines)...
  virtual std::optional<FuzzerStatus> status_from_line(const std::string &line) const = 0;
  // ...or from the files it keeps in the run's folder (AFL++'s fuzzer_stats), read as the
  // scheduler flushes and once more at exit.
  virtual std::optional<FuzzerStatus>
  status_from_files(const std::filesystem::path &run_dir) const = 0;
  // The exact count of executions, from a line printed at exit (libFuzzer's final stats).
  virtual std::optional<int64_t> final_execs(const std::string &line) const = 0;
  // Puts what the process saved into <run_dir>/artifacts as "<kind>-<name>" (kinds as
  // artifact_kind reads them), the one layout triage reads: libFuzzer writes there itself.
  // `running`: the process may still be writing one.
  virtual void collect_findings(const std::filesystem::path &run_dir, bool running) const = 0;
  // The process's count of executions when it found <artifact>, when the engine records it
  // (AFL++ names its findings with it; its progress file is up to a minute old).
  virtual std::optional<int64_t> execs_at_finding(const std::filesystem::path &run_dir,
                                                  const std::filesystem::path &artifact) const = 0;
  // The same for a finding the process only printed, as the line arrives (AFL++ skips a seed
  // that crashes in its dry run and says so, where libFuzzer saves it).
  virtual void collect_finding_from_line(const std::string &line,
                                         const std::filesystem::path &run_dir) const = 0;
  // Whether a process goes on fuzzing after a finding (AFL++), rather than exiting on it: the
  // scheduler then takes findings in as they come, not only at exit.
  virtual bool continues_after_finding() const = 0;
  // The folder the engine grows the run's corpus in (snapshots, coverage, merge).
  virtual std::filesystem::path corpus(const std::filesystem::path &run_dir) const = 0;
};

// The engine of that name; UserError naming the engines for another.
const Engine &engine_named(const std::string &name);
std::vector<std::string> engine_names();
// `fuzz --engine all`: every engine fuzzes every run of the campaign.
inline const std::string kAllEngines = "all";
// libFuzzer: the default engine, and the one triage reproduces every engine's findings with.
const Engine &libfuzzer_engine();

// Triage's commands on the libFuzzer build of a target, whichever engine found the input
// (engine_libfuzzer.cc): run one input; minimise one, each round's smaller crash a file of its
// own in `rounds`; merge corpora into `into`.
std::vector<std::string> reproduce_command(const std::filesystem::path &binary,
                                           const std::filesystem::path &input,
                                           const TriageLimits &limits);
std::vector<std::string> minimize_command(const std::filesystem::path &binary,
                                          const std::filesystem::path &input,
                                          const std::filesystem::path &rounds, double seconds,
                                          const TriageLimits &limits);
std::vector<std::string> merge_command(const std::filesystem::path &binary,
                                       const std::filesystem::path &dictionary,
                                       const std::filesystem::path &into,
                                       const std::vector<std::filesystem::path> &from);

} // namespace twinbench::cli
