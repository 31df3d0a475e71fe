// Ring buffer benchmark cases: a producer writes a chunk and a consumer reads it back, through
// copies (stream) or through the zero-copy regions (zerocopy). The capacity, 4 chunks minus
// one byte, is deliberately not a power of two, so the data wraps at a different place every
// lap. Bytes processed = bytes passed through the FIFO (each is written once and read once).
#include <algorithm>
#include <cstring>
#include <memory>

#include "cases.h"
#include "twinbench/implementations.h"
#include "twinbench/ringbuf.h"

TB_DECLARE_IMPLEMENTATIONS(ringbuf)

namespace twinbench::bench {
namespace {

const std::vector<const tb_ringbuf_api *> implementations = TB_IMPLEMENTATIONS(ringbuf);

using Handle = std::unique_ptr<tb_ringbuf, void (*)(tb_ringbuf *)>;

Handle make(const tb_ringbuf_api &api, size_t chunk) {
  tb_ringbuf *rb = nullptr;
  if (api.create(4 * chunk - 1, &rb) != TB_OK) return Handle(nullptr, api.destroy);
  return Handle(rb, api.destroy);
}

size_t copy_in(const tb_ringbuf_api &api, tb_ringbuf *rb, const uint8_t *data, size_t n) {
  tb_ringbuf_regions r;
  api.write_regions(rb, &r);
  size_t first = std::min(n, r.len[0]), second = std::min(n - first, r.len[1]);
  std::memcpy(r.ptr[0], data, first);
  if (second) std::memcpy(r.ptr[1], data + first, second);
  return api.commit(rb, first + second);
}

size_t copy_out(const tb_ringbuf_api &api, tb_ringbuf *rb, uint8_t *out, size_t n) {
  tb_ringbuf_regions r;
  api.read_regions(rb, &r);
  size_t first = std::min(n, r.len[0]), second = std::min(n - first, r.len[1]);
  std::memcpy(out, r.ptr[0], first);
  if (second) std::memcpy(out + first, r.ptr[1], second);
  return api.discard(rb, first + second);
}

// One lap outside the timing loop must move the chunk intact; then the timed laps.
template <typename Write, typename Read>
void stream(benchmark::State &state, const tb_ringbuf_api &api, size_t chunk, Write write,
            Read read) {
  Handle rb = make(api, chunk);
  if (!rb) {
    state.SkipWithError("create failed");
    return;
  }
  const auto input = random_bytes(chunk, 44);
  std::vector<uint8_t> output(chunk);
  for (int lap = 0; lap < 5; lap++) { // crosses the wrap point at least once
    if (write(api, rb.get(), input.data(), chunk) != chunk ||
        read(api, rb.get(), output.data(), chunk) != chunk || output != input) {
      state.SkipWithError("data did not pass through intact");
      return;
    }
  }
  for (auto _ : state) {
    write(api, rb.get(), input.data(), chunk);
    read(api, rb.get(), output.data(), chunk);
    benchmark::DoNotOptimize(output.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * chunk));
}

const bool registered = [] {
  register_case<tb_ringbuf_api>(
      "ringbuf", "stream", implementations, standard_sizes,
      [](benchmark::State &s, const tb_ringbuf_api &api, size_t chunk) {
        stream(
            s, api, chunk, [](auto &a, auto *rb, auto *d, size_t n) { return a.write(rb, d, n); },
            [](auto &a, auto *rb, auto *o, size_t n) { return a.read(rb, o, n); });
      });
  register_case<tb_ringbuf_api>("ringbuf", "zerocopy", implementations, standard_sizes,
                                [](benchmark::State &s, const tb_ringbuf_api &api, size_t chunk) {
                                  stream(s, api, chunk, copy_in, copy_out);
                                });
  return true;
}();

} // namespace
} // namespace twinbench::bench
