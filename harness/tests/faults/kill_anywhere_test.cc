// Kill anywhere (issue 35): each command that writes the store — a campaign, a campaign's triage
// resumed, an import, a benchmark run, the release consequences, a report — is started from one
// prepared state and SIGKILLed at seeded random moments within the time it takes uninterrupted.
// After every kill the store passes SQLite's integrity check and holds every row it held just
// before the kill; then the command is finished as its user would (`fuzz --resume`, or run
// again), and the store's content, timings aside, equals that of one uninterrupted run.
//
// The release CLI (the one scripts/twinbench runs) in a scratch checkout: the test-only crasher
// as the fuzzed component, base64 and ringbuf for the benchmark and the consequences.
// TWINBENCH_KILL_POINTS sets the kill points per command (default 9: 54 in all).
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fmt/core.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>

#include "common/process.h"
#include "runner/fake_checkout.h"

namespace twinbench::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using Args = std::vector<std::string>;

// A read-only look at a store: never writes, and works while a command writes it (WAL).
class Look {
public:
  explicit Look(const fs::path &path) {
    if (fs::exists(path)) sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr);
  }
  ~Look() { sqlite3_close(db_); }
  Look(const Look &) = delete;
  Look &operator=(const Look &) = delete;

  bool exists() const { return db_ != nullptr; }
  // Each row as its values joined by '|', one line each.
  std::string rows(const std::string &sql) const {
    std::string out;
    if (!db_) return out;
    auto collect = [](void *into, int n, char **values, char **) {
      auto *text = static_cast<std::string *>(into);
      for (int i = 0; i < n; i++)
        *text += (i ? "|" : "") + std::string(values[i] ? values[i] : "NULL");
      *text += "\n";
      return 0;
    };
    char *error = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), collect, &out, &error) != SQLITE_OK) {
      out = "error: " + std::string(error ? error : "?") + "\n";
      sqlite3_free(error);
    }
    return out;
  }
  // What must never shrink: the rows of every table only ever appended to, and the artifacts
  // already triaged (crashes may merge and a run's disagreements are replaced: not counted).
  std::map<std::string, long> recorded() const {
    std::map<std::string, long> counts;
    std::istringstream tables(
        rows("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('crashes', "
             "'disagreements') ORDER BY name"));
    for (std::string table; std::getline(tables, table);) {
      counts[table] = std::stol("0" + rows("SELECT count(*) FROM " + table));
    }
    counts["artifacts triaged"] =
        std::stol("0" + rows("SELECT count(*) FROM artifacts WHERE crash_id IS NOT NULL"));
    return counts;
  }

private:
  sqlite3 *db_ = nullptr;
};

// One command under test, in one scratch checkout.
struct Scenario {
  std::string name;            // the test's name
  int points;                  // kill points
  unsigned seed;               // of the kill moments
  std::vector<Args> prepare;   // commands run once: the state every kill point starts from
  std::string prepare_sql;     // and then run on the store
  std::string prepare_removes; // and then removed (a folder under the checkout)
  Args command;
  // What its user runs after a kill, given what the store holds then.
  std::function<std::vector<Args>(const Look &)> finish;
  // The store's content (and the files that matter), timings aside.
  std::function<std::string(const Look &, const fs::path &root)> content;
};

// The checkout: FakeCheckout's crasher, plus base64 and ringbuf and their builds from this one.
class Checkout {
public:
  Checkout() : fake_({{"plain", "hello"}, {"heap", "HEAPxx"}}) {
    const fs::path source = TB_SOURCE_ROOT, root = fake_.root();
    for (const char *comp : {"base64", "ringbuf"})
      fs::create_directory_symlink(source / "corpora" / comp, root / "corpora" / comp);
    for (const char *shared : {"targets_c", "targets_rust", "docs"})
      fs::create_directory_symlink(source / shared, root / shared);
    // The bench preset's build folder itself: `consequences` asks it for a seeded bug's builds.
    fs::create_directory_symlink(source / "build/bench", root / "build/bench");
    for (const char *twin : {"c", "rust"}) { // the fuzz build `consequences` asks about
      const std::string bug = std::string("bug_base64_tail_write_") + twin;
      fs::create_symlink(source / "build/fuzz/bin" / bug, root / "build/fuzz/bin" / bug);
    }
    // ClusterFuzzLite's output, as `twinbench import` reads it (docs/SCALE.md).
    const fs::path found = root / "cfl/artifacts/fuzz_crasher_c/address";
    fs::create_directories(found);
    std::ofstream(found / "crash-0a1b") << "HEAP from elsewhere";
    std::ofstream(found / "crash-0a1b.summary") << "==1==ERROR: AddressSanitizer: heap-buffer\n";
    std::ofstream(found / "crash-2c3d") << "UAFR";
    fs::create_directories(root / "cfl/corpus/fuzz_crasher_c");
    std::ofstream(root / "cfl/corpus/fuzz_crasher_c/one") << "plain";
  }
  const fs::path &root() const { return fake_.root(); }
  fs::path reports() const { return root() / "reports"; }
  fs::path store() const { return fake_.store(); }

  // The command line of `twinbench args...`, "{root}" in an argument standing for the checkout.
  Args command_line(Args args) const {
    for (auto &arg : args) {
      if (arg.starts_with("{root}")) arg = root().string() + arg.substr(6);
    }
    args.insert(args.begin(), {TB_CLI_BINARY, "--root", root().string()});
    return args;
  }
  cli::Captured run(const Args &args) const {
    return cli::run_captured(command_line(args), {}, 300);
  }
  // Everything a command may change lives under reports/: saved once, put back at each point.
  void save(const fs::path &to) const {
    fs::create_directories(reports());
    fs::copy(reports(), to, fs::copy_options::recursive | fs::copy_options::copy_symlinks);
  }
  void restore(const fs::path &from) const {
    fs::remove_all(reports());
    fs::copy(from, reports(), fs::copy_options::recursive | fs::copy_options::copy_symlinks);
  }

private:
  FakeCheckout fake_;
};

// Starts `args`, drains its output, and SIGKILLs it after `delay`; false when it ended first.
bool kill_after(const Checkout &checkout, const Args &args, std::chrono::microseconds delay,
                std::map<std::string, long> &recorded_before) {
  cli::ChildProcess child(checkout.command_line(args), {});
  const auto deadline = Clock::now() + delay;
  std::string output;
  cli::ExitStatus status;
  while (Clock::now() < deadline) {
    child.read_available(output);
    if (child.poll_exit(status)) return false;
    std::this_thread::sleep_for(std::min<Clock::duration>(2ms, deadline - Clock::now()));
  }
  recorded_before = Look(checkout.store()).recorded();
  child.kill(SIGKILL);
  child.wait();
  return true;
}

// TWINBENCH_KILL_SCALE multiplies every scenario's kill points (the long mode: 10).
int kill_scale() {
  const char *set = std::getenv("TWINBENCH_KILL_SCALE");
  return set ? std::max(1, std::atoi(set)) : 1;
}

void kill_anywhere(const Scenario &scenario) {
  Checkout checkout;
  for (const auto &args : scenario.prepare) {
    const auto prepared = checkout.run(args);
    ASSERT_TRUE(prepared.status.ok()) << prepared.output;
  }
  if (!scenario.prepare_sql.empty()) {
    sqlite3 *db = nullptr;
    ASSERT_EQ(sqlite3_open(checkout.store().c_str(), &db), SQLITE_OK);
    char *error = nullptr;
    const int done = sqlite3_exec(db, scenario.prepare_sql.c_str(), nullptr, nullptr, &error);
    const std::string why = error ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    ASSERT_EQ(done, SQLITE_OK) << why;
  }
  if (!scenario.prepare_removes.empty()) fs::remove_all(checkout.root() / scenario.prepare_removes);
  const fs::path saved = checkout.root() / "reports.before";
  checkout.save(saved);

  // Uninterrupted: the content every killed and finished run must end with, and how long the
  // command takes (the kill points fall within it).
  const auto started = Clock::now();
  const auto whole = checkout.run(scenario.command);
  const auto took = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started);
  ASSERT_TRUE(whole.status.ok()) << whole.output;
  const std::string expected = scenario.content(Look(checkout.store()), checkout.root());
  ASSERT_FALSE(expected.empty());

  // Moments drawn until that many kills happened (a run that ends before its moment is no kill
  // point); each failure names its moment, and the seed reproduces the sequence.
  std::mt19937 random(scenario.seed);
  std::uniform_int_distribution<long> moment(0, took.count() * 9 / 10); // another run is faster
  const int points = scenario.points * kill_scale();
  int killed = 0, tries = 0;
  for (; killed < points && tries < 3 * points; tries++) {
    checkout.restore(saved);
    const std::chrono::microseconds delay(moment(random));
    const std::string where =
        fmt::format("{} killed at {:.3f} s of {:.3f} s (seed {}, moment {})", scenario.name,
                    delay.count() / 1e6, took.count() / 1e6, scenario.seed, tries);
    std::map<std::string, long> before;
    if (!kill_after(checkout, scenario.command, delay, before)) continue;
    killed++;
    {
      const Look after(checkout.store());
      if (after.exists()) {
        EXPECT_EQ(after.rows("PRAGMA integrity_check"), "ok\n") << where;
        for (const auto &[table, count] : after.recorded()) {
          EXPECT_GE(count, before[table]) << where << ": rows of " << table << " lost";
        }
      } else {
        for (const auto &[table, count] : before) {
          EXPECT_EQ(count, 0) << where << ": the store is gone, with its rows of " << table;
        }
      }
      for (const auto &args : scenario.finish(after)) {
        const auto finished = checkout.run(args);
        ASSERT_TRUE(finished.status.ok()) << where << "\n" << finished.output;
      }
    }
    EXPECT_EQ(scenario.content(Look(checkout.store()), checkout.root()), expected) << where;
  }
  EXPECT_EQ(killed, points) << scenario.name << ": " << tries - killed
                            << " runs ended before their moment";
  fmt::print("{}: killed at {} moments ({} more ended first); uninterrupted {:.2f} s\n",
             scenario.name, killed, tries - killed, took.count() / 1e6);
}

// Quick triage: the test is about the store, not the findings.
const Args kBrief = {"--minimize-time", "1", "--repro-tries", "1"};

Args with_brief(Args args) {
  args.insert(args.end(), kBrief.begin(), kBrief.end());
  return args;
}

// A campaign's runs resumed if it is in the store, else the command again.
std::function<std::vector<Args>(const Look &)> resume_or_rerun(const std::string &campaign,
                                                               const Args &command) {
  return [campaign, command](const Look &store) -> std::vector<Args> {
    if (store.rows("SELECT 1 FROM campaigns WHERE name = '" + campaign + "'").empty())
      return {command};
    return {with_brief({"fuzz", "--resume", campaign})};
  };
}

// The crashes and what each artifact was triaged as: fixed by the artifacts alone.
std::string triage_content(const Look &store) {
  return store.rows("SELECT name, status, origin FROM campaigns ORDER BY name") +
         store.rows("SELECT component, impl, trial, status FROM runs ORDER BY 1, 2, 3") +
         store.rows("SELECT component, side, class, type, signature, count FROM crashes "
                    "ORDER BY signature") +
         store.rows("SELECT a.path, a.kind, c.signature FROM artifacts a LEFT JOIN crashes c ON "
                    "c.id = a.crash_id ORDER BY a.path");
}

const Args kFuzz = with_brief({"fuzz", "--campaign", "k", "--components", "crasher", "--impls", "c",
                               "--time", "1s", "--timeout", "1"});
const Args kTriage = with_brief({"fuzz", "--resume", "t"});
const Args kImport = {"import", "{root}/cfl", "--campaign", "remote", "--repro-tries", "1"};
const Args kBench = {"bench", "--components",  "ringbuf", "--impls",    "c,rust", "--runs",
                     "2",     "--repetitions", "3",       "--min-time", "0.005"};
const Args kConsequences = {"consequences", "base64-tail-write"};
const Args kReport = {"report", "--format", "json", "md", "html", "--out", "{root}/reports/out"};

std::function<std::vector<Args>(const Look &)> rerun(const Args &command) {
  return [command](const Look &) { return std::vector<Args>{command}; };
}

// The six commands, with kill points in proportion to how cheap each is to run again.
const std::vector<Scenario> &scenarios() {
  static const std::vector<Scenario> all = {
      {"Campaign",
       6,
       20261206,
       {},
       "",
       "",
       kFuzz,
       resume_or_rerun("k", kFuzz),
       [](const Look &store, const fs::path &) {
         // What libFuzzer finds is chance; that every run ran its budget and every finding
         // was triaged is not.
         return store.rows("SELECT name, status, budget_seconds FROM campaigns") +
                store.rows("SELECT impl, trial, status, elapsed_seconds >= budget_seconds, "
                           "(SELECT count(*) > 0 FROM samples WHERE run_id = runs.id) FROM runs "
                           "JOIN campaigns ON campaigns.id = runs.campaign_id ORDER BY 1, 2") +
                store.rows("SELECT count(*) FROM artifacts WHERE crash_id IS NULL") +
                store.rows("SELECT count(*) > 0 FROM crashes");
       }},
      // The state a campaign killed between fuzzing and triage leaves: every run done, no
      // artifact triaged yet.
      {"TriageResumed",
       8,
       20261207,
       {with_brief({"fuzz", "--campaign", "t", "--components", "crasher", "--impls", "c,rust",
                    "--time", "1s", "--timeout", "1"})},
       "UPDATE artifacts SET crash_id = NULL; DELETE FROM crashes; "
       "UPDATE campaigns SET status = 'triaging'",
       "reports/campaigns/t/crashes",
       kTriage,
       rerun(kTriage),
       [](const Look &store, const fs::path &) { return triage_content(store); }},
      {"Import",
       12,
       20261208,
       {},
       "",
       "",
       kImport,
       resume_or_rerun("remote", kImport),
       [](const Look &store, const fs::path &) { return triage_content(store); }},
      {"Bench",
       10,
       20261209,
       {},
       "",
       "",
       kBench,
       rerun(kBench),
       [](const Look &store, const fs::path &) {
         // A killed run stays in the store as it was left, never as done.
         const std::string done = "(SELECT id FROM bench_runs WHERE status = 'done')";
         return store.rows("SELECT components, repetitions, runs, measure FROM bench_runs "
                           "WHERE status = 'done'") +
                store.rows("SELECT component, case_name, size, impl, run, repetition FROM "
                           "bench_samples WHERE bench_run_id IN " +
                           done + " ORDER BY 1, 2, 3, 4, 5, 6");
       }},
      {"Consequences",
       6,
       20261210,
       {},
       "",
       "",
       kConsequences,
       rerun(kConsequences),
       [](const Look &store, const fs::path &) {
         return store.rows("SELECT count(*) FROM consequence_runs") +
                store.rows("SELECT bug, component, class, side, outcome, triggered FROM "
                           "consequences ORDER BY bug, side");
       }},
      {"Report",
       12,
       20261211,
       {kConsequences, kBench},
       "",
       "",
       kReport,
       rerun(kReport),
       [](const Look &store, const fs::path &root) {
         // The store as it was, and the report whole: every file complete (report.json to its
         // last line; its generation time aside, the same report).
         std::string text = store.rows("SELECT count(*) FROM bench_samples") +
                            store.rows("SELECT count(*) FROM consequences");
         std::ifstream json(root / "reports/out/report.json");
         for (std::string line; std::getline(json, line);) {
           if (line.find("\"generated\":") == std::string::npos) text += line + "\n";
         }
         std::ifstream html(root / "reports/out/report.html");
         const std::string page((std::istreambuf_iterator<char>(html)), {});
         text += page.find("</html>") != std::string::npos ? "html whole\n" : "html cut\n";
         return text;
       }},
  };
  return all;
}

void PrintTo(const Scenario &scenario, std::ostream *out) { *out << scenario.name; }

class KillAnywhere : public ::testing::TestWithParam<Scenario> {};

TEST_P(KillAnywhere, TheStoreStaysWholeAndFinishingEqualsOneUninterruptedRun) {
  kill_anywhere(GetParam());
}

INSTANTIATE_TEST_SUITE_P(EveryCommandThatWrites, KillAnywhere, ::testing::ValuesIn(scenarios()),
                         [](const auto &info) { return info.param.name; });

TEST(KillPoints, AreAtLeastFiftyInAll) {
  int points = 0;
  for (const auto &s : scenarios()) points += s.points;
  EXPECT_GE(points, 50);
}

} // namespace
} // namespace twinbench::test
