// The environment a campaign or benchmark ran in: compilers, flags, CPU, kernel, git revision.
#pragma once

#include <nlohmann/json.hpp>

#include "common/project.h"

namespace twinbench::cli {

// Reads build/<preset>/build-info.json and asks the tools for their versions.
nlohmann::json capture_environment(const Project &project, const std::string &preset);

// The cores this process may use (at least 1): the default number of fuzz runs at once.
int available_cores();

} // namespace twinbench::cli
