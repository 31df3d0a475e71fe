/* The C base64 twin's operations, behind its API table and called directly by its benchmark
 * loop (native_loop.c). Each behaves as the table's function of the same name. */
#ifndef TB_C_BASE64_OPERATIONS_H
#define TB_C_BASE64_OPERATIONS_H

#include "twinbench/base64.h"

tb_status tb_c_base64_encode(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_cap,
                             uint32_t flags, size_t *written);
tb_status tb_c_base64_decode(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_cap,
                             uint32_t flags, size_t *written, size_t *error_offset);

#endif
