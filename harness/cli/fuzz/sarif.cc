#include "fuzz/sarif.h"

#include <algorithm>
#include <optional>
#include <regex>
#include <set>

#include <fmt/format.h>

namespace twinbench::cli {

namespace {

// What each triage class is called and means, for its rule. SARIF wants a rule's name to
// differ from its id (SARIF1001 compares them ignoring case), so "timeout" is not "Timeout".
struct RuleText {
  std::string name;
  std::string description;
};

RuleText rule_text(const std::string &crash_class) {
  static const std::map<std::string, RuleText> text = {
      {"memory-safety",
       {"MemorySafetyError", "A memory-safety error reported by AddressSanitizer"}},
      {"undefined-behavior",
       {"UndefinedBehaviour", "Undefined behaviour reported by UndefinedBehaviorSanitizer"}},
      {"leak", {"MemoryLeak", "Memory leaked, reported by LeakSanitizer"}},
      {"stack-overflow", {"StackExhausted", "The stack overflowed"}},
      {"data-race", {"DataRaceReported", "A data race reported by ThreadSanitizer"}},
      {"panic", {"RustPanic", "A Rust panic"}},
      {"timeout", {"TimeLimitExceeded", "An input that ran past libFuzzer's time limit"}},
      {"oom", {"MemoryLimitExceeded", "An input that exceeded libFuzzer's memory limit"}},
      {"spec-violation",
       {"SpecBroken", "An implementation's result broke its spec (the driver's own check)"}},
      {"abort", {"AbnormalExit", "The process aborted: an assertion, std::terminate or abort()"}},
      {"divergence",
       {"ImplementationsDisagree", "Two implementations of one spec gave different results"}},
  };
  auto it = text.find(crash_class);
  if (it != text.end()) return it->second;
  return {"Finding_" + crash_class, "A fuzzing finding of class " + crash_class};
}

// "decode targets_c/base64/base64.c:120:7" -> a SARIF location; none when it names no file.
std::optional<nlohmann::json> location(const std::string &frame) {
  static const std::regex shape(R"(^(.*) ([^ :]+):(\d+)(?::(\d+))?$)");
  std::smatch m;
  if (!std::regex_match(frame, m, shape) || m[2].str().starts_with("/")) return std::nullopt;
  nlohmann::json region = {{"startLine", std::stoi(m[3])}};
  if (m[4].matched) region["startColumn"] = std::stoi(m[4]);
  return nlohmann::json{
      {"physicalLocation",
       {{"artifactLocation", {{"uri", m[2].str()}, {"uriBaseId", "%SRCROOT%"}}},
        {"region", region}}},
      {"logicalLocations", {{{"fullyQualifiedName", m[1].str()}, {"kind", "function"}}}}};
}

} // namespace

nlohmann::json sarif_log(const std::vector<CrashRow> &crashes,
                         const std::map<int64_t, std::string> &campaigns, const SarifTool &tool) {
  std::set<std::string> classes;
  for (const auto &c : crashes) classes.insert(c.crash_class);
  const std::vector<std::string> rules_order(classes.begin(), classes.end());
  nlohmann::json rules = nlohmann::json::array();
  for (const auto &k : rules_order) {
    rules.push_back({{"id", k},
                     {"name", rule_text(k).name},
                     {"shortDescription", {{"text", rule_text(k).description}}},
                     {"defaultConfiguration", {{"level", "error"}}}});
  }
  nlohmann::json results = nlohmann::json::array();
  for (const auto &c : crashes) {
    const auto campaign = campaigns.count(c.campaign_id) ? campaigns.at(c.campaign_id) : "";
    nlohmann::json result = {
        {"ruleId", c.crash_class},
        {"ruleIndex",
         std::find(rules_order.begin(), rules_order.end(), c.crash_class) - rules_order.begin()},
        {"level", "error"},
        {"message",
         {{"text", fmt::format("{} in {} (side {}), seen {} time{} in campaign {}; reproduce: "
                               "twinbench repro {}",
                               c.type, c.component, c.side, c.count, c.count == 1 ? "" : "s",
                               campaign, c.id)}}},
        {"partialFingerprints", {{"twinbenchSignature/v1", c.signature}}},
        {"properties",
         {{"crash", c.id},
          {"campaign", campaign},
          {"component", c.component},
          {"side", c.side},
          {"type", c.type},
          {"count", c.count},
          {"reliability", c.reliability},
          {"frames", c.frames}}}};
    // The top project frame: the first frame with a file in the checkout.
    for (const auto &frame : c.frames) {
      if (auto where = location(frame)) {
        result["locations"] = nlohmann::json::array({*where});
        break;
      }
    }
    results.push_back(std::move(result));
  }
  return {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
          {"version", "2.1.0"},
          {"runs",
           {{{"tool",
              {{"driver",
                {{"name", "twinbench"},
                 {"version", tool.version},
                 {"informationUri", tool.information_uri},
                 {"rules", rules}}}}},
             {"originalUriBaseIds",
              {{"%SRCROOT%", {{"description", {{"text", "the twinbench checkout"}}}}}}},
             {"results", results}}}}};
}

} // namespace twinbench::cli
