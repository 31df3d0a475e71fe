// Two twinbench processes writing one store at once, and a third reading it: each finishes, no
// row is lost, and none fails on a locked database (SQLite's WAL mode and a busy timeout:
// store/sqlite.cc).
#include <future>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/process.h"
#include "fake_checkout.h"
#include "store/store.h"

namespace twinbench::test {
namespace {

TEST(TwoWriters, TwoCampaignsAndReportsShareOneStoreWithoutLosingARow) {
  FakeCheckout checkout({{"plain", "hello"}, {"heap", "HEAPxx"}});
  const std::string root = checkout.root().string();
  auto twinbench = [root](std::vector<std::string> args) {
    args.insert(args.begin(), {TB_CLI_BINARY, "--root", root});
    return cli::run_captured(args, {}, 240);
  };
  // Short runs, quick triage: the test is about the store, not the findings.
  const std::vector<std::string> brief = {"--time",        "3s", "--jobs",          "1",
                                          "--timeout",     "1",  "--minimize-time", "1",
                                          "--repro-tries", "1"};
  auto campaign = [&](const std::string &name, const std::string &impls) {
    std::vector<std::string> args = {"fuzz", "--campaign", name, "--impls", impls};
    args.insert(args.end(), brief.begin(), brief.end());
    return args;
  };
  // A finished campaign first, for the reports to read while the two others write.
  const auto first = twinbench(campaign("first", "c"));
  ASSERT_TRUE(first.status.ok()) << first.output;

  auto a = std::async(std::launch::async, twinbench, campaign("a", "c,diff"));
  auto b = std::async(std::launch::async, twinbench, campaign("b", "rust"));
  for (int i = 0; i < 3; i++) {
    const auto report = twinbench({"report", "--campaign", "first", "--format", "json", "--out",
                                   (checkout.root() / ("report-" + std::to_string(i))).string()});
    EXPECT_TRUE(report.status.ok()) << report.output;
  }
  const auto a_done = a.get(), b_done = b.get();
  for (const auto *run : {&a_done, &b_done}) {
    EXPECT_TRUE(run->status.ok()) << run->output;
    EXPECT_EQ(run->output.find("locked"), std::string::npos) << run->output;
  }

  cli::Store store(checkout.store()); // its constructor runs SQLite's integrity check
  for (const auto &[name, runs] : {std::pair{"a", 2u}, std::pair{"b", 1u}}) {
    const auto campaign = store.find_campaign(name);
    ASSERT_TRUE(campaign) << name;
    EXPECT_EQ(campaign->status, "done") << name;
    const auto rows = store.runs(campaign->id);
    EXPECT_EQ(rows.size(), runs) << name;
    for (const auto &r : rows) {
      EXPECT_EQ(r.status, "done") << name << " " << r.impl;
      EXPECT_FALSE(store.samples(r.id).empty()) << name << " " << r.impl;
    }
    EXPECT_FALSE(store.artifacts(campaign->id).empty()) << name << ": the crashing seed";
    EXPECT_TRUE(store.untriaged_artifacts(campaign->id).empty()) << name;
    EXPECT_FALSE(store.crashes(campaign->id).empty()) << name;
  }
}

} // namespace
} // namespace twinbench::test
