#include "coverage/own_sources.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>

namespace twinbench::cli {

fs::path sources_dir(const Project &project) {
  if (const char *dir = std::getenv("TB_SOURCES_DIR"); dir != nullptr && *dir != '\0') return dir;
  return project.root / "build" / "sources";
}

std::vector<std::pair<std::string, std::string>>
built_sources(const Project &project, const std::string &target,
              const std::vector<std::string> &presets) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto &preset : presets) {
    std::ifstream list(project.root / "build" / preset / "built-sources" / (target + ".txt"));
    if (!list) continue;
    for (std::string line; std::getline(list, line);) {
      const auto space = line.find(' ');
      if (space != std::string::npos)
        out.emplace_back(line.substr(0, space), line.substr(space + 1));
    }
    break;
  }
  return out;
}

std::vector<fs::path> crate_sources(const Source &crate) {
  const fs::path src =
      fs::path("/usr/share/cargo/registry") / (crate.crate + "-" + crate.version) / "src";
  std::vector<fs::path> out;
  std::error_code ec;
  if (!fs::is_directory(src, ec)) return out;
  for (auto it = fs::recursive_directory_iterator(src, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_directory() && it->path().filename() == "bin") {
      it.disable_recursion_pending(); // the crate's command-line tools: not the library
      continue;
    }
    if (it->is_regular_file() && it->path().extension() == ".rs") out.push_back(it->path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

namespace {

// The regular files under `dir` (recursively or not) whose extension is one of `extensions`,
// less those named in `except`.
std::vector<fs::path> files_in(const fs::path &dir, bool recursive,
                               const std::vector<std::string> &extensions,
                               const std::vector<std::string> &except) {
  std::vector<fs::path> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  auto consider = [&](const fs::directory_entry &e) {
    const std::string ext = e.path().extension().string(), name = e.path().filename().string();
    if (e.is_regular_file() &&
        std::find(extensions.begin(), extensions.end(), ext) != extensions.end() &&
        std::find(except.begin(), except.end(), name) == except.end()) {
      out.push_back(e.path());
    }
  };
  if (recursive) {
    for (const auto &e : fs::recursive_directory_iterator(dir, ec)) consider(e);
  } else {
    for (const auto &e : fs::directory_iterator(dir, ec)) consider(e);
  }
  std::sort(out.begin(), out.end());
  return out;
}

} // namespace

namespace {

std::vector<fs::path> listed_sources(const Project &project, const Component &comp,
                                     const Implementation &impl) {
  if (impl.kind == "twin") {
    if (impl.language == "rust") {
      return files_in(project.root / "targets_rust" / "crates" / comp.name / "src", true, {".rs"},
                      {"tests.rs"});
    }
    return files_in(project.root / impl.build, false, {".c", ".h"}, {"native_loop.c"});
  }
  if (impl.source.kind == "crate") return crate_sources(impl.source);
  std::string id = impl.name;
  std::replace(id.begin(), id.end(), '-', '_');
  std::vector<fs::path> out;
  for (const auto &[role, path] :
       built_sources(project, "tb_" + comp.name + "_" + id, {"coverage", "fuzz", "bench"})) {
    if (role == "library") out.emplace_back(path);
  }
  return out;
}

} // namespace

std::vector<fs::path> own_sources(const Project &project, const Component &comp,
                                  const Implementation &impl) {
  // As the compiler recorded them: real paths, through any symbolic link on the way.
  std::vector<fs::path> out;
  for (const auto &path : listed_sources(project, comp, impl)) {
    std::error_code ec;
    const fs::path real = fs::weakly_canonical(path, ec);
    out.push_back(ec ? path : real);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<fs::path> bug_site_sources(const Project &project, const Component &comp,
                                       const Implementation &impl) {
  std::vector<fs::path> out = own_sources(project, comp, impl);
  if (impl.kind == "twin" && impl.language == "rust") {
    std::error_code ec;
    const fs::path glue = fs::weakly_canonical(project.root / impl.build / "src" / "lib.rs", ec);
    if (!ec && fs::is_regular_file(glue, ec)) out.push_back(glue);
    std::sort(out.begin(), out.end());
  }
  return out;
}

} // namespace twinbench::cli
