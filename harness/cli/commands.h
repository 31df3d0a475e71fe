// The twinbench subcommands; each returns the process exit code.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/project.h"

namespace twinbench::cli {

int list_command(const Project &project);

struct BuildFlagsOptions {
  std::string preset = "bench";
  bool check = false; // exit 1 when the languages' optimisation differs
  bool json = false;
};
// `twinbench build-flags`: each implementation's compiler flags, read from the build.
int build_flags_command(const Project &project, const BuildFlagsOptions &options);

struct NewOptions {
  std::string name;
  std::string contract = "decoder"; // or record: harness/templates/<contract> over the decoder's
  // A library pair instead of twins: a Debian source package's C library and a Rust crate from
  // Debian's librust-*-dev (harness/templates/library, library-<contract>). Both or neither.
  std::string library, crate;
};
// `twinbench new NAME`: scaffolds a component from harness/templates/component.
int new_command(const Project &project, const NewOptions &options);

struct WitnessOptions {
  std::vector<std::string> bugs; // empty: every bug in the catalogue
  double timeout_seconds = 5;    // per run: the hang bugs' witnesses take this long
};
// `twinbench witness`: each seeded bug's witness against its bug builds and the correct twins.
int witness_command(const Project &project, const WitnessOptions &options);

struct ConsequencesOptions {
  std::vector<std::string> bugs; // empty: every bug in the catalogue
  double timeout_seconds = 10;   // per replay: past it, the bug hangs
  int jobs = 0;                  // bugs replayed at a time; 0: one per core
  bool json = false;
  fs::path db;
};
// `twinbench consequences`: each seeded bug's witness on the release builds of its variants.
int consequences_command(const Project &project, const ConsequencesOptions &options);

struct BugsOptions {
  bool json = false;
  fs::path db;
};
// `twinbench bugs`: the seeded-bug catalogue.
int bugs_command(const Project &project, const BugsOptions &options);

struct SmokeOptions {
  std::vector<std::string> components; // empty: all
  double fuzz_seconds = 5;
  double bench_min_time = 0.05;
};
int smoke_command(const Project &project, const SmokeOptions &options);

struct SurveyOptions {
  std::string component;
  double seconds = 60;
  fs::path out; // default reports/surveys/<component>-<UTC time>
};
// `twinbench survey`: every kind of difference between a component's implementations, from one
// run of its diff target (harness/cli/fuzz/survey.cc).
int survey_command(const Project &project, const SurveyOptions &options);

struct ImportOptions {
  fs::path dir;         // ClusterFuzzLite's output (docs/SCALE.md)
  std::string campaign; // default import-<UTC time>
  std::string origin;   // default clusterfuzzlite:<dir>
  int repro_tries = 3;
  double minimize_seconds = 0; // 0: keep the testcases as they came
  fs::path db;
};
int import_command(const Project &project, const ImportOptions &options);

struct CrashesOptions {
  std::string campaign; // empty: every campaign
  bool json = false;
  fs::path sarif; // also write them there as SARIF 2.1.0
  bool fail_on_crash = false;
  fs::path db;
};
int crashes_command(const Project &project, const CrashesOptions &options);

struct ReproOptions {
  int64_t crash_id = 0;
  bool minimized = false;
  fs::path db;
};
int repro_command(const Project &project, const ReproOptions &options);

struct CorpusMergeOptions {
  std::string campaign; // empty: the latest
  fs::path db;
};
int corpus_merge_command(const Project &project, const CorpusMergeOptions &options);

struct CoverageOptions {
  std::string campaign;           // default: the latest finished campaign over fuzz targets
  std::vector<std::string> impls; // empty: every implementation; else "impl" or "comp/impl"
  bool html_pages = false;        // llvm-cov's pages per implementation, in `html`,
  fs::path html;                  // or where the report links them when empty
  fs::path db;
};
// `twinbench coverage`: source-based coverage of each implementation's own files, per fuzz run.
int coverage_command(const Project &project, const CoverageOptions &options);

struct BenchOptions {
  std::vector<std::string> components; // empty: all
  std::vector<std::string> impls;      // empty: all; else only these (rust-native included)
  int runs = 5;                     // of the benchmark binary: verdicts across runs need at least 2
  int repetitions = 5;              // per case and run
  double min_time = 0.1;            // seconds per repetition
  int pin = -1;                     // CPU to pin the benchmark to, -1: none
  std::string name;                 // of the new run (default: bench-<UTC time>)
  std::vector<std::string> compare; // OLD NEW: compare two stored runs instead
  std::vector<std::string> pool;    // RUN,RUN,...: analyze stored runs of one build together
  bool fail_on_regression = false;  // with compare: exit 1 when a case got slower
  std::string measure = "time";     // or instructions: callgrind's counts instead of time
  double threshold_percent = 1;     // comparing instruction counts: smaller changes are none
  fs::path db;
};
int bench_command(const Project &project, const BenchOptions &options);

struct EvidenceOptions {
  std::string budget = "quick"; // quick, standard, full
  int jobs = 0;                 // fuzz runs at once; 0: the number of cores
  fs::path db;
  // Print the seeded-bug fuzz builds the budget runs, one target per line, and stop (the
  // scripts/twinbench wrapper builds only those: quick fuzzes one bug per component).
  bool print_fuzz_bug_targets = false;
};
int evidence_command(const Project &project, const EvidenceOptions &options);

// The store at --db (default reports/twinbench.db); UserError when there is none.
fs::path existing_store(const Project &project, const fs::path &db);

// The benchmark cases the bench binary registers, e.g. "base64/encode/64/c".
std::vector<std::string> list_bench_cases(const Project &project);

} // namespace twinbench::cli
