// The statistics behind the benchmark report, checked against values known by hand, from
// scipy's documentation, or from counting permutations.
#include "bench/stats.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
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

// --- pooled runs ---------------------------------------------------------------------------

// Five runs of 20 repetitions, each run shifted as a whole (a busy machine), each repetition
// within 0.5% of its run's level.
Runs shifted_runs(std::mt19937_64 &rng, double level, const std::vector<double> &shifts) {
  Runs runs;
  for (double shift : shifts) runs.push_back(normal_sample(rng, level * shift, level * 0.005, 20));
  return runs;
}
const std::vector<double> busy = {0.8, 0.9, 1.0, 1.1, 1.2};

TEST(Pooled, TheEstimateIsTheMedianOfEveryRepetitionOfEveryRun) {
  const Runs runs = {{1, 2, 3}, {10, 20}, {4}};
  EXPECT_EQ(pooled_median_ci(runs).value, 3.5); // 1 2 3 4 10 20
  EXPECT_EQ(pooled_ratio_ci({{2}, {4}}, {{1}, {1}}).value, 3.0);
}

TEST(Pooled, TheIntervalSeesWhatOneRunCannotTheShiftBetweenRuns) {
  std::mt19937_64 rng(21);
  const Runs runs = shifted_runs(rng, 100, busy);
  const Estimate one = median_ci(runs[2]);
  const Estimate pooled = pooled_median_ci(runs);
  EXPECT_LT(one.ci.high - one.ci.low, 1.0); // one run: "100 +- 0.5", and wrong for the others
  EXPECT_FALSE(contains(one.ci, 90));
  EXPECT_TRUE(contains(pooled.ci, 90)); // pooled: the level is anywhere from 90 to 110
  EXPECT_TRUE(contains(pooled.ci, 110));
}

TEST(Pooled, AShiftSharedByBothSidesOfARunCancelsInTheRatio) {
  std::mt19937_64 rng(22);
  const Runs c = shifted_runs(rng, 100, busy), rust = shifted_runs(rng, 110, busy);
  const Comparison comparison = compare_pooled(c, rust);
  EXPECT_FALSE(comparison.test.has_value());
  EXPECT_NEAR(comparison.ratio.value, 1.1, 0.01);
  EXPECT_GT(comparison.ratio.ci.low, 1.09); // the medians' intervals are 20% wide; this one not
  EXPECT_LT(comparison.ratio.ci.high, 1.11);
  EXPECT_GT(comparison.first.ci.high - comparison.first.ci.low, 10);
  EXPECT_EQ(comparison.verdict, Verdict::second_faster);
  EXPECT_EQ(compare_pooled(rust, c).verdict, Verdict::first_faster);
}

TEST(Pooled, AShiftOfOneSideOnlyLeavesTheVerdictOpen) {
  // C's runs wander by 20%, Rust's do not: a 5% median difference is then no evidence.
  std::mt19937_64 rng(23);
  const Runs c = shifted_runs(rng, 100, busy), rust = shifted_runs(rng, 105, {1, 1, 1, 1, 1});
  const Comparison comparison = compare_pooled(c, rust);
  EXPECT_LT(comparison.ratio.ci.low, 1);
  EXPECT_GT(comparison.ratio.ci.high, 1);
  EXPECT_EQ(comparison.verdict, Verdict::no_difference);
}

TEST(Pooled, BadInputIsRefused) {
  EXPECT_THROW(pooled_median_ci({}), std::invalid_argument);
  EXPECT_THROW(pooled_median_ci({{1}, {}}), std::invalid_argument);
  EXPECT_THROW(pooled_ratio_ci({{1}, {2}}, {{1}}), std::invalid_argument);
  EXPECT_THROW(pooled_ratio_ci({{1}}, {{0}}), std::invalid_argument);
}

} // namespace
} // namespace twinbench::cli::stats
