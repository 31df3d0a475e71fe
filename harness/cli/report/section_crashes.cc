// The crash appendix: every unique crash of the campaign with where it was seen, how often it
// reproduced, how to reproduce it, and its input.
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "report/report.h"
#include "report/sections.h"

namespace twinbench::cli {
namespace {

// Of a campaign of several engines: "every engine (libFuzzer, AFL++)" or "only AFL++".
std::string found_by_engines_text(const Crash &c, size_t engines) {
  return c.engines.size() == engines ? fmt::format("every engine ({})", fmt::join(c.engines, ", "))
                                     : fmt::format("only {}", fmt::join(c.engines, ", "));
}

doc::Article crash_article(const Crash &c, const Methodology &m, size_t engines) {
  doc::Article a{fmt::format("crash-{}", c.id),
                 fmt::format("Crash {}: {} — {}", c.id, c.crash_class, c.type),
                 {}};
  std::string first = c.first_seen;
  if (c.first_seen_at) {
    first +=
        fmt::format(" ({:.0f} s into {})", c.first_seen_at->elapsed_seconds, c.first_seen_at->by);
  }
  doc::Definitions facts;
  facts.entries = {
      {"found by", c.found_by + " (" + c.component + ")", false, {}},
      {"signature", c.signature, true, {}},
      {"top frames", fmt::format("{}", fmt::join(c.frames, " ← ")), true, {}},
      {"first seen", first, false, {}},
      {"times seen", std::to_string(c.count), false, {}},
      {"found in", fmt::format("{}", fmt::join(c.found_in, "; ")), false, {}},
      {"reproduced", fmt::format("{:.0f}% of tries", 100 * c.reliability), false, {}},
      {"reproduce", c.reproduce, true, {}},
      {"or directly", c.reproduce_direct, true, {}},
      {c.input_minimized ? "minimised input" : "input",
       fmt::format("{} bytes{}", c.input_size,
                   c.input_dump_cut ? fmt::format(" (dump shows the first {})", m.input_dump_limit)
                                    : ""),
       false,
       {}}};
  if (!c.engines.empty()) {
    facts.entries.insert(facts.entries.begin() + 6,
                         {"engines", found_by_engines_text(c, engines), false, {}});
  }
  doc::add(a.blocks, std::move(facts));
  doc::add(a.blocks, doc::Code{c.input_dump, "text"});
  return a;
}

} // namespace

namespace sections {

doc::Section crashes(const ReportModel &model) {
  doc::Section s{"crashes", "Crash appendix", {}};
  if (model.crashes.empty()) doc::add(s.blocks, doc::Paragraph{"No crash was found.", false});
  const size_t engines = model.fuzzing ? model.fuzzing->campaign.engines.size() : 1;
  if (engines > 1 && !model.crashes.empty()) {
    // Which engines found each unique crash, counted: found by every one, or only by one.
    std::map<std::string, int> found;
    for (const auto &c : model.crashes) found[found_by_engines_text(c, engines)]++;
    std::vector<std::string> parts;
    for (const auto &[text, n] : found) parts.push_back(fmt::format("{} by {}", n, text));
    doc::add(s.blocks,
             doc::Paragraph{fmt::format("Campaign {} fuzzed every target with {} engines; of its "
                                        "{} unique crashes (one signature each, whichever engine "
                                        "found it), {}.",
                                        model.fuzzing->campaign.name, engines, model.crashes.size(),
                                        fmt::join(parts, ", ")),
                            false});
  }
  for (const auto &c : model.crashes)
    doc::add(s.blocks, crash_article(c, model.methodology, engines));
  return s;
}

} // namespace sections
} // namespace twinbench::cli
