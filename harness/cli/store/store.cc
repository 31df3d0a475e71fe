#include "store/store.h"

#include <charconv>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "common/crash_type.h"
#include "common/project.h"

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

std::string join(const std::vector<std::string> &v) { return nlohmann::json(v).dump(); }

std::vector<std::string> split(const std::string &json_text) {
  return nlohmann::json::parse(json_text).get<std::vector<std::string>>();
}

CampaignRow campaign_from(const Statement &s) {
  CampaignRow c;
  c.id = s.integer("id");
  c.name = s.text("name");
  c.created = s.text("created");
  c.environment_id = s.integer("environment_id");
  c.budget_seconds = s.real("budget_seconds");
  c.trials = static_cast<int>(s.integer("trials"));
  c.jobs = static_cast<int>(s.integer("jobs"));
  c.components = split(s.text("components"));
  c.impls = split(s.text("impls"));
  c.extra_flags = split(s.text("extra_flags"));
  c.timeout_seconds = s.real("timeout_seconds");
  c.rss_limit_mb = s.integer("rss_limit_mb");
  c.status = s.text("status");
  c.bugs = split(s.text("bugs"));
  c.origin = s.text("origin");
  c.engine = s.text("engine");
  return c;
}
const char *const campaign_columns =
    "id, name, created, environment_id, budget_seconds, trials, jobs, components, impls, "
    "extra_flags, timeout_seconds, rss_limit_mb, status, bugs, origin, engine";

Statement &bind_optional(Statement &s, int index, const std::optional<double> &value) {
  return value ? s.bind(index, *value) : s.bind_null(index);
}

RunRow run_from(const Statement &s) {
  RunRow r;
  r.id = s.integer("id");
  r.campaign_id = s.integer("campaign_id");
  r.component = s.text("component");
  r.impl = s.text("impl");
  r.trial = static_cast<int>(s.integer("trial"));
  r.seed = static_cast<uint64_t>(s.integer("seed"));
  r.elapsed_seconds = s.real("elapsed_seconds");
  r.execs = s.integer("execs");
  r.restarts = static_cast<int>(s.integer("restarts"));
  r.status = s.text("status");
  r.dir = s.text("dir");
  r.bug = s.text("bug");
  r.reached_seconds = s.optional_real("reached_seconds");
  r.triggered_seconds = s.optional_real("triggered_seconds");
  r.detected_seconds = s.optional_real("detected_seconds");
  r.detected_by = s.text("detected_by");
  r.detected_execs = s.optional_integer("detected_execs");
  r.engine = s.text("engine");
  return r;
}
const char *const run_columns =
    "id, campaign_id, component, impl, trial, seed, elapsed_seconds, execs, restarts, status, "
    "dir, bug, reached_seconds, triggered_seconds, detected_seconds, detected_by, detected_execs, "
    "engine";

ArtifactRow artifact_from(const Statement &s) {
  ArtifactRow a;
  a.id = s.integer("id");
  a.run_id = s.integer("run_id");
  a.path = s.text("path");
  a.kind = s.text("kind");
  a.found_elapsed_seconds = s.real("found_elapsed_seconds");
  a.found_at = s.text("found_at");
  if (!s.is_null("crash_id")) a.crash_id = s.integer("crash_id");
  return a;
}
const char *const artifact_columns =
    "a.id, a.run_id, a.path, a.kind, a.found_elapsed_seconds, a.found_at, a.crash_id";

CrashRow crash_from(const Statement &s) {
  CrashRow c;
  c.id = s.integer("id");
  c.campaign_id = s.integer("campaign_id");
  c.signature = s.text("signature");
  c.component = s.text("component");
  c.side = s.text("side");
  c.type = s.text("type");
  c.crash_class = s.text("class");
  c.frames = split(s.text("frames"));
  c.first_seen = s.text("first_seen");
  c.count = s.integer("count");
  c.binary = s.text("binary");
  c.input_path = s.text("input_path");
  c.minimized_path = s.text("minimized_path");
  c.report_path = s.text("report_path");
  c.reliability = s.real("reliability");
  return c;
}
const char *const crash_columns =
    "id, campaign_id, signature, component, side, type, class, frames, first_seen, count, "
    "binary, input_path, minimized_path, report_path, reliability";

BenchRunRow bench_run_from(const Statement &s) {
  BenchRunRow b;
  b.id = s.integer("id");
  b.name = s.text("name");
  b.created = s.text("created");
  b.environment_id = s.integer("environment_id");
  b.components = split(s.text("components"));
  b.repetitions = static_cast<int>(s.integer("repetitions"));
  b.min_time = s.real("min_time");
  b.pin = static_cast<int>(s.integer("pin"));
  b.command = split(s.text("command"));
  b.status = s.text("status");
  b.measure = s.text("measure");
  b.runs = static_cast<int>(s.integer("runs"));
  return b;
}
const char *const bench_run_columns = "id, name, created, environment_id, components, "
                                      "repetitions, min_time, pin, command, status, measure, runs";

} // namespace

std::vector<std::string> CampaignRow::engines() const {
  std::vector<std::string> out;
  for (size_t start = 0; start <= engine.size();) {
    const size_t end = std::min(engine.find(',', start), engine.size());
    if (end > start) out.push_back(engine.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string now_iso8601() {
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}",
                     std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
}

void require_plain_name(const std::string &what, const std::string &name) {
  const bool plain = !name.empty() && name[0] != '.' &&
                     std::all_of(name.begin(), name.end(), [](unsigned char ch) {
                       return std::isalnum(ch) || ch == '.' || ch == '_' || ch == '-';
                     });
  if (!plain) {
    throw UserError(
        fmt::format("{} name '{}' is not a plain name (letters, digits, . _ -)", what, name));
  }
}

std::string name_timestamp() {
  std::string t = now_iso8601();
  std::replace(t.begin(), t.end(), ':', '-');
  return t;
}

std::string fresh_name(const std::string &prefix,
                       const std::function<bool(const std::string &)> &taken) {
  const std::string name = prefix + "-" + name_timestamp();
  std::string fresh = name;
  for (int n = 2; taken(fresh); n++) fresh = name + "-" + std::to_string(n);
  return fresh;
}

Store::Store(const std::filesystem::path &path) : db_(path) {
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

int64_t Store::add_environment(const nlohmann::json &environment) {
  Statement(db_, "INSERT INTO environments(created, json) VALUES (?, ?)")
      .bind(1, now_iso8601())
      .bind(2, environment.dump())
      .run();
  return db_.last_insert_id();
}

nlohmann::json Store::environment(int64_t id) {
  Statement s(db_, "SELECT json FROM environments WHERE id = ?");
  s.bind(1, id);
  return s.step() ? nlohmann::json::parse(s.text("json")) : nlohmann::json::object();
}

std::optional<CampaignRow> Store::find_campaign(const std::string &name) {
  Statement s(db_, fmt::format("SELECT {} FROM campaigns WHERE name = ?", campaign_columns));
  s.bind(1, name);
  if (!s.step()) return std::nullopt;
  return campaign_from(s);
}

std::vector<CampaignRow> Store::campaigns() {
  Statement s(db_, fmt::format("SELECT {} FROM campaigns ORDER BY id", campaign_columns));
  std::vector<CampaignRow> out;
  while (s.step()) out.push_back(campaign_from(s));
  return out;
}

int64_t Store::add_campaign(const CampaignRow &c) {
  Statement(db_, "INSERT INTO campaigns(name, created, environment_id, budget_seconds, trials, "
                 "jobs, components, impls, extra_flags, timeout_seconds, rss_limit_mb, status, "
                 "bugs, origin, engine) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind(1, c.name)
      .bind(2, c.created)
      .bind(3, c.environment_id)
      .bind(4, c.budget_seconds)
      .bind(5, int64_t{c.trials})
      .bind(6, int64_t{c.jobs})
      .bind(7, join(c.components))
      .bind(8, join(c.impls))
      .bind(9, join(c.extra_flags))
      .bind(10, c.timeout_seconds)
      .bind(11, c.rss_limit_mb)
      .bind(12, c.status)
      .bind(13, join(c.bugs))
      .bind(14, c.origin)
      .bind(15, c.engine)
      .run();
  return db_.last_insert_id();
}

void Store::set_campaign_status(int64_t id, const std::string &status) {
  Statement(db_, "UPDATE campaigns SET status = ? WHERE id = ?").bind(1, status).bind(2, id).run();
}

std::vector<RunRow> Store::runs(int64_t campaign_id) {
  Statement s(db_,
              fmt::format("SELECT {} FROM runs WHERE campaign_id = ? ORDER BY id", run_columns));
  s.bind(1, campaign_id);
  std::vector<RunRow> out;
  while (s.step()) out.push_back(run_from(s));
  return out;
}

int64_t Store::add_run(const RunRow &r) {
  Statement(db_, "INSERT INTO runs(campaign_id, component, impl, trial, seed, elapsed_seconds, "
                 "execs, restarts, status, dir, bug, engine) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind(1, r.campaign_id)
      .bind(2, r.component)
      .bind(3, r.impl)
      .bind(4, int64_t{r.trial})
      .bind(5, static_cast<int64_t>(r.seed))
      .bind(6, r.elapsed_seconds)
      .bind(7, r.execs)
      .bind(8, int64_t{r.restarts})
      .bind(9, r.status)
      .bind(10, r.dir)
      .bind(11, r.bug)
      .bind(12, r.engine)
      .run();
  return db_.last_insert_id();
}

void Store::record_progress(const RunRow &r, const std::vector<Sample> &samples) {
  Transaction tx(db_);
  Statement update(db_, "UPDATE runs SET elapsed_seconds = ?, execs = ?, restarts = ?, status = ?, "
                        "reached_seconds = ?, triggered_seconds = ?, detected_seconds = ?, "
                        "detected_execs = ? WHERE id = ?");
  update.bind(1, r.elapsed_seconds).bind(2, r.execs).bind(3, int64_t{r.restarts}).bind(4, r.status);
  bind_optional(update, 5, r.reached_seconds);
  bind_optional(update, 6, r.triggered_seconds);
  bind_optional(update, 7, r.detected_seconds);
  if (r.detected_execs) {
    update.bind(8, *r.detected_execs);
  } else {
    update.bind_null(8);
  }
  update.bind(9, r.id).run();
  Statement insert(db_, "INSERT INTO samples(run_id, elapsed_seconds, execs, execs_per_second, "
                        "cov, ft, corpus) VALUES (?, ?, ?, ?, ?, ?, ?)");
  for (const auto &s : samples) {
    insert.bind(1, r.id)
        .bind(2, s.elapsed_seconds)
        .bind(3, s.execs)
        .bind(4, s.execs_per_second)
        .bind(5, s.cov)
        .bind(6, s.ft)
        .bind(7, s.corpus)
        .run();
  }
  tx.commit();
}

void Store::record_disagreements(int64_t run_id, const std::vector<DisagreementRow> &rows) {
  Transaction tx(db_);
  Statement(db_, "DELETE FROM disagreements WHERE run_id = ?").bind(1, run_id).run();
  Statement insert(db_, "INSERT INTO disagreements(run_id, component, kind, pair, count, "
                        "first_seconds, example_hex) VALUES (?, ?, ?, ?, ?, ?, ?)");
  for (const auto &d : rows) {
    insert.bind(1, run_id).bind(2, d.component).bind(3, d.kind).bind(4, d.pair).bind(5, d.count);
    bind_optional(insert, 6, d.first_seconds);
    insert.bind(7, d.example_hex).run();
  }
  tx.commit();
}

std::vector<DisagreementRow> Store::disagreements(int64_t campaign_id) {
  Statement s(db_, "SELECT d.run_id, d.component, d.kind, d.pair, d.count, d.first_seconds, "
                   "d.example_hex FROM disagreements d JOIN runs r ON r.id = d.run_id "
                   "WHERE r.campaign_id = ? ORDER BY d.component, d.kind, d.pair, d.run_id");
  s.bind(1, campaign_id);
  std::vector<DisagreementRow> out;
  while (s.step()) {
    DisagreementRow d;
    d.run_id = s.integer("run_id");
    d.component = s.text("component");
    d.kind = s.text("kind");
    d.pair = s.text("pair");
    d.count = s.integer("count");
    d.first_seconds = s.optional_real("first_seconds");
    d.example_hex = s.text("example_hex");
    out.push_back(std::move(d));
  }
  return out;
}

void Store::set_detected_by(int64_t run_id, const std::string &detected_by) {
  Statement(db_, "UPDATE runs SET detected_by = ? WHERE id = ?")
      .bind(1, detected_by)
      .bind(2, run_id)
      .run();
}

std::vector<Sample> Store::samples(int64_t run_id) {
  Statement s(db_, "SELECT elapsed_seconds, execs, execs_per_second, cov, ft, corpus FROM samples "
                   "WHERE run_id = ? ORDER BY elapsed_seconds");
  s.bind(1, run_id);
  std::vector<Sample> out;
  while (s.step()) {
    out.push_back({s.real("elapsed_seconds"), s.integer("execs"), s.real("execs_per_second"),
                   s.integer("cov"), s.integer("ft"), s.integer("corpus")});
  }
  return out;
}

bool Store::add_artifact(const ArtifactRow &a) {
  Statement s(db_, "INSERT OR IGNORE INTO artifacts(run_id, path, kind, found_elapsed_seconds, "
                   "found_at) VALUES (?, ?, ?, ?, ?)");
  s.bind(1, a.run_id).bind(2, a.path).bind(3, a.kind).bind(4, a.found_elapsed_seconds);
  s.bind(5, a.found_at).run();
  return db_.changes() > 0;
}

std::vector<ArtifactRow> Store::untriaged_artifacts(int64_t campaign_id) {
  Statement s(db_, fmt::format("SELECT {} FROM artifacts a JOIN runs r ON a.run_id = r.id "
                               "WHERE r.campaign_id = ? AND a.crash_id IS NULL ORDER BY a.id",
                               artifact_columns));
  s.bind(1, campaign_id);
  std::vector<ArtifactRow> out;
  while (s.step()) out.push_back(artifact_from(s));
  return out;
}

std::vector<ArtifactRow> Store::artifacts(int64_t campaign_id) {
  Statement s(db_, fmt::format("SELECT {} FROM artifacts a JOIN runs r ON a.run_id = r.id "
                               "WHERE r.campaign_id = ? ORDER BY a.id",
                               artifact_columns));
  s.bind(1, campaign_id);
  std::vector<ArtifactRow> out;
  while (s.step()) out.push_back(artifact_from(s));
  return out;
}

std::pair<int64_t, bool> Store::fold_crash(const CrashRow &c, int64_t artifact_id) {
  Transaction tx(db_);
  Statement find(db_, "SELECT id FROM crashes WHERE campaign_id = ? AND signature = ?");
  find.bind(1, c.campaign_id).bind(2, c.signature);
  int64_t id;
  bool is_new = !find.step();
  if (!is_new) {
    id = find.integer("id");
    Statement(db_, "UPDATE crashes SET count = count + 1 WHERE id = ?").bind(1, id).run();
  } else {
    Statement(db_, "INSERT INTO crashes(campaign_id, signature, component, side, type, class, "
                   "frames, first_seen, count, binary, input_path, minimized_path, report_path, "
                   "reliability) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)")
        .bind(1, c.campaign_id)
        .bind(2, c.signature)
        .bind(3, c.component)
        .bind(4, c.side)
        .bind(5, c.type)
        .bind(6, c.crash_class)
        .bind(7, join(c.frames))
        .bind(8, c.first_seen)
        .bind(9, c.binary)
        .bind(10, c.input_path)
        .bind(11, c.minimized_path)
        .bind(12, c.report_path)
        .bind(13, c.reliability)
        .run();
    id = db_.last_insert_id();
  }
  Statement(db_, "UPDATE artifacts SET crash_id = ? WHERE id = ?")
      .bind(1, id)
      .bind(2, artifact_id)
      .run();
  tx.commit();
  return {id, is_new};
}

std::vector<int64_t> Store::unfold_unreproduced_crashes(int64_t campaign_id) {
  Transaction tx(db_);
  std::vector<int64_t> ids;
  Statement find(db_, "SELECT id FROM crashes WHERE campaign_id = ? AND reliability = 0");
  find.bind(1, campaign_id);
  while (find.step()) ids.push_back(find.integer("id"));
  for (int64_t id : ids) {
    Statement(db_, "UPDATE artifacts SET crash_id = NULL WHERE crash_id = ?").bind(1, id).run();
    Statement(db_, "DELETE FROM crashes WHERE id = ?").bind(1, id).run();
  }
  tx.commit();
  return ids;
}

void Store::set_minimized(int64_t crash_id, const std::string &path) {
  Statement(db_, "UPDATE crashes SET minimized_path = ? WHERE id = ?")
      .bind(1, path)
      .bind(2, crash_id)
      .run();
}

std::vector<CrashRow> Store::crashes(std::optional<int64_t> campaign_id) {
  Statement s(db_, fmt::format("SELECT {} FROM crashes WHERE ? IS NULL OR campaign_id = ? "
                               "ORDER BY campaign_id, id",
                               crash_columns));
  if (campaign_id) {
    s.bind(1, *campaign_id).bind(2, *campaign_id);
  }
  std::vector<CrashRow> out;
  while (s.step()) out.push_back(crash_from(s));
  return out;
}

std::optional<CrashRow> Store::crash(int64_t id) {
  Statement s(db_, fmt::format("SELECT {} FROM crashes WHERE id = ?", crash_columns));
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  return crash_from(s);
}

std::vector<Sighting> Store::sightings(const std::string &signature) {
  Statement s(db_, "SELECT campaigns.name, campaigns.origin, crashes.id, crashes.count, "
                   "crashes.first_seen FROM crashes JOIN campaigns ON campaigns.id = "
                   "crashes.campaign_id WHERE crashes.signature = ? ORDER BY campaigns.id");
  s.bind(1, signature);
  std::vector<Sighting> out;
  while (s.step())
    out.push_back({s.text("name"), s.text("origin"), s.integer("id"), s.integer("count"),
                   s.text("first_seen")});
  return out;
}

int64_t Store::add_bench_run(const BenchRunRow &b) {
  Statement(db_,
            "INSERT INTO bench_runs(name, created, environment_id, components, repetitions, "
            "min_time, pin, command, status, measure, runs) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?)")
      .bind(1, b.name)
      .bind(2, b.created)
      .bind(3, b.environment_id)
      .bind(4, join(b.components))
      .bind(5, int64_t{b.repetitions})
      .bind(6, b.min_time)
      .bind(7, int64_t{b.pin})
      .bind(8, join(b.command))
      .bind(9, b.status)
      .bind(10, b.measure.empty() ? std::string("time") : b.measure)
      .bind(11, int64_t{b.runs})
      .run();
  return db_.last_insert_id();
}

namespace {

void insert_bench_samples(Database &db, int64_t id, const std::vector<BenchSample> &samples) {
  Statement insert(db, "INSERT INTO bench_samples(bench_run_id, name, component, case_name, "
                       "size, impl, repetition, iterations, real_time_ns, cpu_time_ns, "
                       "bytes_per_second, run, timing) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                       "?)");
  for (const auto &s : samples) {
    insert.bind(1, id)
        .bind(2, s.name)
        .bind(3, s.component)
        .bind(4, s.case_name)
        .bind(5, s.size)
        .bind(6, s.impl)
        .bind(7, int64_t{s.repetition})
        .bind(8, s.iterations)
        .bind(9, s.real_time_ns)
        .bind(10, s.cpu_time_ns)
        .bind(11, s.bytes_per_second)
        .bind(12, int64_t{s.run})
        .bind(13, s.timing)
        .run();
  }
}

} // namespace

void Store::add_bench_samples(int64_t id, const std::vector<BenchSample> &samples) {
  Transaction tx(db_);
  insert_bench_samples(db_, id, samples);
  tx.commit();
}

void Store::finish_bench_run(int64_t id, const std::vector<BenchSample> &samples) {
  Transaction tx(db_);
  insert_bench_samples(db_, id, samples);
  set_bench_status(id, "done");
  tx.commit();
}

void Store::set_bench_status(int64_t id, const std::string &status) {
  Statement(db_, "UPDATE bench_runs SET status = ? WHERE id = ?").bind(1, status).bind(2, id).run();
}

std::optional<BenchRunRow> Store::find_bench_run(const std::string &name) {
  Statement s(db_, fmt::format("SELECT {} FROM bench_runs WHERE name = ?", bench_run_columns));
  s.bind(1, name);
  if (!s.step()) return std::nullopt;
  return bench_run_from(s);
}

std::vector<BenchRunRow> Store::bench_runs() {
  Statement s(db_, fmt::format("SELECT {} FROM bench_runs ORDER BY id", bench_run_columns));
  std::vector<BenchRunRow> out;
  while (s.step()) out.push_back(bench_run_from(s));
  return out;
}

std::vector<BenchSample> Store::bench_samples(int64_t bench_run_id) {
  Statement s(db_, "SELECT name, component, case_name, size, impl, repetition, iterations, "
                   "real_time_ns, cpu_time_ns, bytes_per_second, run, timing FROM bench_samples "
                   "WHERE bench_run_id = ? ORDER BY name, run, repetition");
  s.bind(1, bench_run_id);
  std::vector<BenchSample> out;
  while (s.step()) {
    out.push_back({s.text("name"), s.text("component"), s.text("case_name"), s.text("impl"),
                   s.integer("size"), static_cast<int>(s.integer("repetition")),
                   s.integer("iterations"), s.real("real_time_ns"), s.real("cpu_time_ns"),
                   s.real("bytes_per_second"), true, static_cast<int>(s.integer("run")),
                   s.text("timing")});
  }
  return out;
}

void Store::finish_instruction_run(int64_t id, const std::vector<InstructionCount> &counts) {
  Transaction tx(db_);
  Statement insert(db_, "INSERT INTO bench_counts(bench_run_id, name, component, case_name, size, "
                        "impl, iterations, bytes_per_operation, ir, dr, dw, i1mr, d1mr, d1mw, "
                        "ilmr, dlmr, dlmw) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                        "?, ?)");
  for (const auto &c : counts) {
    insert.bind(1, id)
        .bind(2, c.name)
        .bind(3, c.component)
        .bind(4, c.case_name)
        .bind(5, c.size)
        .bind(6, c.impl)
        .bind(7, c.iterations)
        .bind(8, c.bytes_per_operation);
    int index = 9;
    for (int64_t event : {c.ir, c.dr, c.dw, c.i1mr, c.d1mr, c.d1mw, c.ilmr, c.dlmr, c.dlmw}) {
      insert.bind(index++, event);
    }
    insert.run();
  }
  set_bench_status(id, "done");
  tx.commit();
}

std::vector<InstructionCount> Store::instruction_counts(int64_t bench_run_id) {
  Statement s(db_, "SELECT name, component, case_name, size, impl, iterations, "
                   "bytes_per_operation, ir, dr, dw, i1mr, d1mr, d1mw, ilmr, dlmr, dlmw "
                   "FROM bench_counts WHERE bench_run_id = ? ORDER BY name");
  s.bind(1, bench_run_id);
  std::vector<InstructionCount> out;
  while (s.step()) {
    InstructionCount c;
    c.name = s.text("name");
    c.component = s.text("component");
    c.case_name = s.text("case_name");
    c.size = s.integer("size");
    c.impl = s.text("impl");
    c.iterations = s.integer("iterations");
    c.bytes_per_operation = s.integer("bytes_per_operation");
    for (auto [event, column] : {std::pair{&c.ir, "ir"},
                                 {&c.dr, "dr"},
                                 {&c.dw, "dw"},
                                 {&c.i1mr, "i1mr"},
                                 {&c.d1mr, "d1mr"},
                                 {&c.d1mw, "d1mw"},
                                 {&c.ilmr, "ilmr"},
                                 {&c.dlmr, "dlmr"},
                                 {&c.dlmw, "dlmw"}}) {
      *event = s.integer(column);
    }
    out.push_back(std::move(c));
  }
  return out;
}

double InstructionCount::estimated_cycles() const {
  const double accesses = static_cast<double>(ir + dr + dw);
  const double l1_misses = static_cast<double>(i1mr + d1mr + d1mw);
  const double memory = static_cast<double>(ilmr + dlmr + dlmw);
  return (accesses - l1_misses) + 5 * (l1_misses - memory) + 35 * memory;
}

int64_t Store::add_consequence_run(const ConsequenceRunRow &run,
                                   const std::vector<ConsequenceRow> &rows) {
  Transaction tx(db_);
  Statement(db_, "INSERT INTO consequence_runs(name, created, environment_id) VALUES (?, ?, ?)")
      .bind(1, run.name)
      .bind(2, run.created)
      .bind(3, run.environment_id)
      .run();
  const int64_t id = db_.last_insert_id();
  Statement insert(db_, "INSERT INTO consequences(run_id, bug, component, class, side, outcome, "
                        "detail, triggered, memcheck, diagnostic, command) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (const auto &r : rows) {
    insert.bind(1, id)
        .bind(2, r.bug)
        .bind(3, r.component)
        .bind(4, r.bug_class)
        .bind(5, r.side)
        .bind(6, r.outcome)
        .bind(7, r.detail)
        .bind(8, int64_t{r.triggered})
        .bind(9, r.memcheck)
        .bind(10, r.diagnostic)
        .bind(11, r.command)
        .run();
  }
  tx.commit();
  return id;
}

std::optional<ConsequenceRunRow> Store::latest_consequence_run() {
  Statement s(db_, "SELECT id, name, created, environment_id FROM consequence_runs "
                   "ORDER BY id DESC LIMIT 1");
  if (!s.step()) return std::nullopt;
  return ConsequenceRunRow{s.integer("id"), s.text("name"), s.text("created"),
                           s.integer("environment_id")};
}

bool Store::consequence_run_named(const std::string &name) {
  return Statement(db_, "SELECT 1 FROM consequence_runs WHERE name = ?").bind(1, name).step();
}

void Store::set_coverage(const CoverageRow &r) {
  Statement insert(db_, "INSERT OR REPLACE INTO coverage(run_id, component, impl, trial, snapshot, "
                        "lines, lines_covered, regions, regions_covered, branches, "
                        "branches_covered, functions, functions_covered, files, never_entered, "
                        "vector_lines, vector_lines_reached, bug_site_covered) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, r.run_id)
      .bind(2, r.component)
      .bind(3, r.impl)
      .bind(4, int64_t{r.trial})
      .bind(5, r.snapshot)
      .bind(6, r.lines)
      .bind(7, r.lines_covered)
      .bind(8, r.regions)
      .bind(9, r.regions_covered)
      .bind(10, r.branches)
      .bind(11, r.branches_covered)
      .bind(12, r.functions)
      .bind(13, r.functions_covered)
      .bind(14, join(r.files))
      .bind(15, join(r.never_entered));
  if (r.vector_lines && r.vector_lines_reached) {
    insert.bind(16, *r.vector_lines).bind(17, *r.vector_lines_reached);
  } else {
    insert.bind_null(16).bind_null(17);
  }
  if (r.bug_site_covered) {
    insert.bind(18, int64_t{*r.bug_site_covered});
  } else {
    insert.bind_null(18);
  }
  insert.run();
}

std::vector<CoverageRow> Store::coverage(int64_t campaign_id) {
  Statement s(db_, "SELECT c.run_id, c.component, c.impl, c.trial, c.snapshot, c.lines, "
                   "c.lines_covered, c.regions, c.regions_covered, c.branches, c.branches_covered, "
                   "c.functions, c.functions_covered, c.files, c.never_entered, "
                   "c.vector_lines, c.vector_lines_reached, c.bug_site_covered FROM coverage c "
                   "JOIN runs r ON c.run_id = r.id WHERE r.campaign_id = ? "
                   "ORDER BY c.component, c.impl, c.trial, c.snapshot");
  s.bind(1, campaign_id);
  std::vector<CoverageRow> out;
  while (s.step()) {
    out.push_back({s.integer("run_id"), s.text("component"), s.text("impl"),
                   static_cast<int>(s.integer("trial")), s.text("snapshot"), s.integer("lines"),
                   s.integer("lines_covered"), s.integer("regions"), s.integer("regions_covered"),
                   s.integer("branches"), s.integer("branches_covered"), s.integer("functions"),
                   s.integer("functions_covered"), split(s.text("files")),
                   split(s.text("never_entered")), s.optional_integer("vector_lines"),
                   s.optional_integer("vector_lines_reached")});
    if (const auto covered = s.optional_integer("bug_site_covered"))
      out.back().bug_site_covered = *covered != 0;
  }
  return out;
}

std::vector<ConsequenceRow> Store::consequences(int64_t run_id) {
  Statement s(db_, "SELECT bug, component, class, side, outcome, detail, triggered, memcheck, "
                   "diagnostic, command FROM consequences WHERE run_id = ? ORDER BY rowid");
  s.bind(1, run_id);
  std::vector<ConsequenceRow> out;
  while (s.step()) {
    out.push_back({s.text("bug"), s.text("component"), s.text("class"), s.text("side"),
                   s.text("outcome"), s.text("detail"), s.integer("triggered") != 0,
                   s.text("memcheck"), s.text("diagnostic"), s.text("command")});
  }
  return out;
}

} // namespace twinbench::cli
