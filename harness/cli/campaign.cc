#include "campaign.h"

#include <chrono>
#include <csignal>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <poll.h>
#include <unistd.h>

#include <fmt/format.h>
#include <openssl/evp.h>

#include "environment.h"
#include "fuzzer_output.h"
#include "process.h"
#include "store.h"
#include "table.h"
#include "triage.h"

namespace twinbench::cli {

namespace {

using Clock = std::chrono::steady_clock;

volatile std::sig_atomic_t interrupted = 0;
extern "C" void on_interrupt(int) { interrupted = 1; }

// Installs the interrupt handler for the campaign's lifetime.
struct InterruptGuard {
  struct sigaction old_int{}, old_term{};
  InterruptGuard() {
    interrupted = 0;
    struct sigaction sa{};
    sa.sa_handler = on_interrupt;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
  }
  ~InterruptGuard() {
    sigaction(SIGINT, &old_int, nullptr);
    sigaction(SIGTERM, &old_term, nullptr);
  }
};

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// libFuzzer names corpus files by the SHA-1 of their content; seeds are copied under that name
// so that an input that crashes can be found and taken out of the corpus.
std::string sha1_hex(const std::string &data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha1(), nullptr);
  std::string hex;
  for (unsigned i = 0; i < len; i++) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

uint64_t run_seed(const std::string &campaign, const std::string &comp, const std::string &impl,
                  int trial) {
  // Stable across resumes; libFuzzer takes an unsigned 32-bit seed.
  return std::hash<std::string>{}(fmt::format("{}/{}/{}/{}", campaign, comp, impl, trial)) %
             4294967291u +
         1;
}

// One libFuzzer process working on a run, restarted after each crash until the budget is spent.
struct ActiveRun {
  RunRow row;
  fs::path binary, dictionary;
  std::unique_ptr<ChildProcess> child;
  Clock::time_point launched;
  double elapsed_at_launch = 0;
  int64_t execs_at_launch = 0;
  std::optional<FuzzerStatus> last;
  std::string pending_output; // incomplete last line
  std::string log_tail;       // recent output, for error messages
  std::ofstream log;
  std::vector<Sample> unsaved;
  double last_sample_elapsed = -1e9;
  Clock::time_point last_flush = Clock::now();
  int crashes_found = 0;
  int quick_failures = 0;

  double elapsed() const {
    return child ? elapsed_at_launch + seconds_since(launched) : row.elapsed_seconds;
  }
  std::string name() const { return fmt::format("{}/{}#{}", row.component, row.impl, row.trial); }
};

class CampaignRunner {
public:
  CampaignRunner(const Project &project, Store &store, CampaignRow campaign,
                 const FuzzOptions &options)
      : project_(project), store_(store), campaign_(std::move(campaign)), options_(options),
        tty_(isatty(STDOUT_FILENO)) {}

  // Runs every unfinished run to its budget; false when interrupted.
  bool fuzz();
  void triage();

private:
  void launch(ActiveRun &run);
  void consume_output(ActiveRun &run);
  void on_line(ActiveRun &run, const std::string &line);
  // Process exited: record it, register artifacts, restart or finish. False: run is over.
  bool on_exit(ActiveRun &run, const ExitStatus &status);
  int register_artifacts(ActiveRun &run); // returns how many were new
  void flush(ActiveRun &run, bool force);
  void show_progress(const std::vector<std::unique_ptr<ActiveRun>> &active, bool force);

  const Project &project_;
  Store &store_;
  CampaignRow campaign_;
  const FuzzOptions &options_;
  bool tty_;
  size_t lines_drawn_ = 0;
  Clock::time_point last_progress_ = Clock::now() - std::chrono::hours(1);
};

void CampaignRunner::launch(ActiveRun &run) {
  const fs::path dir = run.row.dir;
  const double remaining = campaign_.budget_seconds - run.row.elapsed_seconds;
  std::vector<std::string> argv = {
      run.binary.string(),
      fmt::format("-max_total_time={}", std::max(1, static_cast<int>(remaining + 0.5))),
      fmt::format("-timeout={}", static_cast<int>(campaign_.timeout_seconds)),
      fmt::format("-rss_limit_mb={}", campaign_.rss_limit_mb),
      fmt::format("-seed={}", run.row.seed + static_cast<uint64_t>(run.row.restarts)),
      "-artifact_prefix=" + (dir / "artifacts").string() + "/",
      "-print_final_stats=1"};
  std::error_code ec;
  if (fs::file_size(run.dictionary, ec) > 0 && !ec)
    argv.push_back("-dict=" + run.dictionary.string());
  argv.insert(argv.end(), campaign_.extra_flags.begin(), campaign_.extra_flags.end());
  argv.push_back((dir / "corpus").string());
  run.log << fmt::format("==== twinbench: launch {} (restart {}, elapsed {:.1f} s)\n",
                         fmt::join(argv, " "), run.row.restarts, run.row.elapsed_seconds);
  run.log.flush();
  run.elapsed_at_launch = run.row.elapsed_seconds;
  run.execs_at_launch = run.row.execs;
  run.last.reset();
  run.launched = Clock::now();
  run.child = std::make_unique<ChildProcess>(argv, sanitizer_environment());
  run.row.status = "running";
}

void CampaignRunner::on_line(ActiveRun &run, const std::string &line) {
  run.log << line << '\n';
  run.log_tail += line + '\n';
  if (run.log_tail.size() > 8192) run.log_tail.erase(0, run.log_tail.size() - 8192);
  auto status = parse_status_line(line);
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

void CampaignRunner::consume_output(ActiveRun &run) {
  run.child->read_available(run.pending_output);
  size_t start = 0;
  for (size_t nl; (nl = run.pending_output.find('\n', start)) != std::string::npos;) {
    on_line(run, run.pending_output.substr(start, nl - start));
    start = nl + 1;
  }
  run.pending_output.erase(0, start);
}

void CampaignRunner::flush(ActiveRun &run, bool force) {
  if (!force && seconds_since(run.last_flush) < 2) return;
  run.row.elapsed_seconds = std::min(run.elapsed(), campaign_.budget_seconds);
  store_.record_progress(run.row, run.unsaved);
  run.unsaved.clear();
  run.last_flush = Clock::now();
}

int CampaignRunner::register_artifacts(ActiveRun &run) {
  int fresh = 0;
  const fs::path artifacts = fs::path(run.row.dir) / "artifacts";
  for (const auto &entry : fs::directory_iterator(artifacts)) {
    const std::string file = entry.path().filename().string();
    const std::string kind = artifact_kind(file);
    if (kind.empty() || kind == "slow-unit") continue;
    ArtifactRow a;
    a.run_id = run.row.id;
    a.path = entry.path().string();
    a.kind = kind;
    a.found_elapsed_seconds = run.elapsed();
    a.found_at = now_iso8601();
    if (store_.add_artifact(a)) {
      run.crashes_found++;
      fresh++;
    }
    // The input stays in the artifact; out of the corpus, so a restart does not hit it again.
    std::error_code ec;
    fs::remove(fs::path(run.row.dir) / "corpus" / file.substr(file.find('-') + 1), ec);
  }
  return fresh;
}

bool CampaignRunner::on_exit(ActiveRun &run, const ExitStatus &status) {
  consume_output(run);
  if (!run.pending_output.empty()) on_line(run, run.pending_output);
  run.pending_output.clear();
  const double ran = seconds_since(run.launched);
  run.row.elapsed_seconds = std::min(run.elapsed(), campaign_.budget_seconds);
  run.child.reset();
  const int fresh = register_artifacts(run);
  run.log << fmt::format("==== twinbench: exited ({}) after {:.1f} s\n", status.describe(), ran);
  run.log.flush();

  const bool finished = campaign_.budget_seconds - run.row.elapsed_seconds < 1;
  if (!status.ok() && !run.last && ran < 5 && fresh == 0) {
    // Died before fuzzing at all: a broken binary or flag, not a finding. Retrying won't help.
    if (++run.quick_failures >= 3) {
      run.row.status = "failed";
      flush(run, true);
      throw UserError(fmt::format("{} fails to start ({}); last output:\n{}", run.binary.string(),
                                  status.describe(), run.log_tail));
    }
  }
  if (finished || interrupted) {
    run.row.status = finished ? "done" : "pending";
    flush(run, true);
    return false;
  }
  run.row.restarts++;
  flush(run, true);
  launch(run);
  return true;
}

void CampaignRunner::show_progress(const std::vector<std::unique_ptr<ActiveRun>> &active,
                                   bool force) {
  const double interval = tty_ ? 1 : 30;
  if (!force && seconds_since(last_progress_) < interval) return;
  last_progress_ = Clock::now();
  std::vector<Row> rows;
  for (const auto &r : active) {
    const auto &s = r->last;
    rows.push_back({r->name(),
                    fmt::format("{:.0f}/{:.0f}s", r->elapsed(), campaign_.budget_seconds),
                    std::to_string(r->row.execs), s ? std::to_string(s->execs_per_second) : "-",
                    s ? std::to_string(s->cov) : "-", s ? std::to_string(s->ft) : "-",
                    std::to_string(r->crashes_found)});
  }
  if (rows.empty()) return; // the last drawn state stays on screen
  std::string table =
      render_table({"run", "elapsed", "execs", "exec/s", "cov", "ft", "crashes"}, rows);
  if (tty_) {
    // Redraw in place: up over the previous block, clear to the end of the screen.
    if (lines_drawn_) fmt::print("\x1b[{}F\x1b[J", lines_drawn_);
    fmt::print("{}", table);
    lines_drawn_ = static_cast<size_t>(std::count(table.begin(), table.end(), '\n'));
  } else {
    for (const auto &row : rows) {
      fmt::print("{} {} elapsed {} execs {} exec/s {} cov {} ft {} crashes {}\n", now_iso8601(),
                 row[0], row[1], row[2], row[3], row[4], row[5], row[6]);
    }
  }
  std::fflush(stdout);
}

bool CampaignRunner::fuzz() {
  std::vector<RunRow> queue;
  for (auto &r : store_.runs(campaign_.id)) {
    if (r.status != "done") queue.push_back(r);
  }
  const size_t jobs = static_cast<size_t>(std::max(1, campaign_.jobs));
  std::vector<std::unique_ptr<ActiveRun>> active;
  size_t next = 0;
  InterruptGuard guard;

  auto start_next = [&] {
    while (active.size() < jobs && next < queue.size() && !interrupted) {
      auto run = std::make_unique<ActiveRun>();
      run->row = queue[next++];
      run->binary = project_.fuzz_binary(run->row.component, run->row.impl);
      run->dictionary = project_.dictionary(run->row.component);
      run->log.open(fs::path(run->row.dir) / "fuzzer.log", std::ios::app);
      register_artifacts(*run); // anything a killed twinbench left unregistered
      if (campaign_.budget_seconds - run->row.elapsed_seconds < 1) {
        run->row.status = "done";
        flush(*run, true);
        continue;
      }
      launch(*run);
      active.push_back(std::move(run));
    }
  };

  start_next();
  while (!active.empty()) {
    std::vector<pollfd> fds;
    for (auto &r : active) fds.push_back({r->child->output_fd(), POLLIN, 0});
    poll(fds.data(), fds.size(), 250);
    if (interrupted) {
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
      i++;
    }
    show_progress(active, active.empty());
  }
  return !interrupted;
}

// The output libFuzzer printed for one artifact: the text before "Test unit written to PATH".
std::string report_from_log(const fs::path &log, const std::string &artifact) {
  std::string text = read_file(log);
  auto at = text.find("Test unit written to " + artifact);
  if (at == std::string::npos) return "";
  auto begin = text.rfind("==== twinbench: launch", at);
  begin = begin == std::string::npos ? 0 : begin;
  if (at - begin > 65536) begin = at - 65536;
  return text.substr(begin, at - begin);
}

void CampaignRunner::triage() {
  store_.set_campaign_status(campaign_.id, "triaging");
  std::map<int64_t, RunRow> runs;
  for (auto &r : store_.runs(campaign_.id)) runs[r.id] = r;
  const fs::path crashes_dir = project_.campaign_dir(campaign_.name) / "crashes";
  fs::create_directories(crashes_dir);
  const TriageLimits limits{campaign_.timeout_seconds, campaign_.rss_limit_mb};

  auto pending = store_.untriaged_artifacts(campaign_.id);
  size_t done = 0;
  for (const auto &a : pending) {
    if (interrupted) return;
    const RunRow &run = runs.at(a.run_id);
    const fs::path binary = project_.fuzz_binary(run.component, run.impl);
    fmt::print("triage {}/{}: {} ({}/{})\n", run.component, run.impl,
               fs::path(a.path).filename().string(), ++done, pending.size());
    std::fflush(stdout);
    Reproduction rep =
        reproduce(binary, a.path, run.component, project_.root, options_.repro_tries, limits);
    Classification c = rep.classification;
    std::string report = rep.report;
    if (!rep.reproduced) {
      // Flaky: classify from what libFuzzer printed when it found the input.
      report = report_from_log(fs::path(run.dir) / "fuzzer.log", a.path);
      c = classify(report, run.component, project_.root);
    }
    if (!c.finding) {
      c.crash_class = a.kind == "crash" ? "unreproducible" : a.kind;
      c.type = "Unclassified " + a.kind;
      c.side = "harness";
      c.signature = fmt::format("unclassified|{}|{}|{}", run.component, run.impl, a.kind);
    }
    CrashRow crash;
    crash.campaign_id = campaign_.id;
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
    auto [id, is_new] = store_.fold_crash(crash, a.id);
    const fs::path dir = crashes_dir / std::to_string(id);
    if (is_new) {
      fs::remove_all(dir);
      fs::rename(tmp, dir);
      Statement(store_.db(), "UPDATE crashes SET input_path = ?, report_path = ? WHERE id = ?")
          .bind(1, (dir / "input").string())
          .bind(2, (dir / "report.txt").string())
          .bind(3, id)
          .run();
      // Minimising a timeout or an OOM reruns the slow input for minutes: not worth it.
      const bool worth_minimizing = c.crash_class != "timeout" && c.crash_class != "oom";
      if (rep.reliable() && worth_minimizing &&
          minimize(binary, dir / "input", dir / "minimized", options_.minimize_seconds, limits)) {
        store_.set_minimized(id, (dir / "minimized").string());
      }
    } else {
      fs::remove_all(tmp);
    }
  }
  store_.set_campaign_status(campaign_.id, "done");
}

std::string default_campaign_name() { return "fuzz-" + name_timestamp(); }

void copy_seeds(const fs::path &seeds, const fs::path &corpus) {
  fs::create_directories(corpus);
  if (!fs::exists(seeds)) return;
  for (const auto &entry : fs::directory_iterator(seeds)) {
    if (!entry.is_regular_file()) continue;
    fs::copy_file(entry.path(), corpus / sha1_hex(read_file(entry.path())),
                  fs::copy_options::overwrite_existing);
  }
}

CampaignRow create_campaign(const Project &project, Store &store, const FuzzOptions &o) {
  CampaignRow c;
  c.name = o.campaign.empty() ? default_campaign_name() : o.campaign;
  require_plain_name("campaign", c.name);
  if (store.find_campaign(c.name)) {
    throw UserError(
        fmt::format("campaign '{}' exists already; continue it with --resume {}", c.name, c.name));
  }
  c.components = o.components.empty() ? project.component_names() : o.components;
  // What runs: each selected component's fuzz targets, or those of them --impls names. A name
  // no selected component has is an error; one some of them lack is skipped for those.
  std::map<std::string, std::vector<std::string>> targets;
  for (const auto &comp : c.components) {
    for (const auto &target : project.component(comp).fuzz_targets()) {
      if (!o.impls.empty() && std::find(o.impls.begin(), o.impls.end(), target) == o.impls.end()) {
        continue;
      }
      require_built(project.fuzz_binary(comp, target), "fuzz");
      targets[comp].push_back(target);
      if (std::find(c.impls.begin(), c.impls.end(), target) == c.impls.end()) {
        c.impls.push_back(target);
      }
    }
  }
  for (const auto &impl : o.impls) {
    if (std::find(c.impls.begin(), c.impls.end(), impl) == c.impls.end()) {
      throw UserError(fmt::format("no selected component has the implementation '{}' (components: "
                                  "{}; see twinbench list)",
                                  impl, fmt::join(c.components, ",")));
    }
  }
  c.created = now_iso8601();
  c.budget_seconds = o.budget_seconds;
  c.trials = o.trials;
  c.jobs = o.jobs > 0 ? o.jobs : static_cast<int>(std::max(1L, sysconf(_SC_NPROCESSORS_ONLN)));
  c.extra_flags = o.extra_flags;
  c.timeout_seconds = o.timeout_seconds;
  c.rss_limit_mb = o.rss_limit_mb;
  c.status = "fuzzing";
  c.environment_id = store.add_environment(capture_environment(project, "fuzz"));

  Transaction tx(store.db());
  c.id = store.add_campaign(c);
  const fs::path dir = project.campaign_dir(c.name);
  for (const auto &comp : c.components) {
    for (const auto &impl : targets[comp]) {
      for (int trial = 1; trial <= c.trials; trial++) {
        RunRow r;
        r.campaign_id = c.id;
        r.component = comp;
        r.impl = impl;
        r.trial = trial;
        r.seed = run_seed(c.name, comp, impl, trial);
        r.status = "pending";
        r.dir = (dir / "runs" / fmt::format("{}-{}-{}", comp, impl, trial)).string();
        copy_seeds(project.seeds(comp), fs::path(r.dir) / "corpus");
        fs::create_directories(fs::path(r.dir) / "artifacts");
        r.id = store.add_run(r);
      }
    }
  }
  tx.commit();
  return c;
}

} // namespace

double parse_duration(const std::string &text) {
  size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception &) {
    throw UserError("'" + text + "' is not a duration (e.g. 90s, 10m, 1h)");
  }
  const std::string unit = text.substr(used);
  double scale = unit.empty() || unit == "s" ? 1 : unit == "m" ? 60 : unit == "h" ? 3600 : -1;
  if (scale < 0 || value <= 0)
    throw UserError("'" + text + "' is not a duration (e.g. 90s, 10m, 1h)");
  return value * scale;
}

int fuzz_command(const Project &project, const FuzzOptions &options) {
  fs::path db_path = options.db.empty() ? project.default_store() : options.db;
  fs::create_directories(db_path.parent_path());
  Store store(db_path);

  CampaignRow campaign;
  if (!options.resume.empty()) {
    auto found = store.find_campaign(options.resume);
    if (!found) throw UserError("no campaign '" + options.resume + "' in " + db_path.string());
    campaign = *found;
    fmt::print("resuming campaign {} ({})\n", campaign.name, campaign.status);
  } else {
    campaign = create_campaign(project, store, options);
    fmt::print("campaign {}: {} runs of {:.0f} s, {} at a time; store {}\n", campaign.name,
               store.runs(campaign.id).size(), campaign.budget_seconds, campaign.jobs,
               db_path.string());
  }
  std::fflush(stdout);

  CampaignRunner runner(project, store, campaign, options);
  if (!runner.fuzz()) {
    fmt::print(stderr, "twinbench: interrupted; continue with: twinbench fuzz --resume {}\n",
               campaign.name);
    return 130;
  }
  {
    InterruptGuard guard;
    runner.triage();
    if (interrupted) {
      fmt::print(stderr, "twinbench: interrupted; continue with: twinbench fuzz --resume {}\n",
                 campaign.name);
      return 130;
    }
  }
  auto crashes = store.crashes(campaign.id);
  fmt::print("campaign {} done: {} unique crashes\n", campaign.name, crashes.size());
  std::vector<Row> rows;
  for (const auto &c : crashes) {
    rows.push_back({std::to_string(c.id), c.component, c.side, c.crash_class, c.type,
                    std::to_string(c.count)});
  }
  if (!rows.empty()) {
    fmt::print("{}", render_table({"crash", "component", "side", "class", "type", "count"}, rows));
  }
  return options.fail_on_crash && !crashes.empty() ? 1 : 0;
}

} // namespace twinbench::cli
