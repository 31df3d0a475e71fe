// brotli fuzz driver. Spec: docs/components/brotli.md
//   one implementation: decompress.h's checks (brotli has no checksum to hold the output to);
//   diff:               every implementation: accepted or not (errors by class) and the bytes.
//                       The spec lists no legitimate difference: a divergence is a finding.
#include <vector>

#include "decompress.h"
#include "twinbench/brotli.h"
#include "twinbench/implementations.h"

TB_DECLARE_IMPLEMENTATIONS(brotli)

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  using namespace twinbench::fuzz;
  static const std::vector<const tb_brotli_api *> impls = TB_IMPLEMENTATIONS(brotli);
#ifdef TB_FUZZ_DIFF
  decompress::compare("brotli", impls, data, size,
                      [](const char *, const decompress::Compared &, const char *,
                         const decompress::Compared &) -> const char * { return nullptr; });
#else
  decompress::check("brotli", *impls[0], data, size);
#endif
  return 0;
}
