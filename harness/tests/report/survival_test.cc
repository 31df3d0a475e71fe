// Time-to-detection statistics against a published example: the Freireich leukaemia trial
// (Gehan 1965; the `gehan` data of R's MASS), remission times in weeks, '+' censored:
//   6-MP:    6 6 6 6+ 7 9+ 10 10+ 11+ 13 16 17+ 19+ 20+ 22 23 25+ 32+ 32+ 34+ 35+
//   placebo: 1 1 2 2 3 4 4 5 5 8 8 8 8 11 11 12 12 15 17 22 23
// R: survdiff(Surv(time, cens) ~ treat, gehan) gives Chisq = 16.8 on 1 df, p = 4.17e-05; the
// Kaplan–Meier values and log(-log) bands below were computed by hand (and checked in Python).
#include <gtest/gtest.h>

#include "bugs/survival.h"

namespace twinbench::test {
namespace {

using cli::stats::Trial;

std::vector<Trial> six_mp() {
  return {{6, true},   {6, true},   {6, true},   {6, false}, {7, true},   {9, false},
          {10, true},  {10, false}, {11, false}, {13, true}, {16, true},  {17, false},
          {19, false}, {20, false}, {22, true},  {23, true}, {25, false}, {32, false},
          {32, false}, {34, false}, {35, false}};
}

std::vector<Trial> placebo() {
  std::vector<Trial> t;
  for (double weeks : {1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23}) {
    t.push_back({weeks, true});
  }
  return t;
}

TEST(KaplanMeier, StepsDownAtEachDetectionByTheFractionOfTrialsThenAtRisk) {
  auto km = cli::stats::kaplan_meier(six_mp());
  ASSERT_EQ(km.steps.size(), 7u);
  const double times[] = {6, 7, 10, 13, 16, 22, 23};
  const double survival[] = {0.8571, 0.8067, 0.7529, 0.6902, 0.6275, 0.5378, 0.4482};
  const int at_risk[] = {21, 17, 15, 12, 11, 7, 6};
  for (size_t i = 0; i < 7; i++) {
    EXPECT_EQ(km.steps[i].seconds, times[i]);
    EXPECT_NEAR(km.steps[i].survival, survival[i], 5e-5) << "at " << times[i];
    EXPECT_EQ(km.steps[i].at_risk, at_risk[i]) << "at " << times[i];
  }
  EXPECT_EQ(km.steps[0].detected, 3);
  // Greenwood's variance on the log(-log) scale: the band at 6 weeks and at 23.
  EXPECT_NEAR(km.steps[0].low, 0.6197, 5e-5);
  EXPECT_NEAR(km.steps[0].high, 0.9516, 5e-5);
  EXPECT_NEAR(km.steps[6].low, 0.1881, 5e-5);
  EXPECT_NEAR(km.steps[6].high, 0.6801, 5e-5);
}

TEST(KaplanMeier, TheMedianAndItsIntervalAreWhereTheCurveAndItsBandCrossOneHalf) {
  auto treated = cli::stats::kaplan_meier(six_mp());
  EXPECT_EQ(treated.median, 23);
  EXPECT_EQ(treated.median_low, 13);
  EXPECT_FALSE(treated.median_high) << "the band's high edge never reaches one half";
  auto control = cli::stats::kaplan_meier(placebo());
  EXPECT_EQ(control.median, 8);
  EXPECT_EQ(control.median_low, 4);
  EXPECT_EQ(control.median_high, 11);
  EXPECT_EQ(control.steps.back().survival, 0);
}

TEST(KaplanMeier, NoDetectionWithinTheBudgetLeavesTheMedianNotReached) {
  auto km = cli::stats::kaplan_meier({{60, false}, {60, false}, {60, false}});
  EXPECT_TRUE(km.steps.empty());
  EXPECT_FALSE(km.median);
  EXPECT_THROW(cli::stats::kaplan_meier({{-1, true}}), std::invalid_argument);
}

TEST(KaplanMeier, ACurveExactlyAtOneHalfTakesTheMidpointToTheNextDrop) {
  // S: 3/4 at 10, 1/2 at 20 (0.75 * 2/3 in floating point), 1/4 at 30: R's median is 25.
  auto km = cli::stats::kaplan_meier({{10, true}, {20, true}, {30, true}, {40, true}});
  EXPECT_EQ(km.median, 25);
  // At one half until the end (the last trial censored): no later drop, the flat's start.
  auto flat = cli::stats::kaplan_meier({{10, true}, {20, false}});
  EXPECT_EQ(flat.median, 10);
}

TEST(RestrictedMean, ReproducesRsRmeanOfTheLeukaemiaTrial) {
  // R: print(survfit(Surv(time, cens) ~ treat, gehan), rmean = 35): 6-MP *rmean 23.29
  // *se(rmean) 2.83; without censoring the restricted mean is the plain mean (placebo 182/21).
  const auto treated = cli::stats::restricted_mean(cli::stats::kaplan_meier(six_mp()), 35);
  EXPECT_NEAR(treated.value, 23.2874, 5e-5);
  EXPECT_NEAR(treated.standard_error, 2.8275, 5e-5);
  EXPECT_NEAR(treated.low, 23.2874 - 1.959964 * 2.8275, 5e-4);
  const auto control = cli::stats::restricted_mean(cli::stats::kaplan_meier(placebo()), 35);
  EXPECT_NEAR(control.value, 182.0 / 21, 1e-12);
  EXPECT_NEAR(control.standard_error, 1.3774, 5e-5);
  // Up to 23 weeks: the area under the 6-MP curve to there, by hand 17.9092.
  EXPECT_NEAR(cli::stats::restricted_mean(cli::stats::kaplan_meier(six_mp()), 23).value, 17.9092,
              5e-5);
}

TEST(RestrictedMean, NothingDetectedIsTheWholeBudgetWithNoSpread) {
  const auto none =
      cli::stats::restricted_mean(cli::stats::kaplan_meier({{60, false}, {60, false}}), 60);
  EXPECT_EQ(none.value, 60);
  EXPECT_EQ(none.standard_error, 0);
  EXPECT_EQ(none.high, 60);
  EXPECT_THROW(cli::stats::restricted_mean(cli::stats::kaplan_meier({}), 0), std::invalid_argument);
}

TEST(CumulativeIncidence, AnUnrelatedFindingCompetesInsteadOfBeingCensored) {
  using cli::stats::Ending;
  // Detected at 1 and 3, an unrelated finding at 2, censored at 4; by hand (Aalen-Johansen):
  // at 1: 1/4 detected; at 2: 3/4 x 1/3 = 1/4 unrelated; at 3: 1/2 x 1/2 = 1/4 more detected.
  const auto steps = cli::stats::cumulative_incidence({{1, Ending::detected},
                                                       {2, Ending::unrelated},
                                                       {3, Ending::detected},
                                                       {4, Ending::censored}});
  ASSERT_EQ(steps.size(), 3u);
  EXPECT_DOUBLE_EQ(steps[0].detected, 0.25);
  EXPECT_DOUBLE_EQ(steps[1].unrelated, 0.25);
  EXPECT_DOUBLE_EQ(steps[2].detected, 0.5);
  // 1 - Kaplan-Meier with the unrelated finding censored says more: 1 - 3/4 x 1/2 = 0.625.
  const auto km = cli::stats::kaplan_meier({{1, true}, {2, false}, {3, true}, {4, false}});
  EXPECT_DOUBLE_EQ(1 - km.steps.back().survival, 0.625);
  EXPECT_THROW(cli::stats::cumulative_incidence({{-1, Ending::detected}}), std::invalid_argument);
}

TEST(LogRank, ReproducesThePublishedChiSquareOfTheLeukaemiaTrial) {
  auto r = cli::stats::log_rank(six_mp(), placebo());
  EXPECT_EQ(r.observed_a, 9);
  EXPECT_NEAR(r.expected_a, 19.2505, 5e-5);
  EXPECT_NEAR(r.chi_square, 16.793, 5e-4);
  EXPECT_NEAR(r.p, 4.169e-5, 5e-8);
}

TEST(LogRank, IdenticalGroupsShowNoDifferenceAndNothingToCompareGivesOne) {
  auto same = cli::stats::log_rank(placebo(), placebo());
  EXPECT_NEAR(same.chi_square, 0, 1e-12);
  EXPECT_NEAR(same.p, 1, 1e-12);
  EXPECT_EQ(cli::stats::log_rank({{5, false}}, {{5, false}}).p, 1);
}

} // namespace
} // namespace twinbench::test
