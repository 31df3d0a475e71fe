/* inflate: decompress one zlib stream. Spec: docs/components/inflate.md */
#ifndef TWINBENCH_INFLATE_H
#define TWINBENCH_INFLATE_H

#include <stddef.h>
#include <stdint.h>

#include "twinbench/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tb_inflate_api {
  const char *name; /* the implementation's name in corpora/inflate/component.json */
  /* Decompresses the zlib stream in[0..len) into out[0..out_cap): TB_OK and *written = the
   * decompressed length; otherwise an error and *written = 0. */
  tb_status (*decode)(const uint8_t *in, size_t len, uint8_t *out, size_t out_cap, size_t *written);
} tb_inflate_api;

const tb_inflate_api *tb_inflate_zlib(void);
const tb_inflate_api *tb_inflate_miniz_oxide(void);

#ifdef __cplusplus
}
#endif
#endif
