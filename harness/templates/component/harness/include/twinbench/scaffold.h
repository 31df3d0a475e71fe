/* scaffold: the contract every implementation exports. Spec: docs/components/scaffold.md */
#ifndef TWINBENCH_SCAFFOLD_H
#define TWINBENCH_SCAFFOLD_H

#include <stddef.h>
#include <stdint.h>

#include "twinbench/decoder.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A decoder (twinbench/decoder.h) whose decode copies in[0..len) to out (out_cap >= len):
 * TB_OK and *written = len; otherwise an error and *written = 0. */
typedef tb_decoder_api tb_scaffold_api;

const tb_scaffold_api *tb_scaffold_c(void);
const tb_scaffold_api *tb_scaffold_rust(void);

#ifdef __cplusplus
}
#endif
#endif
