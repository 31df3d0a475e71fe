/* The C twin of scaffold. Spec: docs/components/scaffold.md */
#include <string.h>

#include "twinbench/scaffold.h"

static tb_status copy(const uint8_t *in, size_t len, uint8_t *out, size_t out_cap,
                      size_t *written) {
  *written = 0;
  if ((in == NULL && len > 0) || (out == NULL && out_cap > 0)) return TB_ERR_INVALID_ARGUMENT;
  if (out_cap < len) return TB_ERR_OUTPUT_TOO_SMALL;
  if (len > 0) memcpy(out, in, len);
  *written = len;
  return TB_OK;
}

static const tb_scaffold_api api = {.name = "c", .decode = copy};

const tb_scaffold_api *tb_scaffold_c(void) { return &api; }
