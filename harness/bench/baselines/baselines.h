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

/* json: what one walk over a parsed document finds. Strings include object keys; string_bytes
 * counts their decoded (UTF-8) bytes. */
typedef struct tb_json_counts {
  size_t objects;
  size_t arrays;
  size_t strings;
  size_t string_bytes;
  size_t numbers;
  size_t integers; /* numbers the DOM keeps as integers, when integers_known */
  size_t trues;
  size_t falses;
  size_t nulls;
  int32_t integers_known; /* 0: the DOM does not tell integers from doubles (cJSON) */
  int32_t failed;         /* nonzero: the library refused the input */
} tb_json_counts;

/* A JSON library as the benchmark drives it: the input is prepared once (copied into the form
 * the library wants: NUL-terminated, padded, with a reusable parser), then each timed iteration
 * parses it into the library's DOM and frees that DOM. */
typedef struct tb_json_baseline {
  const char *name;
  /* A prepared copy of in[..len]; NULL when the library cannot take this input. */
  void *(*prepare)(const uint8_t *in, size_t len);
  /* One timed iteration: parse, free. 0 on success. */
  int32_t (*parse)(void *prepared);
  /* Parses, walks the DOM counting values and storing every number as a double (the first
   * values_cap of them, in the DOM's order), frees. */
  void (*count)(void *prepared, double *values, size_t values_cap, tb_json_counts *counts);
  void (*release)(void *prepared);
} tb_json_baseline;

/* cJSON 1.7 (libcjson-dev): cJSON_ParseWithLength + cJSON_Delete. */
const tb_json_baseline *tb_json_baseline_cjson(void);
/* yajl 2.1 (libyajl-dev): yajl_tree_parse on a NUL-terminated copy + yajl_tree_free. */
const tb_json_baseline *tb_json_baseline_yajl(void);
/* simdjson 3.0 DOM (libsimdjson-dev): one dom::parser reused on a padded_string. */
const tb_json_baseline *tb_json_baseline_simdjson(void);
/* serde_json 1.0 (librust-serde-json-dev): from_slice::<Value>, in
 * targets_rust/ffi/src/baseline_serde_json.rs. */
const tb_json_baseline *tb_json_baseline_serde_json(void);

#ifdef __cplusplus
}
#endif
#endif
