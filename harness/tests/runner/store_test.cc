// The results store: what is written can be read back, duplicates fold into one crash, and a
// file that is not a store is refused with a clear error instead of being overwritten.
#include <fstream>

#include <gtest/gtest.h>

#include "fake_checkout.h"
#include "store/store.h"

namespace twinbench::test {
namespace {

class StoreTest : public testing::Test {
protected:
  FakeCheckout dir_{{}};
  fs::path path_ = dir_.root() / "store.db";

  int64_t campaign_with_run(cli::Store &s, int64_t *run_id) {
    cli::CampaignRow c;
    c.name = "c1";
    c.created = cli::now_iso8601();
    c.environment_id = s.add_environment({{"cpu", "test"}});
    c.components = {"crasher"};
    c.impls = {"c"};
    c.status = "fuzzing";
    c.id = s.add_campaign(c);
    cli::RunRow r;
    r.campaign_id = c.id;
    r.component = "crasher";
    r.impl = "c";
    r.trial = 1;
    r.status = "pending";
    r.dir = "/tmp/run";
    *run_id = s.add_run(r);
    return c.id;
  }
};

TEST_F(StoreTest, ProgressAndSamplesReadBack) {
  cli::Store s(path_);
  int64_t run_id = 0;
  int64_t campaign = campaign_with_run(s, &run_id);
  auto run = s.runs(campaign).at(0);
  run.elapsed_seconds = 3.5;
  run.execs = 1000;
  run.status = "running";
  s.record_progress(run, {{1, 400, 400, 10, 20, 3}, {2, 1000, 600, 12, 25, 4}});
  auto back = s.runs(campaign).at(0);
  EXPECT_EQ(back.execs, 1000);
  EXPECT_DOUBLE_EQ(back.elapsed_seconds, 3.5);
  auto samples = s.samples(run_id);
  ASSERT_EQ(samples.size(), 2u);
  EXPECT_EQ(samples[1].cov, 12);
  EXPECT_EQ(s.environment(s.find_campaign("c1")->environment_id)["cpu"], "test");
}

TEST_F(StoreTest, ArtifactsRegisterOnceAndDuplicatesFoldIntoOneCrash) {
  cli::Store s(path_);
  int64_t run_id = 0;
  int64_t campaign = campaign_with_run(s, &run_id);
  EXPECT_TRUE(s.add_artifact({0, run_id, "/a/crash-1", "crash", 1, "t", {}}));
  EXPECT_FALSE(s.add_artifact({0, run_id, "/a/crash-1", "crash", 1, "t", {}}));
  EXPECT_TRUE(s.add_artifact({0, run_id, "/a/crash-2", "crash", 2, "t", {}}));
  auto pending = s.untriaged_artifacts(campaign);
  ASSERT_EQ(pending.size(), 2u);
  cli::CrashRow crash;
  crash.campaign_id = campaign;
  crash.signature = "Heap-buffer-overflow WRITE 1|f";
  auto [first, first_new] = s.fold_crash(crash, pending[0].id);
  auto [second, second_new] = s.fold_crash(crash, pending[1].id);
  EXPECT_TRUE(first_new);
  EXPECT_FALSE(second_new);
  EXPECT_EQ(first, second);
  EXPECT_EQ(s.crash(first)->count, 2);
  EXPECT_TRUE(s.untriaged_artifacts(campaign).empty());
}

TEST_F(StoreTest, AFileThatIsNotAStoreIsRefusedAndLeftAlone) {
  std::ofstream(path_) << "this is not a database, and it must survive\n";
  EXPECT_THROW(cli::Store s(path_), cli::StoreError);
  std::ifstream in(path_);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "this is not a database, and it must survive");
}

TEST_F(StoreTest, AnUnwritableLocationIsAClearError) {
  try {
    cli::Store s(dir_.root() / "no/such/dir/store.db");
    FAIL() << "opened a store in a missing directory";
  } catch (const cli::StoreError &e) {
    EXPECT_NE(std::string(e.what()).find("no/such/dir/store.db"), std::string::npos) << e.what();
  }
}

} // namespace
} // namespace twinbench::test
