// Unique crashes as SARIF 2.1.0 (OASIS), for code-scanning tools: `twinbench crashes --sarif`.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/store.h"

namespace twinbench::cli {

// What a SARIF consumer is told about the tool: its version (the checkout's git revision) and
// where to read about it (an absolute URI).
struct SarifTool {
  std::string version, information_uri;
};

// One run of the tool "twinbench", a rule per crash class, a result per crash: its class and
// type, located at its top project frame ("function path:line:col", relative to the checkout,
// under %SRCROOT%), fingerprinted by its signature. `campaigns` names each campaign id.
nlohmann::json sarif_log(const std::vector<CrashRow> &crashes,
                         const std::map<int64_t, std::string> &campaigns, const SarifTool &tool);

} // namespace twinbench::cli
