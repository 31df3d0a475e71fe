/* spsc: a bounded lock-free single-producer/single-consumer byte queue. The contract every
 * implementation exports. Spec (threads, ordering): docs/components/spsc.md */
#ifndef TWINBENCH_SPSC_H
#define TWINBENCH_SPSC_H

#include <stddef.h>
#include <stdint.h>

#include "twinbench/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Opaque; each twin has its own representation behind it. */
typedef struct tb_spsc tb_spsc;

/* Up to two contiguous regions in queue order; an unused region has len 0. */
typedef struct tb_spsc_regions {
  uint8_t *ptr[2];
  size_t len[2];
} tb_spsc_regions;

#define TB_SPSC_MAX_CAPACITY ((size_t)1 << 30)

/* After creation nothing fails: every operation returns the byte count it moved, clamped. One
 * thread at a time on each side; the two sides may run on two threads at once. */
typedef struct tb_spsc_api {
  const char *name; /* the implementation's name in corpora/spsc/component.json */
  /* TB_ERR_INVALID_ARGUMENT unless capacity is a power of two in [1, TB_SPSC_MAX_CAPACITY];
   * TB_ERR_OVERFLOW when it cannot be allocated. */
  tb_status (*create)(size_t capacity, tb_spsc **out);
  void (*destroy)(tb_spsc *q); /* NULL is a no-op */
  size_t (*capacity)(const tb_spsc *q);
  /* Producer side. */
  size_t (*push)(tb_spsc *q, const uint8_t *data, size_t len);
  void (*write_regions)(tb_spsc *q, tb_spsc_regions *out);
  size_t (*publish)(tb_spsc *q, size_t len);
  /* Consumer side. */
  size_t (*pop)(tb_spsc *q, uint8_t *out, size_t len);
  void (*read_regions)(tb_spsc *q, tb_spsc_regions *out);
  size_t (*release)(tb_spsc *q, size_t len);
} tb_spsc_api;

const tb_spsc_api *tb_spsc_c(void);
const tb_spsc_api *tb_spsc_rust(void);

/* Benchmark baselines (implementations marked "baseline" in corpora/spsc/component.json). They
 * move bytes with push and pop only: their write_regions and read_regions give two empty
 * regions, publish and release move nothing. */
typedef tb_spsc_api tb_spsc_baseline_api;
/* boost::lockfree::spsc_queue<uint8_t> (libboost-dev), in targets_c/spsc/boost. */
const tb_spsc_baseline_api *tb_spsc_boost(void);
/* crossbeam_queue::ArrayQueue<u8> (librust-crossbeam-queue-dev), one byte per push and pop, in
 * targets_rust/ffi/spsc/src/baseline_crossbeam.rs. */
const tb_spsc_baseline_api *tb_spsc_crossbeam(void);

#ifdef __cplusplus
}
#endif
#endif
