/* Test-only: two functions of known size for the coverage test (coverage_probe.cc). An input
 * starting with 'e' enters probe_c_entered and nothing else; probe_c_never is entered by no
 * input of the fuzz test; the vectors' probe enters both. Each function is five lines, from its
 * signature to its closing brace. */
#include <stddef.h>
#include <stdint.h>

uint32_t probe_c_entered(const uint8_t *data, size_t size) {
  uint32_t sum = 0;
  for (size_t i = 0; i < size; i++) sum += data[i];
  return sum;
}

uint32_t probe_c_never(const uint8_t *data, size_t size) {
  uint32_t product = 1;
  for (size_t i = 0; i < size; i++) product *= data[i];
  return product;
}
