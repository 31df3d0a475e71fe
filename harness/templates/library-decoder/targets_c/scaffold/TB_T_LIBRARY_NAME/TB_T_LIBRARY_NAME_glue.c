/* The scaffold contract (harness/include/twinbench/scaffold.h) on TB_T_PACKAGE
 * TB_T_UPSTREAM. Spec: docs/components/scaffold.md
 * Made by twinbench new: until decode calls the library it answers TB_ERR_UNSUPPORTED, and the
 * conformance tests say so. */
#include "twinbench/scaffold.h"

static tb_status decode(const uint8_t *in, size_t len, uint8_t *out, size_t out_cap,
                        size_t *written) {
  *written = 0;
  if ((in == NULL && len > 0) || (out == NULL && out_cap > 0)) return TB_ERR_INVALID_ARGUMENT;
  /* Decode in[0..len) into out[0..out_cap) with the library, set *written, and map its errors to
   * tb_status codes (twinbench/status.h). */
  return TB_ERR_UNSUPPORTED;
}

static const tb_scaffold_api api = {TB_IMPL_NAME, decode};

const tb_scaffold_api *TB_GETTER(void) { return &api; }
