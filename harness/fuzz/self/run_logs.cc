// A run's canary log and disagreement log as the scheduler reads them
// (harness/cli/fuzz/canary_log.cc, disagreement_log.cc): lines written by processes that may
// be killed at any byte. Every time read is a finite number of seconds, never negative, and a
// count is never negative; a log cut short (a kill) keeps what it had: every time and kind the
// cut log shows, the whole log shows the same.
#include <algorithm>
#include <cmath>
#include <fstream>

#include "fuzz/canary_log.h"
#include "fuzz/disagreement_log.h"
#include "invariant.h"

using namespace twinbench;

namespace {

const std::string bug = "base64-tail-write"; // the seeds' canary log is this bug's

std::filesystem::path written(const std::string &name, const std::string &text) {
  const auto path = selffuzz::scratch_dir() / name;
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
  return path;
}

void check_time(const std::optional<double> &t, const std::string &what) {
  selffuzz::violation_unless(!t || (std::isfinite(*t) && *t >= 0), "run_logs: ", what,
                             " is not a time into the run: ", t ? std::to_string(*t) : "none");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const std::string log = selffuzz::text_of(data, size);
  const std::string cut = log.substr(0, log.size() / 2);

  const auto canary = cli::read_canary_log(written("canary.log", log), bug);
  const auto canary_cut = cli::read_canary_log(written("canary.log", cut), bug);
  check_time(canary.reached, "a canary's reached time");
  check_time(canary.triggered, "a canary's triggered time");
  selffuzz::violation_unless(!canary_cut.reached || canary_cut.reached == canary.reached,
                             "run_logs: the reached time a cut canary log shows moved");
  selffuzz::violation_unless(!canary_cut.triggered || canary_cut.triggered == canary.triggered,
                             "run_logs: the triggered time a cut canary log shows moved");

  const auto kinds = cli::read_disagreement_log(written("disagreements.log", log));
  const auto kinds_cut = cli::read_disagreement_log(written("disagreements.log", cut));
  for (const auto &d : kinds) {
    check_time(d.first_seconds, "a disagreement's first sighting");
    selffuzz::violation_unless(d.count >= 0, "run_logs: a negative disagreement count");
  }
  for (const auto &c : kinds_cut) {
    const auto whole = std::find_if(kinds.begin(), kinds.end(), [&](const auto &d) {
      return d.component == c.component && d.kind == c.kind && d.pair == c.pair;
    });
    selffuzz::violation_unless(whole != kinds.end(), "run_logs: a kind a cut log shows is gone");
    selffuzz::violation_unless(!c.first_seconds || c.first_seconds == whole->first_seconds,
                               "run_logs: the first sighting a cut log shows moved");
  }
  return 0;
}
