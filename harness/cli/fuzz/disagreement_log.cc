#include "fuzz/disagreement_log.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "fuzz/canary_log.h"

namespace twinbench::cli {

std::vector<Disagreement> read_disagreement_log(const std::filesystem::path &log) {
  struct Tally {
    Disagreement d;
    int64_t firsts = 0, counted = 0;
  };
  std::vector<Tally> tallies;
  std::ifstream in(log);
  std::optional<Launch> launch;
  for (std::string line; std::getline(in, line);) {
    if (in.eof()) break; // a last line without its newline: cut short by a kill (canary_log.cc)
    std::istringstream fields(line);
    int64_t ms = 0;
    std::string what;
    if (!(fields >> ms >> what)) continue;
    if (what == "launch") {
      double elapsed = 0;
      if (fields >> elapsed) launch = Launch{ms, elapsed};
      continue;
    }
    Disagreement d;
    std::string last;
    if (!(fields >> d.component >> d.kind >> d.pair >> last)) continue; // cut short by a kill
    auto t = std::find_if(tallies.begin(), tallies.end(), [&](const Tally &o) {
      return o.d.component == d.component && o.d.kind == d.kind && o.d.pair == d.pair;
    });
    if (t == tallies.end()) t = tallies.insert(tallies.end(), Tally{d});
    if (what == "first") {
      t->firsts++;
      if (t->d.example_hex.empty() && last != "-") t->d.example_hex = last;
      if (!t->d.first_seconds && launch) t->d.first_seconds = seconds_into_run(*launch, ms);
    } else if (what == "count") {
      try {
        // A count is never negative; a sum past int64 stays at its largest.
        if (const long long n = std::stoll(last);
            n > 0 && __builtin_add_overflow(t->counted, n, &t->counted)) {
          t->counted = INT64_MAX;
        }
      } catch (const std::exception &) {
      }
    }
  }
  // Each process that met a kind wrote one first line; those that exited cleanly, a count.
  std::vector<Disagreement> out;
  for (auto &t : tallies) {
    t.d.count = std::max(t.counted, t.firsts);
    out.push_back(std::move(t.d));
  }
  return out;
}

} // namespace twinbench::cli
