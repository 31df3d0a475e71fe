// A finished campaign in a test's store, as `twinbench fuzz` would leave it, for the tests of
// the commands that read one.
#pragma once

#include <string>
#include <vector>

#include "store/store.h"

namespace twinbench::test {

// A finished campaign "fuzzed" over `component`'s `impls`, one trial each, with no run yet;
// libFuzzer's limits as `fuzz` sets them. Its id.
inline int64_t add_finished_campaign(cli::Store &store, const std::string &component,
                                     const std::vector<std::string> &impls) {
  cli::CampaignRow c;
  c.name = "fuzzed";
  c.created = "2026-12-06T00:00:00Z";
  c.environment_id = store.add_environment({{"cpu", "t"}});
  c.budget_seconds = 1;
  c.trials = 1;
  c.jobs = 1;
  c.components = {component};
  c.impls = impls;
  c.timeout_seconds = 10;
  c.rss_limit_mb = 2048;
  c.status = "done";
  return store.add_campaign(c);
}

} // namespace twinbench::test
