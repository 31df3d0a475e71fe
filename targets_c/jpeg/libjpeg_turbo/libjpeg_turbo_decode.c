/* The jpeg contract (harness/include/twinbench/jpeg.h) on libjpeg's API as libjpeg-turbo
 * implements it: RGB output (gray replicated), its defaults otherwise (the accurate integer IDCT,
 * fancy upsampling). A warning (corrupt data libjpeg decodes on through) is an error here, as
 * the other decoders stop there. Spec: docs/components/jpeg.md */
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include "jpeglib.h"
/* after jpeglib.h: the message codes */
#include "jerror.h"
#include "twinbench/jpeg.h"

typedef struct {
  struct jpeg_error_mgr mgr; /* first: libjpeg hands back a pointer to it */
  jmp_buf escape;
  tb_status error;
} errors;

static tb_status status_of(j_common_ptr cinfo) {
  switch (cinfo->err->msg_code) {
  case JERR_INPUT_EMPTY:
  case JWRN_JPEG_EOF: return TB_ERR_TRUNCATED; /* the in-memory source ran out */
  case JERR_CONVERSION_NOTIMPL:
  case JERR_NOT_COMPILED:
  case JERR_BAD_PRECISION: return TB_ERR_UNSUPPORTED;
  case JERR_OUT_OF_MEMORY: return TB_ERR_OVERFLOW;
  default: return TB_ERR_CORRUPT;
  }
}

static void on_error(j_common_ptr cinfo) {
  errors *e = (errors *)cinfo->err;
  if (e->error == TB_OK) e->error = status_of(cinfo);
  longjmp(e->escape, 1);
}

static void on_message(j_common_ptr cinfo, int level) {
  if (level < 0) on_error(cinfo); /* a warning: corrupt data */
}

static void put_u32le(uint8_t *p, uint32_t v) {
  for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}

static tb_status decode(const uint8_t *in, size_t len, uint8_t *out, size_t out_cap,
                        size_t *written) {
  *written = 0;
  if ((in == NULL && len > 0) || (out == NULL && out_cap > 0)) return TB_ERR_INVALID_ARGUMENT;
  if (len > (unsigned long)-1) return TB_ERR_TOO_LARGE;
  struct jpeg_decompress_struct cinfo;
  errors e;
  memset(&cinfo, 0, sizeof cinfo);
  cinfo.err = jpeg_std_error(&e.mgr);
  e.mgr.error_exit = on_error;
  e.mgr.emit_message = on_message;
  e.error = TB_OK;
  volatile size_t size = 0;
  if (setjmp(e.escape) == 0) {
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, in, (unsigned long)len);
    jpeg_read_header(&cinfo, TRUE);
    size = tb_jpeg_decoded_size(cinfo.image_width, cinfo.image_height);
    if (size > out_cap) {
      e.error = TB_ERR_OUTPUT_TOO_SMALL;
      longjmp(e.escape, 1);
    }
    if (cinfo.num_components != 1 && cinfo.num_components != 3) {
      e.error = TB_ERR_UNSUPPORTED; /* CMYK, YCCK and others: the contract is RGB */
      longjmp(e.escape, 1);
    }
    cinfo.out_color_space = JCS_RGB;
    jpeg_start_decompress(&cinfo);
    const size_t stride = (size_t)3 * cinfo.output_width;
    while (cinfo.output_scanline < cinfo.output_height) {
      JSAMPROW row = out + 8 + stride * cinfo.output_scanline;
      jpeg_read_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_decompress(&cinfo);
    put_u32le(out, cinfo.image_width);
    put_u32le(out + 4, cinfo.image_height);
  }
  jpeg_destroy_decompress(&cinfo);
  if (e.error == TB_OK) *written = size;
  return e.error;
}

static const tb_jpeg_api api = {TB_IMPL_NAME, decode};

const tb_jpeg_api *TB_GETTER(void) { return &api; }
