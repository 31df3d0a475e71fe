// The report's field-evidence section (report/field_evidence.h): per real library, where its
// code comes from, what fuzzing found, known bugs, disagreements and throughput.
#include <algorithm>

#include <fmt/format.h>

#include "bench/bench_results.h"
#include "bench/stats.h"
#include "report/escape.h"
#include "report/sections.h"
#include "report/table.h"

namespace twinbench::cli {
namespace {

const std::string field_caption =
    "Real libraries under the same drivers as the twins. Origin: the C library's files are "
    "compiled from the Debian source package named (scripts/fetch-sources; the upstream "
    "tarball as released, or with Debian's patches), the Rust crate is Debian's packaged one. "
    "Lines: lines with code in what is built (C: the library's files compiled; Rust: the "
    "crate's src/, its own dependencies not counted); glue: ours, between the library and the "
    "contract. Findings: unique crashes of the implementation's own fuzz target, by class; the "
    "diff target's are below the table. Known bugs are the component's known_bugs.json, each "
    "with a witness that ctest replays; found means a crash of the campaign whose report holds "
    "the bug's expected line. Disagreements are the spec's known differences (legitimate, not "
    "findings), counted, with the first input that showed each. Throughput: median MB/s of "
    "decoded output over the run's repetitions [95% bootstrap interval]; \"crate ÷ library\" is "
    "the ratio of their medians [95% interval], above 1 when the Rust crate is faster, with the "
    "verdict the twins get (Mann-Whitney U at " +
    fmt::format("{:g}", stats::kAlpha * 100) + "%, and a ratio within " +
    fmt::format("{:g}", stats::kNoise * 100) + "% of 1 is a tie).";

std::string classes(const std::map<std::string, int> &by_class) {
  if (by_class.empty()) return "none";
  std::string out;
  for (const auto &[klass, n] : by_class)
    out += fmt::format("{}{} {}", out.empty() ? "" : ", ", n, klass);
  return out;
}

std::string seconds(const std::optional<double> &s) {
  return s ? fmt::format("{:.1f} s", *s) : "-";
}

std::string unsafe_text(const FieldImplementation &i) {
  if (i.language != "rust") return "-";
  return fmt::format("{} / {} / {}", i.unsafe_blocks, i.unsafe_fns, i.unsafe_impls);
}

std::string example(const std::string &hex) {
  if (hex.empty()) return "-";
  return hex.size() <= 64 ? hex : hex.substr(0, 64) + fmt::format("… ({} bytes)", hex.size() / 2);
}

Table impl_table(const FieldComponent &f, bool fuzzed) {
  Table t{{"Implementation", "Language", "Origin", "Files", "Lines", "unsafe blocks / fns / impls",
           "Glue lines", "Findings (own target)"},
          {}};
  for (const auto &i : f.impls) {
    std::string origin = i.origin;
    if (i.patches == "debian") {
      origin +=
          i.patched_files_built.empty()
              ? "; the patches change none of the files built"
              : "; the patches change " + fmt::format("{}", fmt::join(i.patched_files_built, ", "));
    }
    t.rows.push_back({{i.name},
                      {i.language},
                      {origin},
                      {i.counted ? std::to_string(i.files) : "?", 1, false, true},
                      {i.counted ? std::to_string(i.lines) : "?", 1, false, true},
                      {unsafe_text(i), 1, false, true},
                      {std::to_string(i.glue_lines), 1, false, true},
                      {fuzzed ? classes(i.findings) : "not fuzzed"}});
  }
  return t;
}

Table known_table(const FieldComponent &f, bool fuzzed) {
  Table t{
      {"Known bug", "Implementation", "Class", "Affects", "Found", "Time to find", "By", "Witness"},
      {}};
  for (const auto &k : f.known_bugs) {
    std::string found = !fuzzed      ? "not fuzzed"
                        : k.crash_id ? fmt::format("yes (crash {})", *k.crash_id)
                                     : "missed";
    if (k.crash_id && !k.same_finding_as.empty()) {
      found = fmt::format("crash {}, which may be {} instead (the same divergence; its input "
                          "tells which)",
                          *k.crash_id, fmt::join(k.same_finding_as, " or "));
    }
    t.rows.push_back({{k.id + ": " + k.title},
                      {k.implementation},
                      {k.bug_class},
                      {k.affects},
                      {found},
                      {seconds(k.found_seconds), 1, false, true},
                      {k.found_by.empty() ? "-" : k.found_by},
                      {k.witness}});
  }
  return t;
}

Table disagreement_table(const FieldComponent &f) {
  Table t{{"Kind", "Pair", "Inputs (at least)", "Runs", "First seen", "First input (hex)"}, {}};
  for (const auto &d : f.disagreements) {
    t.rows.push_back({{d.kind},
                      {d.pair},
                      {std::to_string(d.count), 1, false, true},
                      {std::to_string(d.runs), 1, false, true},
                      {seconds(d.first_seconds), 1, false, true},
                      {example(d.example_hex)}});
  }
  return t;
}

// Each Rust implementation over each C (or C++) one: what a "which library" question compares.
std::vector<std::pair<const FieldImplementation *, const FieldImplementation *>>
rust_over_c(const FieldComponent &f) {
  std::vector<std::pair<const FieldImplementation *, const FieldImplementation *>> pairs;
  for (const auto &r : f.impls) {
    if (r.language != "rust") continue;
    for (const auto &c : f.impls) {
      if (c_family(c.language)) pairs.emplace_back(&r, &c);
    }
  }
  return pairs;
}

// Throughput of the component's cases, one column per implementation: median MB/s [95% CI];
// then each Rust implementation over each C one: the ratio [95% CI] and the verdict, as the
// model computed them (across runs, Holm-corrected with every other comparison).
Table throughput_table(const ReportModel &model, const FieldComponent &f) {
  Table t{{"Case"}, {}};
  for (const auto &i : f.impls) t.header.push_back(i.name + " MB/s");
  const auto pairs = rust_over_c(f);
  for (const auto &[r, c] : pairs) t.header.push_back(r->name + " ÷ " + c->name);
  if (!model.benchmarks) return t;
  for (const auto &k : model.benchmarks->cases) {
    if (k.component != f.name) continue;
    TableRow row{{k.label}};
    for (const auto &i : f.impls) {
      const ImplFigures *fig = k.impl(i.name);
      row.push_back({fig ? fmt::format("{:.0f} [{:.0f}, {:.0f}]", fig->median_mbps.value,
                                       fig->median_mbps.ci.low, fig->median_mbps.ci.high)
                         : "-",
                     1, false, true});
    }
    for (const auto &[r, c] : pairs) {
      const auto same = [&](const RustVsC &v) {
        return v.first_impl == c->name && v.second_impl == r->name;
      };
      const auto pair = std::find_if(k.library_pairs.begin(), k.library_pairs.end(), same);
      // (A component with twins and libraries: the twins' pair is the case's rust_vs_c.)
      const RustVsC *cmp = pair != k.library_pairs.end()       ? &*pair
                           : k.rust_vs_c && same(*k.rust_vs_c) ? &*k.rust_vs_c
                                                               : nullptr;
      if (cmp == nullptr) {
        row.push_back({"not measured", 1, false, true});
        continue;
      }
      row.push_back({fmt::format("{:.2f} [{:.2f}, {:.2f}] {}{}", cmp->ratio.value,
                                 cmp->ratio.ci.low, cmp->ratio.ci.high, cmp->verdict_text(),
                                 cmp->within_one_run() ? " (within one run)" : ""),
                     1, false, true});
    }
    t.rows.push_back(std::move(row));
  }
  return t;
}

std::string diff_line(const FieldComponent &f, bool fuzzed) {
  if (!fuzzed) return "";
  return fmt::format("fuzz_{}_diff: {}.", f.name, classes(f.diff_findings));
}

} // namespace

namespace sections {

std::optional<doc::Section> field(const ReportModel &model) {
  if (model.field.empty()) return std::nullopt;
  doc::Section s{"field", "Field evidence: real libraries", {}};
  for (const auto &f : model.field) {
    doc::add(s.blocks, doc::Heading{f.title, "field-" + f.name, 3});
    doc::add(s.blocks, doc::Paragraph{"spec " + f.spec, true});
    doc::add(s.blocks, doc::TableBlock{impl_table(f, f.fuzzed), false});
    if (f.fuzzed) doc::add(s.blocks, doc::Paragraph{diff_line(f, true), false});
    if (!f.known_bugs.empty()) doc::add(s.blocks, doc::TableBlock{known_table(f, f.fuzzed), false});
    if (!f.disagreements.empty()) doc::add(s.blocks, doc::TableBlock{disagreement_table(f), false});
    Table speed = throughput_table(model, f);
    if (!speed.rows.empty()) doc::add(s.blocks, doc::TableBlock{std::move(speed), false});
  }
  doc::add(s.blocks, doc::Paragraph{field_caption, true});
  return s;
}

} // namespace sections
} // namespace twinbench::cli
