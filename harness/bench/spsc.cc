// spsc benchmarks. Bytes processed = bytes that went through the queue.
//   cross-thread/<batch>: a producer thread pushes 4 MiB in pushes of `batch` bytes, the
//     measuring thread pops them in pops of `batch` bytes, through a 64 KiB queue: the two
//     cores exchanging cache lines, which is what the queue is for. The received stream is
//     checked before timing. Not counted by --measure instructions: two threads spinning on
//     each other execute as many instructions as the scheduler lets them.
//   one-thread/<batch>: push then pop of `batch` bytes on one thread, through a 64 KiB queue:
//     the cost of the calls and copies without the other core.
#include <string>
#include <thread>
#include <vector>

#include "cases.h"
#include "twinbench/implementations.h"
#include "twinbench/spsc.h"

TB_DECLARE_IMPLEMENTATIONS(spsc)
TB_DECLARE_BASELINES(spsc)

namespace twinbench::bench {
namespace {

constexpr size_t queue_capacity = 64 * 1024;
constexpr size_t stream_bytes = 4 * 1024 * 1024; // 64 laps of the queue; crossbeam takes 0.17 s
constexpr size_t period = 1024 * 1024 + 1;

struct Queue {
  const tb_spsc_api &api;
  tb_spsc *q = nullptr;
  explicit Queue(const tb_spsc_api &a) : api(a) { api.create(queue_capacity, &q); }
  ~Queue() { api.destroy(q); }
  Queue(const Queue &) = delete;
  Queue &operator=(const Queue &) = delete;
};

// Moves stream_bytes from a producer thread to this one in `batch`-byte calls. True when every
// byte arrived in order (checked only when `check`: the check itself costs a pass).
bool cross_thread(const tb_spsc_api &api, size_t batch, const std::vector<uint8_t> &source,
                  bool check) {
  Queue queue(api);
  if (queue.q == nullptr) return false;
  std::thread producer([&] {
    size_t sent = 0;
    while (sent < stream_bytes) {
      size_t n = std::min(batch, stream_bytes - sent);
      sent += api.push(queue.q, source.data() + sent % period, n);
    }
  });
  std::vector<uint8_t> out(batch);
  size_t received = 0;
  bool in_order = true;
  while (received < stream_bytes) {
    size_t n = api.pop(queue.q, out.data(), std::min(batch, stream_bytes - received));
    if (check) {
      for (size_t i = 0; i < n; i++) in_order &= out[i] == source[(received + i) % period];
    }
    received += n;
  }
  producer.join();
  return in_order;
}

void bench_cross_thread(Measure &measure, const tb_spsc_api &api, size_t batch) {
  // The stream repeats a random period of 1 MiB + 1 bytes (a batch never starts at the same
  // offset twice in a row); the period's first `batch` bytes follow it again, so a push that
  // starts near the period's end reads on contiguously.
  std::vector<uint8_t> source = random_bytes(period, 11);
  source.insert(source.end(), source.begin(), source.begin() + static_cast<long>(batch));
  // Under callgrind the case is not counted (repeat_uncounted): nothing to check either, and two
  // spinning threads on valgrind's one-at-a-time scheduler would take minutes.
  if (!counting_instructions() && !cross_thread(api, batch, source, true)) {
    measure.skip("the stream arrived out of order, or the queue could not be made");
    return;
  }
  measure.repeat_uncounted(static_cast<int64_t>(stream_bytes), [&] {
    bool ok = cross_thread(api, batch, source, false);
    benchmark::DoNotOptimize(ok);
  });
}

void bench_one_thread(Measure &measure, const tb_spsc_api &api, size_t batch) {
  Queue queue(api);
  const auto in = random_bytes(batch, 5);
  std::vector<uint8_t> out(batch);
  if (queue.q == nullptr || api.push(queue.q, in.data(), batch) != batch ||
      api.pop(queue.q, out.data(), batch) != batch || out != in) {
    measure.skip("push then pop did not return the bytes");
    return;
  }
  measure.repeat(static_cast<int64_t>(batch), [&] {
    api.push(queue.q, in.data(), batch);
    api.pop(queue.q, out.data(), batch);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  });
}

const bool registered = [] {
  // The registry's implementations, then the baselines (push and pop only: both cases use no
  // more).
  std::vector<const tb_spsc_api *> impls TB_IMPLEMENTATIONS(spsc);
  for (const tb_spsc_baseline_api *api :
       std::vector<const tb_spsc_baseline_api *> TB_BASELINES(spsc)) {
    impls.push_back(api);
  }
  register_case<tb_spsc_api>("spsc", "cross-thread", impls, {64, 1024, 16384}, bench_cross_thread,
                             Timing::wall); // two threads of the case's own: the stream's time
  register_case<tb_spsc_api>("spsc", "one-thread", impls, {64, 1024, 16384}, bench_one_thread);
  return true;
}();

} // namespace
} // namespace twinbench::bench
