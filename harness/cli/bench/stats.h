// Statistics for comparing the twins' benchmark samples: medians with bootstrap confidence
// intervals, the ratio of two medians, the Mann-Whitney U test, and a verdict built from them.
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

// The verdict of comparing two implementations' throughputs (higher is better).
enum class Verdict { first_faster, second_faster, no_difference };

struct Comparison {
  Estimate first, second; // medians with CIs
  Estimate ratio;         // median(second) / median(first), e.g. first = C, second = Rust: Rust/C
  // mann_whitney(first, second) for one run; none for pooled runs, whose verdict comes from the
  // ratio's interval.
  std::optional<MannWhitney> test;
  Verdict verdict = Verdict::no_difference;
};

// no_difference when test.p >= alpha, or when |ratio.value - 1| < noise (a tiny difference is a
// tie even when significant); otherwise second_faster if ratio.value > 1, else first_faster.
Comparison compare(const std::vector<double> &first, const std::vector<double> &second,
                   double alpha = kAlpha, double noise = kNoise);

// --- pooled runs ---------------------------------------------------------------------------
// Repeating a benchmark run on a shared machine shifts all of a run's repetitions together
// (another tenant, a frequency change), so repetitions within one run are not independent
// measurements of the build: an interval from one run misses that shift. Pooling runs with a
// two-stage bootstrap puts it back.

// One case's repetitions, run by run: runs[r] holds the repetitions of run r.
using Runs = std::vector<std::vector<double>>;

// The median of all repetitions of all runs, with a two-stage (hierarchical) percentile bootstrap
// interval: each resample draws as many runs as there are, with replacement, then within each
// drawn run as many repetitions as it holds, with replacement, and takes the median of all drawn
// values. With one run it is median_ci's interval, from another random stream.
Estimate pooled_median_ci(const Runs &runs, int resamples = kResamples,
                          double confidence = kConfidence, std::uint64_t seed = kSeed);

// median(pooled num) / median(pooled den) with the same two-stage bootstrap. num[r] and den[r]
// must come from the same run r (interleaved there), so a resample draws runs once for both: a
// shift of the whole run moves both and cancels in the ratio, as it does in reality.
Estimate pooled_ratio_ci(const Runs &num, const Runs &den, int resamples = kResamples,
                         double confidence = kConfidence, std::uint64_t seed = kSeed);

// Pooled medians and ratio; no test. Verdict: second_faster (first_faster) when the ratio's
// interval lies wholly above (below) 1 and the ratio differs from 1 by at least `noise`.
Comparison compare_pooled(const Runs &first, const Runs &second, double noise = kNoise);

} // namespace twinbench::cli::stats
