// The spsc stress: one stream of known bytes from a producer thread to the calling thread, in
// odd-sized pieces, through push/pop or through the zero-copy regions. Shared by the
// conformance suite (ASan, dev) and the ThreadSanitizer stress binary (spsc_stress.cc).
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

#include "twinbench/spsc.h"

namespace twinbench::test {

struct StreamResult {
  bool created = false;
  uint64_t received = 0;
  uint64_t wrong = 0; // bytes that differ from the stream: lost, repeated, reordered or torn
};

inline uint8_t stream_byte(uint64_t i) { return static_cast<uint8_t>(i * 7 + (i >> 11)); }

inline StreamResult move_stream(const tb_spsc_api &api, size_t capacity, uint64_t total,
                                bool zero_copy) {
  StreamResult result;
  tb_spsc *raw = nullptr;
  if (api.create(capacity, &raw) != TB_OK) return result;
  result.created = true;
  std::unique_ptr<tb_spsc, void (*)(tb_spsc *)> q(raw, api.destroy);
  std::thread producer([&] {
    std::vector<uint8_t> piece(977);
    uint64_t sent = 0;
    for (size_t k = 0; sent < total; k++) {
      size_t want = static_cast<size_t>(std::min<uint64_t>(1 + k % piece.size(), total - sent));
      if (zero_copy) {
        tb_spsc_regions r{};
        api.write_regions(q.get(), &r);
        size_t n = std::min(want, r.len[0] + r.len[1]);
        for (size_t i = 0; i < n; i++) {
          (i < r.len[0] ? r.ptr[0][i] : r.ptr[1][i - r.len[0]]) = stream_byte(sent + i);
        }
        sent += api.publish(q.get(), n);
      } else {
        for (size_t i = 0; i < want; i++) piece[i] = stream_byte(sent + i);
        sent += api.push(q.get(), piece.data(), want);
      }
    }
  });
  std::vector<uint8_t> out(1531);
  for (size_t k = 0; result.received < total; k++) {
    size_t want = 1 + k % out.size();
    if (zero_copy) {
      tb_spsc_regions r{};
      api.read_regions(q.get(), &r);
      size_t n = std::min(want, r.len[0] + r.len[1]);
      for (size_t i = 0; i < n; i++) {
        uint8_t b = i < r.len[0] ? r.ptr[0][i] : r.ptr[1][i - r.len[0]];
        result.wrong += b != stream_byte(result.received + i);
      }
      result.received += api.release(q.get(), n);
    } else {
      size_t n = api.pop(q.get(), out.data(), want);
      for (size_t i = 0; i < n; i++) result.wrong += out[i] != stream_byte(result.received + i);
      result.received += n;
    }
  }
  producer.join();
  return result;
}

} // namespace twinbench::test
