// The environment a campaign or benchmark ran in: compilers, flags, CPU, kernel, git revision.
#pragma once

#include <nlohmann/json.hpp>

#include "project.h"

namespace twinbench::cli {

// Reads build/<preset>/build-info.json and asks the tools for their versions.
nlohmann::json capture_environment(const Project &project, const std::string &preset);

} // namespace twinbench::cli
