#include "bugs/survival.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
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

// R's rule for the median (print.survfit): the first time the curve is at or below one half,
// within sqrt(machine epsilon); when the curve sits exactly at one half there and drops later,
// the midpoint between that time and the next drop.
std::optional<double> first_at_half(const std::vector<SurvivalStep> &steps,
                                    double SurvivalStep::*curve) {
  const double tolerance = std::sqrt(std::numeric_limits<double>::epsilon());
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const double value = steps[i].*curve;
    if (value >= 0.5 + tolerance) continue;
    if (std::abs(value - 0.5) < tolerance) {
      for (std::size_t j = i + 1; j < steps.size(); ++j)
        if (steps[j].*curve < value) return (steps[i].seconds + steps[j].seconds) / 2;
    }
    return steps[i].seconds;
  }
  return std::nullopt;
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
  km.median = first_at_half(km.steps, &SurvivalStep::survival);
  km.median_low = first_at_half(km.steps, &SurvivalStep::low);
  km.median_high = first_at_half(km.steps, &SurvivalStep::high);
  return km;
}

Rmst restricted_mean(const KaplanMeier &km, double horizon, double confidence) {
  if (!std::isfinite(horizon) || horizon <= 0)
    throw std::invalid_argument("the restricted mean's horizon must be a positive time");
  // The area under the step curve from 0 to the horizon; for each step j at or before it, A_j:
  // the area from its time to the horizon, for the variance sum over steps of
  // A_j^2 d_j / (n_j (n_j - d_j)) (Klein and Moeschberger 4.5; R's survRM2 and print.survfit
  // with rmean).
  std::vector<const SurvivalStep *> steps;
  for (const auto &step : km.steps)
    if (step.seconds <= horizon) steps.push_back(&step);
  Rmst rmst;
  rmst.horizon = horizon;
  double before = 1, previous = 0;
  for (const SurvivalStep *step : steps) {
    rmst.value += before * (step->seconds - previous);
    before = step->survival;
    previous = step->seconds;
  }
  rmst.value += before * (horizon - previous);
  double variance = 0, area_after = 0;
  // Walk back from the horizon: A_j = area from step j to the horizon under the curve.
  double next_time = horizon;
  for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
    const SurvivalStep &step = **it;
    area_after += step.survival * (next_time - step.seconds);
    next_time = step.seconds;
    if (step.at_risk > step.detected) {
      variance += area_after * area_after * step.detected /
                  (static_cast<double>(step.at_risk) * (step.at_risk - step.detected));
    }
  }
  rmst.standard_error = std::sqrt(variance);
  const double z = two_sided_z(confidence);
  rmst.low = std::max(0.0, rmst.value - z * rmst.standard_error);
  rmst.high = std::min(horizon, rmst.value + z * rmst.standard_error);
  return rmst;
}

std::vector<IncidenceStep> cumulative_incidence(const std::vector<CompetingTrial> &trials) {
  for (const auto &t : trials) {
    if (!std::isfinite(t.seconds) || t.seconds < 0) {
      throw std::invalid_argument("a trial's time must be finite and not negative");
    }
  }
  std::set<double> times;
  for (const auto &t : trials)
    if (t.ending != Ending::censored) times.insert(t.seconds);
  std::vector<IncidenceStep> steps;
  double free_of_any = 1; // Kaplan-Meier of "no finding of either cause yet", just before
  double detected = 0, unrelated = 0;
  for (double time : times) {
    int at_risk = 0, d_detected = 0, d_unrelated = 0;
    for (const auto &t : trials) {
      at_risk += t.seconds >= time;
      d_detected += t.ending == Ending::detected && t.seconds == time;
      d_unrelated += t.ending == Ending::unrelated && t.seconds == time;
    }
    detected += free_of_any * d_detected / at_risk;
    unrelated += free_of_any * d_unrelated / at_risk;
    free_of_any *= 1 - static_cast<double>(d_detected + d_unrelated) / at_risk;
    steps.push_back({time, detected, unrelated});
  }
  return steps;
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
