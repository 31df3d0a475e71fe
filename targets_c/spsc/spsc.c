/* spsc twin in C11: a lock-free single-producer/single-consumer byte queue.
 * Spec (and the memory-ordering argument): docs/components/spsc.md. */
#include "twinbench/spsc.h"

#include <stdalign.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(TB_BUG) /* a seeded-bug build: docs/bugs.md */
#include "twinbench/canary.h"
#endif

enum { CACHE_LINE = 64 };

/* A counter both sides read and one side writes. */
#if defined(TB_BUG_SPSC_PLAIN_COUNTERS) || defined(TB_BUG_SPSC_SHARED_SYNC)
/* The seeded bugs spsc-plain-counters and spsc-shared-sync (docs/bugs.md): plain integers,
 * every access an ordinary load or store, as if one thread used them. C has no Sync to claim:
 * both are this one mistake here; they differ on the Rust side. */
typedef uint64_t counter;
#if defined(TB_BUG_SPSC_SHARED_SYNC)
#define PLAIN_COUNTER_BUG "spsc-shared-sync"
#else
#define PLAIN_COUNTER_BUG "spsc-plain-counters"
#endif
#else
typedef _Atomic uint64_t counter;
#endif

/* Each side's fields on a cache line of their own: the producer writes `tail` and its cache of
 * `head`, the consumer `head` and its cache of `tail`; sharing a line would make every push
 * and pop bounce it between the cores. */
struct tb_spsc {
  alignas(CACHE_LINE) counter tail; /* bytes ever published; producer writes */
  uint64_t head_cache;              /* the producer's last view of head */
  alignas(CACHE_LINE) counter head; /* bytes ever released; consumer writes */
  uint64_t tail_cache;              /* the consumer's last view of tail */
  alignas(CACHE_LINE) uint8_t *slots;
  size_t cap; /* a power of two */
};

static size_t min_size(size_t a, size_t b) { return a < b ? a : b; }

static uint64_t load_counter(counter *c, memory_order order) {
#if defined(TB_BUG_SPSC_PLAIN_COUNTERS) || defined(TB_BUG_SPSC_SHARED_SYNC)
  (void)order;
  TB_CANARY(PLAIN_COUNTER_BUG, 1); /* a plain access to memory another thread writes */
  return *c;
#else
  return atomic_load_explicit(c, order);
#endif
}

static void store_counter(counter *c, uint64_t value, memory_order order) {
#if defined(TB_BUG_SPSC_PLAIN_COUNTERS) || defined(TB_BUG_SPSC_SHARED_SYNC)
  (void)order;
  TB_CANARY(PLAIN_COUNTER_BUG, 1);
  *c = value;
#else
  atomic_store_explicit(c, value, order);
#endif
}

static tb_status create(size_t capacity, tb_spsc **out) {
  *out = NULL;
  if (capacity == 0 || capacity > TB_SPSC_MAX_CAPACITY || (capacity & (capacity - 1)) != 0) {
    return TB_ERR_INVALID_ARGUMENT;
  }
  tb_spsc *q = aligned_alloc(CACHE_LINE, sizeof *q);
  uint8_t *slots = malloc(capacity);
  if (q == NULL || slots == NULL) {
    free(q);
    free(slots);
    return TB_ERR_OVERFLOW;
  }
  store_counter(&q->tail, 0, memory_order_relaxed); /* q is not shared yet */
  store_counter(&q->head, 0, memory_order_relaxed);
  q->head_cache = 0;
  q->tail_cache = 0;
  q->slots = slots;
  q->cap = capacity;
  *out = q;
  return TB_OK;
}

static void destroy(tb_spsc *q) {
  if (q == NULL) return;
  free(q->slots);
  free(q);
}

static size_t capacity(const tb_spsc *q) { return q->cap; }

/* The two regions of `len` bytes from stream position `pos`: up to the end of the slots, then
 * from their start. */
static void regions_at(const tb_spsc *q, uint64_t pos, size_t len, tb_spsc_regions *out) {
  size_t at = (size_t)(pos & (q->cap - 1));
  size_t first = min_size(len, q->cap - at);
  out->ptr[0] = q->slots + at;
  out->len[0] = first;
  out->ptr[1] = q->slots;
  out->len[1] = len - first;
}

/* Producer: free space, re-reading head (acquire: the consumer's reads of the space it
 * released are done) only when the cached view shows less than `want`. */
static size_t free_space(tb_spsc *q, uint64_t tail, size_t want) {
  size_t space = q->cap - (size_t)(tail - q->head_cache);
  if (space < want) {
    q->head_cache = load_counter(&q->head, memory_order_acquire);
    space = q->cap - (size_t)(tail - q->head_cache);
  }
  return space;
}

/* Consumer: readable bytes, re-reading tail (acquire: the producer's writes of the bytes it
 * published are visible) only when the cached view shows fewer than `want`. */
static size_t available(tb_spsc *q, uint64_t head, size_t want) {
  size_t ready = (size_t)(q->tail_cache - head);
  if (ready < want) {
    q->tail_cache = load_counter(&q->tail, memory_order_acquire);
    ready = (size_t)(q->tail_cache - head);
  }
  return ready;
}

static void publish_tail(tb_spsc *q, uint64_t tail) {
#if defined(TB_BUG_SPSC_RELAXED_PUBLISH)
  /* The seeded bug spsc-relaxed-publish (docs/bugs.md): relaxed, "it is only a counter". */
  TB_CANARY("spsc-relaxed-publish", 1);
  store_counter(&q->tail, tail, memory_order_relaxed);
#else
  /* Release: the slot writes above happen-before the consumer's acquire of this tail. */
  store_counter(&q->tail, tail, memory_order_release);
#endif
}

static void release_head(tb_spsc *q, uint64_t head) {
  /* Release: the slot reads above happen-before the producer's acquire of this head. */
  store_counter(&q->head, head, memory_order_release);
}

static size_t push(tb_spsc *q, const uint8_t *data, size_t len) {
  uint64_t tail = load_counter(&q->tail, memory_order_relaxed); /* only we write it */
  size_t n = min_size(len, free_space(q, tail, len));
  if (n == 0) return 0;
  tb_spsc_regions r;
  regions_at(q, tail, n, &r);
  memcpy(r.ptr[0], data, r.len[0]);
  if (r.len[1] > 0) memcpy(r.ptr[1], data + r.len[0], r.len[1]);
  publish_tail(q, tail + n);
  return n;
}

static void write_regions(tb_spsc *q, tb_spsc_regions *out) {
  uint64_t tail = load_counter(&q->tail, memory_order_relaxed);
  regions_at(q, tail, free_space(q, tail, q->cap), out);
}

static size_t publish(tb_spsc *q, size_t len) {
  uint64_t tail = load_counter(&q->tail, memory_order_relaxed);
  size_t n = min_size(len, free_space(q, tail, len));
  if (n > 0) publish_tail(q, tail + n);
  return n;
}

static size_t pop(tb_spsc *q, uint8_t *out, size_t len) {
  uint64_t head = load_counter(&q->head, memory_order_relaxed); /* only we write it */
  size_t n = min_size(len, available(q, head, len));
  if (n == 0) return 0;
  tb_spsc_regions r;
  regions_at(q, head, n, &r);
  memcpy(out, r.ptr[0], r.len[0]);
  if (r.len[1] > 0) memcpy(out + r.len[0], r.ptr[1], r.len[1]);
  release_head(q, head + n);
  return n;
}

static void read_regions(tb_spsc *q, tb_spsc_regions *out) {
  uint64_t head = load_counter(&q->head, memory_order_relaxed);
  regions_at(q, head, available(q, head, q->cap), out);
}

static size_t release(tb_spsc *q, size_t len) {
  uint64_t head = load_counter(&q->head, memory_order_relaxed);
  size_t n = min_size(len, available(q, head, len));
  if (n > 0) release_head(q, head + n);
  return n;
}

static const tb_spsc_api api = {
    .name = "c",
    .create = create,
    .destroy = destroy,
    .capacity = capacity,
    .push = push,
    .write_regions = write_regions,
    .publish = publish,
    .pop = pop,
    .read_regions = read_regions,
    .release = release,
};

const tb_spsc_api *tb_spsc_c(void) { return &api; }
