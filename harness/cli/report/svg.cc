#include "report/svg.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "report/escape.h"

namespace twinbench::cli::svg {
namespace {

constexpr double width = 720;
constexpr double label_width = 170; // left margin for group labels and the y axis
constexpr double right_margin = 20;
constexpr double plot_width = width - label_width - right_margin;

std::string tick_text(double v) {
  if (v >= 1e6) return fmt::format("{:g}M", v / 1e6);
  if (v >= 1e4) return fmt::format("{:g}k", v / 1e3);
  return fmt::format("{:g}", v);
}

std::string open_svg(const std::string &title, double height) {
  return fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{0}\" "
                     "height=\"{1}\" viewBox=\"0 0 {0} {1}\" aria-label=\"{2}\" "
                     "font-family=\"sans-serif\" font-size=\"11\">"
                     "<title>{2}</title>"
                     "<text x=\"0\" y=\"16\" font-weight=\"bold\" font-size=\"13\">{2}</text>",
                     width, height, html_escape(title));
}

constexpr double legend_row = 16;

// The legend's entries left to right, wrapping to further rows: (x, row) per series.
std::vector<std::pair<double, int>> legend_layout(const std::vector<Series> &series) {
  std::vector<std::pair<double, int>> out;
  double x = label_width;
  int row = 0;
  for (const auto &s : series) {
    const double w = 28 + 6.5 * static_cast<double>(s.name.size());
    if (x > label_width && x + w > width) x = label_width, row++;
    out.emplace_back(x, row);
    x += w;
  }
  return out;
}

int legend_rows(const std::vector<Series> &series) {
  const auto layout = legend_layout(series);
  return layout.empty() ? 1 : layout.back().second + 1;
}

std::string legend(const std::vector<Series> &series, double y) {
  std::string out;
  const auto layout = legend_layout(series);
  for (size_t i = 0; i < series.size(); i++) {
    const Series &s = series[i];
    const auto [x, row] = layout[i];
    const double at = y + legend_row * row;
    out += s.dashed ? fmt::format("<path d=\"M{:.1f} {:.1f}h12\" stroke=\"{}\" stroke-width=\"2\" "
                                  "stroke-dasharray=\"3 2\"/>",
                                  x, at - 4, html_escape(s.color))
                    : fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"12\" height=\"12\" "
                                  "fill=\"{}\"/>",
                                  x, at - 10, html_escape(s.color));
    out +=
        fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\">{}</text>", x + 16, at, html_escape(s.name));
  }
  return out;
}

// Vertical grid lines and tick labels along an x axis from 0 to `max`.
std::string x_axis(double max, double step, double top, double bottom, const std::string &label) {
  std::string out;
  for (double v = 0; v <= max + step / 2; v += step) {
    const double x = label_width + plot_width * v / max;
    out += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" "
                       "stroke=\"#ddd\"/><text x=\"{0:.1f}\" y=\"{3:.1f}\" "
                       "text-anchor=\"middle\">{4}</text>",
                       x, top, bottom, bottom + 14, tick_text(v));
  }
  out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>",
                     label_width + plot_width / 2, bottom + 30, html_escape(label));
  return out;
}

// Vertical grid lines at 1, 2 and 5 times each power of ten from 10^lo to 10^hi, on a log
// scale.
std::string log_x_axis(int lo, int hi, double top, double bottom, const std::string &label) {
  std::string out;
  for (int e = lo; e <= hi; e++) {
    for (double m : {1.0, 2.0, 5.0}) {
      if (e == hi && m > 1) break;
      const double v = m * std::pow(10, e);
      const double x = label_width + plot_width * (std::log10(v) - lo) / (hi - lo);
      out += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" "
                         "stroke=\"{5}\"/><text x=\"{0:.1f}\" y=\"{3:.1f}\" "
                         "text-anchor=\"middle\">{4}</text>",
                         x, top, bottom, bottom + 14, tick_text(v), m == 1 ? "#ccc" : "#eee");
    }
  }
  out +=
      fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>",
                  label_width + plot_width / 2, bottom + 30, html_escape(label + " (log scale)"));
  return out;
}

} // namespace

std::pair<double, double> nice_axis(double max) {
  if (!(max > 0)) return {1, 0.2};
  const double magnitude = std::pow(10, std::floor(std::log10(max)));
  for (double step : {0.1, 0.2, 0.25, 0.5, 1.0, 2.0}) {
    const double s = step * magnitude;
    const double top = std::ceil(max / s) * s;
    if (top / s <= 8) return {top, s};
  }
  return {std::ceil(max / magnitude) * magnitude, magnitude};
}

std::string bar_chart(const std::string &title, const std::vector<Series> &series,
                      const std::vector<BarGroup> &groups, const std::string &axis_label,
                      bool integer_ticks) {
  constexpr double bar = 11, gap = 8;
  const double top = 48 + legend_row * (legend_rows(series) - 1);
  double max = 0;
  for (const auto &g : groups) {
    for (const auto &v : g.values) {
      if (v) max = std::max({max, v->value, v->interval ? v->interval->second : 0.0});
    }
  }
  auto [axis_max, step] = nice_axis(max);
  if (integer_ticks && step < 1) {
    step = 1;
    axis_max = std::max(1.0, std::ceil(max));
  }
  const double group_height = bar * static_cast<double>(series.size()) + gap;
  const double bottom = top + group_height * static_cast<double>(groups.size());
  std::string out = open_svg(title, bottom + 40);
  out += legend(series, 36);
  out += x_axis(axis_max, step, top, bottom, axis_label);
  double y = top;
  for (const auto &g : groups) {
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>",
                       label_width - 6, y + group_height / 2, html_escape(g.label));
    for (size_t i = 0; i < g.values.size() && i < series.size(); i++, y += bar) {
      if (!g.values[i]) continue;
      const auto &v = *g.values[i];
      const double w = plot_width * v.value / axis_max;
      out += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
                         "fill=\"{}\"><title>{}: {:.4g}</title></rect>",
                         label_width, y + 1, w, bar - 2, html_escape(series[i].color),
                         html_escape(series[i].name), v.value);
      if (v.interval) {
        const double x1 = label_width + plot_width * v.interval->first / axis_max;
        const double x2 = label_width + plot_width * v.interval->second / axis_max;
        const double mid = y + bar / 2;
        out += fmt::format(
            "<path d=\"M{0:.1f} {1:.1f}H{2:.1f}M{0:.1f} {3:.1f}V{4:.1f}"
            "M{2:.1f} {3:.1f}V{4:.1f}\" stroke=\"#111\" stroke-width=\"1.2\" fill=\"none\"/>",
            x1, mid, x2, mid - 3.5, mid + 3.5);
      }
    }
    y += gap;
  }
  return out + "</svg>";
}

std::string line_chart(const std::string &title, const std::vector<Series> &series,
                       const std::vector<Line> &lines, const std::string &x_label,
                       const std::string &y_label, std::optional<double> y_max_given, bool log_x) {
  constexpr double plot_height = 220;
  const double top = 48 + legend_row * (legend_rows(series) - 1);
  const double bottom = top + plot_height;
  double x_max = 0, y_max = 0, x_min_positive = 0;
  for (const auto &l : lines) {
    for (const auto &[x, y] : l.points) {
      x_max = std::max(x_max, x);
      y_max = std::max(y_max, y);
      if (x > 0 && (x_min_positive == 0 || x < x_min_positive)) x_min_positive = x;
    }
    for (const auto &[low, high] : l.band) y_max = std::max(y_max, high);
  }
  const auto [x_axis_max, x_step] = nice_axis(x_max);
  const auto [y_axis_max, y_step] = nice_axis(y_max_given.value_or(y_max));
  // The log axis: whole powers of ten around the positive x values.
  const int lo = x_min_positive > 0 ? static_cast<int>(std::floor(std::log10(x_min_positive))) : 0;
  const int hi = std::max(lo + 1, x_max > 0 ? static_cast<int>(std::ceil(std::log10(x_max))) : 1);
  auto x_at = [&](double x) {
    return label_width + plot_width * (log_x ? (std::log10(x) - lo) / (hi - lo) : x / x_axis_max);
  };
  auto y_at = [&](double y) { return bottom - plot_height * y / y_axis_max; };
  std::string out = open_svg(title, bottom + 40);
  out += legend(series, 36);
  out += log_x ? log_x_axis(lo, hi, top, bottom, x_label)
               : x_axis(x_axis_max, x_step, top, bottom, x_label);
  for (double v = 0; v <= y_axis_max + y_step / 2; v += y_step) {
    const double y = y_at(v);
    out +=
        fmt::format("<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{2:.1f}\" y2=\"{1:.1f}\" "
                    "stroke=\"#ddd\"/><text x=\"{3:.1f}\" y=\"{4:.1f}\" "
                    "text-anchor=\"end\">{5}</text>",
                    label_width, y, label_width + plot_width, label_width - 6, y + 4, tick_text(v));
  }
  out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" "
                     "transform=\"rotate(-90 {:.1f} {:.1f})\">{}</text>",
                     label_width - 52, top + plot_height / 2, label_width - 52,
                     top + plot_height / 2, html_escape(y_label));
  for (const auto &l : lines) {
    if (l.points.empty() || l.series >= series.size()) continue;
    auto shown = [&](double x) { return !log_x || x > 0; };
    if (l.band.size() == l.points.size()) {
      // Along the highs, back along the lows: one closed, translucent area.
      std::string d;
      for (size_t i = 0; i < l.points.size(); i++) {
        if (!shown(l.points[i].first)) continue;
        d += fmt::format("{}{:.1f} {:.1f}", d.empty() ? "M" : "L", x_at(l.points[i].first),
                         y_at(l.band[i].second));
      }
      for (size_t i = l.points.size(); i-- > 0;) {
        if (!shown(l.points[i].first)) continue;
        d += fmt::format("L{:.1f} {:.1f}", x_at(l.points[i].first), y_at(l.band[i].first));
      }
      if (!d.empty()) {
        out += fmt::format("<path d=\"{}Z\" fill=\"{}\" fill-opacity=\"0.18\" stroke=\"none\"/>", d,
                           html_escape(series[l.series].color));
      }
    }
    std::string d;
    for (const auto &[x, y] : l.points) {
      if (!shown(x)) continue;
      d += fmt::format("{}{:.1f} {:.1f}", d.empty() ? "M" : "L", x_at(x), y_at(y));
    }
    out += fmt::format("<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\"{}/>", d,
                       html_escape(series[l.series].color),
                       series[l.series].dashed ? " stroke-dasharray=\"5 3\"" : "");
  }
  return out + "</svg>";
}

} // namespace twinbench::cli::svg
