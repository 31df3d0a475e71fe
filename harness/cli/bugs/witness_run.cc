#include "bugs/witness_run.h"

#include <cstdlib>
#include <regex>
#include <set>

#include <fmt/format.h>

#include "common/process.h"

namespace twinbench::cli {

std::string WitnessRun::outcome() const {
  const auto &c = classification;
  if (!c.finding) return "none";
  if (c.crash_class == "panic") return "panic at " + c.site;
  return c.crash_class + " " + c.type;
}

WitnessRun run_witness(const Project &project, const Bug &bug, const std::filesystem::path &binary,
                       double timeout_seconds) {
  if (binary.filename().string().starts_with("bug_")) {
    require_bug_build(binary, "fuzz");
  } else {
    require_built(binary, "fuzz");
  }
  const TriageLimits limits{timeout_seconds, kLibFuzzerRssLimitMb};
  Reproduction r = reproduce(binary, bug.witness, bug.component, project.root, 1, limits);
  WitnessRun run;
  run.report = r.report;
  run.classification = r.classification;
  run.reached = r.report.find("TWINBENCH CANARY " + bug.id + " reached") != std::string::npos;
  run.triggered = r.report.find("TWINBENCH CANARY " + bug.id + " triggered") != std::string::npos;
  return run;
}

bool meets(const Expectation &expected, const Classification &seen) {
  if (expected.crash_class == "none") return !seen.finding;
  if (!seen.finding || seen.crash_class != expected.crash_class) return false;
  return expected.detail.empty() || seen.type.find(expected.detail) != std::string::npos ||
         seen.site.find(expected.detail) != std::string::npos;
}

CompileCheck check_compile_fail(const Project &project, const Bug &bug, const std::string &preset) {
  const auto cargo = find_program("cargo").value_or(
      std::filesystem::path(std::getenv("HOME") ? std::getenv("HOME") : "/root") /
      ".cargo/bin/cargo");
  const auto manifest = project.root / "targets_rust" / "crates" / bug.component / "Cargo.toml";
  const auto target_dir = project.root / "build" / preset / "cargo-compile-fail";
  const auto config = project.root / "targets_rust" / ".cargo" / "config.toml";
  CompileCheck check;
  check.command = fmt::format("cargo check --offline --config targets_rust/.cargo/config.toml "
                              "--manifest-path targets_rust/crates/{}/Cargo.toml --features {}",
                              bug.component, bug.rust_feature());
  // --config: the Debian source replacement, which cargo would otherwise find only from a
  // working directory inside targets_rust/.
  Captured run = run_captured({cargo.string(), "check", "--offline", "--color", "never", "--config",
                               config.string(), "--manifest-path", manifest.string(), "--features",
                               bug.rust_feature()},
                              {"CARGO_TARGET_DIR=" + target_dir.string()}, 600);
  check.rejected = !run.status.ok();
  // rustc's diagnostics, from the first "error" to cargo's closing line.
  auto from = run.output.find("error");
  check.diagnostic = from == std::string::npos ? run.output : run.output.substr(from);
  static const std::regex code(R"(error\[(E\d{4})\])");
  std::set<std::string> codes;
  for (std::sregex_iterator it(run.output.begin(), run.output.end(), code), end; it != end; ++it) {
    codes.insert((*it)[1]);
  }
  check.codes = fmt::format("{}", fmt::join(codes, " "));
  return check;
}

} // namespace twinbench::cli
