// The triage half of a campaign, after fuzzing so it takes no core from the measured runs:
// every artifact not yet triaged is reproduced, classified (fuzz/triage.h), folded into a crash
// by its signature, and a new crash minimised. Each step commits: an interrupted triage
// resumes where it stopped.
#pragma once

#include "fuzz/campaign.h"
#include "store/store.h"

namespace twinbench::cli {

// Returns when done or interrupted (interrupt_requested()); the campaign's status says which.
void triage_campaign(const Project &project, Store &store, const CampaignRow &campaign,
                     const FuzzOptions &options);

} // namespace twinbench::cli
