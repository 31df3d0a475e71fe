// The fuzzing tables: environments, campaigns, their runs and samples, disagreements, artifacts
// and the crashes they fold into.
#include <fmt/format.h>

#include "store/rows.h"
#include "store/store.h"

namespace twinbench::cli {

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
  Statement s(db_,
              fmt::format("SELECT {} FROM campaigns WHERE name = ?", store_rows::campaign_columns));
  s.bind(1, name);
  if (!s.step()) return std::nullopt;
  return store_rows::campaign_from(s);
}

std::vector<CampaignRow> Store::campaigns() {
  Statement s(db_,
              fmt::format("SELECT {} FROM campaigns ORDER BY id", store_rows::campaign_columns));
  std::vector<CampaignRow> out;
  while (s.step()) out.push_back(store_rows::campaign_from(s));
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
      .bind(7, store_rows::join(c.components))
      .bind(8, store_rows::join(c.impls))
      .bind(9, store_rows::join(c.extra_flags))
      .bind(10, c.timeout_seconds)
      .bind(11, c.rss_limit_mb)
      .bind(12, c.status)
      .bind(13, store_rows::join(c.bugs))
      .bind(14, c.origin)
      .bind(15, c.engine)
      .run();
  return db_.last_insert_id();
}

void Store::set_campaign_status(int64_t id, const std::string &status) {
  Statement(db_, "UPDATE campaigns SET status = ? WHERE id = ?").bind(1, status).bind(2, id).run();
}

std::vector<RunRow> Store::runs(int64_t campaign_id) {
  Statement s(db_, fmt::format("SELECT {} FROM runs WHERE campaign_id = ? ORDER BY id",
                               store_rows::run_columns));
  s.bind(1, campaign_id);
  std::vector<RunRow> out;
  while (s.step()) out.push_back(store_rows::run_from(s));
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
  store_rows::bind_optional(update, 5, r.reached_seconds);
  store_rows::bind_optional(update, 6, r.triggered_seconds);
  store_rows::bind_optional(update, 7, r.detected_seconds);
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
    store_rows::bind_optional(insert, 6, d.first_seconds);
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
                               store_rows::artifact_columns));
  s.bind(1, campaign_id);
  std::vector<ArtifactRow> out;
  while (s.step()) out.push_back(store_rows::artifact_from(s));
  return out;
}

std::vector<ArtifactRow> Store::artifacts(int64_t campaign_id) {
  Statement s(db_, fmt::format("SELECT {} FROM artifacts a JOIN runs r ON a.run_id = r.id "
                               "WHERE r.campaign_id = ? ORDER BY a.id",
                               store_rows::artifact_columns));
  s.bind(1, campaign_id);
  std::vector<ArtifactRow> out;
  while (s.step()) out.push_back(store_rows::artifact_from(s));
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
        .bind(7, store_rows::join(c.frames))
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
                               store_rows::crash_columns));
  if (campaign_id) {
    s.bind(1, *campaign_id).bind(2, *campaign_id);
  }
  std::vector<CrashRow> out;
  while (s.step()) out.push_back(store_rows::crash_from(s));
  return out;
}

std::optional<CrashRow> Store::crash(int64_t id) {
  Statement s(db_, fmt::format("SELECT {} FROM crashes WHERE id = ?", store_rows::crash_columns));
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  return store_rows::crash_from(s);
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

} // namespace twinbench::cli
