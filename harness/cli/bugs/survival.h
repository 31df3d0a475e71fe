// Time to detection over trials, as survival analysis (Magma's and FuzzBench's practice): a
// trial either detects its bug at some time (an event) or reaches its budget without detecting
// it (censored there). Kaplan–Meier estimates the fraction of trials still undetected at each
// time, with Greenwood's variance on the log(-log) scale (Kalbfleisch–Prentice) for the
// pointwise band; the median's interval is where that band crosses one half (Brookmeyer–Crowley,
// as R's survfit reports it); the log-rank test compares two languages' curves.
#pragma once

#include <optional>
#include <vector>

namespace twinbench::cli::stats {

struct Trial {
  double seconds = 0;    // when the bug was detected, or the budget it ran to
  bool detected = false; // false: censored at `seconds`
};

// The curve at one time at which some trial detected its bug.
struct SurvivalStep {
  double seconds = 0;
  int at_risk = 0;          // trials not yet detected nor censored just before
  int detected = 0;         // detections at exactly this time
  double survival = 1;      // fraction still undetected just after
  double low = 1, high = 1; // pointwise confidence band
};

struct KaplanMeier {
  std::vector<SurvivalStep> steps;
  // The first time the curve is at or below one half (R's rule: within sqrt(machine epsilon),
  // and where the curve is exactly one half until a later drop, the midpoint of that flat);
  // none: not reached within the budget.
  std::optional<double> median;
  // The median's confidence interval: where the band's low and high edges first reach one half
  // (none: not reached).
  std::optional<double> median_low, median_high;
};

// Throws std::invalid_argument on a negative or non-finite time.
KaplanMeier kaplan_meier(const std::vector<Trial> &trials, double confidence = 0.95);

// The restricted mean time to detection (RMST, Magma's measure): the area under the curve from 0
// to `horizon` (the budget), i.e. the mean time to detection when every trial is stopped at the
// horizon. Unlike the median it exists when fewer than half the trials detect.
struct Rmst {
  double horizon = 0;
  double value = 0;
  double standard_error = 0;
  double low = 0, high = 0; // value -+ z * standard_error, within [0, horizon]
};

// Throws std::invalid_argument on a horizon that is not a positive time.
Rmst restricted_mean(const KaplanMeier &km, double horizon, double confidence = 0.95);

// When a trial can end at a finding that is not the bug (an unrelated crash stops the run), the
// bug's detection has a competing risk: 1 - Kaplan-Meier, which treats those trials as censored,
// overstates how often the bug would be found. The Aalen-Johansen estimate of the cumulative
// incidence of each cause does not.
enum class Ending { censored, detected, unrelated };
struct CompetingTrial {
  double seconds = 0;
  Ending ending = Ending::censored;
};
struct IncidenceStep {
  double seconds = 0;
  double detected = 0;  // cumulative incidence of detection just after this time
  double unrelated = 0; // of an unrelated finding
};
// One step per time at which some trial ended at a finding (either cause). Throws
// std::invalid_argument on a negative or non-finite time.
std::vector<IncidenceStep> cumulative_incidence(const std::vector<CompetingTrial> &trials);

struct LogRank {
  double observed_a = 0, expected_a = 0; // detections in group a, and expected under no difference
  double chi_square = 0;                 // 1 degree of freedom
  double p = 1;                          // 1 when nothing can be compared
};

LogRank log_rank(const std::vector<Trial> &a, const std::vector<Trial> &b);

} // namespace twinbench::cli::stats
