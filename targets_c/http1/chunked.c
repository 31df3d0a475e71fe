/* The C http1 twin's chunked body decoder (RFC 9112 §7.1): a state machine that takes bytes
 * one at a time in chunk lines and trailers, and copies chunk data in bulk. Its state lives in
 * the caller's tb_http1_chunked, so the body may arrive in any split.
 * Spec: docs/components/http1.md */
#include <string.h>

#include "chars.h"

#if defined(TB_BUG) /* a seeded-bug build: docs/bugs.md */
#include "twinbench/canary.h"
#endif

/* The same numbers as the Rust twin's, for anyone reading a state dump; neither reads the
 * other's. */
enum {
  SIZE_FIRST,
  SIZE,
  EXT_SPACE, /* BWS: only ';' may follow */
  EXT_NAME_START,
  EXT_NAME,
  EXT_AFTER_NAME, /* BWS: '=' or ';' may follow */
  EXT_VALUE_START,
  EXT_TOKEN,
  EXT_QUOTED,
  EXT_QUOTED_ESCAPE,
  EXT_VALUE_END, /* after a quoted-string */
  LINE_LF,
  DATA,
  DATA_CR,
  DATA_LF,
  TRAILER_START,
  TRAILER_NAME,
  TRAILER_VALUE,
  TRAILER_LF,
  FINAL_LF,
  DONE,
  FAILED,
};

/* A status meaning "the byte before this one was a CR that no LF followed". */
enum { BARE_CR_BEFORE = -1 };

static int is_qdtext(uint8_t b) {
  return b == HT || b == SP || b == 0x21 || (b >= 0x23 && b <= 0x5b) || (b >= 0x5d && b <= 0x7e) ||
         b >= 0x80;
}

/* One byte of a chunk line: chunk-size [chunk-ext] CRLF. */
static tb_status chunk_line(tb_http1_chunked *s, uint8_t b) {
  if (b == LF) return TB_ERR_HTTP_BARE_LF;
  if (b != CR) {
#if defined(TB_BUG_HTTP1_CHUNK_EXTENSION_UNBOUNDED)
    /* Seeded bug (docs/bugs.md): only the chunk-size's bytes are held to the line limit; the
     * extensions after it, read and ignored, are not, so a line may go on without end. */
    const int in_size = s->state == SIZE_FIRST || s->state == SIZE;
    TB_CANARY("http1-chunk-extension-unbounded",
              !in_size && s->line_bytes >= s->limits.max_chunk_line_bytes);
    if (in_size && s->line_bytes == s->limits.max_chunk_line_bytes) {
      return TB_ERR_HTTP_CHUNK_LINE_TOO_LONG;
    }
#else
    if (s->line_bytes == s->limits.max_chunk_line_bytes) return TB_ERR_HTTP_CHUNK_LINE_TOO_LONG;
#endif
    s->line_bytes++;
  }
  const int ows = tb_http1_is_ows(b), token = tb_http1_tchar[b];
  switch (s->state) {
  case SIZE_FIRST:
  case SIZE: {
    int digit = tb_http1_hex(b);
    if (digit >= 0) {
#if defined(TB_BUG_HTTP1_CHUNK_SIZE_OVERFLOW)
      /* Seeded bug (docs/bugs.md): the hex digits are accumulated without asking whether the
       * next one still fits in 64 bits. */
      TB_CANARY("http1-chunk-size-overflow", s->remaining > UINT64_MAX >> 4);
      s->remaining = s->remaining * 16 + (uint64_t)digit;
#else
      if (s->remaining > UINT64_MAX >> 4) return TB_ERR_HTTP_BAD_CHUNK_SIZE;
      s->remaining = s->remaining << 4 | (uint64_t)digit;
#endif
      s->state = SIZE;
      return TB_OK;
    }
    if (s->state == SIZE_FIRST) return TB_ERR_HTTP_BAD_CHUNK_SIZE;
    if (b == CR)
      s->state = LINE_LF;
    else if (b == ';')
      s->state = EXT_NAME_START;
    else if (ows)
      s->state = EXT_SPACE;
    else
      return TB_ERR_HTTP_BAD_CHUNK_SIZE;
    return TB_OK;
  }
  case EXT_SPACE:
    if (b == ';')
      s->state = EXT_NAME_START;
    else if (!ows)
      return TB_ERR_HTTP_BAD_CHUNK_EXTENSION;
    return TB_OK;
  case EXT_NAME:
    if (token) return TB_OK;
    if (b == CR)
      s->state = LINE_LF;
    else if (b == ';')
      s->state = EXT_NAME_START;
    else if (b == '=')
      s->state = EXT_VALUE_START;
    else if (ows)
      s->state = EXT_AFTER_NAME;
    else
      return TB_ERR_HTTP_BAD_CHUNK_EXTENSION;
    return TB_OK;
  case EXT_AFTER_NAME:
    if (b == ';')
      s->state = EXT_NAME_START;
    else if (b == '=')
      s->state = EXT_VALUE_START;
    else if (!ows)
      return TB_ERR_HTTP_BAD_CHUNK_EXTENSION;
    return TB_OK;
  case EXT_TOKEN:
  case EXT_VALUE_END:
    if (token && s->state == EXT_TOKEN) return TB_OK;
    if (b == CR)
      s->state = LINE_LF;
    else if (b == ';')
      s->state = EXT_NAME_START;
    else if (ows)
      s->state = EXT_SPACE;
    else
      return TB_ERR_HTTP_BAD_CHUNK_EXTENSION;
    return TB_OK;
  case EXT_NAME_START:
    if (token)
      s->state = EXT_NAME;
    else if (!ows)
      return TB_ERR_HTTP_BAD_CHUNK_EXTENSION;
    return TB_OK;
  case EXT_VALUE_START:
    if (token)
      s->state = EXT_TOKEN;
    else if (b == '"')
      s->state = EXT_QUOTED;
    else if (!ows)
      return TB_ERR_HTTP_BAD_CHUNK_EXTENSION;
    return TB_OK;
  case EXT_QUOTED:
    if (b == '"')
      s->state = EXT_VALUE_END;
    else if (b == '\\')
      s->state = EXT_QUOTED_ESCAPE;
    else if (!is_qdtext(b))
      return TB_ERR_HTTP_BAD_CHUNK_EXTENSION;
    return TB_OK;
  default: /* EXT_QUOTED_ESCAPE: quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text ) */
    if (!(ows || (b >= 0x21 && b != 0x7f))) return TB_ERR_HTTP_BAD_CHUNK_EXTENSION;
    s->state = EXT_QUOTED;
    return TB_OK;
  }
}

/* One byte of the trailer section: field lines, then the final CRLF. */
static tb_status trailer(tb_http1_chunked *s, uint8_t b) {
  if (s->trailer_bytes == s->limits.max_head_bytes) return TB_ERR_HTTP_HEAD_TOO_LARGE;
  s->trailer_bytes++;
  switch (s->state) {
  case TRAILER_START: /* the same order of checks as a head's field line */
    if (b == CR)
      s->state = FINAL_LF;
    else if (tb_http1_is_ows(b))
      return TB_ERR_HTTP_OBS_FOLD;
    else if (s->trailer_fields == s->limits.max_fields)
      return TB_ERR_HTTP_TOO_MANY_FIELDS;
    else if (!tb_http1_tchar[b])
      return tb_http1_bad(b, TB_ERR_HTTP_BAD_FIELD_NAME);
    else {
      s->trailer_fields++;
      s->state = TRAILER_NAME;
    }
    return TB_OK;
  case TRAILER_NAME:
    if (b == ':')
      s->state = TRAILER_VALUE;
    else if (!tb_http1_tchar[b])
      return tb_http1_bad(b, TB_ERR_HTTP_BAD_FIELD_NAME);
    return TB_OK;
  case TRAILER_VALUE:
    if (b == CR)
      s->state = TRAILER_LF;
    else if (tb_http1_ends_value(b))
      return tb_http1_bad(b, TB_ERR_HTTP_BAD_FIELD_VALUE);
    return TB_OK;
  case TRAILER_LF:
    if (b != LF) return BARE_CR_BEFORE;
    s->state = TRAILER_START;
    return TB_OK;
  default: /* FINAL_LF */
    if (b != LF) return BARE_CR_BEFORE;
    s->state = DONE;
    return TB_OK;
  }
}

/* One byte outside chunk data. */
static tb_status step(tb_http1_chunked *s, uint8_t b) {
  switch (s->state) {
  case LINE_LF:
    if (b != LF) return BARE_CR_BEFORE;
    s->line_bytes = 0;
    s->state = s->remaining == 0 ? TRAILER_START : DATA;
    return TB_OK;
  case DATA_CR:
    if (b != CR) return TB_ERR_HTTP_BAD_CHUNK;
    s->state = DATA_LF;
    return TB_OK;
  case DATA_LF:
    if (b != LF) return TB_ERR_HTTP_BAD_CHUNK;
    s->state = SIZE_FIRST;
    return TB_OK;
  default: return s->state >= TRAILER_START ? trailer(s, b) : chunk_line(s, b);
  }
}

tb_status tb_c_http1_chunked_init(tb_http1_chunked *state, const tb_http1_limits *limits) {
  static const tb_http1_limits defaults = TB_HTTP1_DEFAULT_LIMITS;
  if (!state) return TB_ERR_INVALID_ARGUMENT;
  if (!limits) limits = &defaults;
  if (!tb_http1_limits_valid(limits)) return TB_ERR_INVALID_ARGUMENT;
  memset(state, 0, sizeof *state);
  state->limits = *limits;
  state->state = SIZE_FIRST;
  return TB_OK;
}

tb_status tb_c_http1_chunked_decode(tb_http1_chunked *s, const uint8_t *in, size_t len,
                                    uint8_t *out, size_t out_cap, size_t *consumed, size_t *written,
                                    size_t *error_offset) {
  if (!consumed || !written || !error_offset) return TB_ERR_INVALID_ARGUMENT;
  *consumed = *written = *error_offset = 0;
  if (!s || (!in && len) || (!out && out_cap) || s->state >= DONE) return TB_ERR_INVALID_ARGUMENT;
  if (out_cap < len) return TB_ERR_OUTPUT_TOO_SMALL;
  size_t i = 0, w = 0;
  while (i < len) {
    if (s->state == DATA) {
#if defined(TB_BUG_HTTP1_CHUNK_DATA_OVERREAD)
      /* Seeded bug (docs/bugs.md): the chunk's data is copied as its size line announced it,
       * as if the whole chunk had arrived. */
      TB_CANARY("http1-chunk-data-overread", s->remaining > len - i);
      size_t n = (size_t)s->remaining;
#else
      size_t n = len - i < s->remaining ? len - i : (size_t)s->remaining;
#endif
      memcpy(out + w, in + i, n);
      i += n;
      w += n;
      s->remaining -= n;
      if (s->remaining == 0) s->state = DATA_CR;
      continue;
    }
    tb_status st = step(s, in[i]);
    if (st != TB_OK) {
      size_t at = s->offset + i;
      s->state = FAILED;
      *written = w;
      if (st == BARE_CR_BEFORE) return (*error_offset = at - 1), TB_ERR_HTTP_BARE_CR;
      *error_offset = at;
      return st;
    }
    i++;
    if (s->state == DONE) break;
  }
  s->offset += i;
  *consumed = i;
  *written = w;
  return s->state == DONE ? TB_OK : TB_NEED_MORE;
}
