// libFuzzer's status lines and final stats, as printed by libFuzzer 19.
#include <gtest/gtest.h>

#include "fuzz/fuzzer_output.h"

namespace twinbench::test {
namespace {

TEST(FuzzerOutput, ReadsEveryFieldOfAStatusLine) {
  auto s = cli::parse_status_line("#1426547\tREDUCE cov: 395 ft: 1334 corp: 398/18Kb lim: 589 "
                                  "exec/s: 18526 rss: 672Mb L: 654/1142 MS: 1 EraseBytes-");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->execs, 1426547);
  EXPECT_EQ(s->event, "REDUCE");
  EXPECT_EQ(s->cov, 395);
  EXPECT_EQ(s->ft, 1334);
  EXPECT_EQ(s->corpus, 398);
  EXPECT_EQ(s->execs_per_second, 18526);
  EXPECT_EQ(s->rss_mb, 672);
}

TEST(FuzzerOutput, ReadsPulseAndDoneLines) {
  auto pulse = cli::parse_status_line("#65536\tpulse  cov: 12 ft: 30 corp: 5/40b exec/s: 32768 "
                                      "rss: 40Mb");
  ASSERT_TRUE(pulse);
  EXPECT_EQ(pulse->event, "pulse");
  EXPECT_EQ(pulse->execs, 65536);
  EXPECT_TRUE(cli::parse_status_line("#203820\tDONE   cov: 395 ft: 1298 corp: 411/14172b lim: 589 "
                                     "exec/s: 33970 rss: 563Mb"));
}

TEST(FuzzerOutput, RejectsOtherAndMalformedLines) {
  EXPECT_FALSE(cli::parse_status_line("INFO: Seed: 2448070256"));
  EXPECT_FALSE(cli::parse_status_line("#"));
  EXPECT_FALSE(cli::parse_status_line("#12\tNEW cov: "));
  EXPECT_FALSE(cli::parse_status_line("    #0 0x55 in main /x.c:1"));
  EXPECT_FALSE(cli::parse_status_line(""));
}

// Found by fuzz_harness_fuzzer_output: a key inside another word, or an event word that looks
// like a key, was read as a figure.
TEST(FuzzerOutput, FiguresAreReadAfterTheEventAndOnlyAsWholeWords) {
  EXPECT_FALSE(cli::parse_status_line("#16\tNEWx-cov: 339 ft: 485"));
  const auto s = cli::parse_status_line("#17\tft: cov: 345 ft: 511 corp: 13/1Kb");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->event, "ft:");
  EXPECT_EQ(s->cov, 345);
  EXPECT_EQ(s->ft, 511);
  EXPECT_EQ(s->corpus, 13);
}

TEST(FuzzerOutput, FinalStatsTakeTheLastValue) {
  std::string log =
      "stat::number_of_executed_units: 5\n...\nstat::number_of_executed_units: 12181594\n"
      "stat::average_exec_per_sec:     20268\n";
  EXPECT_EQ(cli::final_stat(log, "number_of_executed_units"), 12181594);
  EXPECT_EQ(cli::final_stat(log, "average_exec_per_sec"), 20268);
  EXPECT_FALSE(cli::final_stat(log, "peak_rss_mb"));
}

TEST(FuzzerOutput, ArtifactKindsFollowLibFuzzerNames) {
  EXPECT_EQ(cli::artifact_kind("crash-0c113a6731749439cd29236829b81dd72ec5cdf1"), "crash");
  EXPECT_EQ(cli::artifact_kind("timeout-934180355aafd197265808eb9ac139f5e1243e4e"), "timeout");
  EXPECT_EQ(cli::artifact_kind("oom-1"), "oom");
  EXPECT_EQ(cli::artifact_kind("leak-1"), "leak");
  EXPECT_EQ(cli::artifact_kind("README"), "");
}

} // namespace
} // namespace twinbench::test
