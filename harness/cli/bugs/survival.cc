#include "bugs/survival.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>

namespace twinbench::cli::stats {

namespace {

void require_valid(const std::vector<Trial> &trials) {
  for (const auto &t : trials) {
    if (!std::isfinite(t.seconds) || t.seconds < 0) {
      throw std::invalid_argument("a trial's time must be finite and not negative");
    }
  }
}

// The standard normal quantile for a two-sided `confidence`, by bisection on erfc (1.959964
// for 95%).
double two_sided_z(double confidence) {
  const double p = (1 + confidence) / 2;
  double lo = 0, hi = 10;
  for (int i = 0; i < 200; i++) { // bisection: Φ(z) = 1 - erfc(z / √2) / 2
    const double mid = (lo + hi) / 2;
    (1 - std::erfc(mid / std::sqrt(2.0)) / 2 < p ? lo : hi) = mid;
  }
  return (lo + hi) / 2;
}

// Distinct detection times, ascending.
std::vector<double> detection_times(const std::vector<Trial> &trials) {
  std::set<double> times;
  for (const auto &t : trials) {
    if (t.detected) times.insert(t.seconds);
  }
  return {times.begin(), times.end()};
}

// Trials at risk at `time` (not detected nor censored before it) and detections at it.
std::pair<int, int> risk_at(const std::vector<Trial> &trials, double time) {
  int at_risk = 0, detected = 0;
  for (const auto &t : trials) {
    at_risk += t.seconds >= time;
    detected += t.detected && t.seconds == time;
  }
  return {at_risk, detected};
}

} // namespace

KaplanMeier kaplan_meier(const std::vector<Trial> &trials, double confidence) {
  require_valid(trials);
  const double z = two_sided_z(confidence);
  KaplanMeier km;
  double survival = 1, greenwood = 0;
  for (double time : detection_times(trials)) {
    const auto [n, d] = risk_at(trials, time);
    survival *= 1 - static_cast<double>(d) / n;
    SurvivalStep step{time, n, d, survival, survival, survival};
    if (n > d) {
      greenwood += static_cast<double>(d) / (static_cast<double>(n) * (n - d));
      if (survival > 0 && survival < 1) {
        const double se = std::sqrt(greenwood) / std::abs(std::log(survival));
        step.low = std::pow(survival, std::exp(z * se));
        step.high = std::pow(survival, std::exp(-z * se));
      }
    } else {
      step.low = step.high = 0; // every trial left has detected: the curve is certain to be 0
    }
    km.steps.push_back(step);
  }
  for (const auto &s : km.steps) {
    if (!km.median && s.survival <= 0.5) km.median = s.seconds;
    if (!km.median_low && s.low <= 0.5) km.median_low = s.seconds;
    if (!km.median_high && s.high <= 0.5) km.median_high = s.seconds;
  }
  return km;
}

LogRank log_rank(const std::vector<Trial> &a, const std::vector<Trial> &b) {
  require_valid(a);
  require_valid(b);
  std::vector<Trial> all = a;
  all.insert(all.end(), b.begin(), b.end());
  LogRank r;
  double variance = 0;
  for (double time : detection_times(all)) {
    const auto [n, d] = risk_at(all, time);
    const auto [n_a, d_a] = risk_at(a, time);
    r.observed_a += d_a;
    r.expected_a += static_cast<double>(d) * n_a / n;
    if (n > 1) {
      variance += static_cast<double>(n_a) * (n - n_a) * d * (n - d) /
                  (static_cast<double>(n) * n * (n - 1));
    }
  }
  if (variance > 0) {
    r.chi_square = std::pow(r.observed_a - r.expected_a, 2) / variance;
    r.p = std::erfc(std::sqrt(r.chi_square / 2)); // chi-square, 1 degree of freedom
  }
  return r;
}

} // namespace twinbench::cli::stats
