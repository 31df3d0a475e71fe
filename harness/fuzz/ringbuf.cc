// Ring buffer fuzz driver. Spec: docs/components/ringbuf.md
// The input is a capacity and a sequence of operations. Every operation's observable result
// (count or status, bytes, region lengths, size, space, capacity) is recorded as an Observation.
//   one implementation: each observation must match a std::deque model of the FIFO;
//   diff: every implementation's observations must equal the first's, region layout included.
#include <algorithm>
#include <cstring>
#include <deque>
#include <memory>
#include <vector>

#include "driver.h"
#include "twinbench/implementations.h"
#include "twinbench/ringbuf.h"

namespace twinbench::fuzz {
namespace {

enum class Kind { write, read, peek, discard, clear, read_regions, write_commit, resize, count };
const char *const kind_names[] = {"write", "read",         "peek",         "discard",
                                  "clear", "read_regions", "write_commit", "resize"};

struct Op {
  Kind kind;
  size_t n;    // bytes asked for (write/read/peek/discard), committed (write_commit), or the
               // new capacity (resize)
  size_t fill; // write_commit: bytes written into the regions before the commit
};

struct Observation {
  size_t count = 0;                         // what the operation returned
  tb_status status = TB_OK;                 // resize's answer
  std::vector<uint8_t> bytes;               // read/peek output, or the readable regions' contents
  size_t len0 = 0, len1 = 0;                // region lengths (read_regions, write_commit)
  size_t size = 0, space = 0, capacity = 0; // after the operation
  bool operator==(const Observation &) const = default;
};

// The bytes an operation writes: deterministic, different for every op and position —
// payload(op, i) = op * 31 + i (mod 256). Copied out of a ramp, not computed byte by byte: a
// long input moves megabytes, and the driver's own loops must not dominate its exec/s.
uint8_t payload(size_t op_index, size_t i) { return static_cast<uint8_t>(op_index * 31 + i); }

void fill_payload(uint8_t *out, size_t n, size_t op_index, size_t from) {
  static const std::vector<uint8_t> ramp = [] {
    std::vector<uint8_t> r(256 + 8192);
    for (size_t k = 0; k < r.size(); k++) r[k] = static_cast<uint8_t>(k);
    return r;
  }();
  size_t start = payload(op_index, from);
  while (n > 0) {
    const size_t k = std::min(n, ramp.size() - 256);
    std::memcpy(out, ramp.data() + start, k);
    out += k;
    n -= k;
    start = (start + k) % 256;
  }
}

// At most this many operations per input. Every state a buffer can be in — capacity, read
// position, size — is reached in four operations (resize, write, read, write), so longer
// sequences reach no new state; they only made a long input cost thousands of operations, and
// the campaign a tenth of the other drivers' exec/s.
constexpr size_t max_ops = 256;

// A resize whose length field is kAskTooMuch asks for kUnallocatable bytes, more than any
// object can hold: the spec's TB_ERR_OVERFLOW, refused before anything is allocated.
constexpr uint16_t kAskTooMuch = 0xFFFF;
constexpr size_t kUnallocatable = static_cast<size_t>(PTRDIFF_MAX) + 1;

std::vector<Op> parse(InputReader &in, size_t capacity) {
  std::vector<Op> ops;
  const size_t range = 2 * capacity + 2; // lengths reach beyond capacity: clamping is tested
  while (!in.done() && ops.size() < max_ops) {
    auto kind = static_cast<Kind>(in.byte() % static_cast<int>(Kind::count));
    size_t n = 0, fill = 0;
    if (kind != Kind::clear && kind != Kind::read_regions) {
      const uint16_t raw = in.u16();
      n = kind == Kind::resize && raw == kAskTooMuch ? kUnallocatable : raw % range;
    }
    if (kind == Kind::write_commit) fill = in.u16() % range;
    ops.push_back({kind, n, fill});
  }
  return ops;
}

using Handle = std::unique_ptr<tb_ringbuf, void (*)(tb_ringbuf *)>;

// Runs `op` and records what it showed in `o` (reused across operations: a long input runs
// thousands, and allocation would dominate the driver's time).
void observe(const tb_ringbuf_api &api, tb_ringbuf *rb, const Op &op, size_t index,
             Observation &o) {
  o.count = o.len0 = o.len1 = 0;
  o.status = TB_OK;
  o.bytes.clear();
  tb_ringbuf_regions r{};
  switch (op.kind) {
  case Kind::write: {
    Caller<uint8_t> data(op.n, "the write data");
    fill_payload(data.data(), op.n, index, 0);
    o.count = api.write(rb, data.data(), data.size());
    break;
  }
  case Kind::read:
  case Kind::peek: {
    Caller<uint8_t> out(op.n, "the read output");
    o.count = op.kind == Kind::read ? api.read(rb, out.data(), out.size())
                                    : api.peek(rb, out.data(), out.size());
    out.copy_first(o.count, o.bytes);
    break;
  }
  case Kind::discard: o.count = api.discard(rb, op.n); break;
  case Kind::clear: api.clear(rb); break;
  case Kind::read_regions:
    api.read_regions(rb, &r);
    o.len0 = r.len[0];
    o.len1 = r.len[1];
    o.bytes.assign(r.ptr[0], r.ptr[0] + r.len[0]);
    if (r.len[1] > 0) o.bytes.insert(o.bytes.end(), r.ptr[1], r.ptr[1] + r.len[1]);
    break;
  case Kind::write_commit: {
    api.write_regions(rb, &r);
    o.len0 = r.len[0];
    o.len1 = r.len[1];
    // Committing more than was filled would publish bytes never written; fill all the free
    // space in that case, so every committed byte is defined (and the twins comparable).
    size_t fill = op.n > op.fill ? r.len[0] + r.len[1] : std::min(op.fill, r.len[0] + r.len[1]);
    const size_t in_first = std::min(fill, r.len[0]);
    fill_payload(r.ptr[0], in_first, index, 0);
    fill_payload(r.ptr[1], fill - in_first, index, in_first);
    o.count = api.commit(rb, op.n);
    break;
  }
  case Kind::resize: o.status = api.resize(rb, op.n); break;
  case Kind::count: break;
  }
  o.size = api.size(rb);
  o.space = api.space(rb);
  o.capacity = api.capacity(rb);
}

std::string what(const Op &op, size_t index) {
  return std::string(kind_names[static_cast<int>(op.kind)]) + "(n=" + std::to_string(op.n) +
         ",fill=" + std::to_string(op.fill) + ") op#" + std::to_string(index);
}

#if defined(TB_FUZZ_DIFF)

// Fields are named by operation ("read.bytes"): which operation differs is part of the bug,
// its place in the sequence is not.
std::vector<Value> flatten(const Observation &o, const Op &op, size_t index) {
  const std::string name = kind_names[static_cast<int>(op.kind)], where = what(op, index);
  return {
      {name + ".count", "count", where, std::to_string(o.count)},
      {name + ".status", "status", where, tb_status_name(o.status)},
      {name + ".bytes", "bytes", where, hex(o.bytes)},
      {name + ".regions", "lengths", where, std::to_string(o.len0) + "+" + std::to_string(o.len1)},
      {name + ".size", "size", where,
       std::to_string(o.size) + "/" + std::to_string(o.space) + "/" + std::to_string(o.capacity)}};
}

#else

// The reference: a std::deque and the spec's clamping rules; resize changes `capacity`.
void check(const Observation &o, std::deque<uint8_t> &model, size_t &capacity, const Op &op,
           size_t index) {
  auto fail = [&](const std::string &why) {
    violation("ringbuf", why + " after " + what(op, index));
  };
  const size_t space = capacity - model.size();
  switch (op.kind) {
  case Kind::write:
    if (o.count != std::min(op.n, space)) fail("write took " + std::to_string(o.count));
    for (size_t i = 0; i < o.count; i++) model.push_back(payload(index, i));
    break;
  case Kind::read:
  case Kind::peek: {
    size_t n = std::min(op.n, model.size());
    if (o.count != n) fail("returned " + std::to_string(o.count));
    if (!std::equal(o.bytes.begin(), o.bytes.end(), model.begin())) fail("wrong bytes");
    if (op.kind == Kind::read) model.erase(model.begin(), model.begin() + static_cast<long>(n));
    break;
  }
  case Kind::discard: {
    size_t n = std::min(op.n, model.size());
    if (o.count != n) fail("discarded " + std::to_string(o.count));
    model.erase(model.begin(), model.begin() + static_cast<long>(n));
    break;
  }
  case Kind::clear: model.clear(); break;
  case Kind::read_regions:
    if (o.len0 + o.len1 != model.size()) fail("regions do not cover the data");
    if (o.len1 > 0 && o.len0 == 0) fail("second region used while the first is empty");
    if (!std::equal(o.bytes.begin(), o.bytes.end(), model.begin(), model.end())) {
      fail("regions hold the wrong bytes");
    }
    break;
  case Kind::write_commit: {
    if (o.len0 + o.len1 != space) fail("write regions do not cover the free space");
    if (o.len1 > 0 && o.len0 == 0) fail("second region used while the first is empty");
    if (o.count != std::min(op.n, space)) fail("committed " + std::to_string(o.count));
    for (size_t i = 0; i < o.count; i++) model.push_back(payload(index, i));
    break;
  }
  case Kind::resize: {
    const bool fits = op.n > 0 && op.n >= model.size() && op.n != kUnallocatable;
    const tb_status refusal = op.n == kUnallocatable ? TB_ERR_OVERFLOW : TB_ERR_INVALID_ARGUMENT;
    if (o.status != (fits ? TB_OK : refusal)) {
      fail(std::string("resize said ") + tb_status_name(o.status));
    }
    if (fits) capacity = op.n;
    break;
  }
  case Kind::count: break;
  }
  if (o.capacity != capacity) fail("capacity " + std::to_string(o.capacity));
  if (o.size != model.size() || o.space != capacity - model.size()) {
    fail("size " + std::to_string(o.size) + " space " + std::to_string(o.space) + ", model has " +
         std::to_string(model.size()));
  }
}

#endif

Handle create(const tb_ringbuf_api &api, size_t capacity) {
  tb_ringbuf *rb = nullptr;
  if (api.create(capacity, &rb) != TB_OK || rb == nullptr) {
    violation("ringbuf",
              std::string(api.name) + " could not create capacity " + std::to_string(capacity));
  }
  return Handle(rb, api.destroy);
}

} // namespace
} // namespace twinbench::fuzz

TB_DECLARE_IMPLEMENTATIONS(ringbuf)

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const twinbench::fuzz::CurrentInput input(data, size);
  using namespace twinbench::fuzz;
  static const std::vector<const tb_ringbuf_api *> impls = TB_IMPLEMENTATIONS(ringbuf);
  InputReader in(data, size);
  const size_t capacity = 1 + in.u16() % 4096;
  const std::vector<Op> ops = parse(in, capacity);
#if defined(TB_FUZZ_DIFF)
  std::vector<Handle> buffers;
  for (const auto *api : impls) buffers.push_back(create(*api, capacity));
  std::vector<Observation> seen(impls.size());
  for (size_t i = 0; i < ops.size(); i++) {
    for (size_t k = 0; k < impls.size(); k++) {
      observe(*impls[k], buffers[k].get(), ops[i], i, seen[k]);
    }
    compare_results("ringbuf", impls, seen,
                    [&](const Observation &o) { return flatten(o, ops[i], i); });
  }
#else
  const tb_ringbuf_api &api = *impls[0];
  Handle rb = create(api, capacity);
  size_t model_capacity = capacity;
  std::deque<uint8_t> model;
  Observation seen;
  for (size_t i = 0; i < ops.size(); i++) {
    observe(api, rb.get(), ops[i], i, seen);
    check(seen, model, model_capacity, ops[i], i);
  }
#endif
  return 0;
}
