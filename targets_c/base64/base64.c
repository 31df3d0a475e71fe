/* base64 twin in C11. Spec: docs/components/base64.md. */
#include "operations.h"

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

/* The tables are constant expressions, so they need no initialisation at run time. */
#define DEC_COMMON(c)                                                                              \
  ((c) >= 'A' && (c) <= 'Z'   ? (c) - 'A'                                                          \
   : (c) >= 'a' && (c) <= 'z' ? (c) - 'a' + 26                                                     \
   : (c) >= '0' && (c) <= '9' ? (c) - '0' + 52                                                     \
                              : SPECIAL)
#define DEC_STD(c) (uint8_t)((c) == '+' ? 62 : (c) == '/' ? 63 : DEC_COMMON(c))
#define DEC_URL(c) (uint8_t)((c) == '-' ? 62 : (c) == '_' ? 63 : DEC_COMMON(c))
#define ROW16(F, b)                                                                                \
  F((b) + 0), F((b) + 1), F((b) + 2), F((b) + 3), F((b) + 4), F((b) + 5), F((b) + 6), F((b) + 7),  \
      F((b) + 8), F((b) + 9), F((b) + 10), F((b) + 11), F((b) + 12), F((b) + 13), F((b) + 14),     \
      F((b) + 15)
#define ROWS256(F, b)                                                                              \
  ROW16(F, (b) + 0), ROW16(F, (b) + 16), ROW16(F, (b) + 32), ROW16(F, (b) + 48),                   \
      ROW16(F, (b) + 64), ROW16(F, (b) + 80), ROW16(F, (b) + 96), ROW16(F, (b) + 112),             \
      ROW16(F, (b) + 128), ROW16(F, (b) + 144), ROW16(F, (b) + 160), ROW16(F, (b) + 176),          \
      ROW16(F, (b) + 192), ROW16(F, (b) + 208), ROW16(F, (b) + 224), ROW16(F, (b) + 240)
#define TABLE256(F) ROWS256(F, 0)
#define TABLE4096(F)                                                                               \
  ROWS256(F, 0), ROWS256(F, 256), ROWS256(F, 512), ROWS256(F, 768), ROWS256(F, 1024),              \
      ROWS256(F, 1280), ROWS256(F, 1536), ROWS256(F, 1792), ROWS256(F, 2048), ROWS256(F, 2304),    \
      ROWS256(F, 2560), ROWS256(F, 2816), ROWS256(F, 3072), ROWS256(F, 3328), ROWS256(F, 3584),    \
      ROWS256(F, 3840)

/* Byte -> 6-bit value, or SPECIAL: the careful step's table. */
static const uint8_t std_decode[256] = {TABLE256(DEC_STD)};
static const uint8_t url_decode[256] = {TABLE256(DEC_URL)};

/* Encode: 12 bits -> their two characters, the first in the low byte (two lookups per 3
 * bytes instead of four). */
#define CHAR_COMMON(v, c62, c63)                                                                   \
  ((v) < 26    ? 'A' + (v)                                                                         \
   : (v) < 52  ? 'a' + (v) - 26                                                                    \
   : (v) < 62  ? '0' + (v) - 52                                                                    \
   : (v) == 62 ? c62                                                                               \
               : c63)
#define PAIR_STD(i)                                                                                \
  (uint16_t)(CHAR_COMMON((i) >> 6, '+', '/') | CHAR_COMMON((i) & 63, '+', '/') << 8)
#define PAIR_URL(i)                                                                                \
  (uint16_t)(CHAR_COMMON((i) >> 6, '-', '_') | CHAR_COMMON((i) & 63, '-', '_') << 8)
static const uint16_t std_pairs[4096] = {TABLE4096(PAIR_STD)};
static const uint16_t url_pairs[4096] = {TABLE4096(PAIR_URL)};

/* Decode, the fast loops: a byte's 6-bit value already shifted to its place among a quantum's
 * 24 bits, one table per place, or BAD (modp_b64's technique): a quantum is the OR of four
 * lookups, and one test of the ORs of many quanta finds anything special. */
enum { BAD = 0x01000000 };
#define PLACED(v, shift) ((v) == SPECIAL ? (uint32_t)BAD : (uint32_t)(v) << (shift))
#define STD0(c) PLACED(DEC_STD(c), 18)
#define STD1(c) PLACED(DEC_STD(c), 12)
#define STD2(c) PLACED(DEC_STD(c), 6)
#define STD3(c) PLACED(DEC_STD(c), 0)
#define URL0(c) PLACED(DEC_URL(c), 18)
#define URL1(c) PLACED(DEC_URL(c), 12)
#define URL2(c) PLACED(DEC_URL(c), 6)
#define URL3(c) PLACED(DEC_URL(c), 0)
static const uint32_t std_placed[4][256] = {
    {TABLE256(STD0)}, {TABLE256(STD1)}, {TABLE256(STD2)}, {TABLE256(STD3)}};
static const uint32_t url_placed[4][256] = {
    {TABLE256(URL0)}, {TABLE256(URL1)}, {TABLE256(URL2)}, {TABLE256(URL3)}};

static uint32_t quantum(const uint32_t placed[4][256], const uint8_t *c) {
  return placed[0][c[0]] | placed[1][c[1]] | placed[2][c[2]] | placed[3][c[3]];
}

/* Two quanta (8 characters) as the 6 bytes they decode to. */
static void store_six(uint8_t *out, uint32_t first, uint32_t second) {
  const uint64_t v = (uint64_t)first << 24 | second;
  for (int j = 0; j < 6; j++) out[j] = (uint8_t)(v >> (40 - 8 * j));
}

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

tb_status tb_c_base64_encode(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_cap,
                             uint32_t flags, size_t *written) {
  *written = 0;
  size_t need;
  tb_status st = encoded_len(in_len, flags, &need);
  if (st != TB_OK) return st;
  if ((in == NULL && in_len > 0) || (out == NULL && out_cap > 0)) return TB_ERR_INVALID_ARGUMENT;
  if (out_cap < need) return TB_ERR_OUTPUT_TOO_SMALL;

  const uint8_t *a = (flags & TB_BASE64_URL) ? url_alphabet : std_alphabet;
  const uint16_t *pairs = (flags & TB_BASE64_URL) ? url_pairs : std_pairs;
  size_t i = 0, o = 0;
  /* 6 bytes -> 8 characters, 12 bits per lookup; the 8-byte load reads 2 bytes it does not
   * use. */
  while (in_len - i >= 8) {
    const uint64_t w = load_be64(in + i);
    const uint64_t chars = (uint64_t)pairs[w >> 52] | (uint64_t)pairs[(w >> 40) & 0xfff] << 16 |
                           (uint64_t)pairs[(w >> 28) & 0xfff] << 32 |
                           (uint64_t)pairs[(w >> 16) & 0xfff] << 48;
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

tb_status tb_c_base64_decode(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_cap,
                             uint32_t flags, size_t *written, size_t *error_offset) {
  *written = 0;
  *error_offset = 0;
  if (flags & ~(uint32_t)TB_BASE64_ALL_FLAGS) return TB_ERR_INVALID_ARGUMENT;
  if ((in == NULL && in_len > 0) || (out == NULL && out_cap > 0)) return TB_ERR_INVALID_ARGUMENT;
#if defined(TB_BUG_BASE64_OUTPUT_LENGTH_TRUSTED)
  /* Seeded bug (docs/bugs.md): the contract says the caller provides decoded_max_len(in_len)
   * bytes, and the caller is believed: out_cap is not compared with it. */
  TB_CANARY("base64-output-length-trusted", out_cap < decoded_max_len(in_len));
#else
  if (out_cap < decoded_max_len(in_len)) return TB_ERR_OUTPUT_TOO_SMALL;
#endif

  const bool url = flags & TB_BASE64_URL;
  const uint8_t *t = url ? url_decode : std_decode;
  const uint32_t(*placed)[256] = url ? url_placed : std_placed;
  const bool skip_ws = flags & TB_BASE64_SKIP_WS;
  size_t i = 0, o = 0;
  uint8_t q[4];
  size_t q_at[4];
  size_t k; /* data characters in the current quantum */
  for (;;) {
    /* Fast loops: 32, then 8 plain alphabet characters -> 24, 6 bytes. */
    while (in_len - i >= 32) {
      uint32_t quanta[8], any = 0;
      for (size_t j = 0; j < 8; j++) {
        quanta[j] = quantum(placed, in + i + 4 * j);
        any |= quanta[j];
      }
      if (any & BAD) break;
      for (size_t j = 0; j < 4; j++) store_six(out + o + 6 * j, quanta[2 * j], quanta[2 * j + 1]);
      i += 32;
      o += 24;
    }
#if defined(TB_BUG_BASE64_FAST_LOOP_OVERREAD)
    /* Seeded bug (docs/bugs.md): the bound is written with the last character's index, i + 7,
     * and `<=`, so it also lets in 7 remaining characters: the eighth load is in[in_len]. */
    while (i + 7 <= in_len) {
      TB_CANARY("base64-fast-loop-overread", i + 8 > in_len);
#else
    while (in_len - i >= 8) {
#endif
      const uint32_t first = quantum(placed, in + i), second = quantum(placed, in + i + 4);
      if ((first | second) & BAD) break;
      store_six(out + o, first, second);
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
    .encode = tb_c_base64_encode,
    .decode = tb_c_base64_decode,
};

const tb_base64_api *tb_base64_c(void) { return &api; }
