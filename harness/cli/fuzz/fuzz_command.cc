// `twinbench fuzz`: create or resume a campaign, fuzz (scheduler.h), triage (triage_pass.h),
// print the unique crashes.
#include <cstdio>

#include <fmt/format.h>

#include "common/table.h"
#include "fuzz/campaign.h"
#include "fuzz/campaign_setup.h"
#include "fuzz/interrupt.h"
#include "fuzz/scheduler.h"
#include "fuzz/triage_pass.h"

namespace twinbench::cli {

double parse_duration(const std::string &text) {
  size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception &) {
    throw UserError("'" + text + "' is not a duration (e.g. 90s, 10m, 1h)");
  }
  const std::string unit = text.substr(used);
  double scale = unit.empty() || unit == "s" ? 1 : unit == "m" ? 60 : unit == "h" ? 3600 : -1;
  if (scale < 0 || value <= 0)
    throw UserError("'" + text + "' is not a duration (e.g. 90s, 10m, 1h)");
  return value * scale;
}

int fuzz_command(const Project &project, const FuzzOptions &options) {
  fs::path db_path = options.db.empty() ? project.default_store() : options.db;
  fs::create_directories(db_path.parent_path());
  Store store(db_path);

  CampaignRow campaign;
  if (!options.resume.empty()) {
    auto found = store.find_campaign(options.resume);
    if (!found) throw UserError("no campaign '" + options.resume + "' in " + db_path.string());
    campaign = *found;
    fmt::print("resuming campaign {} ({})\n", campaign.name, campaign.status);
    if (options.retry_unreproduced) {
      const auto ids = store.unfold_unreproduced_crashes(campaign.id);
      for (int64_t id : ids) {
        fs::remove_all(project.campaign_dir(campaign.name) / "crashes" / std::to_string(id));
      }
      fmt::print("triaging again the artifacts of {} crash(es) that did not reproduce\n",
                 ids.size());
    }
  } else {
    campaign = create_campaign(project, store, options);
    fmt::print("campaign {}: {} runs of {:.0f} s, {} at a time; store {}\n", campaign.name,
               store.runs(campaign.id).size(), campaign.budget_seconds, campaign.jobs,
               db_path.string());
  }
  std::fflush(stdout);

  if (!Scheduler(project, store, campaign, options).run()) {
    fmt::print(stderr, "twinbench: interrupted; continue with: twinbench fuzz --resume {}\n",
               campaign.name);
    return 130;
  }
  {
    InterruptGuard guard;
    triage_campaign(project, store, campaign, options);
    if (interrupt_requested()) {
      fmt::print(stderr, "twinbench: interrupted; continue with: twinbench fuzz --resume {}\n",
                 campaign.name);
      return 130;
    }
  }
  auto crashes = store.crashes(campaign.id);
  fmt::print("campaign {} done: {} unique crashes\n", campaign.name, crashes.size());
  std::vector<Row> rows;
  for (const auto &c : crashes) {
    rows.push_back({std::to_string(c.id), c.component, c.side, c.crash_class, c.type,
                    std::to_string(c.count)});
  }
  if (!rows.empty()) {
    fmt::print("{}", render_table({"crash", "component", "side", "class", "type", "count"}, rows));
  }
  return options.fail_on_crash && !crashes.empty() ? 1 : 0;
}

} // namespace twinbench::cli
