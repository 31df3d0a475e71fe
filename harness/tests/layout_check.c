/* The C side of the layout checks: the numbers the Rust mirrors in targets_rust/ffi assert
 * too. A drift fails the build on whichever side changed. */
#include <stddef.h>

#include "twinbench/base64.h"
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

/* Referenced by layout_test.cc so that this translation unit is always compiled and linked. */
size_t tb_layout_checked_structs(void) { return 4; }
