// `twinbench coverage`: each fuzz run's corpora (its snapshots, its final corpus) replayed through
// the coverage preset's build of its target (libFuzzer's -runs=0), the profile merged with
// llvm-profdata, and LLVM's line, region, branch and function counts of the implementation's own
// files (own_sources) stored per run, beside the reference: what the spec's vectors execute and
// how much of that the corpus reached. Of a ground-truth campaign: whether each run's corpus and
// findings executed its seeded bug's site (bug_sites), beside the canary's "reached".
// Both languages are measured by one LLVM toolchain: clang-19's profiles for C and C++, rustc's
// -Cinstrument-coverage for Rust, both read by Debian's llvm-profdata-19 and llvm-cov-19.
#include <algorithm>
#include <cctype>
#include <deque>
#include <future>
#include <map>

#include <fmt/format.h>

#include "commands.h"
#include "common/environment.h"
#include "common/parallel.h"
#include "common/process.h"
#include "common/table.h"
#include "coverage/bug_sites.h"
#include "coverage/llvm_cov.h"
#include "coverage/own_sources.h"
#include "fuzz/engine.h"
#include "store/store.h"

namespace twinbench::cli {
namespace {

// The campaign named (over fuzz targets or seeded bugs), else the latest finished one over fuzz
// targets.
CampaignRow measured_campaign(Store &store, const std::string &name) {
  if (!name.empty()) {
    auto c = store.find_campaign(name);
    if (!c) throw UserError("no campaign '" + name + "' in the store");
    if (c->of_the_harness()) {
      throw UserError("campaign '" + name + "' fuzzed the harness's own readers: coverage " +
                      "measures components' implementations");
    }
    return *c;
  }
  auto all = store.campaigns();
  for (auto it = all.rbegin(); it != all.rend(); ++it) {
    if (it->status == "done" && it->bugs.empty() && !it->of_the_harness()) return *it;
  }
  throw UserError("the store holds no finished campaign over fuzz targets (twinbench fuzz)");
}

std::string percent(int64_t covered, int64_t total) {
  return total == 0 ? "-" : fmt::format("{:.1f}%", 100.0 * covered / total);
}

// The reference a campaign's coverage is read against: what the spec's conformance vectors
// (corpora/<comp>/vectors.txt, the tests EveryVectorGivesTheSpecifiedResult and
// EveryScenarioGivesTheSpecifiedResults) execute of an implementation's own files, run once
// through vectors_<comp>_<impl>, the coverage preset's conformance tests with that
// implementation alone. Its counts and its lines, or why there are none.
struct Vectors {
  CoverageRow row;
  LineSet lines;
  std::string error;
};

const char *const kVectorTests =
    "*.EveryVectorGivesTheSpecifiedResult/*:*.EveryScenarioGivesTheSpecifiedResults/*";

Vectors measure_vectors(const Tools &tools, const Project &project, const fs::path &work,
                        const Component &comp, const Implementation &impl) {
  Vectors v;
  const std::string name = "vectors_" + comp.name + "_" + impl.name;
  const fs::path binary = project.root / "build" / "coverage" / "bin" / name;
  if (!fs::exists(binary)) {
    v.error = binary.string() + " is missing: build the coverage preset";
    return v;
  }
  const auto own = own_sources(project, comp, impl);
  if (own.empty()) {
    v.error = "none of the implementation's own files was found";
    return v;
  }
  remove_raw_profiles(work, name);
  const Captured run = run_captured(
      {binary.string(), std::string("--gtest_filter=") + kVectorTests, "--gtest_brief=1"},
      {"LLVM_PROFILE_FILE=" + (work / (name + "-%p.profraw")).string()}, 1800);
  if (!run.status.ok()) {
    v.error =
        fmt::format("the spec's vectors failed in the coverage build ({})", run.status.describe());
    return v;
  }
  fs::path profile;
  v.error = merge_profiles(tools, work, name, binary, profile);
  if (!v.error.empty()) return v;
  read_counts(tools.llvm_cov, binary, profile, own, project, v.row);
  v.lines = executed_lines(tools.llvm_cov, binary, profile, own);
  return v;
}

// One run measured: its row and merged profile, or why it could not be.
struct Measured {
  CoverageRow row;
  fs::path profile;
  std::string error;
};

// One replay: a run's corpus (a snapshot or the final one) through its coverage build.
struct Replay {
  const RunRow *run;
  const Implementation *impl; // whose own files count (a seeded bug's run: its twin)
  fs::path binary, corpus;
  std::string snapshot;
  const Bug *bug = nullptr; // a seeded bug's run: its findings replayed too, its site read
  const LineSet *vector_lines = nullptr; // the spec's vectors' lines, to count those reached
};

// libFuzzer's own crash handlers off: the coverage build's (coverage_on_crash.c) write the
// profile of an input that dies.
const std::vector<std::string> kProfileOnCrash = {
    "-handle_abrt=0", "-handle_segv=0", "-handle_bus=0", "-handle_ill=0", "-handle_fpe=0"};

// Runs `argv` over every one of `inputs` (libFuzzer runs each file given it once), in batches;
// when an input kills the process (its profile written all the same), goes on after it.
void replay_each(const std::vector<std::string> &argv, const std::vector<std::string> &inputs,
                 const std::vector<std::string> &environment) {
  constexpr size_t kBatch = 256;
  auto run = [&](size_t from, size_t to) {
    std::vector<std::string> batch = argv;
    batch.insert(batch.end(), inputs.begin() + static_cast<std::ptrdiff_t>(from),
                 inputs.begin() + static_cast<std::ptrdiff_t>(to));
    // libFuzzer's -timeout ends an input that loops; this ends a batch that hangs anyway.
    return run_captured(batch, environment, 600);
  };
  for (size_t next = 0; next < inputs.size();) {
    const size_t end = std::min(inputs.size(), next + kBatch);
    const Captured ran = run(next, end);
    if (ran.status.ok()) {
      next = end;
      continue;
    }
    // libFuzzer says "Running: <file>" before each input: the last one named is the one that
    // died (or, when none is named, the first).
    const size_t said = ran.output.rfind("Running: ");
    size_t died = next;
    if (said != std::string::npos) {
      const size_t from = said + 9, to = ran.output.find('\n', from);
      const std::string file = ran.output.substr(from, to == std::string::npos ? to : to - from);
      const auto at = std::find(inputs.begin() + static_cast<std::ptrdiff_t>(next),
                                inputs.begin() + static_cast<std::ptrdiff_t>(end), file);
      if (at != inputs.begin() + static_cast<std::ptrdiff_t>(end))
        died = static_cast<size_t>(at - inputs.begin());
    }
    // The inputs before it ran in the process that died: again, in one that ends, in case the
    // dying process could not write its profile (coverage_on_crash.c).
    if (died > next) (void)run(next, died);
    next = died + 1;
  }
}

// Replays the corpus and reads the counts of the implementation's own files; given the lines
// the spec's vectors execute, counts how many of those the corpus executed too; for a seeded
// bug's run, replays each input it saved as a finding (one process each: it may die) and reads
// whether the bug's site ran. Touches no store: runs in a thread of its own.
Measured measure(const Tools &tools, const Project &project, const CampaignRow &campaign,
                 const fs::path &work, const Replay &job) {
  Measured m;
  const RunRow &run = *job.run;
  try {
    const std::vector<fs::path> own =
        own_sources(project, project.component(run.component), *job.impl);
    if (!fs::is_directory(job.corpus)) {
      m.error = "its corpus " + job.corpus.string() + " is gone";
      return m;
    }
    if (own.empty()) {
      m.error = "none of the implementation's own files was found (a library not fetched or "
                "built?)";
      return m;
    }
    std::vector<BugSite> sites;
    const std::vector<fs::path> site_files =
        job.bug ? bug_site_sources(project, project.component(run.component), *job.impl)
                : std::vector<fs::path>{};
    if (job.bug) {
      sites = bug_sites(site_files, job.bug->id);
      if (sites.empty()) {
        m.error = "no canary names " + job.bug->id + " in the twin's files";
        return m;
      }
    }
    // Named for the run, not the binary: a seeded bug's c and c+int runs share one binary, and
    // a component's bugs one name, and are measured at once.
    const std::string stem = fmt::format("run{}-{}-{}-trial{}-{}", run.id, run.component, run.impl,
                                         run.trial, job.snapshot);
    remove_raw_profiles(work, stem);
    const std::vector<std::string> environment = {"LLVM_PROFILE_FILE=" +
                                                  (work / (stem + "-%p.profraw")).string()};
    // Every input once, as OSS-Fuzz's coverage job replays a corpus; libFuzzer's limits as the
    // campaign's.
    // An input that dies is written by libFuzzer beside the profiles, not into the user's
    // working folder.
    std::vector<std::string> argv = {job.binary.string(),
                                     fmt::format("-timeout={:g}", campaign.timeout_seconds),
                                     fmt::format("-rss_limit_mb={}", campaign.rss_limit_mb),
                                     "-artifact_prefix=" + (work / (stem + "-")).string()};
    // Inputs replayed as files, resuming after one that dies (a Rust panic, or a segfault
    // without the sanitizer): a seeded bug's corpus and the findings it saved, or a corpus
    // whose replay as a folder died on one of its inputs.
    auto replay_files = [&](const std::vector<fs::path> &dirs) {
      std::vector<std::string> inputs;
      for (const auto &dir : dirs) {
        std::error_code ec;
        for (const auto &e : fs::directory_iterator(dir, ec)) {
          if (e.is_regular_file()) inputs.push_back(e.path().string());
        }
      }
      std::sort(inputs.begin(), inputs.end());
      remove_raw_profiles(work, stem);
      std::vector<std::string> each = argv;
      each.insert(each.end(), kProfileOnCrash.begin(), kProfileOnCrash.end());
      replay_each(each, inputs, environment);
    };
    if (job.bug) {
      replay_files({job.corpus, fs::path(run.dir) / "artifacts"});
    } else {
      std::vector<std::string> corpus_argv = argv;
      corpus_argv.insert(corpus_argv.end(), {"-runs=0", job.corpus.string()});
      const Captured replay = run_captured(corpus_argv, environment, 3600);
      if (replay.timed_out) {
        m.error = "replaying the corpus failed (timed out)";
        return m;
      }
      if (!replay.status.ok()) replay_files({job.corpus});
    }
    m.error = merge_profiles(tools, work, stem, job.binary, m.profile);
    if (!m.error.empty()) return m;
    m.row.run_id = run.id;
    m.row.component = run.component;
    m.row.impl = run.impl;
    m.row.trial = run.trial;
    m.row.snapshot = job.snapshot;
    read_counts(tools.llvm_cov, job.binary, m.profile, own, project, m.row);
    if (job.vector_lines || job.bug) {
      const LineSet ran = executed_lines(tools.llvm_cov, job.binary, m.profile, own);
      if (job.vector_lines) {
        m.row.vector_lines = static_cast<int64_t>(job.vector_lines->size());
        m.row.vector_lines_reached =
            static_cast<int64_t>(std::count_if(job.vector_lines->begin(), job.vector_lines->end(),
                                               [&](const auto &l) { return ran.count(l); }));
      }
      if (job.bug) {
        // The site may be in the ffi glue, which is not among the implementation's own files.
        m.row.bug_site_covered =
            executed_any(sites, site_files == own ? ran
                                                  : executed_lines(tools.llvm_cov, job.binary,
                                                                   m.profile, site_files));
      }
    }
  } catch (const std::exception &e) {
    m.error = e.what();
  }
  return m;
}

} // namespace

int coverage_command(const Project &project, const CoverageOptions &options) {
  const Tools tools = find_llvm_tools();
  Store store(existing_store(project, options.db));
  const CampaignRow campaign = measured_campaign(store, options.campaign);
  const fs::path work = project.coverage_dir(campaign.name);
  fs::create_directories(work);

  // The runs of implementations held to the spec (not the diff or TSan targets); of a
  // ground-truth campaign, every run, measured on its twin's files through bug_<id>_<twin> (the
  // coverage preset has no sanitizer: one build serves the C side's two configurations).
  const bool seeded = !campaign.bugs.empty();
  const fs::path bin = project.root / "build" / "coverage" / "bin";
  std::vector<Replay> jobs_list;
  std::vector<RunRow> runs = store.runs(campaign.id);
  for (const auto &r : runs) {
    const auto named = std::find_if(project.components.begin(), project.components.end(),
                                    [&](const Component &c) { return c.name == r.component; });
    if (named == project.components.end()) continue;
    const std::string twin =
        r.impl.ends_with("+int") ? r.impl.substr(0, r.impl.size() - 4) : r.impl;
    const Implementation *impl = named->find(twin);
    if (!impl || impl->baseline) continue;
    const bool wanted =
        options.impls.empty() ||
        std::any_of(options.impls.begin(), options.impls.end(), [&](const std::string &w) {
          return w == r.impl || w == r.component + "/" + r.impl;
        });
    if (!wanted) continue;
    const Engine &engine = engine_named(r.engine); // where the run keeps its corpus
    if (seeded) {
      const auto bug = std::find_if(project.bugs.begin(), project.bugs.end(),
                                    [&](const Bug &b) { return b.id == r.bug; });
      if (bug == project.bugs.end()) continue; // no longer in the catalogue
      jobs_list.push_back(
          {&r, impl, bin / bug->binary_name(twin), engine.corpus(r.dir), "final", &*bug});
      continue;
    }
    // The corpus snapshots (the times FuzzOptions::snapshot_seconds kept), then the final corpus.
    const fs::path binary = bin / ("fuzz_" + r.component + "_" + r.impl);
    std::vector<std::pair<long, fs::path>> kept;
    std::error_code ec;
    for (const auto &e : fs::directory_iterator(fs::path(r.dir) / "snapshots", ec)) {
      const std::string name = e.path().filename().string();
      if (e.is_directory() && !name.empty() &&
          std::all_of(name.begin(), name.end(), [](unsigned char c) { return std::isdigit(c); }))
        kept.emplace_back(std::stol(name), e.path());
    }
    std::sort(kept.begin(), kept.end());
    for (const auto &[seconds, dir] : kept)
      jobs_list.push_back({&r, impl, binary, dir, fmt::format("{}s", seconds)});
    jobs_list.push_back({&r, impl, binary, engine.corpus(r.dir), "final"});
  }
  if (jobs_list.empty()) throw UserError("campaign " + campaign.name + " has no run to measure");
  for (const auto &job : jobs_list) { // a missing build is one error before any replay
    if (seeded && !fs::exists(job.binary)) {
      throw UserError(job.binary.string() + " is missing: build the coverage preset's seeded "
                                            "bugs (cmake --build --preset coverage --target "
                                            "seeded_bugs)");
    }
    require_built(job.binary, "coverage");
  }

  int failures = 0;
  // The reference first: per implementation, what the spec's vectors execute of its own files,
  // stored beside each of its runs as the snapshot "vectors". One process per implementation,
  // as many at a time as there are cores.
  std::map<std::pair<std::string, std::string>, Vectors> vectors;
  std::vector<std::pair<std::pair<std::string, std::string>, const Implementation *>> references;
  for (const auto &job : jobs_list) {
    if (seeded || job.snapshot != "final") continue;
    const std::pair key{job.run->component, job.run->impl};
    if (vectors.emplace(key, Vectors{}).second) references.emplace_back(key, job.impl);
  }
  for_each_index(references.size(), 0, [&](size_t i) {
    const auto &[key, impl] = references[i];
    vectors.at(key) = measure_vectors(tools, project, work, project.component(key.first), *impl);
  });
  for (const auto &[key, v] : vectors) {
    if (!v.error.empty()) {
      fmt::print(stderr, "twinbench: the spec's vectors for {}/{}, the reference: {}\n", key.first,
                 key.second, v.error);
      failures++;
    }
  }
  for (auto &job : jobs_list) {
    if (seeded || job.snapshot != "final") continue;
    const RunRow &run = *job.run;
    const auto at = vectors.find({run.component, run.impl});
    if (!at->second.error.empty()) continue;
    job.vector_lines = &at->second.lines;
    CoverageRow row = at->second.row;
    row.run_id = run.id;
    row.component = run.component;
    row.impl = run.impl;
    row.trial = run.trial;
    row.snapshot = "vectors";
    store.set_coverage(row);
  }

  // Two replays at a time (as many as there are cores): each is one process; the store is
  // written here, in the runs' order.
  std::map<std::pair<std::string, std::string>, std::vector<fs::path>> profiles; // per impl
  std::deque<std::future<Measured>> pending;
  size_t launched = 0, done = 0;
  const size_t parallel = static_cast<size_t>(std::max(1, available_cores()));
  std::vector<std::string> disagreements;
  size_t sites_measured = 0;
  while (done < jobs_list.size()) {
    while (launched < jobs_list.size() && pending.size() < parallel) {
      pending.push_back(std::async(std::launch::async, measure, std::cref(tools),
                                   std::cref(project), std::cref(campaign), std::cref(work),
                                   std::cref(jobs_list[launched++])));
    }
    Measured m = pending.front().get();
    pending.pop_front();
    const Replay &job = jobs_list[done];
    const RunRow &run = *job.run;
    // The engine named when the campaign had several (two runs of one trial number then).
    const std::string label =
        (job.bug ? fmt::format("{} {}", run.bug, run.impl) : run.component + "/" + run.impl) +
        (campaign.engines().size() > 1 ? "@" + run.engine : "");
    fmt::print("coverage {} trial {}, {} ({}/{}){}\n", label, run.trial, job.snapshot, ++done,
               jobs_list.size(),
               !m.error.empty() ? ""
               : job.bug        ? fmt::format(": the bug's site {}; the canary {}",
                                       *m.row.bug_site_covered ? "executed" : "not executed",
                                       run.reached_seconds ? "reached it" : "did not")
                         : fmt::format(": lines {}", percent(m.row.lines_covered, m.row.lines)));
    std::fflush(stdout);
    if (!m.error.empty()) {
      fmt::print(stderr, "twinbench: coverage of {} trial {}: {}\n", label, run.trial, m.error);
      failures++;
      continue;
    }
    store.set_coverage(m.row);
    if (job.snapshot == "final" && !job.bug)
      profiles[{run.component, run.impl}].push_back(m.profile);
    // Two measures of one fact: the corpus (and the findings) executed the site exactly when
    // the canary saw the campaign reach it.
    if (job.bug) {
      sites_measured++;
      if (*m.row.bug_site_covered != run.reached_seconds.has_value())
        disagreements.push_back(fmt::format("{} trial {}", label, run.trial));
    }
  }
  if (seeded) {
    if (!disagreements.empty()) {
      fmt::print(stderr,
                 "twinbench: coverage and the canaries disagree on whether the bug's site was "
                 "reached: {}\n",
                 fmt::join(disagreements, ", "));
      failures++;
    }
    fmt::print("campaign {}: coverage and the canaries agree on {} of the {} runs measured; "
               "stored in {}\n",
               campaign.name, sites_measured - disagreements.size(), sites_measured,
               existing_store(project, options.db).string());
    return failures ? 1 : 0;
  }

  if (options.html_pages) {
    // Per implementation, every trial's corpus together: llvm-cov's browsable pages.
    const fs::path html_dir =
        options.html.empty() ? project.coverage_dir(campaign.name) / "html" : options.html;
    for (const auto &[key, files] : profiles) {
      const auto &[comp_name, impl_name] = key;
      const Component &comp = project.component(comp_name);
      const fs::path merged = work / fmt::format("{}-{}-all.profdata", comp_name, impl_name);
      std::vector<std::string> merge = {tools.llvm_profdata.string(), "merge", "-sparse"};
      for (const auto &f : files) merge.push_back(f.string());
      merge.insert(merge.end(), {"-o", merged.string()});
      const fs::path out = html_dir / (comp_name + "-" + impl_name);
      std::vector<std::string> show = {
          tools.llvm_cov.string(),
          "show",
          "-format=html",
          "-show-branches=count",
          "-output-dir=" + out.string(),
          "-instr-profile=" + merged.string(),
          (project.root / "build" / "coverage" / "bin" / ("fuzz_" + comp_name + "_" + impl_name))
              .string()};
      for (const auto &f : own_sources(project, comp, *comp.find(impl_name)))
        show.push_back(f.string());
      if (!run_captured(merge, {}, 600).status.ok() || !run_captured(show, {}, 600).status.ok()) {
        fmt::print(stderr, "twinbench: the coverage pages of {}/{} could not be written\n",
                   comp_name, impl_name);
        failures++;
        continue;
      }
      fmt::print("wrote {}\n", (out / "index.html").string());
    }
  }

  // Per implementation: the median over trials of each measure.
  std::map<std::pair<std::string, std::string>, std::vector<CoverageRow>> by_impl;
  std::map<std::pair<std::string, std::string>, CoverageRow> by_vectors;
  for (const auto &row : store.coverage(campaign.id)) {
    if (row.snapshot == "final") by_impl[{row.component, row.impl}].push_back(row);
    if (row.snapshot == "vectors") by_vectors[{row.component, row.impl}] = row;
  }
  std::vector<Row> table;
  for (auto &[key, rows] : by_impl) {
    auto median = [&](auto field) {
      std::vector<std::pair<double, const CoverageRow *>> v;
      for (const auto &r : rows) v.emplace_back(field(r), &r);
      std::sort(v.begin(), v.end(), [](auto &a, auto &b) { return a.first < b.first; });
      return v[v.size() / 2].second; // the upper median's row: its figures are one trial's
    };
    auto lines = [](const CoverageRow &r) { return r.lines ? 1.0 * r.lines_covered / r.lines : 0; };
    const CoverageRow &m = *median(lines);
    const auto reference = by_vectors.find(key);
    const bool compared = reference != by_vectors.end() && m.vector_lines;
    table.push_back(
        {key.first, key.second, std::to_string(rows.size()), percent(m.lines_covered, m.lines),
         percent(m.regions_covered, m.regions), percent(m.branches_covered, m.branches),
         fmt::format("{}/{}", m.functions_covered, m.functions), std::to_string(m.files.size()),
         compared ? percent(reference->second.lines_covered, reference->second.lines) : "-",
         compared ? percent(*m.vector_lines_reached, *m.vector_lines) : "-"});
  }
  fmt::print("{}",
             render_table({"component", "implementation", "trials", "lines", "regions", "branches",
                           "functions entered", "files", "vectors' lines", "of those reached"},
                          table));
  fmt::print("campaign {}: the implementations' own files only (docs/ARCHITECTURE.md, "
             "\"Coverage\"); the trial with the median line coverage; stored in {}\n",
             campaign.name, existing_store(project, options.db).string());
  return failures ? 1 : 0;
}

} // namespace twinbench::cli
