// `twinbench consequences [ID...]`: every seeded bug's witness against the release builds of
// both twins' bug variants (bench preset), classified by what a user of the shipped binary
// would get. Every Rust bug build is tried, whatever the catalogue says: where rustc refuses it,
// the outcome is its compile error only when the first error's code and primary span are the
// catalogue's, and a harness failure otherwise. Stored as a run of its own with the build's
// environment.
#include "bugs/consequences.h"

#include <chrono>
#include <csignal>
#include <cstring>
#include <map>
#include <mutex>
#include <regex>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "bugs/witness_run.h"
#include "commands.h"
#include "common/environment.h"
#include "common/parallel.h"
#include "common/table.h"

namespace twinbench::cli {

namespace {

constexpr const char *kFillA = "a5", *kFillB = "5a";

std::string signal_name(int signal) {
  const char *name = sigabbrev_np(signal);
  return name ? std::string("SIG") + name : std::to_string(signal);
}

// The first line of `text` that contains `needle`, trimmed.
std::string line_with(const std::string &text, const std::string &needle) {
  auto at = text.find(needle);
  if (at == std::string::npos) return "";
  auto begin = text.rfind('\n', at);
  begin = begin == std::string::npos ? 0 : begin + 1;
  auto end = text.find('\n', at);
  return text.substr(begin, end == std::string::npos ? end : end - begin);
}

// The first value where two replays differ, shown as "field: a vs b".
std::string first_difference(const std::vector<std::string> &a, const std::vector<std::string> &b,
                             const char *a_name, const char *b_name) {
  for (size_t i = 0; i < a.size() || i < b.size(); i++) {
    const std::string x = i < a.size() ? a[i] : "<none>", y = i < b.size() ? b[i] : "<none>";
    if (x == y) continue;
    const std::string &present = x == "<none>" ? y : x;
    const std::string field = present.substr(0, present.find('\t'));
    auto text = [](const std::string &v) {
      std::string t = v.substr(v.rfind('\t') + 1);
      return t.size() > 48 ? t.substr(0, 48) + "..." : t;
    };
    return fmt::format("{}: {} {} vs {} {}", field, a_name, text(x), b_name, text(y));
  }
  return "";
}

} // namespace

ReplayRun replay(const std::filesystem::path &binary, const std::filesystem::path &witness,
                 const std::string &fill, double timeout_seconds) {
  require_bug_build(binary, "bench");
  ReplayRun r;
  const auto start = std::chrono::steady_clock::now();
  // The fill byte also goes to glibc's allocator: freed blocks are overwritten with it and new
  // ones handed out filled with its complement, so what a read of freed or never-written heap
  // memory returns changes with the fill, as the guard zones' bytes do (a use after free shows).
  const int perturb = std::stoi(fill, nullptr, 16);
  r.run = run_captured({binary.string(), witness.string(), fill},
                       {"MALLOC_PERTURB_=" + std::to_string(perturb)}, timeout_seconds);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::istringstream lines(r.run.output);
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("TWINBENCH VALUE ")) r.values.push_back(line.substr(16));
    if (line.starts_with("TWINBENCH GUARD ")) r.guards.push_back(line.substr(16));
    if (line == "TWINBENCH REPLAY DONE") r.done = true;
  }
  return r;
}

Verdict judge(const ReplayRun &a, const ReplayRun &b, const ReplayRun &correct) {
  const std::string &out = a.run.output;
  if (a.run.timed_out) {
    return {"hang", fmt::format("still running when killed after {:.0f} s", a.seconds)};
  }
  if (a.done && a.seconds > kSlowSeconds && a.seconds > kSlowFactor * correct.seconds) {
    return {"hang", fmt::format("took {:.1f} s where the correct twin takes {:.3f} s", a.seconds,
                                correct.seconds)};
  }
  if (!a.done || !a.run.status.ok()) {
    if (auto at = out.find("panicked at"); at != std::string::npos) {
      // "panicked at FILE:LINE:COL:" then the message on the next line
      const std::string site = line_with(out.substr(at), "panicked at");
      const auto next = out.find('\n', at);
      const std::string message = next == std::string::npos
                                      ? ""
                                      : out.substr(next + 1, out.find('\n', next + 1) - next - 1);
      return {"panic", site + " " + message};
    }
    if (auto overflow = line_with(out, "has overflowed its stack"); !overflow.empty()) {
      return {"crash", "stack overflow: " + overflow};
    }
    for (const char *allocator : {"free(): ", "malloc(): ", "double free", "corrupted"}) {
      if (auto line = line_with(out, allocator); !line.empty()) {
        return {"crash", "allocator abort: " + line};
      }
    }
    if (a.run.status.signal != 0) return {"crash", "killed by " + signal_name(a.run.status.signal)};
    return {"crash", "ended early: " + a.run.status.describe()};
  }
  if (!a.guards.empty()) {
    return {"memory-corruption",
            fmt::format("wrote past {} ({} guard zone{} changed)", a.guards.front(),
                        a.guards.size(), a.guards.size() == 1 ? "" : "s")};
  }
  if (a.values != b.values) {
    return {"data-leak", "output changes with the memory around it: " +
                             first_difference(a.values, b.values, "fill a5", "fill 5a")};
  }
  if (a.values != correct.values) {
    return {"wrong-result", first_difference(a.values, correct.values, "bug", "correct")};
  }
  return {"none", "same answer as the correct twin"};
}

Verdict with_memcheck(const Verdict &verdict, const std::string &memcheck) {
  const bool unseen = verdict.outcome == "none" || verdict.outcome == "wrong-result";
  const std::string seen = memcheck.substr(memcheck.find(':') + 2);
  // A write or free outside what was allocated corrupts memory whether or not the output shows
  // it: the release build a user ships carries it silently.
  for (const char *corrupting : {"Invalid write", "Invalid free", "Mismatched free"}) {
    if (unseen && memcheck.starts_with(std::string("error: ") + corrupting)) {
      return {"memory-corruption", verdict.detail + "; memcheck: " + seen};
    }
  }
  if (verdict.outcome == "none" && memcheck.find("are definitely lost") != std::string::npos) {
    return {"leak", "same answer as the correct twin; memcheck: " + seen};
  }
  return verdict;
}

std::string memcheck(const std::filesystem::path &binary, const std::filesystem::path &witness,
                     double timeout_seconds) {
  const auto valgrind = find_program("valgrind");
  if (!valgrind) return "not run: valgrind is not installed (scripts/bootstrap installs it)";
  // Redzones of a page around every heap block, in either language's allocations: a guard
  // page's reach (an access up to 4 KiB past a block is seen, not only 16 bytes) with
  // memcheck's precision (read or write, which block). Electric Fence's real guard pages exhaust
  // the memory mappings of the Rust replays (mprotect fails), so they would check one side only.
  Captured run = run_captured({valgrind->string(), "--redzone-size=4096", "--error-exitcode=99",
                               "--leak-check=full", "--show-leak-kinds=definite",
                               "--errors-for-leak-kinds=definite", binary.string(),
                               witness.string(), kFillA, "exact"},
                              {}, timeout_seconds);
  if (run.timed_out) return "not run to the end: killed at the time limit";
  // The most harmful error memcheck reported, not merely its first: writes and frees outside
  // what was allocated, then other invalid accesses, uninitialised values and leaks.
  static const std::vector<std::regex> by_harm = {
      std::regex(R"(==\d+== ((Invalid write|Invalid free|Mismatched free)[^\n]*))"),
      std::regex(
          R"(==\d+== ((Invalid read|Stack overflow|Access not within mapped region|Syscall param)[^\n]*))"),
      std::regex(R"(==\d+== ((Conditional jump|Use of uninitialised)[^\n]*))"),
      std::regex(R"(==\d+== ([^\n]*are definitely lost[^\n]*))")};
  std::smatch m;
  for (const auto &headline : by_harm) {
    if (std::regex_search(run.output, m, headline)) return "error: " + std::string(m[1]);
  }
  return "no error (" + (run.status.code == 99 ? "exit 99" : run.status.describe()) + ")";
}

int consequences_command(const Project &project, const ConsequencesOptions &options) {
  const std::vector<const Bug *> bugs = project.select_bugs(options.bugs);
  const auto bin = project.root / "build" / "bench" / "bin";

  // The Rust bug builds first, one at a time (each is a cmake --build in the one build tree);
  // then the replays, valgrind and the canary checks, `jobs` bugs at a time: one process each.
  for (const Bug *bug : bugs) { // a build that is missing is one line before anything runs
    const std::string c_twin = project.twin(bug->component, "c");
    require_bug_build(bin / bug->binary_name(c_twin), "bench");
    for (const std::string twin : {c_twin, project.twin(bug->component, "rust")}) {
      require_built(bin / ("replay_" + bug->component + "_" + twin), "bench");
    }
  }
  std::vector<BugBuild> rust_builds;
  for (const Bug *bug : bugs) {
    rust_builds.push_back(
        build_bug_binary(project, *bug, project.twin(bug->component, "rust"), "bench"));
  }
  std::vector<ConsequenceRow> rows(bugs.size() * 2);
  std::mutex print;
  for_each_index(bugs.size(), options.jobs, [&](size_t b) {
    const Bug *bug = bugs[b];
    const std::string witness = fs::relative(bug->witness, project.root).string();
    for (const std::string language : {"c", "rust"}) {
      const std::string twin = project.twin(bug->component, language);
      const Expectation &expected = language == "c" ? bug->c : bug->rust;
      ConsequenceRow &row = rows[2 * b + (language == "rust")];
      row = {bug->id, bug->component, bug->bug_class, language};
      const BugBuild build = language == "rust" ? rust_builds[b] : BugBuild{.built = true};
      if (!build.built) {
        const CompileVerdict v = judge_refusal(expected, build);
        row.outcome = v.counts ? "compile-error" : "harness-failure";
        row.detail = v.detail;
        row.diagnostic = build.diagnostic;
        row.memcheck = "not run: nothing was built";
        row.command = build.command;
      } else {
        const auto binary = project.root / "build" / "bench" / "bin" / bug->binary_name(twin);
        const auto correct_binary = bin / ("replay_" + bug->component + "_" + twin);
        const ReplayRun a = replay(binary, bug->witness, kFillA, options.timeout_seconds);
        const ReplayRun b_run =
            a.done ? replay(binary, bug->witness, kFillB, options.timeout_seconds) : a;
        const ReplayRun correct =
            replay(correct_binary, bug->witness, kFillA, options.timeout_seconds);
        if (!correct.done) {
          throw UserError(fmt::format("{} did not replay {} to its end ({}): the correct twin must",
                                      correct_binary.string(), witness,
                                      correct.run.status.describe()));
        }
        const Verdict replayed = judge(a, b_run, correct);
        // The release replays carry no canary (TB_CANARY_OFF): whether the witness triggers the
        // mistake is measured on the fuzz preset's build of the same bug.
        const auto fuzz_build = project.bug_binary(*bug, twin);
        row.triggered = fs::exists(fuzz_build) &&
                        run_witness(project, *bug, fuzz_build, options.timeout_seconds).triggered;
        row.memcheck = replayed.outcome == "hang"
                           ? "not run: the replay hangs"
                           : memcheck(binary, bug->witness, options.timeout_seconds * 6);
        const Verdict v = with_memcheck(replayed, row.memcheck);
        row.outcome = v.outcome;
        row.detail = v.detail;
        row.command =
            fmt::format("build/bench/bin/{} {} {}", bug->binary_name(twin), witness, kFillA);
      }
      // Paths inside the checkout, relative to it: rustc writes some absolute.
      for (auto at = row.detail.find(project.root.string() + "/"); at != std::string::npos;
           at = row.detail.find(project.root.string() + "/")) {
        row.detail.erase(at, project.root.string().size() + 1);
      }
    }
    if (!options.json) {
      const std::lock_guard lock(print);
      fmt::print("{}: C {}, Rust {}\n", bug->id, rows[2 * b].outcome, rows[2 * b + 1].outcome);
      std::fflush(stdout);
    }
  });
  std::vector<std::string> harness_failures;
  for (const auto &row : rows) {
    if (row.outcome == "harness-failure") {
      harness_failures.push_back(row.bug + " (" + row.side + ")");
    }
  }

  const fs::path db_path = options.db.empty() ? project.default_store() : options.db;
  fs::create_directories(db_path.parent_path());
  Store store(db_path);
  ConsequenceRunRow run{
      0,
      fresh_name("consequences",
                 [&](const std::string &n) { return store.consequence_run_named(n); }),
      now_iso8601(), store.add_environment(capture_environment(project, "bench"))};
  run.id = store.add_consequence_run(run, rows);

  if (options.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto &r : rows) {
      out.push_back({{"bug", r.bug},
                     {"component", r.component},
                     {"class", r.bug_class},
                     {"side", r.side},
                     {"outcome", r.outcome},
                     {"detail", r.detail},
                     {"triggered", r.triggered},
                     {"memcheck", r.memcheck},
                     {"diagnostic", r.diagnostic},
                     {"command", r.command}});
    }
    fmt::print("{}\n", out.dump(2));
    return harness_failures.empty() ? 0 : 1;
  }
  std::vector<Row> table;
  std::map<std::string, int> silent; // corruption or leak, per side
  for (size_t i = 0; i + 1 < rows.size(); i += 2) {
    const auto &c = rows[i], &r = rows[i + 1];
    table.push_back({c.bug, c.bug_class, c.outcome, r.outcome, c.memcheck, r.memcheck});
    for (const auto *row : {&c, &r}) {
      if (row->outcome == "memory-corruption" || row->outcome == "data-leak") silent[row->side]++;
    }
  }
  fmt::print("{}", render_table({"bug", "class", "C (release)", "Rust (release)", "memcheck C",
                                 "memcheck Rust"},
                                table));
  fmt::print("consequences {}: of {} seeded mistakes, the release build silently corrupted memory "
             "or leaked data in {} in C and {} in Rust; stored in {}\n",
             run.name, bugs.size(), silent["c"], silent["rust"], db_path.string());
  if (!harness_failures.empty()) {
    fmt::print(stderr,
               "twinbench consequences: no outcome for {}: a build failed without the "
               "catalogue's rustc error, or did not finish (see the rows' detail)\n",
               fmt::join(harness_failures, ", "));
    return 1;
  }
  return 0;
}

} // namespace twinbench::cli
