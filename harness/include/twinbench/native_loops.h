/* The twins' native loops, for the benchmark's c-native and rust-native cases: each runs one
 * benchmark case's operation `iterations` times in the twin's own language, calling the twin
 * directly (the C twin's functions in targets_c/<component>/native_loop.c, the Rust crate from
 * targets_rust/ffi/<component>/src/native_loop.rs), so the C++ driver calls it once per batch
 * and both languages run the same loop shape. Benchmark-only: not part of the components'
 * contract, which the other benchmark cases go through. Each language exports the same
 * functions under its prefix, tb_c_native_ or tb_rust_native_. */
#ifndef TWINBENCH_NATIVE_LOOPS_H
#define TWINBENCH_NATIVE_LOOPS_H

#include <stddef.h>
#include <stdint.h>

#include "twinbench/http1.h"
#include "twinbench/ringbuf.h"
#include "twinbench/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Declares one language's loops. */
#define TB_NATIVE_LOOPS(prefix)                                                                    \
  tb_status prefix##base64_encode(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_cap,  \
                                  uint32_t flags, uint64_t iterations);                            \
  tb_status prefix##base64_decode(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_cap,  \
                                  uint32_t flags, uint64_t iterations);                            \
  /* `rb` from the same language's create; zerocopy 0: write/read, 1: through the regions. */      \
  size_t prefix##ringbuf_stream(tb_ringbuf *rb, const uint8_t *in, uint8_t *out, size_t len,       \
                                int zerocopy, uint64_t iterations);                                \
  void prefix##http1_pipeline(const uint8_t *buf, size_t len, uint8_t *scratch, size_t cap,        \
                              uint64_t iterations, tb_http1_pipeline_result *result);              \
  /* One head resumed one byte at a time: its length, 0 on a wrong result. */                      \
  size_t prefix##http1_drip(const uint8_t *head, size_t len, uint64_t iterations);                 \
  tb_status prefix##json_parse(const uint8_t *in, size_t len, uint32_t max_depth, uint64_t *tape,  \
                               size_t tape_cap, uint8_t *arena, size_t arena_cap,                  \
                               uint64_t iterations);

TB_NATIVE_LOOPS(tb_c_native_)
TB_NATIVE_LOOPS(tb_rust_native_)

/* What Rust's std::hint::black_box does for the Rust loops, for the C ones: the compiler must
 * assume `p` is read and the memory behind it written, so no iteration is optimised away. */
static inline void tb_native_observe(const void *p) { __asm__ volatile("" : : "r"(p) : "memory"); }

#ifdef __cplusplus
}
#endif
#endif
