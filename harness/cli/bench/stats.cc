#include "bench/stats.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <boost/math/distributions/students_t.hpp>

namespace twinbench::cli::stats {
namespace {

void require_sample(const std::vector<double> &values, const std::string &what) {
  if (values.empty()) throw std::invalid_argument(what + ": the sample is empty");
  for (double value : values)
    if (!std::isfinite(value))
      throw std::invalid_argument(what + ": the sample holds a non-finite value");
}

void require_bootstrap_settings(int resamples, double confidence, const std::string &what) {
  if (resamples < 1) throw std::invalid_argument(what + ": resamples must be at least 1");
  if (!(confidence > 0 && confidence < 1))
    throw std::invalid_argument(what + ": confidence must lie strictly between 0 and 1");
}

// Uniform indices in [0, size) by rejection sampling. std::uniform_int_distribution would do,
// but its algorithm differs between standard libraries while mt19937_64's output is fixed by the
// standard, so this keeps intervals reproducible wherever a report is rebuilt.
class IndexDraw {
public:
  explicit IndexDraw(std::size_t size)
      : size_(size), limit_(kMax - kMax % size_) {} // a multiple of size_: no index favoured

  std::size_t operator()(std::mt19937_64 &rng) const {
    std::uint64_t word = rng();
    while (word >= limit_) word = rng();
    return static_cast<std::size_t>(word % size_);
  }

private:
  static constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
  std::uint64_t size_;
  std::uint64_t limit_;
};

// Medians of bootstrap resamples of one sample. The sample is sorted once; a resample is then
// only how often each sorted position was drawn, and walking those counts finds the middle
// order statistics in O(n) without comparisons: several times faster than nth_element on a
// resampled copy, and the buffers are reused across resamples.
class ResampledMedian {
public:
  explicit ResampledMedian(const std::vector<double> &sample)
      : sorted_(sample), draw_counts_(sample.size()), draw_(sample.size()) {
    std::sort(sorted_.begin(), sorted_.end());
  }

  double operator()(std::mt19937_64 &rng) {
    std::fill(draw_counts_.begin(), draw_counts_.end(), 0);
    for (std::size_t i = 0; i < sorted_.size(); ++i) ++draw_counts_[draw_(rng)];
    // 0-based ranks of the middle values; equal for odd sizes.
    const std::size_t lower_rank = (sorted_.size() - 1) / 2, upper_rank = sorted_.size() / 2;
    std::size_t position = 0, below = 0; // `below`: resampled values before `position`
    while (below + draw_counts_[position] <= lower_rank) below += draw_counts_[position++];
    const double lower = sorted_[position];
    while (below + draw_counts_[position] <= upper_rank) below += draw_counts_[position++];
    return std::midpoint(lower, sorted_[position]);
  }

private:
  std::vector<double> sorted_;
  std::vector<std::size_t> draw_counts_;
  IndexDraw draw_;
};

// Linear interpolation between order statistics (numpy's default): the ends move smoothly with
// the confidence level instead of jumping between resampled values.
double sorted_quantile(const std::vector<double> &sorted, double q) {
  const double position = q * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  const double fraction = position - static_cast<double>(below);
  return sorted[below] + fraction * (sorted[above] - sorted[below]);
}

Interval percentile_interval(std::vector<double> &statistics, double confidence) {
  std::sort(statistics.begin(), statistics.end());
  return {sorted_quantile(statistics, (1 - confidence) / 2),
          sorted_quantile(statistics, (1 + confidence) / 2)};
}

// Midranks of the pooled samples, as the test needs them.
struct Ranking {
  double rank_sum_x = 0;
  std::vector<std::size_t> tie_sizes; // sizes of the groups of equal values (>= 2 each)
};

Ranking rank(const std::vector<double> &x, const std::vector<double> &y) {
  std::vector<std::pair<double, bool>> pooled; // value, belongs to x
  pooled.reserve(x.size() + y.size());
  for (double value : x) pooled.emplace_back(value, true);
  for (double value : y) pooled.emplace_back(value, false);
  std::sort(pooled.begin(), pooled.end());

  Ranking ranking;
  for (std::size_t start = 0; start < pooled.size();) {
    std::size_t end = start + 1;
    while (end < pooled.size() && pooled[end].first == pooled[start].first) ++end;
    // Ranks start + 1 .. end share their mean; multiples of 1/2, so the sum stays exact.
    const double midrank = static_cast<double>(start + 1 + end) / 2;
    for (std::size_t i = start; i < end; ++i)
      if (pooled[i].second) ranking.rank_sum_x += midrank;
    if (end - start > 1) ranking.tie_sizes.push_back(end - start);
    start = end;
  }
  return ranking;
}

// Without ties every choice of which `small` of the N ranks belong to the smaller sample is
// equally likely, and U is that choice's rank sum minus small * (small + 1) / 2. Counting choices
// by size and rank sum gives U's whole distribution (the same for either sample, as it is
// symmetric). long double holds the counts exactly up to 2^64; C(60, 30) is about 1.2e17.
double exact_p(std::size_t n1, std::size_t n2, double u) {
  const std::size_t total = n1 + n2;
  const std::size_t small = std::min(n1, n2);
  const std::size_t max_sum = small * total - small * (small - 1) / 2;
  // ways[k * (max_sum + 1) + s]: subsets of k ranks summing to s among the ranks seen so far.
  std::vector<long double> ways((small + 1) * (max_sum + 1), 0.0L);
  const auto at = [&](std::size_t k, std::size_t sum) -> long double & {
    return ways[k * (max_sum + 1) + sum];
  };
  at(0, 0) = 1;
  for (std::size_t rank = 1; rank <= total; ++rank)
    for (std::size_t k = std::min(rank, small); k >= 1; --k) // downwards: each rank used once
      for (std::size_t sum = max_sum; sum >= rank; --sum) at(k, sum) += at(k - 1, sum - rank);

  const std::size_t min_sum = small * (small + 1) / 2;
  const auto observed = static_cast<std::size_t>(std::llround(u));
  long double at_most = 0, at_least = 0, all = 0;
  for (std::size_t sum = min_sum; sum <= max_sum; ++sum) {
    const long double count = at(small, sum);
    const std::size_t u_of_sum = sum - min_sum;
    all += count;
    if (u_of_sum <= observed) at_most += count;
    if (u_of_sum >= observed) at_least += count;
  }
  const long double p = 2 * std::min(at_most, at_least) / all;
  return static_cast<double>(std::min(1.0L, p));
}

// scipy's asymptotic method: z from the larger of U and n1*n2 - U, so the continuity correction
// always moves towards the mean.
double asymptotic_p(std::size_t n1, std::size_t n2, double u,
                    const std::vector<std::size_t> &tie_sizes) {
  const double a = static_cast<double>(n1), b = static_cast<double>(n2), n = a + b;
  double tie_term = 0;
  for (std::size_t size : tie_sizes) {
    const double t = static_cast<double>(size);
    tie_term += t * t * t - t;
  }
  const double variance = a * b / 12 * ((n + 1) - tie_term / (n * (n - 1)));
  if (variance <= 0) return 1; // all values identical: nothing tells the samples apart
  const double mean = a * b / 2;
  const double z = (std::max(u, a * b - u) - mean - 0.5) / std::sqrt(variance);
  return std::min(1.0, std::erfc(z / std::sqrt(2.0))); // 2 * P(Z > z)
}

} // namespace

double median(std::vector<double> values) {
  require_sample(values, "median");
  const std::size_t middle = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + middle, values.end());
  const double upper = values[middle];
  if (values.size() % 2 == 1) return upper;
  // nth_element leaves the smaller half in front of `middle`: its largest is the lower middle.
  const double lower = *std::max_element(values.begin(), values.begin() + middle);
  return std::midpoint(lower, upper);
}

Estimate median_ci(const std::vector<double> &x, int resamples, double confidence,
                   std::uint64_t seed) {
  require_sample(x, "median_ci");
  require_bootstrap_settings(resamples, confidence, "median_ci");

  std::mt19937_64 rng(seed);
  ResampledMedian resampled_median(x);
  std::vector<double> medians(static_cast<std::size_t>(resamples));
  for (double &statistic : medians) statistic = resampled_median(rng);
  return {median(x), percentile_interval(medians, confidence)};
}

Estimate ratio_ci(const std::vector<double> &num, const std::vector<double> &den, int resamples,
                  double confidence, std::uint64_t seed) {
  require_sample(num, "ratio_ci numerator");
  require_sample(den, "ratio_ci denominator");
  require_bootstrap_settings(resamples, confidence, "ratio_ci");
  if (std::any_of(den.begin(), den.end(), [](double value) { return value <= 0; }))
    throw std::invalid_argument("ratio_ci denominator: values must be positive");

  std::mt19937_64 rng(seed);
  ResampledMedian resampled_num(num), resampled_den(den);
  std::vector<double> ratios(static_cast<std::size_t>(resamples));
  for (double &statistic : ratios) {
    // Numerator first: a fixed draw order keeps the interval reproducible.
    const double num_median = resampled_num(rng);
    statistic = num_median / resampled_den(rng);
  }
  return {median(num) / median(den), percentile_interval(ratios, confidence)};
}

MannWhitney mann_whitney(const std::vector<double> &x, const std::vector<double> &y,
                         MannWhitneyMethod method) {
  require_sample(x, "mann_whitney first sample");
  require_sample(y, "mann_whitney second sample");

  const Ranking ranking = rank(x, y);
  const auto n1 = x.size(), n2 = y.size();
  const double n1_double = static_cast<double>(n1);
  MannWhitney result;
  result.u = ranking.rank_sum_x - n1_double * (n1_double + 1) / 2;

  const bool ties = !ranking.tie_sizes.empty();
  if (method == MannWhitneyMethod::exact && ties)
    throw std::invalid_argument("mann_whitney: the exact p-value needs samples without ties");
  result.exact = method == MannWhitneyMethod::exact ||
                 (method == MannWhitneyMethod::automatic && !ties && n1 + n2 <= kExactMax);
  result.p =
      result.exact ? exact_p(n1, n2, result.u) : asymptotic_p(n1, n2, result.u, ranking.tie_sizes);
  return result;
}

namespace {

// The verdict from a p-value and the ratio's distance from 1.
Verdict verdict_of(double p, double ratio, double alpha, double noise) {
  if (p >= alpha || std::abs(ratio - 1) < noise) return Verdict::no_difference;
  return ratio > 1 ? Verdict::second_faster : Verdict::first_faster;
}

double mean_of(const std::vector<double> &values) {
  return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

// Sample standard deviation (n - 1 in the denominator); 0 for one value.
double sd_of(const std::vector<double> &values) {
  if (values.size() < 2) return 0;
  const double mean = mean_of(values);
  double squares = 0;
  for (double value : values) squares += (value - mean) * (value - mean);
  return std::sqrt(squares / static_cast<double>(values.size() - 1));
}

double t_quantile(double degrees_of_freedom, double q) {
  return boost::math::quantile(boost::math::students_t(degrees_of_freedom), q);
}

std::vector<double> all_values(const Runs &runs) {
  std::vector<double> out;
  for (const auto &run : runs) out.insert(out.end(), run.begin(), run.end());
  return out;
}

void require_runs(const Runs &runs, const std::string &what) {
  if (runs.empty()) throw std::invalid_argument(what + ": no runs");
  for (const auto &run : runs) require_sample(run, what);
}

void require_positive(const Runs &runs, const std::string &what) {
  for (const auto &run : runs)
    if (std::any_of(run.begin(), run.end(), [](double value) { return value <= 0; }))
      throw std::invalid_argument(what + ": values must be positive");
}

} // namespace

Comparison compare(const std::vector<double> &first, const std::vector<double> &second,
                   double alpha, double noise) {
  Comparison comparison;
  comparison.first = median_ci(first);
  comparison.second = median_ci(second);
  comparison.ratio = ratio_ci(second, first);
  comparison.test = mann_whitney(first, second);
  comparison.p = comparison.p_adjusted = comparison.test->p;
  comparison.a12 = vargha_delaney_a12(second, first);
  comparison.verdict = verdict_of(comparison.p, comparison.ratio.value, alpha, noise);
  return comparison;
}

Estimate across_runs_median(const Runs &runs, double confidence) {
  require_runs(runs, "across_runs_median");
  require_positive(runs, "across_runs_median");
  if (runs.size() == 1) return median_ci(runs.front(), kResamples, confidence);
  std::vector<double> logs;
  for (const auto &run : runs) logs.push_back(std::log(median(run)));
  const int df = static_cast<int>(logs.size()) - 1;
  const double mean = mean_of(logs);
  const double half = t_quantile(df, (1 + confidence) / 2) * sd_of(logs) /
                      std::sqrt(static_cast<double>(logs.size()));
  return {std::exp(mean), {std::exp(mean - half), std::exp(mean + half)}};
}

LogRatioTest log_ratio_t_test(const Runs &first, const Runs &second, double confidence) {
  require_runs(first, "log_ratio_t_test first");
  require_runs(second, "log_ratio_t_test second");
  require_positive(first, "log_ratio_t_test first");
  require_positive(second, "log_ratio_t_test second");
  if (first.size() != second.size())
    throw std::invalid_argument("log_ratio_t_test: the two sides come from different runs");
  if (first.size() < 2) throw std::invalid_argument("log_ratio_t_test: needs at least two runs");
  std::vector<double> log_ratios;
  for (std::size_t r = 0; r < first.size(); ++r)
    log_ratios.push_back(std::log(median(second[r]) / median(first[r])));

  LogRatioTest test;
  test.degrees_of_freedom = static_cast<int>(log_ratios.size()) - 1;
  const double mean = mean_of(log_ratios);
  const double standard_error =
      sd_of(log_ratios) / std::sqrt(static_cast<double>(log_ratios.size()));
  const double half = t_quantile(test.degrees_of_freedom, (1 + confidence) / 2) * standard_error;
  test.ratio = {std::exp(mean), {std::exp(mean - half), std::exp(mean + half)}};
  if (standard_error == 0) { // every run gave the same ratio
    test.t = mean == 0 ? 0 : std::copysign(INFINITY, mean);
    test.p = mean == 0 ? 1 : 0;
    return test;
  }
  test.t = mean / standard_error;
  test.p = 2 * boost::math::cdf(boost::math::complement(
                   boost::math::students_t(test.degrees_of_freedom), std::abs(test.t)));
  return test;
}

WelchTest welch_t_test(const std::vector<double> &first, const std::vector<double> &second,
                       double confidence) {
  if (first.size() < 2 || second.size() < 2)
    throw std::invalid_argument("welch_t_test: needs at least two values a side");
  const double n1 = static_cast<double>(first.size()), n2 = static_cast<double>(second.size());
  const double v1 = std::pow(sd_of(first), 2) / n1, v2 = std::pow(sd_of(second), 2) / n2;
  const double difference = mean_of(second) - mean_of(first);
  WelchTest test;
  const double standard_error = std::sqrt(v1 + v2);
  if (standard_error == 0) { // no spread on either side
    test.difference = {difference, {difference, difference}};
    test.t = difference == 0 ? 0 : std::copysign(INFINITY, difference);
    test.p = difference == 0 ? 1 : 0;
    test.degrees_of_freedom = n1 + n2 - 2;
    return test;
  }
  test.degrees_of_freedom = (v1 + v2) * (v1 + v2) / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1));
  const double half = t_quantile(test.degrees_of_freedom, (1 + confidence) / 2) * standard_error;
  test.difference = {difference, {difference - half, difference + half}};
  test.t = difference / standard_error;
  test.p = 2 * boost::math::cdf(boost::math::complement(
                   boost::math::students_t(test.degrees_of_freedom), std::abs(test.t)));
  return test;
}

double vargha_delaney_a12(const std::vector<double> &x, const std::vector<double> &y) {
  require_sample(x, "vargha_delaney_a12 first sample");
  require_sample(y, "vargha_delaney_a12 second sample");
  const double nx = static_cast<double>(x.size()), ny = static_cast<double>(y.size());
  const double u = rank(x, y).rank_sum_x - nx * (nx + 1) / 2; // pairs x > y, ties 1/2
  return u / (nx * ny);
}

std::vector<double> holm_adjust(const std::vector<double> &p) {
  std::vector<std::size_t> order(p.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](auto a, auto b) { return std::pair(p[a], a) < std::pair(p[b], b); });
  std::vector<double> adjusted(p.size());
  double running_max = 0;
  for (std::size_t i = 0; i < order.size(); ++i) {
    const double scaled = std::min(1.0, static_cast<double>(p.size() - i) * p[order[i]]);
    running_max = std::max(running_max, scaled); // step-down: never below an earlier one
    adjusted[order[i]] = running_max;
  }
  return adjusted;
}

Comparison compare_runs(const Runs &first, const Runs &second, double alpha, double noise) {
  require_runs(first, "compare_runs first");
  require_runs(second, "compare_runs second");
  if (first.size() != second.size())
    throw std::invalid_argument("compare_runs: the two sides come from different runs");
  if (first.size() == 1) return compare(first.front(), second.front(), alpha, noise);
  Comparison comparison;
  comparison.runs = static_cast<int>(first.size());
  comparison.first = across_runs_median(first);
  comparison.second = across_runs_median(second);
  comparison.across = log_ratio_t_test(first, second);
  comparison.ratio = comparison.across->ratio;
  comparison.p = comparison.p_adjusted = comparison.across->p;
  comparison.a12 = vargha_delaney_a12(all_values(second), all_values(first));
  comparison.verdict = verdict_of(comparison.p, comparison.ratio.value, alpha, noise);
  return comparison;
}

Comparison compare_independent_runs(const Runs &first, const Runs &second, double alpha,
                                    double noise) {
  require_runs(first, "compare_independent_runs first");
  require_runs(second, "compare_independent_runs second");
  if (first.size() == 1 || second.size() == 1)
    return compare(all_values(first), all_values(second), alpha, noise);
  require_positive(first, "compare_independent_runs first");
  require_positive(second, "compare_independent_runs second");
  auto log_medians = [](const Runs &runs) {
    std::vector<double> out;
    for (const auto &run : runs) out.push_back(std::log(median(run)));
    return out;
  };
  const WelchTest welch = welch_t_test(log_medians(first), log_medians(second));
  Comparison comparison;
  comparison.runs = static_cast<int>(std::min(first.size(), second.size()));
  comparison.first = across_runs_median(first);
  comparison.second = across_runs_median(second);
  const Estimate &d = welch.difference;
  comparison.ratio = {std::exp(d.value), {std::exp(d.ci.low), std::exp(d.ci.high)}};
  comparison.across = LogRatioTest{comparison.ratio, welch.t, welch.p, welch.degrees_of_freedom};
  comparison.p = comparison.p_adjusted = welch.p;
  comparison.a12 = vargha_delaney_a12(all_values(second), all_values(first));
  comparison.verdict = verdict_of(comparison.p, comparison.ratio.value, alpha, noise);
  return comparison;
}

void correct_for_multiplicity(const std::vector<Comparison *> &family, double alpha, double noise) {
  std::vector<Comparison *> present;
  std::vector<double> p;
  for (Comparison *comparison : family) {
    if (comparison == nullptr) continue;
    present.push_back(comparison);
    p.push_back(comparison->p);
  }
  const std::vector<double> adjusted = holm_adjust(p);
  for (std::size_t i = 0; i < present.size(); ++i) {
    present[i]->p_adjusted = adjusted[i];
    present[i]->verdict = verdict_of(adjusted[i], present[i]->ratio.value, alpha, noise);
  }
}

} // namespace twinbench::cli::stats
