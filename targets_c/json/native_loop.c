/* The C twin without the API table, for the benchmark's c-native cases: a loop in C calling the
 * twin's parse directly, as native_loop.rs does for the Rust crate (the contract in
 * twinbench/native_loops.h). */
#include "parse.h"
#include "twinbench/native_loops.h"

tb_status tb_c_native_json_parse(const uint8_t *in, size_t len, uint32_t max_depth, uint64_t *tape,
                                 size_t tape_cap, uint8_t *arena, size_t arena_cap,
                                 uint64_t iterations) {
  tb_json_doc doc = {tape, tape_cap, 0, arena, arena_cap, 0};
  tb_status st = TB_OK;
  size_t error_offset;
  for (uint64_t i = 0; i < iterations; i++) {
    tb_native_observe(in);
    st = tb_c_json_parse(in, len, max_depth, &doc, &error_offset);
    tb_native_observe(tape);
  }
  return st;
}
