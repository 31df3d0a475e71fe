// The tables of the other evidence: seeded bugs' consequence runs and coverage.
#include <fmt/format.h>

#include "store/rows.h"
#include "store/store.h"

namespace twinbench::cli {

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
      .bind(14, store_rows::join(r.files))
      .bind(15, store_rows::join(r.never_entered));
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
                   s.integer("functions_covered"), store_rows::split(s.text("files")),
                   store_rows::split(s.text("never_entered")), s.optional_integer("vector_lines"),
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
