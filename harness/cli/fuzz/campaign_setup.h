// A new campaign: its row, one run per (component, fuzz target, trial), each run's directory
// with a corpus seeded from corpora/<comp>/seeds, all in one transaction.
#pragma once

#include "fuzz/campaign.h"
#include "store/store.h"

namespace twinbench::cli {

// UserError for a taken name, an unknown component or implementation, or a missing binary.
CampaignRow create_campaign(const Project &project, Store &store, const FuzzOptions &options);

} // namespace twinbench::cli
