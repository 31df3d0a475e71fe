// The store's row readers and the helpers its table families share (store/*_tables.cc):
// internal to store/, included after store.h.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/store.h"

namespace twinbench::cli::store_rows {

inline std::string join(const std::vector<std::string> &v) { return nlohmann::json(v).dump(); }

inline std::vector<std::string> split(const std::string &json_text) {
  return nlohmann::json::parse(json_text).get<std::vector<std::string>>();
}

inline CampaignRow campaign_from(const Statement &s) {
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
inline const char *const campaign_columns =
    "id, name, created, environment_id, budget_seconds, trials, jobs, components, impls, "
    "extra_flags, timeout_seconds, rss_limit_mb, status, bugs, origin, engine";

inline Statement &bind_optional(Statement &s, int index, const std::optional<double> &value) {
  return value ? s.bind(index, *value) : s.bind_null(index);
}

inline RunRow run_from(const Statement &s) {
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
inline const char *const run_columns =
    "id, campaign_id, component, impl, trial, seed, elapsed_seconds, execs, restarts, status, "
    "dir, bug, reached_seconds, triggered_seconds, detected_seconds, detected_by, detected_execs, "
    "engine";

inline ArtifactRow artifact_from(const Statement &s) {
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
inline const char *const artifact_columns =
    "a.id, a.run_id, a.path, a.kind, a.found_elapsed_seconds, a.found_at, a.crash_id";

inline CrashRow crash_from(const Statement &s) {
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
inline const char *const crash_columns =
    "id, campaign_id, signature, component, side, type, class, frames, first_seen, count, "
    "binary, input_path, minimized_path, report_path, reliability";

inline BenchRunRow bench_run_from(const Statement &s) {
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
inline const char *const bench_run_columns =
    "id, name, created, environment_id, components, "
    "repetitions, min_time, pin, command, status, measure, runs";

} // namespace twinbench::cli::store_rows
