// A callgrind dump as `twinbench bench --measure instructions` reads it
// (harness/cli/bench/instructions.cc): refused with a UserError or read; what is read, written
// back as callgrind writes it and read again, gives the same counts; the analysis (instructions
// and estimated cycles per byte) takes any count the reader accepted.
#include <fmt/format.h>

#include "bench/instructions.h"
#include "common/project.h"
#include "invariant.h"

using namespace twinbench;

namespace {

std::string callgrind_form(const cli::InstructionCount &c) {
  return fmt::format("# callgrind format\nversion: 1\ncmd: twinbench_bench\n"
                     "desc: Trigger: Client Request: twinbench {} {} {}\n"
                     "events: Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw\n"
                     "fl=(1) case.cc\nfn=(1) loop\n0 1\n"
                     "totals: {} {} {} {} {} {} {} {} {}\n",
                     c.iterations, c.bytes_per_operation, c.name, c.ir, c.dr, c.dw, c.i1mr, c.d1mr,
                     c.d1mw, c.ilmr, c.dlmr, c.dlmw);
}

bool same(const cli::InstructionCount &a, const cli::InstructionCount &b) {
  return a.name == b.name && a.component == b.component && a.case_name == b.case_name &&
         a.impl == b.impl && a.size == b.size && a.iterations == b.iterations &&
         a.bytes_per_operation == b.bytes_per_operation && a.ir == b.ir && a.dr == b.dr &&
         a.dw == b.dw && a.i1mr == b.i1mr && a.d1mr == b.d1mr && a.d1mw == b.d1mw &&
         a.ilmr == b.ilmr && a.dlmr == b.dlmr && a.dlmw == b.dlmw;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  cli::InstructionCount count;
  try {
    count = cli::parse_callgrind_dump(selffuzz::text_of(data, size), "callgrind.out.1");
  } catch (const cli::UserError &) {
    return 0;
  }
  const std::string again = callgrind_form(count);
  try {
    selffuzz::violation_unless(same(count, cli::parse_callgrind_dump(again, "again")),
                               "callgrind_dump: a count changed in a round trip: ", again);
  } catch (const cli::UserError &e) {
    selffuzz::invariant_violation(std::string("callgrind_dump: a dump written back is refused: ") +
                                  e.what());
  }
  cli::analyze_instructions({count});
  return 0;
}
