#include "fuzz/campaign_setup.h"

#include <algorithm>
#include <functional>
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <openssl/evp.h>

#include "common/environment.h"
#include "store/sqlite.h"

namespace twinbench::cli {

namespace {

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

} // namespace

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
  // no selected component fuzzes is an error (a baseline is benchmarked only); one some of them
  // lack is skipped for those. Names are checked before binaries, so a typo reads as a typo.
  for (const auto &impl : o.impls) {
    bool fuzzed = false;
    std::string baseline_of;
    for (const auto &comp : c.components) {
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
                                impl, fmt::join(c.components, ",")));
  }
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
  c.created = now_iso8601();
  c.budget_seconds = o.budget_seconds;
  c.trials = o.trials;
  c.jobs = o.jobs > 0 ? o.jobs : available_cores();
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

} // namespace twinbench::cli
