/* The inflate contract (harness/include/twinbench/inflate.h) on zlib's inflate(). Built once per
 * registry implementation: TB_GETTER and TB_IMPL_NAME name it. Spec: docs/components/inflate.md */
#include <string.h>

#include "twinbench/inflate.h"
#include "zlib.h"

/* zlib's avail_in/avail_out are 32-bit: larger buffers go in slices. */
static uInt slice(size_t n) { return n > 0x40000000u ? 0x40000000u : (uInt)n; }

static tb_status decode(const uint8_t *in, size_t len, uint8_t *out, size_t out_cap,
                        size_t *written) {
  *written = 0;
  if ((in == NULL && len > 0) || (out == NULL && out_cap > 0)) return TB_ERR_INVALID_ARGUMENT;
  z_stream z;
  memset(&z, 0, sizeof z);
  if (inflateInit(&z) != Z_OK) return TB_ERR_OVERFLOW; /* out of memory: no other cause */
  z.next_in = (Bytef *)(uintptr_t)in;                  /* zlib does not write its input */
  uint8_t no_room; /* zlib refuses a NULL next_out even with no room */
  z.next_out = out != NULL ? out : &no_room;
  size_t in_left = len, out_left = out_cap;
  int rc;
  do { /* Z_OK: progress was made; Z_BUF_ERROR: none possible without more input or room */
    z.avail_in = slice(in_left);
    z.avail_out = slice(out_left);
    const uInt given_in = z.avail_in, given_out = z.avail_out;
    rc = inflate(&z, Z_NO_FLUSH);
    in_left -= given_in - z.avail_in;
    out_left -= given_out - z.avail_out;
  } while (rc == Z_OK);

  tb_status st;
  if (rc == Z_STREAM_END) {
    st = in_left == 0 ? TB_OK : TB_ERR_TRAILING_DATA;
  } else if (rc == Z_NEED_DICT) {
    st = TB_ERR_UNSUPPORTED;
  } else if (rc == Z_DATA_ERROR) {
    st = z.msg != NULL && strcmp(z.msg, "incorrect data check") == 0 ? TB_ERR_BAD_CHECKSUM
                                                                     : TB_ERR_CORRUPT;
  } else if (rc != Z_BUF_ERROR) {
    st = TB_ERR_OVERFLOW; /* Z_MEM_ERROR: out of memory, no other cause */
  } else if (out_left > 0) {
    st = TB_ERR_TRUNCATED; /* stopped for input, with room left */
  } else if (in_left > 0) {
    st = TB_ERR_OUTPUT_TOO_SMALL; /* stopped for room, with input left */
  } else {
    /* Out of both: one byte of room tells whether it wanted room or input. */
    uint8_t probe;
    z.next_out = &probe;
    z.avail_out = 1;
    rc = inflate(&z, Z_NO_FLUSH);
    st = z.avail_out == 0     ? TB_ERR_OUTPUT_TOO_SMALL
         : rc == Z_DATA_ERROR ? TB_ERR_CORRUPT
                              : TB_ERR_TRUNCATED;
  }
  if (st == TB_OK) *written = out_cap - out_left;
  inflateEnd(&z);
  return st;
}

static const tb_inflate_api api = {TB_IMPL_NAME, decode};

const tb_inflate_api *TB_GETTER(void) { return &api; }
