/* The png contract (harness/include/twinbench/png.h) on libpng's classic read API: expand
 * palette, low bit depths and tRNS; strip 16-bit samples to their high byte; gray to RGB; an
 * opaque alpha where there is none; no gamma handling. Built once per registry implementation
 * (upstream and Debian-patched): TB_GETTER and TB_IMPL_NAME name it. Spec: docs/components/png.md
 */
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "png.h"
#include "twinbench/png.h"

typedef struct {
  const uint8_t *data;
  size_t len, pos;
  tb_status error; /* the first error libpng or the input met */
} reading;

static void read_input(png_structp png, png_bytep dst, size_t n) {
  reading *r = png_get_io_ptr(png);
  if (n > r->len - r->pos) {
    r->error = TB_ERR_TRUNCATED;
    png_error(png, "input ends");
  }
  memcpy(dst, r->data + r->pos, n);
  r->pos += n;
}

/* libpng reports every error as a message: a CRC or Adler-32 mismatch is bad-checksum, any
 * other defect corrupt. */
static void on_error(png_structp png, png_const_charp message) {
  reading *r = png_get_error_ptr(png);
  if (r->error == TB_OK) {
    const int checksum =
        strstr(message, "CRC error") != NULL || strstr(message, "incorrect data check") != NULL;
    r->error = checksum ? TB_ERR_BAD_CHECKSUM : TB_ERR_CORRUPT;
  }
  png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp message) {
  (void)png; /* warnings are libpng's leniency: the spec lists what it accepts */
  (void)message;
}

static void put_u32le(uint8_t *p, uint32_t v) {
  for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}

static tb_status decode(const uint8_t *in, size_t len, uint8_t *out, size_t out_cap,
                        size_t *written) {
  *written = 0;
  if ((in == NULL && len > 0) || (out == NULL && out_cap > 0)) return TB_ERR_INVALID_ARGUMENT;
  reading r = {in, len, 0, TB_OK};
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &r, on_error, on_warning);
  png_infop info = png != NULL ? png_create_info_struct(png) : NULL;
  if (info == NULL) {
    png_destroy_read_struct(&png, NULL, NULL);
    return TB_ERR_OVERFLOW; /* out of memory: no other cause */
  }
  png_bytep *volatile rows = NULL;
  volatile size_t size = 0;
  if (setjmp(png_jmpbuf(png)) == 0) {
    png_set_read_fn(png, &r, read_input);
    /* As strict as the other decoders: a bad CRC ends the decode in any chunk (libpng's default
     * skips an ancillary chunk with one, with a warning). */
    png_set_crc_action(png, PNG_CRC_ERROR_QUIT, PNG_CRC_ERROR_QUIT);
    png_read_info(png, info);
    const uint32_t width = png_get_image_width(png, info);
    const uint32_t height = png_get_image_height(png, info);
    size = tb_png_decoded_size(width, height);
    if (size > out_cap) {
      r.error = TB_ERR_OUTPUT_TOO_SMALL;
      png_longjmp(png, 1);
    }
    png_set_expand(png);
    png_set_strip_16(png);
    png_set_gray_to_rgb(png);
    png_set_add_alpha(png, 0xff, PNG_FILLER_AFTER);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    rows = malloc(sizeof *rows * (height > 0 ? height : 1));
    if (rows == NULL) {
      r.error = TB_ERR_OVERFLOW;
      png_longjmp(png, 1);
    }
    for (uint32_t y = 0; y < height; y++) rows[y] = out + 8 + (size_t)4 * width * y;
    png_read_image(png, rows); /* the chunks after the image data are not read: spec */
    put_u32le(out, width);
    put_u32le(out + 4, height);
  }
  free(rows);
  png_destroy_read_struct(&png, &info, NULL);
  if (r.error == TB_OK) *written = size;
  return r.error;
}

static const tb_png_api api = {TB_IMPL_NAME, decode};

const tb_png_api *TB_GETTER(void) { return &api; }
