/* The canonical serializer: document -> bytes (docs/components/json.md, "Canonical serializer"). */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "parse.h"

typedef struct writer {
  uint8_t *out;
  size_t cap;
  size_t len;
  bool full;
} writer;

static void put(writer *w, const void *bytes, size_t n) {
  if (n == 0) {
    return;
  }
  if (w->full || n > w->cap - w->len) {
    w->full = true;
    return;
  }
  memcpy(w->out + w->len, bytes, n);
  w->len += n;
}

static void put_byte(writer *w, uint8_t c) { put(w, &c, 1); }

static void put_string(writer *w, const uint8_t *s, size_t n) {
  static const char hex[] = "0123456789abcdef";
  put_byte(w, '"');
  size_t run = 0; /* bytes copied as they are, written in one go */
  for (size_t i = 0; i < n; i++) {
    uint8_t c = s[i];
    if (c >= 0x20 && c != '"' && c != '\\') {
      continue;
    }
    put(w, s + run, i - run);
    run = i + 1;
    char e[6] = {'\\', 0, '0', '0', hex[c >> 4], hex[c & 15]};
    switch (c) {
    case '"': e[1] = '"'; break;
    case '\\': e[1] = '\\'; break;
    case '\b': e[1] = 'b'; break;
    case '\f': e[1] = 'f'; break;
    case '\n': e[1] = 'n'; break;
    case '\r': e[1] = 'r'; break;
    case '\t': e[1] = 't'; break;
    default:
      e[1] = 'u';
      put(w, e, 6);
      continue;
    }
    put(w, e, 2);
  }
  put(w, s + run, n - run);
  put_byte(w, '"');
}

/* 17 significant digits, d.dddddddddddddddde±XX: glibc's %.16e is exact and rounds half-even
 * (in the default rounding mode). Its radix character is the locale's, so it is rewritten to '.':
 * a comma would make another document. */
static void put_double(writer *w, uint64_t bits) {
  double v;
  memcpy(&v, &bits, sizeof v);
  char text[64];
  int n = snprintf(text, sizeof text, "%.16e", v);
  char canonical[32];
  size_t len = 0;
  bool radix_done = false;
  for (int i = 0; i < n && len < sizeof canonical; i++) {
    char c = text[i];
    bool plain = (c >= '0' && c <= '9') || c == '-' || c == '+' || c == 'e';
    if (plain) {
      canonical[len++] = c;
    } else if (!radix_done) { /* the first other byte(s): the radix, maybe multibyte */
      canonical[len++] = '.';
      radix_done = true;
      while (i + 1 < n && !(text[i + 1] >= '0' && text[i + 1] <= '9')) {
        i++;
      }
    }
  }
  put(w, canonical, len);
}

tb_status tb_json_serialize_document(const tb_json_doc *doc, uint8_t *out, size_t out_cap,
                                     size_t *written) {
  writer w = {out, out_cap, 0, false};
  const uint64_t *tape = doc->tape;
  uint8_t kinds[TB_JSON_MAX_DEPTH_LIMIT]; /* the open containers, innermost last */
  size_t depth = 0;
  bool in_object = false, need_comma = false, after_key = false;
  for (size_t i = 0; i < doc->tape_len;) {
    unsigned tag = TB_JSON_TAG(tape[i]);
    if (tag == TB_JSON_ARRAY_END || tag == TB_JSON_OBJECT_END) {
      put_byte(&w, (uint8_t)tag);
      i++;
      depth--;
      in_object = depth > 0 && kinds[depth - 1] == TB_JSON_OBJECT;
      need_comma = true;
      continue;
    }
    bool is_key = in_object && !after_key;
    if (after_key) {
      put_byte(&w, ':');
    } else if (need_comma) {
      put_byte(&w, ',');
    }
    after_key = is_key;
    need_comma = true;
    char number[24];
    switch (tag) {
    case TB_JSON_ARRAY:
    case TB_JSON_OBJECT:
      put_byte(&w, (uint8_t)tag);
      kinds[depth++] = (uint8_t)tag;
      in_object = tag == TB_JSON_OBJECT;
      need_comma = false;
      i++;
      break;
    case TB_JSON_STRING:
      /* An empty string may sit in an empty (NULL) arena. */
      put_string(&w, tape[i + 1] ? doc->arena + TB_JSON_PAYLOAD(tape[i]) : (const uint8_t *)"",
                 (size_t)tape[i + 1]);
      i += 2;
      break;
    case TB_JSON_INT64:
      put(&w, number, (size_t)snprintf(number, sizeof number, "%" PRId64, (int64_t)tape[i + 1]));
      i += 2;
      break;
    case TB_JSON_UINT64:
      put(&w, number, (size_t)snprintf(number, sizeof number, "%" PRIu64, tape[i + 1]));
      i += 2;
      break;
    case TB_JSON_DOUBLE:
      put_double(&w, tape[i + 1]);
      i += 2;
      break;
    case TB_JSON_TRUE: put(&w, "true", 4), i++; break;
    case TB_JSON_FALSE: put(&w, "false", 5), i++; break;
    default: put(&w, "null", 4), i++; break;
    }
  }
  if (w.full) {
    *written = 0;
    return TB_ERR_OUTPUT_TOO_SMALL;
  }
  *written = w.len;
  return TB_OK;
}
