// The fuzz driver of a decoder (twinbench/decoder.h) that has no driver of its own: compiled for
// each component whose manifest says "contract": "decoder" and that has no harness/fuzz/<comp>.cc,
// with TB_COMPONENT=<comp> and TB_COMPONENT_HEADER="twinbench/<comp>.h" (Registry.cmake,
// tb_component_driver).
//   one implementation: what the contract says of every decoder (decompress.h's check): an error
//                       writes nothing, a second call gives the same result, and one byte less
//                       room than an accepted input's output is output-too-small;
//   diff:               every implementation: accepted or not (errors by class) and the bytes.
//                       No difference is expected but the order of two errors (error-order):
//                       any other divergence is a finding.
#include <vector>

#include "decompress.h"
#include "twinbench/implementations.h"
#include TB_COMPONENT_HEADER

TB_DECLARE_IMPLEMENTATIONS(TB_COMPONENT)

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const twinbench::fuzz::CurrentInput input(data, size);
  using namespace twinbench::fuzz;
  static const char *const comp = TB_STRING(TB_COMPONENT);
  static const std::vector<const tb_decoder_api *> impls = TB_IMPLEMENTATIONS(TB_COMPONENT);
#ifdef TB_FUZZ_DIFF
  decompress::compare(comp, impls, data, size,
                      [](const char *, const decompress::Compared &, const char *,
                         const decompress::Compared &) -> const char * { return nullptr; });
#else
  decompress::check(comp, *impls[0], data, size);
#endif
  return 0;
}
