// A new campaign: its row, one run per (component, fuzz target, trial) -- or, for a ground-truth
// campaign (--bugs), per (seeded bug, twin with a build of it, trial) -- each run's directory
// with a corpus seeded from corpora/<comp>/seeds (less the bug's witness), in one transaction.
#pragma once

#include "fuzz/campaign.h"
#include "fuzz/engine.h"
#include "store/store.h"

namespace twinbench::cli {

// The binary a run fuzzes with <engine> (or that triage reproduces with): its target's, or its
// bug build's, as the engine's preset builds it.
fs::path run_binary(const Project &project, const RunRow &run,
                    const Engine &engine = libfuzzer_engine());

// UserError for a taken name, an unknown component or implementation, or a missing binary.
CampaignRow create_campaign(const Project &project, Store &store, const FuzzOptions &options);

} // namespace twinbench::cli
