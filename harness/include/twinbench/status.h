/* Status codes shared by every twin. One enum for all components so that a driver can compare
 * a C and a Rust result field by field; each component's spec says which codes it uses. */
#ifndef TWINBENCH_STATUS_H
#define TWINBENCH_STATUS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Values are part of the ABI: the Rust side mirrors them in targets_rust/ffi. Append only. */
typedef int32_t tb_status;
enum {
  TB_OK = 0,
  TB_ERR_INVALID_ARGUMENT = 1, /* unknown flag bit, NULL pointer with a non-zero length */
  TB_ERR_OUTPUT_TOO_SMALL = 2, /* caller's output buffer is below the documented size */
  TB_ERR_OVERFLOW = 3,         /* a size would not fit in size_t */
  TB_ERR_UNSUPPORTED = 4,      /* a baseline library cannot do what was asked */
  TB_ERR_INVALID_BYTE = 5,     /* a byte outside the accepted set */
  TB_ERR_BAD_PADDING = 6,      /* padding missing, misplaced or forbidden */
  TB_ERR_TRAILING_BITS = 7,    /* non-zero unused bits: a non-canonical encoding */
  TB_ERR_TRUNCATED = 8,        /* input ends where it cannot end */
  TB_NEED_MORE = 9,            /* not an error: the input so far is a valid beginning */
  /* http1 (docs/components/http1.md) */
  TB_ERR_HTTP_BAD_METHOD = 10,
  TB_ERR_HTTP_BAD_TARGET = 11,
  TB_ERR_HTTP_BAD_VERSION = 12,
  TB_ERR_HTTP_UNSUPPORTED_VERSION = 13,
  TB_ERR_HTTP_BAD_FIELD_NAME = 14,
  TB_ERR_HTTP_BAD_FIELD_VALUE = 15,
  TB_ERR_HTTP_OBS_FOLD = 16,
  TB_ERR_HTTP_BARE_CR = 17,
  TB_ERR_HTTP_BARE_LF = 18,
  TB_ERR_HTTP_TOO_MANY_FIELDS = 19,
  TB_ERR_HTTP_HEAD_TOO_LARGE = 20,
  TB_ERR_HTTP_TARGET_TOO_LONG = 21,
  TB_ERR_HTTP_BAD_CONTENT_LENGTH = 22,
  TB_ERR_HTTP_BAD_TRANSFER_ENCODING = 23,
  TB_ERR_HTTP_AMBIGUOUS_LENGTH = 24, /* request smuggling risk: framing cannot be trusted */
  TB_ERR_HTTP_BAD_HOST = 25,
  TB_ERR_HTTP_BAD_CHUNK_SIZE = 26,
  TB_ERR_HTTP_BAD_CHUNK_EXTENSION = 27,
  TB_ERR_HTTP_BAD_CHUNK = 28,
  TB_ERR_HTTP_CHUNK_LINE_TOO_LONG = 29,
  /* json (docs/components/json.md) */
  TB_ERR_JSON_BAD_UTF8 = 30,
  TB_ERR_JSON_BAD_ESCAPE = 31,
  TB_ERR_JSON_BAD_SURROGATE = 32,
  TB_ERR_JSON_CONTROL_IN_STRING = 33,
  TB_ERR_JSON_BAD_NUMBER = 34,
  TB_ERR_JSON_BAD_LITERAL = 35,
  TB_ERR_JSON_UNEXPECTED_BYTE = 36,
  TB_ERR_JSON_TRAILING_CONTENT = 37,
  TB_ERR_JSON_TOO_DEEP = 38,
};

/* Short stable name of a status, e.g. "invalid-byte"; "unknown" for other values. */
static inline const char *tb_status_name(tb_status s) {
  switch (s) {
  case TB_OK: return "ok";
  case TB_ERR_INVALID_ARGUMENT: return "invalid-argument";
  case TB_ERR_OUTPUT_TOO_SMALL: return "output-too-small";
  case TB_ERR_OVERFLOW: return "overflow";
  case TB_ERR_UNSUPPORTED: return "unsupported";
  case TB_ERR_INVALID_BYTE: return "invalid-byte";
  case TB_ERR_BAD_PADDING: return "bad-padding";
  case TB_ERR_TRAILING_BITS: return "trailing-bits";
  case TB_ERR_TRUNCATED: return "truncated";
  case TB_NEED_MORE: return "need-more";
  case TB_ERR_HTTP_BAD_METHOD: return "bad-method";
  case TB_ERR_HTTP_BAD_TARGET: return "bad-target";
  case TB_ERR_HTTP_BAD_VERSION: return "bad-version";
  case TB_ERR_HTTP_UNSUPPORTED_VERSION: return "unsupported-version";
  case TB_ERR_HTTP_BAD_FIELD_NAME: return "bad-field-name";
  case TB_ERR_HTTP_BAD_FIELD_VALUE: return "bad-field-value";
  case TB_ERR_HTTP_OBS_FOLD: return "obs-fold";
  case TB_ERR_HTTP_BARE_CR: return "bare-cr";
  case TB_ERR_HTTP_BARE_LF: return "bare-lf";
  case TB_ERR_HTTP_TOO_MANY_FIELDS: return "too-many-fields";
  case TB_ERR_HTTP_HEAD_TOO_LARGE: return "head-too-large";
  case TB_ERR_HTTP_TARGET_TOO_LONG: return "target-too-long";
  case TB_ERR_HTTP_BAD_CONTENT_LENGTH: return "bad-content-length";
  case TB_ERR_HTTP_BAD_TRANSFER_ENCODING: return "bad-transfer-encoding";
  case TB_ERR_HTTP_AMBIGUOUS_LENGTH: return "ambiguous-length";
  case TB_ERR_HTTP_BAD_HOST: return "bad-host";
  case TB_ERR_HTTP_BAD_CHUNK_SIZE: return "bad-chunk-size";
  case TB_ERR_HTTP_BAD_CHUNK_EXTENSION: return "bad-chunk-extension";
  case TB_ERR_HTTP_BAD_CHUNK: return "bad-chunk";
  case TB_ERR_HTTP_CHUNK_LINE_TOO_LONG: return "chunk-line-too-long";
  case TB_ERR_JSON_BAD_UTF8: return "bad-utf8";
  case TB_ERR_JSON_BAD_ESCAPE: return "bad-escape";
  case TB_ERR_JSON_BAD_SURROGATE: return "bad-surrogate";
  case TB_ERR_JSON_CONTROL_IN_STRING: return "control-in-string";
  case TB_ERR_JSON_BAD_NUMBER: return "bad-number";
  case TB_ERR_JSON_BAD_LITERAL: return "bad-literal";
  case TB_ERR_JSON_UNEXPECTED_BYTE: return "unexpected-byte";
  case TB_ERR_JSON_TRAILING_CONTENT: return "trailing-content";
  case TB_ERR_JSON_TOO_DEEP: return "too-deep";
  default: return "unknown";
  }
}

#ifdef __cplusplus
}
#endif
#endif
