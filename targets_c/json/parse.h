/* The json C twin's parser: api.c's table entry, and what it calls once the arguments are
 * checked. */
#ifndef TB_C_JSON_PARSE_H
#define TB_C_JSON_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include "twinbench/json.h"

/* The API table's parse (api.c): the arguments checked, then tb_json_parse_document. */
tb_status tb_c_json_parse(const uint8_t *in, size_t len, uint32_t max_depth, tb_json_doc *doc,
                          size_t *error_offset);

/* Needs tape room for len + 1 words and arena room for len bytes. */
tb_status tb_json_parse_document(const uint8_t *in, size_t len, uint32_t max_depth, uint64_t *tape,
                                 uint8_t *arena, size_t *tape_len, size_t *arena_len,
                                 size_t *error);

/* The canonical text of a tape from a successful parse. */
tb_status tb_json_serialize_document(const tb_json_doc *doc, uint8_t *out, size_t out_cap,
                                     size_t *written);

#endif
