// The disagreement log a diff driver writes (harness/fuzz/driver.h) and the runner reads into
// the store (fuzz/disagreement_log.h).
#include <fstream>

#include <gtest/gtest.h>

#include "fake_checkout.h"
#include "fuzz/canary_log.h"
#include "fuzz/disagreement_log.h"

namespace twinbench::test {
namespace {

class DisagreementLogTest : public testing::Test {
protected:
  FakeCheckout dir_{{}};
  fs::path log_ = dir_.root() / "disagreements.log";
  void write(const std::string &text) { std::ofstream(log_, std::ios::app) << text; }
};

TEST_F(DisagreementLogTest, EachKindHasItsFirstInputItsPlaceOnTheRunsClockAndItsCount) {
  write("1000 launch 0.000\n"
        "1250 first inflate error-order zlib/miniz-oxide 789c3d\n"
        "1900 first inflate one-code-length zlib/miniz-oxide 780104\n"
        "5000 count inflate error-order zlib/miniz-oxide 7\n"
        "5000 count inflate one-code-length zlib/miniz-oxide 2\n"
        "6000 launch 30.500\n" // a restart after a crash: 30.5 s already spent
        "6500 first inflate error-order zlib/miniz-oxide 789cff\n"
        "9000 count inflate error-order zlib/miniz-oxide 3\n");
  const auto found = cli::read_disagreement_log(log_);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].kind, "error-order");
  EXPECT_EQ(found[0].pair, "zlib/miniz-oxide");
  EXPECT_EQ(found[0].count, 10);
  EXPECT_DOUBLE_EQ(found[0].first_seconds.value(), 0.25);
  EXPECT_EQ(found[0].example_hex, "789c3d"); // the first process's, not the restart's
  EXPECT_EQ(found[1].kind, "one-code-length");
  EXPECT_EQ(found[1].count, 2);
  EXPECT_DOUBLE_EQ(found[1].first_seconds.value(), 0.9);
}

TEST_F(DisagreementLogTest, AProcessKilledBeforeItsCountStillCountsOnce) {
  cli::log_launch(log_, 2000, 12.25);
  write("2500 first brotli error-order brotli/brotli-decompressor 06ff\n"
        "2600 count brotli error-ord"); // killed mid-write, as a crash kills
  const auto found = cli::read_disagreement_log(log_);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].count, 1);
  EXPECT_DOUBLE_EQ(found[0].first_seconds.value(), 12.75);
}

// A first sighting whose line a kill cut short gives no example: "06f" of "06ff" is no input
// that showed it (found in review of fuzz_harness_run_logs' finding).
TEST_F(DisagreementLogTest, ALastLineWithoutItsNewlineIsNotRead) {
  cli::log_launch(log_, 2000, 0);
  write("2500 first brotli error-order brotli/brotli-decompressor 06ff\n"
        "2600 first brotli other-kind brotli/brotli-decompressor 06f");
  const auto found = cli::read_disagreement_log(log_);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].kind, "error-order");
}

// A launch time that is no number, or a difference of times past int64, places nothing.
TEST_F(DisagreementLogTest, ATimeTheFiguresCannotMakeIsNoTime) {
  write("9223372036854775807 launch 0\n"
        "-9223372036854775807 first brotli error-order brotli/brotli-decompressor 06ff\n"
        "100 count brotli error-order brotli/brotli-decompressor 9223372036854775807\n"
        "101 count brotli error-order brotli/brotli-decompressor 5\n");
  const auto found = cli::read_disagreement_log(log_);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_FALSE(found[0].first_seconds.has_value());
  EXPECT_EQ(found[0].count, INT64_MAX) << "a sum past int64 stays at its largest";
}

TEST_F(DisagreementLogTest, NoLogMeansNoDisagreement) {
  EXPECT_TRUE(cli::read_disagreement_log(dir_.root() / "missing.log").empty());
}

} // namespace
} // namespace twinbench::test
