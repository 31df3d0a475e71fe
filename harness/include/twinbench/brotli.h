/* brotli: decompress one brotli stream. Spec: docs/components/brotli.md */
#ifndef TWINBENCH_BROTLI_H
#define TWINBENCH_BROTLI_H

#include <stddef.h>
#include <stdint.h>

#include "twinbench/decoder.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A decoder (twinbench/decoder.h). Its decode decompresses the brotli stream in[0..len) into
 * out[0..out_cap): TB_OK and *written = the decompressed length; otherwise an error and *written =
 * 0. */
typedef tb_decoder_api tb_brotli_api;

const tb_brotli_api *tb_brotli_brotli(void);
const tb_brotli_api *tb_brotli_brotli_decompressor(void);

#ifdef __cplusplus
}
#endif
#endif
