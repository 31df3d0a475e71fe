// Ring buffer benchmark cases: a producer writes a chunk and a consumer reads it back, through
// copies (stream) or through the zero-copy regions (zerocopy). The capacity, 4 chunks minus
// one byte, is deliberately not a power of two, so the data wraps at a different place every
// lap. Bytes processed = bytes passed through the FIFO (each is written once and read once).
#include <algorithm>
#include <cstring>
#include <memory>

#include "cases.h"
#include "twinbench/implementations.h"
#include "twinbench/native_loops.h"
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
void stream(Measure &measure, const tb_ringbuf_api &api, size_t chunk, Write write, Read read) {
  Handle rb = make(api, chunk);
  if (!rb) {
    measure.skip("create failed");
    return;
  }
  const auto input = random_bytes(chunk, 44);
  std::vector<uint8_t> output(chunk);
  for (int lap = 0; lap < 5; lap++) { // crosses the wrap point at least once
    if (write(api, rb.get(), input.data(), chunk) != chunk ||
        read(api, rb.get(), output.data(), chunk) != chunk || output != input) {
      measure.skip("data did not pass through intact");
      return;
    }
  }
  measure.repeat(static_cast<int64_t>(chunk), [&] {
    write(api, rb.get(), input.data(), chunk);
    read(api, rb.get(), output.data(), chunk);
    benchmark::DoNotOptimize(output.data());
    benchmark::ClobberMemory();
  });
}

// The twins' native loops, each over a buffer made by its own twin's create: the same laps.
struct NativeLoops {
  const char *name;
  const tb_ringbuf_api *twin; // whose create and destroy
  decltype(&tb_c_native_ringbuf_stream) stream;
};
const NativeLoops c_loops{c_native, tb_ringbuf_c(), tb_c_native_ringbuf_stream};
const NativeLoops rust_loops{rust_native, tb_ringbuf_rust(), tb_rust_native_ringbuf_stream};
const std::vector<const NativeLoops *> native_loops = {&c_loops, &rust_loops};

void stream_native(Measure &measure, const NativeLoops &loops, size_t chunk, int zerocopy) {
  Handle rb = make(*loops.twin, chunk);
  if (!rb) {
    measure.skip("create failed");
    return;
  }
  const auto input = random_bytes(chunk, 44);
  std::vector<uint8_t> output(chunk);
  for (int lap = 0; lap < 5; lap++) { // crosses the wrap point at least once
    if (loops.stream(rb.get(), input.data(), output.data(), chunk, zerocopy, 1) != chunk ||
        output != input) {
      measure.skip("data did not pass through intact");
      return;
    }
  }
  measure.repeat_loop(static_cast<int64_t>(chunk), [&](uint64_t n) {
    loops.stream(rb.get(), input.data(), output.data(), chunk, zerocopy, n);
    benchmark::ClobberMemory();
  });
}

const bool registered = [] {
  register_case<NativeLoops>("ringbuf", "stream", native_loops, standard_sizes,
                             [](Measure &s, const NativeLoops &loops, size_t chunk) {
                               stream_native(s, loops, chunk, 0);
                             });
  register_case<NativeLoops>("ringbuf", "zerocopy", native_loops, standard_sizes,
                             [](Measure &s, const NativeLoops &loops, size_t chunk) {
                               stream_native(s, loops, chunk, 1);
                             });
  register_case<tb_ringbuf_api>(
      "ringbuf", "stream", implementations, standard_sizes,
      [](Measure &s, const tb_ringbuf_api &api, size_t chunk) {
        stream(
            s, api, chunk, [](auto &a, auto *rb, auto *d, size_t n) { return a.write(rb, d, n); },
            [](auto &a, auto *rb, auto *o, size_t n) { return a.read(rb, o, n); });
      });
  register_case<tb_ringbuf_api>("ringbuf", "zerocopy", implementations, standard_sizes,
                                [](Measure &s, const tb_ringbuf_api &api, size_t chunk) {
                                  stream(s, api, chunk, copy_in, copy_out);
                                });
  return true;
}();

} // namespace
} // namespace twinbench::bench
