/* json (RFC 8259): the contract every implementation exports. Spec: docs/components/json.md */
#ifndef TWINBENCH_JSON_H
#define TWINBENCH_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "twinbench/status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TB_JSON_DEFAULT_MAX_DEPTH 1024u
#define TB_JSON_MAX_DEPTH_LIMIT 4096u
#define TB_JSON_MAX_INPUT 0xFFFFFFFEu /* tape indices fit in 32 bits */

/* The document is a tape of 64-bit words: a tag in the top byte, a 56-bit payload below. */
enum {
  TB_JSON_ARRAY = '[',      /* payload: index of the word after the matching ']' */
  TB_JSON_OBJECT = '{',     /* payload: index of the word after the matching '}' */
  TB_JSON_ARRAY_END = ']',  /* payload: number of elements */
  TB_JSON_OBJECT_END = '}', /* payload: number of members (a member is a key word + a value) */
  TB_JSON_STRING = '"',     /* payload: offset in the arena; the next word: byte length */
  TB_JSON_INT64 = 'l',      /* the next word: the int64 value */
  TB_JSON_UINT64 = 'u',     /* the next word: the value, above INT64_MAX */
  TB_JSON_DOUBLE = 'd',     /* the next word: the IEEE-754 binary64 bits */
  TB_JSON_TRUE = 't',
  TB_JSON_FALSE = 'f',
  TB_JSON_NULL = 'n', /* payload 0 for these three */
};
#define TB_JSON_TAG(word) ((unsigned)((word) >> 56))
#define TB_JSON_PAYLOAD(word) ((word) & 0x00FFFFFFFFFFFFFFull)

/* Caller-owned buffers. parse needs tape_cap >= len + 1 and arena_cap >= len (the spec proves
 * these bounds), and fills tape_len and arena_len; words and bytes beyond them are unspecified.
 * in, tape and arena must not overlap. */
typedef struct tb_json_doc {
  uint64_t *tape;
  size_t tape_cap;
  size_t tape_len;
  uint8_t *arena; /* decoded string bytes, in document order */
  size_t arena_cap;
  size_t arena_len;
} tb_json_doc;

/* Enough output for the canonical form of any document parsed from len bytes. */
#define TB_JSON_SERIALIZED_MAX(len) (12 * (size_t)(len) + 32)

typedef struct tb_json_api {
  const char *name; /* "c" or "rust" */
  /* Parses one JSON text into doc. max_depth in [1, TB_JSON_MAX_DEPTH_LIMIT] and len up to
   * TB_JSON_MAX_INPUT, else TB_ERR_INVALID_ARGUMENT; buffers below the bounds above:
   * TB_ERR_OUTPUT_TOO_SMALL. On a syntax error *error_offset is the first byte that does not fit
   * (len when the input ends too early) and tape_len = arena_len = 0. */
  tb_status (*parse)(const uint8_t *in, size_t len, uint32_t max_depth, tb_json_doc *doc,
                     size_t *error_offset);
  /* The canonical text of a document from a successful parse (of either twin); *written bytes.
   * TB_ERR_OUTPUT_TOO_SMALL when out_cap is too small (TB_JSON_SERIALIZED_MAX always suffices).
   * C trusts the tape; Rust answers TB_ERR_INVALID_ARGUMENT for a tape no parse could make. */
  tb_status (*serialize)(const tb_json_doc *doc, uint8_t *out, size_t out_cap, size_t *written);
} tb_json_api;

const tb_json_api *tb_json_c(void);
const tb_json_api *tb_json_rust(void);

/* Benchmark baselines (implementations marked "baseline" in corpora/json/component.json):
 * benchmarked beside the twins, not held to the spec. */
/* What one walk over a parsed document finds. Strings include object keys; string_bytes
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
typedef struct tb_json_baseline_api {
  const char *name;
  /* 0: a number may come out one unit in the last place off (serde_json without its
   * float_roundtrip feature); the benchmark counts those instead of refusing them. */
  int32_t rounds_correctly;
  /* A prepared copy of in[..len]; NULL when the library cannot take this input. */
  void *(*prepare)(const uint8_t *in, size_t len);
  /* One timed iteration: parse, free. 0 on success. */
  int32_t (*parse)(void *prepared);
  /* Parses, walks the DOM counting values and storing every number as a double (the first
   * values_cap of them, in the DOM's order), frees. */
  void (*count)(void *prepared, double *values, size_t values_cap, tb_json_counts *counts);
  void (*release)(void *prepared);
} tb_json_baseline_api;

/* cJSON 1.7 (libcjson-dev): cJSON_ParseWithLength + cJSON_Delete. */
const tb_json_baseline_api *tb_json_cjson(void);
/* yajl 2.1 (libyajl-dev): yajl_tree_parse on a NUL-terminated copy + yajl_tree_free. */
const tb_json_baseline_api *tb_json_yajl(void);
/* simdjson 3.0 DOM (libsimdjson-dev): one dom::parser reused on a padded_string. */
const tb_json_baseline_api *tb_json_simdjson(void);
/* serde_json 1.0 (librust-serde-json-dev): from_slice::<Value>, in
 * targets_rust/ffi/json/src/baseline_serde_json.rs. */
const tb_json_baseline_api *tb_json_serde_json(void);

#ifdef __cplusplus
}
#endif
#endif
