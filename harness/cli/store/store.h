// The results store: one SQLite file holding environments, campaigns, runs, samples,
// artifacts, deduplicated crashes and benchmark runs with every repetition. Every write is a
// transaction, the journal is WAL: a process killed at any moment (SIGKILL included) loses nothing
// already committed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/sqlite.h"

namespace twinbench::cli {

// The component of the runs that fuzz the harness's own readers (`twinbench fuzz --harness`).
inline const std::string kHarnessComponent = "harness";

struct CampaignRow {
  int64_t id = 0;
  std::string name;
  std::string created; // ISO 8601 UTC
  int64_t environment_id = 0;
  double budget_seconds = 0; // per run
  int trials = 1;
  int jobs = 1;
  std::vector<std::string> components, impls, extra_flags;
  double timeout_seconds = 0;
  int64_t rss_limit_mb = 0;
  std::string status;            // running, triaging, done
  std::vector<std::string> bugs; // a ground-truth campaign's seeded bugs; empty otherwise
  // Where its runs happened: "local", or what `twinbench import` brought in ("clusterfuzzlite:
  // <dir>"); and the fuzzing engines, comma-separated (fuzz --engine all: "libfuzzer,aflpp").
  std::string origin = "local";
  std::string engine = "libfuzzer";
  std::vector<std::string> engines() const;
  // Over the harness's own readers, not the components: no report, coverage or seeds from it.
  bool of_the_harness() const { return components == std::vector<std::string>{kHarnessComponent}; }
};

// One campaign's record of a crash signature: the same bug seen in several campaigns (found
// here and by ClusterFuzzLite) is one crash with several sightings.
struct Sighting {
  std::string campaign, origin;
  int64_t crash_id = 0;
  int64_t count = 0;
  std::string first_seen;
};

struct RunRow {
  int64_t id = 0;
  int64_t campaign_id = 0;
  std::string component, impl;
  int trial = 0;
  uint64_t seed = 0;
  double elapsed_seconds = 0;
  int64_t execs = 0;
  int restarts = 0;
  std::string status; // pending, running, done
  std::string dir;    // working directory: corpus/ and artifacts/
  // A ground-truth run fuzzes one twin's build of one seeded bug; "" for a fuzz target's run.
  std::string bug;
  // Seconds into the run when the bug's canary first saw its site reached and the mistake take
  // effect, and when the run first crashed (its first artifact); unset until then.
  std::optional<double> reached_seconds, triggered_seconds, detected_seconds;
  std::string detected_by; // the first artifact's crash type and class, once triaged
  // The engine's executions when the run first crashed (libFuzzer's final stats at that exit,
  // AFL++'s count in the finding's name): the detection's cost in inputs, which a faster build does
  // not shorten as it does the seconds.
  std::optional<int64_t> detected_execs;
  std::string engine = "libfuzzer"; // engine.h's name of the engine that fuzzes it
};

struct Sample {
  double elapsed_seconds = 0;
  int64_t execs = 0;
  double execs_per_second = 0;
  int64_t cov = 0, ft = 0, corpus = 0;
};

struct ArtifactRow {
  int64_t id = 0;
  int64_t run_id = 0;
  std::string path; // as libFuzzer wrote it
  std::string kind; // crash, timeout, oom, leak, slow-unit
  double found_elapsed_seconds = 0;
  std::string found_at;
  std::optional<int64_t> crash_id; // set once triaged
};

struct CrashRow {
  int64_t id = 0;
  int64_t campaign_id = 0;
  std::string signature;
  std::string component, side; // side: c, rust, both (divergence), harness
  std::string type;            // e.g. "Heap-buffer-overflow WRITE 1", "Rust panic"
  std::string crash_class;     // memory-safety, undefined-behavior, panic, stack-overflow, ...
  std::vector<std::string> frames;
  std::string first_seen;
  int64_t count = 0;
  std::string binary, input_path, minimized_path, report_path;
  double reliability = 0; // reproduced / tries
};

struct BenchRunRow {
  int64_t id = 0;
  std::string name;
  std::string created;
  int64_t environment_id = 0;
  std::vector<std::string> components;
  int repetitions = 0;
  double min_time = 0; // seconds per repetition, Google Benchmark's --benchmark_min_time
  int pin = -1;        // CPU the benchmark was pinned to, -1 for none
  std::vector<std::string> command;
  std::string status;  // running, done, failed
  std::string measure; // time (repetitions in bench_samples) or instructions (bench_counts)
  int runs = 1;        // runs of the benchmark binary, each a new process (bench --runs)
};

// One repetition of one benchmark case, as Google Benchmark reported it.
struct BenchSample {
  std::string name; // <component>/<case>/<size>/<impl>
  std::string component, case_name, impl;
  int64_t size = 0;
  int repetition = 0;
  int64_t iterations = 0;
  double real_time_ns = 0, cpu_time_ns = 0; // per iteration
  double bytes_per_second = 0;
  // False for a case that says its instruction count means nothing (two spinning threads):
  // under callgrind it runs no loop and dumps no count. Not stored.
  bool counted = true;
  int run = 0; // which run of the benchmark binary (0-based) measured it
  // What bytes_per_second is measured by: "cpu" (the calling thread's CPU time), "process-cpu"
  // or "wall" (harness/bench/cases.h, Timing).
  std::string timing = "cpu";
};

// One case's instruction counts, as callgrind collected them over its measured loop
// (twinbench bench --measure instructions).
struct InstructionCount {
  std::string name; // <component>/<case>/<size>/<impl>
  std::string component, case_name, impl;
  int64_t size = 0;
  int64_t iterations = 0, bytes_per_operation = 0;
  // callgrind's events over all iterations: instructions, data reads, data writes, L1 misses
  // (instruction fetch, data read, data write) and last-level misses (the same three).
  int64_t ir = 0, dr = 0, dw = 0, i1mr = 0, d1mr = 0, d1mw = 0, ilmr = 0, dlmr = 0, dlmw = 0;
  int64_t bytes() const { return iterations * bytes_per_operation; }
  // iai-callgrind's estimate: L1 hits + 5 x last-level hits + 35 x memory accesses, where
  // accesses = Ir + Dr + Dw, L1 misses = I1mr + D1mr + D1mw, memory = ILmr + DLmr + DLmw.
  double estimated_cycles() const;
};

// What one seeded bug's witness did to one side's release build (twinbench consequences).
struct ConsequenceRow {
  std::string bug, component, bug_class;
  std::string side;       // c, rust
  std::string outcome;    // memory-corruption, data-leak, wrong-result, crash, panic, hang,
                          // compile-error, none, harness-failure (kOutcomes)
  std::string detail;     // what showed it
  bool triggered = false; // the canary saw the mistake take effect in this build
  std::string memcheck;   // what valgrind memcheck said of the same run
  std::string diagnostic; // rustc's message, for a compile error
  std::string command;    // how to see it again
};

// A known difference between two implementations (the component spec's kinds) that a run met:
// recorded from the run's disagreement log, never a crash.
struct DisagreementRow {
  int64_t run_id = 0;
  std::string component, kind, pair; // pair: "<first impl>/<other impl>"
  int64_t count = 0;                 // inputs that showed it (at least)
  std::optional<double> first_seconds;
  std::string example_hex; // the first input that showed it
};

struct ConsequenceRunRow {
  int64_t id = 0;
  std::string name;
  std::string created;
  int64_t environment_id = 0;
};

// Source-based coverage of one implementation's own files after one fuzz run's corpus
// (twinbench coverage): LLVM's counts, covered of total, for lines, regions, branches and
// functions (`twinbench coverage` replays the corpus through the coverage preset's build).
struct CoverageRow {
  int64_t run_id = 0;
  std::string component, impl;
  int trial = 0;
  std::string snapshot = "final"; // which corpus: the run's at its end
  int64_t lines = 0, lines_covered = 0, regions = 0, regions_covered = 0;
  int64_t branches = 0, branches_covered = 0, functions = 0, functions_covered = 0;
  std::vector<std::string> files; // the files counted, relative to the checkout where inside it
  std::vector<std::string> never_entered; // its functions no input entered, largest first
  // The lines the spec's conformance vectors execute and how many of them this corpus executed
  // too; unset when not compared. Counted as llvm-cov's line-by-line export counts (a line on
  // which a region starts), which can be fewer than the summary's `lines` above.
  std::optional<int64_t> vector_lines, vector_lines_reached;
  // A seeded bug's run (a ground-truth campaign): whether its corpus, or an input it saved as a
  // finding, executed the bug's site (coverage/bug_sites.h); unset for other runs.
  std::optional<bool> bug_site_covered;
};

class Store {
public:
  // Opens or creates the store; StoreError when it is unwritable, corrupted or not a store. A
  // new store is made whole under another name and then linked into place, so that a process
  // killed while it creates one leaves no store (or another process's) rather than half of one.
  explicit Store(const std::filesystem::path &path);

  int64_t add_environment(const nlohmann::json &environment);
  nlohmann::json environment(int64_t id);

  std::optional<CampaignRow> find_campaign(const std::string &name);
  std::vector<CampaignRow> campaigns();
  int64_t add_campaign(const CampaignRow &c);
  void set_campaign_status(int64_t id, const std::string &status);

  std::vector<RunRow> runs(int64_t campaign_id);
  int64_t add_run(const RunRow &r);
  // Progress of a run and its new samples, in one transaction.
  void record_progress(const RunRow &r, const std::vector<Sample> &samples);
  std::vector<Sample> samples(int64_t run_id);
  void set_detected_by(int64_t run_id, const std::string &detected_by);
  // A run's disagreements as its log now reads (the rows replace the run's earlier ones).
  void record_disagreements(int64_t run_id, const std::vector<DisagreementRow> &rows);
  std::vector<DisagreementRow> disagreements(int64_t campaign_id);

  // Registers an artifact once (its path is unique); returns whether it was new.
  bool add_artifact(const ArtifactRow &a);
  std::vector<ArtifactRow> untriaged_artifacts(int64_t campaign_id);
  std::vector<ArtifactRow> artifacts(int64_t campaign_id);

  // Folds a triaged artifact into its crash: a new signature becomes a crash, a known one
  // counts up. Returns the crash id and whether it was new.
  std::pair<int64_t, bool> fold_crash(const CrashRow &crash, int64_t artifact_id);
  void set_minimized(int64_t crash_id, const std::string &path);
  // Takes apart the campaign's crashes whose tries never reproduced (reliability 0): their
  // artifacts become untriaged again and the crashes go. Returns the ids removed.
  std::vector<int64_t> unfold_unreproduced_crashes(int64_t campaign_id);
  std::vector<CrashRow> crashes(std::optional<int64_t> campaign_id);
  std::optional<CrashRow> crash(int64_t id);
  // Every campaign's record of this signature, oldest campaign first.
  std::vector<Sighting> sightings(const std::string &signature);

  int64_t add_bench_run(const BenchRunRow &b);
  // Every repetition and the status "done", in one transaction.
  void finish_bench_run(int64_t id, const std::vector<BenchSample> &samples);
  // One run's samples of a benchmark of several runs, in one transaction; the status stays.
  void add_bench_samples(int64_t id, const std::vector<BenchSample> &samples);
  void set_bench_status(int64_t id, const std::string &status);
  std::optional<BenchRunRow> find_bench_run(const std::string &name);
  std::vector<BenchRunRow> bench_runs();
  std::vector<BenchSample> bench_samples(int64_t bench_run_id);
  // Every case's counts and the status "done", in one transaction.
  void finish_instruction_run(int64_t id, const std::vector<InstructionCount> &counts);
  std::vector<InstructionCount> instruction_counts(int64_t bench_run_id);

  // A consequences run and all its rows, in one transaction.
  int64_t add_consequence_run(const ConsequenceRunRow &run,
                              const std::vector<ConsequenceRow> &rows);
  std::optional<ConsequenceRunRow> latest_consequence_run();
  bool consequence_run_named(const std::string &name);
  // One run's coverage, replacing what an earlier `twinbench coverage` stored for that run and
  // snapshot.
  void set_coverage(const CoverageRow &row);
  std::vector<CoverageRow> coverage(int64_t campaign_id);
  std::vector<ConsequenceRow> consequences(int64_t run_id);

  Database &db() { return db_; }

private:
  struct Fresh {}; // the store at a new, private path: no linking into place
  Store(const std::filesystem::path &path, Fresh);
  // `path`, after making it a whole store when there is none.
  static const std::filesystem::path &created_whole(const std::filesystem::path &path);
  // The schema, brought to this version; the integrity check.
  void open_schema(const std::filesystem::path &path);
  void upgrade_to_v3();
  void upgrade_to_v4();
  void upgrade_to_v5();
  void upgrade_to_v6();
  void upgrade_to_v7();
  void upgrade_to_v8();
  void upgrade_to_v9();
  void upgrade_to_v11();
  void upgrade_to_v12();
  // ALTER TABLE ... ADD COLUMN, unless the table has it (a store half-upgraded by hand).
  void add_column_if_missing(const std::string &table, const std::string &column,
                             const std::string &definition);
  Database db_;
};

std::string now_iso8601();
// Campaign and benchmark run names become directory names and appear in reports' commands:
// letters, digits, '.', '_' and '-' only, not starting with '.'. UserError otherwise.
void require_plain_name(const std::string &what, const std::string &name);
// now_iso8601() fit for a file name: 2026-11-21T06-52-48Z.
std::string name_timestamp();
// A default name: `prefix`-<name_timestamp()>, with -2, -3... when `taken` says it is (a command
// run again within the same second, as after a kill).
std::string fresh_name(const std::string &prefix,
                       const std::function<bool(const std::string &)> &taken);

} // namespace twinbench::cli
