/* The scaffold contract (harness/include/twinbench/scaffold.h) on TB_T_PACKAGE
 * TB_T_UPSTREAM. Spec: docs/components/scaffold.md
 * Made by twinbench new: until parse calls the library it answers TB_ERR_UNSUPPORTED, and the
 * conformance tests say so. */
#include "twinbench/scaffold.h"

static tb_status parse(const uint8_t *in, size_t len, const tb_record_sink *sink) {
  if ((in == NULL && len > 0) || sink == NULL || sink->field == NULL) {
    return TB_ERR_INVALID_ARGUMENT;
  }
  /* Parse in[0..len) with the library, give each field of the record to
   * sink->field(sink->context, "<name>", value, value_len) in the spec's order, and map its
   * errors to tb_status codes (twinbench/status.h). */
  return TB_ERR_UNSUPPORTED;
}

static const tb_scaffold_api api = {TB_IMPL_NAME, parse};

const tb_scaffold_api *TB_GETTER(void) { return &api; }
