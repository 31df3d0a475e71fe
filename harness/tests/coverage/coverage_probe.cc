// Test-only fuzz target for the coverage test: the first byte picks the probe function, 'e'
// probe_<lang>_entered, 'n' probe_<lang>_never, in C (probe.c) or Rust (rust/src/lib.rs) as
// TB_PROBE_LANGUAGE says.
#include <cstddef>
#include <cstdint>

#define TB_PROBE_NAME2(lang, what) probe_##lang##_##what
#define TB_PROBE_NAME(lang, what) TB_PROBE_NAME2(lang, what)
#define PROBE_ENTERED TB_PROBE_NAME(TB_PROBE_LANGUAGE, entered)
#define PROBE_NEVER TB_PROBE_NAME(TB_PROBE_LANGUAGE, never)

extern "C" uint32_t PROBE_ENTERED(const uint8_t *data, size_t size);
extern "C" uint32_t PROBE_NEVER(const uint8_t *data, size_t size);

volatile uint32_t sink;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 0 && data[0] == 'e') sink = PROBE_ENTERED(data, size);
  if (size > 0 && data[0] == 'n') sink = PROBE_NEVER(data, size);
  return 0;
}
