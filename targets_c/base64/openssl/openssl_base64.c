/* OpenSSL's EVP base64 block functions behind tb_base64_api (declared in twinbench/base64.h). */
#include <limits.h>
#include <openssl/evp.h>
#include <string.h>

#include "twinbench/base64.h"

static const uint32_t supported_flags = TB_BASE64_PAD; /* standard alphabet, padded */

static tb_status encoded_len(size_t n, uint32_t flags, size_t *len) {
  *len = 0;
  if (flags != supported_flags || n > INT_MAX / 4 * 3) return TB_ERR_UNSUPPORTED;
  *len = (n + 2) / 3 * 4;
  return TB_OK;
}

static size_t decoded_max_len(size_t n) { return n / 4 * 3 + n % 4 * 3 / 4; }

static tb_status encode(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_cap,
                        uint32_t flags, size_t *written) {
  size_t need;
  tb_status st = encoded_len(in_len, flags, &need);
  *written = 0;
  if (st != TB_OK) return st;
  if (out_cap < need) return TB_ERR_OUTPUT_TOO_SMALL;
  if (in_len == 0) return TB_OK;
  /* EVP_EncodeBlock appends a NUL: encode all but the last group in place (its NUL lands where
   * the last group goes), the last group through a small buffer. */
  size_t head = (in_len - 1) / 3 * 3;
  int n = EVP_EncodeBlock(out, in, (int)head);
  uint8_t last[5];
  EVP_EncodeBlock(last, in + head, (int)(in_len - head));
  memcpy(out + n, last, 4);
  *written = need;
  return TB_OK;
}

static tb_status decode(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_cap,
                        uint32_t flags, size_t *written, size_t *error_offset) {
  *written = 0;
  *error_offset = 0;
  if (flags != supported_flags || in_len > INT_MAX) return TB_ERR_UNSUPPORTED;
  if (out_cap < decoded_max_len(in_len)) return TB_ERR_OUTPUT_TOO_SMALL;
  if (in_len % 4 != 0) return TB_ERR_BAD_PADDING;
  int n = EVP_DecodeBlock(out, in, (int)in_len);
  if (n < 0) return TB_ERR_INVALID_BYTE; /* OpenSSL gives no offset */
  /* EVP_DecodeBlock counts padding as zero bytes. */
  size_t pad = (in_len > 0 && in[in_len - 1] == '=') + (in_len > 1 && in[in_len - 2] == '=');
  *written = (size_t)n - pad;
  return TB_OK;
}

static const tb_base64_api api = {
    .name = "openssl",
    .encoded_len = encoded_len,
    .decoded_max_len = decoded_max_len,
    .encode = encode,
    .decode = decode,
};

const tb_base64_baseline_api *tb_base64_openssl(void) { return &api; }
