/* tb_json_c(): the C json twin behind harness/include/twinbench/json.h. */
#include "parse.h"

tb_status tb_c_json_parse(const uint8_t *in, size_t len, uint32_t max_depth, tb_json_doc *doc,
                          size_t *error_offset) {
  if (doc == NULL || error_offset == NULL || (in == NULL && len > 0) ||
      (doc->tape == NULL && doc->tape_cap > 0) || (doc->arena == NULL && doc->arena_cap > 0) ||
      max_depth == 0 || max_depth > TB_JSON_MAX_DEPTH_LIMIT || len > TB_JSON_MAX_INPUT) {
    return TB_ERR_INVALID_ARGUMENT;
  }
  doc->tape_len = 0;
  doc->arena_len = 0;
  *error_offset = 0;
  if (doc->tape_cap < len + 1 || doc->arena_cap < len) {
    return TB_ERR_OUTPUT_TOO_SMALL;
  }
  size_t tape_len = 0, arena_len = 0;
  tb_status st = tb_json_parse_document(in, len, max_depth, doc->tape, doc->arena, &tape_len,
                                        &arena_len, error_offset);
  if (st == TB_OK) {
    doc->tape_len = tape_len;
    doc->arena_len = arena_len;
  }
  return st;
}

static tb_status serialize(const tb_json_doc *doc, uint8_t *out, size_t out_cap, size_t *written) {
  if (doc == NULL || written == NULL || (out == NULL && out_cap > 0) || doc->tape == NULL ||
      doc->tape_len == 0 || (doc->arena == NULL && doc->arena_len > 0)) {
    return TB_ERR_INVALID_ARGUMENT; /* an empty tape is what a failed parse leaves: no document */
  }
  return tb_json_serialize_document(doc, out, out_cap, written);
}

static const tb_json_api api = {"c", tb_c_json_parse, serialize};

const tb_json_api *tb_json_c(void) { return &api; }
