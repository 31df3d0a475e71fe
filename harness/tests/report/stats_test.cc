// The statistics behind the benchmark report, checked against values known by hand, from
// scipy's documentation, or from counting permutations.
#include "bench/stats.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <utility>
#include <vector>

namespace twinbench::cli::stats {
namespace {

std::vector<double> normal_sample(std::mt19937_64 &rng, double mean, double sd, int n) {
  std::normal_distribution<double> normal(mean, sd);
  std::vector<double> sample(static_cast<std::size_t>(n));
  for (double &value : sample) value = normal(rng);
  return sample;
}

bool contains(const Interval &interval, double value) {
  return interval.low <= value && value <= interval.high;
}

double binomial(int n, int k) {
  double result = 1;
  for (int i = 1; i <= k; ++i) result = result * (n - k + i) / i;
  return result;
}

// --- median ---

TEST(Median, OddSizeIsTheMiddleValue) { EXPECT_EQ(median({3, 1, 2}), 2); }

TEST(Median, EvenSizeIsTheMeanOfTheTwoMiddleValues) { EXPECT_EQ(median({4, 1, 3, 2}), 2.5); }

TEST(Median, UnsortedInputWithRepeatedValues) {
  EXPECT_EQ(median({9, 5, 1, 5, 2}), 5);
  EXPECT_EQ(median({10, -4, 7, 7, 0, 3}), 5);
}

TEST(Median, SingleValueIsItsOwnMedian) { EXPECT_EQ(median({42}), 42); }

TEST(Median, EmptyOrNonFiniteInputIsRejected) {
  EXPECT_THROW(median({}), std::invalid_argument);
  EXPECT_THROW(median({1, NAN, 3}), std::invalid_argument);
  EXPECT_THROW(median({1, INFINITY}), std::invalid_argument);
}

// --- Mann-Whitney U ---

TEST(MannWhitney, FullySeparatedSamplesGiveTheSmallestExactP) {
  // U = 0 is 1 of the C(6, 3) = 20 equally likely rank assignments: p = 2 / 20.
  const MannWhitney result = mann_whitney({1, 2, 3}, {4, 5, 6});
  EXPECT_EQ(result.u, 0);
  EXPECT_TRUE(result.exact);
  EXPECT_NEAR(result.p, 0.1, 1e-15);
}

TEST(MannWhitney, ScipyDocumentationExampleExact) {
  // scipy.stats.mannwhitneyu docs: U = 17; 7 of C(9, 4) = 126 assignments have U >= 17: p = 1/9.
  const std::vector<double> males{19, 22, 16, 29, 24}, females{20, 11, 17, 12};
  const MannWhitney result = mann_whitney(males, females);
  EXPECT_EQ(result.u, 17);
  EXPECT_TRUE(result.exact);
  EXPECT_NEAR(result.p, 1.0 / 9, 1e-15);
}

TEST(MannWhitney, ScipyDocumentationExampleAsymptotic) {
  // scipy.stats.mannwhitneyu(males, females, method="asymptotic") gives 0.11134688653314041.
  const std::vector<double> males{19, 22, 16, 29, 24}, females{20, 11, 17, 12};
  const MannWhitney result = mann_whitney(males, females, MannWhitneyMethod::asymptotic);
  EXPECT_EQ(result.u, 17);
  EXPECT_FALSE(result.exact);
  EXPECT_NEAR(result.p, 0.11134688653314041, 1e-15);
}

TEST(MannWhitney, TiesUseTheTieCorrectedNormalApproximation) {
  // Pooled: 1 2 2 2 3 3 4 5 with midranks 1, 3 (x3), 5.5 (x2), 7, 8.
  // x = {1,2,2,3} has rank sum 1 + 3 + 3 + 5.5 = 12.5, so U = 12.5 - 4*5/2 = 2.5.
  // Ties: a group of 3 and one of 2, sum(t^3 - t) = 24 + 6 = 30.
  // var = 4*4/12 * ((8 + 1) - 30 / (8*7)) = 11.285714285714285
  // z = (max(U, 16 - U) - 16/2 - 0.5) / sqrt(var) = 5 / 3.3594217189442417 = 1.4883513944689681
  // p = 2 * P(Z > z) = erfc(z / sqrt(2)) = 0.13665824773814753
  const MannWhitney result = mann_whitney({1, 2, 2, 3}, {2, 3, 4, 5});
  EXPECT_EQ(result.u, 2.5);
  EXPECT_FALSE(result.exact);
  EXPECT_NEAR(result.p, 0.13665824773814753, 1e-15);
}

TEST(MannWhitney, ExactMethodRefusesTies) {
  EXPECT_THROW(mann_whitney({1, 2, 2, 3}, {2, 3, 4, 5}, MannWhitneyMethod::exact),
               std::invalid_argument);
}

TEST(MannWhitney, AllIdenticalValuesGivePOne) {
  const MannWhitney result = mann_whitney({7, 7, 7}, {7, 7, 7, 7});
  EXPECT_EQ(result.u, 6); // every pair is a tie: 3 * 4 / 2
  EXPECT_EQ(result.p, 1);
  EXPECT_EQ(mann_whitney({7}, {7}).p, 1);
}

TEST(MannWhitney, SwappingTheSamplesMirrorsUAndKeepsP) {
  const std::vector<std::pair<std::vector<double>, std::vector<double>>> cases{
      {{19, 22, 16, 29, 24}, {20, 11, 17, 12}}, // exact
      {{1, 2, 2, 3}, {2, 3, 4, 5}},             // ties, asymptotic
      {{3.5, 1, 8, 2.25, 6, 9.5, 4}, {5, 7, 0.5, 10, 11}}};
  for (const auto &[x, y] : cases) {
    const MannWhitney forward = mann_whitney(x, y), backward = mann_whitney(y, x);
    const double pairs = static_cast<double>(x.size() * y.size());
    EXPECT_EQ(backward.u, pairs - forward.u);
    EXPECT_NEAR(backward.p, forward.p, 1e-15);
    EXPECT_EQ(backward.exact, forward.exact);
  }
}

TEST(MannWhitney, TwentyAgainstTwentyFullySeparatedIsExact) {
  // 1 of C(40, 20) assignments puts all of x below y: p = 2 / C(40, 20) = 1.4508889103849688e-11.
  std::vector<double> x, y;
  for (int i = 0; i < 20; ++i) {
    x.push_back(i);
    y.push_back(100 + i);
  }
  const MannWhitney result = mann_whitney(x, y);
  EXPECT_EQ(result.u, 0);
  EXPECT_TRUE(result.exact);
  EXPECT_NEAR(result.p / (2 / binomial(40, 20)), 1, 1e-12);
}

TEST(MannWhitney, MoreThanSixtyValuesUseTheNormalApproximation) {
  // n1 = n2 = 31, U = 0: var = 31*31/12 * 63, z = (961 - 480.5 - 0.5) / sqrt(var),
  // p = erfc(z / sqrt(2)) = 1.4018463184347426e-11.
  std::vector<double> x, y;
  for (int i = 0; i < 31; ++i) {
    x.push_back(i);
    y.push_back(100 + i);
  }
  const MannWhitney automatic = mann_whitney(x, y);
  EXPECT_FALSE(automatic.exact);
  EXPECT_NEAR(automatic.p / 1.4018463184347426e-11, 1, 1e-12);
  // Forcing the exact method still counts permutations: 2 / C(62, 31).
  const MannWhitney exact = mann_whitney(x, y, MannWhitneyMethod::exact);
  EXPECT_TRUE(exact.exact);
  EXPECT_NEAR(exact.p / (2 / binomial(62, 31)), 1, 1e-12);
}

TEST(MannWhitney, EmptySampleIsRejected) {
  EXPECT_THROW(mann_whitney({}, {1, 2}), std::invalid_argument);
  EXPECT_THROW(mann_whitney({1, 2}, {}), std::invalid_argument);
}

// --- bootstrap CI of the median ---

TEST(MedianCi, ConstantDataGiveADegenerateInterval) {
  const Estimate estimate = median_ci({7, 7, 7, 7, 7, 7});
  EXPECT_EQ(estimate.value, 7);
  EXPECT_EQ(estimate.ci.low, 7);
  EXPECT_EQ(estimate.ci.high, 7);
}

TEST(MedianCi, SingleValueGivesADegenerateInterval) {
  const Estimate estimate = median_ci({3.5});
  EXPECT_EQ(estimate.value, 3.5);
  EXPECT_EQ(estimate.ci.low, 3.5);
  EXPECT_EQ(estimate.ci.high, 3.5);
}

TEST(MedianCi, IntervalContainsTheMedianAndLiesWithinTheData) {
  const std::vector<double> sample{12, 15, 9, 11, 14, 10, 13, 30, 8, 12.5};
  const Estimate estimate = median_ci(sample);
  EXPECT_EQ(estimate.value, 12.25);
  EXPECT_TRUE(contains(estimate.ci, estimate.value));
  EXPECT_LT(estimate.ci.low, estimate.ci.high);
  EXPECT_GE(estimate.ci.low, 8);
  EXPECT_LE(estimate.ci.high, 30);
}

TEST(MedianCi, SameSeedGivesTheSameInterval) {
  std::mt19937_64 rng(1);
  const std::vector<double> sample = normal_sample(rng, 100, 10, 25);
  const Estimate first = median_ci(sample), again = median_ci(sample);
  EXPECT_EQ(first.ci.low, again.ci.low);
  EXPECT_EQ(first.ci.high, again.ci.high);
  const Estimate seeded = median_ci(sample, 10000, 0.95, 99);
  const Estimate seeded_again = median_ci(sample, 10000, 0.95, 99);
  EXPECT_EQ(seeded.ci.low, seeded_again.ci.low);
  EXPECT_EQ(seeded.ci.high, seeded_again.ci.high);
}

TEST(MedianCi, HigherConfidenceGivesAWiderInterval) {
  std::mt19937_64 rng(2);
  const std::vector<double> sample = normal_sample(rng, 100, 10, 25);
  const Interval ci80 = median_ci(sample, 10000, 0.80).ci, ci99 = median_ci(sample, 10000, 0.99).ci;
  EXPECT_LE(ci99.low, ci80.low);
  EXPECT_GE(ci99.high, ci80.high);
}

TEST(MedianCi, CoversTheTrueMedianAboutNinetyFivePercentOfTheTime) {
  // 400 samples of n = 25 from N(100, 10), whose median is 100.
  std::mt19937_64 rng(20240601);
  int covered = 0;
  for (int trial = 0; trial < 400; ++trial)
    if (contains(median_ci(normal_sample(rng, 100, 10, 25)).ci, 100)) ++covered;
  EXPECT_GE(covered, 352); // 88%
  EXPECT_LE(covered, 396); // 99%
}

TEST(MedianCi, InvalidInputIsRejected) {
  EXPECT_THROW(median_ci({}), std::invalid_argument);
  EXPECT_THROW(median_ci({1, 2}, 0), std::invalid_argument);
  EXPECT_THROW(median_ci({1, 2}, 100, 1.0), std::invalid_argument);
  EXPECT_THROW(median_ci({1, 2}, 100, 0.0), std::invalid_argument);
}

// --- bootstrap CI of a ratio of medians ---

TEST(RatioCi, ExactlyProportionalSamplesGiveTheirFactor) {
  const std::vector<double> den{100, 98, 103, 101, 97, 104, 99, 102, 100.5, 98.5};
  std::vector<double> num;
  for (double value : den) num.push_back(1.1 * value);
  const Estimate ratio = ratio_ci(num, den);
  EXPECT_DOUBLE_EQ(ratio.value, 1.1);
  EXPECT_TRUE(contains(ratio.ci, 1.1));
}

TEST(RatioCi, SingleValuesGiveADegenerateInterval) {
  const Estimate ratio = ratio_ci({6}, {4});
  EXPECT_EQ(ratio.value, 1.5);
  EXPECT_EQ(ratio.ci.low, 1.5);
  EXPECT_EQ(ratio.ci.high, 1.5);
}

TEST(RatioCi, CoversTheTrueRatioAboutNinetyFivePercentOfTheTime) {
  // Independent N(105, 10) and N(100, 10) samples of n = 25: the true median ratio is 1.05.
  std::mt19937_64 rng(7);
  int covered = 0;
  for (int trial = 0; trial < 400; ++trial) {
    const std::vector<double> num = normal_sample(rng, 105, 10, 25);
    const std::vector<double> den = normal_sample(rng, 100, 10, 25);
    if (contains(ratio_ci(num, den).ci, 1.05)) ++covered;
  }
  EXPECT_GE(covered, 352); // 88%
  EXPECT_LE(covered, 396); // 99%
}

TEST(RatioCi, InvalidInputIsRejected) {
  EXPECT_THROW(ratio_ci({}, {1}), std::invalid_argument);
  EXPECT_THROW(ratio_ci({1}, {}), std::invalid_argument);
  EXPECT_THROW(ratio_ci({1, 2}, {1, 0}), std::invalid_argument); // a resample could divide by 0
}

// --- compare ---

TEST(Compare, ClearlyFasterSecondImplementation) {
  std::mt19937_64 rng(11);
  const std::vector<double> c = normal_sample(rng, 100, 1, 20);
  const std::vector<double> rust = normal_sample(rng, 105, 1, 20);
  const Comparison comparison = compare(c, rust);
  EXPECT_EQ(comparison.verdict, Verdict::second_faster);
  EXPECT_NEAR(comparison.ratio.value, 1.05, 0.01);
  EXPECT_GT(comparison.ratio.ci.low, 1.0);
  EXPECT_LT(comparison.test->p, 1e-6);
  EXPECT_TRUE(contains(comparison.first.ci, comparison.first.value));
  EXPECT_TRUE(contains(comparison.second.ci, comparison.second.value));
}

TEST(Compare, ClearlyFasterFirstImplementation) {
  std::mt19937_64 rng(12);
  const std::vector<double> c = normal_sample(rng, 105, 1, 20);
  const std::vector<double> rust = normal_sample(rng, 100, 1, 20);
  const Comparison comparison = compare(c, rust);
  EXPECT_EQ(comparison.verdict, Verdict::first_faster);
  EXPECT_NEAR(comparison.ratio.value, 1 / 1.05, 0.01);
  EXPECT_LT(comparison.ratio.ci.high, 1.0);
}

TEST(Compare, SameDistributionIsNoDifference) {
  std::mt19937_64 rng(13);
  const std::vector<double> c = normal_sample(rng, 100, 1, 20);
  const std::vector<double> rust = normal_sample(rng, 100, 1, 20);
  const Comparison comparison = compare(c, rust);
  EXPECT_EQ(comparison.verdict, Verdict::no_difference);
  EXPECT_NEAR(comparison.ratio.value, 1, 0.01);
}

TEST(Compare, IdenticalSamplesAreNoDifference) {
  const std::vector<double> sample{100, 101, 99, 100.5, 98};
  const Comparison comparison = compare(sample, sample);
  EXPECT_EQ(comparison.verdict, Verdict::no_difference);
  EXPECT_EQ(comparison.ratio.value, 1);
  EXPECT_EQ(comparison.test->p, 1);
}

TEST(Compare, SignificantDifferenceBelowTheNoiseThresholdIsNoDifference) {
  // A 1% difference with almost no spread: the test sees it, the 2% noise threshold ignores it.
  std::mt19937_64 rng(14);
  const std::vector<double> c = normal_sample(rng, 100, 0.05, 20);
  const std::vector<double> rust = normal_sample(rng, 101, 0.05, 20);
  const Comparison comparison = compare(c, rust);
  EXPECT_LT(comparison.test->p, 0.05);
  EXPECT_NEAR(comparison.ratio.value, 1.01, 0.001);
  EXPECT_EQ(comparison.verdict, Verdict::no_difference);
  // Without a noise threshold the same data are a win.
  EXPECT_EQ(compare(c, rust, 0.05, 0).verdict, Verdict::second_faster);
}

TEST(Compare, LargeButNotSignificantDifferenceIsNoDifference) {
  // The medians differ by 5%, but with three noisy runs each U = 3 and the exact p is
  // 2 * 7 / C(6, 3) = 0.7.
  const Comparison comparison = compare({80, 100, 120}, {84, 105, 126});
  EXPECT_NEAR(comparison.ratio.value, 1.05, 1e-12);
  EXPECT_EQ(comparison.test->u, 3);
  EXPECT_NEAR(comparison.test->p, 0.7, 1e-15);
  EXPECT_EQ(comparison.verdict, Verdict::no_difference);
}

// --- across runs ---------------------------------------------------------------------------

TEST(TTest, RsOneSampleTTestOfOneToFive) {
  // R: t.test(log(c(1, 2, 3, 4, 5) ...)) is awkward; on the log scale the test of d = 1..5 is
  // t.test(1:5): t = 4.2426, df = 4, p-value = 0.01324, 95% CI 1.036757 4.963243.
  Runs first, second;
  for (int d = 1; d <= 5; ++d) {
    first.push_back({1.0});
    second.push_back({std::exp(static_cast<double>(d))});
  }
  const LogRatioTest test = log_ratio_t_test(first, second);
  EXPECT_EQ(test.degrees_of_freedom, 4);
  EXPECT_NEAR(test.t, 4.242641, 1e-6);
  EXPECT_NEAR(test.p, 0.01324, 5e-6);
  EXPECT_NEAR(std::log(test.ratio.value), 3, 1e-12);
  EXPECT_NEAR(std::log(test.ratio.ci.low), 1.036757, 1e-6);
  EXPECT_NEAR(std::log(test.ratio.ci.high), 4.963243, 1e-6);
}

TEST(TTest, EachRunCountsOnceThroughItsMedians) {
  // Medians 2 and 4 against 1 and 2: both runs say "twice as fast", so the interval is [2, 2].
  const LogRatioTest test = log_ratio_t_test({{1, 1, 9}, {2, 2, 0.5}}, {{2, 2, 2}, {4, 4, 4}});
  EXPECT_DOUBLE_EQ(test.ratio.value, 2);
  EXPECT_DOUBLE_EQ(test.ratio.ci.low, 2);
  EXPECT_EQ(test.p, 0);
  EXPECT_EQ(log_ratio_t_test({{1}, {2}}, {{1}, {2}}).p, 1); // identical every run
}

TEST(TTest, BadInputIsRefused) {
  EXPECT_THROW(log_ratio_t_test({{1}}, {{1}}), std::invalid_argument); // one run
  EXPECT_THROW(log_ratio_t_test({{1}, {2}}, {{1}}), std::invalid_argument);
  EXPECT_THROW(log_ratio_t_test({{1}, {0}}, {{1}, {1}}), std::invalid_argument);
  EXPECT_THROW(log_ratio_t_test({{1}, {}}, {{1}, {1}}), std::invalid_argument);
}

TEST(AcrossRunsMedian, IsTheGeometricMeanOfTheRunsMediansWithATInterval) {
  // Run medians 1, 10, 100: log10 mean 1, sd 1, t(2) 0.975 quantile 4.302653.
  const Estimate estimate = across_runs_median({{1, 1, 5}, {10}, {100, 99, 101}});
  EXPECT_NEAR(estimate.value, 10, 1e-9);
  const double half = 4.302653 * std::log(10.0) / std::sqrt(3.0);
  EXPECT_NEAR(std::log(estimate.ci.low), std::log(10.0) - half, 1e-6);
  EXPECT_NEAR(std::log(estimate.ci.high), std::log(10.0) + half, 1e-6);
  EXPECT_EQ(across_runs_median({{1, 2, 3}}).value, 2); // one run: the median within it
}

TEST(A12, CountsPairsWithTiesAsHalf) {
  EXPECT_DOUBLE_EQ(vargha_delaney_a12({2, 4}, {1, 3}), 0.75); // 2>1, 4>1, 4>3
  EXPECT_DOUBLE_EQ(vargha_delaney_a12({1, 2, 3}, {1, 2, 3}), 0.5);
  EXPECT_DOUBLE_EQ(vargha_delaney_a12({5, 6}, {1, 2}), 1);
  EXPECT_DOUBLE_EQ(vargha_delaney_a12({1, 2}, {5, 6}), 0);
  EXPECT_DOUBLE_EQ(vargha_delaney_a12({1, 1}, {1, 0}), 0.75); // (1,1) ties, (1,0) wins
  EXPECT_DOUBLE_EQ(vargha_delaney_a12({3, 1, 4}, {1, 5}) + vargha_delaney_a12({1, 5}, {3, 1, 4}),
                   1);
}

TEST(Holm, MatchesRsPAdjust) {
  // R: p.adjust(c(0.01, 0.04, 0.03, 0.02, 0.05), "holm") = 0.05 0.09 0.09 0.08 0.09
  const auto adjusted = holm_adjust({0.01, 0.04, 0.03, 0.02, 0.05});
  const std::vector<double> expected = {0.05, 0.09, 0.09, 0.08, 0.09};
  ASSERT_EQ(adjusted.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_NEAR(adjusted[i], expected[i], 1e-12);
  EXPECT_EQ(holm_adjust({0.5, 0.9}), (std::vector<double>{1.0, 1.0})); // capped at 1
  EXPECT_TRUE(holm_adjust({}).empty());
}

TEST(CompareRuns, OneRunIsAVerdictWithinThatRun) {
  const Comparison comparison = compare_runs({{1, 2, 3, 4, 5, 6}}, {{7, 8, 9, 10, 11, 12}});
  EXPECT_EQ(comparison.runs, 1);
  EXPECT_TRUE(comparison.test.has_value());
  EXPECT_FALSE(comparison.across.has_value());
  EXPECT_EQ(comparison.a12, 1);
}

TEST(Welch, MatchesRsTTestOnTheSleepData) {
  // R: t.test(extra ~ group, data = sleep): t = -1.8608, df = 17.776, p-value = 0.07939,
  // 95 percent confidence interval -3.3654832 0.2054832 (group 1 minus group 2).
  const std::vector<double> group1 = {0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0};
  const std::vector<double> group2 = {1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4};
  const WelchTest welch = welch_t_test(group2, group1);
  EXPECT_NEAR(welch.difference.value, -1.58, 1e-12);
  EXPECT_NEAR(welch.t, -1.8608, 5e-5);
  EXPECT_NEAR(welch.degrees_of_freedom, 17.776, 5e-4);
  EXPECT_NEAR(welch.p, 0.07939, 5e-6);
  EXPECT_NEAR(welch.difference.ci.low, -3.3654832, 1e-6);
  EXPECT_NEAR(welch.difference.ci.high, 0.2054832, 1e-6);
  EXPECT_THROW(welch_t_test({1}, {1, 2}), std::invalid_argument);
}

TEST(CompareIndependentRuns, TwoStoredRunsAreComparedByTheirRunsMedians) {
  // Old runs' medians 100, 102, 98; new 110, 113, 108: nothing pairs run r of one with run r of
  // the other, so Welch on the log medians.
  const Runs old_runs = {{99, 100, 101}, {101, 102, 103}, {97, 98, 99}};
  const Runs new_runs = {{109, 110, 111}, {112, 113, 114}, {107, 108, 109}};
  const Comparison c = compare_independent_runs(old_runs, new_runs);
  ASSERT_TRUE(c.across);
  EXPECT_EQ(c.runs, 3);
  const WelchTest welch = welch_t_test({std::log(100.0), std::log(102.0), std::log(98.0)},
                                       {std::log(110.0), std::log(113.0), std::log(108.0)});
  EXPECT_NEAR(c.ratio.value, std::exp(welch.difference.value), 1e-12);
  EXPECT_NEAR(c.ratio.ci.low, std::exp(welch.difference.ci.low), 1e-12);
  EXPECT_NEAR(c.p, welch.p, 1e-12);
  EXPECT_EQ(c.verdict, Verdict::second_faster);
  // One run on a side: within that run, Mann-Whitney over the repetitions.
  const Comparison within = compare_independent_runs({{99, 100, 101}}, new_runs);
  EXPECT_FALSE(within.across);
  EXPECT_TRUE(within.test);
}

// A simulated machine: every run shifts each implementation by its own factor (sd `run_sd`,
// another tenant or a frequency change hitting one side's slot), and each repetition by sd 0.5%.
Runs simulated_runs(std::mt19937_64 &rng, double level, int runs, int repetitions, double run_sd) {
  std::normal_distribution<double> shift(1, run_sd);
  Runs out;
  for (int r = 0; r < runs; ++r) {
    const double run_level = level * shift(rng);
    out.push_back(normal_sample(rng, run_level, run_level * 0.005, repetitions));
  }
  return out;
}

// The fraction of simulated reports of `cases` cases, Rust and C truly equal, in which some
// case is called faster: within one run (each run's Mann-Whitney), or across `runs` runs.
double false_verdict_rate(int runs, bool correct, double run_sd, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  const int reports = 400, cases = 50, repetitions = 5;
  int with_a_false_verdict = 0;
  for (int report = 0; report < reports; ++report) {
    std::vector<Comparison> comparisons;
    for (int k = 0; k < cases; ++k) {
      const Runs c = simulated_runs(rng, 100, runs, repetitions, run_sd);
      const Runs rust = simulated_runs(rng, 100, runs, repetitions, run_sd);
      comparisons.push_back(compare_runs(c, rust));
    }
    if (correct) {
      std::vector<Comparison *> family;
      for (auto &comparison : comparisons) family.push_back(&comparison);
      correct_for_multiplicity(family);
    }
    with_a_false_verdict += std::any_of(comparisons.begin(), comparisons.end(), [](auto &c) {
      return c.verdict != Verdict::no_difference;
    });
  }
  return static_cast<double>(with_a_false_verdict) / reports;
}

TEST(Simulation, AcrossFiveRunsCorrectedFalseVerdictsStayAtTheNominalLevel) {
  // 400 reports: the rate's standard error at 5% is 1.1%, so 8% is three of them above.
  const double quiet = false_verdict_rate(5, true, 0.02, 31);
  const double noisy = false_verdict_rate(5, true, 0.10, 32); // a noisier machine: still held
  EXPECT_LE(quiet, 0.08);
  EXPECT_LE(noisy, 0.08);
  RecordProperty("false_verdict_rate_2pct", std::to_string(quiet));
  RecordProperty("false_verdict_rate_10pct", std::to_string(noisy));
}

TEST(Simulation, WithinOneRunOrUncorrectedTheyDoNot) {
  // Why a single run's verdict is only labelled: its repetitions cannot see the run's shift, so
  // with 20 of them Mann-Whitney calls about half of all equal pairs different.
  std::mt19937_64 rng(33);
  int called = 0;
  const int cases = 60;
  for (int k = 0; k < cases; ++k) {
    const Runs c = simulated_runs(rng, 100, 1, 20, 0.02),
               rust = simulated_runs(rng, 100, 1, 20, 0.02);
    called += compare(c.front(), rust.front()).verdict != Verdict::no_difference;
  }
  EXPECT_GT(called, cases / 3);
  // And across runs, 50 uncorrected tests at 5% call something faster in most reports.
  EXPECT_GT(false_verdict_rate(5, false, 0.10, 34), 0.5);
}

TEST(Simulation, ARealFivePercentDifferenceIsFoundAcrossRuns) {
  std::mt19937_64 rng(35);
  int found = 0;
  for (int k = 0; k < 100; ++k) {
    const Runs c = simulated_runs(rng, 100, 5, 5, 0.01),
               rust = simulated_runs(rng, 105, 5, 5, 0.01);
    found += compare_runs(c, rust).verdict == Verdict::second_faster;
  }
  EXPECT_GT(found, 80);
}

TEST(CorrectForMultiplicity, AdjustsAndRedecidesEveryPresentComparison) {
  Comparison strong, weak;
  strong.p = 0.001, strong.ratio.value = 1.5, strong.verdict = Verdict::second_faster;
  weak.p = 0.03, weak.ratio.value = 0.5, weak.verdict = Verdict::first_faster;
  correct_for_multiplicity({&strong, nullptr, &weak});
  EXPECT_DOUBLE_EQ(strong.p_adjusted, 0.002);
  EXPECT_DOUBLE_EQ(weak.p_adjusted, 0.03);
  EXPECT_EQ(strong.verdict, Verdict::second_faster);
  EXPECT_EQ(weak.verdict, Verdict::first_faster);
  Comparison third;
  third.p = 0.03, third.ratio.value = 0.5;
  correct_for_multiplicity({&strong, &weak, &third});
  EXPECT_EQ(weak.verdict, Verdict::no_difference); // 0.03 * 2 > 0.05
}

} // namespace
} // namespace twinbench::cli::stats
