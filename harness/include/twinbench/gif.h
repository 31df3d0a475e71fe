/* gif: decode every frame of one GIF to palette indices. Spec: docs/components/gif.md */
#ifndef TWINBENCH_GIF_H
#define TWINBENCH_GIF_H

#include <stddef.h>
#include <stdint.h>

#include "twinbench/decoder.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A decoder (twinbench/decoder.h). Its decode decodes the GIF in[0..len) into out[0..out_cap) as
 * (all numbers u32, little endian): the screen's width and height and the number of frames; then
 * per frame its left, top, width and height, its transparent index (0xffffffff: none), the number
 * of entries of the palette it uses (its own, else the global one, else 0) and the entries (R, G, B
 * bytes), then its width * height palette indices, rows top to bottom (deinterlaced). TB_OK and
 * *written = that size; TB_ERR_OUTPUT_TOO_SMALL when it exceeds out_cap (known once every frame is
 * decoded); otherwise an error and *written = 0. */
typedef tb_decoder_api tb_gif_api;

#ifdef __cplusplus
}
#endif
#endif
