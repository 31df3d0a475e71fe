#include "project.h"

#include <algorithm>
#include <fstream>
#include <iterator>

namespace twinbench::cli {

Project Project::locate(const std::string &root_option) {
  fs::path root;
  if (!root_option.empty()) {
    root = root_option;
  } else {
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    root = ec ? fs::current_path() : exe.parent_path().parent_path().parent_path().parent_path();
  }
  if (!fs::exists(root / "CMakeLists.txt") || !fs::exists(root / "corpora")) {
    throw UserError(root.string() + " is not a twinbench checkout (pass --root)");
  }
  Project project{fs::canonical(root), {}};
  for (const auto &entry : fs::directory_iterator(project.root / "corpora")) {
    if (entry.is_directory()) project.components.push_back(entry.path().filename().string());
  }
  std::sort(project.components.begin(), project.components.end());
  return project;
}

void Project::require_component(const std::string &comp) const {
  if (std::find(components.begin(), components.end(), comp) == components.end()) {
    throw UserError("unknown component '" + comp + "' (see twinbench list)");
  }
}

const std::vector<std::string> &Project::fuzz_impls() {
  static const std::vector<std::string> list = {"c", "rust", "diff"};
  return list;
}

fs::path Project::fuzz_binary(const std::string &comp, const std::string &impl) const {
  return root / "build" / "fuzz" / "bin" / ("fuzz_" + comp + "_" + impl);
}

fs::path Project::bench_binary() const {
  return root / "build" / "bench" / "bin" / "twinbench_bench";
}

fs::path Project::seeds(const std::string &comp) const { return root / "corpora" / comp / "seeds"; }

fs::path Project::dictionary(const std::string &comp) const {
  return root / "corpora" / comp / (comp + ".dict");
}

std::string read_file(const fs::path &path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace twinbench::cli
