#include "common/bug_catalogue.h"

#include <algorithm>
#include <fstream>
#include <regex>

#include <nlohmann/json.hpp>

#include "common/manifest_schema.h"
#include "common/project.h"

namespace twinbench::cli {

const std::vector<std::string> kBugClasses = {"out-of-bounds-write",
                                              "out-of-bounds-read",
                                              "integer-overflow",
                                              "use-after-free",
                                              "double-free",
                                              "memory-leak",
                                              "uninitialised-read",
                                              "stack-exhaustion",
                                              "infinite-loop",
                                              "quadratic",
                                              "logic",
                                              "unchecked-error",
                                              "excessive-allocation",
                                              "resource-exhaustion",
                                              "data-race"};

std::string rust_verdict(const Bug &bug, const std::string &outcome) {
  if (outcome == "compile-error") {
    return bug.unwritable_by.empty() ? "refused plausible code" : "not expressible in safe Rust";
  }
  // Stopped: a panic, or the process killed (a guard page, the allocator's abort).
  if (outcome == "panic" || outcome == "crash") return "caught at run time";
  // Ran on with nothing to say so, whatever the damage at this input (the outcome names it).
  if (outcome == "memory-corruption" || outcome == "data-leak" || outcome == "wrong-result" ||
      outcome == "hang" || outcome == "leak" || outcome == "none") {
    return "silent";
  }
  return ""; // not run, or a harness failure: no outcome to name
}

Expectation parse_expectation(const std::string &text) {
  Expectation e{text, text, "", ""};
  if (auto colon = text.find(':'); colon != std::string::npos) {
    e.crash_class = text.substr(0, colon);
    e.detail = text.substr(colon + 1);
  }
  if (e.compile_fail()) {
    if (auto at = e.detail.find('@'); at != std::string::npos) {
      e.location = e.detail.substr(at + 1);
      e.detail.resize(at);
    }
  }
  return e;
}

std::string Bug::c_switch() const {
  std::string s = "TB_BUG_" + id;
  for (char &ch : s) ch = ch == '-' ? '_' : static_cast<char>(std::toupper(ch));
  return s;
}

std::string Bug::binary_name(const std::string &impl) const {
  std::string snake = id;
  std::replace(snake.begin(), snake.end(), '-', '_');
  return "bug_" + snake + "_" + impl;
}

std::vector<std::string> Bug::built_languages() const {
  if (rust.compile_fail()) return {"c"};
  return {"c", "rust"};
}

std::vector<Bug> read_bug_catalogue(const std::filesystem::path &file, const std::string &component,
                                    const std::filesystem::path &schemas) {
  auto error = [&](const std::string &what) { return UserError(file.string() + ": " + what); };
  const nlohmann::json j = read_json_manifest(file);
  // Every field's type and form is the schema's; what follows is what a schema cannot say.
  check_against_schema(j, file, schemas / "bugs.schema.json");
  const std::regex id_form(component + "-[a-z0-9]+(-[a-z0-9]+)*");
  std::vector<Bug> bugs;
  for (const auto &entry : j["bugs"]) {
    auto text = [&](const char *key) { return entry.value(key, std::string()); };
    Bug bug;
    bug.id = text("id");
    bug.component = component;
    bug.bug_class = text("class");
    bug.clause = text("clause");
    bug.title = text("title");
    bug.description = text("description");
    bug.c = parse_expectation(text("c"));
    bug.rust = parse_expectation(text("rust"));
    bug.witness = file.parent_path() / "bugs" / bug.id;
    bug.cwe = text("cwe");
    bug.rust_unsafe = entry.value("rust_unsafe", false);
    bug.unsafe_for = text("unsafe_for");
    if (bug.rust_unsafe != !bug.unsafe_for.empty()) {
      throw error(bug.id + ": a bug with \"rust_unsafe\": true says why the unsafe is there, " +
                  "\"unsafe_for\": \"speed\" or \"c-boundary\" (and only such a bug)");
    }
    bug.rust_native_failure = text("rust_native_failure");
    if (!bug.rust_native_failure.empty() && bug.rust.crash_class != "panic") {
      throw error(bug.id + ": \"rust_native_failure\" names the idiom behind a Rust panic, and " +
                  "its Rust side is '" + bug.rust.text + "'");
    }
    bug.unwritable_by = text("unwritable_by");
    bug.variant_of = text("variant_of");
    if (!bug.unwritable_by.empty() && !bug.rust.compile_fail()) {
      throw error(bug.id + ": \"unwritable_by\" names the rule behind a compile-fail case, and " +
                  "its Rust side is '" + bug.rust.text + "'");
    }
    if (!std::regex_match(bug.id, id_form)) {
      throw error("bug id '" + bug.id + "' must be " + component +
                  "-<words>, lower case, '-' between");
    }
    if (bug.c.compile_fail()) throw error(bug.id + ": C has no compile-fail cases");
    static const std::regex compile_fail_form(R"(compile-fail:E\d{4}@[^@:]+:\d+)");
    if (bug.rust.compile_fail() && !std::regex_match(bug.rust.text, compile_fail_form)) {
      throw error(bug.id +
                  ": a compile-fail case is written compile-fail:E<code>@<file>:<line> "
                  "(rustc's error code and its primary span), not '" +
                  bug.rust.text + "'");
    }
    if (!std::filesystem::exists(bug.witness)) {
      throw error(bug.id + ": no witness " + bug.witness.string());
    }
    for (const auto &other : bugs) {
      if (other.id == bug.id) throw error("two bugs named " + bug.id);
    }
    bugs.push_back(std::move(bug));
  }
  for (const auto &bug : bugs) {
    if (bug.variant_of.empty()) continue;
    auto of = std::find_if(bugs.begin(), bugs.end(),
                           [&](const Bug &b) { return b.id == bug.variant_of; });
    if (of == bugs.end() || !of->rust.compile_fail() || bug.rust.compile_fail()) {
      throw error(bug.id + ": \"variant_of\" must name a compile-fail bug of this catalogue, of "
                           "which this one is the spelling that compiles");
    }
  }
  return bugs;
}

} // namespace twinbench::cli
