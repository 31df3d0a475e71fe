// spsc fuzz driver. Spec: docs/components/spsc.md
// The input is a capacity and a schedule: a list of operations, each on the producer side
// (push n, or fill n bytes of the write regions and publish them) or the consumer side (pop n,
// or read n bytes of the read regions and release them).
//   one implementation: (1) the schedule on one thread, every observation checked against a
//     std::deque model; (2) the schedule on two real threads — the producer's operations on
//     one, the consumer's on the other, each side repeating its own until the producer's whole
//     stream has gone through — and the consumer must receive exactly the producer's bytes.
//   diff: (1) on every implementation, observations compared; (2) for every implementation,
//     the bytes received on two threads must equal the bytes sent.
#include <algorithm>
#include <deque>
#include <memory>
#include <thread>
#include <vector>

#include "driver.h"
#include "twinbench/implementations.h"
#include "twinbench/spsc.h"

TB_DECLARE_IMPLEMENTATIONS(spsc)

namespace twinbench::fuzz {
namespace {

enum class Kind { push, publish, pop, release, count };
const char *const kind_names[] = {"push", "publish", "pop", "release"};

struct Op {
  Kind kind;
  size_t n; // bytes asked for, 1 and up (a side that asks for 0 forever would never finish)
  bool producer() const { return kind == Kind::push || kind == Kind::publish; }
};

struct Schedule {
  size_t capacity = 1;
  std::vector<Op> ops;
  uint64_t stream = 0; // bytes the producer's operations ask to send, once through
};

// At most this many operations: enough to wrap any queue many times.
constexpr size_t max_ops = 256;

Schedule parse(InputReader &in) {
  Schedule s;
  s.capacity = size_t{1} << (in.byte() % 13); // 1 .. 4096
  while (!in.done() && s.ops.size() < max_ops) {
    uint8_t b = in.byte();
    auto kind = static_cast<Kind>(b % static_cast<int>(Kind::count));
    size_t n = 1 + in.u16() % (2 * s.capacity + 1); // beyond capacity: clamping is tested
    s.ops.push_back({kind, n});
    if (s.ops.back().producer()) s.stream += n;
  }
  return s;
}

// The stream's bytes: position i holds stream_byte(i), so any loss, repetition or reordering
// shows as a wrong byte.
uint8_t stream_byte(uint64_t i) { return static_cast<uint8_t>(i * 131 + (i >> 8)); }

using Handle = std::unique_ptr<tb_spsc, void (*)(tb_spsc *)>;

Handle create(const tb_spsc_api &api, size_t capacity) {
  tb_spsc *q = nullptr;
  if (api.create(capacity, &q) != TB_OK || q == nullptr) {
    violation("spsc",
              std::string(api.name) + " could not create capacity " + std::to_string(capacity));
  }
  return Handle(q, api.destroy);
}

// One side's state: the stream position it has reached, and its scratch buffer.
struct Side {
  uint64_t at = 0;
  std::vector<uint8_t> scratch;
};

// Runs one operation; returns the count it moved and, for the consumer, appends what it saw
// to `seen`.
size_t run(const tb_spsc_api &api, tb_spsc *q, const Op &op, Side &side,
           std::vector<uint8_t> &seen) {
  tb_spsc_regions r{};
  switch (op.kind) {
  case Kind::push: {
    Caller<uint8_t> data(op.n, "the push data");
    for (size_t i = 0; i < op.n; i++) data[i] = stream_byte(side.at + i);
    size_t n = api.push(q, data.data(), op.n);
    side.at += n;
    return n;
  }
  case Kind::publish: {
    api.write_regions(q, &r);
    size_t fill = std::min(op.n, r.len[0] + r.len[1]);
    for (size_t i = 0; i < fill; i++) {
      (i < r.len[0] ? r.ptr[0][i] : r.ptr[1][i - r.len[0]]) = stream_byte(side.at + i);
    }
    size_t n = api.publish(q, fill);
    side.at += n;
    return n;
  }
  case Kind::pop: {
    Caller<uint8_t> out(op.n, "the pop output");
    size_t n = api.pop(q, out.data(), op.n);
    const std::vector<uint8_t> got = out.first(n);
    seen.insert(seen.end(), got.begin(), got.end());
    side.at += n;
    return n;
  }
  case Kind::release: {
    api.read_regions(q, &r);
    size_t n = std::min(op.n, r.len[0] + r.len[1]);
    for (size_t i = 0; i < n; i++)
      seen.push_back(i < r.len[0] ? r.ptr[0][i] : r.ptr[1][i - r.len[0]]);
    size_t released = api.release(q, n);
    if (released != n) violation("spsc", "release of readable bytes was clamped");
    side.at += n;
    return n;
  }
  case Kind::count: break;
  }
  return 0;
}

// The schedule on one thread: what each operation moved, in order.
struct Trace {
  std::vector<size_t> counts;
  std::vector<uint8_t> received;
  bool operator==(const Trace &) const = default;
};

Trace one_thread(const tb_spsc_api &api, const Schedule &s) {
  Handle q = create(api, s.capacity);
  Side producer, consumer;
  Trace t;
  for (const Op &op : s.ops) {
    t.counts.push_back(run(api, q.get(), op, op.producer() ? producer : consumer, t.received));
  }
  return t;
}

// The schedule on two threads: each side loops over its own operations until the producer has
// sent `s.stream` bytes and the consumer has received them all. The bytes received.
std::vector<uint8_t> two_threads(const tb_spsc_api &api, const Schedule &s) {
  std::vector<Op> produce, consume;
  for (const Op &op : s.ops) (op.producer() ? produce : consume).push_back(op);
  if (produce.empty()) return {};
  if (consume.empty()) consume.push_back({Kind::pop, s.capacity});
  Handle q = create(api, s.capacity);
  std::thread producer([&] {
    Side side;
    std::vector<uint8_t> unused;
    for (size_t k = 0; side.at < s.stream; k++) {
      Op op = produce[k % produce.size()];
      op.n = std::min<uint64_t>(op.n, s.stream - side.at);
      if (run(api, q.get(), op, side, unused) == 0) std::this_thread::yield();
    }
  });
  Side side;
  std::vector<uint8_t> received;
  for (size_t k = 0; side.at < s.stream; k++) {
    if (run(api, q.get(), consume[k % consume.size()], side, received) == 0) {
      std::this_thread::yield();
    }
  }
  producer.join();
  return received;
}

void check_stream(const char *impl, const std::vector<uint8_t> &received, uint64_t sent,
                  const char *how) {
  if (received.size() != sent) {
    violation("spsc", std::string(impl) + " " + how + ": received " +
                          std::to_string(received.size()) + " of " + std::to_string(sent) +
                          " bytes");
  }
  for (size_t i = 0; i < received.size(); i++) {
    if (received[i] != stream_byte(i)) {
      violation("spsc", std::string(impl) + " " + how + ": byte " + std::to_string(i) + " is " +
                            hex(&received[i], 1) + ", sent " + std::to_string(stream_byte(i)));
    }
  }
}

#if defined(TB_FUZZ_REPLAY)
// A release build shows what a race does, if anything, only under load: the two-thread run
// again and again until 64 MiB have gone through (at most 2000 rounds), every round's stream
// checked; a loss, repetition or reordering ends the replay as a violation. Once only when
// valgrind watches ("exact"): it runs one thread at a time.
void replay_under_load(const tb_spsc_api &api, const Schedule &s) {
  constexpr uint64_t enough = uint64_t{1} << 26;
  constexpr int max_rounds = 2000;
  uint64_t through = 0;
  int rounds = 0;
  do {
    check_stream(api.name, two_threads(api, s), s.stream, "on two threads");
    through += s.stream;
    rounds++;
  } while (Replay::current().guards && through < enough && rounds < max_rounds);
  Replay::current().values.push_back(
      {"two threads", "bytes", "",
       std::to_string(through) + " bytes in order, " + std::to_string(rounds) + " rounds"});
}
#endif

#if !defined(TB_FUZZ_DIFF)
// The single-threaded model: a deque of the bytes in the queue.
void check_model(const tb_spsc_api &api, const Schedule &s, const Trace &t) {
  size_t size = 0;
  uint64_t sent = 0;
  for (size_t k = 0; k < s.ops.size(); k++) {
    const Op &op = s.ops[k];
    size_t expect = std::min(op.n, op.producer() ? s.capacity - size : size);
    if (t.counts[k] != expect) {
      violation("spsc", std::string(api.name) + " " + kind_names[static_cast<int>(op.kind)] + "(" +
                            std::to_string(op.n) + ") op#" + std::to_string(k) + " moved " +
                            std::to_string(t.counts[k]) + ", the model " + std::to_string(expect));
    }
    if (op.producer()) {
      size += expect;
      sent += expect;
    } else {
      size -= expect;
    }
  }
  check_stream(api.name, t.received, sent - size, "on one thread");
}
#endif

} // namespace
} // namespace twinbench::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const twinbench::fuzz::CurrentInput input(data, size);
  using namespace twinbench::fuzz;
  static const std::vector<const tb_spsc_api *> impls = TB_IMPLEMENTATIONS(spsc);
  InputReader in(data, size);
  const Schedule s = parse(in);
#if defined(TB_FUZZ_DIFF)
  compare_all(
      "spsc", impls, [&](const tb_spsc_api &api) { return one_thread(api, s); },
      [&](const Trace &t) {
        std::vector<Value> v;
        for (size_t k = 0; k < t.counts.size(); k++) {
          const std::string where =
              kind_names[static_cast<int>(s.ops[k].kind)] + std::string(" op#") + std::to_string(k);
          v.push_back({"count", "count", where, std::to_string(t.counts[k])});
        }
        v.push_back({"received", "bytes", "one thread", hex(t.received)});
        return v;
      });
#if defined(TB_FUZZ_REPLAY)
  replay_under_load(*impls[0], s);
#else
  for (const auto *api : impls)
    check_stream(api->name, two_threads(*api, s), s.stream, "on two threads");
#endif
#else
  const tb_spsc_api &api = *impls[0];
  check_model(api, s, one_thread(api, s));
  check_stream(api.name, two_threads(api, s), s.stream, "on two threads");
#endif
  return 0;
}
