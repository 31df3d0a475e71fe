/* The png contract (harness/include/twinbench/png.h) on stb_image: stbi_load_from_memory with
 * four channels wanted (it expands palettes, low bit depths and tRNS, and takes the high byte of
 * 16-bit samples). Spec: docs/components/png.md */
#include <limits.h>
#include <string.h>

#include "stb_image.h"
#include "twinbench/png.h"

static void put_u32le(uint8_t *p, uint32_t v) {
  for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}

static tb_status decode(const uint8_t *in, size_t len, uint8_t *out, size_t out_cap,
                        size_t *written) {
  *written = 0;
  if ((in == NULL && len > 0) || (out == NULL && out_cap > 0)) return TB_ERR_INVALID_ARGUMENT;
  if (len > INT_MAX) return TB_ERR_TOO_LARGE; /* stb takes an int length */
  static const uint8_t no_bytes[1];
  if (in == NULL) in = no_bytes; /* stb computes in + len: NULL + 0 is undefined behavior */
  /* stb_image does not tell one defect from another (stbi_failure_reason is a global): every
   * rejection is corrupt. */
  int width = 0, height = 0, channels = 0;
  if (!stbi_info_from_memory(in, (int)len, &width, &height, &channels)) return TB_ERR_CORRUPT;
  size_t size = tb_png_decoded_size((uint32_t)width, (uint32_t)height);
  if (size > out_cap) return TB_ERR_OUTPUT_TOO_SMALL;
  stbi_uc *pixels = stbi_load_from_memory(in, (int)len, &width, &height, &channels, 4);
  if (pixels == NULL) return TB_ERR_CORRUPT;
  /* The decoded size, not the header's: were they to differ, the diff sees it. */
  size = tb_png_decoded_size((uint32_t)width, (uint32_t)height);
  if (size > out_cap) {
    stbi_image_free(pixels);
    return TB_ERR_OUTPUT_TOO_SMALL;
  }
  put_u32le(out, (uint32_t)width);
  put_u32le(out + 4, (uint32_t)height);
  memcpy(out + 8, pixels, size - 8);
  stbi_image_free(pixels);
  *written = size;
  return TB_OK;
}

static const tb_png_api api = {TB_IMPL_NAME, decode};

const tb_png_api *TB_GETTER(void) { return &api; }
