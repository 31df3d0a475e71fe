/* The decoder kind of contract: a component whose one operation turns an input's bytes into
 * output bytes in the caller's buffer (inflate, brotli, png, jpeg, gif). Each decoder's header
 * names this table tb_<comp>_api and says what decode writes; the ffi crates share its Rust
 * mirror and getter (tb_ffi_support::decoder), the drivers its shape. */
#ifndef TWINBENCH_DECODER_H
#define TWINBENCH_DECODER_H

#include <stddef.h>
#include <stdint.h>

#include "twinbench/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tb_decoder_api {
  const char *name; /* the implementation's name in its corpora/<comp>/component.json */
  /* Decodes in[0..len) into out[0..out_cap): TB_OK and *written = the output's length;
   * otherwise an error and *written = 0. NULL with a nonzero length is
   * TB_ERR_INVALID_ARGUMENT; in and out must not overlap. */
  tb_status (*decode)(const uint8_t *in, size_t len, uint8_t *out, size_t out_cap, size_t *written);
} tb_decoder_api;

/* The image decoders' output (png, jpeg): width and height (u32, little endian), then the rows
 * top to bottom, each width pixels of `channels` bytes. Its size, 8 + channels * width * height;
 * SIZE_MAX when that does not fit in a size_t (no out_cap is that large). */
static inline size_t tb_decoder_image_size(uint32_t width, uint32_t height, size_t channels) {
  const size_t pixels_max = (SIZE_MAX - 8) / channels;
  if (width != 0 && height > pixels_max / width) return SIZE_MAX;
  return 8 + channels * (size_t)width * height;
}

#ifdef __cplusplus
}
#endif
#endif
