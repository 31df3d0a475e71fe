// The crash appendix: every unique crash of the campaign with where it was seen, how often it
// reproduced, how to reproduce it, and its input.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "report/report.h"
#include "report/sections.h"

namespace twinbench::cli {
namespace {

doc::Article crash_article(const Crash &c, const Methodology &m) {
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
  doc::add(a.blocks, std::move(facts));
  doc::add(a.blocks, doc::Code{c.input_dump, "text"});
  return a;
}

} // namespace

namespace sections {

doc::Section crashes(const ReportModel &model) {
  doc::Section s{"crashes", "Crash appendix", {}};
  if (model.crashes.empty()) doc::add(s.blocks, doc::Paragraph{"No crash was found.", false});
  for (const auto &c : model.crashes) doc::add(s.blocks, crash_article(c, model.methodology));
  return s;
}

} // namespace sections
} // namespace twinbench::cli
