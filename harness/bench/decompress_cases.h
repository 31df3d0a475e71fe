// What the decompressors' benchmark cases share (inflate, brotli): the stream is made once by
// the format's reference encoder, each implementation's output is checked against the
// original, then decompression is timed. Bytes processed = decompressed bytes.
#pragma once

#include <vector>

#include "cases.h"
#include "twinbench/status.h"

namespace twinbench::bench {

template <typename Api>
void bench_decompress(Measure &measure, const Api &api, const std::vector<uint8_t> &stream,
                      const std::vector<uint8_t> &plain) {
  std::vector<uint8_t> out(plain.size());
  size_t written = 0;
  if (stream.empty() ||
      api.decompress(stream.data(), stream.size(), out.data(), out.size(), &written) != TB_OK ||
      written != plain.size() || out != plain) {
    measure.skip("wrong output");
    return;
  }
  measure.repeat(static_cast<int64_t>(plain.size()), [&] {
    api.decompress(stream.data(), stream.size(), out.data(), out.size(), &written);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  });
}

} // namespace twinbench::bench
