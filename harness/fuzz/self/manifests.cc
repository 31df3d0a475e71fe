// The registry's manifests as the CLI reads them (harness/cli/common/project.cc: a component's
// component.json; bug_catalogue.cc: its bugs.json; both checked against their JSON Schemas by
// valijson first): hostile JSON is refused with a UserError naming the file, never another
// exception, and what is accepted keeps the registry's rules
// (names, what is held to the spec, one bug per id of its component).
#include <fstream>
#include <regex>
#include <set>

#include <nlohmann/json.hpp>

#include "common/bug_catalogue.h"
#include "common/project.h"
#include "invariant.h"

using namespace twinbench;

namespace {

bool plain(const std::string &name) {
  static const std::regex form("[a-z0-9_-]{1,64}");
  return std::regex_match(name, form);
}

std::filesystem::path written(const std::filesystem::path &path, const std::string &text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
  return path;
}

void read_as_component(const std::string &text, const nlohmann::json &doc) {
  // The folder is named as the manifest names its component, when that can be a folder: the
  // reader's own check of the two is fuzzed by the inputs whose name cannot.
  std::string name = "x";
  if (doc.is_object() && doc.contains("name") && doc["name"].is_string() &&
      plain(doc["name"].get<std::string>())) {
    name = doc["name"].get<std::string>();
  }
  const auto dir = selffuzz::scratch_dir() / "corpora" / name;
  std::filesystem::remove_all(dir);
  cli::Component c;
  try {
    c = cli::read_manifest(written(dir / "component.json", text), TB_SCHEMAS_DIR);
  } catch (const cli::UserError &) {
    return;
  }
  selffuzz::violation_unless(c.name == name,
                             "manifests: a component read under another folder's name");
  selffuzz::violation_unless(!c.checked().empty(),
                             "manifests: a component with nothing held to the spec");
  std::set<std::string> names;
  for (const auto &i : c.implementations) {
    selffuzz::violation_unless(names.insert(i.name).second, "manifests: two implementations named ",
                               i.name);
  }
}

void read_as_catalogue(const std::string &text, const nlohmann::json &doc) {
  const auto dir = selffuzz::scratch_dir() / "corpora" / "base64";
  std::filesystem::remove_all(dir);
  // Every witness the catalogue could name exists, so the reader's other checks are reached.
  if (doc.is_object() && doc.contains("bugs") && doc["bugs"].is_array()) {
    for (const auto &b : doc["bugs"]) {
      if (b.is_object() && b.contains("id") && b["id"].is_string() &&
          plain(b["id"].get<std::string>())) {
        written(dir / "bugs" / b["id"].get<std::string>(), "witness");
      }
    }
  }
  std::vector<cli::Bug> bugs;
  try {
    bugs = cli::read_bug_catalogue(written(dir / "bugs.json", text), "base64", TB_SCHEMAS_DIR);
  } catch (const cli::UserError &) {
    return;
  }
  std::set<std::string> ids;
  for (const auto &b : bugs) {
    selffuzz::violation_unless(b.id.starts_with("base64-"),
                               "manifests: a bug id not of its component");
    selffuzz::violation_unless(ids.insert(b.id).second, "manifests: two bugs named ", b.id);
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const std::string text = selffuzz::text_of(data, size);
  const auto doc = nlohmann::json::parse(text, nullptr, false);
  read_as_component(text, doc);
  read_as_catalogue(text, doc);
  return 0;
}
