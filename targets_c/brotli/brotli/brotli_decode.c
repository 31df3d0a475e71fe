/* The brotli contract (harness/include/twinbench/brotli.h) on the brotli decoder's streaming
 * API, which (unlike its one-shot call) tells truncation, lack of room and trailing bytes
 * apart. TB_GETTER and TB_IMPL_NAME name the registry implementation. Spec:
 * docs/components/brotli.md */
#include <brotli/decode.h>

#include "twinbench/brotli.h"

static tb_status decode(const uint8_t *in, size_t len, uint8_t *out, size_t out_cap,
                        size_t *written) {
  *written = 0;
  if ((in == NULL && len > 0) || (out == NULL && out_cap > 0)) return TB_ERR_INVALID_ARGUMENT;
  BrotliDecoderState *s = BrotliDecoderCreateInstance(NULL, NULL, NULL);
  if (s == NULL) return TB_ERR_OVERFLOW; /* out of memory: no other cause */
  size_t in_left = len, out_left = out_cap;
  const uint8_t *next_in = in;
  uint8_t *next_out = out;
  const BrotliDecoderResult r =
      BrotliDecoderDecompressStream(s, &in_left, &next_in, &out_left, &next_out, NULL);
  tb_status st;
  switch (r) {
  case BROTLI_DECODER_RESULT_SUCCESS: st = in_left == 0 ? TB_OK : TB_ERR_TRAILING_DATA; break;
  case BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT: st = TB_ERR_TRUNCATED; break;
  case BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT: st = TB_ERR_OUTPUT_TOO_SMALL; break;
  default: {
    const BrotliDecoderErrorCode code = BrotliDecoderGetErrorCode(s);
    const int out_of_memory = code <= BROTLI_DECODER_ERROR_ALLOC_CONTEXT_MODES &&
                              code >= BROTLI_DECODER_ERROR_ALLOC_BLOCK_TYPE_TREES;
    st = out_of_memory ? TB_ERR_OVERFLOW : TB_ERR_CORRUPT;
    break;
  }
  }
  if (st == TB_OK) *written = out_cap - out_left;
  BrotliDecoderDestroyInstance(s);
  return st;
}

static const tb_brotli_api api = {TB_IMPL_NAME, decode};

const tb_brotli_api *TB_GETTER(void) { return &api; }
