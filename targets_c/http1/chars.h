/* Byte classes of RFC 9110 §5.6 and RFC 3986, shared by the head parser and the chunked
 * decoder of the C http1 twin. Spec: docs/components/http1.md ("Vocabulary"). */
#ifndef TB_C_HTTP1_CHARS_H
#define TB_C_HTTP1_CHARS_H

#include <stdint.h>

#include "twinbench/http1.h"

enum { CR = '\r', LF = '\n', SP = ' ', HT = '\t' };

/* 1 for a tchar. */
static const uint8_t tb_http1_tchar[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 1, 0, 1, 1, 1, 1, 1, 0, 0, 1, 1, 0, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* Request-target bytes: 1 for a plain target char, 2 for '%' (two HEXDIG must follow). */
enum { TARGET_CHAR = 1, TARGET_PERCENT = 2 };
static const uint8_t tb_http1_target[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 1, 0, 0, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1,
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

static inline int tb_http1_is_ows(uint8_t b) { return b == SP || b == HT; }

/* Value of a HEXDIG, or -1. */
static inline int tb_http1_hex(uint8_t b) {
  if (b >= '0' && b <= '9') return b - '0';
  uint8_t lower = (uint8_t)(b | 0x20);
  if (lower >= 'a' && lower <= 'f') return lower - 'a' + 10;
  return -1;
}

/* A field-value byte that ends the value: a control byte other than HTAB (CR, LF included), DEL. */
static inline int tb_http1_ends_value(uint8_t b) { return (b < 0x20 && b != HT) || b == 0x7f; }

/* Where a byte stops a token or a value: a LF there has no CR before it. */
static inline tb_status tb_http1_bad(uint8_t b, tb_status otherwise) {
  return b == LF ? TB_ERR_HTTP_BARE_LF : otherwise;
}

/* Limits above TB_HTTP1_MAX_LIMIT are refused, so offsets fit in 32 bits. */
static inline int tb_http1_limits_valid(const tb_http1_limits *l) {
  return l->max_fields <= TB_HTTP1_MAX_LIMIT && l->max_head_bytes <= TB_HTTP1_MAX_LIMIT &&
         l->max_target_bytes <= TB_HTTP1_MAX_LIMIT && l->max_chunk_line_bytes <= TB_HTTP1_MAX_LIMIT;
}

tb_status tb_c_http1_parse_request(const uint8_t *in, size_t len, const tb_http1_limits *limits,
                                   tb_http1_request *req, tb_http1_field *fields, size_t fields_cap,
                                   size_t *error_offset);
tb_status tb_c_http1_resume_request(tb_http1_head *head, const uint8_t *in, size_t len,
                                    const tb_http1_limits *limits, tb_http1_request *req,
                                    tb_http1_field *fields, size_t fields_cap,
                                    size_t *error_offset);
tb_status tb_c_http1_chunked_init(tb_http1_chunked *state, const tb_http1_limits *limits);
tb_status tb_c_http1_chunked_decode(tb_http1_chunked *state, const uint8_t *in, size_t len,
                                    uint8_t *out, size_t out_cap, size_t *consumed, size_t *written,
                                    size_t *error_offset);

#endif
