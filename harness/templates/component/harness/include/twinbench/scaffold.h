/* scaffold: the contract every implementation exports. Spec: docs/components/scaffold.md */
#ifndef TWINBENCH_SCAFFOLD_H
#define TWINBENCH_SCAFFOLD_H

#include <stddef.h>
#include <stdint.h>

#include "twinbench/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tb_scaffold_api {
  const char *name; /* the implementation's name in corpora/scaffold/component.json */
  /* Copies in[0..len) to out (out_cap >= len): TB_OK and *written = len; otherwise an error
   * and *written = 0. */
  tb_status (*copy)(const uint8_t *in, size_t len, uint8_t *out, size_t out_cap, size_t *written);
} tb_scaffold_api;

const tb_scaffold_api *tb_scaffold_c(void);
const tb_scaffold_api *tb_scaffold_rust(void);

#ifdef __cplusplus
}
#endif
#endif
