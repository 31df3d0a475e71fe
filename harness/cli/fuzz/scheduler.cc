#include "fuzz/scheduler.h"

#include <chrono>
#include <csignal>
#include <fstream>
#include <optional>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "common/environment.h"
#include "fuzz/campaign_setup.h"
#include "fuzz/canary_log.h"
#include "fuzz/disagreement_log.h"
#include "fuzz/engine.h"
#include "fuzz/interrupt.h"
#include "fuzz/triage.h"
#include "store/store.h"

namespace twinbench::cli {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

} // namespace

// One fuzzing process working on a run, restarted after each crash until the budget is spent.
struct Scheduler::ActiveRun {
  RunRow row;
  const Engine *engine = nullptr; // the run's (a campaign of every engine has runs of each)
  fs::path binary, dictionary;
  std::unique_ptr<ChildProcess> child;
  Clock::time_point launched;
  // The same moment on the system clock, the one the engine's artifact files and the canary's
  // records carry: every time into the run (reached, triggered, detected) is read against it.
  int64_t launched_unix_ms = 0;
  double elapsed_at_launch = 0;
  int64_t execs_at_launch = 0;
  // The count in the engine's files before this launch: an engine that keeps its count across
  // restarts (AFL++ resuming) is read from there on.
  int64_t file_execs_at_launch = 0;
  std::optional<FuzzerStatus> last;
  std::string pending_output; // incomplete last line
  std::string log_tail;       // recent output, for error messages
  std::ofstream log;
  std::vector<Sample> unsaved;
  double last_sample_elapsed = -1e9;
  Clock::time_point last_flush = Clock::now();
  int crashes_found = 0;
  int quick_failures = 0;
  // Snapshots are taken for times after this: where the run stood when this twinbench took it
  // up (a resumed run does not take a missed snapshot late).
  double snapshots_after = 0;

  double elapsed() const {
    return child ? elapsed_at_launch + seconds_since(launched) : row.elapsed_seconds;
  }
  std::string name() const {
    // The default engine's runs unmarked, another's after the trial ("base64/c#1@aflpp").
    return fmt::format("{}/{}#{}{}", row.bug.empty() ? row.component : row.bug, row.impl, row.trial,
                       row.engine == libfuzzer_engine().name() ? "" : "@" + row.engine);
  }
  // A ground-truth run ends at its first detection: what comes after it measures nothing.
  bool ground_truth() const { return !row.bug.empty(); }
  bool detected() const { return row.detected_seconds.has_value(); }
  fs::path canary_log() const { return fs::path(row.dir) / "canary.log"; }
  fs::path disagreement_log() const { return fs::path(row.dir) / "disagreements.log"; }
};

Scheduler::Scheduler(const Project &project, Store &store, CampaignRow campaign,
                     const FuzzOptions &options)
    : project_(project), store_(store), campaign_(std::move(campaign)), options_(options),
      progress_(isatty(STDOUT_FILENO)) {}

Scheduler::~Scheduler() = default;

void Scheduler::launch(ActiveRun &run) {
  run.engine->prepare(run.row.dir);
  FuzzingProcess process;
  process.binary = run.binary;
  process.run_dir = run.row.dir;
  process.dictionary = run.dictionary;
  process.seconds = campaign_.budget_seconds - run.row.elapsed_seconds;
  process.timeout_seconds = campaign_.timeout_seconds;
  process.rss_limit_mb = campaign_.rss_limit_mb;
  process.seed = run.row.seed + static_cast<uint64_t>(run.row.restarts);
  process.stop_at_first_finding = run.ground_truth();
  process.extra_flags = campaign_.extra_flags;
  const EngineCommand command = run.engine->fuzz_command(process);
  run.log << fmt::format("==== twinbench: launch {} (restart {}, elapsed {:.1f} s)\n",
                         fmt::join(command.argv, " "), run.row.restarts, run.row.elapsed_seconds);
  run.log.flush();
  run.elapsed_at_launch = run.row.elapsed_seconds;
  run.execs_at_launch = run.row.execs;
  const auto before = run.engine->status_from_files(run.row.dir);
  run.file_execs_at_launch = before ? before->execs : 0;
  run.last.reset();
  run.launched = Clock::now();
  run.launched_unix_ms = unix_ms_now();
  // The engine's entries after the sanitizer environment, in place of any of the same name.
  std::vector<std::string> env = sanitizer_environment();
  env.insert(env.end(), command.env.begin(), command.env.end());
  log_launch(run.disagreement_log(), run.launched_unix_ms, run.elapsed_at_launch);
  env.push_back("TWINBENCH_DISAGREEMENT_LOG=" + run.disagreement_log().string());
  if (run.ground_truth()) {
    log_launch(run.canary_log(), run.launched_unix_ms, run.elapsed_at_launch);
    env.push_back("TWINBENCH_CANARY_LOG=" + run.canary_log().string());
  }
  run.child = std::make_unique<ChildProcess>(command.argv, env);
  run.row.status = "running";
}

void Scheduler::on_line(ActiveRun &run, const std::string &line) {
  run.log << line << '\n';
  run.log_tail += line + '\n';
  if (run.log_tail.size() > 8192) run.log_tail.erase(0, run.log_tail.size() - 8192);
  run.engine->collect_finding_from_line(line, run.row.dir);
  if (auto execs = run.engine->final_execs(line)) {
    run.row.execs = run.execs_at_launch + *execs;
    return;
  }
  on_status(run, run.engine->status_from_line(line));
}

void Scheduler::on_status(ActiveRun &run, const std::optional<FuzzerStatus> &status) {
  if (!status) return;
  run.last = status;
  run.row.execs = run.execs_at_launch + status->execs;
  const double elapsed = run.elapsed();
  if (elapsed - run.last_sample_elapsed >= options_.sample_interval_seconds ||
      status->event == "DONE") {
    run.unsaved.push_back({elapsed, run.row.execs, static_cast<double>(status->execs_per_second),
                           status->cov, status->ft, status->corpus});
    run.last_sample_elapsed = elapsed;
  }
}

void Scheduler::consume_output(ActiveRun &run) {
  run.child->read_available(run.pending_output);
  size_t start = 0;
  for (size_t nl; (nl = run.pending_output.find('\n', start)) != std::string::npos;) {
    on_line(run, run.pending_output.substr(start, nl - start));
    start = nl + 1;
  }
  run.pending_output.erase(0, start);
}

void Scheduler::read_engine_files(ActiveRun &run) {
  auto status = run.engine->status_from_files(run.row.dir);
  // The files of the process before (a restart, a resume) say nothing of this one: had they
  // counted, a process dying at once would look as if it had fuzzed.
  if (!status || status->written_unix_ms < run.launched_unix_ms) return;
  // Counted again from zero: the engine did not keep its count across the restart.
  if (status->execs < run.file_execs_at_launch) run.file_execs_at_launch = 0;
  status->execs -= run.file_execs_at_launch;
  on_status(run, status);
}

void Scheduler::flush(ActiveRun &run, bool force) {
  if (!force && seconds_since(run.last_flush) < 2) return;
  read_engine_files(run);
  // An engine that goes on after a finding: its findings are taken in as they come, and a
  // ground-truth run is stopped at its first, as libFuzzer stops itself.
  if (run.child && run.engine->continues_after_finding()) {
    register_artifacts(run);
    if (run.ground_truth() && run.detected()) run.child->kill(SIGTERM);
  }
  run.row.elapsed_seconds = std::min(run.elapsed(), campaign_.budget_seconds);
  if (run.ground_truth()) {
    const CanaryTimes canary = read_canary_log(run.canary_log(), run.row.bug);
    run.row.reached_seconds = canary.reached;
    run.row.triggered_seconds = canary.triggered;
  }
  store_.record_progress(run.row, run.unsaved);
  std::vector<DisagreementRow> disagreements;
  for (auto &d : read_disagreement_log(run.disagreement_log())) {
    disagreements.push_back({run.row.id, std::move(d.component), std::move(d.kind),
                             std::move(d.pair), d.count, d.first_seconds,
                             std::move(d.example_hex)});
  }
  if (!disagreements.empty()) store_.record_disagreements(run.row.id, disagreements);
  run.unsaved.clear();
  run.last_flush = Clock::now();
}

// Seconds into the run at which the engine wrote an artifact: its file's modification time on the
// clock the launch was anchored to, not when the runner noticed it (after the sanitizer's report,
// the process's exit and up to a polling interval). The runner's time when the file's time is
// unreadable or outside this process's life.
double Scheduler::written_at(const ActiveRun &run, const fs::path &artifact) {
  struct stat st{};
  const double noticed = run.elapsed();
  if (::stat(artifact.c_str(), &st) != 0) return noticed;
  const int64_t written_ms = int64_t{st.st_mtim.tv_sec} * 1000 + st.st_mtim.tv_nsec / 1000000;
  const double seconds =
      run.elapsed_at_launch + static_cast<double>(written_ms - run.launched_unix_ms) / 1000;
  return seconds >= run.elapsed_at_launch && seconds <= noticed ? seconds : noticed;
}

int Scheduler::register_artifacts(ActiveRun &run) {
  int fresh = 0;
  run.engine->collect_findings(run.row.dir, run.child != nullptr);
  const fs::path artifacts = fs::path(run.row.dir) / "artifacts";
  for (const auto &entry : fs::directory_iterator(artifacts)) {
    const std::string file = entry.path().filename().string();
    const std::string kind = artifact_kind(file);
    if (kind.empty() || kind == "slow-unit") continue;
    ArtifactRow a;
    a.run_id = run.row.id;
    a.path = entry.path().string();
    a.kind = kind;
    a.found_elapsed_seconds = written_at(run, entry.path());
    a.found_at = now_iso8601();
    if (store_.add_artifact(a)) {
      run.crashes_found++;
      fresh++;
      if (run.ground_truth() && !run.detected()) {
        run.row.detected_seconds = a.found_elapsed_seconds;
        // libFuzzer: the exit's final count, read just before; AFL++: its count at the finding.
        const auto found_at = run.engine->execs_at_finding(run.row.dir, entry.path());
        run.row.detected_execs =
            found_at
                ? run.execs_at_launch + std::max<int64_t>(0, *found_at - run.file_execs_at_launch)
                : run.row.execs;
      }
    }
    // The input stays in the artifact; out of the corpus (the seeds, for AFL++), so a restart
    // does not hit it again.
    std::error_code ec;
    fs::remove(fs::path(run.row.dir) / "corpus" / file.substr(file.find('-') + 1), ec);
  }
  return fresh;
}

bool Scheduler::on_exit(ActiveRun &run, const ExitStatus &status) {
  consume_output(run);
  if (!run.pending_output.empty()) on_line(run, run.pending_output);
  run.pending_output.clear();
  read_engine_files(run);
  const double ran = seconds_since(run.launched);
  run.row.elapsed_seconds = std::min(run.elapsed(), campaign_.budget_seconds);
  run.child.reset();
  const int fresh = register_artifacts(run);
  run.log << fmt::format("==== twinbench: exited ({}) after {:.1f} s\n", status.describe(), ran);
  run.log.flush();

  const bool finished = campaign_.budget_seconds - run.row.elapsed_seconds < 1 ||
                        (run.ground_truth() && run.detected());
  if (!status.ok() && !run.last && ran < 5 && fresh == 0) {
    // Died before fuzzing at all: a broken binary or flag, not a finding. Retrying won't help.
    if (++run.quick_failures >= 3) {
      run.row.status = "failed";
      flush(run, true);
      throw UserError(fmt::format("{} fails to start ({}); last output:\n{}", run.binary.string(),
                                  status.describe(), run.log_tail));
    }
  }
  if (finished || interrupt_requested()) {
    run.row.status = finished ? "done" : "pending";
    flush(run, true);
    return false;
  }
  run.row.restarts++;
  flush(run, true);
  launch(run);
  return true;
}

void Scheduler::take_snapshots(ActiveRun &run) {
  const double elapsed = run.elapsed();
  for (double t : options_.snapshot_seconds) {
    if (t <= run.snapshots_after || t > elapsed || t >= campaign_.budget_seconds) continue;
    const fs::path dir = fs::path(run.row.dir) / "snapshots";
    const fs::path done = dir / fmt::format("{:.0f}", t);
    if (fs::exists(done)) continue;
    // Engines write a corpus file once (libFuzzer names it by its content; AFL++ replaces a
    // file it trims): hard links keep the corpus as it is now at no cost in space. Made under a
    // temporary name, then renamed, so a kill leaves either a whole snapshot or none. A snapshot
    // that cannot be made (a full disk) is logged and left out: the run goes on.
    const fs::path partial = dir / fmt::format(".{:.0f}.partial", t);
    std::error_code ec;
    fs::remove_all(partial, ec);
    fs::create_directories(partial, ec);
    size_t inputs = 0;
    for (auto it = fs::directory_iterator(run.engine->corpus(run.row.dir), ec);
         !ec && it != fs::directory_iterator(); it.increment(ec)) {
      if (!it->is_regular_file()) continue;
      const fs::path copy = partial / it->path().filename();
      fs::create_hard_link(it->path(), copy, ec);
      if (ec) fs::copy_file(it->path(), copy, ec);
      inputs += !ec;
    }
    if (!ec) fs::rename(partial, done, ec);
    if (ec) {
      std::error_code ignored;
      fs::remove_all(partial, ignored);
      run.log << fmt::format("==== twinbench: no corpus snapshot at {:.0f} s: {}\n", t,
                             ec.message());
      run.snapshots_after = t; // not tried again at the next poll
      continue;
    }
    run.log << fmt::format("==== twinbench: corpus snapshot at {:.0f} s: {} inputs in {}\n", t,
                           inputs, done.string());
  }
}

bool Scheduler::run() {
  std::vector<RunRow> queue;
  for (auto &r : store_.runs(campaign_.id)) {
    // An imported run was fuzzed elsewhere: resuming its campaign only triages what it found.
    if (r.status != "done" && r.status != "imported") queue.push_back(r);
  }
  const size_t jobs = static_cast<size_t>(std::max(1, campaign_.jobs));
  std::vector<std::unique_ptr<ActiveRun>> active;
  size_t next = 0;
  InterruptGuard guard;

  auto start_next = [&] {
    while (active.size() < jobs && next < queue.size() && !interrupt_requested()) {
      auto run = std::make_unique<ActiveRun>();
      run->row = queue[next++];
      run->engine = &engine_named(run->row.engine);
      run->binary = run_binary(project_, run->row, *run->engine);
      run->dictionary = project_.dictionary(run->row.component);
      run->log.open(fs::path(run->row.dir) / "fuzzer.log", std::ios::app);
      register_artifacts(*run); // anything a killed twinbench left unregistered
      if (campaign_.budget_seconds - run->row.elapsed_seconds < 1 ||
          (run->ground_truth() && run->detected())) {
        run->row.status = "done";
        flush(*run, true);
        continue;
      }
      run->snapshots_after = run->row.elapsed_seconds;
      launch(*run);
      active.push_back(std::move(run));
    }
  };

  start_next();
  while (!active.empty()) {
    std::vector<pollfd> fds;
    for (auto &r : active) fds.push_back({r->child->output_fd(), POLLIN, 0});
    poll(fds.data(), fds.size(), 250);
    if (interrupt_requested()) {
      for (auto &r : active) r->child->kill(SIGINT);
    }
    for (size_t i = 0; i < active.size();) {
      ActiveRun &run = *active[i];
      consume_output(run);
      ExitStatus status;
      if (run.child->poll_exit(status) && !on_exit(run, status)) {
        active.erase(active.begin() + static_cast<long>(i));
        start_next();
        continue;
      }
      flush(run, false);
      take_snapshots(run);
      i++;
    }
    std::vector<RunProgress> progress;
    for (const auto &r : active) {
      progress.push_back({r->name(), r->elapsed(), campaign_.budget_seconds, r->row.execs, r->last,
                          r->crashes_found});
    }
    progress_.show(progress, active.empty());
  }
  return !interrupt_requested();
}

} // namespace twinbench::cli
