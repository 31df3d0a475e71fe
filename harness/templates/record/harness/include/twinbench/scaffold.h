/* scaffold: the contract every implementation exports. Spec: docs/components/scaffold.md */
#ifndef TWINBENCH_SCAFFOLD_H
#define TWINBENCH_SCAFFOLD_H

#include <stddef.h>
#include <stdint.h>

#include "twinbench/record.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A record parser (twinbench/record.h) whose parse splits in[0..len) at its first ':' into the
 * fields "name" and "value" ("name" alone without a ':'); an input holding a NUL byte is
 * TB_ERR_CORRUPT. */
typedef tb_record_api tb_scaffold_api;

const tb_scaffold_api *tb_scaffold_c(void);
const tb_scaffold_api *tb_scaffold_rust(void);

#ifdef __cplusplus
}
#endif
#endif
