// The seeded bugs one by one (each an article: what the mistake is, each side's campaign and
// release facts, the commands, rustc's message) and the code census beside them.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "report/report.h"
#include "report/report_text.h"
#include "report/sections.h"

namespace twinbench::cli {
namespace {

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
    "unsafe except spsc (one module: two threads share the slots) and the builds of the seeded "
    "bugs that are unsafe shortcuts (switched off, so not counted); the C ABI glue needs it to "
    "take C's pointers.";

// One side's facts: its campaign trials, how they ended, its release build.
void add_side(std::vector<doc::Block> &blocks, const ReportModel &model, const BugSide &s) {
  const bool campaign_only = s.impl.ends_with("+int"); // its release build is C's
  doc::add(blocks, doc::Heading{fmt::format("{} ({})", side_name(s), s.impl), "", 4});
  doc::Definitions facts;
  auto fact = [&](std::string term, std::string text, bool code = false) {
    facts.entries.push_back({std::move(term), std::move(text), code, {}});
  };
  if (!s.expected.empty()) fact("expected when fuzzed", s.expected, true);
  if (s.refused_by_rustc()) {
    fact("built", "no: rustc refused it (" + s.outcome_detail + ")");
  } else if (s.trials > 0) {
    fact("trials",
         fmt::format("{} finished: {} reached the bug's site, {} triggered it, {} detected it{}{}",
                     s.trials, s.reached, s.triggered, s.detected,
                     s.unattributed ? fmt::format(" ({} stopped by a finding whose input did "
                                                  "not trigger it)",
                                                  s.unattributed)
                                    : "",
                     s.untriaged
                         ? fmt::format("; {} more ended at a finding not yet triaged", s.untriaged)
                         : ""));
    fact("detected by", s.detected_by.empty() ? "-" : s.detected_by);
    fact("time to detection", median_text(s, model.ground_truth->campaign->budget_seconds));
    if (s.rmst) {
      fact("restricted mean time",
           fmt::format("{} [{}, {}] up to the budget of {}", seconds_text(s.rmst->value),
                       seconds_text(s.rmst->low), seconds_text(s.rmst->high),
                       seconds_text(s.rmst->horizon)));
    }
    if (s.exec_survival) fact("executions to detection", median_execs_text(s));
    if (!s.incidence.empty()) {
      const auto &last = s.incidence.back();
      fact("with unrelated findings competing",
           fmt::format("{:.0f}% of trials detected it and {:.0f}% ended at an unrelated finding "
                       "by {} (Aalen-Johansen cumulative incidence; 1 - Kaplan-Meier, which "
                       "censors those trials, says {:.0f}%)",
                       100 * last.detected, 100 * last.unrelated, seconds_text(last.seconds),
                       100 * (1 - (s.survival && !s.survival->steps.empty()
                                       ? s.survival->steps.back().survival
                                       : 1.0))));
    }
    if (!s.crash_ids.empty()) {
      doc::Definition reports{"sanitizer reports", "", false, {}};
      for (int64_t id : s.crash_ids) {
        reports.links.push_back({fmt::format("crash {}", id), crash_report_link(model, id)});
      }
      facts.entries.push_back(std::move(reports));
    }
  }
  if (campaign_only) {
    if (s.trials == 0) fact("trials", "not run");
    doc::add(blocks, std::move(facts));
    return;
  }
  fact("release build",
       outcome_words(s) + (s.outcome_detail.empty() ? "" : ": " + s.outcome_detail));
  if (!s.memcheck.empty()) fact("valgrind memcheck", s.memcheck);
  if (!s.release_command.empty()) fact("release replay", s.release_command, true);
  doc::add(blocks, std::move(facts));
  if (!s.diagnostic.empty()) doc::add(blocks, doc::Code{s.diagnostic, "text"});
}

// A campaign of several engines: each bug's build in each language, detected in how many trials
// and how soon, engine beside engine (each engine's own trials; the first engine's are also the
// articles' below).
Table engines_table(const GroundTruth &truth) {
  Table t{{"Bug", "Language"}, {}};
  for (const auto &engine : truth.campaign->engines) {
    t.header.push_back(engine.method.title + " detected");
    t.header.push_back(engine.method.title + " median time [95% CI]");
  }
  t.header.push_back("C vs Rust, each engine (log-rank p)");
  for (const auto &e : truth.bugs) {
    if (e.by_engine.empty()) continue;
    for (const char *language : {"c", "rust"}) {
      const bool c = std::string(language) == "c";
      TableRow row{{c ? e.id : "", 1, false, false, c ? "#bug-" + e.id : ""}, {c ? "C" : "Rust"}};
      bool fuzzed = false;
      std::vector<std::string> tests;
      for (const auto &d : e.by_engine) {
        const BugSide &side = c ? d.c : d.rust;
        fuzzed |= side.trials > 0;
        row.push_back(
            {side.trials ? fmt::format("{}/{}", side.detected, side.trials) : "-", 1, false, true});
        row.push_back({side.trials ? median_text(side, truth.campaign->budget_seconds) : "-"});
        if (d.c_vs_rust) tests.push_back(fmt::format("{} {}", d.title, p_text(d.c_vs_rust->p)));
      }
      row.push_back({c ? (tests.empty() ? "-" : fmt::format("{}", fmt::join(tests, "; "))) : ""});
      if (fuzzed) t.rows.push_back(std::move(row));
    }
  }
  return t;
}

doc::Article bug_article(const ReportModel &model, const BugEvidence &e) {
  doc::Article a{"bug-" + e.id, e.id + ": " + e.title, {}};
  doc::add(a.blocks, doc::Paragraph{e.description, false});
  doc::Definitions facts;
  facts.entries = {
      {"class", e.bug_class, false, {}},
      {"spec clause", e.clause, false, {}},
      {"description", "", false, {{"docs/bugs.md", model.root_link + "/docs/bugs.md#" + e.id}}},
      {"witness", "", false, {{e.witness, model.root_link + "/" + e.witness}}},
      {"sanitized run", e.witness_command, true, {}},
      {"release run", "scripts/twinbench consequences " + e.id, true, {}}};
  if (!e.fuzz_command.empty()) facts.entries.push_back({"campaign", e.fuzz_command, true, {}});
  if (e.c_vs_rust) {
    facts.entries.push_back({"C vs Rust",
                             fmt::format("log-rank χ² = {:.2f}, p = {}", e.c_vs_rust->chi_square,
                                         p_text(e.c_vs_rust->p)),
                             false,
                             {}});
  }
  doc::add(a.blocks, std::move(facts));
  for (const BugSide *side : {&e.c, &e.c_int, &e.rust}) add_side(a.blocks, model, *side);
  return a;
}

} // namespace

namespace sections {

std::optional<doc::Section> code(const ReportModel &model) {
  if (model.code.empty()) return std::nullopt;
  doc::Section s{"code", "Code: size and unsafe", {}};
  doc::add(s.blocks, doc::TableBlock{code_table(model.code), false});
  doc::add(s.blocks, doc::Paragraph{code_caption, true});
  return s;
}

std::optional<doc::Section> bugs(const ReportModel &model) {
  if (!model.ground_truth) return std::nullopt;
  doc::Section s{"bugs", "Seeded bugs, one by one", {}};
  const GroundTruth &truth = *model.ground_truth;
  if (truth.campaign && truth.campaign->engines.size() > 1) {
    doc::add(s.blocks, doc::Heading{"Detection by engine", "bugs-by-engine", 3});
    doc::add(s.blocks, doc::TableBlock{engines_table(truth), false});
    doc::add(s.blocks,
             doc::Paragraph{fmt::format("Campaign {}: each engine fuzzed the bug builds its preset "
                                        "makes (AFL++'s has no integer sanitizers, "
                                        "ThreadSanitizer or leak check) with the same seeds, "
                                        "dictionary, budget and trials; each engine's trials "
                                        "are summarised on their own (Kaplan-Meier median, as "
                                        "below; \"-\" where it did not fuzz the build). The "
                                        "articles below give the first engine's ({}) trials.",
                                        truth.campaign->name,
                                        truth.campaign->engines.at(0).method.title),
                            true});
  }
  for (const auto &e : model.ground_truth->bugs) doc::add(s.blocks, bug_article(model, e));
  return s;
}

} // namespace sections
} // namespace twinbench::cli
