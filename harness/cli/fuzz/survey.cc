// `twinbench survey COMPONENT`: every kind of difference between a component's implementations,
// from one run of its diff target. In survey mode (TWINBENCH_SURVEY=1, harness/fuzz/driver.h) a
// difference the spec does not document is recorded, with its first input, as a disagreement of
// kind "unclassified:<field>:<kind>" instead of ending the run; libFuzzer's fork mode goes on past
// crashes. What a user writing a spec's "Known differences" table needs is then one table, and
// one example per row to classify, rather than one rebuild per difference.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "commands.h"
#include "common/process.h"
#include "common/table.h"
#include "fuzz/canary_log.h"
#include "fuzz/disagreement_log.h"
#include "fuzz/triage.h"
#include "store/store.h"

namespace twinbench::cli {

namespace {

constexpr std::string_view kUnclassified = "unclassified:";

// A file name for a kind and pair: what is not a letter, digit, '.', '-' or '_' becomes '_'.
std::string example_name(const Disagreement &d) {
  std::string name = d.kind + "." + d.pair;
  for (char &c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '_') c = '_';
  }
  return name;
}

std::string from_hex(const std::string &hex) {
  std::string bytes;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    bytes += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  }
  return bytes;
}

} // namespace

int survey_command(const Project &project, const SurveyOptions &options) {
  const Component &component = project.component(options.component);
  if (component.checked().size() < 2) {
    throw UserError(component.name + " has one implementation held to its spec: no pair to survey");
  }
  const fs::path binary = require_built(project.fuzz_binary(component.name, "diff"), "fuzz");
  const fs::path dir =
      options.out.empty()
          ? project.reports() / "surveys" / fmt::format("{}-{}", component.name, name_timestamp())
          : options.out;
  if (fs::exists(dir) && !fs::is_empty(dir)) {
    throw UserError(dir.string() + " is not empty: a survey writes into a folder of its own");
  }
  fs::create_directories(dir / "corpus");
  fs::create_directories(dir / "crashes");
  fs::create_directories(dir / "examples");

  const fs::path log = dir / "disagreements.log";
  std::vector<std::string> argv = {
      binary.string(),
      "-fork=1", // a child per stretch of fuzzing: a crash ends a child, not the survey
      "-ignore_crashes=1",
      "-ignore_timeouts=1",
      "-ignore_ooms=1",
      fmt::format("-max_total_time={}", std::max(1, static_cast<int>(options.seconds + 0.5))),
      fmt::format("-timeout={}", TB_LIBFUZZER_TIMEOUT_SECONDS),
      fmt::format("-rss_limit_mb={}", TB_LIBFUZZER_RSS_LIMIT_MB),
      "-artifact_prefix=" + (dir / "crashes").string() + "/"};
  std::error_code ec;
  if (const fs::path dict = project.dictionary(component.name); fs::file_size(dict, ec) > 0 && !ec)
    argv.push_back("-dict=" + dict.string());
  argv.push_back((dir / "corpus").string());
  argv.push_back(project.seeds(component.name).string());
  std::vector<std::string> env = sanitizer_environment();
  env.push_back("TWINBENCH_SURVEY=1");
  env.push_back("TWINBENCH_DISAGREEMENT_LOG=" + log.string());

  fmt::print("surveying {} for {:.0f} s: {}\n", component.name, options.seconds, binary.string());
  std::fflush(stdout);
  log_launch(log, unix_ms_now(), 0); // the clock each first sighting is read on
  const Captured run = run_captured_tree(argv, env, options.seconds + 120);
  write_file_atomically(dir / "fuzz.log", run.output);
  if (run.timed_out) {
    throw UserError("the diff target ran past its time; its log: " + (dir / "fuzz.log").string());
  }
  // Fork mode prints a line per stretch of fuzzing ("... job: <n> ..."): without one, the target
  // never fuzzed (it could not start, or its seeds could not be read), and no table would be
  // a wrong "no disagreement".
  if (run.output.find(" job: ") == std::string::npos) {
    throw UserError("the diff target did not fuzz (" + run.status.describe() +
                    "); its log: " + (dir / "fuzz.log").string());
  }

  const auto disagreements = read_disagreement_log(log);
  std::vector<Row> rows;
  int unclassified = 0;
  std::set<std::string> examples;
  for (const auto &d : disagreements) {
    // Every kind has its first input (an empty one is logged as "-": an empty file), each in a
    // file of its own (two kinds may differ only where a file name has '_').
    std::string example = (fs::path("examples") / example_name(d)).string();
    for (int n = 2; !examples.insert(example).second; n++) {
      example = (fs::path("examples") / (example_name(d) + "." + std::to_string(n))).string();
    }
    write_file_atomically(dir / example, from_hex(d.example_hex));
    const bool known = !d.kind.starts_with(kUnclassified);
    unclassified += known ? 0 : 1;
    rows.push_back({known ? d.kind : d.kind.substr(kUnclassified.size()),
                    known ? "documented" : "unclassified", d.pair, std::to_string(d.count),
                    d.first_seconds ? fmt::format("{:.1f}", *d.first_seconds) : "-", example});
  }
  // libFuzzer names each by what it was: crash-, timeout-, oom-, leak-<sha1>.
  std::map<std::string, int> crashes_by_kind;
  size_t crashes = 0;
  for (const auto &entry : fs::directory_iterator(dir / "crashes")) {
    const std::string name = entry.path().filename().string();
    crashes_by_kind[name.substr(0, name.find('-'))]++;
    crashes++;
  }
  std::vector<std::string> kinds;
  for (const auto &[kind, n] : crashes_by_kind) kinds.push_back(fmt::format("{} {}", kind, n));

  const std::string table = rows.empty()
                                ? "no disagreement\n"
                                : render_table({"kind (unclassified: field:value kind)", "spec",
                                                "pair", "inputs", "first at s", "example"},
                                               rows);
  const std::string crash_line =
      crashes == 0 ? "no crash\n"
                   : fmt::format("{} crash(es) passed over ({}), in crashes/ (`twinbench fuzz` "
                                 "triages what a campaign finds)\n",
                                 crashes, fmt::join(kinds, ", "));
  write_file_atomically(
      dir / "survey.md",
      fmt::format(
          "# Survey of {}\n\n`{}` with TWINBENCH_SURVEY=1, {:.0f} s.\n\n"
          "A documented kind is one of the spec's known differences; an unclassified "
          "one is the first value where the pair's results differ (its field and the "
          "value's kind). Each example is the first input that showed it.\n\n```\n{}```\n\n{}",
          component.name, fmt::join(argv, " "), options.seconds, table, crash_line));
  fmt::print("{}{}{} kind(s), {} unclassified: {}\n", table, crash_line, rows.size(), unclassified,
             (dir / "survey.md").string());
  return 0;
}

} // namespace twinbench::cli
