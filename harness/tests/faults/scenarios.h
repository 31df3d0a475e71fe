// The six commands that write the store — a campaign, a campaign's triage resumed, an import, a
// benchmark run, the release consequences, a report — as fault tests run them: each from one
// prepared state in a scratch checkout, with what its user runs to finish after a fault
// (`fuzz --resume`, or the command again) and the store's content, timings aside, that one
// uninterrupted run leaves. The release CLI (the one scripts/twinbench runs); the test-only
// crasher is the fuzzed component, base64 and ringbuf serve the benchmark and the consequences.
#pragma once

#include <chrono>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/core.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "common/process.h"
#include "runner/fake_checkout.h"

namespace twinbench::test {

using Args = std::vector<std::string>;

// A read-only look at a store: never writes, and works while a command writes it (WAL).
class Look {
public:
  explicit Look(const fs::path &path) {
    if (fs::exists(path)) {
      sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr);
      sqlite3_busy_timeout(db_, 10000); // as the CLI waits for a writer's transaction
    }
  }
  ~Look() { sqlite3_close(db_); }
  Look(const Look &) = delete;
  Look &operator=(const Look &) = delete;

  bool exists() const { return db_ != nullptr; }
  // A store a full disk left empty holds no table yet.
  bool has_table(const std::string &name) const {
    return rows("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '" + name +
                "'") == "1\n";
  }
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
      ADD_FAILURE() << "reading the store: " << (error ? error : "?") << " (" << sql << ")";
      out = "unreadable\n";
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
      counts[table] = std::atol(rows("SELECT count(*) FROM " + table).c_str());
    }
    if (has_table("artifacts")) {
      counts["artifacts triaged"] =
          std::atol(rows("SELECT count(*) FROM artifacts WHERE crash_id IS NOT NULL").c_str());
    }
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
  // Everything a command may change lives under reports/ (a folder, or a link to a small disk):
  // its content saved once, and put back in place of whatever is there at each point.
  void save(const fs::path &to) const {
    fs::create_directories(reports());
    fs::copy(fs::canonical(reports()), to, fs::copy_options::recursive);
  }
  void restore(const fs::path &from) const {
    const fs::path here = fs::canonical(reports());
    for (const auto &entry : fs::directory_iterator(here)) fs::remove_all(entry.path());
    fs::copy(from, here, fs::copy_options::recursive);
  }

private:
  FakeCheckout fake_;
};

// Quick triage, no minimisation (the campaign's own scenario minimises): the test is about the
// store, not the findings.
inline const Args kBrief = {"--minimize-time", "0", "--repro-tries", "1"};

inline Args with_brief(Args args) {
  args.insert(args.end(), kBrief.begin(), kBrief.end());
  return args;
}

// A campaign's runs resumed if it is in the store, else the command again.
inline std::function<std::vector<Args>(const Look &)> resume_or_rerun(const std::string &campaign,
                                                                      const Args &command) {
  return [campaign, command](const Look &store) -> std::vector<Args> {
    if (!store.has_table("campaigns") ||
        store.rows("SELECT 1 FROM campaigns WHERE name = '" + campaign + "'") != "1\n")
      return {command};
    return {with_brief({"fuzz", "--resume", campaign})};
  };
}

// The crashes and what each artifact was triaged as: fixed by the artifacts alone.
inline std::string triage_content(const Look &store) {
  return store.rows("SELECT name, status, origin FROM campaigns ORDER BY name") +
         store.rows("SELECT component, impl, trial, status FROM runs ORDER BY 1, 2, 3") +
         store.rows("SELECT component, side, class, type, signature, count FROM crashes "
                    "ORDER BY signature") +
         store.rows("SELECT a.path, a.kind, c.signature FROM artifacts a LEFT JOIN crashes c ON "
                    "c.id = a.crash_id ORDER BY a.path");
}

inline const Args kFuzz = {
    "fuzz", "--campaign", "k", "--components",    "crasher", "--impls",       "c", "--time",
    "3s",   "--timeout",  "1", "--minimize-time", "1",       "--repro-tries", "1"};
inline const Args kTriage = with_brief({"fuzz", "--resume", "t"});
inline const Args kImport = {"import", "{root}/cfl", "--campaign", "remote", "--repro-tries", "1"};
inline const Args kBench = {"bench", "--components",  "ringbuf", "--impls",    "c,rust", "--runs",
                            "2",     "--repetitions", "3",       "--min-time", "0.005"};
inline const Args kConsequences = {"consequences", "base64-tail-write"};
inline const Args kReport = {"report", "--format",          "json", "md", "html",
                             "--out",  "{root}/reports/out"};

inline std::function<std::vector<Args>(const Look &)> rerun(const Args &command) {
  return [command](const Look &) { return std::vector<Args>{command}; };
}

inline std::string campaign_content(const Look &store, const fs::path &) {
  // What libFuzzer finds is chance; that every run ran its budget and every finding was
  // triaged is not.
  return store.rows("SELECT name, status, budget_seconds FROM campaigns") +
         store.rows("SELECT impl, trial, runs.status, elapsed_seconds >= budget_seconds, "
                    "(SELECT count(*) > 0 FROM samples WHERE run_id = runs.id) FROM runs "
                    "JOIN campaigns ON campaigns.id = runs.campaign_id ORDER BY 1, 2") +
         store.rows("SELECT count(*) FROM artifacts WHERE crash_id IS NULL") +
         store.rows("SELECT count(*) > 0 FROM crashes");
}

inline std::string bench_content(const Look &store, const fs::path &) {
  // A killed run stays in the store as it was left, never as done.
  const std::string done = "(SELECT id FROM bench_runs WHERE status = 'done')";
  return store.rows("SELECT components, repetitions, runs, measure FROM bench_runs "
                    "WHERE status = 'done'") +
         store.rows("SELECT component, case_name, size, impl, run, repetition FROM "
                    "bench_samples WHERE bench_run_id IN " +
                    done + " ORDER BY 1, 2, 3, 4, 5, 6");
}

inline std::string consequences_content(const Look &store, const fs::path &) {
  return store.rows("SELECT count(*) FROM consequence_runs") +
         store.rows("SELECT bug, component, class, side, outcome, triggered FROM consequences "
                    "ORDER BY bug, side");
}

inline std::string report_content(const Look &store, const fs::path &root) {
  // The store as it was, and the report whole: every file complete (report.json to its last
  // line; its generation time aside, the same report).
  std::string text = store.rows("SELECT count(*) FROM bench_samples") +
                     store.rows("SELECT count(*) FROM consequences");
  std::ifstream json(root / "reports/out/report.json");
  for (std::string line; std::getline(json, line);) {
    if (line.find("\"generated\":") == std::string::npos) text += line + "\n";
  }
  std::ifstream html(root / "reports/out/report.html");
  const std::string page((std::istreambuf_iterator<char>(html)), {});
  return text + (page.find("</html>") != std::string::npos ? "html whole\n" : "html cut\n");
}

// The six commands, with kill points in proportion to how cheap each is to run again (the
// consequences replay under valgrind: about 10 s).
inline const std::vector<Scenario> &scenarios() {
  const auto triaged = [](const Look &store, const fs::path &) { return triage_content(store); };
  static const std::vector<Scenario> all = {
      {.name = "Campaign",
       .points = 4,
       .seed = 20261206,
       .command = kFuzz,
       .finish = resume_or_rerun("k", kFuzz),
       .content = campaign_content},
      // The state a campaign killed between fuzzing and triage leaves: every run done, no
      // artifact triaged yet.
      {.name = "TriageResumed",
       .points = 8,
       .seed = 20261207,
       .prepare = {with_brief({"fuzz", "--campaign", "t", "--components", "crasher", "--impls",
                               "c,rust", "--time", "1s", "--timeout", "1"})},
       .prepare_sql = "UPDATE artifacts SET crash_id = NULL; DELETE FROM crashes; "
                      "UPDATE campaigns SET status = 'triaging'",
       .prepare_removes = "reports/campaigns/t/crashes",
       .command = kTriage,
       .finish = rerun(kTriage),
       .content = triaged},
      {.name = "Import",
       .points = 14,
       .seed = 20261208,
       .command = kImport,
       .finish = resume_or_rerun("remote", kImport),
       .content = triaged},
      {.name = "Bench",
       .points = 5,
       .seed = 20261209,
       .command = kBench,
       .finish = rerun(kBench),
       .content = bench_content},
      {.name = "Consequences",
       .points = 1,
       .seed = 20261210,
       .command = kConsequences,
       .finish = rerun(kConsequences),
       .content = consequences_content},
      {.name = "Report",
       .points = 14,
       .seed = 20261211,
       .prepare = {kConsequences, kBench},
       .command = kReport,
       .finish = rerun(kReport),
       .content = report_content},
  };
  return all;
}

// Runs the scenario's preparation in `checkout` and saves the state every fault starts from.
inline void prepare(const Checkout &checkout, const Scenario &scenario, const fs::path &saved) {
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
  checkout.save(saved);
}

// After a fault: the store passes SQLite's check and lost none of the rows recorded `before`.
inline void expect_whole_and_kept(const Checkout &checkout,
                                  const std::map<std::string, long> &before,
                                  const std::string &where) {
  const Look after(checkout.store());
  if (!after.exists()) {
    for (const auto &[table, count] : before) {
      EXPECT_EQ(count, 0) << where << ": the store is gone, with its rows of " << table;
    }
    return;
  }
  EXPECT_EQ(after.rows("PRAGMA integrity_check"), "ok\n") << where;
  const auto now = after.recorded();
  for (const auto &[table, count] : before) {
    const auto it = now.find(table);
    EXPECT_GE(it == now.end() ? 0 : it->second, count) << where << ": rows of " << table << " lost";
  }
}

// What the user runs after the fault, each to success; then the content, as `expected`, and
// every row recorded before the fault still there.
inline void expect_finished_as_uninterrupted(const Checkout &checkout, const Scenario &scenario,
                                             const std::string &expected,
                                             const std::map<std::string, long> &before,
                                             const std::string &where) {
  std::vector<Args> steps;
  {
    const Look store(checkout.store());
    steps = scenario.finish(store);
  }
  for (const auto &args : steps) {
    const auto finished = checkout.run(args);
    ASSERT_TRUE(finished.status.ok()) << where << "\n" << finished.output;
  }
  const Look after(checkout.store());
  EXPECT_EQ(scenario.content(after, checkout.root()), expected) << where;
  const auto now = after.recorded();
  for (const auto &[table, count] : before) {
    const auto it = now.find(table);
    EXPECT_GE(it == now.end() ? 0 : it->second, count)
        << where << ": rows of " << table << " lost by finishing";
  }
}

inline void PrintTo(const Scenario &scenario, std::ostream *out) { *out << scenario.name; }

} // namespace twinbench::test
