// The results store: what is written can be read back, duplicates fold into one crash, and a
// file that is not a store is refused with a clear error instead of being overwritten.
#include <fstream>

#include <fmt/format.h>
#include <sqlite3.h>

#include <gtest/gtest.h>

#include "fake_checkout.h"
#include "store/store.h"

namespace twinbench::test {
namespace {

class StoreTest : public testing::Test {
protected:
  FakeCheckout dir_{{}};
  fs::path path_ = dir_.root() / "store.db";

  int64_t campaign_with_run(cli::Store &s, int64_t *run_id) {
    cli::CampaignRow c;
    c.name = "c1";
    c.created = cli::now_iso8601();
    c.environment_id = s.add_environment({{"cpu", "test"}});
    c.components = {"crasher"};
    c.impls = {"c"};
    c.status = "fuzzing";
    c.id = s.add_campaign(c);
    cli::RunRow r;
    r.campaign_id = c.id;
    r.component = "crasher";
    r.impl = "c";
    r.trial = 1;
    r.status = "pending";
    r.dir = "/tmp/run";
    *run_id = s.add_run(r);
    return c.id;
  }
};

TEST_F(StoreTest, ProgressAndSamplesReadBack) {
  cli::Store s(path_);
  int64_t run_id = 0;
  int64_t campaign = campaign_with_run(s, &run_id);
  auto run = s.runs(campaign).at(0);
  run.elapsed_seconds = 3.5;
  run.execs = 1000;
  run.status = "running";
  s.record_progress(run, {{1, 400, 400, 10, 20, 3}, {2, 1000, 600, 12, 25, 4}});
  auto back = s.runs(campaign).at(0);
  EXPECT_EQ(back.execs, 1000);
  EXPECT_DOUBLE_EQ(back.elapsed_seconds, 3.5);
  auto samples = s.samples(run_id);
  ASSERT_EQ(samples.size(), 2u);
  EXPECT_EQ(samples[1].cov, 12);
  EXPECT_EQ(s.environment(s.find_campaign("c1")->environment_id)["cpu"], "test");
}

TEST_F(StoreTest, ARunsDisagreementsAreReplacedByItsLatestReading) {
  cli::Store s(path_);
  int64_t run_id = 0;
  const int64_t campaign = campaign_with_run(s, &run_id);
  s.record_disagreements(run_id,
                         {{run_id, "inflate", "error-order", "zlib/miniz-oxide", 3, 0.5, "789c"}});
  s.record_disagreements(
      run_id, {{run_id, "inflate", "error-order", "zlib/miniz-oxide", 9, 0.5, "789c"},
               {run_id, "inflate", "one-code-length", "zlib/miniz-oxide", 1, std::nullopt, ""}});
  const auto rows = s.disagreements(campaign);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].kind, "error-order");
  EXPECT_EQ(rows[0].count, 9);
  EXPECT_DOUBLE_EQ(rows[0].first_seconds.value(), 0.5);
  EXPECT_EQ(rows[0].example_hex, "789c");
  EXPECT_FALSE(rows[1].first_seconds.has_value());
  EXPECT_TRUE(s.disagreements(campaign + 1).empty());
}

TEST_F(StoreTest, ABugRunKeepsItsTimesAndSharesTrialNumbersWithTheTargetRuns) {
  cli::Store s(path_);
  int64_t run_id = 0;
  int64_t campaign = campaign_with_run(s, &run_id);
  cli::RunRow bug = s.runs(campaign).at(0); // same component, impl and trial
  bug.bug = "crasher-off-by-one";
  bug.dir = "/tmp/bug-run";
  bug.id = s.add_run(bug);
  bug.reached_seconds = 0.25;
  bug.triggered_seconds = 7.5;
  bug.detected_seconds = 7.5;
  s.record_progress(bug, {});
  s.set_detected_by(bug.id, "Heap-buffer-overflow WRITE 1 (memory-safety)");
  auto runs = s.runs(campaign);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].bug, "");
  EXPECT_FALSE(runs[0].detected_seconds.has_value());
  EXPECT_EQ(runs[1].bug, "crasher-off-by-one");
  EXPECT_EQ(runs[1].reached_seconds, 0.25);
  EXPECT_EQ(runs[1].triggered_seconds, 7.5);
  EXPECT_EQ(runs[1].detected_seconds, 7.5);
  EXPECT_EQ(runs[1].detected_by, "Heap-buffer-overflow WRITE 1 (memory-safety)");
}

TEST_F(StoreTest, AVersion6StoreIsReSignedSoOneBugReadWithTwoLengthsIsOneCrash) {
  int64_t campaign = 0, run = 0, first = 0, second = 0, scalar = 0;
  {
    cli::Store s(path_);
    campaign = campaign_with_run(s, &run);
    for (const char *path : {"/a/crash-1", "/a/crash-2", "/a/crash-3"}) {
      s.add_artifact({0, run, path, "crash", 1, "t", {}});
    }
    const auto pending = s.untriaged_artifacts(campaign);
    const auto fold = [&](const std::string &type, const std::string &seen, size_t artifact) {
      cli::CrashRow c;
      c.campaign_id = campaign;
      c.signature = type + "|decode_chunk";
      c.type = type;
      c.crash_class = "memory-safety";
      c.first_seen = seen;
      return s.fold_crash(c, pending.at(artifact).id).first;
    };
    // As version 6 signed one over-read met with 42 and with 26 bytes, and a 1-byte write.
    first = fold("Heap-buffer-overflow READ 42", "2026-01-01T00:00:02Z", 0);
    second = fold("Heap-buffer-overflow READ 26", "2026-01-01T00:00:01Z", 1);
    scalar = fold("Heap-buffer-overflow WRITE 1", "2026-01-01T00:00:03Z", 2);
    s.set_detected_by(run, "Heap-buffer-overflow READ 26 (memory-safety)");
    s.db().exec("UPDATE meta SET value = '6' WHERE key = 'schema_version'");
  }
  cli::Store upgraded(path_);
  const auto crashes = upgraded.crashes(campaign);
  ASSERT_EQ(crashes.size(), 2u);
  EXPECT_EQ(crashes[0].id, first);
  EXPECT_EQ(crashes[0].type, "Heap-buffer-overflow READ {*}");
  EXPECT_EQ(crashes[0].signature, "Heap-buffer-overflow READ {*}|decode_chunk");
  EXPECT_EQ(crashes[0].count, 2);
  EXPECT_EQ(crashes[0].first_seen, "2026-01-01T00:00:01Z"); // the earlier of the two
  EXPECT_EQ(crashes[1].id, scalar);
  EXPECT_EQ(crashes[1].signature, "Heap-buffer-overflow WRITE 1|decode_chunk");
  EXPECT_FALSE(upgraded.crash(second).has_value());
  for (const auto &a : upgraded.artifacts(campaign)) {
    EXPECT_NE(a.crash_id, std::optional<int64_t>(second)) << a.path;
  }
  EXPECT_EQ(upgraded.runs(campaign).at(0).detected_by,
            "Heap-buffer-overflow READ {*} (memory-safety)");
}

TEST_F(StoreTest, AVersion2StoreIsUpgradedKeepingItsRunsAndSamples) {
  {
    // The v2 runs table, as v2 created it, with one run and a sample referring to it.
    cli::Database db(path_);
    db.exec(R"sql(
      CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
      INSERT INTO meta VALUES ('schema_version', '2');
      CREATE TABLE environments(id INTEGER PRIMARY KEY, created TEXT NOT NULL, json TEXT NOT NULL);
      INSERT INTO environments VALUES (1, 'then', '{}');
      CREATE TABLE campaigns(
        id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, created TEXT NOT NULL,
        environment_id INTEGER NOT NULL REFERENCES environments(id),
        budget_seconds REAL NOT NULL, trials INTEGER NOT NULL, jobs INTEGER NOT NULL,
        components TEXT NOT NULL, impls TEXT NOT NULL, extra_flags TEXT NOT NULL,
        timeout_seconds REAL NOT NULL, rss_limit_mb INTEGER NOT NULL, status TEXT NOT NULL);
      INSERT INTO campaigns VALUES (1, 'old', 'then', 1, 60, 1, 1, '["crasher"]', '["c"]', '[]',
                                    10, 2048, 'done');
      CREATE TABLE runs(
        id INTEGER PRIMARY KEY, campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
        component TEXT NOT NULL, impl TEXT NOT NULL, trial INTEGER NOT NULL, seed INTEGER NOT NULL,
        elapsed_seconds REAL NOT NULL, execs INTEGER NOT NULL, restarts INTEGER NOT NULL,
        status TEXT NOT NULL, dir TEXT NOT NULL, UNIQUE(campaign_id, component, impl, trial));
      INSERT INTO runs VALUES (7, 1, 'crasher', 'c', 1, 42, 60, 5000, 0, 'done', '/tmp/r');
      CREATE TABLE samples(
        run_id INTEGER NOT NULL REFERENCES runs(id), elapsed_seconds REAL NOT NULL,
        execs INTEGER NOT NULL, execs_per_second REAL NOT NULL,
        cov INTEGER NOT NULL, ft INTEGER NOT NULL, corpus INTEGER NOT NULL);
      INSERT INTO samples VALUES (7, 60, 5000, 83, 11, 12, 3);
    )sql");
  }
  cli::Store s(path_);
  auto campaign = s.find_campaign("old");
  ASSERT_TRUE(campaign.has_value());
  EXPECT_TRUE(campaign->bugs.empty());
  EXPECT_EQ(campaign->origin, "local"); // v5: every campaign before import ran here
  EXPECT_EQ(campaign->engine, "libfuzzer");
  auto runs = s.runs(campaign->id);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].id, 7);
  EXPECT_EQ(runs[0].execs, 5000);
  EXPECT_EQ(runs[0].bug, "");
  EXPECT_EQ(s.samples(7).size(), 1u);
  cli::RunRow bug = runs[0];
  bug.bug = "crasher-off-by-one";
  EXPECT_GT(s.add_run(bug), 7); // the uniqueness now includes the bug
  cli::Store again(path_);      // and the upgraded store opens as it is
  EXPECT_EQ(again.runs(campaign->id).size(), 2u);
}

TEST_F(StoreTest, AVersion3StoreKeepsItsBenchmarkRunsAsTimedAndTakesInstructionCounts) {
  {
    cli::Database db(path_);
    db.exec(R"sql(
      CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
      INSERT INTO meta VALUES ('schema_version', '3');
      CREATE TABLE environments(id INTEGER PRIMARY KEY, created TEXT NOT NULL, json TEXT NOT NULL);
      INSERT INTO environments VALUES (1, 'then', '{}');
      CREATE TABLE bench_runs(
        id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, created TEXT NOT NULL,
        environment_id INTEGER NOT NULL REFERENCES environments(id), components TEXT NOT NULL,
        repetitions INTEGER NOT NULL, min_time REAL NOT NULL, pin INTEGER NOT NULL,
        command TEXT NOT NULL, status TEXT NOT NULL);
      INSERT INTO bench_runs VALUES (1, 'timed', 'then', 1, '["base64"]', 20, 0.1, -1, '[]',
                                     'done');
    )sql");
  }
  cli::Store s(path_);
  auto timed = s.find_bench_run("timed");
  ASSERT_TRUE(timed.has_value());
  EXPECT_EQ(timed->measure, "time");
  EXPECT_EQ(timed->runs, 1); // every benchmark before v8 ran the binary once

  cli::BenchRunRow counted;
  counted.name = "counted";
  counted.created = "now";
  counted.environment_id = 1;
  counted.components = {"base64"};
  counted.status = "running";
  counted.measure = "instructions";
  counted.id = s.add_bench_run(counted);
  cli::InstructionCount c;
  c.name = "base64/encode/64/c";
  c.component = "base64";
  c.case_name = "encode";
  c.size = 64;
  c.impl = "c";
  c.iterations = 16384;
  c.bytes_per_operation = 64;
  c.ir = 1234567;
  c.dlmw = 89;
  s.finish_instruction_run(counted.id, {c});
  cli::Store again(path_);
  auto stored = again.find_bench_run("counted");
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->measure, "instructions");
  EXPECT_EQ(stored->status, "done");
  auto counts = again.instruction_counts(stored->id);
  ASSERT_EQ(counts.size(), 1u);
  EXPECT_EQ(counts[0].name, c.name);
  EXPECT_EQ(counts[0].iterations, 16384);
  EXPECT_EQ(counts[0].ir, 1234567);
  EXPECT_EQ(counts[0].dlmw, 89);
  EXPECT_EQ(counts[0].dr, 0);
}

TEST_F(StoreTest, ArtifactsRegisterOnceAndDuplicatesFoldIntoOneCrash) {
  cli::Store s(path_);
  int64_t run_id = 0;
  int64_t campaign = campaign_with_run(s, &run_id);
  EXPECT_TRUE(s.add_artifact({0, run_id, "/a/crash-1", "crash", 1, "t", {}}));
  EXPECT_FALSE(s.add_artifact({0, run_id, "/a/crash-1", "crash", 1, "t", {}}));
  EXPECT_TRUE(s.add_artifact({0, run_id, "/a/crash-2", "crash", 2, "t", {}}));
  auto pending = s.untriaged_artifacts(campaign);
  ASSERT_EQ(pending.size(), 2u);
  cli::CrashRow crash;
  crash.campaign_id = campaign;
  crash.signature = "Heap-buffer-overflow WRITE 1|f";
  auto [first, first_new] = s.fold_crash(crash, pending[0].id);
  auto [second, second_new] = s.fold_crash(crash, pending[1].id);
  EXPECT_TRUE(first_new);
  EXPECT_FALSE(second_new);
  EXPECT_EQ(first, second);
  EXPECT_EQ(s.crash(first)->count, 2);
  EXPECT_TRUE(s.untriaged_artifacts(campaign).empty());
}

TEST_F(StoreTest, RetryingUnreproducedCrashesUnfoldsOnlyThoseThatNeverReproduced) {
  cli::Store s(path_);
  int64_t run_id = 0;
  int64_t campaign = campaign_with_run(s, &run_id);
  for (const char *path : {"/a/oom-1", "/a/oom-2", "/a/crash-3"}) {
    s.add_artifact({0, run_id, path, "oom", 1, "t", {}});
  }
  auto pending = s.untriaged_artifacts(campaign);
  cli::CrashRow missed;
  missed.campaign_id = campaign;
  missed.signature = "Out-of-memory|decode";
  missed.reliability = 0;
  cli::CrashRow reproduced = missed;
  reproduced.signature = "Heap-buffer-overflow WRITE 1|f";
  reproduced.reliability = 2.0 / 3;
  const int64_t gone = s.fold_crash(missed, pending[0].id).first;
  s.fold_crash(missed, pending[1].id);
  const int64_t kept = s.fold_crash(reproduced, pending[2].id).first;

  EXPECT_EQ(s.unfold_unreproduced_crashes(campaign), std::vector<int64_t>{gone});
  EXPECT_FALSE(s.crash(gone).has_value());
  EXPECT_EQ(s.crash(kept)->count, 1);
  auto again = s.untriaged_artifacts(campaign);
  ASSERT_EQ(again.size(), 2u);
  EXPECT_EQ(again[0].path, "/a/oom-1");
  EXPECT_EQ(again[1].path, "/a/oom-2");
}

TEST_F(StoreTest, AFileThatIsNotAStoreIsRefusedAndLeftAlone) {
  std::ofstream(path_) << "this is not a database, and it must survive\n";
  EXPECT_THROW(cli::Store s(path_), cli::StoreError);
  std::ifstream in(path_);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "this is not a database, and it must survive");
}

TEST_F(StoreTest, AStoreFromANewerOrUnknownVersionIsRefusedAndAVersion9OneGainsCoverage) {
  int64_t run_id = 0;
  {
    cli::Store s(path_);
    cli::CampaignRow c;
    c.name = "c";
    c.created = "t";
    c.environment_id = s.add_environment({});
    c.status = "done";
    c.id = s.add_campaign(c);
    cli::RunRow r;
    r.campaign_id = c.id;
    r.component = "base64";
    r.impl = "c";
    r.trial = 1;
    r.status = "done";
    r.dir = "/x";
    run_id = s.add_run(r);
  }
  // Below the Store, as another program (or an older twinbench) would leave the file.
  auto sql = [&](const std::string &statement) {
    sqlite3 *raw = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &raw), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(raw, statement.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(raw);
  };
  for (const char *version : {"13", "x", "0"}) {
    sql(fmt::format("UPDATE meta SET value = '{}' WHERE key = 'schema_version'", version));
    try {
      cli::Store s(path_);
      FAIL() << "opened a store of schema version " << version;
    } catch (const cli::StoreError &e) {
      EXPECT_NE(std::string(e.what()).find(
                    fmt::format("schema version {} is not the supported", version)),
                std::string::npos)
          << e.what();
    }
  }
  // Written as version 9, which had no coverage table: 10 adds it and the runs stay.
  sql("DROP TABLE coverage");
  sql("UPDATE meta SET value = '9' WHERE key = 'schema_version'");
  cli::Store upgraded(path_);
  cli::CoverageRow row;
  row.run_id = run_id;
  row.component = "base64";
  row.impl = "c";
  row.trial = 1;
  row.lines = 10;
  row.lines_covered = 7;
  row.files = {"targets_c/base64/base64.c"};
  upgraded.set_coverage(row);
  row.lines_covered = 8; // a later measurement of the same run replaces the first
  upgraded.set_coverage(row);
  const auto stored = upgraded.coverage(upgraded.find_campaign("c")->id);
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].lines_covered, 8);
  EXPECT_EQ(stored[0].files, row.files);
  EXPECT_FALSE(stored[0].vector_lines_reached) << "not compared with the spec's vectors";

  // Written as version 10, whose coverage rows had no comparison with the vectors: 11 adds it,
  // empty for the rows kept.
  sql("ALTER TABLE coverage DROP COLUMN vector_lines");
  sql("ALTER TABLE coverage DROP COLUMN vector_lines_reached");
  sql("ALTER TABLE coverage DROP COLUMN bug_site_covered");
  sql("UPDATE meta SET value = '10' WHERE key = 'schema_version'");
  cli::Store v11(path_);
  ASSERT_EQ(v11.coverage(v11.find_campaign("c")->id).size(), 1u);
  row.vector_lines = 9;
  row.vector_lines_reached = 6;
  row.bug_site_covered = false;
  v11.set_coverage(row);
  EXPECT_EQ(v11.coverage(v11.find_campaign("c")->id).at(0).bug_site_covered, false);
  EXPECT_EQ(v11.coverage(v11.find_campaign("c")->id).at(0).vector_lines, 9);
  EXPECT_EQ(v11.coverage(v11.find_campaign("c")->id).at(0).vector_lines_reached, 6);
}

TEST_F(StoreTest, AVersion11StoreGivesEachRunItsCampaignsEngineAndTakesASecondEnginesRuns) {
  {
    cli::Store s(path_);
    cli::CampaignRow c;
    c.name = "afl";
    c.created = "t";
    c.environment_id = s.add_environment({});
    c.status = "done";
    c.engine = "aflpp";
    c.id = s.add_campaign(c);
  }
  {
    // The runs table as v11 had it: no engine, unique without one.
    cli::Database db(path_);
    db.exec(R"sql(
      DROP TABLE runs;
      CREATE TABLE runs(
        id INTEGER PRIMARY KEY, campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
        component TEXT NOT NULL, impl TEXT NOT NULL, trial INTEGER NOT NULL, seed INTEGER NOT NULL,
        elapsed_seconds REAL NOT NULL, execs INTEGER NOT NULL, restarts INTEGER NOT NULL,
        status TEXT NOT NULL, dir TEXT NOT NULL, bug TEXT NOT NULL DEFAULT '',
        reached_seconds REAL, triggered_seconds REAL, detected_seconds REAL,
        detected_by TEXT NOT NULL DEFAULT '', detected_execs INTEGER,
        UNIQUE(campaign_id, component, impl, bug, trial));
      INSERT INTO runs VALUES (3, 1, 'base64', 'c', 1, 42, 60, 5000, 0, 'done', '/r', 'b', NULL,
                               NULL, 1.5, 'Rust panic', 77);
      UPDATE meta SET value = '11' WHERE key = 'schema_version';
    )sql");
  }
  cli::Store s(path_);
  auto runs = s.runs(1);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].engine, "aflpp");
  EXPECT_EQ(runs[0].detected_execs, 77);
  EXPECT_EQ(runs[0].detected_seconds, 1.5);
  cli::RunRow other = runs[0];
  other.engine = "libfuzzer";
  EXPECT_GT(s.add_run(other), 3); // the same trial with another engine is another run
  EXPECT_THROW(s.add_run(other), std::exception);
  EXPECT_EQ(s.runs(1).size(), 2u);
}

TEST_F(StoreTest, ACampaignsEnginesAreItsCommaSeparatedNames) {
  cli::CampaignRow c;
  EXPECT_EQ(c.engines(), std::vector<std::string>{"libfuzzer"});
  c.engine = "libfuzzer,aflpp";
  EXPECT_EQ(c.engines(), (std::vector<std::string>{"libfuzzer", "aflpp"}));
}

TEST_F(StoreTest, AnUnwritableLocationIsAClearError) {
  try {
    cli::Store s(dir_.root() / "no/such/dir/store.db");
    FAIL() << "opened a store in a missing directory";
  } catch (const cli::StoreError &e) {
    EXPECT_NE(std::string(e.what()).find("no/such/dir/store.db"), std::string::npos) << e.what();
  }
}

} // namespace
} // namespace twinbench::test
