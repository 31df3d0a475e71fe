// inflate fuzz driver. Spec: docs/components/inflate.md
//   one implementation: decompress.h's checks, and what it accepts must have a valid RFC 1950
//                       header and end with the Adler-32 of its output (both checked here,
//                       not by the implementation);
//   diff:               every implementation: accepted or not (errors by class) and the bytes;
//                       the spec's known differences are disagreements, not findings.
#include <string>
#include <vector>

#include "decompress.h"
#include "twinbench/implementations.h"
#include "twinbench/inflate.h"

TB_DECLARE_IMPLEMENTATIONS(inflate)

namespace twinbench::fuzz {
namespace {

#ifdef TB_FUZZ_DIFF
// The spec's known differences (docs/components/inflate.md), by the results they show.
const char *known_difference(const char *a_impl, const decompress::Compared &a, const char *b_impl,
                             const decompress::Compared &b) {
  const std::string a_name = a_impl, b_name = b_impl;
  if (a_name != "zlib" || b_name != "miniz-oxide") return nullptr;
  // one-code-length: zlib refuses a distance code set of one code longer than one bit (RFC 1951
  // 3.2.7 says one bit); miniz_oxide takes any one-code set and decodes on.
  if (a.status == TB_ERR_CORRUPT && b.status_class != "rejected") return "one-code-length";
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
  // adler-unchecked: built with `--cfg fuzzing` (OSS-Fuzz's builds), miniz_oxide skips the
  // Adler-32 check.
  if (a.status == TB_ERR_BAD_CHECKSUM && b.status == TB_OK) return "adler-unchecked";
#endif
  return nullptr;
}
#else
uint32_t adler32(const std::vector<uint8_t> &bytes) {
  uint32_t a = 1, b = 0;
  for (uint8_t byte : bytes) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return b << 16 | a;
}

void check(const tb_inflate_api &api, const uint8_t *data, size_t size) {
  const decompress::Result r = decompress::check("inflate", api, data, size);
  if (r.status != TB_OK) return;
  const std::string input = hex(data, size);
  if (size < 6) violation("inflate", "accepted " + input + ", shorter than header + Adler-32");
  const unsigned cmf = data[0], flg = data[1];
  if ((cmf * 256 + flg) % 31 != 0 || (cmf & 15) != 8 || (cmf >> 4) > 7 || (flg & 0x20) != 0) {
    violation("inflate", "accepted a header RFC 1950 forbids: " + input);
  }
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
  // OSS-Fuzz's builds give Rust crates `--cfg fuzzing`, and miniz_oxide then skips the Adler-32
  // on purpose (the spec's adler-unchecked): the trailer is held to nothing there, on any side.
  return;
#endif
  const uint32_t trailer = static_cast<uint32_t>(data[size - 4]) << 24 |
                           static_cast<uint32_t>(data[size - 3]) << 16 |
                           static_cast<uint32_t>(data[size - 2]) << 8 | data[size - 1];
  if (trailer != adler32(r.bytes)) {
    violation("inflate", "accepted " + input + " whose Adler-32 is not its output's");
  }
}
#endif

} // namespace
} // namespace twinbench::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const twinbench::fuzz::CurrentInput input(data, size);
  static const std::vector<const tb_inflate_api *> impls = TB_IMPLEMENTATIONS(inflate);
#ifdef TB_FUZZ_DIFF
  twinbench::fuzz::decompress::compare("inflate", impls, data, size,
                                       twinbench::fuzz::known_difference);
#else
  twinbench::fuzz::check(*impls[0], data, size);
#endif
  return 0;
}
