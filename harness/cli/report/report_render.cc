// Rendering the report model: HTML (self-contained, no script) and Markdown. Tables and charts
// are built once from the model and written out by both renderers; every text is escaped.
#include <algorithm>
#include <cmath>
#include <map>
#include <regex>

#include <fmt/format.h>

#include "bench/bench_results.h"
#include "commands.h"
#include "report/escape.h"
#include "report/field_render.h"
#include "report/report.h"
#include "report/speed_overview.h"
#include "report/svg.h"
#include "report/table.h"

namespace twinbench::cli {
namespace {

const svg::Series c_series{"C twin", "#0072B2"}, rust_series{"Rust twin", "#D55E00"},
    diff_series{"differential (both)", "#009E73"}, c_side_series{"C", "#0072B2"},
    rust_side_series{"Rust", "#D55E00"};
const char *const baseline_colors[] = {"#999999", "#666666", "#BBBBBB", "#444444"};

const std::string main_caption =
    "Rust/C MB/s: Rust's throughput over C's (above 1, Rust is faster). Rust/C instructions: "
    "Rust's instructions per byte over C's, counted by callgrind (above 1, Rust executes more). "
    "Crashes are unique (deduplicated) crashes by class; divergences are inputs on which the "
    "twins disagreed. Execs: executions over all trials; final cov: median over trials of "
    "libFuzzer's last cov figure. The twins only: each real library's throughput and crashes "
    "are in its field-evidence section.";

const std::string ffi_caption =
    "Via FFI: the C++ benchmark calls the Rust twin through the C ABI once per operation, as "
    "every other implementation is called. Native: a loop in Rust calls the twin's crate "
    "directly (same crate, same release profile) and crosses the FFI once per batch. The "
    "share is 1 - (MB/s via FFI) / (MB/s native): the part of Rust's time that went to the "
    "crossing (argument checks, pointers to slices, status codes, a call no optimizer can "
    "inline), plus the difference between the two loops (the C++ loop calls through a function "
    "pointer per operation, the Rust loop does not), when the comparison finds one at all; "
    "otherwise it reads \"no measurable difference\" with its interval. C, too, is called "
    "through a table of function pointers per operation; no C-native loop is measured, so how "
    "much of the Rust/C ratio is that call is not separated here.";

struct Chart {
  std::string title, svg, caption;
};

// 12181594 -> "12,181,594"
std::string grouped(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n), out;
  for (size_t i = 0; i < digits.size(); i++) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

// 1988480 -> "1.99M": the main table's short form; the fuzzing table has the exact figure.
std::string compact(int64_t n) {
  if (n >= 1'000'000'000) return fmt::format("{:.3g}G", n / 1e9);
  if (n >= 1'000'000) return fmt::format("{:.3g}M", n / 1e6);
  if (n >= 10'000) return fmt::format("{:.3g}k", n / 1e3);
  return std::to_string(n);
}

std::string mbps_text(const stats::Estimate &e) {
  return fmt::format("{:.0f} [{:.0f}, {:.0f}]", e.value, e.ci.low, e.ci.high);
}

std::string ratio_text(const stats::Estimate &e) {
  return fmt::format("{:.3f} [{:.3f}, {:.3f}]", e.value, e.ci.low, e.ci.high);
}

std::string p_text(double p) { return p < 0.001 ? "< 0.001" : fmt::format("{:.3f}", p); }

// The entry for (component, key), or nullptr.
template <typename T>
const T *find_in(const ByComponent<T> &map, const std::string &comp, const std::string &key) {
  auto outer = map.find(comp);
  if (outer == map.end()) return nullptr;
  auto inner = outer->second.find(key);
  return inner == outer->second.end() ? nullptr : &inner->second;
}

std::string crash_cell(const Fuzzing &fuzz, const std::string &comp, const std::string &owner) {
  const CrashTally *tally = find_in(fuzz.crash_counts, comp, owner);
  if (!tally) return "0";
  std::vector<std::string> parts;
  for (const auto &[klass, n] : tally->by_class) parts.push_back(fmt::format("{} {}", n, klass));
  return fmt::format("{}: {}", tally->total, fmt::join(parts, ", "));
}

enum class FuzzFigure { execs, cov };

std::string fuzz_cell(const std::optional<Fuzzing> &fuzz, const std::string &comp,
                      const std::string &impl, FuzzFigure figure) {
  const TargetFigures *t = fuzz ? find_in(fuzz->by_component, comp, impl) : nullptr;
  if (!t) return "-";
  return figure == FuzzFigure::execs ? compact(t->execs) : grouped(t->final_cov_median);
}

std::string case_text(const BenchCase &k) { return k.case_name + " " + format_size(k.size); }

// Per component: one row per benchmark case; crashes, executions and coverage span the rows.
Table main_table(const ReportModel &model) {
  const std::string ci = percent_text(model.methodology.confidence) + " CI";
  Table t{{"Component", "Case", fmt::format("C MB/s [{}]", ci), fmt::format("Rust MB/s [{}]", ci),
           fmt::format("Rust/C MB/s [{}]", ci), "Verdict", "Rust/C instructions", "C crashes",
           "Rust crashes", "Divergences", "Execs C / Rust", "Final cov C / Rust"},
          {}};
  for (const auto &comp : model.components) {
    // The real libraries have their own tables (field evidence): no row of dashes here.
    if (std::any_of(model.field.begin(), model.field.end(),
                    [&](const FieldComponent &f) { return f.name == comp; })) {
      continue;
    }
    std::vector<const BenchCase *> cases;
    if (model.benchmarks) {
      for (const auto &k : model.benchmarks->cases) {
        if (k.component == comp) cases.push_back(&k);
      }
    }
    const int span = std::max<int>(1, static_cast<int>(cases.size()));
    for (int i = 0; i < span; i++) {
      TableRow row;
      auto spanning = [&](std::string text, bool number = false) {
        row.push_back({std::move(text), span, i > 0, number});
      };
      auto number = [&](std::string text) { row.push_back({std::move(text), 1, false, true}); };
      spanning(comp);
      if (cases.empty()) {
        for (int k = 0; k < 6; k++) row.push_back({"-"});
      } else {
        const BenchCase &k = *cases[i];
        row.push_back({case_text(k)});
        const ImplFigures *c = k.impl("c"), *r = k.impl("rust");
        number(c ? mbps_text(c->median_mbps) : "-");
        number(r ? mbps_text(r->median_mbps) : "-");
        number(k.rust_vs_c ? ratio_text(k.rust_vs_c->ratio) : "-");
        row.push_back({k.rust_vs_c ? k.rust_vs_c->verdict_text() : "-"});
        const CaseInstructions *counted =
            model.instructions ? model.instructions->find(k.label) : nullptr;
        number(counted && counted->rust_vs_c_instructions
                   ? fmt::format("{:.3f}", *counted->rust_vs_c_instructions)
                   : "-");
      }
      for (const char *owner : {"c", "rust", "both"}) {
        spanning(model.fuzzing ? crash_cell(*model.fuzzing, comp, owner) : "not fuzzed");
      }
      const auto &fuzz = model.fuzzing;
      spanning(fuzz_cell(fuzz, comp, "c", FuzzFigure::execs) + " / " +
                   fuzz_cell(fuzz, comp, "rust", FuzzFigure::execs),
               true);
      spanning(fuzz_cell(fuzz, comp, "c", FuzzFigure::cov) + " / " +
                   fuzz_cell(fuzz, comp, "rust", FuzzFigure::cov),
               true);
      t.rows.push_back(std::move(row));
    }
  }
  return t;
}

// --- the seeded bugs ------------------------------------------------------------------------

// What a release outcome means, in a manager's words.
std::string outcome_words(const BugSide &s) {
  if (s.outcome.empty()) return "not run";
  if (s.outcome == "memory-corruption") return "silent memory corruption";
  if (s.outcome == "data-leak") return "silent data leak";
  if (s.outcome == "wrong-result") return "silent wrong result";
  if (s.outcome == "crash") return "crash (signal)";
  if (s.outcome == "panic") return "panic, abort";
  if (s.outcome == "leak") return "memory leak (memcheck)";
  if (s.outcome == "compile-error") return "does not compile";
  if (s.outcome == "harness-failure") return "no outcome: the build failed otherwise";
  if (s.outcome == "none") return "no visible effect";
  return s.outcome; // hang
}

// "median 0.41 s [0.38, 0.47]", "median > 60 s (not reached)".
std::string median_text(const BugSide &s, double budget) {
  if (!s.survival) return "";
  const auto &km = *s.survival;
  if (!km.median) return fmt::format("median > {} (not reached)", seconds_text(budget));
  return fmt::format("median {} [{}, {}]", seconds_text(*km.median),
                     km.median_low ? seconds_text(*km.median_low) : "-",
                     km.median_high ? seconds_text(*km.median_high) : "-");
}

// "850", "12.3 k", "4.1 M": an executions count, three figures at most.
std::string execs_text(double n) {
  if (n < 1e3) return fmt::format("{:.0f}", n);
  if (n < 1e6) return fmt::format("{:.3g} k", n / 1e3);
  return fmt::format("{:.3g} M", n / 1e6);
}

// "median 12.3 k execs [9.1 k, 20 k]", "median > 1.2 M execs (not reached)"; "" without counts.
std::string median_execs_text(const BugSide &s) {
  if (!s.exec_survival) return "";
  const auto &km = *s.exec_survival;
  if (!km.median) {
    double most = 0;
    for (const auto &t : s.execs) most = std::max(most, t.seconds);
    return fmt::format("median > {} execs (not reached)", execs_text(most));
  }
  return fmt::format("median {} execs [{}, {}]", execs_text(*km.median),
                     km.median_low ? execs_text(*km.median_low) : "-",
                     km.median_high ? execs_text(*km.median_high) : "-");
}

std::string bug_anchor(const BugEvidence &e) { return "#bug-" + e.id; }

std::string crash_report_link(const ReportModel &model, int64_t crash_id) {
  return fmt::format("{}/reports/campaigns/{}/crashes/{}/report.txt", model.root_link,
                     model.ground_truth->campaign->name, crash_id);
}

Cell fuzzing_cell(const ReportModel &model, const BugEvidence &e, const BugSide &s) {
  if (s.refused_by_rustc()) return {"refused by rustc", 1, false, false, bug_anchor(e)};
  if (s.trials == 0) return {"not run"};
  // Short: "2/2 · Heap-buffer-overflow WRITE 1 · 0.38 s [0.38, 0.41]"; the class and the
  // words are in the bug's entry below.
  std::string text = fmt::format("{}/{}", s.detected, s.trials);
  if (!s.detected_by.empty()) text += " · " + s.detected_by.substr(0, s.detected_by.find(" ("));
  const auto &km = *s.survival;
  text += km.median
              ? fmt::format(" · {} [{}, {}]", seconds_text(*km.median),
                            km.median_low ? seconds_text(*km.median_low) : "-",
                            km.median_high ? seconds_text(*km.median_high) : "-")
              : fmt::format(" · > {}", seconds_text(model.ground_truth->campaign->budget_seconds));
  if (s.exec_survival && s.exec_survival->median) {
    text += fmt::format(" · {} execs", execs_text(*s.exec_survival->median));
  }
  if (s.rmst) {
    text += fmt::format(" · RMST {} [{}, {}]", seconds_text(s.rmst->value),
                        seconds_text(s.rmst->low), seconds_text(s.rmst->high));
  }
  // How the trials that did not detect it ended: an unrelated finding stops a trial early.
  if (s.unattributed > 0) {
    text += fmt::format(" · {} stopped by an unrelated finding", s.unattributed);
  }
  // Nothing found: say whether the catalogue expected this build to show anything at all (a
  // leak that Rust's early return frees has nothing to detect; a stack overflow has).
  if (s.detected == 0 && !s.expected.empty()) {
    text += s.expected == "none" ? " · none expected"
                                 : " · expected " + s.expected.substr(0, s.expected.find(':'));
  }
  return {text, 1, false, false,
          s.crash_ids.empty() ? "" : crash_report_link(model, s.crash_ids.front())};
}

// One row per seeded bug: the same mistake in both languages, sanitized and in release.
Table safety_table(const ReportModel &model) {
  const GroundTruth &truth = *model.ground_truth;
  Table t{{"Mistake", "Class",
           "C fuzzed: detected · by · median time [95% CI] · median executions · RMST: restricted "
           "mean time to detection up to the budget [95% CI]",
           "C + integer sanitizers fuzzed", "C release build",
           "Rust fuzzed: detected · by · median [95% CI] · executions · RMST [95% CI]",
           "Rust release build", "p (log-rank)", "More"},
          {}};
  for (const auto &e : truth.bugs) {
    TableRow row;
    row.push_back({e.id, 1, false, false, model.root_link + "/docs/bugs.md#" + e.id});
    row.push_back({e.bug_class});
    row.push_back(fuzzing_cell(model, e, e.c));
    row.push_back(fuzzing_cell(model, e, e.c_int));
    row.push_back({outcome_words(e.c), 1, false, false, bug_anchor(e)});
    row.push_back(fuzzing_cell(model, e, e.rust));
    row.push_back({e.rust.verdict.empty() ? outcome_words(e.rust)
                                          : e.rust.verdict + ": " + outcome_words(e.rust),
                   1, false, false, bug_anchor(e)});
    row.push_back({e.c_vs_rust ? p_text(e.c_vs_rust->p) : "-", 1, false, true});
    row.push_back({"details", 1, false, false, bug_anchor(e)});
    t.rows.push_back(std::move(row));
  }
  return t;
}

const char *const bug_colors[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                  "#E69F00", "#56B4E9", "#000000", "#999999"};

// Per component: the fraction of trials not yet detected over time, C solid, Rust dashed.
std::vector<Chart> survival_charts(const ReportModel &model) {
  std::vector<Chart> out;
  if (!model.ground_truth || !model.ground_truth->campaign) return out;
  const double budget = model.ground_truth->campaign->budget_seconds;
  std::map<std::string, std::vector<const BugEvidence *>> by_component;
  for (const auto &e : model.ground_truth->bugs) {
    if (e.c.survival || e.rust.survival) by_component[e.component].push_back(&e);
  }
  for (auto &[comp, bugs] : by_component) {
    std::sort(bugs.begin(), bugs.end(), [](auto *a, auto *b) { return a->id < b->id; });
    std::vector<svg::Series> series;
    std::vector<svg::Line> lines;
    for (size_t i = 0; i < bugs.size(); i++) {
      const std::string color = bug_colors[i % std::size(bug_colors)];
      const std::string name = bugs[i]->id.substr(comp.size() + 1);
      for (const BugSide *side : {&bugs[i]->c, &bugs[i]->rust}) {
        if (!side->survival) continue;
        series.push_back(
            {name + (side->language == "c" ? " C" : " Rust"), color, side->language == "rust"});
        svg::Line line{series.size() - 1, {{0, 1}}};
        double level = 1;
        for (const auto &step : side->survival->steps) {
          line.points.emplace_back(step.seconds, level);
          level = step.survival;
          line.points.emplace_back(step.seconds, level);
        }
        line.points.emplace_back(budget, level);
        lines.push_back(std::move(line));
      }
    }
    out.push_back(
        {fmt::format("Time to detection, {}", comp),
         svg::line_chart(fmt::format("Time to detection, {} (seeded bugs)", comp), series, lines,
                         "seconds of fuzzing", "trials not yet detected", 1.0),
         fmt::format("Kaplan-Meier estimate of the fraction of trials that had not yet detected "
                     "the bug, per bug: C solid, Rust dashed; a trial that did not detect it is "
                     "censored at the budget ({}), or earlier when a finding unrelated to the bug "
                     "stopped it (the safety table counts those). A curve that stays at 1 was "
                     "never detected.",
                     seconds_text(budget))});
  }
  return out;
}

// "C", "C + integer sanitizers", "Rust".
std::string side_name(const BugSide &s) {
  if (s.language == "rust") return "Rust";
  return s.impl.ends_with("+int") ? "C + integer sanitizers" : "C";
}

std::string side_facts_html(const ReportModel &model, const BugEvidence &e, const BugSide &s) {
  const std::string name = side_name(s);
  const bool campaign_only = s.impl.ends_with("+int"); // its release build is C's
  std::string out = fmt::format("<h4>{} ({})</h4><dl>", name, html_escape(s.impl));
  auto field = [&](const std::string &key, const std::string &value, bool code = false) {
    out += fmt::format("<dt>{}</dt><dd>{}{}{}</dd>", html_escape(key), code ? "<code>" : "",
                       html_escape(value), code ? "</code>" : "");
  };
  if (!s.expected.empty()) field("expected when fuzzed", s.expected, true);
  if (s.refused_by_rustc()) {
    field("built", "no: rustc refused it (" + s.outcome_detail + ")");
  } else if (s.trials > 0) {
    field("trials",
          fmt::format("{} finished: {} reached the bug's site, {} triggered it, {} "
                      "detected it{}",
                      s.trials, s.reached, s.triggered, s.detected,
                      s.unattributed ? fmt::format(" ({} stopped by a finding whose input "
                                                   "did not trigger it)",
                                                   s.unattributed)
                                     : ""));
    field("detected by", s.detected_by.empty() ? "-" : s.detected_by);
    field("time to detection", median_text(s, model.ground_truth->campaign->budget_seconds));
    if (s.exec_survival) field("executions to detection", median_execs_text(s));
    if (!s.crash_ids.empty()) {
      out += "<dt>sanitizer reports</dt><dd>";
      for (size_t i = 0; i < s.crash_ids.size(); i++) {
        out += fmt::format("{}<a href=\"{}\">crash {}</a>", i ? ", " : "",
                           html_escape(crash_report_link(model, s.crash_ids[i])), s.crash_ids[i]);
      }
      out += "</dd>";
    }
  }
  if (campaign_only) {
    if (s.trials == 0) field("trials", "not run");
    out += "</dl>";
    return out;
  }
  field("release build",
        outcome_words(s) + (s.outcome_detail.empty() ? "" : ": " + s.outcome_detail));
  if (!s.memcheck.empty()) field("valgrind memcheck", s.memcheck);
  if (!s.release_command.empty()) field("release replay", s.release_command, true);
  out += "</dl>";
  if (!s.diagnostic.empty()) out += "<pre>" + html_escape(s.diagnostic) + "</pre>";
  return out;
}

std::string render_bug_html(const ReportModel &model, const BugEvidence &e) {
  std::string out =
      fmt::format("<article class=\"crash\" id=\"bug-{0}\"><h3>{0}: {1}</h3><p>{2}</p><dl>"
                  "<dt>class</dt><dd>{3}</dd><dt>spec clause</dt><dd>{4}</dd>"
                  "<dt>description</dt><dd><a href=\"{5}/docs/bugs.md#{0}\">docs/bugs.md</a></dd>"
                  "<dt>witness</dt><dd><a href=\"{5}/{6}\">{6}</a></dd>"
                  "<dt>sanitized run</dt><dd><code>{7}</code></dd>",
                  html_escape(e.id), html_escape(e.title), html_escape(e.description),
                  html_escape(e.bug_class), html_escape(e.clause), html_escape(model.root_link),
                  html_escape(e.witness), html_escape(e.witness_command));
  if (!e.fuzz_command.empty()) {
    out += fmt::format("<dt>campaign</dt><dd><code>{}</code></dd>", html_escape(e.fuzz_command));
  }
  if (e.c_vs_rust) {
    out += fmt::format("<dt>C vs Rust</dt><dd>log-rank χ² = {:.2f}, p = {}</dd>",
                       e.c_vs_rust->chi_square, p_text(e.c_vs_rust->p));
  }
  out += "</dl>" + side_facts_html(model, e, e.c) + side_facts_html(model, e, e.c_int) +
         side_facts_html(model, e, e.rust);
  return out + "</article>";
}

std::string render_bug_markdown(const ReportModel &model, const BugEvidence &e) {
  std::string out =
      fmt::format("<a id=\"bug-{0}\"></a>\n\n### {0}: {1}\n\n{2}\n\n"
                  "- class: {3}; [description]({5}/docs/bugs.md#{0}); witness: `{4}`\n",
                  e.id, markdown_escape(e.title), markdown_escape(e.description), e.bug_class,
                  e.witness, model.root_link);
  for (const BugSide *s : {&e.c, &e.c_int, &e.rust}) {
    out += fmt::format("- {}: ", side_name(*s));
    if (s->refused_by_rustc()) {
      out += "refused by rustc";
    } else if (s->trials > 0) {
      out += fmt::format("{}/{} trials detected it{}; {}{}", s->detected, s->trials,
                         s->detected_by.empty() ? "" : " by " + markdown_escape(s->detected_by),
                         median_text(*s, model.ground_truth->campaign->budget_seconds),
                         s->exec_survival ? "; " + median_execs_text(*s) : "");
    } else {
      out += "not run";
    }
    if (s == &e.c_int) { // its release build is C's
      out += "\n";
      continue;
    }
    out += fmt::format("; release build: {}{}\n", outcome_words(*s),
                       s->outcome_detail.empty() ? ""
                                                 : " (" + markdown_escape(s->outcome_detail) + ")");
  }
  out += fmt::format("\n```sh\n{}\n{}{}\n```\n\n", e.witness_command,
                     e.fuzz_command.empty() ? "" : e.fuzz_command + "\n",
                     "scripts/twinbench consequences " + e.id);
  for (const BugSide *s : {&e.c, &e.rust}) {
    if (!s->diagnostic.empty()) out += "```text\n" + s->diagnostic + "\n```\n\n";
  }
  return out;
}

std::string safety_caption(const ReportModel &model) {
  const GroundTruth &truth = *model.ground_truth;
  std::string text =
      "Each row is one mistake from docs/bugs.md, made at the same spec clause in both twins. "
      "Fuzzed: "
      "trials of the ground-truth campaign (witness withheld, sanitized builds) whose first "
      "finding was this bug, of those finished; what found it; the median time to detection "
      "with its 95% interval. p: log-rank test of C against Rust. Release build: what the "
      "witness did to the build a user would ship (twinbench consequences";
  text +=
      truth.consequences_run.empty() ? ", not run yet)." : ", run " + truth.consequences_run + ").";
  const IntegerSanitizerConfig &ints = truth.integer_config;
  text += fmt::format(
      " C + integer sanitizers: the C bug build compiled also with {}, checks C's default fuzz "
      "build (as OSS-Fuzz's) does not run and a careful C team can switch on, with the "
      "suppressions such a code base needs for wrapping on purpose ({}: {}); not for a data "
      "race, whose build is ThreadSanitizer's.",
      ints.flags.empty() ? "the integer sanitizers (fuzz preset not configured here)" : ints.flags,
      "harness/fuzz/integer_sanitizer.supp",
      ints.suppressions.empty() ? "none" : fmt::format("{}", fmt::join(ints.suppressions, ", ")));
  if (!truth.campaign)
    text += " No ground-truth campaign is in the store yet (twinbench fuzz --bugs all).";
  return text;
}

// Per component and fuzz target: how much fuzzing stands behind the crash counts.
Table fuzzing_table(const Fuzzing &fuzz) {
  Table t{{"Target", "Runs", "Executions", "Exec/s", "Seconds", "Final cov (median, min-max)"}, {}};
  // Every fuzz target the campaign ran: the twins first, any other implementation, _diff last.
  auto rank = [](const std::string &impl) {
    return impl == "c" ? 0 : impl == "rust" ? 1 : impl == "diff" ? 3 : 2;
  };
  for (const auto &[comp, impls] : fuzz.by_component) {
    std::vector<std::string> order;
    for (const auto &entry : impls) order.push_back(entry.first);
    std::stable_sort(order.begin(), order.end(),
                     [&](const std::string &a, const std::string &b) { return rank(a) < rank(b); });
    for (const auto &impl : order) {
      const TargetFigures &s = impls.at(impl);
      t.rows.push_back(
          {{fmt::format("fuzz_{}_{}", comp, impl)},
           {std::to_string(s.runs), 1, false, true},
           {grouped(s.execs), 1, false, true},
           {fmt::format("{:.0f}", s.execs_per_second), 1, false, true},
           {fmt::format("{:.0f}", s.seconds), 1, false, true},
           {fmt::format("{} ({}-{})", s.final_cov_median, s.final_cov_min, s.final_cov_max), 1,
            false, true}});
    }
  }
  return t;
}

// Every benchmark case and implementation, baselines included.
Table bench_table(const Benchmarks &bench, const Methodology &methodology) {
  Table t{{"Case", "Implementation", "Median MB/s",
           fmt::format("{} CI", percent_text(methodology.confidence)), "Repetitions", "CV",
           "vs C: ratio [CI], p (Holm), A12"},
          {}};
  for (const auto &k : bench.cases) {
    const ImplFigures *c = k.impl("c");
    for (const auto &i : k.impls) {
      const stats::Estimate &m = i.median_mbps;
      std::string vs_c = "-";
      const RustVsC *versus = i.impl == "rust" ? (k.rust_vs_c ? &*k.rust_vs_c : nullptr)
                              : i.impl == rust_native_impl
                                  ? (k.native_vs_c ? &*k.native_vs_c : nullptr)
                                  : nullptr;
      if (versus) {
        vs_c = fmt::format("{:.3f} [{:.3f}, {:.3f}], p {}, A12 {:.2f}", versus->ratio.value,
                           versus->ratio.ci.low, versus->ratio.ci.high, p_text(versus->p_adjusted),
                           versus->a12);
      } else if (i.impl != "c" && c) {
        vs_c = fmt::format("{:.3f} (not tested)", m.value / c->median_mbps.value);
      }
      t.rows.push_back({{k.label},
                        {i.impl},
                        {fmt::format("{:.0f}", m.value)},
                        {fmt::format("[{:.0f}, {:.0f}]", m.ci.low, m.ci.high)},
                        {std::to_string(i.repetitions)},
                        {fmt::format("{:.1f}%", 100 * i.cv)},
                        {vs_c}});
    }
  }
  return t;
}

// The twin cases measured both ways: Rust through the C ABI per operation, and natively.
Table ffi_table(const Benchmarks &bench, const Methodology &methodology) {
  const std::string ci = percent_text(methodology.confidence) + " CI";
  Table t{{"Case", "C MB/s", "Rust via FFI MB/s", "Rust native MB/s",
           fmt::format("Rust/C via FFI [{}]", ci), fmt::format("Rust/C native [{}]", ci),
           fmt::format("FFI's share of Rust's time [{}]", ci)},
          {}};
  for (const auto &k : bench.cases) {
    const auto share = ffi_share(k);
    const ImplFigures *c = k.impl("c");
    if (!share || !c || !k.rust_vs_c || !k.native_vs_c) continue;
    auto number = [](std::string text) { return Cell{std::move(text), 1, false, true}; };
    t.rows.push_back(
        {{k.label},
         number(fmt::format("{:.0f}", c->median_mbps.value)),
         number(fmt::format("{:.0f}", k.impl("rust")->median_mbps.value)),
         number(fmt::format("{:.0f}", k.impl(rust_native_impl)->median_mbps.value)),
         number(ratio_text(k.rust_vs_c->ratio)),
         number(ratio_text(k.native_vs_c->ratio)),
         number(share->measurable ? fmt::format("{:.1f}% [{:.1f}%, {:.1f}%]", 100 * share->value,
                                                100 * share->low, 100 * share->high)
                                  : fmt::format("no measurable difference [{:.1f}%, {:.1f}%]",
                                                100 * share->low, 100 * share->high))});
  }
  return t;
}

// Every counted case and implementation: instructions and estimated cycles per byte.
// Per component: the C twin, the Rust twin's crate and its ffi glue, lines and unsafe.
Table code_table(const std::vector<CodeCount> &code) {
  Table t{{"Component", "Twin", "Part", "Folder", "Files", "Lines of code", "unsafe blocks",
           "unsafe fns", "unsafe impls"},
          {}};
  for (const auto &c : code) {
    auto n = [](int64_t v) { return Cell{std::to_string(v), 1, false, true}; };
    const bool rust = c.implementation == "rust" || c.part == "ffi";
    auto u = [&](int v) { return rust ? n(v) : Cell{"n/a"}; };
    t.rows.push_back({{c.component},
                      {c.implementation},
                      {c.part == "ffi" ? "C ABI glue (ffi)" : "twin"},
                      {c.folder},
                      n(c.files),
                      n(c.lines),
                      u(c.unsafe_blocks),
                      u(c.unsafe_fns),
                      u(c.unsafe_impls)});
  }
  return t;
}

const std::string code_caption =
    "Counted in the checkout's sources when the report was written: lines that hold code (not "
    "blank, not only a comment), without the seeded bugs' switched-off code, the Rust twins' "
    "tests, or the ffi crates' baselines and native benchmark loops. C has no unsafe marker: "
    "every line of it may do what a Rust unsafe block allows. The Rust twins' crates forbid "
    "unsafe except spsc (one module: two threads share the slots); the C ABI glue needs it to "
    "take C's pointers.";

Table instructions_table(const Instructions &counted) {
  Table t{{"Case", "Implementation", "Instructions per byte", "Est. cycles per byte",
           "vs C: instructions, est. cycles"},
          {}};
  for (const auto &k : counted.cases) {
    const ImplInstructions *c = nullptr;
    for (const auto &i : k.impls) {
      if (i.impl == "c") c = &i;
    }
    for (const auto &i : k.impls) {
      std::string vs_c = "-";
      if (c && i.impl != "c") {
        vs_c = fmt::format("{:.3f}, {:.3f}", i.instructions_per_byte / c->instructions_per_byte,
                           i.cycles_per_byte / c->cycles_per_byte);
      }
      t.rows.push_back({{k.label()},
                        {i.impl},
                        {fmt::format("{:.3f}", i.instructions_per_byte), 1, false, true},
                        {fmt::format("{:.3f}", i.cycles_per_byte), 1, false, true},
                        {vs_c}});
    }
  }
  return t;
}

// The series an implementation is drawn as: the twins and the differential target in their
// colours, a real library under its own name and its language's colour family, anything else a
// baseline in grey. `index` tells apart several of one kind.
svg::Series impl_series(const ReportModel &model, const std::string &comp, const std::string &impl,
                        size_t index) {
  static const char *const c_library_colors[] = {"#0072B2", "#56B4E9", "#004C7A"};
  static const char *const rust_library_colors[] = {"#D55E00", "#E69F00", "#8F3D00"};
  if (impl == "diff") return diff_series;
  for (const auto &f : model.field) {
    if (f.name != comp) continue;
    for (const auto &i : f.impls) {
      if (i.name != impl) continue;
      const bool rust = i.language == "rust";
      return {fmt::format("{} ({})", impl, rust ? "Rust" : "C"),
              (rust ? rust_library_colors : c_library_colors)[index % 3]};
    }
    return {impl + " (baseline)", baseline_colors[index % 4]};
  }
  if (impl == "c") return c_series;
  if (impl == "rust") return rust_series;
  return {impl + " (baseline)", baseline_colors[index % 4]};
}

std::vector<Chart> charts(const ReportModel &model) {
  std::vector<Chart> out = survival_charts(model);
  if (model.benchmarks) {
    for (const auto &comp : model.components) {
      std::vector<std::string> impls; // c, rust, then baselines in order of appearance
      for (const auto &k : model.benchmarks->cases) {
        if (k.component != comp) continue;
        for (const auto &i : k.impls) {
          if (std::find(impls.begin(), impls.end(), i.impl) == impls.end()) impls.push_back(i.impl);
        }
      }
      if (impls.empty()) continue;
      std::vector<svg::Series> series;
      for (size_t i = 0; i < impls.size(); i++)
        series.push_back(impl_series(model, comp, impls[i], i));
      std::vector<svg::BarGroup> groups;
      for (const auto &k : model.benchmarks->cases) {
        if (k.component != comp) continue;
        svg::BarGroup g{case_text(k), {}};
        for (const auto &impl : impls) {
          const ImplFigures *r = k.impl(impl);
          if (!r) {
            g.values.push_back(std::nullopt);
            continue;
          }
          const stats::Estimate &m = r->median_mbps;
          g.values.push_back(svg::BarValue{m.value, std::pair{m.ci.low, m.ci.high}});
        }
        groups.push_back(std::move(g));
      }
      out.push_back(
          {fmt::format("Throughput, {}", comp),
           svg::bar_chart(fmt::format("Throughput, {} (MB/s, median)", comp), series, groups,
                          "MB/s (10^6 bytes of input per second)"),
           fmt::format("Bars: median of the repetitions; whiskers: {} bootstrap interval.",
                       percent_text(model.methodology.confidence))});
    }
  }
  if (model.fuzzing) {
    std::map<std::string, std::map<std::string, int>> by_class; // class -> owner -> n
    for (const auto &c : model.crashes) by_class[c.crash_class][c.side]++;
    std::vector<svg::BarGroup> groups;
    for (const auto &[klass, owners] : by_class) {
      svg::BarGroup g{klass, {}};
      for (const char *owner : {"c", "rust", "both"}) {
        auto it = owners.find(owner);
        g.values.push_back(svg::BarValue{it == owners.end() ? 0.0 : it->second, std::nullopt});
      }
      groups.push_back(std::move(g));
    }
    out.push_back(
        {"Unique crashes by class",
         groups.empty() ? ""
                        : svg::bar_chart("Unique crashes by class",
                                         {c_side_series, rust_side_series, diff_series}, groups,
                                         "unique crashes", true),
         groups.empty()
             ? "Unique crashes by class: none; no crash was found in this "
               "campaign."
             : "Deduplicated crashes (one per signature) by class and side: C (twins and C "
               "libraries), Rust (twins and crates), differential."});
    for (const auto &comp : model.components) {
      std::vector<std::string> impls; // in order of appearance: one series each
      std::vector<svg::Line> lines;
      for (const auto &s : model.fuzzing->coverage_series) {
        if (s.component != comp) continue;
        auto at = std::find(impls.begin(), impls.end(), s.impl);
        if (at == impls.end()) at = impls.insert(impls.end(), s.impl);
        svg::Line l{static_cast<size_t>(at - impls.begin()), {}};
        for (const auto &[seconds, cov] : s.points) {
          l.points.emplace_back(seconds, static_cast<double>(cov));
        }
        lines.push_back(std::move(l));
      }
      if (lines.empty()) continue;
      std::vector<svg::Series> series;
      for (size_t i = 0; i < impls.size(); i++)
        series.push_back(impl_series(model, comp, impls[i], i));
      out.push_back({fmt::format("Coverage over time, {}", comp),
                     svg::line_chart(fmt::format("Coverage over time, {}", comp), series, lines,
                                     "seconds of fuzzing", "libFuzzer cov"),
                     "One line per run. Coverage counts are not comparable between the C and "
                     "Rust binaries (different instrumentation): read each implementation's "
                     "curve for growth and plateau."});
    }
  }
  return out;
}

// --- HTML ----------------------------------------------------------------------------------

const char *const css = R"css(
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif;
       color: #111; max-width: 1100px; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.7em; margin-bottom: 0.2em; } h2 { border-bottom: 1px solid #ccc; margin-top: 2em; }
.meta { color: #444; margin-top: 0; }
table { border-collapse: collapse; margin: 0.8em 0; font-size: 12.5px; }
th, td { border: 1px solid #bbb; padding: 3px 6px; vertical-align: top; text-align: left; }
th { background: #eee; } td { overflow-wrap: anywhere; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
pre { background: #f6f6f6; border: 1px solid #ddd; padding: 6px; overflow-x: auto;
      font: 11.5px/1.3 ui-monospace, "DejaVu Sans Mono", monospace; white-space: pre-wrap; }
code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 0.92em; }
svg { display: block; margin: 1em 0 0.3em; max-width: 100%; height: auto; }
figure { margin: 0 0 1.5em; break-inside: avoid; } figcaption { color: #444; font-size: 12px; }
article.crash { border-top: 1px solid #ddd; padding-top: 0.5em; break-inside: avoid; }
dl { display: grid; grid-template-columns: 11em 1fr; gap: 2px 10px; margin: 0.4em 0; }
dt { color: #444; } dd { margin: 0; overflow-wrap: anywhere; }
table.compact { font-size: 11.5px; } table.compact td, table.compact th { padding: 2px 4px; }
@page { size: A4 landscape; margin: 12mm; }
@media print { body { margin: 0; max-width: none; font-size: 10.5px; } table { font-size: 10px; } h2 { break-after: avoid; } nav#contents { break-after: page; }
  table.compact { font-size: 8.5px; } table.compact td, table.compact th { padding: 1px 3px; line-height: 1.25; }
  #summary li { margin: 0; } h1 { margin-top: 0; } h2 { margin-top: 1em; }
  tr, figure, article.crash { break-inside: avoid; } }
)css";

std::string env_text(const Environment &env) {
  return fmt::format("{} ({} cores), {}; {}; {}; {}", env.cpu, env.cores, env.kernel, env.clang,
                     env.rustc_stable, env.rustc_nightly);
}

std::string or_unknown(const std::optional<std::string> &text) { return text.value_or("?"); }

// "Compiled as read from the build (twinbench build-flags --preset bench): C -O3, no LTO
// (`-O3`): base64/c, json/c; Rust opt-level=3, no LTO (`-Copt-level=3 ...`): base64/rust. Alike:
// ..." — one clause per distinct setting, so a difference between the sides shows.
// How the speed verdicts were reached: across runs, or within the one run there was.
std::string statistics_text(const Benchmarks &b, const Methodology &m) {
  const std::string faster = verdict_text(stats::Verdict::second_faster, "C", "Rust"),
                    slower = verdict_text(stats::Verdict::first_faster, "C", "Rust"),
                    neither = verdict_text(stats::Verdict::no_difference, "C", "Rust");
  const std::string correction = fmt::format(
      "Holm's correction over all {} comparisons of this report (twins, Rust native and library "
      "pairs) keeps the chance of any false verdict at {:g}. A12 (Vargha-Delaney) is the chance "
      "that a Rust repetition outran a C one: 0.5 none, 0.56/0.64/0.71 small/medium/large.",
      b.comparisons, m.alpha);
  if (b.runs > 1) {
    return fmt::format(
        "Statistics across {0} runs: repetitions within a run share its machine state, so the "
        "run is the unit. Each implementation's figure is the geometric mean of the runs' medians "
        "with a {1} Student t interval on the log scale ({2} degrees of freedom); the Rust/C "
        "ratio is exp of the mean of the runs' log(Rust median / C median), C and Rust measured "
        "in the same run, with its t interval; the test is the one-sample t-test of those log "
        "ratios. Verdict: \"{3}\" or \"{4}\" when the Holm-adjusted p < {5:g} and the ratio "
        "differs from 1 by at least {6}; otherwise \"{7}\". {8}",
        b.runs, percent_text(m.confidence), b.runs - 1, faster, slower, m.alpha,
        percent_text(m.noise), neither, correction);
  }
  return fmt::format(
      "Statistics within one run: the median of the repetitions with a {0} percentile bootstrap "
      "interval ({1} resamples, fixed seed); the Rust/C ratio of medians with a bootstrap "
      "interval; a two-sided Mann-Whitney U test over the repetitions (exact without ties up to "
      "{2} repetitions in all). Repetitions of one run share its machine state, so these "
      "verdicts (\"{3}\", \"{4}\" when the Holm-adjusted p < {5:g} and the ratio differs from 1 "
      "by at least {6}) say what this run saw, not what the next run will: the summary does not "
      "count them. `twinbench bench --runs 5` gives verdicts across runs. {7}",
      percent_text(m.confidence), grouped(m.bootstrap_resamples), m.exact_test_max, faster, slower,
      m.alpha, percent_text(m.noise), correction);
}

std::string build_flags_text(const BuildFlags &flags) {
  if (flags.implementations.empty()) {
    return "Per-implementation flags: not recorded with this run (a store written before "
           "build-flags, or a build without compile_commands.json).";
  }
  std::map<std::string, std::vector<std::string>> groups; // "C -O3, no LTO (`flags`)" -> impls
  for (const auto &f : flags.implementations) {
    groups[fmt::format("{} {} (`{}`)", f.language == "rust" ? "Rust" : "C", optimisation_text(f),
                       fmt::join(f.flags, "` or `"))]
        .push_back(f.component + "/" + f.impl);
  }
  std::vector<std::string> clauses;
  for (const auto &[setting, impls] : groups) {
    clauses.push_back(fmt::format("{}: {}", setting, fmt::join(impls, ", ")));
  }
  const auto problems = parity_problems(flags);
  return fmt::format(
      "Compiled as read from the build (twinbench build-flags --preset {}: compile_commands.json "
      "for C, the rustc command lines cargo ran for Rust; each implementation's own files and "
      "crates, not the harness's): {}. {}",
      flags.preset, fmt::join(clauses, "; "),
      problems.empty() ? "Both languages at one optimisation level and one LTO setting "
                         "(docs/ARCHITECTURE.md, \"Build parity\")."
                       : "Not alike: " + fmt::format("{}", fmt::join(problems, "; ")) + ".");
}

// The methodology as (heading, paragraphs) so both renderers say the same words; every setting
// comes from the model, which takes it from the code that applies it.
std::vector<std::pair<std::string, std::vector<std::string>>>
methodology(const ReportModel &model) {
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  const Methodology &m = model.methodology;
  if (model.fuzzing) {
    const CampaignFacts &c = model.fuzzing->campaign;
    const Environment &env = c.environment;
    const BuildInfo &build = env.build;
    const std::string compiler =
        !env.clang.empty() ? env.clang : build.c_compiler.value_or("clang");
    out.push_back(
        {"Fuzzing",
         {fmt::format("libFuzzer ({}), one process per target and trial: {} trial(s) of {:g} s "
                      "per target, {} at a time; per-input timeout {:g} s, memory limit {} MB; "
                      "corpus seeded from corpora/<component>/seeds with the component's "
                      "dictionary; a fixed -seed per run{}. A crash does not end a run: the "
                      "runner restarts libFuzzer with the remaining budget.",
                      compiler, c.trials, c.budget_seconds, c.jobs, c.timeout_seconds,
                      c.rss_limit_mb,
                      c.extra_flags.empty() ? ""
                                            : fmt::format("; extra libFuzzer flags: {}",
                                                          fmt::join(c.extra_flags, " "))),
          fmt::format("Targets per component: fuzz_<component>_c and _rust check each twin "
                      "against the spec's invariants; _diff runs both twins on every input and "
                      "reports any difference as a divergence. C flags: {}. Rust flags: {} "
                      "(toolchain {}, AddressSanitizer in Rust: {}).",
                      or_unknown(build.c_flags), or_unknown(build.rustflags),
                      or_unknown(build.rust_toolchain),
                      build.rust_asan ? (*build.rust_asan ? "yes" : "no") : "?"),
          build_flags_text(env.flags),
          fmt::format("Triage: every artifact is re-run {} times with the symbolizer; classified "
                      "by sanitizer report (ASan type and access, UBSan check, Rust panic site, "
                      "stack overflow, timeout, OOM, leak, divergence, spec violation); "
                      "deduplicated on crash type plus the top {} frames in project code; "
                      "minimised with -minimize_crash.",
                      m.repro_tries, m.signature_frames)}});
  }
  if (model.ground_truth) {
    const GroundTruth &truth = *model.ground_truth;
    std::vector<std::string> paragraphs;
    paragraphs.push_back(fmt::format(
        "The seeded bugs ({} in docs/bugs.md) are mistakes chosen by twinbench's authors (a "
        "selection, not a sample of real code), each made at the same spec clause in the C and "
        "the Rust twin behind a switch (TB_BUG_<ID> in C, the Cargo "
        "feature bug-<id> in Rust), one bug per build so that a shallow bug cannot mask another. "
        "Every Rust bug build is tried, whatever the catalogue expects: a refusal counts as a "
        "compile error only with the catalogue's rustc error code and span (its diagnostic is "
        "quoted below), anything else as a harness failure. What Rust did is said in four "
        "words: not expressible in safe Rust (refused, and the catalogue names the rule that "
        "makes the mistake unwritable; each such entry's idiomatic spelling that compiles is a "
        "bug of its own), refused plausible code (refused, the code being what a Rust "
        "programmer writes), caught at run time (a panic, or the process killed), silent (it "
        "ran on: corruption, leak, wrong result, hang or no visible effect).",
        truth.bugs.size()));
    if (truth.campaign) {
      const CampaignFacts &c = *truth.campaign;
      paragraphs.push_back(fmt::format(
          "Ground-truth campaign {}: {} trial(s) of {} per bug and language, {} at a time, "
          "libFuzzer with the component's seeds (less any file equal to the bug's witness) and "
          "dictionary, per-input timeout {:g} s, memory limit {} MB, the fuzz builds (C: "
          "ASan+UBSan; Rust: {}). A bug build's canary records when the bug's site is first "
          "reached and when the mistake first takes effect (triggered). A trial ends at its "
          "first finding; it counts as a detection of the bug when re-running the finding's "
          "input triggers the bug's canary (Magma's distinction), and its time is when "
          "libFuzzer wrote the finding's file (its modification time), in seconds into the run "
          "on the same clock as the canary's reached and triggered records (a hang is found "
          "only after the per-input timeout); its executions are libFuzzer's own count. A trial "
          "without a detection is censored at the budget, or when a finding "
          "unrelated to the bug ended it.",
          c.name, c.trials, seconds_text(c.budget_seconds), c.jobs, c.timeout_seconds,
          c.rss_limit_mb,
          c.environment.build.rust_asan.value_or(false)
              ? "AddressSanitizer, overflow checks on (-Cdebug-assertions)"
              : "overflow checks on (-Cdebug-assertions), no AddressSanitizer"));
    }
    paragraphs.push_back(
        "Time to detection is summarised as survival over trials: the Kaplan-Meier estimate of "
        "the fraction of trials not yet detected, Greenwood's variance on the log(-log) scale "
        "for a pointwise 95% band, the median time (R's rule: the midpoint of a flat at exactly "
        "one "
        "half) with the Brookmeyer-Crowley interval (where "
        "the band crosses one half; \"-\" when it never does within the budget), and a "
        "log-rank test of C against Rust (chi-square, 1 degree of freedom). The estimator is "
        "tested against the Freireich leukaemia data as published. Trials: quick evidence runs "
        "a smoke-sized campaign (intervals there mean little); standard runs 5 trials and full "
        "10 per bug and language. A median exists only when the curve falls to one half within "
        "the budget; the restricted mean time to detection up to the budget (RMST, Magma's "
        "measure: the area under the curve, with the Klein-Moeschberger variance, tested "
        "against R's rmean of the same data) exists always, and is the budget itself when no "
        "trial detected. 5 of 5 detections still leaves a 95% Clopper-Pearson interval of "
        "[" +
        fmt::format("{:.2f}", std::pow(0.025, 1.0 / 5)) +
        ", 1] for the detection rate "
        "([" +
        fmt::format("{:.2f}", std::pow(0.025, 1.0 / 10)) +
        ", 1] with 10 of 10). "
        "Executions to "
        "detection are summarised the same way: libFuzzer's count of inputs run, read from its "
        "final statistics when the run's first finding ended it (-print_final_stats), censored "
        "at the count a trial without detection reached. A build twice as fast halves the "
        "seconds, not the executions: the two side by side separate the languages' build speed "
        "from how soon the mistake shows.");
    paragraphs.push_back(
        "Release consequences: the witness is replayed through each side's release build of "
        "the bug (the benchmark preset: C -O3 without sanitizers, Rust's release profile, "
        "overflow checks off) by a driver that surrounds the caller's buffers with guard bytes "
        "and runs twice with two fill bytes; the outcome is the worst of memory corruption "
        "(guard bytes changed), data leak (output depends on the fill), wrong result (differs "
        "from the correct twin), crash, panic, hang (time limit, or over 1 s and 50 times the "
        "correct twin) or none; valgrind memcheck runs the same replay with exact allocations.");
    out.push_back({"Ground truth: seeded bugs", paragraphs});
  }
  if (model.benchmarks) {
    const Benchmarks &b = *model.benchmarks;
    const BenchRunFacts &r = b.run;
    const BuildInfo &build = r.environment.build;
    std::string schedule;
    if (r.interleaved) schedule += ", repetitions of all cases randomly interleaved";
    if (r.pin >= 0) schedule += fmt::format(", pinned to CPU {}", r.pin);
    std::string pooling;
    if (!r.pooled.empty()) {
      pooling = fmt::format(" Stored runs taken together: {} ({}), each of one build.",
                            r.pooled.size(), fmt::join(r.pooled, ", "));
    }
    out.push_back(
        {"Benchmarks",
         {fmt::format("Google Benchmark{}, one binary holding both twins and the baselines; {} "
                      "run(s) of the binary, each a new process, with {} repetitions of at least "
                      "{:g} s per "
                      "case{}. Throughput is MB/s: 10^6 bytes "
                      "of input consumed per second. Every implementation's output is checked "
                      "before it is timed.{}",
                      b.library && !b.library->version.empty() ? " " + b.library->version : "",
                      b.runs, r.repetitions, r.min_time, schedule, pooling),
          fmt::format("Build: C {}; Rust {} ({}{}).", or_unknown(build.c_flags),
                      or_unknown(build.rustflags), or_unknown(build.rust_toolchain),
                      build.rust_profile ? ", Cargo profile " + *build.rust_profile : ""),
          build_flags_text(r.environment.flags), statistics_text(b, m)}});
  }
  if (model.instructions) {
    const Instructions &counted = *model.instructions;
    out.push_back(
        {"Instruction counts",
         {fmt::format(
              "Run {}: the same benchmark binary inside valgrind's callgrind, with "
              "instrumentation and collection off except around each case's measured loop. A "
              "case runs its operation once to warm callgrind's simulated caches, then a fixed "
              "number of times (enough for 1 MiB of input, at least twice) while callgrind counts. "
              "The figures are per byte of input: instructions executed (Ir) and an estimate of "
              "cycles, iai-callgrind's: L1 hits + 5 x last-level hits + 35 x memory accesses, "
              "from callgrind's simulation of a fixed cache (32 KiB 8-way L1 instruction and "
              "data caches, 8 MiB 16-way last level, 64-byte lines), the same on every machine.",
              counted.name),
          fmt::format("Two runs of one build count the same instructions whatever the machine's "
                      "load, so the Rust/C instruction ratio needs no interval, and `twinbench "
                      "bench --compare` of two instruction runs flags any change over its "
                      "threshold ({} unless --threshold says otherwise) without false alarms "
                      "from noise.",
                      percent_text(BenchOptions{}.threshold_percent / 100))}});
  }
  return out;
}

std::string render_crash_html(const Crash &c, const Methodology &m) {
  std::string out =
      fmt::format("<article class=\"crash\" id=\"crash-{}\"><h3>Crash {}: {} — {}</h3><dl>", c.id,
                  c.id, html_escape(c.crash_class), html_escape(c.type));
  auto field = [&](const std::string &name, const std::string &value, bool code = false) {
    out += fmt::format("<dt>{}</dt><dd>{}{}{}</dd>", html_escape(name), code ? "<code>" : "",
                       html_escape(value), code ? "</code>" : "");
  };
  field("component, twin", c.component + ", " + c.side);
  field("signature", c.signature, true);
  field("top frames", fmt::format("{}", fmt::join(c.frames, " ← ")), true);
  std::string first = c.first_seen;
  if (c.first_seen_at) {
    first +=
        fmt::format(" ({:.0f} s into {})", c.first_seen_at->elapsed_seconds, c.first_seen_at->by);
  }
  field("first seen", first);
  field("times seen", std::to_string(c.count));
  field("found in", fmt::format("{}", fmt::join(c.found_in, "; ")));
  field("reproduced", fmt::format("{:.0f}% of tries", 100 * c.reliability));
  field("reproduce", c.reproduce, true);
  field("or directly", c.reproduce_direct, true);
  field(c.input_minimized ? "minimised input" : "input",
        fmt::format("{} bytes{}", c.input_size,
                    c.input_dump_cut ? fmt::format(" (dump shows the first {})", m.input_dump_limit)
                                     : ""));
  out += "</dl><pre>" + html_escape(c.input_dump) + "</pre></article>";
  return out;
}

} // namespace

// The appendix's table of contents: every section written after pages 1-2, read back from what
// was written, so the list cannot drift from the sections.
std::string appendix_contents_html(const std::string &appendix) {
  static const std::regex section(R"re(<section id="([^"]+)"><h2>([^<]+)</h2>)re");
  std::string items;
  for (std::sregex_iterator it(appendix.begin(), appendix.end(), section), end; it != end; ++it)
    items += fmt::format("<li><a href=\"#{}\">{}</a></li>", (*it)[1].str(), (*it)[2].str());
  return "<nav id=\"contents\"><h2>Appendix</h2><ol>" + items + "</ol></nav>";
}

std::string appendix_contents_markdown(const std::string &appendix) {
  static const std::regex section(R"re(\n## ([^\n]+)\n)re");
  std::string items;
  for (std::sregex_iterator it(appendix.begin(), appendix.end(), section), end; it != end; ++it)
    items += "1. " + (*it)[1].str() + "\n";
  return "\n## Appendix\n\n" + items;
}

std::string render_html(const ReportModel &model) {
  std::string out = fmt::format(
      "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'\"><meta name=\"viewport\" content=\"width=device-width\">"
      "<title>{0}</title><style>{1}</style></head><body><header><h1>{0}</h1>"
      "<p class=\"meta\">Generated {2} from <code>{3}</code> · revision <code>{4}</code>{5}<br>"
      "{6}</p></header>",
      html_escape(model.title), css, html_escape(model.generated), html_escape(model.store),
      html_escape(model.git_revision), model.git_dirty ? " (with uncommitted changes)" : "",
      html_escape(env_text(model.primary_environment())));

  out += "<section id=\"summary\"><h2>Summary</h2><ul>";
  for (const auto &s : model.safety) out += "<li>" + html_escape(s) + "</li>";
  for (const auto &s : model.summary) out += "<li>" + html_escape(s) + "</li>";
  out += "</ul></section>";
  if (model.ground_truth) {
    out += "<section id=\"safety\"><h2>Same mistake, two languages</h2>" +
           html_table(safety_table(model), "compact") + "<p class=\"meta\">" +
           html_escape(safety_caption(model)) + "</p></section>";
  }
  if (model.benchmarks) {
    out += "<section id=\"speed\"><h2>Speed, one row per component</h2>" +
           html_table(speed_overview_table(model)) + "<p class=\"meta\">" +
           html_escape(speed_overview_caption(model)) + "</p></section>";
  }
  const size_t appendix_at = out.size();

  out += "<section id=\"main\"><h2>The twins: crashes beside throughput</h2>" +
         html_table(main_table(model)) + "<p class=\"meta\">" + html_escape(main_caption) + "</p>";
  if (model.fuzzing) {
    out += "<h3>Fuzzing behind the crash counts</h3>" + html_table(fuzzing_table(*model.fuzzing));
  }
  out += "</section>";

  out += "<section id=\"charts\"><h2>Charts</h2>";
  for (const auto &chart : charts(model)) {
    out += "<figure>" + chart.svg + "<figcaption>" + html_escape(chart.caption) +
           "</figcaption></figure>";
  }
  out += "</section>";

  if (model.benchmarks) {
    out += "<section id=\"benchmarks\"><h2>Every benchmark case</h2>" +
           html_table(bench_table(*model.benchmarks, model.methodology)) + "</section>";
  }
  if (model.benchmarks) {
    const Table ffi = ffi_table(*model.benchmarks, model.methodology);
    if (!ffi.rows.empty()) {
      out += "<section id=\"ffi\"><h2>The FFI apart</h2>" + html_table(ffi) + "<p class=\"meta\">" +
             html_escape(ffi_caption) + "</p></section>";
    }
  }
  if (model.instructions) {
    out += "<section id=\"instructions\"><h2>Instructions per byte</h2>" +
           html_table(instructions_table(*model.instructions)) + "</section>";
  }

  out += render_field_html(model);
  if (!model.code.empty()) {
    out += "<section id=\"code\"><h2>Code: size and unsafe</h2>" +
           html_table(code_table(model.code)) + "<p class=\"meta\">" + html_escape(code_caption) +
           "</p></section>";
  }
  if (model.ground_truth) {
    out += "<section id=\"bugs\"><h2>Seeded bugs, one by one</h2>";
    for (const auto &e : model.ground_truth->bugs) out += render_bug_html(model, e);
    out += "</section>";
  }

  out += "<section id=\"crashes\"><h2>Crash appendix</h2>";
  if (model.crashes.empty()) out += "<p>No crash was found.</p>";
  for (const auto &c : model.crashes) out += render_crash_html(c, model.methodology);
  out += "</section>";

  out += "<section id=\"methodology\"><h2>Methodology</h2>";
  for (const auto &[heading, paragraphs] : methodology(model)) {
    out += "<h3>" + html_escape(heading) + "</h3>";
    for (const auto &p : paragraphs) out += "<p>" + html_escape(p) + "</p>";
  }
  out += "<h3>Threats to validity</h3><ul>";
  for (const auto &t : model.threats) out += "<li>" + html_escape(t) + "</li>";
  out += "</ul></section>";

  out += "<section id=\"reproduce\"><h2>Reproduce this report</h2><p>From a clone of the "
         "repository, with a store that does not hold these run names yet:</p><pre>";
  for (const auto &cmd : model.reproduce) out += html_escape(cmd) + "\n";
  out += "</pre></section></body></html>\n";
  out.insert(appendix_at, appendix_contents_html(out.substr(appendix_at)));
  return out;
}

// --- Markdown ------------------------------------------------------------------------------

std::string render_markdown(const ReportModel &model) {
  std::string out = fmt::format("# {}\n\nGenerated {} from {} · revision {}{}  \n{}\n\n",
                                markdown_escape(model.title), markdown_escape(model.generated),
                                markdown_escape(model.store), markdown_escape(model.git_revision),
                                model.git_dirty ? " (with uncommitted changes)" : "",
                                markdown_escape(env_text(model.primary_environment())));
  out += "## Summary\n\n";
  for (const auto &s : model.safety) out += "- " + markdown_escape(s) + "\n";
  for (const auto &s : model.summary) out += "- " + markdown_escape(s) + "\n";
  if (model.ground_truth) {
    out += "\n## Same mistake, two languages\n\n" + markdown_table(safety_table(model)) + "\n" +
           markdown_escape(safety_caption(model)) + "\n";
  }
  if (model.benchmarks) {
    out += "\n## Speed, one row per component\n\n" + markdown_table(speed_overview_table(model)) +
           "\n" + markdown_escape(speed_overview_caption(model)) + "\n";
  }
  const size_t appendix_at = out.size();
  out += "\n## The twins: crashes beside throughput\n\n" + markdown_table(main_table(model)) +
         "\n" + markdown_escape(main_caption) + "\n\n";
  if (model.fuzzing) {
    out += "### Fuzzing behind the crash counts\n\n" +
           markdown_table(fuzzing_table(*model.fuzzing)) + "\n";
  }
  out += "## Charts\n\n";
  int n = 0;
  for (const auto &chart : charts(model)) {
    if (chart.svg.empty()) {
      out += markdown_escape(chart.caption) + "\n\n";
      continue;
    }
    out += fmt::format("![{}](charts/chart-{}.svg)  \n{}\n\n", markdown_escape(chart.title), ++n,
                       markdown_escape(chart.caption));
  }
  if (model.benchmarks) {
    out += "## Every benchmark case\n\n" +
           markdown_table(bench_table(*model.benchmarks, model.methodology)) + "\n";
  }
  if (model.benchmarks) {
    const Table ffi = ffi_table(*model.benchmarks, model.methodology);
    if (!ffi.rows.empty()) {
      out += "## The FFI apart\n\n" + markdown_table(ffi) + "\n" + markdown_escape(ffi_caption) +
             "\n\n";
    }
  }
  if (model.instructions) {
    out += "## Instructions per byte\n\n" +
           markdown_table(instructions_table(*model.instructions)) + "\n";
  }
  out += render_field_markdown(model);
  if (!model.code.empty()) {
    out += "## Code: size and unsafe\n\n" + markdown_table(code_table(model.code)) + "\n" +
           markdown_escape(code_caption) + "\n\n";
  }
  if (model.ground_truth) {
    out += "## Seeded bugs, one by one\n\n";
    for (const auto &e : model.ground_truth->bugs) out += render_bug_markdown(model, e);
  }
  out += "## Crash appendix\n\n";
  if (model.crashes.empty()) out += "No crash was found.\n\n";
  for (const auto &c : model.crashes) {
    out += fmt::format("### Crash {}: {} — {}\n\n", c.id, markdown_escape(c.crash_class),
                       markdown_escape(c.type));
    out += fmt::format("- component, twin: {}, {}\n- signature: {}\n- first seen: {}\n"
                       "- times seen: {}, reproduced {:.0f}% of tries\n- found in: {}\n",
                       markdown_escape(c.component), markdown_escape(c.side),
                       markdown_escape(c.signature), markdown_escape(c.first_seen), c.count,
                       100 * c.reliability,
                       markdown_escape(fmt::format("{}", fmt::join(c.found_in, "; "))));
    out += fmt::format(
        "- {} ({} bytes{}):\n\n```text\n{}```\n\n```sh\n{}\n{}\n```\n\n",
        c.input_minimized ? "minimised input" : "input", c.input_size,
        c.input_dump_cut ? fmt::format(", first {} shown", model.methodology.input_dump_limit) : "",
        c.input_dump, c.reproduce, c.reproduce_direct);
  }
  out += "## Methodology\n\n";
  for (const auto &[heading, paragraphs] : methodology(model)) {
    out += "### " + markdown_escape(heading) + "\n\n";
    for (const auto &p : paragraphs) out += markdown_escape(p) + "\n\n";
  }
  out += "### Threats to validity\n\n";
  for (const auto &t : model.threats) out += "- " + markdown_escape(t) + "\n";
  out += "\n## Reproduce this report\n\nFrom a clone of the repository, with a store that does "
         "not hold these run names yet:\n\n```sh\n";
  for (const auto &cmd : model.reproduce) out += cmd + "\n";
  out += "```\n";
  out.insert(appendix_at, appendix_contents_markdown(out.substr(appendix_at)));
  return out;
}

// The charts as standalone files, for the Markdown report (chart-1.svg, ...).
std::vector<std::string> chart_files(const ReportModel &model) {
  std::vector<std::string> out;
  for (const auto &chart : charts(model)) {
    if (chart.svg.empty()) continue;
    out.push_back("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + chart.svg + "\n");
  }
  return out;
}

} // namespace twinbench::cli
