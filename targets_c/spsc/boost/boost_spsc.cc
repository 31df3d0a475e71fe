// The Boost baseline for the spsc benchmarks: boost::lockfree::spsc_queue<uint8_t> (Debian:
// libboost-dev 1.74), a wait-free single-producer/single-consumer ring whose push and pop take
// and return runs of bytes, as the contract's do. It has no zero-copy regions: write_regions
// and read_regions give two empty regions, publish and release move nothing.
#include <boost/lockfree/spsc_queue.hpp>
#include <new>

#include "twinbench/spsc.h"

namespace {

// What `tb_spsc *` points to for this baseline. The capacity is given at run time, so the ring
// is allocated once, at creation, as the contract asks.
struct BoostQueue {
  explicit BoostQueue(size_t capacity) : ring(capacity), cap(capacity) {}
  boost::lockfree::spsc_queue<uint8_t> ring;
  size_t cap;
};

BoostQueue *queue(tb_spsc *q) { return reinterpret_cast<BoostQueue *>(q); }

tb_status create(size_t capacity, tb_spsc **out) {
  *out = nullptr;
  if (capacity == 0 || capacity > TB_SPSC_MAX_CAPACITY || (capacity & (capacity - 1)) != 0) {
    return TB_ERR_INVALID_ARGUMENT;
  }
  auto *q = new (std::nothrow) BoostQueue(capacity);
  if (q == nullptr) return TB_ERR_OVERFLOW;
  *out = reinterpret_cast<tb_spsc *>(q);
  return TB_OK;
}

void destroy(tb_spsc *q) { delete queue(q); }

size_t capacity(const tb_spsc *q) { return reinterpret_cast<const BoostQueue *>(q)->cap; }

size_t push(tb_spsc *q, const uint8_t *data, size_t len) {
  return len == 0 ? 0 : queue(q)->ring.push(data, len);
}

size_t pop(tb_spsc *q, uint8_t *out, size_t len) {
  return len == 0 ? 0 : queue(q)->ring.pop(out, len);
}

void no_regions(tb_spsc *, tb_spsc_regions *out) { *out = tb_spsc_regions{}; }

size_t moves_nothing(tb_spsc *, size_t) { return 0; }

const tb_spsc_api api = {
    .name = "boost",
    .create = create,
    .destroy = destroy,
    .capacity = capacity,
    .push = push,
    .write_regions = no_regions,
    .publish = moves_nothing,
    .pop = pop,
    .read_regions = no_regions,
    .release = moves_nothing,
};

} // namespace

const tb_spsc_baseline_api *tb_spsc_boost(void) { return &api; }
