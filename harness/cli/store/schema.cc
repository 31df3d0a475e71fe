// The store's schema, once: every table as the current version makes it, and the upgrade of a
// store of each older version to the next, in version order. A store opens here.
#include <cerrno>
#include <charconv>
#include <cstring>

#include <unistd.h>

#include <fmt/format.h>

#include "common/crash_type.h"
#include "store/rows.h"
#include "store/store.h"

namespace twinbench::cli {

namespace {

// v2 added the benchmark tables; v3 the seeded-bug campaigns (campaigns.bugs; runs.bug and the
// times of the bug's first reach, trigger and detection); v4 instruction counts
// (bench_runs.measure, bench_counts); v5 where a campaign ran (campaigns.origin, .engine:
// twinbench import); v6 the known differences diff targets met (disagreements); v7 crash types
// with ClusterFuzz's access sizes (re-signed) and runs' executions to detection; v8 benchmark runs
// of several runs of the binary (bench_runs.runs, bench_samples.run); v9 what each sample's
// throughput was timed by (bench_samples.timing); v10 coverage; v11 coverage against the spec's
// vectors and bug sites; v12 each run's engine (runs.engine: a campaign with --engine all has
// runs of both). Older stores are upgraded in place.
constexpr int schema_version = 12;

// A run of a campaign: of a fuzz target (bug '') or of one twin's build of a seeded bug, with one
// engine. Times are seconds into the run, NULL until it happened.
const char *const runs_table = R"sql((
  id INTEGER PRIMARY KEY, campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
  component TEXT NOT NULL, impl TEXT NOT NULL, trial INTEGER NOT NULL, seed INTEGER NOT NULL,
  elapsed_seconds REAL NOT NULL, execs INTEGER NOT NULL, restarts INTEGER NOT NULL,
  status TEXT NOT NULL, dir TEXT NOT NULL, bug TEXT NOT NULL DEFAULT '',
  reached_seconds REAL, triggered_seconds REAL, detected_seconds REAL,
  detected_by TEXT NOT NULL DEFAULT '', detected_execs INTEGER,
  engine TEXT NOT NULL DEFAULT 'libfuzzer',
  UNIQUE(campaign_id, component, impl, bug, engine, trial)))sql";

const char *const schema = R"sql(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS environments(
  id INTEGER PRIMARY KEY, created TEXT NOT NULL, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS campaigns(
  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, created TEXT NOT NULL,
  environment_id INTEGER NOT NULL REFERENCES environments(id),
  budget_seconds REAL NOT NULL, trials INTEGER NOT NULL, jobs INTEGER NOT NULL,
  components TEXT NOT NULL, impls TEXT NOT NULL, extra_flags TEXT NOT NULL,
  timeout_seconds REAL NOT NULL, rss_limit_mb INTEGER NOT NULL, status TEXT NOT NULL,
  bugs TEXT NOT NULL DEFAULT '[]', origin TEXT NOT NULL DEFAULT 'local',
  engine TEXT NOT NULL DEFAULT 'libfuzzer');
CREATE TABLE IF NOT EXISTS samples(
  run_id INTEGER NOT NULL REFERENCES runs(id), elapsed_seconds REAL NOT NULL,
  execs INTEGER NOT NULL, execs_per_second REAL NOT NULL,
  cov INTEGER NOT NULL, ft INTEGER NOT NULL, corpus INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS samples_by_run ON samples(run_id, elapsed_seconds);
CREATE TABLE IF NOT EXISTS crashes(
  id INTEGER PRIMARY KEY, campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
  signature TEXT NOT NULL, component TEXT NOT NULL, side TEXT NOT NULL, type TEXT NOT NULL,
  class TEXT NOT NULL, frames TEXT NOT NULL, first_seen TEXT NOT NULL, count INTEGER NOT NULL,
  binary TEXT NOT NULL, input_path TEXT NOT NULL, minimized_path TEXT NOT NULL,
  report_path TEXT NOT NULL, reliability REAL NOT NULL,
  UNIQUE(campaign_id, signature));
CREATE TABLE IF NOT EXISTS artifacts(
  id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(id),
  path TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, found_elapsed_seconds REAL NOT NULL,
  found_at TEXT NOT NULL, crash_id INTEGER REFERENCES crashes(id));
CREATE TABLE IF NOT EXISTS bench_runs(
  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, created TEXT NOT NULL,
  environment_id INTEGER NOT NULL REFERENCES environments(id), components TEXT NOT NULL,
  repetitions INTEGER NOT NULL, min_time REAL NOT NULL, pin INTEGER NOT NULL,
  command TEXT NOT NULL, status TEXT NOT NULL, measure TEXT NOT NULL DEFAULT 'time',
  runs INTEGER NOT NULL DEFAULT 1);
CREATE TABLE IF NOT EXISTS bench_samples(
  bench_run_id INTEGER NOT NULL REFERENCES bench_runs(id), name TEXT NOT NULL,
  component TEXT NOT NULL, case_name TEXT NOT NULL, size INTEGER NOT NULL, impl TEXT NOT NULL,
  repetition INTEGER NOT NULL, iterations INTEGER NOT NULL, real_time_ns REAL NOT NULL,
  cpu_time_ns REAL NOT NULL, bytes_per_second REAL NOT NULL, run INTEGER NOT NULL DEFAULT 0,
  timing TEXT NOT NULL DEFAULT 'cpu');
CREATE INDEX IF NOT EXISTS bench_samples_by_run ON bench_samples(bench_run_id, name);
CREATE TABLE IF NOT EXISTS bench_counts(
  bench_run_id INTEGER NOT NULL REFERENCES bench_runs(id), name TEXT NOT NULL,
  component TEXT NOT NULL, case_name TEXT NOT NULL, size INTEGER NOT NULL, impl TEXT NOT NULL,
  iterations INTEGER NOT NULL, bytes_per_operation INTEGER NOT NULL,
  ir INTEGER NOT NULL, dr INTEGER NOT NULL, dw INTEGER NOT NULL,
  i1mr INTEGER NOT NULL, d1mr INTEGER NOT NULL, d1mw INTEGER NOT NULL,
  ilmr INTEGER NOT NULL, dlmr INTEGER NOT NULL, dlmw INTEGER NOT NULL,
  UNIQUE(bench_run_id, name));
CREATE TABLE IF NOT EXISTS disagreements(
  run_id INTEGER NOT NULL REFERENCES runs(id), component TEXT NOT NULL, kind TEXT NOT NULL,
  pair TEXT NOT NULL, count INTEGER NOT NULL, first_seconds REAL, example_hex TEXT NOT NULL,
  UNIQUE(run_id, component, kind, pair));
CREATE TABLE IF NOT EXISTS consequence_runs(
  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, created TEXT NOT NULL,
  environment_id INTEGER NOT NULL REFERENCES environments(id));
CREATE TABLE IF NOT EXISTS coverage(
  run_id INTEGER NOT NULL REFERENCES runs(id), component TEXT NOT NULL, impl TEXT NOT NULL,
  trial INTEGER NOT NULL, snapshot TEXT NOT NULL, lines INTEGER NOT NULL,
  lines_covered INTEGER NOT NULL, regions INTEGER NOT NULL, regions_covered INTEGER NOT NULL,
  branches INTEGER NOT NULL, branches_covered INTEGER NOT NULL, functions INTEGER NOT NULL,
  functions_covered INTEGER NOT NULL, files TEXT NOT NULL, never_entered TEXT NOT NULL,
  vector_lines INTEGER, vector_lines_reached INTEGER, bug_site_covered INTEGER,
  UNIQUE(run_id, snapshot));
CREATE TABLE IF NOT EXISTS consequences(
  run_id INTEGER NOT NULL REFERENCES consequence_runs(id), bug TEXT NOT NULL,
  component TEXT NOT NULL, class TEXT NOT NULL, side TEXT NOT NULL, outcome TEXT NOT NULL,
  detail TEXT NOT NULL, triggered INTEGER NOT NULL, memcheck TEXT NOT NULL,
  diagnostic TEXT NOT NULL, command TEXT NOT NULL);
)sql";

} // namespace

Store::Store(const std::filesystem::path &path) : db_(created_whole(path)) { open_schema(path); }

Store::Store(const std::filesystem::path &path, Fresh) : db_(path) { open_schema(path); }

const std::filesystem::path &Store::created_whole(const std::filesystem::path &path) {
  namespace fs = std::filesystem;
  if (fs::exists(path)) return path;
  const fs::path fresh = path.string() + ".creating-" + std::to_string(::getpid());
  std::error_code ec;
  fs::remove(fresh, ec); // a killed creation's leftover of this pid
  try {
    Store made(fresh, Fresh{}); // closed (its WAL folded in) before it is linked
  } catch (...) {
    fs::remove(fresh, ec);
    throw;
  }
  // link() never replaces: when another process created the store first, its store stays.
  if (::link(fresh.c_str(), path.c_str()) != 0 && errno != EEXIST) {
    const int error = errno;
    fs::remove(fresh, ec);
    throw StoreError(
        fmt::format("store {}: cannot create: {}", path.string(), std::strerror(error)));
  }
  fs::remove(fresh, ec);
  return path;
}

void Store::open_schema(const std::filesystem::path &path) {
  // Probe first: a file that is not SQLite fails here with a clear message.
  db_.exec("PRAGMA journal_mode=WAL");
  db_.exec("PRAGMA synchronous=NORMAL");
  // A store already at this version opens without writing, so that reading it needs no space
  // on its disk (a full disk, a campaign that filled it).
  bool current = false;
  if (Statement meta(db_, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'");
      meta.step()) {
    Statement version(db_, "SELECT value FROM meta WHERE key = 'schema_version'");
    current = version.step() && version.text("value") == std::to_string(schema_version);
  }
  if (!current) {
    // Foreign keys stay off while an upgrade rebuilds a referenced table (SQLite's own recipe).
    Transaction tx(db_);
    db_.exec(schema);
    std::string found;
    if (Statement version(db_, "SELECT value FROM meta WHERE key = 'schema_version'");
        version.step()) {
      found =
          version.text("value"); // and the statement ends here: DROP TABLE waits for none to run
    }
    // Each upgrade takes a store one version on; a table new in a version (coverage, v10) is
    // made by the schema above and needs none.
    int from = schema_version;
    if (!found.empty()) {
      const auto [end, error] = std::from_chars(found.data(), found.data() + found.size(), from);
      if (error != std::errc() || end != found.data() + found.size() || from < 1 ||
          from > schema_version) {
        throw StoreError(fmt::format("store {}: schema version {} is not the supported {}",
                                     path.string(), found, schema_version));
      }
    }
    if (from < 3) upgrade_to_v3();
    if (from < 4) upgrade_to_v4();
    if (from < 5) upgrade_to_v5();
    if (from < 6) upgrade_to_v6();
    if (from < 7) upgrade_to_v7();
    if (from < 8) upgrade_to_v8();
    if (from < 9) upgrade_to_v9();
    if (from < 11) upgrade_to_v11();
    if (from < 12) upgrade_to_v12();
    db_.exec(fmt::format("CREATE TABLE IF NOT EXISTS runs{}", runs_table));
    Statement(db_, "INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)")
        .bind(1, std::to_string(schema_version))
        .run();
    tx.commit();
  }
  db_.exec("PRAGMA foreign_keys=ON");
  Statement check(db_, "PRAGMA quick_check");
  if (!check.step() || check.text("quick_check") != "ok") {
    throw StoreError(fmt::format("store {}: integrity check failed: {}", path.string(),
                                 check.text("quick_check")));
  }
}

void Store::add_column_if_missing(const std::string &table, const std::string &column,
                                  const std::string &definition) {
  Statement columns(db_, "SELECT 1 FROM pragma_table_info(?) WHERE name = ?");
  columns.bind(1, table).bind(2, column);
  if (!columns.step()) {
    db_.exec(fmt::format("ALTER TABLE {} ADD COLUMN {} {}", table, column, definition));
  }
}

void Store::upgrade_to_v3() {
  db_.exec("ALTER TABLE campaigns ADD COLUMN bugs TEXT NOT NULL DEFAULT '[]'");
  // The runs' uniqueness gains the bug, and SQLite cannot alter a constraint: copy the table.
  db_.exec(fmt::format("CREATE TABLE runs_v3{}", runs_table));
  db_.exec("INSERT INTO runs_v3(id, campaign_id, component, impl, trial, seed, elapsed_seconds, "
           "execs, restarts, status, dir) SELECT id, campaign_id, component, impl, trial, seed, "
           "elapsed_seconds, execs, restarts, status, dir FROM runs");
  db_.exec("DROP TABLE runs");
  db_.exec("ALTER TABLE runs_v3 RENAME TO runs");
}

void Store::upgrade_to_v4() {
  // bench_counts is new, so the schema above has made it; so too bench_runs, with its measure,
  // when the old store had none (a v1 store).
  Statement columns(db_, "SELECT 1 FROM pragma_table_info('bench_runs') WHERE name = 'measure'");
  if (!columns.step()) {
    db_.exec("ALTER TABLE bench_runs ADD COLUMN measure TEXT NOT NULL DEFAULT 'time'");
  }
}

void Store::upgrade_to_v5() {
  // Every campaign so far ran here, with libFuzzer.
  Statement columns(db_, "SELECT 1 FROM pragma_table_info('campaigns') WHERE name = 'origin'");
  if (!columns.step()) {
    db_.exec("ALTER TABLE campaigns ADD COLUMN origin TEXT NOT NULL DEFAULT 'local'");
    db_.exec("ALTER TABLE campaigns ADD COLUMN engine TEXT NOT NULL DEFAULT 'libfuzzer'");
  }
}

void Store::upgrade_to_v6() {
  // The disagreements table is new, so the schema above has made it: nothing to move.
}

void Store::upgrade_to_v7() {
  // Crash types keep an access size only when it is a scalar's (common/crash_type.h): re-sign
  // the crashes stored before, and fold those that now share a signature in their campaign into
  // the oldest, as triage would have folded their artifacts.
  struct Stored {
    int64_t id, campaign_id, count;
    std::string type, signature, first_seen;
  };
  std::vector<Stored> stored;
  Statement all(db_, "SELECT id, campaign_id, count, type, signature, first_seen FROM crashes "
                     "ORDER BY id");
  while (all.step()) {
    stored.push_back({all.integer("id"), all.integer("campaign_id"), all.integer("count"),
                      all.text("type"), all.text("signature"), all.text("first_seen")});
  }
  for (const Stored &c : stored) {
    const std::string type = with_access_size_rule(c.type);
    const std::string signature = with_access_size_rule(c.signature);
    if (type == c.type && signature == c.signature) continue;
    Statement find(db_, "SELECT id FROM crashes WHERE campaign_id = ? AND signature = ?");
    find.bind(1, c.campaign_id).bind(2, signature);
    if (find.step()) {
      const int64_t into = find.integer("id");
      Statement(db_, "UPDATE artifacts SET crash_id = ? WHERE crash_id = ?")
          .bind(1, into)
          .bind(2, c.id)
          .run();
      Statement(db_, "UPDATE crashes SET count = count + ?, first_seen = min(first_seen, ?) "
                     "WHERE id = ?")
          .bind(1, c.count)
          .bind(2, c.first_seen)
          .bind(3, into)
          .run();
      Statement(db_, "DELETE FROM crashes WHERE id = ?").bind(1, c.id).run();
    } else {
      Statement(db_, "UPDATE crashes SET type = ?, signature = ? WHERE id = ?")
          .bind(1, type)
          .bind(2, signature)
          .bind(3, c.id)
          .run();
    }
  }
  // What caught a seeded bug starts with the crash type (a store that never fuzzed has no runs
  // table yet: the constructor makes it after the upgrades).
  std::vector<std::pair<int64_t, std::string>> detected;
  if (Statement has_runs(db_, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'runs'");
      !has_runs.step()) {
    return;
  }
  // Executions to detection (libFuzzer's final count at the run's first finding): unknown for
  // the runs stored before, NULL.
  if (Statement column(db_, "SELECT 1 FROM pragma_table_info('runs') "
                            "WHERE name = 'detected_execs'");
      !column.step()) {
    db_.exec("ALTER TABLE runs ADD COLUMN detected_execs INTEGER");
  }
  Statement runs(db_, "SELECT id, detected_by FROM runs WHERE detected_by != ''");
  while (runs.step()) detected.emplace_back(runs.integer("id"), runs.text("detected_by"));
  for (const auto &[id, by] : detected) {
    const auto type_end = by.find(" (");
    const std::string type = with_access_size_rule(by.substr(0, type_end));
    const std::string rest = type_end == std::string::npos ? "" : by.substr(type_end);
    if (type + rest == by) continue;
    Statement(db_, "UPDATE runs SET detected_by = ? WHERE id = ?")
        .bind(1, type + rest)
        .bind(2, id)
        .run();
  }
}

void Store::upgrade_to_v8() {
  // Every benchmark run so far ran the binary once.
  add_column_if_missing("bench_runs", "runs", "INTEGER NOT NULL DEFAULT 1");
  add_column_if_missing("bench_samples", "run", "INTEGER NOT NULL DEFAULT 0");
}

void Store::upgrade_to_v9() {
  // Stores before v9 did not keep it: their samples read as the thread's CPU time (jpeg-decoder's
  // were the process's; no case used wall time before v9).
  add_column_if_missing("bench_samples", "timing", "TEXT NOT NULL DEFAULT 'cpu'");
}

void Store::upgrade_to_v11() {
  // Before v11 no coverage row was compared with the spec's vectors or looked for a seeded bug's
  // site: NULL, not measured.
  add_column_if_missing("coverage", "vector_lines", "INTEGER");
  add_column_if_missing("coverage", "vector_lines_reached", "INTEGER");
  add_column_if_missing("coverage", "bug_site_covered", "INTEGER");
}

void Store::upgrade_to_v12() {
  // A run's engine was its campaign's. The runs' uniqueness gains the engine, and SQLite cannot
  // alter a constraint: copy the table (unless an earlier upgrade here made it from this schema).
  if (Statement has_runs(db_, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'runs'");
      !has_runs.step()) {
    return;
  }
  if (Statement column(db_, "SELECT 1 FROM pragma_table_info('runs') WHERE name = 'engine'");
      column.step()) {
    return;
  }
  const std::string columns = "id, campaign_id, component, impl, trial, seed, elapsed_seconds, "
                              "execs, restarts, status, dir, bug, reached_seconds, "
                              "triggered_seconds, detected_seconds, detected_by, detected_execs";
  db_.exec(fmt::format("CREATE TABLE runs_v12{}", runs_table));
  db_.exec(fmt::format("INSERT INTO runs_v12({0}, engine) SELECT {0}, coalesce((SELECT c.engine "
                       "FROM campaigns c WHERE c.id = runs.campaign_id), 'libfuzzer') FROM runs",
                       columns));
  db_.exec("DROP TABLE runs");
  db_.exec("ALTER TABLE runs_v12 RENAME TO runs");
}

} // namespace twinbench::cli
