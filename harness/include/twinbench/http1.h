/* http1 (RFC 9112 requests): the contract every implementation exports. Spec:
 * docs/components/http1.md */
#ifndef TWINBENCH_HTTP1_H
#define TWINBENCH_HTTP1_H

#include <stddef.h>
#include <stdint.h>

#include "twinbench/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tb_http1_limits {
  uint32_t max_fields;           /* field lines in the head (and in a trailer section) */
  uint32_t max_head_bytes;       /* request line through the final CRLF (and trailer section) */
  uint32_t max_target_bytes;     /* request-target */
  uint32_t max_chunk_line_bytes; /* chunk-size and extensions, CRLF not counted */
} tb_http1_limits;

#define TB_HTTP1_DEFAULT_LIMITS {100, 65536, 8192, 4096}
#define TB_HTTP1_MAX_LIMIT (1u << 30)

/* Bytes in[offset .. offset + length) of the caller's input. */
typedef struct tb_http1_span {
  uint32_t offset;
  uint32_t length;
} tb_http1_span;

typedef struct tb_http1_field {
  tb_http1_span name;
  tb_http1_span value; /* surrounding whitespace trimmed */
} tb_http1_field;

enum {
  TB_HTTP1_ORIGIN_FORM = 0,
  TB_HTTP1_ABSOLUTE_FORM,
  TB_HTTP1_AUTHORITY_FORM,
  TB_HTTP1_ASTERISK_FORM
};
enum { TB_HTTP1_BODY_NONE = 0, TB_HTTP1_BODY_LENGTH, TB_HTTP1_BODY_CHUNKED };

typedef struct tb_http1_request {
  tb_http1_span method;
  tb_http1_span target;
  uint8_t version_minor; /* HTTP/1.<version_minor> */
  uint8_t target_form;   /* TB_HTTP1_*_FORM */
  uint8_t body;          /* TB_HTTP1_BODY_* */
  uint8_t reserved;      /* 0 */
  uint32_t field_count;
  uint32_t head_length;    /* the body starts at this offset */
  uint32_t reserved2;      /* 0 */
  uint64_t content_length; /* when body is TB_HTTP1_BODY_LENGTH, else 0 */
} tb_http1_request;

/* Chunked decoder state: caller-owned, private to the twin whose chunked_init filled it. */
typedef struct tb_http1_chunked {
  tb_http1_limits limits;
  uint64_t remaining;  /* chunk-size, then data bytes left in the current chunk */
  uint64_t offset;     /* body bytes consumed by all calls so far */
  uint32_t state;      /* the twin's own state numbers */
  uint32_t line_bytes; /* bytes in the current chunk line */
  uint32_t trailer_bytes;
  uint32_t trailer_fields;
} tb_http1_chunked;

/* Progress through one head whose bytes arrive in pieces (resume_request): caller-owned,
 * zeroed ({0}) before the first call for each head, private to the twin that fills it. It holds
 * what the bytes read so far decided, so a call examines only the bytes it has not seen (and at
 * most the few bytes of an unfinished version or CRLF again). */
typedef struct tb_http1_head {
  tb_http1_span method;
  tb_http1_span target;
  tb_http1_span name;   /* the field line being read: its name */
  uint32_t phase;       /* the twin's own numbers; 0: nothing read yet */
  uint32_t pos;         /* the next byte to examine */
  uint32_t mark;        /* the token being read starts here */
  uint32_t field_count; /* complete field lines, in fields[0 .. field_count) */
  uint32_t hosts;
  uint8_t version_minor;
  uint8_t target_form;
  uint8_t has_length;
  uint8_t transfer_coding; /* 0: no Transfer-Encoding; 1: codings; 2: the last one chunked */
  uint64_t content_length;
} tb_http1_head;

typedef struct tb_http1_api {
  const char *name; /* "c" or "rust" */
  /* TB_OK, TB_NEED_MORE or an error (*error_offset: the first byte that does not fit). */
  tb_status (*parse_request)(const uint8_t *in, size_t len, const tb_http1_limits *limits,
                             tb_http1_request *req, tb_http1_field *fields, size_t fields_cap,
                             size_t *error_offset);
  /* parse_request for bytes that arrive in pieces: call it with one head on the growing input
   * (same start, limits, fields) until it stops saying TB_NEED_MORE; the results are those of
   * parse_request on the same bytes. After any other result, or with fewer bytes than a
   * previous call, TB_ERR_INVALID_ARGUMENT. */
  tb_status (*resume_request)(tb_http1_head *head, const uint8_t *in, size_t len,
                              const tb_http1_limits *limits, tb_http1_request *req,
                              tb_http1_field *fields, size_t fields_cap, size_t *error_offset);
  tb_status (*chunked_init)(tb_http1_chunked *state, const tb_http1_limits *limits);
  /* Needs out_cap >= len; in and out must not overlap. TB_OK when the body ended (*consumed bytes
   * used), TB_NEED_MORE when all input was used, or an error (*error_offset counted from the body's
   * first byte). */
  tb_status (*chunked_decode)(tb_http1_chunked *state, const uint8_t *in, size_t len, uint8_t *out,
                              size_t out_cap, size_t *consumed, size_t *written,
                              size_t *error_offset);
} tb_http1_api;

const tb_http1_api *tb_http1_c(void);
const tb_http1_api *tb_http1_rust(void);

/* Benchmark baselines (implementations marked "baseline" in corpora/http1/component.json):
 * benchmarked beside the twins, not held to the spec. */
/* A baseline's pass over a pipelined request buffer, copying every body's data into
 * `scratch` (cap >= len) as the twins' benchmark loop does. */
typedef struct tb_http1_pipeline_result {
  size_t requests;
  size_t fields;
  size_t body_bytes;
  int32_t failed; /* nonzero: the library refused the input or the counts cannot be trusted */
} tb_http1_pipeline_result;

typedef struct tb_http1_baseline_api {
  const char *name;
  void (*pipeline)(const uint8_t *buf, size_t len, uint8_t *scratch, size_t cap,
                   tb_http1_pipeline_result *result);
} tb_http1_baseline_api;

/* Node's http-parser 2.9 (libhttp-parser-dev), callbacks for URL, fields, body and message end. */
const tb_http1_baseline_api *tb_http1_http_parser(void);
/* httparse 1.8 (librust-httparse-dev), in targets_rust/ffi/http1/src/baseline_httparse.rs. */
const tb_http1_baseline_api *tb_http1_httparse(void);

#ifdef __cplusplus
}
#endif
#endif
