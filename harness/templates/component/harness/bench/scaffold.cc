// scaffold benchmark case: copy random bytes, at every standard size, for every
// implementation. Bytes processed = input bytes copied.
#include <string>

#include "cases.h"
#include "twinbench/implementations.h"
#include "twinbench/scaffold.h"

TB_DECLARE_IMPLEMENTATIONS(scaffold)

namespace twinbench::bench {
namespace {

void bench_copy(Measure &measure, const tb_scaffold_api &api, size_t size) {
  const auto input = random_bytes(size, 7);
  std::vector<uint8_t> out(size);
  size_t written = 0;
  if (api.copy(input.data(), size, out.data(), out.size(), &written) != TB_OK || written != size ||
      out != input) {
    measure.skip("wrong copy");
    return;
  }
  measure.repeat(static_cast<int64_t>(size), [&] {
    api.copy(input.data(), size, out.data(), out.size(), &written);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  });
}

const bool registered = [] {
  register_case<tb_scaffold_api>("scaffold", "copy", TB_IMPLEMENTATIONS(scaffold), standard_sizes,
                                 bench_copy);
  return true;
}();

} // namespace
} // namespace twinbench::bench
