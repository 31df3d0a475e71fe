// http1 benchmarks.
//   browser-requests: ~4000 browser-like requests pipelined in one buffer, parsed head by head
//     with every body delivered (Content-Length bodies copied, chunked bodies decoded) — the
//     twins through their API, http-parser and httparse through the loop their users write.
//     Every implementation must find the generator's request, field and body-byte counts
//     before it is timed. Bytes processed = the whole buffer.
//   slow-drip: one head of about `size` bytes arriving one byte at a time, each arrival a
//     resume_request call on the same tb_http1_head (a slowloris client, or a server reading
//     what the socket has). Bytes processed = the head; equal MB/s at both sizes means the
//     work per head grows linearly with it. The baselines have no resumable head parser.
#include <cstring>
#include <string>
#include <vector>

#include "cases.h"
#include "http1_requests.h"
#include "twinbench/http1.h"
#include "twinbench/implementations.h"
#include "twinbench/native_loops.h"

TB_DECLARE_IMPLEMENTATIONS(http1)
TB_DECLARE_BASELINES(http1)

namespace twinbench::bench {
namespace {

constexpr size_t request_count = 4000;

struct Http1Impl {
  const char *name;
  const tb_http1_api *twin; // or a baseline:
  const tb_http1_baseline_api *baseline;
};

tb_http1_pipeline_result run_twin(const tb_http1_api &api, const uint8_t *data, size_t size,
                                  uint8_t *scratch) {
  static constexpr tb_http1_limits limits = TB_HTTP1_DEFAULT_LIMITS;
  tb_http1_pipeline_result r{0, 0, 0, 1};
  tb_http1_field fields[100];
  tb_http1_request req;
  size_t pos = 0, offset = 0;
  while (pos < size) {
    if (api.parse_request(data + pos, size - pos, &limits, &req, fields, 100, &offset) != TB_OK) {
      return r;
    }
    pos += req.head_length;
    r.requests++;
    r.fields += req.field_count;
    if (req.body == TB_HTTP1_BODY_LENGTH) {
      if (req.content_length > size - pos) return r;
      std::memcpy(scratch, data + pos, req.content_length);
      r.body_bytes += req.content_length;
      pos += req.content_length;
    } else if (req.body == TB_HTTP1_BODY_CHUNKED) {
      tb_http1_chunked state;
      size_t consumed = 0, written = 0;
      api.chunked_init(&state, &limits);
      if (api.chunked_decode(&state, data + pos, size - pos, scratch, size, &consumed, &written,
                             &offset) != TB_OK) {
        return r;
      }
      r.body_bytes += written;
      pos += consumed;
    }
  }
  r.failed = 0;
  return r;
}

tb_http1_pipeline_result run(const Http1Impl &impl, const RequestSet &set, uint8_t *scratch) {
  if (impl.twin) return run_twin(*impl.twin, set.bytes.data(), set.bytes.size(), scratch);
  tb_http1_pipeline_result r;
  impl.baseline->pipeline(set.bytes.data(), set.bytes.size(), scratch, set.bytes.size(), &r);
  return r;
}

const RequestSet &request_set() {
  static const RequestSet set = generate_requests(request_count, 2026);
  return set;
}

void bench_pipeline(Measure &measure, const Http1Impl &impl, size_t) {
  const RequestSet &set = request_set();
  std::vector<uint8_t> scratch(set.bytes.size());
  tb_http1_pipeline_result r = run(impl, set, scratch.data());
  if (r.failed || r.requests != set.requests || r.fields != set.fields ||
      r.body_bytes != set.body_bytes) {
    measure.skip("wrong result: " + std::to_string(r.requests) + " requests, " +
                 std::to_string(r.fields) + " fields, " + std::to_string(r.body_bytes) +
                 " body bytes");
    return;
  }
  measure.repeat(static_cast<int64_t>(set.bytes.size()), [&] {
    r = run(impl, set, scratch.data());
    benchmark::DoNotOptimize(r);
    benchmark::ClobberMemory();
  });
  measure.state.counters["requests"] = static_cast<double>(set.requests);
}

// The twins' native loops: the same pipeline and the same drip, each written in its twin's
// language against the twin itself.
struct NativeLoops {
  const char *name;
  decltype(&tb_c_native_http1_pipeline) pipeline;
  decltype(&tb_c_native_http1_drip) drip;
};
const NativeLoops c_loops{c_native, tb_c_native_http1_pipeline, tb_c_native_http1_drip};
const NativeLoops rust_loops{rust_native, tb_rust_native_http1_pipeline, tb_rust_native_http1_drip};
const std::vector<const NativeLoops *> native_loops = {&c_loops, &rust_loops};

void bench_pipeline_native(Measure &measure, const NativeLoops &loops, size_t) {
  const RequestSet &set = request_set();
  std::vector<uint8_t> scratch(set.bytes.size());
  tb_http1_pipeline_result r{};
  loops.pipeline(set.bytes.data(), set.bytes.size(), scratch.data(), scratch.size(), 1, &r);
  if (r.failed || r.requests != set.requests || r.fields != set.fields ||
      r.body_bytes != set.body_bytes) {
    measure.skip("wrong result: " + std::to_string(r.requests) + " requests");
    return;
  }
  measure.repeat_loop(static_cast<int64_t>(set.bytes.size()), [&](uint64_t n) {
    loops.pipeline(set.bytes.data(), set.bytes.size(), scratch.data(), scratch.size(), n, &r);
    benchmark::ClobberMemory();
  });
  measure.state.counters["requests"] = static_cast<double>(set.requests);
}

// A browser-like GET head of about `size` bytes: request line, Host, then cookie and other
// fields of varied length, then the empty line.
std::vector<uint8_t> drip_head(size_t size) {
  std::string head = "GET /assets/app.js?v=2026 HTTP/1.1\r\nHost: www.example.com\r\n";
  static const char *const names[] = {"Cookie", "User-Agent", "Accept-Language", "X-Request-Id"};
  for (size_t k = 0; head.size() + 64 < size; k++) {
    std::string value;
    for (size_t j = 0; j < 20 + (k * 37) % 90 && head.size() + value.size() + 40 < size; j++) {
      value += static_cast<char>('a' + (j * 7 + k) % 26);
      if (j % 9 == 8) value += k % 2 ? "; " : "=";
    }
    head += std::string(names[k % 4]) + ": " + value + "\r\n";
  }
  head += "\r\n";
  return {head.begin(), head.end()};
}

// Resumes `head` one more byte per call; its length when it completes exactly at the end, else 0.
size_t drip(const tb_http1_api &api, const std::vector<uint8_t> &head, tb_http1_field *fields) {
  static constexpr tb_http1_limits limits = TB_HTTP1_DEFAULT_LIMITS;
  tb_http1_head progress{};
  tb_http1_request req;
  size_t offset = 0;
  for (size_t len = 1; len <= head.size(); len++) {
    tb_status st =
        api.resume_request(&progress, head.data(), len, &limits, &req, fields, 100, &offset);
    if (st == TB_OK) return len == head.size() ? req.head_length : 0;
    if (st != TB_NEED_MORE) return 0;
  }
  return 0;
}

void bench_slow_drip(Measure &measure, const tb_http1_api &api, size_t size) {
  const std::vector<uint8_t> head = drip_head(size);
  tb_http1_field fields[100];
  if (drip(api, head, fields) != head.size()) {
    measure.skip("the head did not complete at its last byte");
    return;
  }
  measure.repeat(static_cast<int64_t>(head.size()), [&] {
    size_t n = drip(api, head, fields);
    benchmark::DoNotOptimize(n);
  });
}

void bench_slow_drip_native(Measure &measure, const NativeLoops &loops, size_t size) {
  const std::vector<uint8_t> head = drip_head(size);
  if (loops.drip(head.data(), head.size(), 1) != head.size()) {
    measure.skip("the head did not complete at its last byte");
    return;
  }
  measure.repeat_loop(static_cast<int64_t>(head.size()), [&](uint64_t n) {
    size_t found = loops.drip(head.data(), head.size(), n);
    benchmark::DoNotOptimize(found);
  });
}

// The registry's implementations through their API, then the baselines' own loops.
const std::vector<Http1Impl> all_implementations = [] {
  std::vector<Http1Impl> all;
  for (const tb_http1_api *api : std::vector<const tb_http1_api *> TB_IMPLEMENTATIONS(http1)) {
    all.push_back({api->name, api, nullptr});
  }
  for (const tb_http1_baseline_api *lib :
       std::vector<const tb_http1_baseline_api *> TB_BASELINES(http1)) {
    all.push_back({lib->name, nullptr, lib});
  }
  return all;
}();

const bool registered = [] {
  std::vector<const Http1Impl *> impls;
  for (const auto &impl : all_implementations) impls.push_back(&impl);
  register_case<Http1Impl>("http1", "browser-requests", impls, {request_set().bytes.size()},
                           bench_pipeline);
  register_case<NativeLoops>("http1", "browser-requests", native_loops,
                             {request_set().bytes.size()}, bench_pipeline_native);
  const std::vector<const tb_http1_api *> twins TB_IMPLEMENTATIONS(http1);
  register_case<tb_http1_api>("http1", "slow-drip", twins, {512, 4096}, bench_slow_drip);
  register_case<NativeLoops>("http1", "slow-drip", native_loops, {512, 4096},
                             bench_slow_drip_native);
  return true;
}();

} // namespace
} // namespace twinbench::bench
