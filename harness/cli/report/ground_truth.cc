// The report's safety half: every seeded bug, its release outcome on each side (the latest
// `twinbench consequences` run) and how the ground-truth campaign (`twinbench fuzz --bugs`)
// detected it, with the time to detection as survival statistics.
#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <tuple>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "bench/stats.h"
#include "bugs/consequences.h"
#include "report/report.h"
#include "report/report_text.h"

namespace twinbench::cli {
namespace {

using json = nlohmann::json;

// A trial is an event when its first finding's input triggered the bug; a finding that did not
// (a bug build crashing elsewhere) stops the trial without detecting this bug: censored there.
// A finding not yet triaged is neither: whether it was this bug is unknown until it is.
bool untriaged(const RunRow &r) { return r.detected_seconds && r.detected_by.empty(); }
bool attributed(const RunRow &r) {
  return r.detected_seconds && !untriaged(r) &&
         r.detected_by.find("canary did not trigger") == std::string::npos;
}

void add_runs(BugSide &side, const std::vector<const RunRow *> &runs, double budget_seconds) {
  std::map<std::string, int> by;
  bool counted = true; // every trial has its executions to detection (or is censored)
  for (const RunRow *r : runs) {
    if (r->status != "done") continue; // an unfinished trial is neither event nor censored yet
    if (untriaged(*r)) {
      side.untriaged++;
      continue;
    }
    side.trials++;
    side.reached += r->reached_seconds.has_value();
    side.triggered += r->triggered_seconds.has_value();
    if (attributed(*r)) {
      side.detected++;
      by[r->detected_by]++;
      side.times.push_back({*r->detected_seconds, true});
      counted = counted && r->detected_execs.has_value();
      if (r->detected_execs) side.execs.push_back({static_cast<double>(*r->detected_execs), true});
    } else {
      side.unattributed += r->detected_seconds.has_value();
      side.censored_at_budget += !r->detected_seconds.has_value();
      side.times.push_back({r->detected_seconds.value_or(r->elapsed_seconds), false});
      const auto at = r->detected_seconds ? r->detected_execs : std::optional<int64_t>(r->execs);
      counted = counted && at.has_value();
      if (at) side.execs.push_back({static_cast<double>(*at), false});
    }
  }
  for (const auto &[text, n] : by) {
    if (n > side.detected_by_count) side.detected_by = text, side.detected_by_count = n;
  }
  if (side.unattributed > 0) {
    std::vector<stats::CompetingTrial> endings;
    for (const RunRow *r : runs) {
      if (r->status != "done" || untriaged(*r)) continue;
      const auto ending = attributed(*r)        ? stats::Ending::detected
                          : r->detected_seconds ? stats::Ending::unrelated
                                                : stats::Ending::censored;
      endings.push_back({r->detected_seconds.value_or(r->elapsed_seconds), ending});
    }
    side.incidence = stats::cumulative_incidence(endings);
  }
  if (!side.times.empty()) {
    side.survival = stats::kaplan_meier(side.times);
    side.rmst = stats::restricted_mean(*side.survival, budget_seconds);
  }
  if (!counted) side.execs.clear();
  if (!side.execs.empty()) side.exec_survival = stats::kaplan_meier(side.execs);
}

size_t class_rank(const std::string &bug_class) {
  return static_cast<size_t>(std::find(kBugClasses.begin(), kBugClasses.end(), bug_class) -
                             kBugClasses.begin());
}

bool silent(const std::string &outcome) {
  return outcome == "memory-corruption" || outcome == "data-leak";
}

std::string count_of(int n, const char *one, const char *many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

} // namespace

namespace {

IntegerSanitizerConfig integer_sanitizer_config(const Project &project) {
  IntegerSanitizerConfig config;
  std::ifstream supp(project.root / "harness" / "fuzz" / "integer_sanitizer.supp");
  for (std::string line; std::getline(supp, line);) {
    if (!line.empty() && line[0] != '#') config.suppressions.push_back(line);
  }
  // The flags one of its bug libraries was compiled with (tb_<comp>_c_bug_<id>_int).
  std::ifstream commands(project.root / "build" / "fuzz" / "compile_commands.json");
  const json all = json::parse(commands, nullptr, false);
  if (!all.is_array()) return config;
  static const std::regex int_object("_c_bug_[a-z0-9_]+_int\\.dir/");
  // Only what this configuration adds to the C fuzz build's flags.
  static const std::regex sanitize("-fsanitize(-recover)?=[a-z,-]*(integer|conversion)[a-z,-]*");
  for (const auto &entry : all) {
    if (!entry.is_object() || !entry.contains("command") || !entry["command"].is_string()) continue;
    const std::string command = entry["command"].get<std::string>();
    if (!std::regex_search(command, int_object)) continue;
    std::vector<std::string> flags;
    for (std::sregex_iterator it(command.begin(), command.end(), sanitize), end; it != end; ++it) {
      flags.push_back(it->str());
    }
    config.flags = fmt::format("{}", fmt::join(flags, " "));
    break;
  }
  return config;
}

} // namespace

GroundTruth ground_truth(const Project &project, Store &store,
                         const std::optional<CampaignRow> &campaign) {
  GroundTruth truth;
  truth.integer_config = integer_sanitizer_config(project);
  std::map<std::pair<std::string, std::string>, ConsequenceRow> release; // (bug, side)
  if (auto run = store.latest_consequence_run()) {
    truth.consequences_run = run->name;
    truth.consequences_created = run->created;
    for (auto &r : store.consequences(run->id)) release[{r.bug, r.side}] = r;
  }
  // (bug, impl, engine) -> its trials
  std::map<std::tuple<std::string, std::string, std::string>, std::vector<const RunRow *>> runs;
  std::vector<RunRow> rows;
  std::map<int64_t, std::set<int64_t>> crashes_of_run;
  if (campaign) {
    truth.campaign = campaign_facts(store, *campaign);
    rows = store.runs(campaign->id);
    for (const auto &a : store.artifacts(campaign->id)) {
      if (a.crash_id) crashes_of_run[a.run_id].insert(*a.crash_id);
    }
  }
  for (const auto &r : rows) {
    runs[{r.bug, r.impl, r.engine}].push_back(&r);
    truth.runs++;
    truth.finished_runs += r.status == "done";
  }

  for (const auto &bug : project.bugs) {
    BugEvidence e;
    e.id = bug.id;
    e.component = bug.component;
    e.bug_class = bug.bug_class;
    e.cwe = bug.cwe;
    e.rust_unsafe = bug.rust_unsafe;
    e.unsafe_for = bug.unsafe_for;
    e.title = bug.title;
    e.clause = bug.clause;
    e.description = bug.description;
    e.witness = fs::relative(bug.witness, project.root).string();
    e.witness_command = "scripts/twinbench witness " + bug.id;
    if (truth.campaign) {
      e.fuzz_command = fmt::format("scripts/twinbench fuzz --bugs {}{} --trials {} --time {}s "
                                   "--timeout {} --rss-limit-mb {}",
                                   bug.id, engine_option(*truth.campaign), truth.campaign->trials,
                                   truth.campaign->budget_seconds, truth.campaign->timeout_seconds,
                                   truth.campaign->rss_limit_mb);
    }
    // A side's campaign runs with an engine (the first by default) and the crashes they found.
    auto add_campaign = [&](BugSide &side, const std::string &engine = "") {
      if (!truth.campaign) return;
      auto it = runs.find(
          {bug.id, side.impl, engine.empty() ? truth.campaign->engines.at(0).name : engine});
      if (it == runs.end()) return;
      add_runs(side, it->second, truth.campaign->budget_seconds);
      for (const RunRow *r : it->second) {
        for (int64_t id : crashes_of_run[r->id]) {
          if (std::find(side.crash_ids.begin(), side.crash_ids.end(), id) == side.crash_ids.end()) {
            side.crash_ids.push_back(id);
          }
        }
      }
    };
    for (const auto &language : {"c", "rust"}) {
      BugSide &side = std::string(language) == "c" ? e.c : e.rust;
      side.language = language;
      side.impl = project.twin(bug.component, language);
      const Expectation &expected = side.language == "c" ? bug.c : bug.rust;
      side.expected = expected.text;
      add_campaign(side);
      if (auto it = release.find({bug.id, side.language}); it != release.end()) {
        side.outcome = it->second.outcome;
        side.outcome_detail = it->second.detail;
        side.memcheck = it->second.memcheck;
        side.diagnostic = it->second.diagnostic;
        side.release_command = it->second.command;
        if (side.language == "rust") side.verdict = rust_verdict(bug, side.outcome);
      }
    }
    // The C twin's integer-sanitizer configuration: only its campaign side (its release build
    // is the C one).
    e.c_int.language = "c";
    e.c_int.impl = e.c.impl + "+int";
    add_campaign(e.c_int);
    if (truth.campaign && truth.campaign->engines.size() > 1) {
      for (const auto &engine : truth.campaign->engines) {
        EngineDetection d{engine.name, engine.method.title, {}, {}, {}};
        for (BugSide *side : {&d.c, &d.rust}) {
          side->language = side == &d.c ? "c" : "rust";
          side->impl = side == &d.c ? e.c.impl : e.rust.impl;
          add_campaign(*side, engine.name);
        }
        if (!d.c.times.empty() && !d.rust.times.empty())
          d.c_vs_rust = stats::log_rank(d.c.times, d.rust.times);
        e.by_engine.push_back(std::move(d));
      }
    }
    if (!e.c.times.empty() && !e.rust.times.empty()) {
      e.c_vs_rust = stats::log_rank(e.c.times, e.rust.times);
      // A12 of the times themselves is defined when every undetected trial ran to the budget
      // (it then counts as the budget, a tie among the undetected); an earlier censoring would
      // make its time a guess.
      const double budget = truth.campaign->budget_seconds;
      auto to_budget = [&](const BugSide &side, std::vector<double> &out) {
        for (const auto &t : side.times) {
          if (!t.detected && t.seconds < budget - 1) return false;
          out.push_back(t.detected ? t.seconds : budget);
        }
        return true;
      };
      std::vector<double> c_times, rust_times;
      if (to_budget(e.c, c_times) && to_budget(e.rust, rust_times))
        e.a12_c_slower = stats::vargha_delaney_a12(c_times, rust_times);
    }
    truth.bugs.push_back(std::move(e));
  }
  std::stable_sort(truth.bugs.begin(), truth.bugs.end(), [](const auto &a, const auto &b) {
    return class_rank(a.bug_class) < class_rank(b.bug_class);
  });

  SafetyTally &t = truth.tally;
  for (const auto &e : truth.bugs) {
    if (e.c.outcome.empty() || e.rust.outcome.empty()) continue;
    t.bugs++;
    t.c_silent += silent(e.c.outcome);
    t.rust_silent += silent(e.rust.outcome);
    t.rust_compile_errors += e.rust.outcome == "compile-error";
    t.rust_panics += e.rust.outcome == "panic";
    t.c_crashes += e.c.outcome == "crash";
    t.rust_crashes += e.rust.outcome == "crash";
    if (e.c.outcome == e.rust.outcome) t.same[e.c.outcome].push_back(e.id);
    if (!e.rust.verdict.empty()) t.rust_verdicts[e.rust.verdict].push_back(e.id);
  }
  return truth;
}

// Where the Rust mistakes live (the catalogue's rust_unsafe and why), beside which Rust release
// builds corrupted memory or leaked data: what `unsafe` accounts for, and what safe Rust let by.
std::string unsafe_sentence(const GroundTruth &truth) {
  std::vector<std::string> for_speed, at_boundary, silent_inside;
  size_t silent_total = 0;
  for (const auto &e : truth.bugs) {
    if (e.rust_unsafe) (e.unsafe_for == "c-boundary" ? at_boundary : for_speed).push_back(e.id);
    if (silent(e.rust.outcome)) {
      silent_total++;
      if (e.rust_unsafe) silent_inside.push_back(e.id);
    }
  }
  std::vector<std::string> groups;
  if (!for_speed.empty())
    groups.push_back("for speed: " + fmt::format("{}", fmt::join(for_speed, ", ")));
  if (!at_boundary.empty())
    groups.push_back("at the C boundary: " + fmt::format("{}", fmt::join(at_boundary, ", ")));
  std::string sentence = fmt::format(
      "Rust mistakes inside unsafe: {} of {}{}", for_speed.size() + at_boundary.size(),
      truth.bugs.size(), groups.empty() ? "" : fmt::format(" ({})", fmt::join(groups, "; ")));
  // What the release builds did is said only when they were run (twinbench consequences).
  if (truth.tally.bugs > 0) {
    sentence += fmt::format(
        "; of the {} Rust release builds that corrupted memory or leaked data, {}{}", silent_total,
        silent_inside.size(),
        silent_inside.empty() ? "" : fmt::format(" ({})", fmt::join(silent_inside, ", ")));
  }
  return sentence + ".";
}

// A campaign of several engines: how often each caught each language's build, and where the
// engines disagree, bug and language by bug and language (caught in most trials by one engine,
// not by another). Only builds every engine fuzzed are compared.
std::string engines_sentence(const GroundTruth &truth) {
  const auto &engines = truth.campaign->engines;
  auto most = [](const BugSide &s) { return s.trials > 0 && 2 * s.detected > s.trials; };
  std::vector<std::string> per_engine, differ, not_by_all;
  std::vector<int> c_most(engines.size()), rust_most(engines.size());
  int compared = 0;
  for (const auto &e : truth.bugs) {
    if (e.by_engine.size() != engines.size()) continue;
    for (size_t i = 0; i < engines.size(); i++) {
      c_most[i] += most(e.by_engine[i].c);
      rust_most[i] += most(e.by_engine[i].rust);
    }
    for (const char *language : {"c", "rust"}) {
      std::vector<std::string> caught_by, fuzzed_by;
      for (const auto &d : e.by_engine) {
        const BugSide &side = std::string(language) == "c" ? d.c : d.rust;
        if (side.trials == 0) continue;
        fuzzed_by.push_back(d.title);
        if (most(side)) caught_by.push_back(d.title);
      }
      if (fuzzed_by.size() != engines.size()) { // not every engine fuzzed it: not compared
        if (!fuzzed_by.empty()) {
          not_by_all.push_back(fmt::format("{} in {} (by {} only)", e.id,
                                           language == std::string("c") ? "C" : "Rust",
                                           fmt::join(fuzzed_by, ", ")));
        }
        continue;
      }
      compared++;
      if (!caught_by.empty() && caught_by.size() != fuzzed_by.size()) {
        differ.push_back(fmt::format("{} in {}: only {}", e.id,
                                     language == std::string("c") ? "C" : "Rust",
                                     fmt::join(caught_by, ", ")));
      }
    }
  }
  for (size_t i = 0; i < engines.size(); i++) {
    per_engine.push_back(fmt::format("{} caught the C build in most trials for {} and the "
                                     "Rust build for {}",
                                     engines[i].method.title, count_of(c_most[i], "bug", "bugs"),
                                     rust_most[i]));
  }
  return fmt::format(
      "By engine (each fuzzing the bug builds its preset makes, with the same seeds, budget and "
      "trials): {}. Of the {} builds every engine fuzzed, the engines {}.{}",
      fmt::join(per_engine, "; "), compared,
      differ.empty() ? std::string("agree on every one (caught in most trials by all, or by none)")
                     : fmt::format("disagree on {} ({})", differ.size(), fmt::join(differ, "; ")),
      not_by_all.empty() ? ""
                         : fmt::format(" Not compared, fuzzed by one engine only: {}.",
                                       fmt::join(not_by_all, "; ")));
}

std::vector<std::string> safety_sentences(const GroundTruth &truth) {
  std::vector<std::string> out;
  const SafetyTally &t = truth.tally;
  if (t.bugs > 0) {
    std::vector<std::string> same;
    int same_total = 0;
    for (const auto &[outcome, ids] : t.same) {
      same.push_back(fmt::format("{} {}", ids.size(), outcome));
      same_total += static_cast<int>(ids.size());
    }
    // The four words, each count with the bugs behind it, in a fixed order (all four always
    // said: a zero is a finding too).
    std::vector<std::string> verdicts;
    for (const char *word : {"not expressible in safe Rust", "refused plausible code",
                             "caught at run time", "silent"}) {
      auto it = t.rust_verdicts.find(word);
      const size_t n = it == t.rust_verdicts.end() ? 0 : it->second.size();
      // The bugs are named when they are few; a long list is the safety table's to give.
      verdicts.push_back(n == 0   ? fmt::format("{} 0", word)
                         : n <= 4 ? fmt::format("{} {} ({})", word, n, fmt::join(it->second, ", "))
                                  : fmt::format("{} {}", word, n));
    }
    out.push_back(fmt::format(
        "Of {} seeded mistakes, made at the same spec clause in both languages and run on their "
        "witness "
        "in release builds: C silently corrupted memory or leaked data in {}, Rust in {}. What "
        "Rust did with each: {}. C crashed outright in {}, Rust in {}. Both languages did the "
        "same thing with {}{}.",
        t.bugs, t.c_silent, t.rust_silent, fmt::join(verdicts, "; "), t.c_crashes, t.rust_crashes,
        count_of(same_total, "mistake", "mistakes"),
        same.empty() ? "" : fmt::format(" ({})", fmt::join(same, ", "))));
    // Said apart: inside `unsafe` no bounds check runs; in safe code one runs and passes.
    std::vector<std::string> silent_unsafe, silent_safe;
    for (const auto &e : truth.bugs) {
      if (silent(e.rust.outcome)) (e.rust_unsafe ? silent_unsafe : silent_safe).push_back(e.id);
    }
    std::vector<std::string> parts;
    if (!silent_unsafe.empty()) {
      parts.push_back(fmt::format("inside unsafe, where no bounds check runs: {}",
                                  fmt::join(silent_unsafe, ", ")));
    }
    if (!silent_safe.empty()) {
      parts.push_back(fmt::format("in safe code, where a bounds check passes a length that is "
                                  "wrong but within the buffer: {}",
                                  fmt::join(silent_safe, ", ")));
    }
    if (!parts.empty()) {
      out.push_back(fmt::format("What Rust did not prevent: these corrupted memory or handed on "
                                "wrong or stale bytes silently in its release build as C did; {}.",
                                fmt::join(parts, "; ")));
    }
  }
  if (!truth.bugs.empty()) out.push_back(unsafe_sentence(truth));
  if (truth.campaign) {
    const CampaignFacts &c = *truth.campaign;
    int c_fuzzed = 0, rust_fuzzed = 0, c_most = 0, rust_most = 0;
    for (const auto &e : truth.bugs) {
      auto most = [](const BugSide &s) { return s.trials > 0 && 2 * s.detected > s.trials; };
      c_fuzzed += e.c.trials > 0;
      rust_fuzzed += e.rust.trials > 0;
      c_most += most(e.c);
      rust_most += most(e.rust);
    }
    out.push_back(fmt::format(
        "Fuzzing the bug builds (campaign {}, {}: {} trial(s) of {} per bug and language, the "
        "witness withheld from the seeds): the sanitized C build was caught in most trials for "
        "{} of {} bugs, the Rust build for {} of {}{}.",
        c.name, c.engines.at(0).method.title, c.trials, seconds_text(c.budget_seconds), c_most,
        c_fuzzed, rust_most, rust_fuzzed,
        truth.finished_runs < truth.runs
            ? fmt::format(" ({} of {} trials finished: the campaign is partial)",
                          truth.finished_runs, truth.runs)
            : ""));
    if (c.engines.size() > 1) out.push_back(engines_sentence(truth));
    int untriaged = 0;
    for (const auto &e : truth.bugs) {
      untriaged += e.c.untriaged + e.rust.untriaged + e.c_int.untriaged;
      // The first engine's trials are c and rust above; the others' are counted here.
      for (size_t i = 1; i < e.by_engine.size(); i++)
        untriaged += e.by_engine[i].c.untriaged + e.by_engine[i].rust.untriaged;
    }
    if (untriaged > 0) {
      out.push_back(fmt::format(
          "{} finished trial(s) of campaign {} ended at a finding not yet triaged: whether it "
          "was the seeded bug is unknown, so they count neither as detections nor as censored "
          "trials; `twinbench fuzz --resume --campaign {}` triages them.",
          untriaged, c.name, c.name));
    }
  }
  return out;
}

} // namespace twinbench::cli
