// `twinbench crashes --sarif`: the unique crashes as SARIF 2.1.0. The checks are the schema's
// required properties and constraints for what the log uses (sarif-schema-2.1.0: sarifLog
// needs version "2.1.0" and runs; a run, tool; a tool, driver; a driver, name; a result,
// message with text; a region's startLine >= 1; a result's ruleIndex the index of its ruleId
// in the driver's rules; level one of none, note, warning, error).
#include <algorithm>
#include <cctype>
#include <fstream>

#include <gtest/gtest.h>

#include "common/process.h"
#include "fake_checkout.h"
#include "fuzz/sarif.h"

namespace twinbench::cli {
namespace {

CrashRow crash(int64_t id, const std::string &crash_class, std::vector<std::string> frames) {
  CrashRow c;
  c.id = id;
  c.campaign_id = 7;
  c.signature = crash_class + "|sig" + std::to_string(id);
  c.component = "base64";
  c.side = "c";
  c.type = crash_class == "panic" ? "Rust panic" : "Heap-buffer-overflow WRITE 1";
  c.crash_class = crash_class;
  c.frames = std::move(frames);
  c.count = 3;
  return c;
}

TEST(Sarif, EveryCrashIsAResultWithTheRequiredPropertiesOfSarif210) {
  const auto log = sarif_log(
      {crash(1, "memory-safety", {"decode targets_c/base64/base64.c:120:7", "main harness/x.cc:3"}),
       crash(2, "panic", {"tb_base64::decode::run targets_rust/crates/base64/src/decode.rs:88:21"}),
       crash(3, "memory-safety", {})},
      {{7, "evidence-1"}}, {"abc123", "file:///checkout/README.md"});
  EXPECT_EQ(log.at("version"), "2.1.0");
  ASSERT_EQ(log.at("runs").size(), 1u);
  const auto &run = log.at("runs")[0];
  EXPECT_EQ(run.at("tool").at("driver").at("name"), "twinbench");
  EXPECT_EQ(run.at("tool").at("driver").at("version"), "abc123");
  EXPECT_EQ(run.at("tool").at("driver").at("informationUri"), "file:///checkout/README.md");
  const auto &rules = run.at("tool").at("driver").at("rules");
  const auto &results = run.at("results");
  ASSERT_EQ(results.size(), 3u);
  for (const auto &r : results) {
    EXPECT_FALSE(r.at("message").at("text").get<std::string>().empty());
    EXPECT_EQ(rules.at(r.at("ruleIndex").get<size_t>()).at("id"), r.at("ruleId"));
    const std::string level = r.at("level");
    EXPECT_TRUE(level == "none" || level == "note" || level == "warning" || level == "error");
    for (const auto &where : r.value("locations", nlohmann::json::array())) {
      EXPECT_GE(where.at("physicalLocation").at("region").at("startLine").get<int>(), 1);
    }
  }
  EXPECT_EQ(rules.size(), 2u); // one rule per class: memory-safety, panic
  EXPECT_EQ(rules[0].at("name"), "MemorySafetyError") << "a name apart from the id";
}

// SARIF1001: a rule's name must differ from its id, compared without case ("timeout" and
// "Timeout" are the same to Microsoft's multitool).
TEST(Sarif, EveryClassesRuleHasANameApartFromItsIdIgnoringCase) {
  std::vector<CrashRow> crashes;
  for (const char *k :
       {"memory-safety", "undefined-behavior", "leak", "stack-overflow", "data-race", "panic",
        "timeout", "oom", "spec-violation", "divergence", "abort", "a-class-not-known-yet"}) {
    crashes.push_back(crash(static_cast<int64_t>(crashes.size()) + 1, k, {}));
  }
  const auto log = sarif_log(crashes, {{7, "evidence-1"}}, {"abc123", "file:///x/README.md"});
  const auto &rules = log.at("runs")[0].at("tool").at("driver").at("rules");
  ASSERT_EQ(rules.size(), crashes.size());
  const auto lower = [](std::string s) {
    std::ranges::transform(s, s.begin(), [](unsigned char c) { return std::tolower(c); });
    std::erase(s, '-');
    return s;
  };
  for (const auto &rule : rules) {
    EXPECT_NE(lower(rule.at("name")), lower(rule.at("id"))) << rule.dump();
  }
}

TEST(Sarif, TheLocationIsTheTopProjectFrameUnderTheCheckoutRoot) {
  const auto log = sarif_log(
      {crash(1, "memory-safety", {"decode targets_c/base64/base64.c:120:7", "main harness/x.cc:3"}),
       crash(2, "memory-safety",
             {"memcpy /usr/include/string.h:10:1", "run harness/fuzz/base64.cc:40"}),
       crash(3, "memory-safety", {})},
      {{7, "evidence-1"}}, {"abc123", "file:///checkout/README.md"});
  const auto &results = log.at("runs")[0].at("results");
  const auto &first = results[0].at("locations")[0];
  EXPECT_EQ(first.at("physicalLocation").at("artifactLocation").at("uri"),
            "targets_c/base64/base64.c");
  EXPECT_EQ(first.at("physicalLocation").at("artifactLocation").at("uriBaseId"), "%SRCROOT%");
  EXPECT_EQ(first.at("physicalLocation").at("region").at("startLine"), 120);
  EXPECT_EQ(first.at("physicalLocation").at("region").at("startColumn"), 7);
  EXPECT_EQ(first.at("logicalLocations")[0].at("fullyQualifiedName"), "decode");
  // An absolute path is outside the checkout: the next frame, without a column, is taken.
  const auto &second = results[1].at("locations")[0].at("physicalLocation");
  EXPECT_EQ(second.at("artifactLocation").at("uri"), "harness/fuzz/base64.cc");
  EXPECT_EQ(second.at("region").at("startLine"), 40);
  EXPECT_FALSE(second.at("region").contains("startColumn"));
  // No frame: no location (SARIF allows a result without one).
  EXPECT_FALSE(results[2].contains("locations"));
}

TEST(Sarif, ACrashKeepsItsSignatureAsAFingerprintAndSaysHowToReproduceIt) {
  const auto log = sarif_log({crash(5, "panic", {})}, {{7, "evidence-1"}},
                             {"abc123", "file:///checkout/README.md"});
  const auto &r = log.at("runs")[0].at("results")[0];
  EXPECT_EQ(r.at("partialFingerprints").at("twinbenchSignature/v1"), "panic|sig5");
  EXPECT_NE(r.at("message").at("text").get<std::string>().find("twinbench repro 5"),
            std::string::npos);
  EXPECT_EQ(r.at("properties").at("campaign"), "evidence-1");
}

// What `twinbench crashes --sarif` writes after a real campaign, read by a real consumer's
// validator: Microsoft's SARIF multitool (scripts/bootstrap --validators installs it), with
// neither an error nor a warning.
TEST(Sarif, MicrosoftsMultitoolFindsNoErrorAndNoWarning) {
  ASSERT_TRUE(fs::exists(TB_SARIF_MULTITOOL))
      << TB_SARIF_MULTITOOL << " is missing: scripts/bootstrap --validators installs it";
  test::FakeCheckout checkout({{"plain", "hello"}, {"heap", "HEAPxx"}});
  const std::string root = checkout.root().string();
  const auto fuzzed =
      run_captured({TB_CLI_BINARY, "--root", root, "fuzz", "--impls", "c", "--time", "2s",
                    "--timeout", "1", "--repro-tries", "1", "--minimize-time", "1"},
                   {}, 120);
  ASSERT_TRUE(fuzzed.status.ok()) << fuzzed.output;
  const fs::path sarif = checkout.root() / "crashes.sarif";
  const auto written =
      run_captured({TB_CLI_BINARY, "--root", root, "crashes", "--sarif", sarif.string()}, {}, 60);
  ASSERT_TRUE(written.status.ok()) << written.output;
  std::ifstream in(sarif);
  const auto log = nlohmann::json::parse(in);
  ASSERT_FALSE(log.at("runs")[0].at("results").empty()) << "the crashing seed is a result";
  const auto checked = run_captured({TB_SARIF_MULTITOOL, "validate", sarif.string()},
                                    {"DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1"}, 120);
  EXPECT_TRUE(checked.status.ok()) << checked.output;
  EXPECT_NE(checked.output.find("Analysis completed successfully"), std::string::npos)
      << checked.output;
  EXPECT_EQ(checked.output.find(": error"), std::string::npos) << checked.output;
  EXPECT_EQ(checked.output.find(": warning"), std::string::npos) << checked.output;
}

} // namespace
} // namespace twinbench::cli
