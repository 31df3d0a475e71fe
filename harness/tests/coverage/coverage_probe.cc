// Test-only fuzz target for the coverage test: the first byte picks the probe function, 'e'
// probe_entered, 'n' probe_never, in C (probe.c) or Rust (rust/src/lib.rs) as linked.
#include <cstddef>
#include <cstdint>

extern "C" uint32_t probe_entered(const uint8_t *data, size_t size);
extern "C" uint32_t probe_never(const uint8_t *data, size_t size);

volatile uint32_t sink;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 0 && data[0] == 'e') sink = probe_entered(data, size);
  if (size > 0 && data[0] == 'n') sink = probe_never(data, size);
  return 0;
}
