#include "fuzz/triage_pass.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>

#include <fmt/format.h>

#include "common/parallel.h"
#include "fuzz/campaign_setup.h"
#include "fuzz/interrupt.h"
#include "fuzz/triage.h"
#include "store/sqlite.h"

namespace twinbench::cli {

namespace {

// The output libFuzzer printed for one artifact: the text of its run's log (read by `read_log`,
// only when needed) before "Test unit written to PATH"; for an imported one, the stack trace
// ClusterFuzzLite kept beside it (PATH.summary).
template <typename ReadLog>
std::string report_from_log(ReadLog read_log, const std::string &artifact) {
  if (const fs::path summary = artifact + ".summary"; fs::exists(summary)) {
    return read_file(summary);
  }
  const std::string &text = read_log();
  auto at = text.find("Test unit written to " + artifact);
  if (at == std::string::npos) return "";
  auto begin = text.rfind("==== twinbench: launch", at);
  begin = begin == std::string::npos ? 0 : begin;
  if (at - begin > 65536) begin = at - 65536;
  return text.substr(begin, at - begin);
}

// Artifacts the fuzzer reported alike are nearly always one crash: a campaign that keeps meeting
// one divergence writes an artifact per input (156 took 4 minutes to reproduce one by one). So
// the first few of each signature in what the fuzzer printed are reproduced; the rest follow
// them when those all reproduced as one crash, and are reproduced too otherwise.
constexpr size_t kReproducedPerLoggedSignature = 3;

// The signature of what the fuzzer printed for an artifact, when it is one to group by: a
// finding with frames or a site (a divergence's field and kind, a panic's or check's line);
// empty otherwise (nothing printed, or a report too bare to tell two crashes apart).
std::string logged_signature(const std::string &report, const std::string &component,
                             const fs::path &root) {
  if (report.empty()) return "";
  const Classification c = classify(report, component, root);
  if (!c.finding || (c.frames.empty() && c.site.empty())) return "";
  return c.signature;
}

} // namespace

void triage_campaign(const Project &project, Store &store, const CampaignRow &campaign,
                     const FuzzOptions &options) {
  store.set_campaign_status(campaign.id, "triaging");
  std::map<int64_t, RunRow> runs;
  for (auto &r : store.runs(campaign.id)) runs[r.id] = r;
  const fs::path crashes_dir = project.campaign_dir(campaign.name) / "crashes";
  fs::create_directories(crashes_dir);
  const TriageLimits limits{campaign.timeout_seconds, campaign.rss_limit_mb};

  const auto pending = store.untriaged_artifacts(campaign.id);
  // Group the artifacts by binary and logged signature (not in a ground-truth campaign: each of
  // its runs' detection is read from that run's own reproduction). An artifact is reproduced
  // when it is among the first of its group, or stands alone.
  std::vector<std::string> group(pending.size());
  std::vector<char> reproduced_first(pending.size(), 1);
  {
    std::map<std::string, size_t> seen;
    std::map<int64_t, std::string> logs; // each run's log, read once
    for (size_t i = 0; i < pending.size() && campaign.bugs.empty(); i++) {
      const RunRow &run = runs.at(pending[i].run_id);
      const auto read_log = [&]() -> const std::string & {
        auto [it, first] = logs.try_emplace(run.id);
        if (first) it->second = read_file(fs::path(run.dir) / "fuzzer.log");
        return it->second;
      };
      const std::string logged =
          logged_signature(report_from_log(read_log, pending[i].path), run.component, project.root);
      if (logged.empty()) continue;
      group[i] = run_binary(project, run).string() + "\n" + logged;
      reproduced_first[i] = ++seen[group[i]] <= kReproducedPerLoggedSignature;
    }
  }
  // Reproducing is the slow part (a process per try): `jobs` artifacts at a time. Folding into
  // the store stays in order, on this thread.
  std::vector<Reproduction> reproductions(pending.size());
  std::mutex print;
  const auto reproduce_where = [&](const std::vector<char> &chosen) {
    std::vector<size_t> indexes;
    for (size_t i = 0; i < pending.size(); i++) {
      if (chosen[i]) indexes.push_back(i);
    }
    size_t started = 0;
    for_each_index(
        indexes.size(), options.jobs,
        [&](size_t k) {
          const size_t i = indexes[k];
          const RunRow &run = runs.at(pending[i].run_id);
          {
            const std::lock_guard lock(print);
            fmt::print("triage {}/{}: {} ({}/{})\n", run.component, run.impl,
                       fs::path(pending[i].path).filename().string(), ++started, indexes.size());
            std::fflush(stdout);
          }
          reproductions[i] = reproduce(run_binary(project, run), pending[i].path, run.component,
                                       project.root, options.repro_tries, limits);
        },
        interrupt_requested);
  };
  reproduce_where(reproduced_first);
  if (interrupt_requested()) return;
  // The rest of a group follow its first ones when every one of those reproduced as the same
  // crash; otherwise they are reproduced as well.
  std::map<std::string, std::optional<size_t>> agreed; // group -> the reproduction they follow
  for (size_t i = 0; i < pending.size(); i++) {
    if (!reproduced_first[i] || group[i].empty()) continue;
    const Reproduction &r = reproductions[i];
    const bool clean = r.reproduced > 0 && r.classification.finding;
    auto [it, first] = agreed.try_emplace(group[i], clean ? std::optional(i) : std::nullopt);
    if (!first && it->second &&
        (!clean ||
         r.classification.signature != reproductions[*it->second].classification.signature)) {
      it->second.reset();
    }
  }
  std::vector<char> reproduced_after(pending.size(), 0);
  size_t followed = 0;
  for (size_t i = 0; i < pending.size(); i++) {
    if (reproduced_first[i]) continue;
    if (const auto &leader = agreed[group[i]]) {
      reproductions[i] = reproductions[*leader];
      reproductions[i].tries = 0; // not reproduced itself: it folds into an existing crash
      followed++;
    } else {
      reproduced_after[i] = 1;
    }
  }
  if (followed > 0) {
    fmt::print("triage: {} of {} artifacts not reproduced: each follows the first {} of its "
               "signature, which reproduced as one crash\n",
               followed, pending.size(), kReproducedPerLoggedSignature);
  }
  reproduce_where(reproduced_after);
  if (interrupt_requested()) return;
  struct NewCrash {
    int64_t id;
    fs::path binary, dir;
    std::string component, signature;
  };
  std::vector<NewCrash> to_minimize;
  for (size_t i = 0; i < pending.size(); i++) {
    const ArtifactRow &a = pending[i];
    const RunRow &run = runs.at(a.run_id);
    const fs::path binary = run_binary(project, run);
    const Reproduction &rep = reproductions[i];
    Classification c = rep.classification;
    std::string report = rep.report;
    if (!rep.reproduced) {
      // Flaky: classify from what libFuzzer printed when it found the input.
      std::string log;
      report = report_from_log(
          [&]() -> const std::string & {
            return log = read_file(fs::path(run.dir) / "fuzzer.log");
          },
          a.path);
      c = classify(report, run.component, project.root);
    }
    if (!c.finding) {
      c.crash_class = a.kind == "crash" ? "unreproducible" : a.kind;
      c.type = "Unclassified " + a.kind;
      c.side = "harness";
      c.signature = fmt::format("unclassified|{}|{}|{}", run.component, run.impl, a.kind);
    }
    CrashRow crash;
    crash.campaign_id = campaign.id;
    crash.signature = c.signature;
    crash.component = run.component;
    crash.side = c.side;
    crash.type = c.type;
    crash.crash_class = c.crash_class;
    for (const auto &f : c.frames) crash.frames.push_back(f.function + " " + f.location);
    crash.first_seen = a.found_at;
    crash.binary = binary.string();
    crash.reliability = rep.reliability();
    // The crash's own folder keeps the inputs and the report, whatever happens to the run dirs.
    const fs::path tmp = crashes_dir / fmt::format("pending-{}", a.id);
    fs::create_directories(tmp);
    fs::copy_file(a.path, tmp / "input", fs::copy_options::overwrite_existing);
    std::ofstream(tmp / "report.txt") << report;
    auto [id, is_new] = store.fold_crash(crash, a.id);
    if (!run.bug.empty() && run.detected_by.empty()) {
      // What caught the bug; said plainly when the input did not even trigger it (Magma's
      // distinction between a crash and a crash that is the bug).
      const bool triggered =
          report.find("TWINBENCH CANARY " + run.bug + " triggered") != std::string::npos;
      runs.at(a.run_id).detected_by =
          fmt::format("{} ({}){}", c.type, c.crash_class,
                      triggered ? "" : "; the bug's canary did not trigger on this input");
      store.set_detected_by(a.run_id, runs.at(a.run_id).detected_by);
    }
    const fs::path dir = crashes_dir / std::to_string(id);
    if (is_new) {
      fs::remove_all(dir);
      fs::rename(tmp, dir);
      Statement(store.db(), "UPDATE crashes SET input_path = ?, report_path = ? WHERE id = ?")
          .bind(1, (dir / "input").string())
          .bind(2, (dir / "report.txt").string())
          .bind(3, id)
          .run();
      // Minimising a timeout or an OOM reruns the slow input for minutes: not worth it. Nor is
      // a ground-truth campaign's crash: the catalogue's witness is already the minimal input.
      const bool worth_minimizing =
          c.crash_class != "timeout" && c.crash_class != "oom" && campaign.bugs.empty();
      if (rep.reliable() && worth_minimizing && options.minimize_seconds > 0) {
        to_minimize.push_back({id, binary, dir, run.component, c.signature});
      }
    } else {
      fs::remove_all(tmp);
    }
  }
  // Each minimisation is libFuzzer's -minimize_crash, a process that reruns the input round
  // after round for its seconds: `jobs` at a time too. A minimised input is kept when it
  // reproduces the crash it came from (its signature). The store is written on this thread.
  // Every new crash is minimised, interrupted or not, as when this ran one at a time: the
  // campaign is marked done below, and a resume would not come back to them.
  std::vector<char> minimized(to_minimize.size(), 0);
  for_each_index(to_minimize.size(), options.jobs, [&](size_t i) {
    const NewCrash &c = to_minimize[i];
    const auto same_crash = [&](const fs::path &smaller) {
      const Reproduction again = reproduce(c.binary, smaller, c.component, project.root, 1, limits);
      return again.reproduced > 0 && again.classification.signature == c.signature;
    };
    minimized[i] = minimize(c.binary, c.dir / "input", c.dir / "minimized",
                            options.minimize_seconds, limits, same_crash);
  });
  for (size_t i = 0; i < to_minimize.size(); i++) {
    const NewCrash &c = to_minimize[i];
    if (minimized[i]) store.set_minimized(c.id, (c.dir / "minimized").string());
  }
  store.set_campaign_status(campaign.id, "done");
}

} // namespace twinbench::cli
