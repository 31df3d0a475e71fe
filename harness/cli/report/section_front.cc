// Pages 1-2: the summary, the safety table and the speed row per component. They stand alone:
// a reader who stops here has the findings, each with the figure behind it.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "report/report.h"
#include "report/report_text.h"
#include "report/sections.h"
#include "report/speed_overview.h"

namespace twinbench::cli {
namespace {

Cell fuzzing_cell(const ReportModel &model, const BugEvidence &e, const BugSide &s) {
  if (s.refused_by_rustc()) return {"refused by rustc", 1, false, false, bug_anchor(e)};
  if (s.trials == 0) return {"not run"};
  // One line a bug, so that every bug fits the front pages: "2/2 · 0.38 s". The executions,
  // the restricted mean with its interval, what found it and how each trial ended are in the
  // bug's entry below, which the cell links to when a crash stands behind it.
  std::string text = fmt::format("{}/{}", s.detected, s.trials);
  const auto &km = *s.survival;
  text += km.median
              ? " · " + seconds_text(*km.median)
              : fmt::format(" · > {}", seconds_text(model.ground_truth->campaign->budget_seconds));
  // How the trials that did not detect it ended: an unrelated finding stops a trial early.
  if (s.unattributed > 0)
    text += fmt::format(" · {} stopped by an unrelated finding", s.unattributed);
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
  // A campaign of several engines: these columns are its first engine's (the bugs section has
  // every engine's).
  const std::string engine = truth.campaign && truth.campaign->engines.size() > 1
                                 ? " (" + truth.campaign->engines.at(0).method.title + ")"
                                 : "";
  Table t{{"Mistake", "CWE", "Rust unsafe?", "C fuzzed" + engine + ": detected · median time",
           "C + int. sanitizers", "C release build", "Rust fuzzed" + engine, "Rust release build",
           "p · A12"},
          {}};
  // Grouped by weakness: CWE number order, the catalogue's order within one.
  std::vector<const BugEvidence *> rows;
  for (const auto &e : truth.bugs) rows.push_back(&e);
  auto cwe_number = [](const BugEvidence *e) {
    int64_t n = 0;
    if (e->cwe.starts_with("CWE-"))
      std::from_chars(e->cwe.data() + 4, e->cwe.data() + e->cwe.size(), n);
    return n;
  };
  std::stable_sort(rows.begin(), rows.end(), [&](const BugEvidence *a, const BugEvidence *b) {
    return cwe_number(a) < cwe_number(b);
  });
  for (const BugEvidence *bug : rows) {
    const BugEvidence &e = *bug;
    TableRow row;
    row.push_back({e.id, 1, false, false, model.root_link + "/docs/bugs.md#" + e.id});
    row.push_back({e.cwe, 1, false, true}); // never wrapped
    row.push_back({!e.rust_unsafe ? "no" : e.unsafe_for == "c-boundary" ? "FFI" : "speed"});
    row.push_back(fuzzing_cell(model, e, e.c));
    row.push_back(fuzzing_cell(model, e, e.c_int));
    row.push_back({outcome_words(e.c), 1, false, false, bug_anchor(e)});
    row.push_back(fuzzing_cell(model, e, e.rust));
    // The verdict word first, unless the outcome already says it ("silent wrong result").
    const std::string rust = outcome_words(e.rust);
    row.push_back({e.rust.verdict.empty() || rust.starts_with(e.rust.verdict)
                       ? rust
                       : e.rust.verdict + ": " + rust,
                   1, false, false, bug_anchor(e)});
    row.push_back({e.c_vs_rust
                       ? p_text(e.c_vs_rust->p) +
                             (e.a12_c_slower ? fmt::format(" · {:.2f}", *e.a12_c_slower) : "")
                       : "-",
                   1, false, true});
    t.rows.push_back(std::move(row));
  }
  return t;
}

std::string safety_caption(const ReportModel &model) {
  const GroundTruth &truth = *model.ground_truth;
  std::string text =
      "Each row is one mistake from docs/bugs.md, made at the same spec clause in both twins; "
      "its release outcomes link to its entry in the appendix (what found it, every interval, "
      "how each trial ended, its class); grouped by CWE; Rust unsafe?: the catalogue's. Fuzzed: "
      "trials of the ground-truth campaign (witness withheld, sanitized builds) whose first "
      "finding was this bug, of those finished, and the Kaplan-Meier "
      "median time to detection (its executions, and the restricted mean time with its 95% "
      "interval, are in the bug's entry). p: log-rank test of C against Rust; A12: the chance a "
      "C trial took "
      "longer to detect it than a Rust trial (0.5: neither; shown when every undetected trial ran "
      "to the budget). Release build: what the "
      "witness did to the build a user would ship (twinbench consequences";
  text +=
      truth.consequences_run.empty() ? ", not run yet)." : ", run " + truth.consequences_run + ").";
  const IntegerSanitizerConfig &ints = truth.integer_config;
  // The suppressions are counted here and listed in the file: page 1 has room for the count.
  text += fmt::format(
      " C + integer sanitizers: the C bug build compiled also with {}, checks C's default fuzz "
      "build (as OSS-Fuzz's) does not run and a careful C team can switch on, with the "
      "suppressions such a code base needs for wrapping on purpose ({}, {} entries); not for a "
      "data race, whose build is ThreadSanitizer's.",
      ints.flags.empty() ? "the integer sanitizers (fuzz preset not configured here)" : ints.flags,
      "harness/fuzz/integer_sanitizer.supp", ints.suppressions.size());
  if (!truth.campaign)
    text += " No ground-truth campaign is in the store yet (twinbench fuzz --bugs all).";
  return text;
}

// The parts of the evidence the store holds none of, each with the command that makes it.
std::vector<std::string> absent_parts(const ReportModel &model) {
  std::vector<std::string> out;
  if (!model.fuzzing) out.push_back("a fuzz campaign (`twinbench fuzz`)");
  if (model.fuzzing && (!model.coverage || model.coverage->impls.empty())) {
    out.push_back("coverage of the campaign's corpora (`twinbench coverage`)");
  }
  if (!model.ground_truth || !model.ground_truth->campaign) {
    out.push_back("a ground-truth campaign over the seeded bugs (`twinbench fuzz --bugs all`)");
  }
  if (!model.ground_truth || model.ground_truth->consequences_run.empty()) {
    out.push_back("release consequences of the seeded bugs (`twinbench consequences`)");
  }
  if (!model.benchmarks) out.push_back("timed benchmarks (`twinbench bench --runs 5`)");
  if (!model.instructions) {
    out.push_back("instruction counts (`twinbench bench --measure instructions`)");
  }
  return out;
}

// Coverage in one sentence: the twins' median line coverage by language, the libraries' range.
std::optional<std::string> coverage_sentence(const CoverageFigures &figures) {
  std::vector<double> c_twins, rust_twins;
  std::vector<std::pair<double, std::string>> libraries;
  for (const auto &c : figures.impls) {
    if (c.kind == "twin")
      (c.language == "rust" ? rust_twins : c_twins).push_back(c.line_fraction());
    if (c.kind == "library") libraries.emplace_back(c.line_fraction(), c.component + " " + c.impl);
  }
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
  };
  auto pct = [](double f) { return fmt::format("{:.0f}%", 100 * f); };
  std::vector<std::string> parts;
  if (!c_twins.empty() || !rust_twins.empty()) {
    parts.push_back(fmt::format("the C twins executed a median {} of their own lines, the Rust "
                                "twins {}",
                                c_twins.empty() ? "-" : pct(median(c_twins)),
                                rust_twins.empty() ? "-" : pct(median(rust_twins))));
  }
  if (!libraries.empty()) {
    std::sort(libraries.begin(), libraries.end());
    parts.push_back(fmt::format("the libraries from {} ({}) to {} ({})",
                                pct(libraries.front().first), libraries.front().second,
                                pct(libraries.back().first), libraries.back().second));
  }
  // Against the reference: the share of what the spec's vectors execute that the corpora reached.
  std::vector<std::pair<double, std::string>> reached;
  for (const auto &c : figures.impls) {
    if (c.vector_lines && *c.vector_lines > 0 && c.vector_lines_reached) {
      reached.emplace_back(static_cast<double>(*c.vector_lines_reached) /
                               static_cast<double>(*c.vector_lines),
                           c.component + " " + c.impl);
    }
  }
  if (!reached.empty()) {
    std::sort(reached.begin(), reached.end());
    parts.push_back(fmt::format("of the lines the spec's vectors execute, the corpora reached from "
                                "{} ({}) to {} ({})",
                                pct(reached.front().first), reached.front().second,
                                pct(reached.back().first), reached.back().second));
  }
  if (parts.empty()) return std::nullopt;
  return fmt::format("Coverage of each implementation's own code after campaign {}: {} (table "
                     "\"Coverage of each implementation's own code\").",
                     figures.campaign, fmt::join(parts, "; "));
}

// The FFI apart: how much of the Rust twin's time through the FFI the crossing itself took —
// Rust/C through the API against Rust/C with each twin looped natively. A measurable share below
// zero is no cost of the crossing: there the per-operation path cost the C twin more.
std::optional<std::string> ffi_sentence(const Benchmarks &bench) {
  std::vector<std::pair<double, std::string>> costs;
  std::vector<std::string> against_c;
  size_t tested = 0;
  for (const auto &k : bench.cases) {
    const auto share = ffi_share(k);
    if (!share) continue;
    tested++;
    if (share->measurable && share->value > 0) costs.emplace_back(share->value, k.label);
    if (share->measurable && share->value < 0) against_c.push_back(k.label);
  }
  if (tested == 0) return std::nullopt;
  const std::string how = "Rust/C through the API against Rust/C with each twin looped in its "
                          "own language; table \"The FFI apart\"";
  std::string sentence;
  if (costs.empty()) {
    sentence = fmt::format("The FFI apart: in none of {} cases did crossing the C ABI once per "
                           "operation cost a measurable share of the Rust twin's time ({}).",
                           tested, how);
  } else {
    std::sort(costs.begin(), costs.end());
    auto share = [](double v) { return percent_text(std::round(v * 1000) / 1000); };
    sentence = fmt::format(
        "The FFI apart: where it cost a measurable share ({} of {} cases), crossing the C ABI "
        "once per operation took from {} ({}) to {} ({}) of the Rust twin's time ({}).",
        costs.size(), tested, share(costs.front().first), costs.front().second,
        share(costs.back().first), costs.back().second, how);
  }
  if (!against_c.empty()) {
    sentence += fmt::format(
        " In {} case(s) ({}) Rust/C was measurably higher through the API than natively: no cost "
        "of the crossing, but a per-operation path that cost the C twin more than the Rust twin.",
        against_c.size(), fmt::join(against_c, ", "));
  }
  return sentence;
}

} // namespace

// A few sentences, each carrying its numbers.
std::vector<std::string> summary_sentences(const ReportModel &model) {
  std::vector<std::string> sentences;
  const Methodology &m = model.methodology;
  if (model.fuzzing) {
    const Fuzzing &f = *model.fuzzing;
    int64_t targets = 0;
    for (const auto &[comp, impls] : f.by_component) targets += static_cast<int64_t>(impls.size());
    std::vector<std::string> titles;
    for (const auto &e : f.campaign.engines) titles.push_back(e.method.title);
    // Twins and libraries apart: a crash in stb_image is not the C twins'.
    auto is_library = [&](const std::string &comp) {
      return std::any_of(model.field.begin(), model.field.end(),
                         [&](const FieldComponent &fc) { return fc.name == comp; });
    };
    std::map<std::string, CrashTally> by_owner, library_by_owner;
    for (const auto &[comp, owners] : f.crash_counts) {
      for (const auto &[owner, tally] : owners) {
        CrashTally &o = (is_library(comp) ? library_by_owner : by_owner)[owner];
        o.total += tally.total;
        for (const auto &[klass, n] : tally.by_class) o.by_class[klass] += n;
      }
    }
    auto total_in = [](const std::map<std::string, CrashTally> &tallies, const std::string &owner) {
      auto it = tallies.find(owner);
      return it == tallies.end() ? 0 : it->second.total;
    };
    auto classes_in = [](const std::map<std::string, CrashTally> &tallies,
                         const std::string &owner) {
      auto it = tallies.find(owner);
      return it == tallies.end() ? std::string() : classes_text(it->second);
    };
    auto total = [&](const std::string &owner) { return total_in(by_owner, owner); };
    auto classes = [&](const std::string &owner) { return classes_in(by_owner, owner); };
    sentences.push_back(fmt::format(
        "Fuzzing (campaign {}, {}): {} fuzz targets, {} trial(s) of {} each{}, {} of fuzzing in "
        "all; the C twins had {} unique crash(es){}, the Rust twins {}{}, and the differential "
        "targets found {} divergence(s) between them{}.",
        f.campaign.name, fmt::join(titles, " and "), targets, f.campaign.trials,
        duration_text(f.campaign.budget_seconds), titles.size() > 1 ? " with each engine" : "",
        duration_text(f.seconds_all_engines), total("c"), classes("c"), total("rust"),
        classes("rust"), total("both"), classes("both")));
    if (!library_by_owner.empty()) {
      sentences.push_back(fmt::format(
          "The real libraries: the C libraries had {} unique crash(es){}, the Rust crates "
          "{}{}, and their differential targets found {} divergence(s){} (field evidence).",
          total_in(library_by_owner, "c"), classes_in(library_by_owner, "c"),
          total_in(library_by_owner, "rust"), classes_in(library_by_owner, "rust"),
          total_in(library_by_owner, "both"), classes_in(library_by_owner, "both")));
    }
    if (total("harness") > 0) {
      // A crash in the drivers is neither twin's, but it hides whatever the run would have found.
      sentences.push_back(fmt::format("The harness itself crashed {} time(s){}: see the crash "
                                      "appendix; those runs tested less than their budget.",
                                      total("harness"), classes("harness")));
    }
  }
  if (model.coverage) {
    if (auto sentence = coverage_sentence(*model.coverage)) sentences.push_back(*sentence);
  }
  if (model.benchmarks) {
    const Benchmarks &bench = *model.benchmarks;
    int rust = 0, c = 0, tie = 0;
    double low = INFINITY, high = -INFINITY;
    std::string low_case, high_case;
    std::vector<double> ratios;
    for (const auto &k : bench.cases) {
      if (!k.rust_vs_c) continue;
      rust += k.rust_vs_c->verdict == stats::Verdict::second_faster;
      c += k.rust_vs_c->verdict == stats::Verdict::first_faster;
      tie += k.rust_vs_c->verdict == stats::Verdict::no_difference;
      const double r = k.rust_vs_c->ratio.value;
      ratios.push_back(r);
      if (r < low) low = r, low_case = k.label;
      if (r > high) high = r, high_case = k.label;
    }
    if (!ratios.empty()) {
      const double mid = stats::median(ratios);
      const std::string range =
          fmt::format("the Rust/C throughput ratio ranged from {:.3f} ({}) to {:.3f} ({}), "
                      "median {:.3f}",
                      low, low_case, high, high_case, mid);
      if (bench.runs > 1) {
        sentences.push_back(fmt::format(
            "Speed across {} runs of the benchmark binary: of {} cases run on both twins, Rust "
            "was faster in {}, C in {}, and {} showed no measurable difference (t-test of the "
            "runs' log ratios, Holm-corrected over {} comparisons at {:g}; differences under {} "
            "count as ties); {}.",
            bench.runs, ratios.size(), rust, c, tie, bench.comparisons, m.alpha,
            percent_text(m.noise), range));
      } else {
        sentences.push_back(fmt::format(
            "Speed: one run of the benchmark binary, so no speed verdict is counted here (a "
            "verdict within one run cannot see how much the next run shifts: `twinbench bench "
            "--runs 5`); in this run {}.",
            range));
      }
    }
  }
  if (model.benchmarks) {
    if (auto sentence = ffi_sentence(*model.benchmarks)) sentences.push_back(*sentence);
  }
  if (model.instructions) {
    std::vector<std::pair<double, std::string>> ratios;
    for (const auto &k : model.instructions->cases) {
      if (k.rust_vs_c_instructions) ratios.emplace_back(*k.rust_vs_c_instructions, k.label());
    }
    if (!ratios.empty()) {
      std::sort(ratios.begin(), ratios.end());
      const size_t more = static_cast<size_t>(
          std::count_if(ratios.begin(), ratios.end(), [](const auto &r) { return r.first > 1; }));
      sentences.push_back(fmt::format(
          "Instructions (run {}, callgrind; exact and repeatable, unlike time): Rust executed "
          "more instructions per byte than C in {} of {} cases; the Rust/C instruction ratio "
          "ranged from {:.3f} ({}) to {:.3f} ({}).",
          model.instructions->name, more, ratios.size(), ratios.front().first,
          ratios.front().second, ratios.back().first, ratios.back().second));
    }
  }
  return sentences;
}

namespace sections {

doc::Section summary(const ReportModel &model) {
  doc::Bullets bullets;
  bullets.items = model.safety;
  bullets.items.insert(bullets.items.end(), model.summary.begin(), model.summary.end());
  doc::Section s{"summary", "Summary", {}};
  doc::add(s.blocks, std::move(bullets));
  const auto absent = absent_parts(model);
  if (!absent.empty()) {
    doc::add(s.blocks, doc::Paragraph{fmt::format("Not in this report (the store holds none): "
                                                  "{}.",
                                                  fmt::join(absent, "; ")),
                                      true});
  }
  return s;
}

std::optional<doc::Section> safety(const ReportModel &model) {
  if (!model.ground_truth) return std::nullopt;
  doc::Section s{"safety", "Same mistake, two languages", {}};
  doc::add(s.blocks, doc::TableBlock{safety_table(model), true});
  doc::add(s.blocks, doc::Paragraph{safety_caption(model), true});
  return s;
}

std::optional<doc::Section> speed(const ReportModel &model) {
  if (!model.benchmarks) return std::nullopt;
  doc::Section s{"speed", "Speed, one row per component", {}};
  doc::add(s.blocks, doc::TableBlock{speed_overview_table(model), true});
  doc::add(s.blocks, doc::Paragraph{speed_overview_caption(model), true});
  return s;
}

} // namespace sections
} // namespace twinbench::cli
