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
  default: return "unknown";
  }
}

#ifdef __cplusplus
}
#endif
#endif
