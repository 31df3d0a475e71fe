// Self-contained SVG charts for the report: no script, no font, nothing fetched; every text
// node escaped. Sized for a 720-pixel column and for print.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace twinbench::cli::svg {

struct Series {
  std::string name;
  std::string color;   // CSS colour
  bool dashed = false; // lines only: drawn dashed (and so shown in the legend)
};

struct BarValue {
  double value = 0;
  std::optional<std::pair<double, double>> interval; // whisker, e.g. a 95% CI
};

struct BarGroup {
  std::string label;
  std::vector<std::optional<BarValue>> values; // one per series; nullopt: no bar
};

// Horizontal grouped bars from zero, one group per row, optional interval whiskers. Counts
// want `integer_ticks`.
std::string bar_chart(const std::string &title, const std::vector<Series> &series,
                      const std::vector<BarGroup> &groups, const std::string &axis_label,
                      bool integer_ticks = false);

struct Line {
  size_t series = 0; // index into the series list: its colour and legend entry
  std::vector<std::pair<double, double>> points;
  // Empty, or one (low, high) per point: an interval drawn as a shaded band around the line.
  std::vector<std::pair<double, double>> band;
};

// Lines through their points. The y axis starts at zero and ends at a round number above the
// largest y (or at `y_max`); the x axis likewise, or with `log_x` spans the powers of ten
// around the positive x values, on a log scale (points at x <= 0 are left out).
std::string line_chart(const std::string &title, const std::vector<Series> &series,
                       const std::vector<Line> &lines, const std::string &x_label,
                       const std::string &y_label, std::optional<double> y_max = std::nullopt,
                       bool log_x = false);

// A round axis maximum and tick step covering `max` (e.g. 2345 -> 2500, step 500).
std::pair<double, double> nice_axis(double max);

} // namespace twinbench::cli::svg
