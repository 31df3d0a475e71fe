// The Rust twins' native loops (targets_rust/ffi/<comp>/src/native_loop.rs): each runs one
// benchmark case's operation `iterations` times in Rust, calling the component crate directly,
// so a call crosses the FFI once per batch. Benchmark-only: not part of the components'
// contract, which the other benchmark cases go through.
#pragma once

#include <cstddef>
#include <cstdint>

#include "twinbench/http1.h"
#include "twinbench/ringbuf.h"
#include "twinbench/status.h"

extern "C" {

tb_status tb_native_base64_encode(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_cap,
                                  uint32_t flags, uint64_t iterations);
tb_status tb_native_base64_decode(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_cap,
                                  uint32_t flags, uint64_t iterations);

// `rb` from tb_ringbuf_rust()->create; zerocopy 0: write/read, 1: through the regions.
size_t tb_native_ringbuf_stream(tb_ringbuf *rb, const uint8_t *in, uint8_t *out, size_t len,
                                int zerocopy, uint64_t iterations);

void tb_native_http1_pipeline(const uint8_t *buf, size_t len, uint8_t *scratch, size_t cap,
                              uint64_t iterations, tb_http1_pipeline_result *result);
/* One head resumed one byte at a time, `iterations` times: its length, 0 on a wrong result. */
size_t tb_native_http1_drip(const uint8_t *head, size_t len, uint64_t iterations);

tb_status tb_native_json_parse(const uint8_t *in, size_t len, uint32_t max_depth, uint64_t *tape,
                               size_t tape_cap, uint8_t *arena, size_t arena_cap,
                               uint64_t iterations);
}
