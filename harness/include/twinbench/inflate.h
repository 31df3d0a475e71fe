/* inflate: decompress one zlib stream. Spec: docs/components/inflate.md */
#ifndef TWINBENCH_INFLATE_H
#define TWINBENCH_INFLATE_H

#include <stddef.h>
#include <stdint.h>

#include "twinbench/decoder.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A decoder (twinbench/decoder.h). Its decode decompresses the zlib stream in[0..len) into
 * out[0..out_cap): TB_OK and *written = the decompressed length; otherwise an error and *written =
 * 0. */
typedef tb_decoder_api tb_inflate_api;

const tb_inflate_api *tb_inflate_zlib(void);
const tb_inflate_api *tb_inflate_miniz_oxide(void);

#ifdef __cplusplus
}
#endif
#endif
