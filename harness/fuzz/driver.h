// What every fuzz driver shares: which twins this binary holds, and the two ways a driver
// reports a finding. Each driver source is compiled three times (see CMakeLists.txt):
//   TB_FUZZ_C / TB_FUZZ_RUST  one twin, every step checked against the spec or a model;
//   TB_FUZZ_DIFF              both twins on the same input, every observable result compared.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#if defined(TB_FUZZ_C)
#define TB_TWIN(comp) tb_##comp##_c()
#elif defined(TB_FUZZ_RUST)
#define TB_TWIN(comp) tb_##comp##_rust()
#elif !defined(TB_FUZZ_DIFF)
#error "define one of TB_FUZZ_C, TB_FUZZ_RUST, TB_FUZZ_DIFF"
#endif

namespace twinbench::fuzz {

// Printable form of bytes for a finding's one line: hex, at most 64 bytes shown.
inline std::string hex(const uint8_t *p, size_t n) {
  static const char digits[] = "0123456789abcdef";
  std::string s;
  for (size_t i = 0; i < n && i < 64; i++) {
    s += digits[p[i] >> 4];
    s += digits[p[i] & 15];
  }
  if (n > 64) s += "...(" + std::to_string(n) + " bytes)";
  return n == 0 ? "<empty>" : s;
}

// The twins disagree: one line in the format the triage reads, then a crash.
[[noreturn]] inline void divergence(const char *comp, const std::string &field,
                                    const std::string &c, const std::string &rust) {
  std::fprintf(stderr, "TWINBENCH DIVERGENCE %s %s: c=%s rust=%s\n", comp, field.c_str(), c.c_str(),
               rust.c_str());
  std::abort();
}

// One twin broke its spec (or disagrees with the model).
[[noreturn]] inline void violation(const char *comp, const std::string &what) {
  std::fprintf(stderr, "TWINBENCH VIOLATION %s %s\n", comp, what.c_str());
  std::abort();
}

// Reads the fuzz input as a stream of small integers; past the end everything is zero.
class InputReader {
public:
  InputReader(const uint8_t *data, size_t size) : data_(data), size_(size) {}
  bool done() const { return pos_ >= size_; }
  uint8_t byte() { return pos_ < size_ ? data_[pos_++] : 0; }
  uint16_t u16() { return static_cast<uint16_t>(byte() << 8 | byte()); }

private:
  const uint8_t *data_;
  size_t size_;
  size_t pos_ = 0;
};

} // namespace twinbench::fuzz
