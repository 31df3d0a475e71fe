/* The C ring buffer twin's byte operations, behind its API table and called directly by its
 * benchmark loop (native_loop.c). Each behaves as the table's function of the same name. */
#ifndef TB_C_RINGBUF_OPERATIONS_H
#define TB_C_RINGBUF_OPERATIONS_H

#include "twinbench/ringbuf.h"

size_t tb_c_ringbuf_write(tb_ringbuf *rb, const uint8_t *data, size_t len);
size_t tb_c_ringbuf_read(tb_ringbuf *rb, uint8_t *out, size_t len);
void tb_c_ringbuf_read_regions(const tb_ringbuf *rb, tb_ringbuf_regions *out);
void tb_c_ringbuf_write_regions(tb_ringbuf *rb, tb_ringbuf_regions *out);
size_t tb_c_ringbuf_commit(tb_ringbuf *rb, size_t len);
size_t tb_c_ringbuf_discard(tb_ringbuf *rb, size_t len);

#endif
