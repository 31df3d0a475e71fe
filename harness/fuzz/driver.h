// What every fuzz driver shares: which implementations this binary holds, and the two ways a
// driver reports a finding. Each driver source is compiled once per binary (CMakeLists.txt):
//   TB_FUZZ_ONE   one implementation, every step checked against the spec or a model;
//   TB_FUZZ_DIFF  every implementation held to the spec on the same input, each one's results
//                 compared with the first's.
// Either way TB_IMPLEMENTATIONS(comp) lists the API tables this binary was built with.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "twinbench/implementations.h"

#if !defined(TB_FUZZ_ONE) && !defined(TB_FUZZ_DIFF)
#error "define one of TB_FUZZ_ONE, TB_FUZZ_DIFF"
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

inline std::string hex(const std::vector<uint8_t> &bytes) {
  return hex(bytes.data(), bytes.size());
}

// One observable value of a result. A driver flattens a result into these to say what differs.
struct Value {
  std::string field; // what it is, with no position in it: "tape", "fields.name"
  std::string kind;  // the value's type: "status", "offset", "double", "bytes"
  std::string where; // where it is, for the reader only: "tape[17] depth=4", "flags=3"
  std::string text;  // the value itself, printable
};

// Two implementations disagree. One line in the format the triage reads, then a crash:
//   TWINBENCH DIVERGENCE <comp> <field> <kind> at <where>: <impl>=<value> <impl>=<value>
// The triage signs a divergence with component, field and kind only, so one bug met at many
// positions (tape words, operations, flag sets) is one crash.
[[noreturn]] inline void divergence(const char *comp, const Value &a, const char *a_impl,
                                    const Value &b, const char *b_impl) {
  std::string kind = a.kind == b.kind ? a.kind : a.kind + "|" + b.kind;
  std::fprintf(stderr, "TWINBENCH DIVERGENCE %s %s %s at %s: %s=%s %s=%s\n", comp, a.field.c_str(),
               kind.c_str(), a.where.c_str(), a_impl, a.text.c_str(), b_impl, b.text.c_str());
  std::abort();
}

// Compares two implementations' results: equal results return; otherwise the first differing
// value of their flattened forms is the divergence.
template <typename Result, typename Flatten>
void expect_same(const char *comp, const char *a_impl, const Result &a, const char *b_impl,
                 const Result &b, Flatten flatten) {
  if (a == b) return;
  const std::vector<Value> va = flatten(a), vb = flatten(b);
  const Value none{"", "none", "", "<none>"};
  for (size_t i = 0; i < va.size() || i < vb.size(); i++) {
    const Value &x = i < va.size() ? va[i] : Value{vb[i].field, "none", vb[i].where, "<none>"};
    const Value &y = i < vb.size() ? vb[i] : Value{va[i].field, "none", va[i].where, "<none>"};
    if (x.field != y.field || x.kind != y.kind || x.text != y.text) {
      divergence(comp, x, a_impl, y, b_impl);
    }
  }
  // Different results that flatten alike: the flattening misses a field. Still a finding.
  divergence(comp, {"unflattened", "result", "", "?"}, a_impl, none, b_impl);
}

// Runs `run(api)` on every implementation and holds each result to the first one's.
template <typename Api, typename Run, typename Flatten>
void compare_all(const char *comp, const std::vector<const Api *> &impls, Run run,
                 Flatten flatten) {
  const auto first = run(*impls[0]);
  for (size_t i = 1; i < impls.size(); i++) {
    expect_same(comp, impls[0]->name, first, impls[i]->name, run(*impls[i]), flatten);
  }
}

// One implementation broke its spec (or disagrees with the model).
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
