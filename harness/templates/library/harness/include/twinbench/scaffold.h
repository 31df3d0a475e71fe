/* scaffold: the contract TB_T_LIBRARY_NAME and the TB_T_CRATE_NAME crate are held to. Spec:
 * docs/components/scaffold.md */
#ifndef TWINBENCH_SCAFFOLD_H
#define TWINBENCH_SCAFFOLD_H

#include <stddef.h>
#include <stdint.h>

#include "twinbench/TB_T_CONTRACT.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The TB_T_CONTRACT table (twinbench/TB_T_CONTRACT.h): say what it gives here. */
typedef tb_TB_T_CONTRACT_api tb_scaffold_api;

const tb_scaffold_api *tb_scaffold_TB_T_LIBRARY_IDENT(void);
const tb_scaffold_api *TB_T_RUST_GETTER(void);

#ifdef __cplusplus
}
#endif
#endif
