// The twins' appendix sections: crashes beside throughput, every benchmark case, the FFI apart,
// instructions per byte.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "bench/bench_results.h"
#include "report/report.h"
#include "report/report_text.h"
#include "report/sections.h"

namespace twinbench::cli {
namespace {

const std::string main_caption =
    "Rust/C MB/s: Rust's throughput over C's (above 1, Rust is faster). Rust/C instructions: "
    "Rust's instructions per byte over C's, counted by callgrind (above 1, Rust executes more). "
    "Crashes are unique (deduplicated) crashes by class; divergences are inputs on which the "
    "twins disagreed. Execs: executions over all trials; final cov: median over trials of "
    "the campaign's (first) engine's last coverage figure (libFuzzer's cov, AFL++'s edges "
    "found). The twins only: each real library's throughput and crashes "
    "are in its field-evidence section.";

const std::string ffi_caption =
    "Via the API: the C++ benchmark calls each twin once per operation through its table of "
    "function pointers — the C twin directly, the Rust twin through the C ABI. Natively: a loop "
    "in the twin's own language calls the twin directly (targets_c/<component>/native_loop.c, "
    "targets_rust/ffi/<component>/src/native_loop.rs), and the C++ benchmark calls that loop "
    "once per batch: the same loop shape for both languages. The FFI's share is 1 - (Rust/C via "
    "the API) / (Rust/C natively), run by run: what the C++ loop and the indirect call cost "
    "is paid by both twins and cancels, and what remains is what the crossing costs the Rust "
    "twin alone (argument checks, pointers to slices, status codes, a call no optimizer can "
    "inline). Where the comparison finds no difference it reads \"no measurable difference\" "
    "with its interval. A measurable share below zero means Rust/C was higher through the API "
    "than natively: there the per-operation path cost the C twin more than the Rust twin, which "
    "is no cost of the crossing.";

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
        number(k.rust_vs_c ? ratio_ci_text(k.rust_vs_c->ratio) : "-");
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
  Table t{{"Case", "Implementation", "MB/s",
           fmt::format("{} CI", percent_text(methodology.confidence)), "Timed by", "Repetitions",
           "CV", "vs C (natively: vs C natively): ratio [CI], p (Holm), A12"},
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
      const ImplFigures *base = i.impl == rust_native_impl ? k.impl(c_native_impl) : c;
      if (versus) {
        vs_c = fmt::format("{:.3f} [{:.3f}, {:.3f}], p {}, A12 {:.2f}", versus->ratio.value,
                           versus->ratio.ci.low, versus->ratio.ci.high, p_text(versus->p_adjusted),
                           versus->a12);
      } else if (i.impl != "c" && base) {
        vs_c = fmt::format("{:.3f} (not tested)", m.value / base->median_mbps.value);
      }
      t.rows.push_back({{k.label},
                        {i.impl},
                        {fmt::format("{:.0f}", m.value)},
                        {fmt::format("[{:.0f}, {:.0f}]", m.ci.low, m.ci.high)},
                        {timing_text(i.timing)},
                        {std::to_string(i.repetitions)},
                        {fmt::format("{:.1f}%", 100 * i.cv)},
                        {vs_c}});
    }
  }
  return t;
}

// The twin cases measured both ways: each twin through its API table per operation, and looped
// natively.
Table ffi_table(const Benchmarks &bench, const Methodology &methodology) {
  const std::string ci = percent_text(methodology.confidence) + " CI";
  Table t{{"Case", "C MB/s via the API", "Rust MB/s via the API", "C MB/s natively",
           "Rust MB/s natively", fmt::format("Rust/C via the API [{}]", ci),
           fmt::format("Rust/C natively [{}]", ci),
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
         number(fmt::format("{:.0f}", k.impl(c_native_impl)->median_mbps.value)),
         number(fmt::format("{:.0f}", k.impl(rust_native_impl)->median_mbps.value)),
         number(ratio_ci_text(k.rust_vs_c->ratio)),
         number(ratio_ci_text(k.native_vs_c->ratio)),
         number(share->measurable ? fmt::format("{:.1f}% [{:.1f}%, {:.1f}%]", 100 * share->value,
                                                100 * share->low, 100 * share->high)
                                  : fmt::format("no measurable difference [{:.1f}%, {:.1f}%]",
                                                100 * share->low, 100 * share->high))});
  }
  return t;
}

// Every counted case and implementation: instructions and estimated cycles per byte.

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

} // namespace

namespace sections {

doc::Section twins(const ReportModel &model) {
  doc::Section s{"main", "The twins: crashes beside throughput", {}};
  doc::add(s.blocks, doc::TableBlock{main_table(model), false});
  doc::add(s.blocks, doc::Paragraph{main_caption, true});
  if (model.fuzzing) {
    doc::add(s.blocks, doc::Heading{"Fuzzing behind the crash counts", "", 3});
    doc::add(s.blocks, doc::TableBlock{fuzzing_table(*model.fuzzing), false});
    const auto &engines = model.fuzzing->campaign.engines;
    if (engines.size() > 1) {
      // One engine's runs in the table; the crash counts above are every engine's.
      doc::add(s.blocks, doc::Paragraph{fmt::format("The runs of {} only: the engines count "
                                                    "coverage differently. The crash counts "
                                                    "above are every engine's.",
                                                    engines.at(0).method.title),
                                        true});
    }
  }
  return s;
}

std::optional<doc::Section> benchmarks(const ReportModel &model) {
  if (!model.benchmarks) return std::nullopt;
  doc::Section s{"benchmarks", "Every benchmark case", {}};
  doc::add(s.blocks, doc::TableBlock{bench_table(*model.benchmarks, model.methodology), false});
  return s;
}

std::optional<doc::Section> ffi(const ReportModel &model) {
  if (!model.benchmarks) return std::nullopt;
  Table table = ffi_table(*model.benchmarks, model.methodology);
  if (table.rows.empty()) return std::nullopt;
  doc::Section s{"ffi", "The FFI apart", {}};
  doc::add(s.blocks, doc::TableBlock{std::move(table), false});
  doc::add(s.blocks, doc::Paragraph{ffi_caption, true});
  return s;
}

std::optional<doc::Section> instructions(const ReportModel &model) {
  if (!model.instructions) return std::nullopt;
  doc::Section s{"instructions", "Instructions per byte", {}};
  doc::add(s.blocks, doc::TableBlock{instructions_table(*model.instructions), false});
  return s;
}

} // namespace sections
} // namespace twinbench::cli
