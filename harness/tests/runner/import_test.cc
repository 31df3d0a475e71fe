// `twinbench import`: a directory shaped like ClusterFuzzLite's output folds into the store as a
// campaign of its own, every testcase re-triaged here, so that a crash found there and here is
// one crash with two sightings; a malformed or partial directory is one clear line, and the
// store is left as it was.
#include <fstream>
#include <map>

#include <gtest/gtest.h>

#include "common/process.h"
#include "common/project.h"
#include "fake_checkout.h"
#include "store/store.h"

namespace twinbench::test {
namespace {

void write(const fs::path &path, const std::string &content) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

struct Cli {
  const FakeCheckout &checkout;
  cli::Captured operator()(std::vector<std::string> args) const {
    args.insert(args.begin(), {TB_CLI_BINARY, "--root", checkout.root().string()});
    return cli::run_captured(args, {}, 240);
  }
};

TEST(Import, AClusterFuzzLiteCrashAlsoFoundLocallyIsOneCrashWithTwoSightings) {
  FakeCheckout checkout({{"heap", "HEAP-overflow"}});
  const Cli run{checkout};
  // Here: a campaign that finds the heap overflow in its seed.
  auto local = run({"fuzz", "--components", "crasher", "--impls", "c", "--time", "2s", "--campaign",
                    "local", "--minimize-time", "1"});
  ASSERT_EQ(local.status.code, 0) << local.output;

  // There: ClusterFuzzLite found the same overflow (another input) and a use after free.
  const fs::path cfl = checkout.root() / "cfl-output";
  const fs::path found = cfl / "artifacts/fuzz_crasher_c/address";
  write(found / "crash-0a1b", "HEAP from elsewhere");
  write(found / "crash-0a1b.summary", "==1==ERROR: AddressSanitizer: heap-buffer-overflow\n");
  write(found / "crash-2c3d", "UAFR");
  write(found / "README", "not a testcase: skipped");
  write(cfl / "corpus/fuzz_crasher_c/one", "plain");
  write(cfl / "corpus/fuzz_crasher_c/two", "other");
  write(cfl / "corpus/fuzz_crasher_c/older/one", "same name, another input");
  auto imported = run({"import", cfl.string(), "--campaign", "remote"});
  ASSERT_EQ(imported.status.code, 0) << imported.output;
  EXPECT_NE(imported.output.find("2 testcases and 3 corpus files"), std::string::npos)
      << imported.output;
  EXPECT_NE(imported.output.find("2 unique crashes, 1 of them also found by another campaign"),
            std::string::npos)
      << imported.output;

  cli::Store store(checkout.store());
  const auto remote = store.find_campaign("remote");
  ASSERT_TRUE(remote);
  EXPECT_EQ(remote->origin, "clusterfuzzlite:" + cfl.string());
  EXPECT_EQ(remote->status, "done");
  EXPECT_EQ(store.find_campaign("local")->origin, "local");
  const auto crashes = store.crashes(remote->id);
  ASSERT_EQ(crashes.size(), 2u);
  int shared = 0;
  for (const auto &c : crashes) {
    const auto sightings = store.sightings(c.signature);
    if (c.type.find("use-after-free") != std::string::npos) {
      ASSERT_EQ(sightings.size(), 1u) << c.signature;
      EXPECT_EQ(sightings[0].campaign, "remote");
    } else {
      ASSERT_EQ(sightings.size(), 2u) << c.signature;
      EXPECT_EQ(sightings[0].campaign, "local");
      EXPECT_EQ(sightings[1].campaign, "remote");
      EXPECT_EQ(sightings[1].origin, remote->origin);
      shared++;
    }
  }
  EXPECT_EQ(shared, 1);
  EXPECT_TRUE(
      fs::exists(checkout.root() / "reports/campaigns/remote/imported/fuzz_crasher_c/corpus/two"));

  // `crashes` shows where else each was seen.
  auto listed = run({"crashes", "--campaign", "remote"});
  EXPECT_NE(listed.output.find("local"), std::string::npos) << listed.output;
}

TEST(Import, TestcasesOfOneSignatureAreReproducedAFewAtATime) {
  FakeCheckout checkout({{"plain", "hello"}});
  const Cli run{checkout};
  // Six inputs of one divergence, each beside the report ClusterFuzzLite kept: the fuzz target's
  // own output on it.
  const fs::path cfl = checkout.root() / "cfl-output";
  const fs::path found = cfl / "artifacts/fuzz_crasher_c/address";
  for (int i = 0; i < 6; i++) {
    const fs::path testcase = found / ("crash-" + std::to_string(i));
    write(testcase, "DIVG" + std::string(static_cast<size_t>(i), 'x'));
    const auto printed = cli::run_captured({TB_CRASHER_BINARY, testcase.string()}, {}, 60);
    ASSERT_NE(printed.output.find("TWINBENCH DIVERGENCE"), std::string::npos) << printed.output;
    write(testcase.string() + ".summary", printed.output);
  }
  write(cfl / "corpus/fuzz_crasher_c/one", "plain");
  auto imported = run({"import", cfl.string(), "--campaign", "remote", "--repro-tries", "1"});
  ASSERT_EQ(imported.status.code, 0) << imported.output;
  EXPECT_NE(imported.output.find("3 of 6 artifacts not reproduced"), std::string::npos)
      << imported.output;

  // All six are that one crash's, as if each had been reproduced.
  cli::Store store(checkout.store());
  const int64_t remote = store.find_campaign("remote")->id;
  const auto crashes = store.crashes(remote);
  ASSERT_EQ(crashes.size(), 1u);
  EXPECT_EQ(crashes[0].crash_class, "divergence");
  EXPECT_EQ(crashes[0].count, 6);
  for (const auto &a : store.artifacts(remote)) {
    EXPECT_EQ(a.crash_id.value_or(-1), crashes[0].id) << a.path;
  }
}

TEST(Import, TestcasesWhoseFirstReproductionsDisagreeAreAllReproduced) {
  FakeCheckout checkout({{"plain", "hello"}});
  const Cli run{checkout};
  // Four testcases beside one divergence's report, but the first is a heap overflow: the first
  // three of the signature disagree, so the fourth is reproduced too, and nothing is folded by
  // what the report said.
  const fs::path cfl = checkout.root() / "cfl-output";
  const fs::path found = cfl / "artifacts/fuzz_crasher_c/address";
  write(found / "crash-x", "DIVG");
  const auto printed = cli::run_captured({TB_CRASHER_BINARY, (found / "crash-x").string()}, {}, 60);
  ASSERT_NE(printed.output.find("TWINBENCH DIVERGENCE"), std::string::npos) << printed.output;
  fs::remove(found / "crash-x");
  for (int i = 0; i < 4; i++) {
    const fs::path testcase = found / ("crash-" + std::to_string(i));
    write(testcase, i == 0 ? std::string("HEAP-overflow") : "DIVG" + std::string(i, 'x'));
    write(testcase.string() + ".summary", printed.output);
  }
  write(cfl / "corpus/fuzz_crasher_c/one", "plain");
  auto imported = run({"import", cfl.string(), "--campaign", "remote", "--repro-tries", "1"});
  ASSERT_EQ(imported.status.code, 0) << imported.output;
  EXPECT_EQ(imported.output.find("not reproduced"), std::string::npos) << imported.output;
  EXPECT_NE(imported.output.find("crash-3 (1/1)"), std::string::npos) << imported.output;

  cli::Store store(checkout.store());
  const auto crashes = store.crashes(store.find_campaign("remote")->id);
  ASSERT_EQ(crashes.size(), 2u);
  std::map<std::string, int64_t> count_of;
  for (const auto &c : crashes) count_of[c.crash_class] = c.count;
  EXPECT_EQ(count_of["memory-safety"], 1);
  EXPECT_EQ(count_of["divergence"], 3);
}

TEST(Import, AMalformedOrPartialDirectoryIsOneClearLineAndLeavesTheStoreAsItWas) {
  FakeCheckout checkout({{"plain", "hello"}});
  const Cli run{checkout};
  const fs::path cfl = checkout.root() / "cfl-output";
  auto campaigns = [&] {
    if (!fs::exists(checkout.store())) return size_t{0};
    return cli::Store(checkout.store()).campaigns().size();
  };
  auto expect_refused = [&](const std::string &why, const std::string &needle) {
    const size_t before = campaigns();
    auto r = run({"import", cfl.string()});
    EXPECT_EQ(r.status.code, 2) << why << ": " << r.output;
    EXPECT_NE(r.output.find(needle), std::string::npos) << why << ": " << r.output;
    EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << why << ": " << r.output;
    EXPECT_EQ(campaigns(), before) << why;
  };

  expect_refused("missing", "is not a directory");
  fs::create_directories(cfl / "artifacts");
  expect_refused("empty", "holds no ClusterFuzzLite output");
  write(cfl / "artifacts/fuzz_crasher_c/address/crash-01.summary", "a trace");
  expect_refused("partial", "a stack trace without its testcase crash-01");
  write(cfl / "artifacts/fuzz_crasher_c/address/crash-01", "HEAP");
  write(cfl / "artifacts/fuzz_zig_c/address/crash-02", "HEAP");
  expect_refused("unknown target", "fuzz_zig_c is not a fuzz target of this checkout");
  fs::remove_all(cfl / "artifacts/fuzz_zig_c");
  // A link is refused, not followed: to a file outside (found by fuzz_harness_import_layout,
  // which saw a corpus link named "../fuzz_crasher_c/..." and copied out of its folder), or to
  // a folder as a target's.
  write(checkout.root() / "private", "not the import's");
  fs::create_directories(cfl / "corpus/fuzz_crasher_c");
  fs::create_symlink(checkout.root() / "private", cfl / "corpus/fuzz_crasher_c/seed");
  expect_refused("linked corpus file", "corpus/fuzz_crasher_c/seed is a symbolic link");
  fs::remove(cfl / "corpus/fuzz_crasher_c/seed");
  fs::create_directory_symlink("/", cfl / "artifacts/fuzz_crasher_rust");
  expect_refused("linked target folder", "artifacts/fuzz_crasher_rust is a symbolic link");
}

// "out/artifacts" read through a linked "out" is as much out of the folder (found in review).
TEST(Import, ALinkedOutFolderIsRefusedToo) {
  FakeCheckout checkout({{"plain", "hello"}});
  const Cli run{checkout};
  const fs::path elsewhere = checkout.root() / "elsewhere";
  write(elsewhere / "artifacts/fuzz_crasher_c/address/crash-01", "HEAP");
  const fs::path cfl = checkout.root() / "cfl-output";
  fs::create_directories(cfl);
  fs::create_directory_symlink(elsewhere, cfl / "out");
  auto r = run({"import", cfl.string()});
  EXPECT_EQ(r.status.code, 2) << r.output;
  EXPECT_NE(r.output.find("cfl-output/out is a symbolic link"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(checkout.store())) << "nothing written";
}

} // namespace
} // namespace twinbench::test
