// Rendering the report model: HTML (self-contained, no script) and Markdown. Tables and charts
// are built once from the model and written out by both renderers; every text is escaped.
#include <map>

#include <fmt/format.h>

#include "bench_results.h"
#include "escape.h"
#include "report.h"
#include "svg.h"

namespace twinbench::cli {
namespace {

using json = nlohmann::json;

const svg::Series c_series{"C twin", "#0072B2"}, rust_series{"Rust twin", "#D55E00"},
    diff_series{"differential (both)", "#009E73"};
const char *const baseline_colors[] = {"#999999", "#666666", "#BBBBBB", "#444444"};

struct Cell {
  std::string text;
  int rowspan = 1;      // HTML: spans this many rows
  bool covered = false; // under a rowspan above: HTML skips it, Markdown leaves it empty
  bool number = false;  // right-aligned, never wrapped
};
using TableRow = std::vector<Cell>;
struct Table {
  std::vector<std::string> header;
  std::vector<TableRow> rows;
};

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

std::string mbps_text(const json &e) {
  return fmt::format("{:.0f} [{:.0f}, {:.0f}]", e["value"].get<double>(), e["low"].get<double>(),
                     e["high"].get<double>());
}

std::string ratio_text(const json &e) {
  return fmt::format("{:.3f} [{:.3f}, {:.3f}]", e["value"].get<double>(), e["low"].get<double>(),
                     e["high"].get<double>());
}

std::string p_text(double p) { return p < 0.001 ? "< 0.001" : fmt::format("{:.3f}", p); }

std::string crash_cell(const json &counts, const std::string &comp, const std::string &owner) {
  if (!counts.contains(comp) || !counts[comp].contains(owner)) return "0";
  const auto &o = counts[comp][owner];
  std::vector<std::string> parts;
  for (const auto &[klass, n] : o["by_class"].items()) {
    parts.push_back(fmt::format("{} {}", n.get<int>(), klass));
  }
  return fmt::format("{}: {}", o["total"].get<int>(), fmt::join(parts, ", "));
}

std::string fuzz_cell(const json &fuzz, const std::string &comp, const std::string &impl,
                      const std::string &key) {
  if (!fuzz.contains(comp) || !fuzz[comp].contains(impl)) return "-";
  const auto &s = fuzz[comp][impl];
  if (key == "execs") return compact(s["execs"].get<int64_t>());
  return grouped(s["final_cov_median"].get<int64_t>());
}

const json *impl_result(const json &bench_case, const std::string &impl) {
  for (const auto &i : bench_case["impls"]) {
    if (i["impl"] == impl) return &i;
  }
  return nullptr;
}

// Per component: one row per benchmark case; crashes, executions and coverage span the rows.
Table main_table(const json &model) {
  Table t{{"Component", "Case", "C MB/s [95% CI]", "Rust MB/s [95% CI]", "Rust/C [95% CI]",
           "Verdict", "C crashes", "Rust crashes", "Divergences", "Execs C / Rust",
           "Final cov C / Rust"},
          {}};
  const bool fuzzed = model.contains("fuzzing");
  const json empty = json::object();
  const json &counts = fuzzed ? model["fuzzing"]["crash_counts"] : empty;
  const json &fuzz = fuzzed ? model["fuzzing"]["by_component"] : empty;
  for (const auto &comp_json : model["components"]) {
    const std::string comp = comp_json;
    std::vector<const json *> cases;
    if (model.contains("benchmarks")) {
      for (const auto &k : model["benchmarks"]["cases"]) {
        if (k["component"] == comp) cases.push_back(&k);
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
        for (int k = 0; k < 5; k++) row.push_back({"-"});
      } else {
        const json &k = *cases[i];
        row.push_back({k["case"].get<std::string>() + " " + format_size(k["size"].get<int64_t>())});
        const json *c = impl_result(k, "c"), *r = impl_result(k, "rust");
        number(c ? mbps_text((*c)["median_mbps"]) : "-");
        number(r ? mbps_text((*r)["median_mbps"]) : "-");
        number(k.contains("rust_vs_c") ? ratio_text(k["rust_vs_c"]["ratio"]) : "-");
        row.push_back(
            {k.contains("rust_vs_c") ? k["rust_vs_c"]["verdict"].get<std::string>() : "-"});
      }
      spanning(fuzzed ? crash_cell(counts, comp, "c") : "not fuzzed");
      spanning(fuzzed ? crash_cell(counts, comp, "rust") : "not fuzzed");
      spanning(fuzzed ? crash_cell(counts, comp, "both") : "not fuzzed");
      spanning(fuzz_cell(fuzz, comp, "c", "execs") + " / " + fuzz_cell(fuzz, comp, "rust", "execs"),
               true);
      spanning(fuzz_cell(fuzz, comp, "c", "cov") + " / " + fuzz_cell(fuzz, comp, "rust", "cov"),
               true);
      t.rows.push_back(std::move(row));
    }
  }
  return t;
}

// Per component and fuzz target: how much fuzzing stands behind the crash counts.
Table fuzzing_table(const json &model) {
  Table t{{"Target", "Runs", "Executions", "Exec/s", "Seconds", "Final cov (median, min-max)"}, {}};
  for (const auto &[comp, impls] : model["fuzzing"]["by_component"].items()) {
    for (const char *impl : {"c", "rust", "diff"}) {
      if (!impls.contains(impl)) continue;
      const auto &s = impls[impl];
      t.rows.push_back(
          {{fmt::format("fuzz_{}_{}", comp, impl)},
           {std::to_string(s["runs"].get<int>()), 1, false, true},
           {grouped(s["execs"].get<int64_t>()), 1, false, true},
           {fmt::format("{:.0f}", s["execs_per_second"].get<double>()), 1, false, true},
           {fmt::format("{:.0f}", s["seconds"].get<double>()), 1, false, true},
           {fmt::format("{} ({}-{})", s["final_cov_median"].get<int64_t>(),
                        s["final_cov_min"].get<int64_t>(), s["final_cov_max"].get<int64_t>()),
            1, false, true}});
    }
  }
  return t;
}

// Every benchmark case and implementation, baselines included.
Table bench_table(const json &model) {
  Table t{{"Case", "Implementation", "Median MB/s", "95% CI", "Repetitions", "CV",
           "vs C: ratio, p (U test)"},
          {}};
  for (const auto &k : model["benchmarks"]["cases"]) {
    const json *c = impl_result(k, "c");
    for (const auto &i : k["impls"]) {
      const auto &m = i["median_mbps"];
      std::string vs_c = "-";
      if (i["impl"] == "rust" && k.contains("rust_vs_c")) {
        vs_c = fmt::format("{:.3f}, p {}", k["rust_vs_c"]["ratio"]["value"].get<double>(),
                           p_text(k["rust_vs_c"]["p"].get<double>()));
      } else if (i["impl"] != "c" && c) {
        vs_c = fmt::format("{:.3f}",
                           m["value"].get<double>() / (*c)["median_mbps"]["value"].get<double>());
      }
      t.rows.push_back(
          {{k["label"].get<std::string>()},
           {i["impl"].get<std::string>()},
           {fmt::format("{:.0f}", m["value"].get<double>())},
           {fmt::format("[{:.0f}, {:.0f}]", m["low"].get<double>(), m["high"].get<double>())},
           {std::to_string(i["repetitions"].get<int>())},
           {fmt::format("{:.1f}%", 100 * i["cv"].get<double>())},
           {vs_c}});
    }
  }
  return t;
}

svg::Series impl_series(const std::string &impl, size_t baseline_index) {
  if (impl == "c") return c_series;
  if (impl == "rust") return rust_series;
  return {impl + " (baseline)", baseline_colors[baseline_index % 4]};
}

std::vector<Chart> charts(const json &model) {
  std::vector<Chart> out;
  if (model.contains("benchmarks")) {
    for (const auto &comp : model["components"]) {
      std::vector<std::string> impls; // c, rust, then baselines in order of appearance
      for (const auto &k : model["benchmarks"]["cases"]) {
        if (k["component"] != comp) continue;
        for (const auto &i : k["impls"]) {
          const std::string impl = i["impl"];
          if (std::find(impls.begin(), impls.end(), impl) == impls.end()) impls.push_back(impl);
        }
      }
      if (impls.empty()) continue;
      std::vector<svg::Series> series;
      for (size_t i = 0; i < impls.size(); i++) series.push_back(impl_series(impls[i], i));
      std::vector<svg::BarGroup> groups;
      for (const auto &k : model["benchmarks"]["cases"]) {
        if (k["component"] != comp) continue;
        svg::BarGroup g{k["case"].get<std::string>() + " " + format_size(k["size"].get<int64_t>()),
                        {}};
        for (const auto &impl : impls) {
          const json *r = impl_result(k, impl);
          if (!r) {
            g.values.push_back(std::nullopt);
            continue;
          }
          const auto &m = (*r)["median_mbps"];
          g.values.push_back(
              svg::BarValue{m["value"].get<double>(),
                            std::pair{m["low"].get<double>(), m["high"].get<double>()}});
        }
        groups.push_back(std::move(g));
      }
      out.push_back(
          {fmt::format("Throughput, {}", comp.get<std::string>()),
           svg::bar_chart(fmt::format("Throughput, {} (MB/s, median)", comp.get<std::string>()),
                          series, groups, "MB/s (10^6 bytes of input per second)"),
           "Bars: median of the repetitions; whiskers: 95% bootstrap interval."});
    }
  }
  if (model.contains("fuzzing")) {
    std::map<std::string, std::map<std::string, int>> by_class; // class -> owner -> n
    for (const auto &c : model["crashes"]) by_class[c["class"]][c["side"]]++;
    std::vector<svg::BarGroup> groups;
    for (const auto &[klass, owners] : by_class) {
      svg::BarGroup g{klass, {}};
      for (const char *owner : {"c", "rust", "both"}) {
        auto it = owners.find(owner);
        g.values.push_back(svg::BarValue{it == owners.end() ? 0.0 : it->second, std::nullopt});
      }
      groups.push_back(std::move(g));
    }
    out.push_back({"Unique crashes by class",
                   groups.empty() ? ""
                                  : svg::bar_chart("Unique crashes by class",
                                                   {c_series, rust_series, diff_series}, groups,
                                                   "unique crashes", true),
                   groups.empty() ? "Unique crashes by class: none; no crash was found in this "
                                    "campaign."
                                  : "Deduplicated crashes (one per signature) by class and twin."});
    for (const auto &comp : model["components"]) {
      std::vector<svg::Line> lines;
      for (const auto &s : model["fuzzing"]["coverage_series"]) {
        if (s["component"] != comp) continue;
        const std::string impl = s["impl"];
        svg::Line l{impl == "c" ? 0u : impl == "rust" ? 1u : 2u, {}};
        for (const auto &p : s["points"])
          l.points.push_back({p[0].get<double>(), p[1].get<double>()});
        lines.push_back(std::move(l));
      }
      if (lines.empty()) continue;
      out.push_back({fmt::format("Coverage over time, {}", comp.get<std::string>()),
                     svg::line_chart(fmt::format("Coverage over time, {}", comp.get<std::string>()),
                                     {c_series, rust_series, diff_series}, lines,
                                     "seconds of fuzzing", "libFuzzer cov"),
                     "One line per run. Coverage counts are not comparable between the C and "
                     "Rust binaries (different instrumentation): read each twin's curve for "
                     "growth and plateau."});
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
@page { size: A4 landscape; margin: 12mm; }
@media print { body { margin: 0; max-width: none; font-size: 10.5px; } table { font-size: 10px; } h2 { break-after: avoid; }
  tr, figure, article.crash { break-inside: avoid; } }
)css";

std::string html_table(const Table &t) {
  std::string out = "<table><thead><tr>";
  for (const auto &h : t.header) out += "<th>" + html_escape(h) + "</th>";
  out += "</tr></thead><tbody>";
  for (const auto &row : t.rows) {
    out += "<tr>";
    for (const auto &cell : row) {
      if (cell.covered) continue;
      out += fmt::format("<td{}{}>{}</td>",
                         cell.rowspan > 1 ? fmt::format(" rowspan=\"{}\"", cell.rowspan) : "",
                         cell.number ? " class=\"num\"" : "", html_escape(cell.text));
    }
    out += "</tr>";
  }
  return out + "</tbody></table>";
}

std::string env_text(const json &env) {
  return fmt::format("{} ({} cores), {}; {}; {}; {}", env["cpu"].get<std::string>(),
                     env["cores"].get<int>(), env["kernel"].get<std::string>(),
                     env["clang"].get<std::string>(), env["rustc_stable"].get<std::string>(),
                     env["rustc_nightly"].get<std::string>());
}

const json &primary_environment(const json &model) {
  return model.contains("fuzzing") ? model["fuzzing"]["campaign"]["environment"]
                                   : model["benchmarks"]["run"]["environment"];
}

// The methodology as (heading, paragraphs) so both renderers say the same words.
std::vector<std::pair<std::string, std::vector<std::string>>> methodology(const json &model) {
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  if (model.contains("fuzzing")) {
    const auto &c = model["fuzzing"]["campaign"];
    const auto &build = c["environment"]["build"];
    out.push_back(
        {"Fuzzing",
         {fmt::format("libFuzzer (clang-19), one process per target and trial: {} trial(s) of "
                      "{:g} s per target, {} at a time; per-input timeout {:g} s, memory limit "
                      "{} MB; corpus seeded from corpora/<component>/seeds with the component's "
                      "dictionary; a fixed -seed per run. A crash does not end a run: the runner "
                      "restarts libFuzzer with the remaining budget.",
                      c["trials"].get<int>(), c["budget_seconds"].get<double>(),
                      c["jobs"].get<int>(), c["timeout_seconds"].get<double>(),
                      c["rss_limit_mb"].get<int64_t>()),
          fmt::format("Targets per component: fuzz_<component>_c and _rust check each twin "
                      "against the spec's invariants; _diff runs both twins on every input and "
                      "reports any difference as a divergence. C flags: {}. Rust flags: {} "
                      "(toolchain {}, AddressSanitizer in Rust: {}).",
                      build.value("c_flags", "?"), build.value("rustflags", "?"),
                      build.value("rust_toolchain", "?"),
                      build.value("rust_asan", false) ? "yes" : "no"),
          "Triage: every artifact is re-run three times with the symbolizer; classified by "
          "sanitizer report (ASan type and access, UBSan check, Rust panic site, stack "
          "overflow, timeout, OOM, leak, divergence, spec violation); deduplicated on crash "
          "type plus the top three frames in project code; minimised with -minimize_crash."}});
  }
  if (model.contains("benchmarks")) {
    const auto &r = model["benchmarks"]["run"];
    const auto &build = r["environment"]["build"];
    out.push_back(
        {"Benchmarks",
         {fmt::format("Google Benchmark, one binary holding both twins and the baselines; {} "
                      "repetitions of at least {:g} s per case, repetitions of all cases randomly "
                      "interleaved{}. Throughput is MB/s: 10^6 bytes of input consumed per "
                      "second. Every implementation's output is checked before it is timed.",
                      r["repetitions"].get<int>(), r["min_time"].get<double>(),
                      r["pin"].get<int>() >= 0
                          ? fmt::format(", pinned to CPU {}", r["pin"].get<int>())
                          : ""),
          fmt::format("Build: C {}; Rust {} ({}, release, lto, codegen-units=1, panic=abort).",
                      build.value("c_flags", "?"), build.value("rustflags", "?"),
                      build.value("rust_toolchain", "?")),
          "Statistics: the median of the repetitions with a 95% percentile bootstrap interval "
          "(10 000 resamples, fixed seed, so the same store gives the same report); the Rust/C "
          "ratio of medians with a 95% bootstrap interval (C and Rust resampled independently); "
          "a two-sided Mann-Whitney U test on throughput (exact without ties for up to 60 "
          "repetitions, normal approximation with tie and continuity corrections otherwise). "
          "Verdict: \"Rust faster\" or \"C faster\" when p < 0.05 and the ratio differs from 1 "
          "by at least 2%; otherwise \"no significant difference\"."}});
  }
  return out;
}

std::string render_crash_html(const json &c) {
  std::string out = fmt::format(
      "<article class=\"crash\" id=\"crash-{}\"><h3>Crash {}: {} — {}</h3><dl>",
      c["id"].get<int64_t>(), c["id"].get<int64_t>(), html_escape(c["class"].get<std::string>()),
      html_escape(c["type"].get<std::string>()));
  auto field = [&](const std::string &name, const std::string &value, bool code = false) {
    out += fmt::format("<dt>{}</dt><dd>{}{}{}</dd>", html_escape(name), code ? "<code>" : "",
                       html_escape(value), code ? "</code>" : "");
  };
  field("component, twin", c["component"].get<std::string>() + ", " + c["side"].get<std::string>());
  field("signature", c["signature"].get<std::string>(), true);
  field("top frames",
        fmt::format("{}", fmt::join(c["frames"].get<std::vector<std::string>>(), " ← ")), true);
  std::string first = c["first_seen"].get<std::string>();
  if (c.contains("first_seen_elapsed_seconds")) {
    first += fmt::format(" ({:.0f} s into {})", c["first_seen_elapsed_seconds"].get<double>(),
                         c["first_seen_by"].get<std::string>());
  }
  field("first seen", first);
  field("times seen", std::to_string(c["count"].get<int64_t>()));
  field("reproduced", fmt::format("{:.0f}% of tries", 100 * c["reliability"].get<double>()));
  field("reproduce", c["reproduce"].get<std::string>(), true);
  field("or directly", c["reproduce_direct"].get<std::string>(), true);
  field(c["input_minimized"].get<bool>() ? "minimised input" : "input",
        fmt::format("{} bytes{}", c["input_size"].get<int64_t>(),
                    c["input_dump_cut"].get<bool>() ? " (dump shows the first 4096)" : ""));
  out += "</dl><pre>" + html_escape(c["input_dump"].get<std::string>()) + "</pre></article>";
  return out;
}

} // namespace

std::string render_html(const nlohmann::json &model) {
  const auto &env = primary_environment(model);
  std::string out = fmt::format(
      "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'\"><meta name=\"viewport\" content=\"width=device-width\">"
      "<title>{0}</title><style>{1}</style></head><body><header><h1>{0}</h1>"
      "<p class=\"meta\">Generated {2} from <code>{3}</code> · revision <code>{4}</code>{5}<br>"
      "{6}</p></header>",
      html_escape(model["title"].get<std::string>()), css,
      html_escape(model["generated"].get<std::string>()),
      html_escape(model["store"].get<std::string>()),
      html_escape(model["git_revision"].get<std::string>()),
      model["git_dirty"].get<bool>() ? " (with uncommitted changes)" : "",
      html_escape(env_text(env)));

  out += "<section id=\"summary\"><h2>Summary</h2><ul>";
  for (const auto &s : model["summary"])
    out += "<li>" + html_escape(s.get<std::string>()) + "</li>";
  out += "</ul></section>";

  out += "<section id=\"main\"><h2>Crashes beside throughput</h2>" + html_table(main_table(model)) +
         "<p class=\"meta\">Crashes are unique (deduplicated) crashes by class; divergences are "
         "inputs on which the twins disagreed. Execs: executions over all trials; final cov: "
         "median over trials of libFuzzer's last cov figure.</p>";
  if (model.contains("fuzzing")) {
    out += "<h3>Fuzzing behind the crash counts</h3>" + html_table(fuzzing_table(model));
  }
  out += "</section>";

  out += "<section id=\"charts\"><h2>Charts</h2>";
  for (const auto &chart : charts(model)) {
    out += "<figure>" + chart.svg + "<figcaption>" + html_escape(chart.caption) +
           "</figcaption></figure>";
  }
  out += "</section>";

  if (model.contains("benchmarks")) {
    out += "<section id=\"benchmarks\"><h2>Every benchmark case</h2>" +
           html_table(bench_table(model)) + "</section>";
  }

  out += "<section id=\"crashes\"><h2>Crash appendix</h2>";
  if (model["crashes"].empty()) out += "<p>No crash was found.</p>";
  for (const auto &c : model["crashes"]) out += render_crash_html(c);
  out += "</section>";

  out += "<section id=\"methodology\"><h2>Methodology</h2>";
  for (const auto &[heading, paragraphs] : methodology(model)) {
    out += "<h3>" + html_escape(heading) + "</h3>";
    for (const auto &p : paragraphs) out += "<p>" + html_escape(p) + "</p>";
  }
  out += "<h3>Threats to validity</h3><ul>";
  for (const auto &t : model["threats"])
    out += "<li>" + html_escape(t.get<std::string>()) + "</li>";
  out += "</ul></section>";

  out += "<section id=\"reproduce\"><h2>Reproduce this report</h2><p>From a clone of the "
         "repository, with a store that does not hold these run names yet:</p><pre>";
  for (const auto &cmd : model["reproduce"]) out += html_escape(cmd.get<std::string>()) + "\n";
  out += "</pre></section></body></html>\n";
  return out;
}

// --- Markdown ------------------------------------------------------------------------------

namespace {

std::string markdown_table(const Table &t) {
  std::string out = "|";
  for (const auto &h : t.header) out += " " + markdown_escape(h) + " |";
  out += "\n|";
  for (size_t i = 0; i < t.header.size(); i++) out += "---|";
  out += "\n";
  for (const auto &row : t.rows) {
    out += "|";
    for (const auto &cell : row)
      out += " " + (cell.covered ? "" : markdown_escape(cell.text)) + " |";
    out += "\n";
  }
  return out;
}

} // namespace

std::string render_markdown(const nlohmann::json &model) {
  const auto &env = primary_environment(model);
  std::string out = fmt::format("# {}\n\nGenerated {} from {} · revision {}{}  \n{}\n\n",
                                markdown_escape(model["title"].get<std::string>()),
                                markdown_escape(model["generated"].get<std::string>()),
                                markdown_escape(model["store"].get<std::string>()),
                                markdown_escape(model["git_revision"].get<std::string>()),
                                model["git_dirty"].get<bool>() ? " (with uncommitted changes)" : "",
                                markdown_escape(env_text(env)));
  out += "## Summary\n\n";
  for (const auto &s : model["summary"]) out += "- " + markdown_escape(s.get<std::string>()) + "\n";
  out += "\n## Crashes beside throughput\n\n" + markdown_table(main_table(model)) + "\n";
  if (model.contains("fuzzing")) {
    out += "### Fuzzing behind the crash counts\n\n" + markdown_table(fuzzing_table(model)) + "\n";
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
  if (model.contains("benchmarks")) {
    out += "## Every benchmark case\n\n" + markdown_table(bench_table(model)) + "\n";
  }
  out += "## Crash appendix\n\n";
  if (model["crashes"].empty()) out += "No crash was found.\n\n";
  for (const auto &c : model["crashes"]) {
    out += fmt::format("### Crash {}: {} — {}\n\n", c["id"].get<int64_t>(),
                       markdown_escape(c["class"].get<std::string>()),
                       markdown_escape(c["type"].get<std::string>()));
    out += fmt::format("- component, twin: {}, {}\n- signature: {}\n- first seen: {}\n"
                       "- times seen: {}, reproduced {:.0f}% of tries\n",
                       markdown_escape(c["component"].get<std::string>()),
                       markdown_escape(c["side"].get<std::string>()),
                       markdown_escape(c["signature"].get<std::string>()),
                       markdown_escape(c["first_seen"].get<std::string>()),
                       c["count"].get<int64_t>(), 100 * c["reliability"].get<double>());
    out += fmt::format("- {} ({} bytes{}):\n\n```text\n{}```\n\n```sh\n{}\n{}\n```\n\n",
                       c["input_minimized"].get<bool>() ? "minimised input" : "input",
                       c["input_size"].get<int64_t>(),
                       c["input_dump_cut"].get<bool>() ? ", first 4096 shown" : "",
                       c["input_dump"].get<std::string>(), c["reproduce"].get<std::string>(),
                       c["reproduce_direct"].get<std::string>());
  }
  out += "## Methodology\n\n";
  for (const auto &[heading, paragraphs] : methodology(model)) {
    out += "### " + markdown_escape(heading) + "\n\n";
    for (const auto &p : paragraphs) out += markdown_escape(p) + "\n\n";
  }
  out += "### Threats to validity\n\n";
  for (const auto &t : model["threats"]) out += "- " + markdown_escape(t.get<std::string>()) + "\n";
  out += "\n## Reproduce this report\n\nFrom a clone of the repository, with a store that does "
         "not hold these run names yet:\n\n```sh\n";
  for (const auto &cmd : model["reproduce"]) out += cmd.get<std::string>() + "\n";
  out += "```\n";
  return out;
}

// The charts as standalone files, for the Markdown report (chart-1.svg, ...).
std::vector<std::string> chart_files(const nlohmann::json &model) {
  std::vector<std::string> out;
  for (const auto &chart : charts(model)) {
    if (chart.svg.empty()) continue;
    out.push_back("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + chart.svg + "\n");
  }
  return out;
}

} // namespace twinbench::cli
