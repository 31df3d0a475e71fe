// The registry as the programs that are not the CLI read it: CMake includes registry_cmake()'s
// text at configure time, the scripts read registry_json(). Both come from Project::locate, the
// one reader of the manifests (harness/registry/main.cc runs it before the CLI is built).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "common/project.h"

namespace twinbench::cli {

// CMake set() lines for every component, implementation, seeded bug and known bug
// (harness/cmake/Registry.cmake lists the variables).
std::string registry_cmake(const Project &project);

// Every manifest as read: {"components": [...], "bugs": [...]}, paths from the checkout.
nlohmann::json registry_json(const Project &project);

// Every Debian binary package the manifests declare, sorted, once each.
std::vector<std::string> registry_debian_packages(const Project &project);

} // namespace twinbench::cli
