// What the decoders' benchmark cases share (inflate, brotli, png, jpeg, ...): the stream is made
// once by the format's reference encoder, each implementation's output is checked against the
// original, then decoding is timed. Bytes processed = decoded bytes.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "cases.h"
#include "twinbench/status.h"

namespace twinbench::bench {

// A case's plain input and its stream, made once per process: Google Benchmark calls a case's
// body several times, and the reference encoders at their best levels take seconds per MiB.
struct Stream {
  std::vector<uint8_t> plain, stream;
};
template <typename Make> const Stream &made_once(const std::string &key, Make make) {
  static std::map<std::string, Stream> made;
  auto it = made.find(key);
  if (it == made.end()) it = made.emplace(key, make()).first;
  return it->second;
}

// Whether `out` is `plain`: exactly, or past its first `exact` bytes within `per_byte` per byte
// (jpeg: the decoders' IDCTs round differently; docs/components/jpeg.md).
inline bool same_output(const std::vector<uint8_t> &out, const std::vector<uint8_t> &plain,
                        size_t exact, int per_byte) {
  if (out.size() != plain.size()) return false;
  for (size_t i = 0; i < out.size(); i++) {
    const int apart = out[i] > plain[i] ? out[i] - plain[i] : plain[i] - out[i];
    if (apart > (i < exact ? 0 : per_byte)) return false;
  }
  return true;
}

template <typename Api>
void bench_decompress(Measure &measure, const Api &api, const std::vector<uint8_t> &stream,
                      const std::vector<uint8_t> &plain, size_t exact = 0, int per_byte = 0) {
  std::vector<uint8_t> out(plain.size());
  size_t written = 0;
  if (stream.empty() ||
      api.decode(stream.data(), stream.size(), out.data(), out.size(), &written) != TB_OK ||
      written != plain.size() || !same_output(out, plain, exact, per_byte)) {
    measure.skip("wrong output");
    return;
  }
  measure.repeat(static_cast<int64_t>(plain.size()), [&] {
    api.decode(stream.data(), stream.size(), out.data(), out.size(), &written);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  });
}

} // namespace twinbench::bench
