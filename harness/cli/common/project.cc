#include "common/project.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>
#include <type_traits>

#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

namespace twinbench::cli {

namespace {

std::string manifest_error(const fs::path &file, const std::string &what) {
  return file.string() + ": " + what;
}

// An optional key of a given JSON type; `fallback` when absent. The check is the manifest's
// own: nlohmann's exception for a wrong type would not name the file.
template <typename T>
T optional_value(const nlohmann::json &object, const char *key, T fallback, const fs::path &file,
                 const std::string &where) {
  if (!object.contains(key)) return fallback;
  const auto &v = object[key];
  const bool fits = std::is_same_v<T, bool> ? v.is_boolean() : v.is_string();
  if (!fits) {
    throw UserError(
        manifest_error(file, where + "\"" + key + "\" must be " +
                                 (std::is_same_v<T, bool> ? "true or false" : "a string")));
  }
  return v.get<T>();
}

std::string required_string(const nlohmann::json &object, const char *key, const fs::path &file,
                            const std::string &where) {
  if (!object.contains(key) || !object[key].is_string() || object[key].get<std::string>().empty()) {
    throw UserError(manifest_error(file, where + "has no \"" + key + "\""));
  }
  return object[key].get<std::string>();
}

} // namespace

std::vector<std::string> Component::checked() const {
  std::vector<std::string> names;
  for (const auto &impl : implementations) {
    if (!impl.baseline) names.push_back(impl.name);
  }
  return names;
}

std::vector<std::string> Component::fuzz_targets() const {
  std::vector<std::string> targets = checked();
  if (targets.size() > 1) targets.push_back("diff");
  if (threads) {
    // ThreadSanitizer builds (harness/fuzz/CMakeLists.txt): the C implementations, and the Rust
    // twin (its crates instrumented, its std as shipped).
    for (const auto &impl : implementations) {
      if (!impl.baseline &&
          (impl.language == "c" || (impl.language == "rust" && impl.kind == "twin"))) {
        targets.push_back(impl.name + "_tsan");
      }
    }
  }
  return targets;
}

const Implementation *Component::find(const std::string &impl) const {
  for (const auto &i : implementations) {
    if (i.name == impl) return &i;
  }
  return nullptr;
}

Component read_manifest(const fs::path &manifest) {
  nlohmann::json j;
  try {
    std::ifstream in(manifest);
    j = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception &e) {
    throw UserError(manifest_error(manifest, std::string("not valid JSON (") + e.what() + ")"));
  }
  if (!j.is_object()) throw UserError(manifest_error(manifest, "is not a JSON object"));
  Component c;
  c.name = required_string(j, "name", manifest, "");
  if (c.name != manifest.parent_path().filename().string()) {
    throw UserError(manifest_error(manifest, "names component '" + c.name + "' but lives in " +
                                                 manifest.parent_path().filename().string()));
  }
  static const std::regex component_name("[a-z][a-z0-9_]*"), impl_name("[a-z][a-z0-9_-]*");
  if (!std::regex_match(c.name, component_name)) {
    throw UserError(
        manifest_error(manifest, "component name '" + c.name + "' must be [a-z][a-z0-9_]*"));
  }
  c.title = optional_value<std::string>(j, "title", c.name, manifest, "");
  c.spec = required_string(j, "spec", manifest, "");
  c.threads = optional_value(j, "threads", false, manifest, "");
  if (!j.contains("implementations") || !j["implementations"].is_array() ||
      j["implementations"].empty()) {
    throw UserError(manifest_error(manifest, "needs a non-empty \"implementations\" list"));
  }
  for (const auto &entry : j["implementations"]) {
    if (!entry.is_object())
      throw UserError(manifest_error(manifest, "an implementation is not an object"));
    const std::string where = "implementation " + std::to_string(c.implementations.size()) + " ";
    Implementation impl;
    impl.name = required_string(entry, "name", manifest, where);
    impl.language = required_string(entry, "language", manifest, where);
    impl.kind = required_string(entry, "kind", manifest, where);
    impl.build = required_string(entry, "build", manifest, where);
    impl.baseline = optional_value(entry, "baseline", false, manifest, where);
    impl.upstream = optional_value<std::string>(entry, "upstream", "", manifest, where);
    if (entry.contains("source")) {
      const auto &src = entry["source"];
      const std::string at = where + "source ";
      if (!src.is_object()) throw UserError(manifest_error(manifest, at + "is not an object"));
      Source &s = impl.source;
      auto text = [&](const char *key) { return required_string(src, key, manifest, at); };
      if (src.contains("debian")) {
        s = {"debian", text("debian"), text("upstream"), text("patches"), text("orig_sha256")};
        if (s.patches != "upstream" && s.patches != "debian") {
          throw UserError(manifest_error(manifest, at + "\"patches\" must be upstream or debian"));
        }
      } else if (src.contains("path")) {
        s.kind = "path";
        s.path = text("path");
      } else if (src.contains("crate")) {
        s.kind = "crate";
        s.crate = text("crate");
        s.version = text("version");
      } else {
        throw UserError(manifest_error(manifest, at + "needs \"debian\", \"path\" or \"crate\""));
      }
    }
    if (!std::regex_match(impl.name, impl_name) || impl.name == "diff" ||
        impl.name.ends_with("_tsan")) {
      throw UserError(manifest_error(manifest, "implementation name '" + impl.name +
                                                   "' must be [a-z][a-z0-9_-]*, not diff and "
                                                   "not ending in _tsan (fuzz target names)"));
    }
    if (impl.language != "c" && impl.language != "cpp" && impl.language != "rust") {
      throw UserError(manifest_error(manifest, impl.name + ": language '" + impl.language +
                                                   "' is not c, cpp or rust"));
    }
    if (impl.kind != "twin" && impl.kind != "library") {
      throw UserError(manifest_error(manifest, impl.name + ": kind '" + impl.kind +
                                                   "' is not twin or library"));
    }
    // c-lib and c_lib would share a getter and a build target.
    auto id = [](std::string n) {
      std::replace(n.begin(), n.end(), '-', '_');
      return n;
    };
    for (const auto &other : c.implementations) {
      if (id(other.name) == id(impl.name)) {
        throw UserError(manifest_error(manifest, "two implementations named " + impl.name +
                                                     " (or the same with - for _)"));
      }
    }
    c.implementations.push_back(std::move(impl));
  }
  if (c.checked().empty()) {
    throw UserError(manifest_error(manifest, "has no implementation held to the spec"));
  }
  return c;
}

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
    const fs::path manifest = entry.path() / "component.json";
    if (entry.is_directory() && fs::exists(manifest)) {
      project.components.push_back(read_manifest(manifest));
    }
  }
  std::sort(project.components.begin(), project.components.end(),
            [](const Component &a, const Component &b) { return a.name < b.name; });
  for (const auto &comp : project.components) {
    const fs::path catalogue = project.root / "corpora" / comp.name / "bugs.json";
    if (!fs::exists(catalogue)) continue;
    auto bugs = read_bug_catalogue(catalogue, comp.name);
    std::sort(bugs.begin(), bugs.end(), [](const Bug &a, const Bug &b) { return a.id < b.id; });
    project.bugs.insert(project.bugs.end(), bugs.begin(), bugs.end());
  }
  return project;
}

std::vector<std::string> Project::component_names() const {
  std::vector<std::string> names;
  for (const auto &c : components) names.push_back(c.name);
  return names;
}

const Component &Project::component(const std::string &name) const {
  for (const auto &c : components) {
    if (c.name == name) return c;
  }
  throw UserError("unknown component '" + name + "' (see twinbench list)");
}

const Bug &Project::bug(const std::string &id) const {
  for (const auto &b : bugs) {
    if (b.id == id) return b;
  }
  throw UserError("unknown bug '" + id + "' (see twinbench bugs)");
}

std::vector<const Bug *> Project::select_bugs(const std::vector<std::string> &ids) const {
  std::vector<const Bug *> out;
  const bool every = ids.empty() || (ids.size() == 1 && ids[0] == "all");
  if (every) {
    for (const auto &b : bugs) out.push_back(&b);
  } else {
    for (const auto &id : ids) out.push_back(&bug(id));
  }
  if (out.empty()) throw UserError("the catalogue is empty: no corpora/*/bugs.json");
  return out;
}

std::string Project::twin(const std::string &comp, const std::string &language) const {
  for (const auto &impl : component(comp).implementations) {
    if (impl.kind == "twin" && impl.language == language && !impl.baseline) return impl.name;
  }
  throw UserError(comp + " has no " + language + " twin");
}

std::vector<std::pair<std::string, std::string>> Project::bug_configurations(const Bug &bug) const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto &language : bug.built_languages()) {
    const std::string twin = this->twin(bug.component, language);
    out.emplace_back(language, twin);
    if (language == "c" && bug.bug_class != "data-race") out.emplace_back("c+int", twin + "+int");
  }
  return out;
}

std::string Project::detecting_target(const Bug &bug, const std::string &impl) const {
  if (impl.ends_with("+int")) return impl.substr(0, impl.size() - 4) + "_int";
  if (bug.bug_class == "data-race" && component(bug.component).find(impl) != nullptr) {
    return impl + "_tsan";
  }
  return impl;
}

fs::path Project::bug_binary(const Bug &bug, const std::string &impl,
                             const std::string &preset) const {
  return root / "build" / preset / "bin" / bug.binary_name(detecting_target(bug, impl));
}

fs::path Project::fuzz_binary(const std::string &comp, const std::string &target,
                              const std::string &preset) const {
  return root / "build" / preset / "bin" / ("fuzz_" + comp + "_" + target);
}

std::vector<std::string> Project::harness_targets() const {
  std::vector<std::string> names;
  for (const auto &entry : fs::directory_iterator(root / "harness" / "fuzz" / "self")) {
    if (entry.path().extension() == ".cc") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
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
  std::ostringstream text;
  text << in.rdbuf(); // one buffered copy, not a character at a time
  return text.str();
}

const fs::path &require_built(const fs::path &binary, const std::string &preset) {
  if (!fs::exists(binary)) {
    throw UserError(binary.string() + " is missing: build the " + preset +
                    " preset (scripts/twinbench builds it)");
  }
  return binary;
}

void write_file_atomically(const fs::path &path, const std::string &content) {
  const fs::path tmp = path.string() + ".tmp";
  // POSIX calls rather than a stream: the reason a write fails (ENOSPC) is the message.
  int error = 0;
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) error = errno;
  for (size_t done = 0; fd >= 0 && !error && done < content.size();) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno != EINTR) error = errno;
    if (n == 0) error = EIO; // a regular file that takes nothing: never loop on it
    if (n > 0) done += static_cast<size_t>(n);
  }
  if (fd >= 0 && ::close(fd) != 0 && !error) error = errno;
  if (error) {
    std::error_code ec;
    fs::remove(tmp, ec);
    throw UserError("cannot write " + path.string() + ": " + std::strerror(error));
  }
  fs::rename(tmp, path);
}

const fs::path &require_bug_build(const fs::path &binary, const std::string &preset) {
  if (!fs::exists(binary)) {
    throw UserError(binary.string() +
                    " is missing: build the seeded bugs (cmake --build --preset " + preset +
                    " --target seeded_bugs; scripts/twinbench witness and consequences "
                    "build them)");
  }
  return binary;
}

} // namespace twinbench::cli
