// `twinbench fuzz` end to end, through the real command: a campaign killed with SIGKILL keeps
// everything it recorded, leaves no fuzzer running, and finishes with --resume.
#include <algorithm>
#include <chrono>
#include <csignal>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>
#include <sys/wait.h>

#include "common/process.h"
#include "fake_checkout.h"
#include "fuzz/triage.h"
#include "store/store.h"

namespace twinbench::test {
namespace {

using namespace std::chrono_literals;

// Processes whose command line mentions `needle` (the fake checkout's path).
int processes_mentioning(const std::string &needle) {
  int n = 0;
  for (const auto &entry : fs::directory_iterator("/proc")) {
    std::ifstream in(entry.path() / "cmdline", std::ios::binary);
    std::string cmdline((std::istreambuf_iterator<char>(in)), {});
    if (cmdline.find(needle) != std::string::npos) n++;
  }
  return n;
}

struct Counts {
  int64_t samples = 0, artifacts = 0;
  double elapsed = 0;
};

Counts counts(const fs::path &store_path) {
  cli::Store store(store_path); // its constructor runs SQLite's integrity check
  Counts c;
  auto campaign = store.find_campaign("killed");
  if (!campaign) return c;
  for (const auto &r : store.runs(campaign->id)) {
    c.samples += static_cast<int64_t>(store.samples(r.id).size());
    c.elapsed += r.elapsed_seconds;
  }
  c.artifacts = static_cast<int64_t>(store.artifacts(campaign->id).size());
  return c;
}

TEST(Campaign, SigkillLosesNothingAndResumeFinishes) {
  FakeCheckout checkout({{"plain", "hello"}, {"more", "some other input"}, {"heap", "HEAPxx"}});
  const std::string root = checkout.root().string();
  std::vector<std::string> argv = {
      TB_CLI_BINARY, "--root", root,     "fuzz", "--campaign",      "killed", "--impls",   "c,diff",
      "--time",      "8s",     "--jobs", "2",    "--minimize-time", "2",      "--timeout", "2"};
  {
    cli::ChildProcess twinbench(argv, {});
    // Let it record samples and at least one artifact, then kill it without warning.
    Counts before;
    for (int i = 0; i < 100 && !(before.samples >= 2 && before.artifacts >= 1); i++) {
      std::this_thread::sleep_for(100ms);
      std::string ignored;
      twinbench.read_available(ignored);
      if (fs::exists(checkout.store())) before = counts(checkout.store());
    }
    ASSERT_GE(before.samples, 2) << "the campaign recorded no samples in 10 s";
    ASSERT_GE(before.artifacts, 1) << "the crashing seed was not recorded";
    twinbench.kill(SIGKILL);
    twinbench.wait();

    Counts after_kill = counts(checkout.store());
    EXPECT_GE(after_kill.samples, before.samples);
    EXPECT_GE(after_kill.artifacts, before.artifacts);
    EXPECT_LT(after_kill.elapsed, 16) << "both runs already finished: the kill tested nothing";
    std::this_thread::sleep_for(200ms);
    EXPECT_EQ(processes_mentioning(root), 0) << "fuzzers outlived the killed campaign";
  }

  argv = {TB_CLI_BINARY, "--root", root, "fuzz", "--resume", "killed", "--minimize-time", "4"};
  cli::Captured resumed = cli::run_captured(argv, {}, 120);
  ASSERT_TRUE(resumed.status.ok()) << resumed.status.describe() << "\n" << resumed.output;

  cli::Store store(checkout.store());
  auto campaign = store.find_campaign("killed");
  ASSERT_TRUE(campaign);
  EXPECT_EQ(campaign->status, "done");
  for (const auto &r : store.runs(campaign->id)) {
    EXPECT_EQ(r.status, "done") << r.impl;
    EXPECT_GE(r.elapsed_seconds, 7) << r.impl;
  }
  EXPECT_TRUE(store.untriaged_artifacts(campaign->id).empty());
  bool heap_overflow = false;
  int minimized = 0;
  for (const auto &c : store.crashes(campaign->id)) {
    heap_overflow |= c.type == "Heap-buffer-overflow WRITE 1";
    EXPECT_TRUE(fs::exists(c.input_path)) << c.input_path;
    if (c.minimized_path.empty()) continue;
    // A minimised input is kept only when it reproduces the crash it was minimised from.
    minimized++;
    const auto again =
        cli::reproduce(c.binary, c.minimized_path, "crasher", checkout.root(), 1, {});
    EXPECT_EQ(again.classification.signature, c.signature) << c.minimized_path;
    EXPECT_LE(fs::file_size(c.minimized_path), fs::file_size(c.input_path)) << c.minimized_path;
  }
  EXPECT_TRUE(heap_overflow) << resumed.output;
  EXPECT_GT(minimized, 0) << "no crash minimised in 4 s: " << resumed.output;
}

// A run keeps its corpus at each snapshot time under the budget, whole, as hard links.
TEST(Campaign, ARunKeepsItsCorpusAtEachSnapshotTime) {
  FakeCheckout checkout({{"plain", "hello"}, {"more", "some other input"}});
  const std::string root = checkout.root().string();
  const cli::Captured run = cli::run_captured(
      {TB_CLI_BINARY, "--root", root, "fuzz", "--campaign", "kept", "--impls", "c", "--time", "4s",
       "--snapshots", "1s,2s,9s", "--minimize-time", "1", "--repro-tries", "1"},
      {}, 120);
  ASSERT_TRUE(run.status.ok()) << run.output;
  cli::Store store(checkout.store());
  const auto runs = store.runs(store.find_campaign("kept")->id);
  ASSERT_EQ(runs.size(), 1u);
  const fs::path snapshots = fs::path(runs[0].dir) / "snapshots";
  for (const char *t : {"1", "2"}) {
    ASSERT_TRUE(fs::is_directory(snapshots / t)) << t;
    size_t inputs = 0;
    for (const auto &e : fs::directory_iterator(snapshots / t)) {
      inputs++;
      EXPECT_GE(fs::hard_link_count(e.path()), 1u);
    }
    EXPECT_GE(inputs, 2u) << "the seeds at least, at " << t << " s";
  }
  EXPECT_FALSE(fs::exists(snapshots / "9")) << "past the budget: no snapshot";
  std::vector<std::string> names;
  for (const auto &e : fs::directory_iterator(snapshots)) names.push_back(e.path().filename());
  EXPECT_EQ(names.size(), 2u) << "no partial snapshot left behind";
}

TEST(Campaign, BadInputIsOneClearLineAndANonZeroExit) {
  FakeCheckout checkout({{"plain", "hello"}});
  const std::string root = checkout.root().string();
  auto run = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {TB_CLI_BINARY, "--root", root});
    return cli::run_captured(args, {}, 60);
  };
  auto unknown = run({"fuzz", "--components", "nope", "--time", "1s"});
  EXPECT_EQ(unknown.status.code, 2);
  EXPECT_EQ(unknown.output, "twinbench: unknown component 'nope' (see twinbench list)\n");

  auto no_campaign = run({"fuzz", "--resume", "never-ran"});
  EXPECT_EQ(no_campaign.status.code, 2);
  EXPECT_NE(no_campaign.output.find("no campaign 'never-ran'"), std::string::npos);

  fs::create_directories(checkout.root() / "reports");
  std::ofstream(checkout.store()) << "garbage, not SQLite";
  auto corrupt = run({"crashes"});
  EXPECT_EQ(corrupt.status.code, 2);
  EXPECT_NE(corrupt.output.find("corrupted or not a store"), std::string::npos) << corrupt.output;

  fs::remove(checkout.root() / "build/fuzz/bin/fuzz_crasher_rust");
  fs::remove(checkout.store());
  auto missing = run({"fuzz", "--impls", "rust", "--time", "1s"});
  EXPECT_EQ(missing.status.code, 2);
  EXPECT_NE(missing.output.find("fuzz_crasher_rust is missing"), std::string::npos);

  auto no_impl = run({"fuzz", "--impls", "zig", "--time", "1s"});
  EXPECT_EQ(no_impl.status.code, 2);
  EXPECT_NE(no_impl.output.find("no selected component has the implementation 'zig'"),
            std::string::npos)
      << no_impl.output;

  auto baseline = run({"fuzz", "--impls", "libx", "--time", "1s"});
  EXPECT_EQ(baseline.status.code, 2);
  EXPECT_EQ(baseline.output, "twinbench: 'libx' is a baseline of crasher: benchmarked only, not "
                             "fuzzed (it is not held to the spec)\n");

  auto reshaped = run({"fuzz", "--resume", "killed", "--impls", "c"});
  EXPECT_NE(reshaped.status.code, 0);
  EXPECT_NE(reshaped.output.find("--impls excludes --resume"), std::string::npos)
      << reshaped.output;

  std::ofstream(checkout.root() / "corpora/crasher/component.json") << R"({"name": "crasher", )";
  auto truncated = run({"list"});
  EXPECT_EQ(truncated.status.code, 2);
  EXPECT_NE(truncated.output.find("crasher/component.json: not valid JSON"), std::string::npos)
      << truncated.output;
  EXPECT_EQ(std::count(truncated.output.begin(), truncated.output.end(), '\n'), 1)
      << "one line: " << truncated.output;
}

} // namespace
} // namespace twinbench::test
