/* The json C twin's parser: one left-to-right pass writing the tape, containers tracked on a
 * fixed stack instead of recursion. Spec: docs/components/json.md. */
#include "parse.h"

#include <stdbool.h>
#include <string.h>

#include "number.h"

#if defined(TB_BUG) /* a seeded-bug build: docs/bugs.md */
#include "twinbench/canary.h"
#endif

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "string_specials reads 8 bytes as a little-endian word"
#endif

#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

static inline uint64_t word(unsigned tag, uint64_t payload) {
  return (uint64_t)tag << 56 | payload;
}

static inline bool is_whitespace(uint8_t c) {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

static inline size_t skip_whitespace(const uint8_t *in, size_t len, size_t p) {
  while (p < len && is_whitespace(in[p])) {
    p++;
  }
  return p;
}

/* High bit set in each byte of x (little-endian) that is '"', '\\', < 0x20 or >= 0x80. Borrows
 * can only flag bytes above a real hit, so the lowest flag is always exact. */
static inline uint64_t string_specials(uint64_t x) {
  uint64_t quote = x ^ (ONES * '"'), backslash = x ^ (ONES * '\\');
  return (((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash) | ((x - ONES * 0x20) & ~x) |
          x) &
         HIGHS;
}

static inline int hex_value(uint8_t c) {
  if ((uint8_t)(c - '0') < 10) {
    return c - '0';
  }
  uint8_t lower = c | 0x20;
  return (uint8_t)(lower - 'a') < 6 ? lower - 'a' + 10 : -1;
}

/* The four hex digits at in[p..p+4). */
static tb_status hex4(const uint8_t *in, size_t len, size_t p, uint32_t *unit, size_t *error) {
  uint32_t v = 0;
  for (size_t i = p; i < p + 4; i++) {
    if (i >= len) {
      *error = len;
      return TB_ERR_TRUNCATED;
    }
    int h = hex_value(in[i]);
    if (h < 0) {
      *error = i;
      return TB_ERR_JSON_BAD_ESCAPE;
    }
    v = v << 4 | (uint32_t)h;
  }
  *unit = v;
  return TB_OK;
}

#if defined(TB_BUG_JSON_UTF8_UNINIT) || defined(TB_BUG_JSON_UTF8_ZEROED)
/* Seeded bugs (docs/bugs.md): the code point is encoded into a local buffer case by case, the
 * case of four bytes (above U+FFFF, from a surrogate pair) is missing, and the buffer is copied
 * out all the same: uninitialised (json-utf8-uninit), or zeroed first as a careful programmer
 * of either language writes it (json-utf8-zeroed). */
static size_t put_utf8(uint8_t *out, uint32_t cp) {
#if defined(TB_BUG_JSON_UTF8_ZEROED)
  uint8_t utf8[4] = {0};
#else
  uint8_t utf8[4];
#endif
  size_t n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
#if defined(TB_BUG_JSON_UTF8_ZEROED)
  TB_CANARY("json-utf8-zeroed", n == 4);
#else
  TB_CANARY("json-utf8-uninit", n == 4);
#endif
  if (n == 1) {
    utf8[0] = (uint8_t)cp;
  } else if (n == 2) {
    utf8[0] = (uint8_t)(0xC0 | cp >> 6);
    utf8[1] = (uint8_t)(0x80 | (cp & 0x3F));
  } else if (n == 3) {
    utf8[0] = (uint8_t)(0xE0 | cp >> 12);
    utf8[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
    utf8[2] = (uint8_t)(0x80 | (cp & 0x3F));
  }
  memcpy(out, utf8, n);
  return n;
}
#else
static size_t put_utf8(uint8_t *out, uint32_t cp) {
  if (cp < 0x80) {
    out[0] = (uint8_t)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (uint8_t)(0xC0 | cp >> 6);
    out[1] = (uint8_t)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (uint8_t)(0xE0 | cp >> 12);
    out[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (uint8_t)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (uint8_t)(0xF0 | cp >> 18);
  out[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
  out[3] = (uint8_t)(0x80 | (cp & 0x3F));
  return 4;
}
#endif

#if defined(TB_BUG_JSON_SURROGATE_RECURSION)
/* Seeded bug (docs/bugs.md): the code point of the \u escape at in[p] (not a lone low
 * surrogate), *end after it. A high surrogate's low half is read by calling this function again
 * (meant: hex4, which reads one unit), and checked only once the call returns, so every high
 * surrogate in a run of them costs one more stack frame. */
static tb_status code_point(const uint8_t *in, size_t len, size_t p, uint32_t *cp, size_t *end,
                            size_t *error) {
  uint32_t unit;
  tb_status st = hex4(in, len, p + 2, &unit, error);
  if (st != TB_OK) {
    return st;
  }
  *end = p + 6;
  if (unit < 0xD800 || unit > 0xDBFF) {
    *cp = unit;
    return TB_OK;
  }
  size_t q = p + 6;
  if (q >= len || (in[q] == '\\' && q + 1 >= len)) {
    *error = len;
    return TB_ERR_TRUNCATED;
  }
  if (in[q] != '\\' || in[q + 1] != 'u') {
    *error = q;
    return TB_ERR_JSON_BAD_SURROGATE;
  }
  uint32_t next = 0;
  size_t ignored;
  TB_CANARY("json-surrogate-recursion",
            hex4(in, len, q + 2, &next, &ignored) == TB_OK && next >= 0xD800 && next <= 0xDBFF);
  uint32_t low;
  st = code_point(in, len, q, &low, end, error);
  if (st != TB_OK) {
    return st;
  }
  if (low < 0xDC00 || low > 0xDFFF) {
    *error = q;
    return TB_ERR_JSON_BAD_SURROGATE;
  }
  *cp = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
  return TB_OK;
}
#endif

/* The escape at in[p] == '\\': decoded into out, *p moved past it. */
static tb_status escape(const uint8_t *in, size_t len, size_t *pos, uint8_t *out, size_t *written,
                        size_t *error) {
  size_t p = *pos;
#if defined(TB_BUG_JSON_ESCAPE_LOOKAHEAD)
  /* Seeded bug (docs/bugs.md): the byte after the backslash is read without asking whether the
   * input has one. */
  TB_CANARY("json-escape-lookahead", p + 1 >= len);
#else
  if (p + 1 >= len) {
    *error = len;
    return TB_ERR_TRUNCATED;
  }
#endif
  uint8_t simple;
  switch (in[p + 1]) {
  case '"': simple = '"'; break;
  case '\\': simple = '\\'; break;
  case '/': simple = '/'; break;
  case 'b': simple = '\b'; break;
  case 'f': simple = '\f'; break;
  case 'n': simple = '\n'; break;
  case 'r': simple = '\r'; break;
  case 't': simple = '\t'; break;
  case 'u': {
    uint32_t cp;
#if defined(TB_BUG_JSON_SURROGATE_RECURSION)
    {
      tb_status st = hex4(in, len, p + 2, &cp, error);
      if (st != TB_OK) {
        return st;
      }
      if (cp >= 0xDC00 && cp <= 0xDFFF) { /* a low surrogate alone */
        *error = p;
        return TB_ERR_JSON_BAD_SURROGATE;
      }
      st = code_point(in, len, p, &cp, &p, error);
      if (st != TB_OK) {
        return st;
      }
      *written = put_utf8(out, cp);
      *pos = p;
      return TB_OK;
    }
#endif
    tb_status st = hex4(in, len, p + 2, &cp, error);
    if (st != TB_OK) {
      return st;
    }
#if defined(TB_BUG_JSON_LONE_LOW_SURROGATE)
    /* Seeded bug (docs/bugs.md): a low surrogate alone is not refused, and is encoded like any
     * code point: three bytes that are not UTF-8. */
    TB_CANARY("json-lone-low-surrogate", cp >= 0xDC00 && cp <= 0xDFFF);
#else
    if (cp >= 0xDC00 && cp <= 0xDFFF) { /* a low surrogate alone */
      *error = p;
      return TB_ERR_JSON_BAD_SURROGATE;
    }
#endif
    p += 6;
    if (cp >= 0xD800 && cp <= 0xDBFF) { /* must pair with a low surrogate escape */
      if (p >= len || (in[p] == '\\' && p + 1 >= len)) {
        *error = len;
        return TB_ERR_TRUNCATED;
      }
      if (in[p] != '\\' || in[p + 1] != 'u') {
        *error = p;
        return TB_ERR_JSON_BAD_SURROGATE;
      }
      uint32_t low;
      st = hex4(in, len, p + 2, &low, error);
      if (st != TB_OK) {
        return st;
      }
      if (low < 0xDC00 || low > 0xDFFF) {
        *error = p;
        return TB_ERR_JSON_BAD_SURROGATE;
      }
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
      p += 6;
    }
    *written = put_utf8(out, cp);
    *pos = p;
    return TB_OK;
  }
  default: *error = p + 1; return TB_ERR_JSON_BAD_ESCAPE;
  }
  out[0] = simple;
  *written = 1;
  *pos = p + 2;
  return TB_OK;
}

/* The UTF-8 sequence starting at in[p] (>= 0x80), per Unicode table 3-7: its length, or 0. */
static size_t utf8_sequence(const uint8_t *in, size_t len, size_t p, tb_status *st, size_t *error) {
  uint8_t lead = in[p], lo = 0x80, hi = 0xBF;
  size_t n;
  if (lead >= 0xC2 && lead <= 0xDF) {
    n = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    n = 3;
    lo = lead == 0xE0 ? 0xA0 : 0x80;
    hi = lead == 0xED ? 0x9F : 0xBF;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    n = 4;
    lo = lead == 0xF0 ? 0x90 : 0x80;
    hi = lead == 0xF4 ? 0x8F : 0xBF;
  } else {
    *st = TB_ERR_JSON_BAD_UTF8;
    *error = p;
    return 0;
  }
  for (size_t i = 1; i < n; i++) {
    if (p + i >= len) {
      *st = TB_ERR_TRUNCATED;
      *error = len;
      return 0;
    }
    uint8_t c = in[p + i];
    if (c < lo || c > hi) {
      *st = TB_ERR_JSON_BAD_UTF8;
      *error = p + i;
      return 0;
    }
    lo = 0x80;
    hi = 0xBF;
  }
  return n;
}

/* The string whose opening quote is at in[*pos]: decoded into arena + *arena_len, two tape words
 * written, *pos moved past the closing quote. */
static tb_status string(const uint8_t *in, size_t len, size_t *pos, uint64_t *words, uint8_t *arena,
                        size_t *arena_len, size_t *error) {
  size_t p = *pos + 1;
  const size_t begin = *arena_len;
  size_t a = begin;
  for (;;) {
    /* a <= p - 1 (quotes are never stored), so an 8-byte store fits when the load does. */
    while (p + 8 <= len) {
      uint64_t x;
      memcpy(&x, in + p, 8);
      memcpy(arena + a, &x, 8);
      uint64_t specials = string_specials(x);
      if (specials == 0) {
        p += 8;
        a += 8;
        continue;
      }
      size_t clean = (size_t)__builtin_ctzll(specials) / 8;
      p += clean;
      a += clean;
      break;
    }
#if defined(TB_BUG_JSON_STRING_END_UNCHECKED)
    /* Seeded bug (docs/bugs.md): the byte after the clean run is read without asking whether
     * the input holds it, as if the 8-byte loop only ever stopped at a special byte; it also
     * stops when fewer than 8 bytes remain, and an unterminated string runs to the end. */
    TB_CANARY("json-string-end-unchecked", p >= len);
#else
    if (p >= len) {
      *error = len;
      return TB_ERR_TRUNCATED;
    }
#endif
    uint8_t c = in[p];
    if (c == '"') {
      break;
    }
    if (c == '\\') {
      size_t n;
      tb_status st = escape(in, len, &p, arena + a, &n, error);
      if (st != TB_OK) {
        return st;
      }
      a += n;
    } else if (c < 0x20) {
      *error = p;
      return TB_ERR_JSON_CONTROL_IN_STRING;
    } else if (c < 0x80) {
      arena[a++] = c;
      p++;
    } else {
#if defined(TB_BUG_JSON_UTF8_REVALIDATE)
      const size_t run = a;
#endif
      do { /* stay here while the text is non-ASCII */
        tb_status st;
        size_t n = utf8_sequence(in, len, p, &st, error);
        if (n == 0) {
          return st;
        }
        memcpy(arena + a, in + p, n);
        a += n;
        p += n;
      } while (p < len && in[p] >= 0x80);
#if defined(TB_BUG_JSON_UTF8_REVALIDATE)
      /* Seeded bug (docs/bugs.md): after each non-ASCII run, the whole string decoded so far is
       * validated again, so a string of many runs costs time quadratic in its length. */
      TB_CANARY("json-utf8-revalidate", run > begin); /* bytes before this run: checked again */
      for (size_t k = begin; k < a;) {
        if (arena[k] < 0x80) {
          k++;
          continue;
        }
        tb_status st;
        size_t n = utf8_sequence(arena, a, k, &st, error);
        if (n == 0) {
          return st;
        }
        k += n;
      }
#endif
    }
  }
  words[0] = word(TB_JSON_STRING, begin);
  words[1] = a - begin;
  *arena_len = a;
  *pos = p + 1;
  return TB_OK;
}

/* The literal `text` (true, false or null) at in[p]. */
static tb_status literal(const uint8_t *in, size_t len, size_t p, const char *text, size_t n,
                         size_t *error) {
  for (size_t i = 1; i < n; i++) {
    if (p + i >= len) {
      *error = len;
      return TB_ERR_TRUNCATED;
    }
    if (in[p + i] != (uint8_t)text[i]) {
      *error = p + i;
      return TB_ERR_JSON_BAD_LITERAL;
    }
  }
  return TB_OK;
}

tb_status tb_json_parse_document(const uint8_t *in, size_t len, uint32_t max_depth, uint64_t *tape,
                                 uint8_t *arena, size_t *tape_len, size_t *arena_len,
                                 size_t *error) {
  uint32_t open[TB_JSON_MAX_DEPTH_LIMIT]; /* tape indices of the open containers' headers */
  uint32_t depth = 0;
  uint64_t count = 0; /* elements or members of the innermost open container */
  bool in_object = false;
  size_t p = 0, t = 0, a = 0;
  tb_status st;

value:
  p = skip_whitespace(in, len, p);
  if (p == len) {
    *error = len;
    return TB_ERR_TRUNCATED;
  }
  switch (in[p]) {
  case '[':
  case '{': {
    if (depth == max_depth) {
      *error = p;
      return TB_ERR_JSON_TOO_DEEP;
    }
    if (depth > 0) { /* park the parent's count in its header until this child closes */
      tape[open[depth - 1]] = word(in_object ? TB_JSON_OBJECT : TB_JSON_ARRAY, count);
    }
    in_object = in[p] == '{';
    open[depth++] = (uint32_t)t;
    tape[t++] = word(in[p], 0);
    count = 0;
    p = skip_whitespace(in, len, p + 1);
    if (p == len) {
      *error = len;
      return TB_ERR_TRUNCATED;
    }
    if (in[p] == (in_object ? '}' : ']')) {
      goto close;
    }
    if (in_object) {
      goto key;
    }
    goto value;
  }
  case '"':
    st = string(in, len, &p, tape + t, arena, &a, error);
    if (st != TB_OK) {
      return st;
    }
    t += 2;
    break;
  case 't':
  case 'f':
  case 'n': {
    const char *text = in[p] == 't' ? "true" : in[p] == 'f' ? "false" : "null";
    size_t n = in[p] == 'f' ? 5 : 4;
    st = literal(in, len, p, text, n, error);
    if (st != TB_OK) {
      return st;
    }
    tape[t++] = word(in[p], 0);
    p += n;
    break;
  }
  case '-':
  case '0':
  case '1':
  case '2':
  case '3':
  case '4':
  case '5':
  case '6':
  case '7':
  case '8':
  case '9':
    st = tb_json_number(in, len, &p, tape + t, error);
    if (st != TB_OK) {
      return st;
    }
    t += 2;
    break;
  default: *error = p; return TB_ERR_JSON_UNEXPECTED_BYTE;
  }

after_value:
  p = skip_whitespace(in, len, p);
  if (depth == 0) {
    if (p != len) {
      *error = p;
      return TB_ERR_JSON_TRAILING_CONTENT;
    }
    *tape_len = t;
    *arena_len = a;
    return TB_OK;
  }
  count++;
  if (p == len) {
    *error = len;
    return TB_ERR_TRUNCATED;
  }
  if (in[p] == ',') {
    p++;
    if (in_object) {
      goto key;
    }
    goto value;
  }
  if (in[p] != (in_object ? '}' : ']')) {
    *error = p;
    return TB_ERR_JSON_UNEXPECTED_BYTE;
  }

close: { /* in[p] closes the innermost container */
  uint32_t header = open[--depth];
  tape[t++] = word(in[p], count);
  tape[header] = word(in_object ? TB_JSON_OBJECT : TB_JSON_ARRAY, t);
  p++;
  if (depth > 0) {
    uint64_t parent = tape[open[depth - 1]];
    in_object = TB_JSON_TAG(parent) == TB_JSON_OBJECT;
    count = TB_JSON_PAYLOAD(parent);
  }
  goto after_value;
}

key:
  p = skip_whitespace(in, len, p);
  if (p == len) {
    *error = len;
    return TB_ERR_TRUNCATED;
  }
  if (in[p] != '"') {
    *error = p;
    return TB_ERR_JSON_UNEXPECTED_BYTE;
  }
  st = string(in, len, &p, tape + t, arena, &a, error);
  if (st != TB_OK) {
    return st;
  }
  t += 2;
  p = skip_whitespace(in, len, p);
  if (p == len) {
    *error = len;
    return TB_ERR_TRUNCATED;
  }
  if (in[p] != ':') {
    *error = p;
    return TB_ERR_JSON_UNEXPECTED_BYTE;
  }
  p++;
  goto value;
}
