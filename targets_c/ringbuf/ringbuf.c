/* Ring buffer twin in C11. Spec: docs/components/ringbuf.md. */
#include "operations.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(TB_BUG) /* a seeded-bug build: docs/bugs.md */
#include "twinbench/canary.h"
#endif
#if defined(TB_BUG_RINGBUF_DISCARD_ASSERTED)
#include <assert.h>
#endif

/* The storage is its own allocation, as in the Rust twin: malloc's alignment for both, so
 * neither twin's copies start misaligned relative to the other's. */
struct tb_ringbuf {
  uint8_t *data;
  size_t cap;
  size_t head; /* index of the oldest byte */
  size_t len;  /* readable bytes */
};

static size_t min_size(size_t a, size_t b) { return a < b ? a : b; }

/* Positions never exceed 2*cap - 1, so one subtraction wraps them. */
static size_t wrap(const tb_ringbuf *rb, size_t pos) {
  return pos >= rb->cap ? pos - rb->cap : pos;
}

static tb_status create(size_t capacity, tb_ringbuf **out) {
  *out = NULL;
  if (capacity == 0) return TB_ERR_INVALID_ARGUMENT;
  /* Like Rust's allocator, refuse sizes above PTRDIFF_MAX before asking malloc. */
  if (capacity > PTRDIFF_MAX) return TB_ERR_OVERFLOW;
  tb_ringbuf *rb = malloc(sizeof *rb);
  uint8_t *data = malloc(capacity);
  if (rb == NULL || data == NULL) {
    free(rb);
    free(data);
    return TB_ERR_OVERFLOW;
  }
  rb->data = data;
  rb->cap = capacity;
  rb->head = 0;
  rb->len = 0;
  *out = rb;
  return TB_OK;
}

static void destroy(tb_ringbuf *rb) {
  if (rb == NULL) return;
  free(rb->data);
  free(rb);
}
static size_t capacity(const tb_ringbuf *rb) { return rb->cap; }
static size_t size(const tb_ringbuf *rb) { return rb->len; }
static size_t space(const tb_ringbuf *rb) { return rb->cap - rb->len; }

void tb_c_ringbuf_read_regions(const tb_ringbuf *rb, tb_ringbuf_regions *out) {
  size_t first = min_size(rb->len, rb->cap - rb->head);
  /* The caller may not write through these; the struct is shared with write_regions. */
  out->ptr[0] = rb->data + rb->head;
  out->len[0] = first;
  out->ptr[1] = rb->data;
  out->len[1] = rb->len - first;
}

void tb_c_ringbuf_write_regions(tb_ringbuf *rb, tb_ringbuf_regions *out) {
  size_t tail = wrap(rb, rb->head + rb->len);
  size_t free_bytes = rb->cap - rb->len;
  size_t first = min_size(free_bytes, rb->cap - tail);
  out->ptr[0] = rb->data + tail;
  out->len[0] = first;
  out->ptr[1] = rb->data;
  out->len[1] = free_bytes - first;
}

size_t tb_c_ringbuf_commit(tb_ringbuf *rb, size_t len) {
  len = min_size(len, rb->cap - rb->len);
  rb->len += len;
  return len;
}

size_t tb_c_ringbuf_write(tb_ringbuf *rb, const uint8_t *data, size_t len) {
  if (data == NULL) return 0; /* the spec: NULL with any length moves nothing */
  tb_ringbuf_regions w;
  tb_c_ringbuf_write_regions(rb, &w);
  len = min_size(len, w.len[0] + w.len[1]);
#if defined(TB_BUG_RINGBUF_COPY_PAST_WRAP)
  /* Seeded bug (docs/bugs.md): one copy of the whole count, clamped to the free space, into the
   * first region: past the storage's end when the free space wraps. */
  TB_CANARY("ringbuf-copy-past-wrap", len > w.len[0]);
  memcpy(w.ptr[0], data, len);
#else
  size_t first = min_size(len, w.len[0]);
  if (first > 0) memcpy(w.ptr[0], data, first);
  if (len > first) memcpy(w.ptr[1], data + first, len - first);
#endif
  return tb_c_ringbuf_commit(rb, len);
}

size_t tb_c_ringbuf_discard(tb_ringbuf *rb, size_t len) {
#if defined(TB_BUG_RINGBUF_DISCARD_ASSERTED)
  /* Seeded bug (docs/bugs.md): the count is asserted to be at most the size instead of clamped
   * to it, as if callers discarded only what they had read. */
  TB_CANARY("ringbuf-discard-asserted", len > rb->len);
  assert(len <= rb->len);
#else
  len = min_size(len, rb->len);
#endif
  rb->head = wrap(rb, rb->head + len);
  rb->len -= len;
  if (rb->len == 0) rb->head = 0; /* keeps the next write contiguous */
  return len;
}

static size_t peek(const tb_ringbuf *rb, uint8_t *out, size_t len) {
  if (out == NULL) return 0; /* the spec: NULL with any length moves nothing */
  tb_ringbuf_regions r;
  tb_c_ringbuf_read_regions(rb, &r);
  len = min_size(len, rb->len);
  size_t first = min_size(len, r.len[0]);
  if (first > 0) memcpy(out, r.ptr[0], first);
  if (len > first) memcpy(out + first, r.ptr[1], len - first);
  return len;
}

size_t tb_c_ringbuf_read(tb_ringbuf *rb, uint8_t *out, size_t len) {
  return tb_c_ringbuf_discard(rb, peek(rb, out, len));
}

#if !defined(TB_BUG_RINGBUF_RESIZE_LEAK) && !defined(TB_BUG_RINGBUF_RESIZE_DOUBLE_FREE) &&         \
    !defined(TB_BUG_RINGBUF_RESIZE_USE_AFTER_FREE)
static tb_status resize(tb_ringbuf *rb, size_t capacity) {
  if (capacity == 0 || capacity < rb->len) return TB_ERR_INVALID_ARGUMENT;
#if defined(TB_BUG_RINGBUF_ALLOCATION_UNCHECKED)
  /* Seeded bug (docs/bugs.md): the caller's capacity is allocated as asked, as if any size
   * could be allocated: no bound, and the result is not checked. */
  TB_CANARY("ringbuf-allocation-unchecked", capacity > PTRDIFF_MAX);
  uint8_t *data = malloc(capacity);
#else
  if (capacity > PTRDIFF_MAX) return TB_ERR_OVERFLOW;
  uint8_t *data = malloc(capacity);
  if (data == NULL) return TB_ERR_OVERFLOW;
#endif
  peek(rb, data, rb->len);
  free(rb->data);
  rb->data = data;
  rb->cap = capacity;
  rb->head = 0;
  return TB_OK;
}
#endif

#if defined(TB_BUG_RINGBUF_RESIZE_LEAK)
/* Seeded bug (docs/bugs.md): the new storage is allocated before the bytes are known to fit,
 * and the early return for "they do not" forgets to free it. */
static tb_status resize(tb_ringbuf *rb, size_t capacity) {
  if (capacity == 0) return TB_ERR_INVALID_ARGUMENT;
  if (capacity > PTRDIFF_MAX) return TB_ERR_OVERFLOW;
  uint8_t *data = malloc(capacity);
  if (data == NULL) return TB_ERR_OVERFLOW;
  TB_CANARY("ringbuf-resize-leak", capacity < rb->len);
  if (capacity < rb->len) return TB_ERR_INVALID_ARGUMENT;
  peek(rb, data, rb->len);
  free(rb->data);
  rb->data = data;
  rb->cap = capacity;
  rb->head = 0;
  return TB_OK;
}
#endif

#if defined(TB_BUG_RINGBUF_RESIZE_DOUBLE_FREE)
/* Seeded bug (docs/bugs.md): the error path frees the new storage, then jumps to the shared
 * cleanup, which frees it again. */
static tb_status resize(tb_ringbuf *rb, size_t capacity) {
  if (capacity == 0) return TB_ERR_INVALID_ARGUMENT;
  if (capacity > PTRDIFF_MAX) return TB_ERR_OVERFLOW;
  uint8_t *data = malloc(capacity);
  if (data == NULL) return TB_ERR_OVERFLOW;
  tb_status st = TB_OK;
  if (capacity < rb->len) {
    TB_CANARY("ringbuf-resize-double-free", 1);
    free(data);
    st = TB_ERR_INVALID_ARGUMENT;
    goto fail;
  }
  TB_CANARY("ringbuf-resize-double-free", 0);
  peek(rb, data, rb->len);
  free(rb->data);
  rb->data = data;
  rb->cap = capacity;
  rb->head = 0;
  return TB_OK;
fail:
  free(data);
  return st;
}
#endif

#if defined(TB_BUG_RINGBUF_RESIZE_USE_AFTER_FREE)
/* Seeded bug (docs/bugs.md): the old storage is freed as soon as the new one is in hand, and
 * the bytes are then copied out of the regions that still point into it. */
static tb_status resize(tb_ringbuf *rb, size_t capacity) {
  if (capacity == 0 || capacity < rb->len) return TB_ERR_INVALID_ARGUMENT;
  if (capacity > PTRDIFF_MAX) return TB_ERR_OVERFLOW;
  uint8_t *data = malloc(capacity);
  if (data == NULL) return TB_ERR_OVERFLOW;
  tb_ringbuf_regions r;
  tb_c_ringbuf_read_regions(rb, &r);
  free(rb->data);
  TB_CANARY("ringbuf-resize-use-after-free", rb->len > 0);
  if (r.len[0] > 0) memcpy(data, r.ptr[0], r.len[0]);
  if (r.len[1] > 0) memcpy(data + r.len[0], r.ptr[1], r.len[1]);
  rb->data = data;
  rb->cap = capacity;
  rb->head = 0;
  return TB_OK;
}
#endif

static void clear(tb_ringbuf *rb) {
  rb->head = 0;
  rb->len = 0;
}

#if defined(TB_BUG_RINGBUF_RESIZE_ERROR_FREES_HANDLE)
/* Seeded bug (docs/bugs.md): the API's resize releases the caller's buffer whenever resizing
 * fails, as if a failed resize ended its life, while the caller still holds the handle. */
static tb_status resize_or_release(tb_ringbuf *rb, size_t capacity) {
  const tb_status st = resize(rb, capacity);
  TB_CANARY("ringbuf-resize-error-frees-handle", st != TB_OK);
  if (st != TB_OK) destroy(rb);
  return st;
}
#endif

static const tb_ringbuf_api api = {
    .name = "c",
    .create = create,
    .destroy = destroy,
    .capacity = capacity,
    .size = size,
    .space = space,
    .write = tb_c_ringbuf_write,
    .read = tb_c_ringbuf_read,
    .peek = peek,
    .discard = tb_c_ringbuf_discard,
    .clear = clear,
    .read_regions = tb_c_ringbuf_read_regions,
    .write_regions = tb_c_ringbuf_write_regions,
    .commit = tb_c_ringbuf_commit,
#if defined(TB_BUG_RINGBUF_RESIZE_ERROR_FREES_HANDLE)
    .resize = resize_or_release,
#else
    .resize = resize,
#endif
};

const tb_ringbuf_api *tb_ringbuf_c(void) { return &api; }
