/* base64 (RFC 4648 §4 and §5): the contract every implementation exports. Spec:
 * docs/components/base64.md */
#ifndef TWINBENCH_BASE64_H
#define TWINBENCH_BASE64_H

#include <stddef.h>
#include <stdint.h>

#include "twinbench/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Flags, OR-ed together. Any other bit is TB_ERR_INVALID_ARGUMENT. */
enum {
  TB_BASE64_URL = 1u << 0,     /* §5 alphabet ('-', '_') instead of §4 ('+', '/') */
  TB_BASE64_PAD = 1u << 1,     /* encode: emit '='; decode: require it (without: forbid it) */
  TB_BASE64_SKIP_WS = 1u << 2, /* decode: skip TAB, LF, FF, CR and SPACE anywhere */
  TB_BASE64_ALL_FLAGS = TB_BASE64_URL | TB_BASE64_PAD | TB_BASE64_SKIP_WS,
};

typedef struct tb_base64_api {
  const char *name; /* "c", "rust", or a baseline's name */
  /* Exact encoded length of n input bytes; TB_ERR_OVERFLOW when it exceeds SIZE_MAX. */
  tb_status (*encoded_len)(size_t n, uint32_t flags, size_t *len);
  /* Largest decoded length of n input bytes; never overflows. */
  size_t (*decoded_max_len)(size_t n);
  /* Needs out_cap >= encoded_len. *written is the bytes written on success, 0 otherwise. */
  tb_status (*encode)(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_cap,
                      uint32_t flags, size_t *written);
  /* Needs out_cap >= decoded_max_len(in_len). On success *written is the decoded length; on a
   * decoding error *error_offset is the offset of the first bad byte (in_len when the input
   * ends too early). Both are 0 when unused. */
  tb_status (*decode)(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_cap,
                      uint32_t flags, size_t *written, size_t *error_offset);
} tb_base64_api;

const tb_base64_api *tb_base64_c(void);
const tb_base64_api *tb_base64_rust(void);

/* Benchmark baselines (implementations marked "baseline" in corpora/base64/component.json):
 * benchmarked beside the twins, not held to the spec. They fill the same table, answering
 * TB_ERR_UNSUPPORTED for a mode they do not have. */
typedef tb_base64_api tb_base64_baseline_api;
/* OpenSSL's EVP_EncodeBlock / EVP_DecodeBlock: standard alphabet, padded, no offsets. */
const tb_base64_baseline_api *tb_base64_openssl(void);
/* The `base64` crate from Debian (librust-base64-dev), in
 * targets_rust/ffi/base64/src/baseline_base64_crate.rs. */
const tb_base64_baseline_api *tb_base64_base64_crate(void);

#ifdef __cplusplus
}
#endif
#endif
