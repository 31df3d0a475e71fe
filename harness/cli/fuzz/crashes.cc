// `twinbench crashes`, `twinbench repro` and `twinbench corpus merge`: reading and using what
// campaigns recorded.
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "common/environment.h"
#include "common/process.h"
#include "common/table.h"
#include "fuzz/engine.h"
#include "fuzz/sarif.h"
#include "fuzz/triage.h"
#include "store/store.h"

namespace twinbench::cli {

namespace {

CampaignRow campaign_or_latest(Store &store, const std::string &name) {
  if (!name.empty()) {
    auto c = store.find_campaign(name);
    if (!c) throw UserError("no campaign '" + name + "' in the store");
    return *c;
  }
  auto all = store.campaigns();
  if (all.empty()) throw UserError("the store holds no campaign yet");
  return all.back();
}

// Every campaign that recorded one signature: where the crash was seen.
nlohmann::json sightings_json(const std::vector<Sighting> &sightings) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto &s : sightings) {
    out.push_back({{"campaign", s.campaign},
                   {"origin", s.origin},
                   {"crash", s.crash_id},
                   {"count", s.count},
                   {"first_seen", s.first_seen}});
  }
  return out;
}

} // namespace

fs::path existing_store(const Project &project, const fs::path &db) {
  fs::path p = db.empty() ? project.default_store() : db;
  if (!fs::exists(p)) throw UserError("no store at " + p.string() + " (run twinbench fuzz first)");
  return p;
}

int crashes_command(const Project &project, const CrashesOptions &options) {
  Store store(existing_store(project, options.db));
  std::optional<int64_t> campaign_id;
  std::map<int64_t, std::string> campaign_names;
  for (const auto &c : store.campaigns()) campaign_names[c.id] = c.name;
  if (!options.campaign.empty()) campaign_id = campaign_or_latest(store, options.campaign).id;
  auto crashes = store.crashes(campaign_id);
  if (!options.sarif.empty()) {
    // No release numbers: the checkout's commit is the version, as semver build metadata (a
    // SARIF version starts with a number); its README says what the tool is.
    std::string version = "0.0.0+unknown";
    if (const auto git = find_program("git")) {
      const Captured revision =
          run_captured({git->string(), "-C", project.root.string(), "rev-parse", "HEAD"}, {}, 30);
      if (revision.status.ok())
        version = "0.0.0+" + revision.output.substr(0, revision.output.find('\n'));
    }
    const SarifTool tool{version, "file://" + (project.root / "README.md").string()};
    write_file_atomically(options.sarif, sarif_log(crashes, campaign_names, tool).dump(2) + "\n");
    if (!options.json) {
      fmt::print("wrote {} unique crashes as SARIF 2.1.0 to {}\n", crashes.size(),
                 options.sarif.string());
    }
  }
  if (options.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto &c : crashes) {
      out.push_back({{"id", c.id},
                     {"campaign", campaign_names[c.campaign_id]},
                     {"signature", c.signature},
                     {"component", c.component},
                     {"side", c.side},
                     {"type", c.type},
                     {"class", c.crash_class},
                     {"frames", c.frames},
                     {"first_seen", c.first_seen},
                     {"count", c.count},
                     {"reliability", c.reliability},
                     {"binary", c.binary},
                     {"input", c.input_path},
                     {"minimized", c.minimized_path},
                     {"report", c.report_path},
                     {"sightings", sightings_json(store.sightings(c.signature))}});
    }
    fmt::print("{}\n", out.dump(2));
  } else {
    std::vector<Row> rows;
    for (const auto &c : crashes) {
      std::vector<std::string> elsewhere;
      for (const auto &s : store.sightings(c.signature)) {
        if (s.crash_id != c.id) elsewhere.push_back(s.campaign);
      }
      rows.push_back({std::to_string(c.id), campaign_names[c.campaign_id], c.component, c.side,
                      c.crash_class, c.type, std::to_string(c.count),
                      fmt::format("{:.0f}%", 100 * c.reliability), c.first_seen,
                      c.frames.empty() ? "" : c.frames.front(),
                      fmt::format("{}", fmt::join(elsewhere, ", "))});
    }
    fmt::print("{}", render_table({"crash", "campaign", "component", "side", "class", "type",
                                   "count", "repro", "first seen", "top frame", "also in"},
                                  rows));
    fmt::print("{} unique crashes\n", crashes.size());
  }
  return options.fail_on_crash && !crashes.empty() ? 1 : 0;
}

int repro_command(const Project &project, const ReproOptions &options) {
  Store store(existing_store(project, options.db));
  auto crash = store.crash(options.crash_id);
  if (!crash) throw UserError(fmt::format("no crash {} in the store", options.crash_id));
  const std::string input = options.minimized && !crash->minimized_path.empty()
                                ? crash->minimized_path
                                : crash->input_path;
  if (!fs::exists(input)) throw UserError("the crash's input " + input + " is gone");
  require_built(crash->binary, "fuzz");
  fmt::print("reproducing crash {} ({} {}): {} {}\n", crash->id, crash->crash_class, crash->type,
             crash->binary, input);
  std::fflush(stdout);
  Reproduction r = reproduce(crash->binary, input, crash->component, project.root, 1, {});
  fmt::print("{}\n", r.report);
  if (!r.reproduced) {
    fmt::print("crash {} did not reproduce\n", crash->id);
    return 1;
  }
  const auto &c = r.classification;
  fmt::print("reproduced: {} / {}{}\n", c.crash_class, c.type,
             c.signature == crash->signature ? ""
                                             : " (a different signature: " + c.signature + ")");
  return 0;
}

int corpus_merge_command(const Project &project, const CorpusMergeOptions &options) {
  Store store(existing_store(project, options.db));
  CampaignRow campaign = campaign_or_latest(store, options.campaign);
  if (campaign.of_the_harness()) {
    throw UserError(fmt::format("campaign {} fuzzed the harness's own readers: its corpora are "
                                "kept in its runs, not merged into a component's seeds",
                                campaign.name));
  }
  if (!campaign.bugs.empty()) {
    throw UserError(fmt::format("campaign {} fuzzed seeded bugs: its corpora are not merged into "
                                "the seeds (they would hand later ground-truth campaigns their "
                                "bugs)",
                                campaign.name));
  }
  std::map<std::string, std::vector<fs::path>> corpora;
  for (const auto &r : store.runs(campaign.id))
    corpora[r.component].push_back(engine_named(r.engine).corpus(r.dir));
  int failures = 0;
  for (const auto &[comp, dirs] : corpora) {
    // The _diff binary holds every implementation: its coverage is the union of theirs. A
    // component with one implementation has no _diff; its one binary is the union.
    const fs::path binary = require_built(
        project.fuzz_binary(comp, project.component(comp).fuzz_targets().back()), "fuzz");
    const fs::path seeds = project.seeds(comp);
    fs::create_directories(seeds);
    size_t before = std::distance(fs::directory_iterator(seeds), fs::directory_iterator{});
    Captured c = run_captured(merge_command(binary, project.dictionary(comp), seeds, dirs),
                              sanitizer_environment(), 3600);
    size_t after = std::distance(fs::directory_iterator(seeds), fs::directory_iterator{});
    if (!c.status.ok()) {
      failures++;
      fmt::print(stderr, "twinbench: merging {} failed ({})\n", comp, c.status.describe());
      continue;
    }
    fmt::print("{}: {} inputs added to {} ({} now)\n", comp, after - before, seeds.string(), after);
  }
  return failures ? 1 : 0;
}

} // namespace twinbench::cli
