// `twinbench bugs [--json]`: the seeded-bug catalogue, with what each side did in the latest
// `twinbench consequences` run of the store. The catalogue's expectations are labelled as such;
// every outcome comes from the stored run, and says "not run" where there is none.
#include <map>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "common/table.h"
#include "store/store.h"

namespace twinbench::cli {

int bugs_command(const Project &project, const BugsOptions &options) {
  const fs::path db_path = options.db.empty() ? project.default_store() : options.db;
  std::map<std::pair<std::string, std::string>, std::string> outcome; // (bug, side) -> outcome
  std::string run_name;
  if (fs::exists(db_path)) {
    Store store(db_path);
    if (auto run = store.latest_consequence_run()) {
      run_name = run->name;
      for (const auto &r : store.consequences(run->id)) outcome[{r.bug, r.side}] = r.outcome;
    }
  }
  auto seen = [&](const Bug &bug, const char *side) {
    auto it = outcome.find({bug.id, side});
    return it == outcome.end() ? std::string("not run") : it->second;
  };
  // Rust's side in four words, from the measured outcome ("not run" without one).
  auto verdict = [&](const Bug &bug) {
    const std::string word = rust_verdict(bug, seen(bug, "rust"));
    return word.empty() ? std::string("not run") : word;
  };
  if (options.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto &bug : project.bugs) {
      out.push_back({{"id", bug.id},
                     {"component", bug.component},
                     {"class", bug.bug_class},
                     {"cwe", bug.cwe},
                     {"rust_unsafe", bug.rust_unsafe},
                     {"unsafe_for", bug.unsafe_for},
                     {"rust_native_failure", bug.rust_native_failure},
                     {"clause", bug.clause},
                     {"title", bug.title},
                     {"expected", {{"c", bug.c.text}, {"rust", bug.rust.text}}},
                     {"release", {{"c", seen(bug, "c")}, {"rust", seen(bug, "rust")}}},
                     {"rust_verdict", verdict(bug)},
                     {"unwritable_by", bug.unwritable_by},
                     {"variant_of", bug.variant_of},
                     {"consequences_run", run_name}});
    }
    fmt::print("{}\n", out.dump(2));
    return 0;
  }
  std::vector<Row> rows;
  for (const auto &bug : project.bugs) {
    rows.push_back({bug.id, bug.cwe, bug.rust_unsafe ? "unsafe: " + bug.unsafe_for : "safe",
                    bug.bug_class, bug.c.text, bug.rust.text, seen(bug, "c"), seen(bug, "rust"),
                    verdict(bug), bug.clause.substr(0, bug.clause.find(':'))});
  }
  fmt::print("{}", render_table({"bug", "CWE", "Rust code", "class", "C: catalogue expects",
                                 "Rust: catalogue expects", "C release: measured",
                                 "Rust release: measured", "Rust, in four words", "clause"},
                                rows));
  fmt::print("{} seeded bugs; release outcomes from {}\n", project.bugs.size(),
             run_name.empty() ? "no consequences run yet (twinbench consequences)" : run_name);
  return 0;
}

} // namespace twinbench::cli
