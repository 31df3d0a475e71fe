/* The C http1 twin: one request head (RFC 9112 §2–§6), in one pass over the caller's bytes.
 * Spec: docs/components/http1.md. Every decision is made from bytes already seen, so a prefix
 * of an input either says TB_NEED_MORE or gives the same answer as the whole input; the
 * decisions made so far live in a tb_http1_head, so bytes that arrive in pieces are read once. */
#include <string.h>

#include "chars.h"

#if defined(TB_BUG_HTTP1_CONTENT_LENGTH_UNCHECKED_PARSE)
#include <stdlib.h>
#endif
#if defined(TB_BUG) /* a seeded-bug build: docs/bugs.md */
#include "twinbench/canary.h"
#endif

/* The phases of a head, in order; a call that runs out of bytes leaves head->phase and
 * head->pos where the next call goes on. */
enum {
  P_LEADING = 0, /* empty lines before the request line */
  P_METHOD,
  P_TARGET,
  P_VERSION, /* HTTP-version CRLF, re-read whole from its first byte when it was cut */
  P_LINE,    /* the start of a field line, or the empty line that ends the head */
  P_NAME,
  P_OWS, /* between the colon and the value */
  P_VALUE,
  P_DONE /* a result other than need-more was given */
};
enum { CODINGS = 1, CHUNKED_LAST = 2 }; /* head->transfer_coding */

static tb_status fail(size_t *error_offset, tb_status status, size_t at) {
  *error_offset = at;
  return status;
}

/* Out of bytes before a decision: need more, unless the head limit cut the input short. */
static tb_status suspend(tb_http1_head *h, uint32_t phase, size_t at, size_t mark, size_t len,
                         size_t end, size_t *error_offset) {
  if (len > end) return fail(error_offset, TB_ERR_HTTP_HEAD_TOO_LARGE, end);
  h->phase = phase; /* the next call goes on from in[at] in this phase */
  h->pos = (uint32_t)at;
  h->mark = (uint32_t)mark;
  return TB_NEED_MORE;
}

static uint64_t load_le64(const uint8_t *p) {
  uint64_t w = 0;
  for (int k = 7; k >= 0; k--) w = w << 8 | p[k];
  return w;
}

/* The first byte in in[i..end) that ends a field value (tb_http1_ends_value), or end. Eight
 * bytes per step: the lowest byte flagged by the borrow trick is always a true hit. */
static size_t scan_value(const uint8_t *in, size_t i, size_t end) {
  const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
  while (end - i >= 8) {
    uint64_t w = load_le64(in + i);
    uint64_t del = w ^ (0x7f * ones);
    uint64_t hits = ((w - 0x20 * ones) & ~w & highs) | ((del - ones) & ~del & highs);
    if (hits == 0) {
      i += 8;
      continue;
    }
    i += (size_t)__builtin_ctzll(hits) / 8;
    if (in[i] != HT) return i;
#if defined(TB_BUG_HTTP1_TAB_STALL)
    /* Seeded bug (docs/bugs.md): a TAB (allowed in a value) is passed over by rescanning the
     * word, without stepping past it first. */
    TB_CANARY("http1-tab-stall", 1);
#else
    i++;
#endif
  }
  while (i < end && !tb_http1_ends_value(in[i])) i++;
  return i;
}

/* Case-insensitive match of a token against a lowercase name (tchars only, so |0x20 is safe). */
static int name_is(const uint8_t *name, size_t len, const char *lower) {
  for (size_t k = 0; k < len; k++) {
    if ((name[k] | 0x20) != (uint8_t)lower[k]) return 0;
  }
  return lower[len] == '\0';
}

#if defined(TB_BUG_HTTP1_CONTENT_LENGTH_UNCHECKED_PARSE)
static tb_status content_length(const uint8_t *in, size_t start, size_t end, tb_http1_head *h,
                                size_t *error_offset) {
  /* Seeded bug (docs/bugs.md): the value is converted by the C library's strtoull, where it
   * stopped and errno unchecked, as if the field's grammar (1*DIGIT) had been checked before.
   * (strtoull skips leading white space, CR and LF too: an empty value reads on into the next
   * line, or past the input's end.) */
  int grammatical = start < end; /* 1*DIGIT, within 64 bits */
  for (uint64_t v = 0, k = start; k < end && grammatical; k++) {
    const unsigned digit = (unsigned)(in[k] - '0');
    grammatical = digit <= 9 && v <= (UINT64_MAX - digit) / 10;
    v = v * 10 + digit;
  }
  TB_CANARY("http1-content-length-unchecked-parse", !grammatical);
  const uint64_t value = strtoull((const char *)in + start, NULL, 10);
  if (h->has_length && h->content_length != value) {
    return fail(error_offset, TB_ERR_HTTP_BAD_CONTENT_LENGTH, start);
  }
  h->has_length = 1;
  h->content_length = value;
  return TB_OK;
}
#else
static tb_status content_length(const uint8_t *in, size_t start, size_t end, tb_http1_head *h,
                                size_t *error_offset) {
#if defined(TB_BUG_HTTP1_CONTENT_LENGTH_U32)
  /* Seeded bug (docs/bugs.md): the length is accumulated in 32 bits, under the 64-bit check. */
  uint32_t value = 0;
#else
  uint64_t value = 0;
#endif
  if (start == end) return fail(error_offset, TB_ERR_HTTP_BAD_CONTENT_LENGTH, start);
  for (size_t k = start; k < end; k++) {
    unsigned digit = (unsigned)(in[k] - '0');
    if (digit > 9 || value > (UINT64_MAX - digit) / 10) {
      return fail(error_offset, TB_ERR_HTTP_BAD_CONTENT_LENGTH, start);
    }
#if defined(TB_BUG_HTTP1_CONTENT_LENGTH_U32)
    TB_CANARY("http1-content-length-u32", value > (UINT32_MAX - digit) / 10);
#endif
    value = value * 10 + digit;
  }
#if defined(TB_BUG_HTTP1_DUPLICATE_CONTENT_LENGTH)
  /* Seeded bug (docs/bugs.md): a repeated Content-Length replaces the earlier one. */
  TB_CANARY("http1-duplicate-content-length", h->has_length && h->content_length != value);
#else
  if (h->has_length && h->content_length != value) {
    return fail(error_offset, TB_ERR_HTTP_BAD_CONTENT_LENGTH, start);
  }
#endif
  h->has_length = 1;
  h->content_length = value;
  return TB_OK;
}
#endif

/* A list of codings, each a bare token; "chunked" once, and last. */
static tb_status transfer_encoding(const uint8_t *in, size_t start, size_t end, tb_http1_head *h,
                                   size_t *error_offset) {
  int any = 0;
  size_t k = start;
  if (h->transfer_coding == 0) h->transfer_coding = CODINGS;
  for (;;) {
    while (k < end && (in[k] == ',' || tb_http1_is_ows(in[k]))) k++;
    if (k == end) break;
    size_t coding = k;
    while (k < end && tb_http1_tchar[in[k]]) k++;
    if (k == coding) return fail(error_offset, TB_ERR_HTTP_BAD_TRANSFER_ENCODING, k);
    if (h->transfer_coding == CHUNKED_LAST) {
      return fail(error_offset, TB_ERR_HTTP_BAD_TRANSFER_ENCODING, coding);
    }
    h->transfer_coding = name_is(in + coding, k - coding, "chunked") ? CHUNKED_LAST : CODINGS;
    any = 1;
    while (k < end && tb_http1_is_ows(in[k])) k++;
    if (k < end && in[k] != ',') return fail(error_offset, TB_ERR_HTTP_BAD_TRANSFER_ENCODING, k);
  }
  return any ? TB_OK : fail(error_offset, TB_ERR_HTTP_BAD_TRANSFER_ENCODING, start);
}

/* One Host field, its value a uri-host [":" port]: target chars other than '/', '?' and '@'. */
static tb_status host(const uint8_t *in, const tb_http1_field *field, tb_http1_head *h,
                      size_t *error_offset) {
  if (h->hosts++ > 0) return fail(error_offset, TB_ERR_HTTP_BAD_HOST, field->name.offset);
#if defined(TB_BUG_HTTP1_HOST_VALUE_AS_TEXT)
  /* Seeded bug (docs/bugs.md): the value is handled as the language's text, a C string, and
   * searched for the delimiters a host may not hold with strpbrk, as if it ended at a NUL. It
   * ends at its length: the search runs on through the rest of the input, and past it. */
  {
    const char *value = (const char *)in + field->value.offset;
    int runs_past = 1;
    for (size_t k = 0; k < field->value.length; k++) {
      if (memchr("/?@", value[k], 4) != NULL) runs_past = 0; /* the 4th: the NUL */
    }
    TB_CANARY("http1-host-value-as-text", runs_past);
    const char *bad = strpbrk(value, "/?@");
    if (bad != NULL) {
      return fail(error_offset, TB_ERR_HTTP_BAD_HOST, (size_t)((const uint8_t *)bad - in));
    }
  }
#endif
  for (size_t k = field->value.offset; k < field->value.offset + field->value.length; k++) {
    if (!tb_http1_target[in[k]] || in[k] == '/' || in[k] == '?' || in[k] == '@') {
      return fail(error_offset, TB_ERR_HTTP_BAD_HOST, k);
    }
  }
  return TB_OK;
}

static tb_status field_semantics(const uint8_t *in, const tb_http1_field *field, tb_http1_head *h,
                                 size_t *error_offset) {
  const uint8_t *name = in + field->name.offset;
  size_t start = field->value.offset, end = start + field->value.length;
#if defined(TB_BUG_HTTP1_FIELD_NAME_STACK_COPY)
  /* Seeded bug (docs/bugs.md): the name is lower-cased into a local buffer sized for the names
   * the parser looks for (the longest, "transfer-encoding", is 17 bytes), without checking that
   * the name in the request fits. */
  uint8_t lower[24];
  TB_CANARY("http1-field-name-stack-copy", field->name.length > sizeof lower);
  for (size_t k = 0; k < field->name.length; k++) lower[k] = (uint8_t)(name[k] | 0x20);
  name = lower;
#endif
  switch (field->name.length) {
  case 4:
    if (name_is(name, 4, "host")) return host(in, field, h, error_offset);
    break;
  case 14:
    if (name_is(name, 14, "content-length")) return content_length(in, start, end, h, error_offset);
    break;
  case 17:
    if (name_is(name, 17, "transfer-encoding")) {
      return transfer_encoding(in, start, end, h, error_offset);
    }
    break;
  }
  return TB_OK;
}

/* The request-target's form (§3.2), or TB_ERR_HTTP_BAD_TARGET. */
static tb_status target_form(const uint8_t *method, size_t method_len, const uint8_t *t, size_t len,
                             uint8_t *form) {
  if (method_len == 7 && memcmp(method, "CONNECT", 7) == 0) {
#if defined(TB_BUG_HTTP1_CONNECT_PORT_UNCHECKED)
    /* Seeded bug (docs/bugs.md): the last ':' is kept as a pointer, NULL when there is none,
     * and the port after it is read without checking that there was one. */
    {
      const uint8_t *colon = NULL;
      for (size_t k = 0; k < len; k++) {
        if (t[k] == '/' || t[k] == '?' || t[k] == '@') return TB_ERR_HTTP_BAD_TARGET;
        if (t[k] == ':') colon = t + k;
      }
      TB_CANARY("http1-connect-port-unchecked", colon == NULL);
      if (colon == t || colon + 1 == t + len) return TB_ERR_HTTP_BAD_TARGET;
      for (const uint8_t *d = colon + 1; d < t + len; d++) {
        if (*d < '0' || *d > '9') return TB_ERR_HTTP_BAD_TARGET;
      }
      *form = TB_HTTP1_AUTHORITY_FORM;
      return TB_OK;
    }
#endif
    size_t colon = len;
    for (size_t k = 0; k < len; k++) {
      if (t[k] == '/' || t[k] == '?' || t[k] == '@') return TB_ERR_HTTP_BAD_TARGET;
      if (t[k] == ':') colon = k;
    }
    if (colon == 0 || colon >= len - 1) return TB_ERR_HTTP_BAD_TARGET;
    for (size_t k = colon + 1; k < len; k++) {
      if (t[k] < '0' || t[k] > '9') return TB_ERR_HTTP_BAD_TARGET;
    }
    *form = TB_HTTP1_AUTHORITY_FORM;
    return TB_OK;
  }
  if (len == 1 && t[0] == '*') {
    *form = TB_HTTP1_ASTERISK_FORM;
    return method_len == 7 && memcmp(method, "OPTIONS", 7) == 0 ? TB_OK : TB_ERR_HTTP_BAD_TARGET;
  }
  if (t[0] == '/') {
    *form = TB_HTTP1_ORIGIN_FORM;
    return TB_OK;
  }
  uint8_t first = (uint8_t)(t[0] | 0x20);
  if (first < 'a' || first > 'z') return TB_ERR_HTTP_BAD_TARGET;
  for (size_t k = 1; k < len; k++) {
    uint8_t b = t[k], lower = (uint8_t)(b | 0x20);
    if (b == ':') {
      *form = TB_HTTP1_ABSOLUTE_FORM;
      return TB_OK;
    }
    if (!((lower >= 'a' && lower <= 'z') || (b >= '0' && b <= '9') || b == '+' || b == '-' ||
          b == '.')) {
      break;
    }
  }
  return TB_ERR_HTTP_BAD_TARGET;
}

/* Why scan_target stopped early at a '%'. */
enum { PERCENT_OK = 0, PERCENT_BAD, PERCENT_INCOMPLETE };

/* Scans the request-target from in[start]: returns the index of the first byte after it (or
 * end). A '%' not followed by two HEXDIG stops the scan at the '%', with *percent saying
 * whether the digits are wrong or not there yet. */
static size_t scan_target(const uint8_t *in, size_t start, size_t end, int *percent) {
  size_t i = start;
  *percent = PERCENT_OK;
  while (i < end) {
    uint8_t kind = tb_http1_target[in[i]];
    if (kind == TARGET_CHAR) {
      i++;
      continue;
    }
    if (kind != TARGET_PERCENT) return i;
    for (size_t k = 1; k <= 2; k++) {
      if (i + k >= end) {
        *percent = PERCENT_INCOMPLETE;
        return i;
      }
      if (tb_http1_hex(in[i + k]) < 0) {
        *percent = PERCENT_BAD;
        return i;
      }
    }
    i += 3;
  }
  return end;
}

/* The empty line at in[i] (its CR, LF checked) ends the head: the checks of the spec's step 6,
 * then the result. */
static tb_status finish(const tb_http1_head *h, size_t i, tb_http1_request *req,
                        size_t *error_offset) {
  if (h->transfer_coding && (h->has_length || h->version_minor == 0)) {
    return fail(error_offset, TB_ERR_HTTP_AMBIGUOUS_LENGTH, i);
  }
  if (h->transfer_coding == CODINGS)
    return fail(error_offset, TB_ERR_HTTP_BAD_TRANSFER_ENCODING, i);
  if (h->version_minor == 1 && h->hosts == 0) return fail(error_offset, TB_ERR_HTTP_BAD_HOST, i);

  memset(req, 0, sizeof *req);
  req->method = h->method;
  req->target = h->target;
  req->version_minor = h->version_minor;
  req->target_form = h->target_form;
  req->field_count = h->field_count;
  req->head_length = (uint32_t)(i + 2);
  if (h->transfer_coding) {
    req->body = TB_HTTP1_BODY_CHUNKED;
  } else if (h->has_length) {
    req->body = TB_HTTP1_BODY_LENGTH;
    req->content_length = h->content_length;
  }
  return TB_OK;
}

/* Reads on from in[h->pos] in phase h->phase, one token per step. */
static tb_status parse(tb_http1_head *h, const uint8_t *in, size_t len,
                       const tb_http1_limits *limits, tb_http1_request *req, tb_http1_field *fields,
                       size_t *error_offset) {
  /* Every decision is made within the first max_head_bytes bytes. */
  const size_t end = len < limits->max_head_bytes ? len : limits->max_head_bytes;
  /* The phase and the token's start live in registers; a suspended call stores them. */
  uint32_t phase = h->phase;
  size_t i = h->pos, mark = h->mark;
#define SUSPEND_AT(at) suspend(h, phase, (at), mark, len, end, error_offset)
  for (;;) {
    switch (phase) {
    case P_LEADING:
      while (i < end && in[i] == CR) {
        if (i + 1 >= end) return SUSPEND_AT(i);
        if (in[i + 1] != LF) return fail(error_offset, TB_ERR_HTTP_BARE_CR, i);
        i += 2;
      }
      if (i >= end) return SUSPEND_AT(i); /* another CRLF may follow */
      mark = i;
      phase = P_METHOD;
      break;

    case P_METHOD:
      while (i < end && tb_http1_tchar[in[i]]) i++;
      if (i >= end) return SUSPEND_AT(i);
      if (in[i] != SP || i == mark) {
        return fail(error_offset, tb_http1_bad(in[i], TB_ERR_HTTP_BAD_METHOD), i);
      }
      h->method = (tb_http1_span){(uint32_t)mark, (uint32_t)(i - mark)};
      mark = ++i;
      phase = P_TARGET;
      break;

    case P_TARGET: {
      const size_t target = mark;
      int percent;
      i = scan_target(in, i, end, &percent);
      if (i - target > limits->max_target_bytes) {
        return fail(error_offset, TB_ERR_HTTP_TARGET_TOO_LONG, target + limits->max_target_bytes);
      }
      if (percent == PERCENT_BAD) return fail(error_offset, TB_ERR_HTTP_BAD_TARGET, i);
      if (percent == PERCENT_INCOMPLETE || i >= end) return SUSPEND_AT(i);
      if (in[i] != SP || i == target) {
        return fail(error_offset, tb_http1_bad(in[i], TB_ERR_HTTP_BAD_TARGET), i);
      }
      if (target_form(in + h->method.offset, h->method.length, in + target, i - target,
                      &h->target_form) != TB_OK) {
        return fail(error_offset, TB_ERR_HTTP_BAD_TARGET, target);
      }
      h->target = (tb_http1_span){(uint32_t)target, (uint32_t)(i - target)};
      mark = ++i;
      phase = P_VERSION;
      break;
    }

    case P_VERSION: {
      const size_t version = mark;
      static const char pattern[] = "HTTP/#.#"; /* '#' is a DIGIT */
      for (i = version; i < version + 8; i++) {
        if (i >= end) return SUSPEND_AT(version);
        uint8_t want = (uint8_t)pattern[i - version];
        int fits = want == '#' ? in[i] >= '0' && in[i] <= '9' : in[i] == want;
        if (!fits) return fail(error_offset, tb_http1_bad(in[i], TB_ERR_HTTP_BAD_VERSION), i);
      }
      if (in[version + 5] != '1' || (in[version + 7] != '0' && in[version + 7] != '1')) {
        return fail(error_offset, TB_ERR_HTTP_UNSUPPORTED_VERSION, version);
      }
      if (i >= end) return SUSPEND_AT(version);
      if (in[i] != CR) return fail(error_offset, tb_http1_bad(in[i], TB_ERR_HTTP_BAD_VERSION), i);
      if (i + 1 >= end) return SUSPEND_AT(version);
      if (in[i + 1] != LF) return fail(error_offset, TB_ERR_HTTP_BARE_CR, i);
      h->version_minor = (uint8_t)(in[version + 7] - '0');
      i += 2;
      phase = P_LINE;
      break;
    }

    case P_LINE:
      if (i >= end) return SUSPEND_AT(i);
      if (in[i] == CR) { /* the empty line */
        if (i + 1 >= end) return SUSPEND_AT(i);
        if (in[i + 1] != LF) return fail(error_offset, TB_ERR_HTTP_BARE_CR, i);
        return finish(h, i, req, error_offset);
      }
      if (tb_http1_is_ows(in[i])) return fail(error_offset, TB_ERR_HTTP_OBS_FOLD, i);
      if (h->field_count == limits->max_fields) {
        return fail(error_offset, TB_ERR_HTTP_TOO_MANY_FIELDS, i);
      }
      mark = i;
      phase = P_NAME;
      break;

    case P_NAME:
      while (i < end && tb_http1_tchar[in[i]]) i++;
      if (i >= end) return SUSPEND_AT(i);
      if (in[i] != ':' || i == mark) {
        return fail(error_offset, tb_http1_bad(in[i], TB_ERR_HTTP_BAD_FIELD_NAME), i);
      }
      h->name = (tb_http1_span){(uint32_t)mark, (uint32_t)(i - mark)};
      i++;
      phase = P_OWS;
      break;

    case P_OWS:
      while (i < end && tb_http1_is_ows(in[i])) i++;
      if (i >= end) return SUSPEND_AT(i);
      mark = i;
      phase = P_VALUE;
      break;

    case P_VALUE: {
      i = scan_value(in, i, end);
      if (i >= end) return SUSPEND_AT(i);
      if (in[i] != CR) {
        return fail(error_offset, tb_http1_bad(in[i], TB_ERR_HTTP_BAD_FIELD_VALUE), i);
      }
      if (i + 1 >= end) return SUSPEND_AT(i);
      if (in[i + 1] != LF) return fail(error_offset, TB_ERR_HTTP_BARE_CR, i);
      size_t value_end = i;
      while (value_end > mark && tb_http1_is_ows(in[value_end - 1])) value_end--;
      tb_http1_field *field = &fields[h->field_count++];
      field->name = h->name;
      field->value = (tb_http1_span){(uint32_t)mark, (uint32_t)(value_end - mark)};
      tb_status st = field_semantics(in, field, h, error_offset);
      if (st != TB_OK) return st;
      i += 2;
      phase = P_LINE;
      break;
    }

    default: return TB_ERR_INVALID_ARGUMENT; /* not a state this twin writes */
    }
  }
#undef SUSPEND_AT
}

tb_status tb_c_http1_resume_request(tb_http1_head *head, const uint8_t *in, size_t len,
                                    const tb_http1_limits *limits, tb_http1_request *req,
                                    tb_http1_field *fields, size_t fields_cap,
                                    size_t *error_offset) {
  static const tb_http1_limits defaults = TB_HTTP1_DEFAULT_LIMITS;
  if (!error_offset || !req || !head) return TB_ERR_INVALID_ARGUMENT;
  *error_offset = 0;
  if (!limits) limits = &defaults;
  if ((!in && len) || (!fields && fields_cap) || !tb_http1_limits_valid(limits)) {
    return TB_ERR_INVALID_ARGUMENT;
  }
#if defined(TB_BUG_HTTP1_FIELDS_LENGTH_TRUSTED)
  /* Seeded bug (docs/bugs.md): the contract says the caller provides max_fields fields, and the
   * caller is believed: fields_cap is not compared with it. */
  TB_CANARY("http1-fields-length-trusted", fields_cap < limits->max_fields);
#else
  if (fields_cap < limits->max_fields) return TB_ERR_OUTPUT_TOO_SMALL;
#endif
  if (head->phase >= P_DONE || len < head->pos) return TB_ERR_INVALID_ARGUMENT;
  tb_status status = parse(head, in, len, limits, req, fields, error_offset);
  if (status != TB_NEED_MORE) head->phase = P_DONE;
  return status;
}

tb_status tb_c_http1_parse_request(const uint8_t *in, size_t len, const tb_http1_limits *limits,
                                   tb_http1_request *req, tb_http1_field *fields, size_t fields_cap,
                                   size_t *error_offset) {
  tb_http1_head head = {0};
  return tb_c_http1_resume_request(&head, in, len, limits, req, fields, fields_cap, error_offset);
}
