// twinbench: the command line over the fuzz and benchmark binaries and the results store.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "commands.h"
#include "fuzz/campaign.h"
#include "fuzz/engine.h"
#include "report/report.h"
#include "store/sqlite.h"

namespace {

// A number above zero (or, with `zero_allowed`, at least zero), said in words: CLI11's own
// PositiveNumber names its range up to the largest double in its message.
// An error message on one line whatever it quotes: a name with a newline in it shows as "\n".
std::string one_line(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '\n') {
      out += "\\n";
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
    } else {
      out += c;
    }
  }
  return out;
}

CLI::Validator number_check(bool zero_allowed) {
  return CLI::Validator(
      [zero_allowed](std::string &text) -> std::string {
        double value = 0;
        size_t used = 0;
        try {
          value = std::stod(text, &used);
        } catch (const std::exception &) {
          used = 0;
        }
        if (used == 0 || used != text.size()) return "'" + text + "' is not a number";
        if (zero_allowed ? value >= 0 : value > 0) return "";
        return fmt::format("must be {}, not {}", zero_allowed ? "0 or more" : "above 0", text);
      },
      zero_allowed ? "NUMBER >= 0" : "NUMBER > 0");
}

} // namespace

int main(int argc, char **argv) {
  using namespace twinbench::cli;
  const CLI::Validator positive = number_check(false), non_negative = number_check(true);
  CLI::App app{"twinbench: fuzz and benchmark C and Rust twins of one spec"};
  app.require_subcommand(1);
  std::string root;
  app.add_option("--root", root, "twinbench checkout (default: the one holding this binary)");

  auto *list = app.add_subcommand("list", "components, implementations and built binaries");

  BuildFlagsOptions build_flags_options;
  auto *build_flags = app.add_subcommand(
      "build-flags", "each implementation's compiler flags, read from the build; --check: parity");
  build_flags
      ->add_option("--preset", build_flags_options.preset,
                   "bench (default), fuzz, afl, coverage or dev")
      ->check(CLI::IsMember({"fuzz", "bench", "afl", "coverage", "dev"}));
  build_flags->add_flag("--check", build_flags_options.check,
                        "exit 1 when C and Rust differ in optimisation level or LTO");
  build_flags->add_flag("--json", build_flags_options.json, "as JSON, for scripts");

  NewOptions new_options;
  auto *new_component = app.add_subcommand(
      "new", "scaffold a component that builds, tests, fuzzes and benchmarks out of the box");
  new_component->add_option("name", new_options.name, "the component's name, e.g. png")->required();
  new_component->add_option("--contract", new_options.contract,
                            "decoder (default: bytes in, bytes out) or record (bytes in, named "
                            "fields out)");
  auto *new_library = new_component->add_option(
      "--library", new_options.library,
      "a library pair instead of twins: this Debian source package's C library (pinned as "
      "scripts/fetch-sources --pin pins it)...");
  auto *new_crate = new_component->add_option(
      "--crate", new_options.crate, "...and this crate, at the version of its librust-*-dev");
  new_library->needs(new_crate);
  new_crate->needs(new_library);

  BugsOptions bugs_options;
  auto *bugs = app.add_subcommand(
      "bugs", "the seeded-bug catalogue (docs/bugs.md), with the latest consequences");
  bugs->add_flag("--json", bugs_options.json, "as JSON, for scripts");
  bugs->add_option("--db", bugs_options.db, "results store");

  ConsequencesOptions consequences_options;
  auto *consequences = app.add_subcommand(
      "consequences", "each seeded bug's witness on the release builds of its bug variants");
  consequences->add_option("bugs", consequences_options.bugs, "bug ids (default: all)");
  consequences->add_option("--timeout", consequences_options.timeout_seconds, "seconds per replay")
      ->check(CLI::Range(1, 600));
  consequences
      ->add_option("--jobs", consequences_options.jobs,
                   "bugs replayed at once (default: the number of cores)")
      ->check(positive);
  consequences->add_flag("--json", consequences_options.json, "as JSON, for scripts");
  consequences->add_option("--db", consequences_options.db, "results store");

  WitnessOptions witness_options;
  auto *witness = app.add_subcommand(
      "witness", "each seeded bug's witness on its bug builds and on the correct twins");
  witness->add_option("bugs", witness_options.bugs, "bug ids (default: all)");
  witness->add_option("--timeout", witness_options.timeout_seconds, "seconds per run")
      ->check(CLI::Range(1, 600));

  SurveyOptions survey_options;
  std::string survey_time = "60s";
  auto *survey = app.add_subcommand(
      "survey", "every kind of difference between a component's implementations, from one run "
                "of its diff target: a table to write the spec's known differences from");
  survey->add_option("component", survey_options.component, "the component")->required();
  survey->add_option("--time", survey_time, "how long to fuzz, e.g. 90s, 10m (default 60s)");
  survey->add_option("--out", survey_options.out,
                     "an empty or new folder (default reports/surveys/<component>-<UTC time>)");

  SmokeOptions smoke_options;
  auto *smoke = app.add_subcommand("smoke", "every fuzz binary and benchmark, briefly");
  smoke->add_option("--components", smoke_options.components, "only these components")
      ->delimiter(',');
  smoke->add_option("--fuzz-seconds", smoke_options.fuzz_seconds, "budget per fuzz binary")
      ->check(positive);
  smoke
      ->add_option("--bench-min-time", smoke_options.bench_min_time,
                   "Google Benchmark min time per case, seconds")
      ->check(positive);

  FuzzOptions fuzz_options;
  std::string fuzz_time = "10m";
  std::vector<std::string> fuzz_snapshots;
  auto *fuzz = app.add_subcommand("fuzz", "a fuzz campaign: runs, samples, triaged crashes");
  auto *fuzz_components =
      fuzz->add_option("--components", fuzz_options.components, "only these components")
          ->delimiter(',');
  auto *fuzz_impls = fuzz->add_option("--impls", fuzz_options.impls,
                                      "implementations and/or diff (default: every fuzz target of "
                                      "each component; see list)")
                         ->delimiter(',');
  auto *fuzz_bugs =
      fuzz->add_option("--bugs", fuzz_options.bugs,
                       "seeded bug ids or all: fuzz the twins' builds of each bug instead, each "
                       "run ending at its first detection (docs/bugs.md)")
          ->delimiter(',');
  auto *fuzz_harness =
      fuzz->add_flag("--harness", fuzz_options.harness,
                     "fuzz the harness's own readers of reports, logs and JSON instead (its "
                     "targets, harness/fuzz/self, are what --impls then names)")
          ->excludes(fuzz_components)
          ->excludes(fuzz_bugs);
  auto *fuzz_engine =
      fuzz->add_option("--engine", fuzz_options.engine,
                       "libfuzzer (default), aflpp (AFL++ over the afl preset's builds of the "
                       "same targets; scripts/twinbench builds it) or all (every run with each "
                       "engine); triage reproduces on the libfuzzer builds either way")
          ->check(CLI::IsMember([] {
            auto names = engine_names();
            names.push_back(kAllEngines);
            return names;
          }()));
  auto *fuzz_budget =
      fuzz->add_option("--time", fuzz_time, "budget per run, e.g. 90s, 10m, 1h (default 10m)");
  auto *fuzz_trials =
      fuzz->add_option("--trials", fuzz_options.trials, "runs per component and implementation")
          ->check(positive);
  fuzz->add_option("--jobs", fuzz_options.jobs, "runs at once (default: the number of cores)")
      ->check(positive);
  auto *fuzz_campaign =
      fuzz->add_option("--campaign", fuzz_options.campaign, "name of the new campaign");
  // A resumed campaign runs as it was created: its shape cannot be given again.
  fuzz->add_option("--resume", fuzz_options.resume, "continue this campaign (as it was created)")
      ->excludes(fuzz_components)
      ->excludes(fuzz_impls)
      ->excludes(fuzz_bugs)
      ->excludes(fuzz_harness)
      ->excludes(fuzz_engine)
      ->excludes(fuzz_budget)
      ->excludes(fuzz_trials)
      ->excludes(fuzz_campaign);
  fuzz->add_flag("--retry-unreproduced", fuzz_options.retry_unreproduced,
                 "with --resume: triage again the crashes that did not reproduce")
      ->needs("--resume");
  // libFuzzer's -timeout is whole seconds: below 1 it would turn timeouts off.
  fuzz->add_option("--timeout", fuzz_options.timeout_seconds, "per-input timeout, whole seconds")
      ->check(CLI::Range(1.0, 86400.0));
  fuzz->add_option("--rss-limit-mb", fuzz_options.rss_limit_mb, "per-process memory limit")
      ->check(positive);
  fuzz->add_option("--repro-tries", fuzz_options.repro_tries, "reproduction tries per artifact")
      ->check(positive);
  fuzz->add_option("--minimize-time", fuzz_options.minimize_seconds,
                   "seconds of -minimize_crash per unique crash (default 30; 0: none)")
      ->check(non_negative);
  fuzz->add_flag("--fail-on-crash", fuzz_options.fail_on_crash, "exit 1 when a crash was found");
  fuzz->add_option("--db", fuzz_options.db, "results store (default reports/twinbench.db)");
  fuzz->add_option("--snapshots", fuzz_snapshots,
                   "keep each run's corpus at these times, e.g. 1m,5m,30m (default 1m, 2m, 5m, "
                   "10m, 15m, 30m, 1h, 2h, 4h, 8h; for twinbench coverage over time)")
      ->delimiter(',');
  fuzz->add_option("engine_flags", fuzz_options.extra_flags,
                   "after --: extra flags of the engine for every run");

  BenchOptions bench_options;
  auto *bench = app.add_subcommand("bench", "benchmarks with repetitions, stored and compared");
  bench->add_option("--components", bench_options.components, "only these components")
      ->delimiter(',');
  bench
      ->add_option("--impls", bench_options.impls,
                   "only these implementations (e.g. c,rust,rust-native)")
      ->delimiter(',');
  bench
      ->add_option("--runs", bench_options.runs,
                   "runs of the benchmark binary, each a new process in a new random order; "
                   "verdicts come from the variation between runs (>= 2), 1: within one run")
      ->check(CLI::Range(1, 100));
  bench->add_option("--repetitions", bench_options.repetitions, "repetitions per case and run")
      ->check(CLI::Range(3, 1000));
  bench->add_option("--min-time", bench_options.min_time, "seconds per repetition")
      ->check(positive);
  bench->add_option("--pin", bench_options.pin, "run the benchmark on this CPU only")
      ->check(non_negative);
  bench->add_option("--name", bench_options.name, "name of the new run");
  bench->add_option("--compare", bench_options.compare, "OLD NEW: compare two stored runs")
      ->expected(2);
  bench
      ->add_option("--pool", bench_options.pool,
                   "RUN,RUN,...: stored runs of one build analyzed together")
      ->delimiter(',');
  bench->add_flag("--fail-on-regression", bench_options.fail_on_regression,
                  "with --compare: exit 1 when a case got slower (or, for instruction "
                  "counts, executes more instructions)");
  bench
      ->add_option("--measure", bench_options.measure,
                   "time (Google Benchmark, repeated) or instructions (callgrind, exact)")
      ->check(CLI::IsMember({"time", "instructions"}));
  bench
      ->add_option("--threshold", bench_options.threshold_percent,
                   "with --compare of instruction counts: percent change that counts (default 1)")
      ->check(CLI::Range(0.0, 100.0));
  bench->add_option("--db", bench_options.db, "results store (default reports/twinbench.db)");

  ReportOptions report_options;
  std::vector<std::string> formats;
  auto *report = app.add_subcommand("report", "the evidence report: html, md, json, pdf");
  report->add_option("--campaign", report_options.campaign,
                     "campaign over fuzz targets (default: the latest)");
  report->add_option("--ground-truth", report_options.ground_truth,
                     "campaign over seeded bugs, fuzz --bugs (default: the latest)");
  report->add_option("--bench", report_options.bench, "benchmark run timed (default: the latest)");
  report->add_option("--instructions", report_options.instructions,
                     "benchmark run counting instructions (default: the latest)");
  report->add_option("--out", report_options.out, "directory (default reports/report-<time>)");
  report->add_option("--format", formats, "any of html, md, json, pdf (default: all)")
      ->delimiter(',');
  report->add_option("--db", report_options.db, "results store");

  EvidenceOptions evidence_options;
  auto *evidence = app.add_subcommand("evidence", "the main job: fuzz, bench, report");
  evidence->add_option("--budget", evidence_options.budget, "quick (default), standard, full")
      ->check(CLI::IsMember({"quick", "standard", "full"}));
  evidence
      ->add_option("--jobs", evidence_options.jobs,
                   "fuzz runs and replays at once (default: cores)")
      ->check(positive);
  evidence->add_option("--db", evidence_options.db, "results store");
  evidence->add_flag("--print-fuzz-bug-targets", evidence_options.print_fuzz_bug_targets,
                     "print the seeded-bug fuzz builds the budget runs, one per line, and stop");

  ImportOptions import_options;
  auto *import = app.add_subcommand(
      "import",
      "what ClusterFuzzLite or OSS-Fuzz found, as a campaign of its own, re-triaged here");
  import->add_option("dir", import_options.dir, "their output: artifacts/, corpus/ (docs/SCALE.md)")
      ->required();
  import->add_option("--campaign", import_options.campaign, "name (default import-<time>)");
  import->add_option("--origin", import_options.origin,
                     "where it ran (default clusterfuzzlite:<dir>)");
  import->add_option("--repro-tries", import_options.repro_tries, "reproduction tries per testcase")
      ->check(positive);
  import
      ->add_option("--minimize-time", import_options.minimize_seconds,
                   "seconds of -minimize_crash per new crash (default 0: none)")
      ->check(non_negative);
  import->add_option("--db", import_options.db, "results store (default reports/twinbench.db)");

  CrashesOptions crashes_options;
  auto *crashes = app.add_subcommand("crashes", "unique crashes in the store");
  crashes->add_option("--campaign", crashes_options.campaign, "only this campaign");
  crashes->add_flag("--json", crashes_options.json, "JSON instead of a table");
  crashes->add_option("--sarif", crashes_options.sarif,
                      "also write them to this file as SARIF 2.1.0 (code scanning)");
  crashes->add_flag("--fail-on-crash", crashes_options.fail_on_crash, "exit 1 if any is listed");
  crashes->add_option("--db", crashes_options.db, "results store");

  ReproOptions repro_options;
  auto *repro = app.add_subcommand("repro", "rerun one crash and print its report");
  repro->add_option("crash", repro_options.crash_id, "crash id (see twinbench crashes)")
      ->required();
  repro->add_flag("--minimized", repro_options.minimized, "run the minimised input");
  repro->add_option("--db", repro_options.db, "results store");

  CoverageOptions coverage_options;
  auto *coverage = app.add_subcommand(
      "coverage", "line, region and branch coverage of each implementation's own files");
  coverage->add_option("--campaign", coverage_options.campaign,
                       "campaign over fuzz targets (default: the latest)");
  coverage->add_option("--impls", coverage_options.impls, "only these (impl or comp/impl)")
      ->delimiter(',');
  auto *html = coverage
                   ->add_option("--html", coverage_options.html,
                                "also write llvm-cov's pages per implementation, here (default: "
                                "reports/coverage/<campaign>/html, where the report links them)")
                   ->expected(0, 1);
  coverage->add_option("--db", coverage_options.db, "results store");

  CorpusMergeOptions merge_options;
  auto *corpus = app.add_subcommand("corpus", "corpus maintenance");
  corpus->require_subcommand(1);
  auto *merge = corpus->add_subcommand("merge", "fold a campaign's new coverage into corpora/");
  merge->add_option("--campaign", merge_options.campaign, "campaign (default: the latest)");
  merge->add_option("--db", merge_options.db, "results store");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &e) {
    if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success))
      return app.exit(e); // --help
    // One line, as every other refusal: what was wrong, and where to read how.
    const auto rest = app.remaining();
    if (app.get_subcommands().empty() && !rest.empty() && !rest.front().starts_with("-")) {
      fmt::print(stderr, "twinbench: no command '{}' (twinbench --help lists them)\n",
                 one_line(rest.front()));
    } else {
      fmt::print(stderr, "twinbench: {} (twinbench --help)\n", one_line(e.what()));
    }
    return 2;
  }
  try {
    Project project = Project::locate(root);
    if (*list) return list_command(project);
    if (*build_flags) return build_flags_command(project, build_flags_options);
    if (*new_component) return new_command(project, new_options);
    if (*smoke) return smoke_command(project, smoke_options);
    if (*bugs) return bugs_command(project, bugs_options);
    if (*witness) return witness_command(project, witness_options);
    if (*consequences) return consequences_command(project, consequences_options);
    if (*survey) {
      survey_options.seconds = parse_duration(survey_time);
      return survey_command(project, survey_options);
    }
    if (*fuzz) {
      fuzz_options.budget_seconds = parse_duration(fuzz_time);
      if (!fuzz_snapshots.empty()) {
        fuzz_options.snapshot_seconds.clear();
        for (const auto &t : fuzz_snapshots)
          fuzz_options.snapshot_seconds.push_back(parse_duration(t));
      }
      return fuzz_command(project, fuzz_options);
    }
    if (*bench) return bench_command(project, bench_options);
    if (*report) {
      if (!formats.empty()) {
        report_options.formats = formats;
        report_options.formats_given = true;
      }
      return report_command(project, report_options);
    }
    if (*evidence) return evidence_command(project, evidence_options);
    if (*crashes) return crashes_command(project, crashes_options);
    if (*import) return import_command(project, import_options);
    if (*repro) return repro_command(project, repro_options);
    if (*merge) return corpus_merge_command(project, merge_options);
    if (*coverage) {
      coverage_options.html_pages = html->count() > 0;
      return coverage_command(project, coverage_options);
    }
  } catch (const std::exception &e) {
    std::fflush(stdout); // what was printed before the error comes before it
    fmt::print(stderr, "twinbench: {}\n", one_line(e.what()));
    return 2;
  }
  return 0;
}
