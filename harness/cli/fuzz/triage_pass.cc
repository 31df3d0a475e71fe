#include "fuzz/triage_pass.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <mutex>

#include <fmt/format.h>

#include "common/parallel.h"
#include "fuzz/campaign_setup.h"
#include "fuzz/interrupt.h"
#include "fuzz/triage.h"
#include "store/sqlite.h"

namespace twinbench::cli {

namespace {

// The output libFuzzer printed for one artifact: the text before "Test unit written to PATH";
// for an imported one, the stack trace ClusterFuzzLite kept beside it (PATH.summary).
std::string report_from_log(const fs::path &log, const std::string &artifact) {
  if (const fs::path summary = artifact + ".summary"; fs::exists(summary)) {
    return read_file(summary);
  }
  std::string text = read_file(log);
  auto at = text.find("Test unit written to " + artifact);
  if (at == std::string::npos) return "";
  auto begin = text.rfind("==== twinbench: launch", at);
  begin = begin == std::string::npos ? 0 : begin;
  if (at - begin > 65536) begin = at - 65536;
  return text.substr(begin, at - begin);
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
  // Reproducing is the slow part (a process per try): `jobs` artifacts at a time. Folding into
  // the store stays in order, on this thread.
  std::vector<Reproduction> reproductions(pending.size());
  {
    size_t started = 0;
    std::mutex print;
    for_each_index(
        pending.size(), options.jobs,
        [&](size_t i) {
          const RunRow &run = runs.at(pending[i].run_id);
          {
            const std::lock_guard lock(print);
            fmt::print("triage {}/{}: {} ({}/{})\n", run.component, run.impl,
                       fs::path(pending[i].path).filename().string(), ++started, pending.size());
            std::fflush(stdout);
          }
          reproductions[i] = reproduce(run_binary(project, run), pending[i].path, run.component,
                                       project.root, options.repro_tries, limits);
        },
        interrupt_requested);
  }
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
      report = report_from_log(fs::path(run.dir) / "fuzzer.log", a.path);
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
