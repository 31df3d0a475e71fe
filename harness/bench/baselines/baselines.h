/* Baseline libraries wrapped in the twins' API tables, for the benchmarks only. A baseline
 * answers TB_ERR_UNSUPPORTED for what it cannot do; it never gives a different answer. */
#ifndef TWINBENCH_BENCH_BASELINES_H
#define TWINBENCH_BENCH_BASELINES_H

#include "twinbench/base64.h"

#ifdef __cplusplus
extern "C" {
#endif

/* OpenSSL's EVP_EncodeBlock / EVP_DecodeBlock: standard alphabet, padded, no offsets. */
const tb_base64_api *tb_base64_baseline_openssl(void);
/* The `base64` crate from Debian (librust-base64-dev), in targets_rust/ffi/src/baselines.rs. */
const tb_base64_api *tb_base64_baseline_rust_crate(void);

#ifdef __cplusplus
}
#endif
#endif
