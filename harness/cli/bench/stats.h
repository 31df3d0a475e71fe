// Statistics for comparing the twins' benchmark samples: medians with bootstrap confidence
// intervals, the ratio of two medians, the Mann-Whitney U test within one run, the t-test of
// log ratios across runs, Vargha-Delaney's A12, Holm's correction, and verdicts built from them.
// Everything is deterministic for a given input, so a report rebuilt from the store is identical.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace twinbench::cli::stats {

// The bootstrap's default seed: fixed, so the same data always give the same interval.
inline constexpr std::uint64_t kSeed = 0x7477696e62656e63; // "twinbenc"
// The defaults below are what every reported figure uses; the report quotes them from here.
inline constexpr int kResamples = 10000;     // bootstrap resamples per interval
inline constexpr double kConfidence = 0.95;  // of every interval
inline constexpr double kAlpha = 0.05;       // significance level of the verdict
inline constexpr double kNoise = 0.02;       // smaller ratio differences are ties
inline constexpr std::size_t kExactMax = 60; // n1 + n2 up to which U's p-value is exact

struct Interval {
  double low = 0, high = 0;
};

struct Estimate {
  double value = 0; // point estimate
  Interval ci;      // its confidence interval (95% unless asked otherwise)
};

// Throws std::invalid_argument on an empty sample or a non-finite value.
// Even sizes give the mean of the two middle values.
double median(std::vector<double> values);

// Percentile bootstrap CI of the median: `resamples` resamples drawn with std::mt19937_64 seeded
// with `seed`; the interval's ends are the (1-c)/2 and (1+c)/2 quantiles of the resampled medians,
// interpolated linearly between order statistics (numpy's default quantile).
Estimate median_ci(const std::vector<double> &x, int resamples = kResamples,
                   double confidence = kConfidence, std::uint64_t seed = kSeed);

// median(num) / median(den) with a percentile bootstrap CI: each resample draws num and den
// independently (they are independent samples) and takes the ratio of the resampled medians.
// den's values must be positive (throughputs), so that no resample divides by zero.
Estimate ratio_ci(const std::vector<double> &num, const std::vector<double> &den,
                  int resamples = kResamples, double confidence = kConfidence,
                  std::uint64_t seed = kSeed);

// How mann_whitney() gets its p-value. `automatic` is exact when there are no ties and
// n1 + n2 <= kExactMax, asymptotic otherwise; the others force one method (exact refuses ties).
enum class MannWhitneyMethod { automatic, exact, asymptotic };

struct MannWhitney {
  double u = 0;       // U of the first sample: pairs with x_i > y_j, ties counting 1/2
  double p = 1;       // two-sided p-value
  bool exact = false; // p comes from the exact permutation distribution of U
};

// Two-sided Mann-Whitney U test.
//   exact:      p = min(1, 2 * min(P(U <= u), P(U >= u))) over all rank assignments.
//   asymptotic: normal approximation with tie and continuity corrections, as
//               scipy.stats.mannwhitneyu(method="asymptotic", use_continuity=True).
// All values identical: p = 1.
MannWhitney mann_whitney(const std::vector<double> &x, const std::vector<double> &y,
                         MannWhitneyMethod method = MannWhitneyMethod::automatic);

// The t-test of log ratios across runs (log_ratio_t_test, or welch_log_ratio_test).
struct LogRatioTest {
  Estimate ratio; // exp(mean of the log ratios, or difference of mean logs), with its t interval
  double t = 0;   // the t statistic against 0
  double p = 1;   // two-sided
  double degrees_of_freedom = 0; // runs - 1 when paired; Welch-Satterthwaite's when not
};

// Welch's two-sample t-test (R's t.test(second, first), var.equal = FALSE): the difference
// mean(second) - mean(first) with its t interval on Welch-Satterthwaite's degrees of freedom.
// At least two values a side.
struct WelchTest {
  Estimate difference;
  double t = 0, p = 1, degrees_of_freedom = 0;
};
WelchTest welch_t_test(const std::vector<double> &first, const std::vector<double> &second,
                       double confidence = kConfidence);

// The verdict of comparing two implementations' throughputs (higher is better).
enum class Verdict { first_faster, second_faster, no_difference };

struct Comparison {
  Estimate first, second; // medians with CIs (across runs: geometric means of the runs' medians)
  Estimate ratio;         // second / first, e.g. first = C, second = Rust: Rust/C
  int runs = 1;           // the runs the verdict rests on; 1: a verdict within one run
  std::optional<MannWhitney> test;    // within one run: mann_whitney(first, second)
  std::optional<LogRatioTest> across; // across runs: log_ratio_t_test(first, second)
  double p = 1;                       // the test's two-sided p-value
  double p_adjusted = 1;              // after correct_for_multiplicity (before it: p)
  double a12 = 0.5;                   // vargha_delaney_a12(second, first) over every repetition
  Verdict verdict = Verdict::no_difference;
};

// Within one run: Mann-Whitney over the repetitions. no_difference when p >= alpha, or when
// |ratio.value - 1| < noise (a tiny difference is a tie even when significant); otherwise
// second_faster if ratio.value > 1, else first_faster.
Comparison compare(const std::vector<double> &first, const std::vector<double> &second,
                   double alpha = kAlpha, double noise = kNoise);

// --- across runs ----------------------------------------------------------------------------
// Repetitions within one run share that run's machine state (another tenant, a frequency change,
// where the allocator put things), so they are not independent measurements of the build: a test
// over them finds "differences" that the next run does not repeat. Across runs, the unit of
// evidence is the run: each run gives one median per implementation, and a verdict rests on how
// the Rust/C ratio of those medians varies from run to run.

// One case's repetitions, run by run: runs[r] holds the repetitions of run r.
using Runs = std::vector<std::vector<double>>;

// The geometric mean of the runs' medians with a Student t interval on the log scale (runs - 1
// degrees of freedom). With one run: median_ci of that run (an interval within one run).
Estimate across_runs_median(const Runs &runs, double confidence = kConfidence);

// Paired by run: d_r = log(median(second[r]) / median(first[r])); a one-sample t-test of mean
// d = 0 (R's t.test(d)), and exp of its interval for the ratio. first and second must come from
// the same runs, at least two; values positive. All d equal: p = 0 unless they are 0 (p = 1).
LogRatioTest log_ratio_t_test(const Runs &first, const Runs &second,
                              double confidence = kConfidence);

// Vargha and Delaney's A12: P(X > Y) + P(X = Y) / 2 over every pair, the effect size FuzzBench
// prints beside its tests. 0.5: no tendency; 0.56, 0.64, 0.71: the conventional small, medium,
// large effects; A12(y, x) = 1 - A12(x, y).
double vargha_delaney_a12(const std::vector<double> &x, const std::vector<double> &y);

// Holm's step-down adjustment (R's p.adjust(p, "holm")): controls the chance of any false
// verdict in the family at the nominal level, whatever the dependence between the tests.
std::vector<double> holm_adjust(const std::vector<double> &p);

// Medians, ratio, A12 and the test of second against first across runs: first[r] and second[r]
// were measured in the same run r (interleaved there). With one run: compare(), labelled within
// one run. With more: log_ratio_t_test; the verdict as compare()'s, from the t-test's p.
Comparison compare_runs(const Runs &first, const Runs &second, double alpha = kAlpha,
                        double noise = kNoise);

// Two sets of runs with nothing paired between them (two stored benchmark runs: --compare): each
// run's median, Welch's t-test of the log medians (second against first), the ratio exp of the
// difference with its interval; A12 over every repetition. With one run on either side:
// compare() over the pooled repetitions, labelled within one run.
Comparison compare_independent_runs(const Runs &first, const Runs &second, double alpha = kAlpha,
                                    double noise = kNoise);

// Holm over every comparison of a report (or a --compare): sets each p_adjusted and re-decides
// each verdict from it. Comparisons may be null (a case without both sides): skipped.
void correct_for_multiplicity(const std::vector<Comparison *> &family, double alpha = kAlpha,
                              double noise = kNoise);

} // namespace twinbench::cli::stats
