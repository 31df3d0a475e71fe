// `twinbench fuzz --bugs`, end to end through the real command on the test crasher: one run per
// bug, language with a build, and trial; the witness withheld from the seeds; each run ends at
// its first finding, which is timed and attributed; a bug rustc refuses has no Rust run.
#include <algorithm>
#include <fstream>

#include <gtest/gtest.h>

#include "common/process.h"
#include "fake_checkout.h"
#include "store/store.h"

namespace twinbench::test {
namespace {

class GroundTruth : public testing::Test {
protected:
  // The seed "heap" is the heap bug's witness: a campaign must find the bug without it.
  FakeCheckout checkout_{{{"plain", "hello"}, {"heap", "HEAPxx"}}};
  std::string root_ = checkout_.root().string();

  void SetUp() override {
    std::ofstream(checkout_.root() / "corpora/crasher/bugs.json") << R"({"bugs": [
      {"id": "crasher-heap", "class": "out-of-bounds-write", "cwe": "CWE-787", "clause": "c", "title": "t",
       "description": "d", "c": "memory-safety", "rust": "compile-fail:E0505@crasher/src/lib.rs:1"}]})";
    fs::create_directories(checkout_.root() / "corpora/crasher/bugs");
    std::ofstream(checkout_.root() / "corpora/crasher/bugs/crasher-heap") << "HEAPxx";
  }

  cli::Captured twinbench(std::vector<std::string> args) {
    args.insert(args.begin(), {TB_CLI_BINARY, "--root", root_});
    return cli::run_captured(args, {}, 240);
  }
};

TEST_F(GroundTruth, ACampaignOverABugStopsEachTrialAtItsFirstDetection) {
  auto missing = twinbench({"fuzz", "--bugs", "crasher-heap", "--time", "60s"});
  EXPECT_EQ(missing.status.code, 2);
  EXPECT_NE(missing.output.find("bug_crasher_heap_c is missing: build the seeded bugs"),
            std::string::npos)
      << missing.output;

  // The crasher stands in for the C twin's bug build (it has no canary).
  fs::create_symlink(TB_CRASHER_BINARY, checkout_.root() / "build/fuzz/bin/bug_crasher_heap_c");
  // The C twin's integer-sanitizer build is a configuration of its own, planned beside it.
  auto no_int = twinbench({"fuzz", "--bugs", "all", "--time", "60s"});
  EXPECT_EQ(no_int.status.code, 2);
  EXPECT_NE(no_int.output.find("bug_crasher_heap_c_int is missing"), std::string::npos)
      << no_int.output;
  auto run = twinbench({"fuzz", "--bugs", "all", "--impls", "c", "--trials", "2", "--time", "60s",
                        "--campaign", "truth", "--minimize-time", "1", "--repro-tries", "1"});
  ASSERT_EQ(run.status.code, 0) << run.output;

  cli::Store store(checkout_.store());
  auto campaign = store.find_campaign("truth");
  ASSERT_TRUE(campaign.has_value());
  EXPECT_EQ(campaign->bugs, std::vector<std::string>{"crasher-heap"});
  auto runs = store.runs(campaign->id);
  ASSERT_EQ(runs.size(), 2u) << "two C trials; rustc refuses the Rust side, so it has none";
  for (const auto &r : runs) {
    EXPECT_EQ(r.bug, "crasher-heap");
    EXPECT_EQ(r.impl, "c");
    EXPECT_EQ(r.status, "done");
    // The witness was not among the seeds; "hello" was.
    int seeds_with_witness = 0;
    for (const auto &f : fs::directory_iterator(fs::path(r.dir) / "corpus")) {
      std::ifstream in(f.path(), std::ios::binary);
      std::string bytes((std::istreambuf_iterator<char>(in)), {});
      seeds_with_witness += bytes == "HEAPxx";
    }
    EXPECT_EQ(seeds_with_witness, 0);
    // Found by search (the dictionary holds "HEAP"), well within the budget, and the run
    // stopped there instead of fuzzing on.
    ASSERT_TRUE(r.detected_seconds.has_value());
    EXPECT_LT(*r.detected_seconds, 50);
    // When libFuzzer wrote the input (the artifact's file time), before the runner saw the
    // process exit; the artifact row carries the same time.
    EXPECT_LE(*r.detected_seconds, r.elapsed_seconds);
    const auto artifacts = store.artifacts(campaign->id);
    const auto found = std::find_if(artifacts.begin(), artifacts.end(),
                                    [&](const cli::ArtifactRow &a) { return a.run_id == r.id; });
    ASSERT_NE(found, artifacts.end());
    EXPECT_DOUBLE_EQ(found->found_elapsed_seconds, *r.detected_seconds);
    // And its cost in executions, libFuzzer's own count when the finding ended the run.
    ASSERT_TRUE(r.detected_execs.has_value());
    EXPECT_GT(*r.detected_execs, 0);
    EXPECT_EQ(*r.detected_execs, r.execs);
    EXPECT_LT(r.elapsed_seconds, 55);
    EXPECT_EQ(r.restarts, 0);
    // Triaged, and said plainly that the input did not trigger the bug's canary: the crasher
    // has none, so this is a finding but not (yet) evidence of this bug.
    EXPECT_NE(r.detected_by.find("Heap-buffer-overflow WRITE"), std::string::npos) << r.detected_by;
    EXPECT_NE(r.detected_by.find("canary did not trigger"), std::string::npos) << r.detected_by;
    EXPECT_FALSE(r.reached_seconds.has_value());
    std::ifstream log(fs::path(r.dir) / "canary.log");
    std::string first;
    std::getline(log, first);
    EXPECT_NE(first.find(" launch 0.000"), std::string::npos) << first;
  }

  auto merge = twinbench({"corpus", "merge", "--campaign", "truth"});
  EXPECT_EQ(merge.status.code, 2);
  EXPECT_NE(merge.output.find("fuzzed seeded bugs: its corpora are not merged"), std::string::npos)
      << merge.output;
}

TEST_F(GroundTruth, BadSelectionsAreOneClearLine) {
  auto unknown = twinbench({"fuzz", "--bugs", "crasher-nope"});
  EXPECT_EQ(unknown.status.code, 2);
  EXPECT_EQ(unknown.output, "twinbench: unknown bug 'crasher-nope' (see twinbench bugs)\n");
  auto diff = twinbench({"fuzz", "--bugs", "all", "--impls", "diff"});
  EXPECT_EQ(diff.status.code, 2);
  EXPECT_EQ(diff.output, "twinbench: --bugs fuzzes the twins' bug builds: --impls takes c, c+int "
                         "and/or rust, not 'diff'\n");
  auto resume = twinbench({"fuzz", "--resume", "x", "--bugs", "all"});
  EXPECT_NE(resume.status.code, 0);
  EXPECT_NE(resume.output.find("--bugs excludes --resume"), std::string::npos) << resume.output;
}

} // namespace
} // namespace twinbench::test
