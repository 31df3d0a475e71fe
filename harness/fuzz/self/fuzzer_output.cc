// libFuzzer's output as the scheduler reads it (harness/cli/fuzz/fuzzer_output.cc): each line
// of a hostile log as a status line, the -print_final_stats block, artifact names. Beyond not
// crashing, a status line read, written back in libFuzzer's form and read again gives the same
// figures.
#include <fmt/format.h>

#include "fuzz/fuzzer_output.h"
#include "invariant.h"

using namespace twinbench;

namespace {

std::string libfuzzer_form(const cli::FuzzerStatus &s) {
  return fmt::format("#{}{}{} cov: {} ft: {} corp: {}/1Kb exec/s: {} rss: {}Mb", s.execs,
                     s.event.empty() ? "" : "\t", s.event, s.cov, s.ft, s.corpus,
                     s.execs_per_second, s.rss_mb);
}

bool same(const cli::FuzzerStatus &a, const cli::FuzzerStatus &b) {
  return a.execs == b.execs && a.cov == b.cov && a.ft == b.ft && a.corpus == b.corpus &&
         a.execs_per_second == b.execs_per_second && a.rss_mb == b.rss_mb && a.event == b.event;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const std::string log = selffuzz::text_of(data, size);
  size_t begin = 0;
  while (begin <= log.size()) {
    const size_t end = std::min(log.find('\n', begin), log.size());
    const std::string line = log.substr(begin, end - begin);
    begin = end + 1;
    if (const auto status = cli::parse_status_line(line)) {
      const std::string again = libfuzzer_form(*status);
      const auto reread = cli::parse_status_line(again);
      selffuzz::violation_unless(
          reread && same(*status, *reread),
          "fuzzer_output: a status line written back reads differently: ", again);
    }
    const std::string kind = cli::artifact_kind(line);
    selffuzz::violation_unless(kind.empty() || line.starts_with(kind + "-"),
                               "fuzzer_output: an artifact kind its name does not start with");
  }
  cli::final_stat(log, "number_of_executed_units");
  return 0;
}
