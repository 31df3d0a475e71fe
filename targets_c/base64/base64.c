/* base64 twin in C11. Spec: docs/components/base64.md. */
#include "twinbench/base64.h"

#include <stdbool.h>
#include <string.h>

#if defined(TB_BUG) /* a seeded-bug build: docs/bugs.md */
#include "twinbench/canary.h"
#endif

enum { SPECIAL = 0x80 }; /* decode-table value of every byte outside the alphabet */

static const uint8_t std_alphabet[64] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const uint8_t url_alphabet[64] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* The decode tables are constant expressions, so they need no initialisation at run time. */
#define DEC_COMMON(c)                                                                              \
  ((c) >= 'A' && (c) <= 'Z'   ? (c) - 'A'                                                          \
   : (c) >= 'a' && (c) <= 'z' ? (c) - 'a' + 26                                                     \
   : (c) >= '0' && (c) <= '9' ? (c) - '0' + 52                                                     \
                              : SPECIAL)
#define DEC_STD(c) (uint8_t)((c) == '+' ? 62 : (c) == '/' ? 63 : DEC_COMMON(c))
#define DEC_URL(c) (uint8_t)((c) == '-' ? 62 : (c) == '_' ? 63 : DEC_COMMON(c))
#define ROW16(F, b)                                                                                \
  F(b + 0), F(b + 1), F(b + 2), F(b + 3), F(b + 4), F(b + 5), F(b + 6), F(b + 7), F(b + 8),        \
      F(b + 9), F(b + 10), F(b + 11), F(b + 12), F(b + 13), F(b + 14), F(b + 15)
#define TABLE256(F)                                                                                \
  ROW16(F, 0), ROW16(F, 16), ROW16(F, 32), ROW16(F, 48), ROW16(F, 64), ROW16(F, 80), ROW16(F, 96), \
      ROW16(F, 112), ROW16(F, 128), ROW16(F, 144), ROW16(F, 160), ROW16(F, 176), ROW16(F, 192),    \
      ROW16(F, 208), ROW16(F, 224), ROW16(F, 240)

static const uint8_t std_decode[256] = {TABLE256(DEC_STD)};
static const uint8_t url_decode[256] = {TABLE256(DEC_URL)};

static bool is_ws(uint8_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static uint64_t load_be64(const uint8_t *p) {
  uint64_t v;
  memcpy(&v, p, sizeof v);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  v = __builtin_bswap64(v);
#endif
  return v;
}

static void store_le64(uint8_t *p, uint64_t v) {
#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
  v = __builtin_bswap64(v);
#endif
  memcpy(p, &v, sizeof v);
}

static tb_status encoded_len(size_t n, uint32_t flags, size_t *len) {
  *len = 0;
  if (flags & ~(uint32_t)TB_BASE64_ALL_FLAGS) return TB_ERR_INVALID_ARGUMENT;
  size_t groups = n / 3, rest = n % 3;
  if (groups > SIZE_MAX / 4) return TB_ERR_OVERFLOW;
  size_t base = groups * 4;
  size_t extra = rest == 0 ? 0 : (flags & TB_BASE64_PAD) ? 4 : rest + 1;
  if (extra > SIZE_MAX - base) return TB_ERR_OVERFLOW;
  *len = base + extra;
  return TB_OK;
}

static size_t decoded_max_len(size_t n) { return n / 4 * 3 + n % 4 * 3 / 4; }

static tb_status encode(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_cap,
                        uint32_t flags, size_t *written) {
  *written = 0;
  size_t need;
  tb_status st = encoded_len(in_len, flags, &need);
  if (st != TB_OK) return st;
  if ((in == NULL && in_len > 0) || (out == NULL && out_cap > 0)) return TB_ERR_INVALID_ARGUMENT;
  if (out_cap < need) return TB_ERR_OUTPUT_TOO_SMALL;

  const uint8_t *a = (flags & TB_BASE64_URL) ? url_alphabet : std_alphabet;
  size_t i = 0, o = 0;
  /* 6 bytes -> 8 characters; the 8-byte load reads 2 bytes it does not use. */
  while (in_len - i >= 8) {
    uint64_t w = load_be64(in + i);
    uint64_t chars = 0;
    for (int k = 0; k < 8; k++) chars |= (uint64_t)a[(w >> (58 - 6 * k)) & 63] << (8 * k);
    store_le64(out + o, chars);
    i += 6;
    o += 8;
  }
  for (; in_len - i >= 3; i += 3, o += 4) {
    uint32_t w = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
    out[o] = a[w >> 18];
    out[o + 1] = a[(w >> 12) & 63];
    out[o + 2] = a[(w >> 6) & 63];
    out[o + 3] = a[w & 63];
  }
  size_t rest = in_len - i;
  if (rest > 0) {
    uint32_t w = (uint32_t)in[i] << 16 | (rest == 2 ? (uint32_t)in[i + 1] << 8 : 0);
    out[o++] = a[w >> 18];
    out[o++] = a[(w >> 12) & 63];
    if (rest == 2) out[o++] = a[(w >> 6) & 63];
    if (flags & TB_BASE64_PAD) {
      out[o++] = '=';
      if (rest == 1) out[o++] = '=';
    }
  }
  *written = o;
  return TB_OK;
}

static tb_status fail(tb_status st, size_t offset, size_t *error_offset) {
  *error_offset = offset;
  return st;
}

static tb_status decode(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_cap,
                        uint32_t flags, size_t *written, size_t *error_offset) {
  *written = 0;
  *error_offset = 0;
  if (flags & ~(uint32_t)TB_BASE64_ALL_FLAGS) return TB_ERR_INVALID_ARGUMENT;
  if ((in == NULL && in_len > 0) || (out == NULL && out_cap > 0)) return TB_ERR_INVALID_ARGUMENT;
  if (out_cap < decoded_max_len(in_len)) return TB_ERR_OUTPUT_TOO_SMALL;

  const uint8_t *t = (flags & TB_BASE64_URL) ? url_decode : std_decode;
  const bool skip_ws = flags & TB_BASE64_SKIP_WS;
  size_t i = 0, o = 0;
  uint8_t q[4];
  size_t q_at[4];
  size_t k; /* data characters in the current quantum */
  for (;;) {
    /* Fast loop: 8 plain alphabet characters -> 6 bytes. */
    while (in_len - i >= 8) {
      uint64_t v = 0;
      uint8_t any = 0;
      for (size_t j = 0; j < 8; j++) {
        uint8_t d = t[in[i + j]];
        any |= d;
        v = v << 6 | d;
      }
      if (any & SPECIAL) break;
      for (size_t j = 0; j < 6; j++) out[o + j] = (uint8_t)(v >> (40 - 8 * j));
      i += 8;
      o += 6;
    }
    /* Careful step: the next 4 significant characters, byte by byte. */
    k = 0;
    while (k < 4 && i < in_len) {
      uint8_t d = t[in[i]];
      if (d & SPECIAL) {
        if (skip_ws && is_ws(in[i])) {
          i++;
          continue;
        }
        break; /* '=', an invalid byte: the tail below decides */
      }
      q[k] = d;
      q_at[k] = i;
      k++;
      i++;
    }
    if (k < 4) break;
    out[o] = (uint8_t)(q[0] << 2 | q[1] >> 4);
    out[o + 1] = (uint8_t)(q[1] << 4 | q[2] >> 2);
    out[o + 2] = (uint8_t)(q[2] << 6 | q[3]);
    o += 3;
  }

  /* The data ends at i: at '=', an invalid byte, or the end; k characters are pending. */
  if (i < in_len && in[i] != '=') return fail(TB_ERR_INVALID_BYTE, i, error_offset);
  if (k == 1) return fail(TB_ERR_TRUNCATED, q_at[0], error_offset);
  if (k == 2 && (q[1] & 0x0f)) return fail(TB_ERR_TRAILING_BITS, q_at[1], error_offset);
  if (k == 3 && (q[2] & 0x03)) return fail(TB_ERR_TRAILING_BITS, q_at[2], error_offset);
#if defined(TB_BUG_BASE64_TAIL_WRITE)
  /* Seeded bug (docs/bugs.md): the partial quantum is stored as a whole triple, then counted
   * as the k - 1 bytes it holds. */
  if (k >= 2) {
    TB_CANARY("base64-tail-write", o + 3 > out_cap);
    out[o] = (uint8_t)(q[0] << 2 | q[1] >> 4);
    out[o + 1] = (uint8_t)(q[1] << 4 | q[2] >> 2);
    out[o + 2] = (uint8_t)(q[2] << 6);
    o += k - 1;
  }
#else
  if (k >= 2) out[o++] = (uint8_t)(q[0] << 2 | q[1] >> 4);
  if (k == 3) out[o++] = (uint8_t)(q[1] << 4 | q[2] >> 2);
#endif

  size_t pad_expected = (flags & TB_BASE64_PAD) ? (4 - k) % 4 : 0, pad_seen = 0;
#if defined(TB_BUG_BASE64_PAD_LOOKAHEAD)
  /* Seeded bug (docs/bugs.md): without whitespace the padding is contiguous, so it is compared
   * in one go, without asking whether the input still holds pad_expected bytes. */
  if (!skip_ws && pad_expected > 0) {
    TB_CANARY("base64-pad-lookahead", i + pad_expected > in_len);
    for (size_t j = 0; j < pad_expected; j++) {
      if (in[i + j] != '=') return fail(TB_ERR_BAD_PADDING, i + j, error_offset);
    }
    i += pad_expected;
    pad_seen = pad_expected;
  }
#endif
  for (; i < in_len; i++) {
    if (skip_ws && is_ws(in[i])) continue;
    if (in[i] == '=' && pad_seen < pad_expected) {
      pad_seen++;
      continue;
    }
    return fail(TB_ERR_BAD_PADDING, i, error_offset);
  }
  if (pad_seen < pad_expected) return fail(TB_ERR_BAD_PADDING, in_len, error_offset);
#if defined(TB_BUG_BASE64_LENGTH_FROM_INPUT)
  /* Seeded bug (docs/bugs.md): the decoded length is worked out from the input's length, as if
   * every input byte were significant; skipped whitespace makes it too long. */
  size_t from_input = decoded_max_len(in_len - pad_seen);
  TB_CANARY("base64-length-from-input", from_input != o);
  *written = from_input;
#else
  *written = o;
#endif
  return TB_OK;
}

static const tb_base64_api api = {
    .name = "c",
    .encoded_len = encoded_len,
    .decoded_max_len = decoded_max_len,
    .encode = encode,
    .decode = decode,
};

const tb_base64_api *tb_base64_c(void) { return &api; }
