/* The C twin without the API table, for the benchmark's c-native cases: a loop in C calling the
 * twin's functions directly, as native_loop.rs does for the Rust crate (the contract in
 * twinbench/native_loops.h). */
#include "operations.h"
#include "twinbench/native_loops.h"

tb_status tb_c_native_base64_encode(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_cap,
                                    uint32_t flags, uint64_t iterations) {
  tb_status st = TB_OK;
  size_t written;
  for (uint64_t i = 0; i < iterations; i++) {
    tb_native_observe(in);
    st = tb_c_base64_encode(in, in_len, out, out_cap, flags, &written);
    tb_native_observe(out);
  }
  return st;
}

tb_status tb_c_native_base64_decode(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_cap,
                                    uint32_t flags, uint64_t iterations) {
  tb_status st = TB_OK;
  size_t written, error_offset;
  for (uint64_t i = 0; i < iterations; i++) {
    tb_native_observe(in);
    st = tb_c_base64_decode(in, in_len, out, out_cap, flags, &written, &error_offset);
    tb_native_observe(out);
  }
  return st;
}
