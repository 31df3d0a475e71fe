// A ground-truth run's canary log puts the bug's first reach and trigger on the run's clock:
// seconds into the run, across restarts, whatever else the log holds.
#include <fstream>

#include <gtest/gtest.h>

#include "fake_checkout.h"
#include "fuzz/canary_log.h"

namespace twinbench::test {
namespace {

class CanaryLogTest : public testing::Test {
protected:
  FakeCheckout dir_{{}};
  fs::path log_ = dir_.root() / "canary.log";
  void write(const std::string &text) { std::ofstream(log_) << text; }
};

TEST_F(CanaryLogTest, EventsArePlacedOnTheRunsClockFromTheirLaunch) {
  write("1000000 launch 0.000\n"
        "1000250 base64-tail-write reached\n"
        "1001000 launch 30.500\n" // a restart: 30.5 s of the run were already spent
        "1003500 base64-tail-write triggered\n");
  const auto t = cli::read_canary_log(log_, "base64-tail-write");
  EXPECT_DOUBLE_EQ(t.reached.value(), 0.25);
  EXPECT_DOUBLE_EQ(t.triggered.value(), 33.0);
}

TEST_F(CanaryLogTest, OnlyTheFirstOfEachCountsAndOtherBugsAreIgnored) {
  write("5000 launch 10\n"
        "6000 json-escape-lookahead reached\n"
        "7000 base64-tail-write reached\n"
        "8000 launch 20\n"
        "8100 base64-tail-write reached\n");
  const auto t = cli::read_canary_log(log_, "base64-tail-write");
  EXPECT_DOUBLE_EQ(t.reached.value(), 12.0);
  EXPECT_FALSE(t.triggered.has_value());
}

TEST_F(CanaryLogTest, ACutLineOrAnEventWithoutALaunchIsSkipped) {
  write("900 base64-tail-write triggered\n" // before any launch: no place on the clock
        "1000 launch 0\n"
        "1500 base64-tail-wr"); // the process was killed mid-write
  const auto t = cli::read_canary_log(log_, "base64-tail-write");
  EXPECT_FALSE(t.reached.has_value());
  EXPECT_FALSE(t.triggered.has_value());
}

// Found by fuzz_harness_run_logs: a line cut just after "reached" of a longer word read as an
// event the whole line was not; a last line without its newline is not read at all.
TEST_F(CanaryLogTest, ALastLineWithoutItsNewlineIsNotRead) {
  write("1000 launch 0\n"
        "1500 base64-tail-write reached");
  EXPECT_FALSE(cli::read_canary_log(log_, "base64-tail-write").reached.has_value());
  write("1000 launch 0\n"
        "1500 base64-tail-write reached\n");
  EXPECT_DOUBLE_EQ(cli::read_canary_log(log_, "base64-tail-write").reached.value(), 0.5);
}

// A launch time that is not finite ("nan", which std::stod reads) places nothing.
TEST_F(CanaryLogTest, ALaunchTimeThatIsNoNumberPlacesNothing) {
  write("1000 launch nan\n"
        "1500 base64-tail-write reached\n");
  EXPECT_FALSE(cli::read_canary_log(log_, "base64-tail-write").reached.has_value());
}

TEST_F(CanaryLogTest, NoLogMeansNothingHappened) {
  const auto t = cli::read_canary_log(dir_.root() / "missing.log", "base64-tail-write");
  EXPECT_FALSE(t.reached.has_value());
  EXPECT_FALSE(t.triggered.has_value());
}

TEST_F(CanaryLogTest, TheSchedulersLaunchLineReadsBack) {
  cli::log_launch(log_, 2000, 12.25);
  std::ofstream(log_, std::ios::app) << "2500 ringbuf-resize-leak triggered\n";
  EXPECT_DOUBLE_EQ(cli::read_canary_log(log_, "ringbuf-resize-leak").triggered.value(), 12.75);
}

} // namespace
} // namespace twinbench::test
