// `twinbench import DIR`: what ClusterFuzzLite or OSS-Fuzz found, brought home as a campaign of
// its own (docs/SCALE.md). DIR is laid out as ClusterFuzzLite leaves it:
//   artifacts/<fuzz target>/<sanitizer>/<kind>-<hash>   a testcase (crash-, oom-, timeout-,
//                                                       leak-, slow-unit-), its stack trace in
//                                                       <kind>-<hash>.summary beside it
//   corpus/<fuzz target>/...                            the corpus (the storage repository's)
// (also out/artifacts/ and cifuzz-corpus/, and testcases straight under the target's folder).
// Everything is checked before anything is written; then each testcase is re-triaged here on
// the local fuzz binary with the one signature rule, so a crash found there and here is one
// crash with two sightings.
#include <set>

#include <fmt/format.h>

#include "commands.h"
#include "common/environment.h"
#include "common/table.h"
#include "fuzz/campaign.h"
#include "fuzz/import_layout.h"
#include "fuzz/limits.h"
#include "fuzz/triage_pass.h"
#include "store/store.h"

namespace twinbench::cli {

int import_command(const Project &project, const ImportOptions &options) {
  const auto targets = import_targets(project);
  const ImportPlan plan = scan_import(options.dir, targets);

  const fs::path db_path = options.db.empty() ? project.default_store() : options.db;
  fs::create_directories(db_path.parent_path());
  Store store(db_path);
  CampaignRow c;
  c.name =
      options.campaign.empty()
          ? fresh_name("import",
                       [&](const std::string &n) { return store.find_campaign(n).has_value(); })
          : options.campaign;
  require_plain_name("campaign", c.name);
  if (store.find_campaign(c.name)) {
    throw UserError("a campaign named '" + c.name + "' is already in the store");
  }
  std::set<std::string> seen;
  for (const auto &t : plan.testcases) seen.insert(t.target);
  for (const auto &[target, files] : plan.corpus) seen.insert(target);
  std::set<std::string> components, impls;
  for (const auto &t : seen) {
    components.insert(targets.at(t).component);
    impls.insert(targets.at(t).impl);
  }
  c.created = now_iso8601();
  c.environment_id = store.add_environment(capture_environment(project, "fuzz"));
  c.components.assign(components.begin(), components.end());
  c.impls.assign(impls.begin(), impls.end());
  c.timeout_seconds = kLibFuzzerTimeoutSeconds;
  c.rss_limit_mb = kLibFuzzerRssLimitMb;
  c.status = "triaging";
  c.origin = options.origin.empty() ? "clusterfuzzlite:" + fs::absolute(options.dir).string()
                                    : options.origin;

  // The files first, then every row in one transaction: an import killed before the commit
  // leaves no campaign (import again), one killed after it a whole campaign whose triage
  // `fuzz --resume` finishes.
  const fs::path home = project.campaign_dir(c.name) / "imported";
  for (const auto &target : seen) fs::create_directories(home / target);
  size_t corpus_files = 0;
  for (const auto &[target, files] : plan.corpus) {
    const fs::path to = home / target / "corpus";
    fs::create_directories(to);
    for (const auto &[from, name] : files) {
      fs::create_directories((to / name).parent_path());
      fs::copy_file(from, to / name, fs::copy_options::overwrite_existing);
      corpus_files++;
    }
  }
  std::vector<fs::path> copied; // each testcase's copy, in plan.testcases' order
  for (const auto &t : plan.testcases) {
    const fs::path to = home / t.target / (t.sanitizer.empty() ? "unknown" : t.sanitizer);
    fs::create_directories(to);
    fs::copy_file(t.path, to / t.path.filename(), fs::copy_options::overwrite_existing);
    if (t.has_summary) {
      fs::copy_file(t.path.string() + ".summary", to / (t.path.filename().string() + ".summary"),
                    fs::copy_options::overwrite_existing);
    }
    copied.push_back(to / t.path.filename());
  }
  {
    Transaction tx(store.db());
    c.id = store.add_campaign(c);
    // One run per fuzz target, holding copies of what was found there: the store keeps its own.
    std::map<std::string, int64_t> run_of;
    for (const auto &target : seen) {
      RunRow r;
      r.campaign_id = c.id;
      r.component = targets.at(target).component;
      r.impl = targets.at(target).impl;
      r.trial = 1;
      r.status = "imported";
      r.dir = (home / target).string();
      run_of[target] = store.add_run(r);
    }
    for (size_t i = 0; i < plan.testcases.size(); i++) {
      const auto &t = plan.testcases[i];
      store.add_artifact(
          {0, run_of.at(t.target), copied[i].string(), t.kind, 0, c.created, std::nullopt});
    }
    tx.commit();
  }

  FuzzOptions triage;
  triage.repro_tries = options.repro_tries;
  triage.minimize_seconds = options.minimize_seconds;
  triage_campaign(project, store, c, triage);

  std::vector<Row> rows;
  size_t known = 0;
  const auto crashes = store.crashes(c.id);
  for (const auto &crash : crashes) {
    std::vector<std::string> elsewhere;
    for (const auto &s : store.sightings(crash.signature)) {
      if (s.campaign != c.name)
        elsewhere.push_back(fmt::format("{} (crash {})", s.campaign, s.crash_id));
    }
    known += !elsewhere.empty();
    rows.push_back({std::to_string(crash.id), crash.component, crash.side, crash.crash_class,
                    crash.type, std::to_string(crash.count),
                    elsewhere.empty() ? "new" : fmt::format("{}", fmt::join(elsewhere, ", "))});
  }
  fmt::print("{}",
             render_table({"crash", "component", "side", "class", "type", "count", "also found by"},
                          rows));
  fmt::print("import {}: {} testcases and {} corpus files from {}: {} unique crashes, {} of them "
             "also found by another campaign; stored in {}\n",
             c.name, plan.testcases.size(), corpus_files, c.origin, crashes.size(), known,
             db_path.string());
  return 0;
}

} // namespace twinbench::cli
