#include "bugs/witness_run.h"

#include <cstdlib>
#include <regex>

#include <fmt/format.h>

#include "common/process.h"
#include "twinbench/findings.h"

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
  const std::string canary = std::string(findings::kCanary) + " " + bug.id;
  run.reached = r.report.find(canary + " reached") != std::string::npos;
  run.triggered = r.report.find(canary + " triggered") != std::string::npos;
  return run;
}

bool meets(const Expectation &expected, const Classification &seen) {
  if (expected.crash_class == "none") return !seen.finding;
  if (!seen.finding || seen.crash_class != expected.crash_class) return false;
  return expected.detail.empty() || seen.type.find(expected.detail) != std::string::npos ||
         seen.site.find(expected.detail) != std::string::npos;
}

std::string BugBuild::said() const {
  if (built) return "";
  if (timed_out) return "the build did not finish in time";
  if (errors.empty()) return "the build failed without a rustc error code";
  std::string text = "rustc " + errors.front().code + " at " + errors.front().location;
  if (errors.size() > 1) text += fmt::format(" (and {} more)", errors.size() - 1);
  return text;
}

namespace {

// rustc names a file relative to the directory it ran in (the workspace that was built), or
// absolutely: from the checkout either way, when the file is in it.
std::string checkout_path(const Project &project, const std::string &named,
                          const std::vector<std::filesystem::path> &bases) {
  namespace fs = std::filesystem;
  fs::path path(named);
  if (path.is_relative()) {
    for (const auto &base : bases) {
      if (fs::exists(base / path)) {
        path = base / path;
        break;
      }
    }
  }
  std::error_code ec;
  const fs::path canonical = fs::weakly_canonical(path, ec);
  if (ec || !path.is_absolute()) return named;
  const fs::path relative = canonical.lexically_relative(fs::weakly_canonical(project.root));
  return relative.empty() || relative.begin()->string() == ".." ? canonical.string()
                                                                : relative.string();
}

} // namespace

BugBuild build_bug_binary(const Project &project, const Bug &bug, const std::string &impl,
                          const std::string &preset) {
  const auto cmake = find_program("cmake").value_or("cmake");
  const auto build_dir = project.root / "build" / preset;
  if (!std::filesystem::exists(build_dir / "build.ninja")) {
    throw UserError(build_dir.string() +
                    " is not configured: run scripts/twinbench (or cmake "
                    "--preset " +
                    preset + ") first");
  }
  BugBuild b;
  b.command = fmt::format("cmake --build build/{} --target {}", preset, bug.binary_name(impl));
  Captured run = run_captured(
      {cmake.string(), "--build", build_dir.string(), "--target", bug.binary_name(impl)}, {}, 900);
  b.timed_out = run.timed_out;
  b.built = !run.timed_out && run.status.ok();
  if (b.built) return b;
  auto from = run.output.find("error");
  b.diagnostic = from == std::string::npos ? run.output : run.output.substr(from);
  // error[E0505]: cannot move out of `data` because it is borrowed
  //   --> /src/tb/targets_rust/crates/ringbuf/src/lib.rs:91:14
  static const std::regex error(R"(error\[(E\d{4})\][^\n]*\n\s*--> ([^\n]+?):(\d+):\d+)");
  const std::vector<std::filesystem::path> bases{project.root / "targets_rust",
                                                 build_dir / "rust-bugs", project.root};
  for (std::sregex_iterator it(run.output.begin(), run.output.end(), error), end; it != end; ++it) {
    b.errors.push_back(
        {(*it)[1], checkout_path(project, (*it)[2], bases) + ":" + std::string((*it)[3])});
  }
  return b;
}

CompileVerdict judge_refusal(const Expectation &expected, const BugBuild &build) {
  const std::string said = build.said();
  if (build.timed_out || build.errors.empty()) return {false, said};
  if (!expected.compile_fail()) {
    return {false, said + ", where the catalogue expects it to build (" + expected.text + ")"};
  }
  const auto &first = build.errors.front();
  if (first.code != expected.detail || first.location != expected.location) {
    return {false, fmt::format("{}, not the catalogue's {} at {}", said, expected.detail,
                               expected.location)};
  }
  return {true, said};
}

} // namespace twinbench::cli
