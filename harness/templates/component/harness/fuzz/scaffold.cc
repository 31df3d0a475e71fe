// scaffold fuzz driver. Spec: docs/components/scaffold.md
//   one implementation: the copy must be the input, and one byte too little room must be
//                       output-too-small with nothing written;
//   diff:               every implementation's status and bytes must equal the first's.
#include <vector>

#include "driver.h"
#include "twinbench/implementations.h"
#include "twinbench/scaffold.h"

TB_DECLARE_IMPLEMENTATIONS(scaffold)

namespace twinbench::fuzz {
namespace {

struct Copied {
  tb_status status;
  std::vector<uint8_t> bytes;
  bool operator==(const Copied &) const = default;
};

Copied copy(const tb_scaffold_api &api, const uint8_t *data, size_t size, size_t cap) {
  Caller<uint8_t> out(cap, "the copy output"); // exactly the capacity: ASan sees a write past it
  size_t written = 0;
  tb_status st = api.copy(data, size, out.data(), cap, &written);
  return {st, out.first(written)};
}

#ifdef TB_FUZZ_DIFF
void compare(const std::vector<const tb_scaffold_api *> &impls, const uint8_t *data, size_t size) {
  compare_all(
      "scaffold", impls, [&](const tb_scaffold_api &api) { return copy(api, data, size, size); },
      [&](const Copied &c) {
        return std::vector<Value>{{"copy.status", "status", "", tb_status_name(c.status)},
                                  {"copy.output", "bytes", "", hex(c.bytes)}};
      });
}
#else
void check(const tb_scaffold_api &api, const uint8_t *data, size_t size) {
  Copied c = copy(api, data, size, size);
  if (c.status != TB_OK || c.bytes != std::vector<uint8_t>(data, data + size)) {
    violation("scaffold", "copy of " + hex(data, size) + " gave " + tb_status_name(c.status) + " " +
                              hex(c.bytes));
  }
  if (size > 0) {
    Copied small = copy(api, data, size, size - 1);
    if (small.status != TB_ERR_OUTPUT_TOO_SMALL || !small.bytes.empty()) {
      violation("scaffold",
                "one byte too little room gave " + std::string(tb_status_name(small.status)));
    }
  }
}
#endif

} // namespace
} // namespace twinbench::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const std::vector<const tb_scaffold_api *> impls = TB_IMPLEMENTATIONS(scaffold);
#ifdef TB_FUZZ_DIFF
  twinbench::fuzz::compare(impls, data, size);
#else
  twinbench::fuzz::check(*impls[0], data, size);
#endif
  return 0;
}
