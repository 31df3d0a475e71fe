/* The C twin of scaffold. Spec: docs/components/scaffold.md */
#include <string.h>

#include "twinbench/scaffold.h"

static tb_status split(const uint8_t *in, size_t len, const tb_record_sink *sink) {
  if ((in == NULL && len > 0) || sink == NULL || sink->field == NULL) {
    return TB_ERR_INVALID_ARGUMENT;
  }
  if (len > 0 && memchr(in, 0, len) != NULL) return TB_ERR_CORRUPT;
  const uint8_t *colon = len > 0 ? memchr(in, ':', len) : NULL;
  const size_t name_len = colon != NULL ? (size_t)(colon - in) : len;
  sink->field(sink->context, "name", in, name_len);
  if (colon != NULL) sink->field(sink->context, "value", colon + 1, len - name_len - 1);
  return TB_OK;
}

static const tb_scaffold_api api = {.name = "c", .parse = split};

const tb_scaffold_api *tb_scaffold_c(void) { return &api; }
