// `twinbench witness [ID...]`: every seeded bug's witness, checked as the catalogue says. For
// each bug: the witness triggers the canary in both twins' bug builds; the sanitized C build and
// the Rust build show the expected finding (the Rust build is tried in every case: where rustc
// refuses it, its first error's code and primary span must be the catalogue's); the correct
// twins handle the witness without a finding. Exit 1 when anything differs from the catalogue.
#include <fmt/format.h>

#include "bugs/witness_run.h"
#include "commands.h"
#include "common/table.h"

namespace twinbench::cli {

namespace {

struct WitnessVerdict {
  std::string cell;
  bool ok = true;
};

WitnessVerdict judge_run(const Bug &bug, const Expectation &expected, const WitnessRun &run) {
  std::vector<std::string> problems;
  if (!run.triggered)
    problems.push_back(run.reached ? "canary reached, not triggered" : "canary not reached");
  if (!meets(expected, run.classification)) problems.push_back("expected " + expected.text);
  (void)bug;
  return {run.outcome() + (problems.empty() ? "" : fmt::format(" ✗ {}", fmt::join(problems, "; "))),
          problems.empty()};
}

WitnessVerdict judge_refused(const Expectation &expected, const BugBuild &build) {
  const CompileVerdict v = judge_refusal(expected, build);
  return {v.counts ? "compile error: " + v.detail : "build failed ✗ " + v.detail, v.counts};
}

} // namespace

int witness_command(const Project &project, const WitnessOptions &options) {
  const std::vector<const Bug *> bugs = project.select_bugs(options.bugs);

  std::vector<Row> rows;
  std::vector<std::string> failures;
  for (const Bug *bug : bugs) {
    const std::string c_twin = project.twin(bug->component, "c"),
                      rust_twin = project.twin(bug->component, "rust");
    const WitnessVerdict c = judge_run(
        *bug, bug->c,
        run_witness(project, *bug, project.bug_binary(*bug, c_twin), options.timeout_seconds));
    // The Rust bug build is tried whatever the catalogue says: what rustc does is measured.
    const BugBuild rust_build = build_bug_binary(project, *bug, rust_twin, "fuzz");
    const WitnessVerdict rust =
        rust_build.built ? judge_run(*bug, bug->rust,
                                     run_witness(project, *bug, project.bug_binary(*bug, rust_twin),
                                                 options.timeout_seconds))
                         : judge_refused(bug->rust, rust_build);
    // The correct twins: the same witness, no finding.
    WitnessVerdict correct;
    for (const auto &twin : {c_twin, rust_twin}) {
      WitnessRun run = run_witness(
          project, *bug, project.fuzz_binary(bug->component, project.detecting_target(*bug, twin)),
          options.timeout_seconds);
      if (run.classification.finding || run.reached) {
        correct.ok = false;
        correct.cell +=
            fmt::format("{}: {} ✗ ", twin, run.reached ? "bug site compiled in" : run.outcome());
      }
    }
    if (correct.ok) correct.cell = "no finding";
    rows.push_back({bug->id, bug->bug_class, c.cell, rust.cell, correct.cell});
    if (!c.ok || !rust.ok || !correct.ok) failures.push_back(bug->id);
    std::fflush(stdout);
  }
  fmt::print("{}", render_table({"bug", "class", "C (bug build, ASan+UBSan; TSan for races)",
                                 "Rust (bug build, ASan; TSan for races)", "correct twins"},
                                rows));
  if (!failures.empty()) {
    fmt::print("witness: {} of {} bugs differ from the catalogue: {}\n", failures.size(),
               bugs.size(), fmt::join(failures, ", "));
    return 1;
  }
  fmt::print("witness: all {} bugs behave as the catalogue says\n", bugs.size());
  return 0;
}

} // namespace twinbench::cli
