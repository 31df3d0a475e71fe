#include "common/project.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>

#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "common/manifest_schema.h"

namespace twinbench::cli {

namespace {

std::string manifest_error(const fs::path &file, const std::string &what) {
  return file.string() + ": " + what;
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

nlohmann::json read_json_manifest(const fs::path &file) {
  try {
    std::ifstream in(file);
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception &e) {
    throw UserError(manifest_error(file, std::string("not valid JSON (") + e.what() + ")"));
  }
}

Component read_manifest(const fs::path &manifest, const fs::path &schemas) {
  const nlohmann::json j = read_json_manifest(manifest);
  // Every field's type and form is the schema's; what follows is what a schema cannot say.
  check_against_schema(j, manifest, schemas / "component.schema.json");
  Component c;
  c.name = j["name"].get<std::string>();
  if (c.name != manifest.parent_path().filename().string()) {
    throw UserError(manifest_error(manifest, "names component '" + c.name + "' but lives in " +
                                                 manifest.parent_path().filename().string()));
  }
  c.title = j.value("title", c.name);
  c.spec = j["spec"].get<std::string>();
  c.threads = j.value("threads", false);
  c.contract = j.value("contract", "");
  if (j.contains("packages")) {
    c.debian_packages = j["packages"].value("debian", std::vector<std::string>{});
  }
  for (const auto &entry : j["implementations"]) {
    Implementation impl;
    impl.name = entry["name"].get<std::string>();
    impl.language = entry["language"].get<std::string>();
    impl.kind = entry["kind"].get<std::string>();
    impl.build = entry["build"].get<std::string>();
    impl.baseline = entry.value("baseline", false);
    impl.upstream = entry.value("upstream", "");
    if (entry.contains("source")) {
      const auto &src = entry["source"];
      Source &s = impl.source;
      if (src.contains("debian")) {
        s = {"debian", src["debian"], src["upstream"], src["patches"], src["orig_sha256"]};
      } else if (src.contains("path")) {
        s.kind = "path";
        s.path = src["path"].get<std::string>();
      } else {
        s.kind = "crate";
        s.crate = src["crate"].get<std::string>();
        s.version = src["version"].get<std::string>();
      }
    }
    if (impl.name == "diff" || impl.name.ends_with("_tsan")) {
      throw UserError(manifest_error(manifest, "implementation name '" + impl.name +
                                                   "' must not be diff or end in _tsan (fuzz "
                                                   "target names)"));
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

std::vector<KnownBug> read_known_bugs(const fs::path &file, const Component &component,
                                      const fs::path &schemas) {
  const nlohmann::json j = read_json_manifest(file);
  check_against_schema(j, file, schemas / "known_bugs.schema.json");
  std::vector<KnownBug> known;
  const auto targets = component.fuzz_targets();
  for (const auto &entry : j["known_bugs"]) {
    KnownBug k;
    auto text = [&](const char *key) { return entry[key].get<std::string>(); };
    k = {text("id"),
         text("implementation"),
         text("title"),
         text("class"),
         text("affects"),
         text("source"),
         file.parent_path() / text("witness"),
         text("target"),
         text("expect")};
    const std::string at = manifest_error(file, k.id + ": ");
    if (!component.find(k.implementation)) {
      throw UserError(at + "no implementation '" + k.implementation + "' in " + component.name);
    }
    if (std::find(targets.begin(), targets.end(), k.target) == targets.end()) {
      throw UserError(at + "no fuzz target '" + k.target + "' of " + component.name);
    }
    if (!fs::exists(k.witness)) throw UserError(at + "no witness " + k.witness.string());
    for (const auto &other : known) {
      if (other.id == k.id) throw UserError(at + "two known bugs named " + k.id);
    }
    known.push_back(std::move(k));
  }
  return known;
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
    for (const char *beside : {"bugs.json", "known_bugs.json"}) {
      if (!fs::exists(manifest) && fs::exists(entry.path() / beside)) {
        throw UserError(manifest_error(entry.path() / beside, "beside no component.json"));
      }
    }
    if (entry.is_directory() && fs::exists(manifest)) {
      Component comp = read_manifest(manifest, project.schemas());
      if (const fs::path known = entry.path() / "known_bugs.json"; fs::exists(known)) {
        comp.known_bugs = read_known_bugs(known, comp, project.schemas());
      }
      project.components.push_back(std::move(comp));
    }
  }
  std::sort(project.components.begin(), project.components.end(),
            [](const Component &a, const Component &b) { return a.name < b.name; });
  for (const auto &comp : project.components) {
    const fs::path catalogue = project.root / "corpora" / comp.name / "bugs.json";
    if (!fs::exists(catalogue)) continue;
    auto bugs = read_bug_catalogue(catalogue, comp.name, project.schemas());
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
