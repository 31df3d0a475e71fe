/* The C side of the layout checks: the numbers the Rust mirrors in targets_rust/ffi assert
 * too. A drift fails the build on whichever side changed. */
#include <stddef.h>

#include "twinbench/base64.h"
#include "twinbench/http1.h"
#include "twinbench/json.h"
#include "twinbench/ringbuf.h"

#define WORD sizeof(void *)
_Static_assert(sizeof(tb_status) == 4, "tb_status is an int32");
_Static_assert(sizeof(tb_base64_api) == 5 * WORD, "tb_base64_api: 5 pointers");
_Static_assert(offsetof(tb_base64_api, encoded_len) == WORD, "tb_base64_api.encoded_len");
_Static_assert(offsetof(tb_base64_api, decode) == 4 * WORD, "tb_base64_api.decode");
_Static_assert(sizeof(tb_ringbuf_regions) == 4 * WORD, "tb_ringbuf_regions: 2 ptrs, 2 lens");
_Static_assert(offsetof(tb_ringbuf_regions, len) == 2 * WORD, "tb_ringbuf_regions.len");
_Static_assert(sizeof(tb_ringbuf_api) == 14 * WORD, "tb_ringbuf_api: 14 pointers");
_Static_assert(offsetof(tb_ringbuf_api, commit) == 13 * WORD, "tb_ringbuf_api.commit");
_Static_assert(sizeof(tb_http1_limits) == 16, "tb_http1_limits: 4 u32");
_Static_assert(sizeof(tb_http1_field) == 16, "tb_http1_field: 2 spans");
_Static_assert(sizeof(tb_http1_request) == 40, "tb_http1_request");
_Static_assert(offsetof(tb_http1_request, field_count) == 20, "tb_http1_request.field_count");
_Static_assert(offsetof(tb_http1_request, content_length) == 32, "tb_http1_request.content_length");
_Static_assert(sizeof(tb_http1_chunked) == 48, "tb_http1_chunked");
_Static_assert(offsetof(tb_http1_chunked, state) == 32, "tb_http1_chunked.state");
_Static_assert(sizeof(tb_http1_api) == 4 * WORD, "tb_http1_api: 4 pointers");

_Static_assert(sizeof(tb_json_doc) == 6 * WORD, "tb_json_doc: 2 pointers, 4 sizes");
_Static_assert(offsetof(tb_json_doc, arena) == 3 * WORD, "tb_json_doc.arena");
_Static_assert(offsetof(tb_json_doc, arena_len) == 5 * WORD, "tb_json_doc.arena_len");
_Static_assert(sizeof(tb_json_api) == 3 * WORD, "tb_json_api: 3 pointers");

/* Referenced by layout_test.cc so that this translation unit is always compiled and linked. */
size_t tb_layout_checked_structs(void) { return 5; }
