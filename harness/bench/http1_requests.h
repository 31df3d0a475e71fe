// The http1 benchmark input: browser-like requests pipelined in one buffer, generated
// deterministically, with the answers every implementation must reproduce before it is timed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace twinbench::bench {

struct RequestSet {
  std::vector<uint8_t> bytes;
  size_t requests = 0;
  size_t fields = 0;     // header fields over all requests
  size_t body_bytes = 0; // decoded body bytes (Content-Length and chunked)
};

// `count` requests with 8–20 fields each (cookies, long user agents, …); about one in ten is a
// POST with Content-Length, one in twenty a chunked POST.
RequestSet generate_requests(size_t count, uint64_t seed);

// What one pass over a request set found; every implementation fills it the same way.
struct PipelineResult {
  size_t requests = 0;
  size_t fields = 0;
  size_t body_bytes = 0;
  bool failed = false;
};

} // namespace twinbench::bench
