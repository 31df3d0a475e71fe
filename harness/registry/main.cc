// twinbench-registry: the registry's one reader (harness/cli/common/project.cc, the CLI's own)
// as a small program for what runs before the CLI is built: CMake at configure time, the
// scripts, the bootstrap. scripts/registry builds and runs it.
//   twinbench-registry --root DIR --cmake FILE   writes FILE (only when its text changes)
//   twinbench-registry --root DIR --json         every manifest as read, on stdout
//   twinbench-registry --root DIR --packages     the Debian packages the manifests declare
// A malformed manifest is one line on stderr naming the file, the field and what was expected,
// and exit status 1.
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "common/registry_export.h"

using namespace twinbench::cli;

namespace {

int usage() {
  std::cerr << "usage: twinbench-registry --root DIR (--cmake FILE | --json | --packages)\n";
  return 2;
}

} // namespace

int main(int argc, char **argv) {
  std::string root, cmake_file, mode;
  for (int i = 1; i < argc; i++) {
    const std::string arg = argv[i];
    if (arg == "--root" && i + 1 < argc) {
      root = argv[++i];
    } else if (arg == "--cmake" && i + 1 < argc) {
      mode = "cmake";
      cmake_file = argv[++i];
    } else if (arg == "--json" || arg == "--packages") {
      mode = arg.substr(2);
    } else {
      return usage();
    }
  }
  if (root.empty() || mode.empty()) return usage();
  try {
    const Project project = Project::locate(root);
    if (mode == "json") {
      std::cout << registry_json(project).dump(2) << "\n";
    } else if (mode == "packages") {
      for (const auto &p : registry_debian_packages(project)) std::cout << p << "\n";
    } else {
      const std::string text = registry_cmake(project);
      std::ostringstream old;
      old << std::ifstream(cmake_file).rdbuf();
      if (old.str() != text) write_file_atomically(cmake_file, text);
    }
  } catch (const std::exception &e) {
    std::cerr << "twinbench-registry: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
