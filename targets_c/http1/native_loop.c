/* The C twin without the API table, for the benchmark's c-native cases: loops in C calling the
 * twin's functions directly, as native_loop.rs does for the Rust crate (the contract in
 * twinbench/native_loops.h). */
#include <string.h>

#include "chars.h"
#include "twinbench/native_loops.h"

enum { FIELDS = 100 };

/* Every request of `buf` in turn, each body delivered into `scratch` (cap >= len). */
static tb_http1_pipeline_result pipeline(const uint8_t *buf, size_t len, uint8_t *scratch,
                                         size_t cap, tb_http1_field *fields) {
  const tb_http1_limits limits = TB_HTTP1_DEFAULT_LIMITS;
  tb_http1_pipeline_result r = {0, 0, 0, 1};
  tb_http1_request req;
  size_t pos = 0, offset;
  while (pos < len) {
    if (tb_c_http1_parse_request(buf + pos, len - pos, &limits, &req, fields, FIELDS, &offset) !=
        TB_OK) {
      return r;
    }
    pos += req.head_length;
    r.requests++;
    r.fields += req.field_count;
    if (req.body == TB_HTTP1_BODY_LENGTH) {
      if (req.content_length > len - pos) return r;
      memcpy(scratch, buf + pos, (size_t)req.content_length);
      r.body_bytes += (size_t)req.content_length;
      pos += (size_t)req.content_length;
    } else if (req.body == TB_HTTP1_BODY_CHUNKED) {
      tb_http1_chunked state;
      size_t consumed, written;
      if (tb_c_http1_chunked_init(&state, &limits) != TB_OK ||
          tb_c_http1_chunked_decode(&state, buf + pos, len - pos, scratch, cap, &consumed, &written,
                                    &offset) != TB_OK) {
        return r;
      }
      r.body_bytes += written;
      pos += consumed;
    }
  }
  r.failed = 0;
  return r;
}

void tb_c_native_http1_pipeline(const uint8_t *buf, size_t len, uint8_t *scratch, size_t cap,
                                uint64_t iterations, tb_http1_pipeline_result *result) {
  result->failed = 1;
  if ((buf == NULL && len > 0) || (scratch == NULL && cap > 0) || cap < len) return;
  tb_http1_field fields[FIELDS];
  for (uint64_t i = 0; i < iterations; i++) {
    tb_native_observe(buf);
    *result = pipeline(buf, len, scratch, cap, fields);
    tb_native_observe(scratch);
  }
}

/* `head` resumed one more byte per call: its length when it completes exactly at its end. */
static size_t drip(const uint8_t *head, size_t len, tb_http1_field *fields) {
  const tb_http1_limits limits = TB_HTTP1_DEFAULT_LIMITS;
  tb_http1_head progress;
  memset(&progress, 0, sizeof progress);
  tb_http1_request req;
  size_t offset;
  for (size_t n = 1; n <= len; n++) {
    tb_status st =
        tb_c_http1_resume_request(&progress, head, n, &limits, &req, fields, FIELDS, &offset);
    if (st == TB_OK) return n == len ? req.head_length : 0;
    if (st != TB_NEED_MORE) return 0;
  }
  return 0;
}

size_t tb_c_native_http1_drip(const uint8_t *head, size_t len, uint64_t iterations) {
  if (head == NULL && len > 0) return 0;
  tb_http1_field fields[FIELDS];
  size_t found = 0;
  for (uint64_t i = 0; i < iterations; i++) {
    tb_native_observe(head);
    found = drip(head, len, fields);
    tb_native_observe(fields);
  }
  return found;
}
