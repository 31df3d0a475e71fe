/* The C twin without the API table, for the benchmark's c-native cases: a loop in C calling the
 * twin's functions directly, as native_loop.rs does for the Rust crate (the contract in
 * twinbench/native_loops.h). */
#include <string.h>

#include "operations.h"
#include "twinbench/native_loops.h"

static size_t min_size(size_t a, size_t b) { return a < b ? a : b; }

static size_t copy_in(tb_ringbuf *rb, const uint8_t *data, size_t len) {
  tb_ringbuf_regions r;
  tb_c_ringbuf_write_regions(rb, &r);
  const size_t a = min_size(r.len[0], len), b = min_size(r.len[1], len - a);
  if (a > 0) memcpy(r.ptr[0], data, a);
  if (b > 0) memcpy(r.ptr[1], data + a, b);
  return tb_c_ringbuf_commit(rb, a + b);
}

static size_t copy_out(tb_ringbuf *rb, uint8_t *out, size_t len) {
  tb_ringbuf_regions r;
  tb_c_ringbuf_read_regions(rb, &r);
  const size_t a = min_size(r.len[0], len), b = min_size(r.len[1], len - a);
  if (a > 0) memcpy(out, r.ptr[0], a);
  if (b > 0) memcpy(out + a, r.ptr[1], b);
  return tb_c_ringbuf_discard(rb, a + b);
}

size_t tb_c_native_ringbuf_stream(tb_ringbuf *rb, const uint8_t *in, uint8_t *out, size_t len,
                                  int zerocopy, uint64_t iterations) {
  if (rb == NULL || (in == NULL && len > 0) || (out == NULL && len > 0)) return 0;
  size_t moved = 0;
  for (uint64_t i = 0; i < iterations; i++) {
    tb_native_observe(in);
    if (zerocopy) {
      copy_in(rb, in, len);
      moved = copy_out(rb, out, len);
    } else {
      tb_c_ringbuf_write(rb, in, len);
      moved = tb_c_ringbuf_read(rb, out, len);
    }
    tb_native_observe(out);
  }
  return moved;
}
