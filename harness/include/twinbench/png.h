/* png: decode one PNG image to RGBA8. Spec: docs/components/png.md */
#ifndef TWINBENCH_PNG_H
#define TWINBENCH_PNG_H

#include <stddef.h>
#include <stdint.h>

#include "twinbench/decoder.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A decoder (twinbench/decoder.h). Its decode decodes the PNG in[0..len) into out[0..out_cap) as:
 * width and height (u32, little endian), then the rows top to bottom, each width pixels of R, G, B,
 * A bytes. TB_OK and *written = 8 + 4 * width * height; TB_ERR_OUTPUT_TOO_SMALL when that exceeds
 * out_cap (known from the header, before any pixel is decoded); otherwise an error and *written =
 * 0. */
typedef tb_decoder_api tb_png_api;

/* What decode writes for a width x height image (R, G, B, A: 4 channels). */
static inline size_t tb_png_decoded_size(uint32_t width, uint32_t height) {
  return tb_decoder_image_size(width, height, 4);
}

#ifdef __cplusplus
}
#endif
#endif
