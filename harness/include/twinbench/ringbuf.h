/* Ring buffer: a fixed-capacity byte FIFO. The contract every implementation exports.
 * Spec: docs/components/ringbuf.md */
#ifndef TWINBENCH_RINGBUF_H
#define TWINBENCH_RINGBUF_H

#include <stddef.h>
#include <stdint.h>

#include "twinbench/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Opaque; each twin has its own representation behind it. */
typedef struct tb_ringbuf tb_ringbuf;

/* Up to two contiguous regions, oldest byte first; an unused region has len 0. */
typedef struct tb_ringbuf_regions {
  uint8_t *ptr[2];
  size_t len[2];
} tb_ringbuf_regions;

/* Operations after creation, resize aside, never fail and never allocate: each returns the
 * number of bytes it moved, clamped to what the buffer allows. */
typedef struct tb_ringbuf_api {
  const char *name;
  /* TB_ERR_INVALID_ARGUMENT for capacity 0, TB_ERR_OVERFLOW when it cannot be allocated. */
  tb_status (*create)(size_t capacity, tb_ringbuf **out);
  void (*destroy)(tb_ringbuf *rb); /* NULL is a no-op */
  size_t (*capacity)(const tb_ringbuf *rb);
  size_t (*size)(const tb_ringbuf *rb);
  size_t (*space)(const tb_ringbuf *rb);
  size_t (*write)(tb_ringbuf *rb, const uint8_t *data, size_t len);
  size_t (*read)(tb_ringbuf *rb, uint8_t *out, size_t len);
  size_t (*peek)(const tb_ringbuf *rb, uint8_t *out, size_t len);
  size_t (*discard)(tb_ringbuf *rb, size_t len); /* also "consume" after read_regions */
  void (*clear)(tb_ringbuf *rb);
  /* Zero-copy: readable bytes, valid until the next mutating call. */
  void (*read_regions)(const tb_ringbuf *rb, tb_ringbuf_regions *out);
  /* Zero-copy: free space to fill, then commit() what was filled. */
  void (*write_regions)(tb_ringbuf *rb, tb_ringbuf_regions *out);
  size_t (*commit)(tb_ringbuf *rb, size_t len);
  /* New storage of `capacity` bytes holding the same bytes in order. TB_ERR_INVALID_ARGUMENT for
   * capacity 0 or below size(), TB_ERR_OVERFLOW when it cannot be allocated; on an error the
   * buffer is unchanged. */
  tb_status (*resize)(tb_ringbuf *rb, size_t capacity);
} tb_ringbuf_api;

const tb_ringbuf_api *tb_ringbuf_c(void);
const tb_ringbuf_api *tb_ringbuf_rust(void);

#ifdef __cplusplus
}
#endif
#endif
