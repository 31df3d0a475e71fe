#include "project.h"

#include <sstream>

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
  return Project{fs::canonical(root)};
}

const std::vector<std::string> &Project::components() {
  static const std::vector<std::string> list = [] {
    std::vector<std::string> out;
    std::stringstream in(TB_COMPONENT_LIST);
    for (std::string name; std::getline(in, name, ',');) out.push_back(name);
    return out;
  }();
  return list;
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

} // namespace twinbench::cli
