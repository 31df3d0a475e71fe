#include "common/bug_catalogue.h"

#include <algorithm>
#include <fstream>
#include <regex>

#include <nlohmann/json.hpp>

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

std::vector<Bug> read_bug_catalogue(const std::filesystem::path &file,
                                    const std::string &component) {
  auto error = [&](const std::string &what) { return UserError(file.string() + ": " + what); };
  nlohmann::json j;
  try {
    std::ifstream in(file);
    j = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception &e) {
    throw error(std::string("not valid JSON (") + e.what() + ")");
  }
  if (!j.is_object() || !j.contains("bugs") || !j["bugs"].is_array() || j["bugs"].empty()) {
    throw error("needs a non-empty \"bugs\" list");
  }
  const std::regex id_form(component + "-[a-z0-9]+(-[a-z0-9]+)*");
  std::vector<Bug> bugs;
  for (const auto &entry : j["bugs"]) {
    const std::string where = "bug " + std::to_string(bugs.size());
    auto field = [&](const char *key) {
      if (!entry.is_object() || !entry.contains(key) || !entry[key].is_string() ||
          entry[key].get<std::string>().empty()) {
        throw error(where + " has no \"" + key + "\"");
      }
      return entry[key].get<std::string>();
    };
    Bug bug;
    bug.id = field("id");
    bug.component = component;
    bug.bug_class = field("class");
    bug.clause = field("clause");
    bug.title = field("title");
    bug.description = field("description");
    bug.c = parse_expectation(field("c"));
    bug.rust = parse_expectation(field("rust"));
    bug.witness = file.parent_path() / "bugs" / bug.id;
    auto optional_field = [&](const char *key) {
      if (!entry.contains(key)) return std::string();
      if (!entry[key].is_string() || entry[key].get<std::string>().empty()) {
        throw error(bug.id + ": \"" + key + "\" must be a non-empty string");
      }
      return entry[key].get<std::string>();
    };
    bug.cwe = field("cwe");
    static const std::regex cwe_form(R"(CWE-[1-9]\d*)");
    if (!std::regex_match(bug.cwe, cwe_form)) {
      throw error(bug.id + ": \"cwe\" is written CWE-<number>, not '" + bug.cwe + "'");
    }
    if (entry.contains("rust_unsafe") && !entry["rust_unsafe"].is_boolean()) {
      throw error(bug.id + ": \"rust_unsafe\" is true or false");
    }
    bug.rust_unsafe = entry.value("rust_unsafe", false);
    bug.unsafe_for = optional_field("unsafe_for");
    if (bug.rust_unsafe != !bug.unsafe_for.empty() ||
        (bug.rust_unsafe && bug.unsafe_for != "speed" && bug.unsafe_for != "c-boundary")) {
      throw error(bug.id + ": a bug with \"rust_unsafe\": true says why the unsafe is there, " +
                  "\"unsafe_for\": \"speed\" or \"c-boundary\" (and only such a bug)");
    }
    bug.rust_native_failure = optional_field("rust_native_failure");
    if (!bug.rust_native_failure.empty() && bug.rust.crash_class != "panic") {
      throw error(bug.id + ": \"rust_native_failure\" names the idiom behind a Rust panic, and " +
                  "its Rust side is '" + bug.rust.text + "'");
    }
    bug.unwritable_by = optional_field("unwritable_by");
    bug.variant_of = optional_field("variant_of");
    if (!bug.unwritable_by.empty() && !bug.rust.compile_fail()) {
      throw error(bug.id + ": \"unwritable_by\" names the rule behind a compile-fail case, and " +
                  "its Rust side is '" + bug.rust.text + "'");
    }
    if (!std::regex_match(bug.id, id_form)) {
      throw error("bug id '" + bug.id + "' must be " + component +
                  "-<words>, lower case, '-' between");
    }
    if (std::find(kBugClasses.begin(), kBugClasses.end(), bug.bug_class) == kBugClasses.end()) {
      throw error(bug.id + ": class '" + bug.bug_class + "' is not a known bug class");
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
