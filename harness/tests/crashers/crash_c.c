/* Deliberate C bugs for the triage tests; test-only, never part of a twin. Each is reached
 * through crasher.cc by a 4-byte tag at the start of the input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Writes one byte past a heap block whose size depends on the input. */
void crasher_heap_overflow_write(const uint8_t *data, size_t size) {
  uint8_t *block = malloc(size);
  memcpy(block, data, size);
  block[size] = 1;
  free(block);
}

/* A second, different bug: reads 4 bytes past a heap block. */
uint32_t crasher_heap_overflow_read(const uint8_t *data, size_t size) {
  uint8_t *block = malloc(size);
  memcpy(block, data, size);
  uint32_t value;
  memcpy(&value, block + size, sizeof value);
  free(block);
  return value;
}

uint8_t crasher_use_after_free(const uint8_t *data, size_t size) {
  uint8_t *block = malloc(size);
  memcpy(block, data, size);
  free(block);
  return block[size / 2];
}

void *crasher_leak(const uint8_t *data, size_t size) {
  uint8_t *block = malloc(size + 100);
  memcpy(block, data, size);
  return block;
}

/* Signed overflow: INT32_MAX plus a byte of the input that is never 0 here. */
int32_t crasher_signed_overflow(const uint8_t *data, size_t size) {
  volatile int32_t big = INT32_MAX;
  return big + (int32_t)(size > 4 ? data[4] | 1 : 1);
}
