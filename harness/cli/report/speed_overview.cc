#include "report/speed_overview.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "bench/stats.h"
#include "report/report_text.h"

namespace twinbench::cli {
namespace {

// One pair's comparisons across a component's cases.
struct PairTally {
  std::string c, rust; // the two sides' names
  int rust_faster = 0, c_faster = 0, neither = 0;
  std::vector<double> ratios; // Rust/C per case
};

void count(PairTally &tally, const RustVsC &v) {
  tally.rust_faster += v.verdict == stats::Verdict::second_faster;
  tally.c_faster += v.verdict == stats::Verdict::first_faster;
  tally.neither += v.verdict == stats::Verdict::no_difference;
  tally.ratios.push_back(v.ratio.value);
}

TableRow row_of(const std::string &component, const PairTally &t) {
  const auto [low, high] = std::minmax_element(t.ratios.begin(), t.ratios.end());
  double log_sum = 0;
  for (double r : t.ratios) log_sum += std::log(r);
  const double geometric_mean = std::exp(log_sum / static_cast<double>(t.ratios.size()));
  auto number = [](std::string text) { return Cell{std::move(text), 1, false, true}; };
  return {{component},
          {fmt::format("{} over {}", t.rust, t.c)},
          number(std::to_string(t.ratios.size())),
          number(std::to_string(t.rust_faster)),
          number(std::to_string(t.c_faster)),
          number(std::to_string(t.neither)),
          number(fmt::format("{:.2f}", geometric_mean)),
          number(fmt::format("{:.2f} – {:.2f}", *low, *high))};
}

} // namespace

Table speed_overview_table(const ReportModel &model) {
  Table t{{"Component", "Compared", "Cases", "Rust faster", "C faster", "No measurable difference",
           "Rust/C, geometric mean", "Rust/C, range"},
          {}};
  if (!model.benchmarks) return t;
  for (const auto &comp : model.components) {
    PairTally twins{"C twin", "Rust twin", 0, 0, 0, {}};
    std::map<std::pair<std::string, std::string>, PairTally> libraries;
    for (const auto &k : model.benchmarks->cases) {
      if (k.component != comp) continue;
      if (k.rust_vs_c) count(twins, *k.rust_vs_c);
      for (const auto &pair : k.library_pairs) {
        PairTally &tally = libraries[{pair.c, pair.rust}];
        tally.c = pair.c, tally.rust = pair.rust;
        count(tally, pair);
      }
    }
    if (!twins.ratios.empty()) t.rows.push_back(row_of(comp, twins));
    for (const auto &[names, tally] : libraries) t.rows.push_back(row_of(comp, tally));
  }
  return t;
}

std::string speed_overview_caption(const ReportModel &model) {
  if (!model.benchmarks) return "";
  const Benchmarks &b = *model.benchmarks;
  const Methodology &m = model.methodology;
  const std::string rule =
      fmt::format("a verdict needs the Holm-adjusted p below {:g} over all {} comparisons and a "
                  "ratio at least {} from 1",
                  m.alpha, b.comparisons, percent_text(m.noise));
  // What MB/s was timed by, from the cases themselves: "thread CPU time (wall time: spsc
  // cross-thread)".
  std::map<std::string, std::set<std::string>> by_timing; // timing -> "component case"
  for (const auto &k : b.cases) {
    for (const auto &i : k.impls) by_timing[i.timing].insert(k.component + " " + k.case_name);
  }
  std::string timed = "thread CPU time";
  std::vector<std::string> others;
  for (const auto &[timing, cases] : by_timing) {
    if (timing != "cpu") {
      others.push_back(fmt::format("{}: {}", timing_text(timing), fmt::join(cases, ", ")));
    }
  }
  if (!others.empty()) timed += fmt::format(" ({})", fmt::join(others, "; "));
  if (b.runs > 1) {
    return fmt::format("Throughput (MB/s of input, {}) across {} runs of the benchmark binary; per "
                       "case, a t-test of the runs' log Rust/C ratios: {}. Every case's figures "
                       "and intervals are in the appendix.",
                       timed, b.runs, rule);
  }
  return fmt::format("Throughput (MB/s of input, {}). One run of the benchmark binary: these "
                     "verdicts are within that run (a "
                     "test over its repetitions: {}), which cannot see how much the next run "
                     "shifts; the summary counts none of them. `twinbench bench --runs 5` "
                     "gives verdicts across runs.",
                     timed, rule);
}

} // namespace twinbench::cli
