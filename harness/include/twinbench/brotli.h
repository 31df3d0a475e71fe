/* brotli: decompress one brotli stream. Spec: docs/components/brotli.md */
#ifndef TWINBENCH_BROTLI_H
#define TWINBENCH_BROTLI_H

#include <stddef.h>
#include <stdint.h>

#include "twinbench/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tb_brotli_api {
  const char *name; /* the implementation's name in corpora/brotli/component.json */
  /* Decompresses the brotli stream in[0..len) into out[0..out_cap): TB_OK and *written = the
   * decompressed length; otherwise an error and *written = 0. */
  tb_status (*decode)(const uint8_t *in, size_t len, uint8_t *out, size_t out_cap, size_t *written);
} tb_brotli_api;

const tb_brotli_api *tb_brotli_brotli(void);
const tb_brotli_api *tb_brotli_brotli_decompressor(void);

#ifdef __cplusplus
}
#endif
#endif
