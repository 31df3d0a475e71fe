#include "fuzz/campaign_setup.h"

#include <algorithm>
#include <functional>
#include <map>

#include <random>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/environment.h"
#include "fuzz/fuzzer_output.h"
#include "store/sqlite.h"

namespace twinbench::cli {

namespace {

uint64_t run_seed(const std::string &campaign, const std::string &comp, const std::string &impl,
                  int trial) {
  // Stable across resumes; libFuzzer takes an unsigned 32-bit seed.
  return std::hash<std::string>{}(fmt::format("{}/{}/{}/{}", campaign, comp, impl, trial)) %
             4294967291u +
         1;
}

// The seeds, less any file whose bytes are `leave_out`'s: a ground-truth run must find its bug,
// not be handed the witness.
void copy_seeds(const fs::path &seeds, const fs::path &corpus, const fs::path &leave_out = {}) {
  fs::create_directories(corpus);
  if (!fs::exists(seeds)) return;
  const std::string withheld = leave_out.empty() ? "" : read_file(leave_out);
  for (const auto &entry : fs::directory_iterator(seeds)) {
    if (!entry.is_regular_file()) continue;
    const std::string data = read_file(entry.path());
    if (!leave_out.empty() && data == withheld) continue;
    // Under libFuzzer's name for it, so that an input that crashes can be found and taken out.
    fs::copy_file(entry.path(), corpus / content_name(data), fs::copy_options::overwrite_existing);
  }
}

// A run's binary as the engine's preset builds it, and as the fuzz preset does: triage
// reproduces every engine's findings on the libFuzzer build.
template <typename BinaryIn>
void require_builds(const Project &project, const Engine &engine, BinaryIn binary_in) {
  require_built(binary_in(engine.preset()), engine.preset());
  if (engine.preset() != "fuzz") require_built(binary_in("fuzz"), "fuzz");
}

// One run to create, for each trial.
struct Planned {
  std::string component, impl;
  const Bug *bug = nullptr; // a ground-truth run over this bug's build of `impl`
  const Engine *engine = &libfuzzer_engine();
};

// What runs: each selected component's fuzz targets, or those of them --impls names. A name
// no selected component fuzzes is an error (a baseline is benchmarked only); one some of them
// lack is skipped for those. Names are checked before binaries, so a typo reads as a typo.
std::vector<Planned> plan_target_runs(const Project &project, const FuzzOptions &o,
                                      const Engine &engine,
                                      const std::vector<std::string> &components) {
  for (const auto &impl : o.impls) {
    bool fuzzed = false;
    std::string baseline_of;
    for (const auto &comp : components) {
      const Component &component = project.component(comp);
      const auto targets = component.fuzz_targets();
      fuzzed |= std::find(targets.begin(), targets.end(), impl) != targets.end();
      if (const Implementation *i = component.find(impl); i && i->baseline) baseline_of = comp;
    }
    if (fuzzed) continue;
    if (!baseline_of.empty()) {
      throw UserError(fmt::format("'{}' is a baseline of {}: benchmarked only, not fuzzed (it is "
                                  "not held to the spec)",
                                  impl, baseline_of));
    }
    throw UserError(fmt::format("no selected component has the implementation '{}' (components: "
                                "{}; see twinbench list)",
                                impl, fmt::join(components, ",")));
  }
  std::vector<Planned> out;
  for (const auto &comp : components) {
    for (const auto &target : project.component(comp).fuzz_targets()) {
      if (!o.impls.empty() && std::find(o.impls.begin(), o.impls.end(), target) == o.impls.end()) {
        continue;
      }
      require_builds(project, engine, [&](const std::string &preset) {
        return project.fuzz_binary(comp, target, preset);
      });
      out.push_back({comp, target, nullptr, &engine});
    }
  }
  return out;
}

// The ground truth: every selected bug's builds (Project::bug_configurations: C, C with the
// integer sanitizers, and Rust unless the catalogue expects rustc to refuse it), narrowed by
// --components and --impls (c, c+int, rust).
std::vector<Planned> plan_bug_runs(const Project &project, const FuzzOptions &o,
                                   const Engine &engine) {
  for (const auto &impl : o.impls) {
    if (impl != "c" && impl != "c+int" && impl != "rust") {
      throw UserError(fmt::format("--bugs fuzzes the twins' bug builds: --impls takes c, c+int "
                                  "and/or rust, not '{}'",
                                  impl));
    }
  }
  for (const auto &comp : o.components) project.component(comp);
  std::vector<Planned> out;
  std::vector<std::string> skipped;
  for (const Bug *bug : project.select_bugs(o.bugs)) {
    if (!o.components.empty() &&
        std::find(o.components.begin(), o.components.end(), bug->component) == o.components.end()) {
      continue;
    }
    for (const auto &[configuration, impl] : project.bug_configurations(*bug)) {
      if (!o.impls.empty() &&
          std::find(o.impls.begin(), o.impls.end(), configuration) == o.impls.end())
        continue;
      // Another engine's preset builds the twins under ASan + UBSan only: no integer
      // sanitizers, no ThreadSanitizer; and AFL++'s persistent loop runs no leak check.
      if (engine.preset() != "fuzz" && (configuration == "c+int" || bug->bug_class == "data-race" ||
                                        bug->bug_class == "memory-leak")) {
        skipped.push_back(fmt::format("{} ({})", bug->id, configuration));
        continue;
      }
      require_bug_build(project.bug_binary(*bug, impl, engine.preset()), engine.preset());
      if (engine.preset() != "fuzz") require_bug_build(project.bug_binary(*bug, impl), "fuzz");
      out.push_back({bug->component, impl, bug, &engine});
    }
  }
  if (!skipped.empty()) {
    fmt::print("{}: left out, its builds have no integer sanitizers, ThreadSanitizer or leak "
               "check (the libfuzzer engine fuzzes them): {}\n",
               engine.name(), fmt::join(skipped, ", "));
  }
  return out; // empty for one engine of several is no error: create_campaign checks the whole
}

// The harness's own targets, or those of them --impls names.
std::vector<Planned> plan_harness_runs(const Project &project, const FuzzOptions &o) {
  const auto targets = project.harness_targets();
  for (const auto &impl : o.impls) {
    if (std::find(targets.begin(), targets.end(), impl) == targets.end()) {
      throw UserError(fmt::format("the harness has no fuzz target '{}' (its targets: {})", impl,
                                  fmt::join(targets, ",")));
    }
  }
  std::vector<Planned> out;
  for (const auto &target : targets) {
    if (!o.impls.empty() && std::find(o.impls.begin(), o.impls.end(), target) == o.impls.end()) {
      continue;
    }
    require_built(project.fuzz_binary(kHarnessComponent, target), "fuzz");
    out.push_back({kHarnessComponent, target});
  }
  return out;
}

template <typename T> void add_once(std::vector<T> &v, const T &value) {
  if (std::find(v.begin(), v.end(), value) == v.end()) v.push_back(value);
}

} // namespace

fs::path run_binary(const Project &project, const RunRow &run, const Engine &engine) {
  if (run.bug.empty()) return project.fuzz_binary(run.component, run.impl, engine.preset());
  return project.bug_binary(project.bug(run.bug), run.impl, engine.preset());
}

CampaignRow create_campaign(const Project &project, Store &store, const FuzzOptions &o) {
  CampaignRow c;
  c.name =
      o.campaign.empty()
          ? fresh_name("fuzz",
                       [&](const std::string &n) { return store.find_campaign(n).has_value(); })
          : o.campaign;
  require_plain_name("campaign", c.name);
  if (store.find_campaign(c.name)) {
    throw UserError(
        fmt::format("campaign '{}' exists already; continue it with --resume {}", c.name, c.name));
  }
  // --engine all: every engine fuzzes every run of the plan, the same seeds and budget each.
  std::vector<const Engine *> engines;
  for (const auto &name : o.engine == kAllEngines ? engine_names() : std::vector{o.engine}) {
    engines.push_back(&engine_named(name));
  }
  if (engines.size() > 1 && !o.extra_flags.empty()) {
    throw UserError("flags after -- are one engine's: give --engine with them, not all");
  }
  std::vector<std::string> names;
  for (const Engine *e : engines) names.push_back(e->name());
  c.engine = fmt::format("{}", fmt::join(names, ","));
  std::vector<Planned> plan;
  for (const Engine *engine : engines) {
    std::vector<Planned> of_engine;
    if (o.harness) {
      if (engine->preset() != "fuzz") {
        throw UserError(
            fmt::format("--harness fuzzes the harness's readers with the libfuzzer engine "
                        "only (the {} preset does not build them)",
                        engine->preset()));
      }
      c.components = {kHarnessComponent};
      of_engine = plan_harness_runs(project, o);
    } else if (o.bugs.empty()) {
      c.components = o.components.empty() ? project.component_names() : o.components;
      of_engine = plan_target_runs(project, o, *engine, c.components);
    } else {
      of_engine = plan_bug_runs(project, o, *engine);
      for (const auto &p : of_engine) {
        add_once(c.components, p.component);
        add_once(c.bugs, p.bug->id);
      }
    }
    plan.insert(plan.end(), of_engine.begin(), of_engine.end());
  }
  if (plan.empty() && !o.bugs.empty()) {
    throw UserError("no seeded bug matches --bugs, --components and --impls");
  }
  for (const auto &p : plan) add_once(c.impls, p.impl);
  c.created = now_iso8601();
  c.budget_seconds = o.budget_seconds;
  c.trials = o.trials;
  c.jobs = o.jobs > 0 ? o.jobs : available_cores();
  c.extra_flags = o.extra_flags;
  c.timeout_seconds = o.timeout_seconds;
  c.rss_limit_mb = o.rss_limit_mb;
  c.status = "fuzzing";
  // The first engine's build is recorded (another engine's preset differs in its coverage
  // instrumentation: `build-flags --preset afl --check` shows the afl preset's); each run records
  // its engine.
  c.environment_id = store.add_environment(capture_environment(project, engines.front()->preset()));

  Transaction tx(store.db());
  c.id = store.add_campaign(c);
  const fs::path dir = project.campaign_dir(c.name);
  // Every (target, trial) in one random order, so neither language's trials all run first on a
  // machine whose load drifts; seeded by the campaign's name, and the order is the runs' ids.
  std::vector<std::pair<const Planned *, int>> order;
  for (const auto &p : plan)
    for (int trial = 1; trial <= c.trials; trial++) order.emplace_back(&p, trial);
  std::mt19937_64 shuffle_rng(std::hash<std::string>{}(c.name));
  for (size_t i = order.size(); i > 1; i--) std::swap(order[i - 1], order[shuffle_rng() % i]);
  for (const auto &[p, trial] : order) {
    const std::string bug = p->bug ? p->bug->id : "";
    const std::string label = p->bug ? bug : p->component;
    RunRow r;
    r.campaign_id = c.id;
    r.component = p->component;
    r.impl = p->impl;
    r.bug = bug;
    r.trial = trial;
    r.engine = p->engine->name();
    r.seed = run_seed(c.name, label, p->impl, trial);
    r.status = "pending";
    // With several engines a run's folder names its engine too.
    const std::string engine_part = engines.size() > 1 ? "-" + r.engine : "";
    r.dir = (dir / "runs" / fmt::format("{}-{}{}-{}", label, p->impl, engine_part, trial)).string();
    copy_seeds(project.seeds(p->component), fs::path(r.dir) / "corpus",
               p->bug ? p->bug->witness : fs::path());
    fs::create_directories(fs::path(r.dir) / "artifacts");
    r.id = store.add_run(r);
  }
  tx.commit();
  return c;
}

} // namespace twinbench::cli
