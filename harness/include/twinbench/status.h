/* Status codes shared by every implementation. One enum for all components so that a driver
 * can compare two implementations' results field by field; each component's spec says which
 * codes it uses. */
#ifndef TWINBENCH_STATUS_H
#define TWINBENCH_STATUS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The one list, X(constant, value, name). Values are ABI: append only. The enum and
 * tb_status_name below expand it; the Rust constants are generated from it when the ffi
 * crates build (targets_rust/ffi/contract), so no copy can drift. */
// clang-format off
#define TB_STATUS_LIST(X) \
  X(TB_OK, 0, "ok") \
  X(TB_ERR_INVALID_ARGUMENT, 1, "invalid-argument") /* unknown flag, NULL with a length */ \
  X(TB_ERR_OUTPUT_TOO_SMALL, 2, "output-too-small") /* below the documented size */ \
  X(TB_ERR_OVERFLOW, 3, "overflow")                 /* a size would not fit in size_t */ \
  X(TB_ERR_UNSUPPORTED, 4, "unsupported")           /* a baseline cannot do what was asked */ \
  X(TB_ERR_INVALID_BYTE, 5, "invalid-byte")         /* a byte outside the accepted set */ \
  X(TB_ERR_BAD_PADDING, 6, "bad-padding")           /* padding missing, misplaced, forbidden */ \
  X(TB_ERR_TRAILING_BITS, 7, "trailing-bits")       /* non-zero unused bits: not canonical */ \
  X(TB_ERR_TRUNCATED, 8, "truncated")               /* input ends where it cannot end */ \
  X(TB_NEED_MORE, 9, "need-more")                   /* not an error: a valid beginning */ \
  /* http1 (docs/components/http1.md) */ \
  X(TB_ERR_HTTP_BAD_METHOD, 10, "bad-method") \
  X(TB_ERR_HTTP_BAD_TARGET, 11, "bad-target") \
  X(TB_ERR_HTTP_BAD_VERSION, 12, "bad-version") \
  X(TB_ERR_HTTP_UNSUPPORTED_VERSION, 13, "unsupported-version") \
  X(TB_ERR_HTTP_BAD_FIELD_NAME, 14, "bad-field-name") \
  X(TB_ERR_HTTP_BAD_FIELD_VALUE, 15, "bad-field-value") \
  X(TB_ERR_HTTP_OBS_FOLD, 16, "obs-fold") \
  X(TB_ERR_HTTP_BARE_CR, 17, "bare-cr") \
  X(TB_ERR_HTTP_BARE_LF, 18, "bare-lf") \
  X(TB_ERR_HTTP_TOO_MANY_FIELDS, 19, "too-many-fields") \
  X(TB_ERR_HTTP_HEAD_TOO_LARGE, 20, "head-too-large") \
  X(TB_ERR_HTTP_TARGET_TOO_LONG, 21, "target-too-long") \
  X(TB_ERR_HTTP_BAD_CONTENT_LENGTH, 22, "bad-content-length") \
  X(TB_ERR_HTTP_BAD_TRANSFER_ENCODING, 23, "bad-transfer-encoding") \
  X(TB_ERR_HTTP_AMBIGUOUS_LENGTH, 24, "ambiguous-length") /* smuggling risk: framing untrusted */ \
  X(TB_ERR_HTTP_BAD_HOST, 25, "bad-host") \
  X(TB_ERR_HTTP_BAD_CHUNK_SIZE, 26, "bad-chunk-size") \
  X(TB_ERR_HTTP_BAD_CHUNK_EXTENSION, 27, "bad-chunk-extension") \
  X(TB_ERR_HTTP_BAD_CHUNK, 28, "bad-chunk") \
  X(TB_ERR_HTTP_CHUNK_LINE_TOO_LONG, 29, "chunk-line-too-long") \
  /* json (docs/components/json.md) */ \
  X(TB_ERR_JSON_BAD_UTF8, 30, "bad-utf8") \
  X(TB_ERR_JSON_BAD_ESCAPE, 31, "bad-escape") \
  X(TB_ERR_JSON_BAD_SURROGATE, 32, "bad-surrogate") \
  X(TB_ERR_JSON_CONTROL_IN_STRING, 33, "control-in-string") \
  X(TB_ERR_JSON_BAD_NUMBER, 34, "bad-number") \
  X(TB_ERR_JSON_BAD_LITERAL, 35, "bad-literal") \
  X(TB_ERR_JSON_UNEXPECTED_BYTE, 36, "unexpected-byte") \
  X(TB_ERR_JSON_TRAILING_CONTENT, 37, "trailing-content") \
  X(TB_ERR_JSON_TOO_DEEP, 38, "too-deep") \
  /* decoders of compressed data and images (docs/components/inflate.md, brotli.md, ...) */ \
  X(TB_ERR_CORRUPT, 39, "corrupt")                 /* the encoded data break the format */ \
  X(TB_ERR_BAD_CHECKSUM, 40, "bad-checksum")       /* well formed, but a checksum disagrees */ \
  X(TB_ERR_TRAILING_DATA, 41, "trailing-data")     /* bytes after the end of the stream */ \
  X(TB_ERR_TOO_LARGE, 42, "too-large")             /* over a limit the spec sets */
// clang-format on

typedef int32_t tb_status;

#define TB_STATUS_ENUMERATOR(constant, value, name) constant = value,
enum { TB_STATUS_LIST(TB_STATUS_ENUMERATOR) };
#undef TB_STATUS_ENUMERATOR

/* Short stable name of a status, e.g. "invalid-byte"; "unknown" for other values. */
static inline const char *tb_status_name(tb_status s) {
#define TB_STATUS_CASE(constant, value, name)                                                      \
  case constant: return name;
  switch (s) {
    TB_STATUS_LIST(TB_STATUS_CASE)
  default: return "unknown";
  }
#undef TB_STATUS_CASE
}

#ifdef __cplusplus
}
#endif
#endif
