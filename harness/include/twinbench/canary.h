/* Seeded-bug canaries (Magma's "reached" and "triggered"), for bug builds only: docs/bugs.md.
 * Every seeded bug's site calls TB_CANARY(id, condition) just before the mistaken code runs:
 * reached whenever the site runs, triggered when `condition` says the mistake takes effect now
 * (the out-of-bounds index is formed, the sum wraps). A normal build compiles no bug site, so it
 * references none of this; the binaries that link a bug build supply tb_canary
 * (harness/include/twinbench/canary.cc), which records the first time each is seen. The Rust twins
 * reach the same function through the tb-canary crate. */
#ifndef TWINBENCH_CANARY_H
#define TWINBENCH_CANARY_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* bug[0..bug_len): the catalogue id; triggered: 0 or 1. */
void tb_canary(const char *bug, size_t bug_len, int triggered);

#if defined(TB_CANARY_OFF)
/* The release replays (bench preset): a site compiles to nothing, so that measuring cannot
 * change what the mistake does there; reached and triggered are measured in the fuzz builds. */
#define TB_CANARY(id, condition) ((void)sizeof((condition) ? 1 : 0)) /* names, not runs, it */
#else
#define TB_CANARY(id, condition) tb_canary(id, sizeof(id) - 1, (condition) ? 1 : 0)
#endif

#ifdef __cplusplus
}
#endif
#endif
