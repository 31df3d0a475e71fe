/* The gif contract (harness/include/twinbench/gif.h) on giflib's DGifSlurp, which reads every
 * frame into memory (deinterlaced). Spec: docs/components/gif.md */
#include <string.h>

#include "gif_lib.h"
#include "twinbench/gif.h"

typedef struct {
  const uint8_t *data;
  size_t len, pos;
} reading;

static int read_input(GifFileType *gif, GifByteType *dst, int n) {
  reading *r = gif->UserData;
  const size_t left = r->len - r->pos;
  const size_t take = n < 0 ? 0 : (size_t)n < left ? (size_t)n : left;
  if (take > 0) memcpy(dst, r->data + r->pos, take); /* data is NULL for an empty input */
  r->pos += take;
  return (int)take; /* fewer than asked: giflib reports D_GIF_ERR_READ_FAILED */
}

static tb_status status_of(int error) {
  switch (error) {
  case D_GIF_ERR_READ_FAILED:
  case D_GIF_ERR_EOF_TOO_SOON: return TB_ERR_TRUNCATED;
  case D_GIF_ERR_NOT_ENOUGH_MEM: return TB_ERR_OVERFLOW;
  default: return TB_ERR_CORRUPT;
  }
}

/* Appends v (u32, little endian) at *at when it fits; *at grows either way. */
static void put_u32le(uint8_t *out, size_t out_cap, size_t *at, uint32_t v) {
  for (int i = 0; i < 4; i++, (*at)++) {
    if (*at < out_cap) out[*at] = (uint8_t)(v >> (8 * i));
  }
}

static void put_bytes(uint8_t *out, size_t out_cap, size_t *at, const uint8_t *bytes, size_t n) {
  if (*at <= out_cap && n <= out_cap - *at) memcpy(out + *at, bytes, n);
  *at += n;
}

/* Writes the contract's serialization of what DGifSlurp read; returns its size (writing only
 * what fits in out_cap). */
static size_t serialize(const GifFileType *gif, uint8_t *out, size_t out_cap) {
  size_t at = 0;
  put_u32le(out, out_cap, &at, (uint32_t)gif->SWidth);
  put_u32le(out, out_cap, &at, (uint32_t)gif->SHeight);
  put_u32le(out, out_cap, &at, (uint32_t)gif->ImageCount);
  for (int i = 0; i < gif->ImageCount; i++) {
    const SavedImage *frame = &gif->SavedImages[i];
    const GifImageDesc *d = &frame->ImageDesc;
    put_u32le(out, out_cap, &at, (uint32_t)d->Left);
    put_u32le(out, out_cap, &at, (uint32_t)d->Top);
    put_u32le(out, out_cap, &at, (uint32_t)d->Width);
    put_u32le(out, out_cap, &at, (uint32_t)d->Height);
    GraphicsControlBlock gcb = {0, false, 0, NO_TRANSPARENT_COLOR};
    DGifSavedExtensionToGCB((GifFileType *)gif, i, &gcb);
    put_u32le(out, out_cap, &at,
              gcb.TransparentColor == NO_TRANSPARENT_COLOR ? 0xffffffffu
                                                           : (uint32_t)gcb.TransparentColor);
    const ColorMapObject *palette = d->ColorMap != NULL ? d->ColorMap : gif->SColorMap;
    const int entries = palette != NULL ? palette->ColorCount : 0;
    put_u32le(out, out_cap, &at, (uint32_t)entries);
    for (int c = 0; c < entries; c++) {
      const GifColorType *rgb = &palette->Colors[c];
      const uint8_t entry[3] = {rgb->Red, rgb->Green, rgb->Blue};
      put_bytes(out, out_cap, &at, entry, sizeof entry);
    }
    put_bytes(out, out_cap, &at, frame->RasterBits, (size_t)d->Width * (size_t)d->Height);
  }
  return at;
}

static tb_status decode(const uint8_t *in, size_t len, uint8_t *out, size_t out_cap,
                        size_t *written) {
  *written = 0;
  if ((in == NULL && len > 0) || (out == NULL && out_cap > 0)) return TB_ERR_INVALID_ARGUMENT;
  reading r = {in, len, 0};
  int error = 0;
  GifFileType *gif = DGifOpen(&r, read_input, &error);
  if (gif == NULL) return status_of(error);
  tb_status st = TB_OK;
  if (DGifSlurp(gif) != GIF_OK) {
    st = status_of(gif->Error);
  } else {
    const size_t size = serialize(gif, out, out_cap);
    if (size > out_cap) {
      st = TB_ERR_OUTPUT_TOO_SMALL;
    } else {
      *written = size;
    }
  }
  DGifCloseFile(gif, &error);
  return st;
}

static const tb_gif_api api = {TB_IMPL_NAME, decode};

const tb_gif_api *TB_GETTER(void) { return &api; }
