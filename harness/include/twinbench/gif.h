/* gif: decode every frame of one GIF to palette indices. Spec: docs/components/gif.md */
#ifndef TWINBENCH_GIF_H
#define TWINBENCH_GIF_H

#include <stddef.h>
#include <stdint.h>

#include "twinbench/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tb_gif_api {
  const char *name; /* the implementation's name in corpora/gif/component.json */
  /* Decodes the GIF in[0..len) into out[0..out_cap) as (all numbers u32, little endian): the
   * screen's width and height and the number of frames; then per frame its left, top, width
   * and height, its transparent index (0xffffffff: none), the number of entries of the palette
   * it uses (its own, else the global one, else 0) and the entries (R, G, B bytes), then its
   * width * height palette indices, rows top to bottom (deinterlaced). TB_OK and *written = that
   * size; TB_ERR_OUTPUT_TOO_SMALL when it exceeds out_cap (known once every frame is decoded);
   * otherwise an error and *written = 0. */
  tb_status (*decode)(const uint8_t *in, size_t len, uint8_t *out, size_t out_cap, size_t *written);
} tb_gif_api;

#ifdef __cplusplus
}
#endif
#endif
