/* Baseline libraries wrapped in the twins' API tables, for the benchmarks only. A baseline
 * answers TB_ERR_UNSUPPORTED for what it cannot do; it never gives a different answer. */
#ifndef TWINBENCH_BENCH_BASELINES_H
#define TWINBENCH_BENCH_BASELINES_H

#include <stddef.h>
#include <stdint.h>

#include "twinbench/base64.h"

#ifdef __cplusplus
extern "C" {
#endif

/* OpenSSL's EVP_EncodeBlock / EVP_DecodeBlock: standard alphabet, padded, no offsets. */
const tb_base64_api *tb_base64_baseline_openssl(void);
/* The `base64` crate from Debian (librust-base64-dev), in targets_rust/ffi/src/baselines.rs. */
const tb_base64_api *tb_base64_baseline_rust_crate(void);

/* http1: a baseline's pass over a pipelined request buffer, copying every body's data into
 * `scratch` (cap >= len) as the twins' benchmark loop does. */
typedef struct tb_http1_pipeline_result {
  size_t requests;
  size_t fields;
  size_t body_bytes;
  int32_t failed; /* nonzero: the library refused the input or the counts cannot be trusted */
} tb_http1_pipeline_result;

/* Node's http-parser 2.9 (libhttp-parser-dev), callbacks for URL, fields, body and message end. */
void tb_http1_baseline_http_parser(const uint8_t *buf, size_t len, uint8_t *scratch, size_t cap,
                                   tb_http1_pipeline_result *result);
/* httparse 1.8 (librust-httparse-dev), in targets_rust/ffi/src/baseline_httparse.rs. */
void tb_http1_baseline_httparse(const uint8_t *buf, size_t len, uint8_t *scratch, size_t cap,
                                tb_http1_pipeline_result *result);

#ifdef __cplusplus
}
#endif
#endif
