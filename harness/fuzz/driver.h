// What every fuzz driver shares: which implementations this binary holds, and the ways a
// driver reports what it sees. Each driver source is compiled once per mode (CMakeLists.txt):
//   TB_FUZZ_ONE     one implementation, every step checked against the spec or a model;
//   TB_FUZZ_DIFF    every implementation held to the spec on the same input, each one's results
//                   compared with the first's;
//   TB_FUZZ_REPLAY  (release builds, harness/replay) the TB_FUZZ_DIFF path over one
//                   implementation, its results recorded instead of compared, and the memory
//                   it is handed guarded and pre-filled (Caller below), for `twinbench
//                   consequences`.
// Either way TB_IMPLEMENTATIONS(comp) (twinbench/implementations.h) lists the API tables this
// binary was built with: a generated list linked beside the driver (TB_LINKED_IMPLEMENTATIONS).
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "twinbench/findings.h"

#if defined(TB_FUZZ_REPLAY)
#define TB_FUZZ_DIFF 1 // the replay takes the diff path
#endif
#if !defined(TB_FUZZ_ONE) && !defined(TB_FUZZ_DIFF)
#error "define one of TB_FUZZ_ONE, TB_FUZZ_DIFF, TB_FUZZ_REPLAY"
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

// All of the bytes in hex, for comparing values; divergence_line shortens what it prints.
inline std::string hex(const std::vector<uint8_t> &bytes) {
  static const char digits[] = "0123456789abcdef";
  std::string s;
  for (uint8_t b : bytes) {
    s += digits[b >> 4];
    s += digits[b & 15];
  }
  return bytes.empty() ? "<empty>" : s;
}

// One observable value of a result. A driver flattens a result into these to say what differs.
struct Value {
  std::string field; // what it is, with no position in it: "tape", "fields.name", "read.bytes"
  std::string kind;  // the value's type: "status", "offset", "double", "bytes"
  std::string where; // where it is, for the reader only: "tape[17] depth=4", "op#12"
  std::string text;  // the whole value, printable: values are compared on it
  bool operator==(const Value &) const = default;
};

// The line for two implementations that disagree, in the format the triage reads:
//   TWINBENCH DIVERGENCE <comp> <field> <kind> <impl>/<impl> at <where>: <impl>=<v> <impl>=<v>
// The triage signs a divergence with component, field, kind and the pair only, so one bug met
// at many positions (tape words, operations) is one crash. Values over 200 characters are cut.
inline std::string divergence_line(const char *comp, const Value &a, const char *a_impl,
                                   const Value &b, const char *b_impl) {
  auto shown = [](const std::string &v) {
    return v.size() <= 200 ? v : v.substr(0, 200) + "...(" + std::to_string(v.size()) + " chars)";
  };
  const std::string kind = a.kind == b.kind ? a.kind : a.kind + "|" + b.kind;
  return findings::divergence_line(
      comp, a.field, kind, std::string(a_impl) + "/" + b_impl, a.where.empty() ? "-" : a.where,
      std::string(a_impl) + "=" + shown(a.text) + " " + b_impl + "=" + shown(b.text));
}

#if defined(TB_FUZZ_REPLAY)
// What one replay saw, printed by harness/replay/main.cc.
struct Replay {
  uint8_t fill = 0xA5;                  // every byte of caller memory before the call
  bool guards = true;                   // false: exact allocations, for valgrind to watch
  std::vector<Value> values;            // every result, flattened, in order
  std::vector<std::string> corruptions; // guard zones an implementation wrote into
  static Replay &current() {
    static Replay replay;
    return replay;
  }
};
// A violation ends the replay (the values so far stand).
struct ReplayStopped {};
#endif

// Two implementations disagree: the line, then a crash, so libFuzzer keeps the input.
[[noreturn]] inline void divergence(const char *comp, const Value &a, const char *a_impl,
                                    const Value &b, const char *b_impl) {
  std::fprintf(stderr, "%s\n", divergence_line(comp, a, a_impl, b, b_impl).c_str());
  std::abort();
}

// The first value where two flattened results differ, as the pair (first's, second's); a value
// one side lacks is "<none>" of kind "none". Nothing when they are equal.
inline std::optional<std::pair<Value, Value>> first_difference(const std::vector<Value> &a,
                                                               const std::vector<Value> &b) {
  for (size_t i = 0; i < a.size() || i < b.size(); i++) {
    Value x = i < a.size() ? a[i] : Value{b[i].field, "none", b[i].where, "<none>"};
    Value y = i < b.size() ? b[i] : Value{a[i].field, "none", a[i].where, "<none>"};
    if (x.field != y.field || x.kind != y.kind || x.text != y.text) return std::pair{x, y};
  }
  return std::nullopt;
}

// A difference between two implementations that the component's spec documents as legitimate
// (its "Known differences" table: a kind, e.g. a lenient library accepting what a strict one
// refuses). Not a crash, and not dropped: the first time a kind is met in a process its line
// goes to stderr, and to $TWINBENCH_DISAGREEMENT_LOG (the runner sets it per run) with the
// whole input in hex, as
//   <unix-ms> first <comp> <kind> <a>/<b> <input hex>
// and at exit every kind's count, as
//   <unix-ms> count <comp> <kind> <a>/<b> <n>
class Disagreements {
public:
  static Disagreements &instance() {
    // Never destroyed: its exit handler, registered while it is built, runs after a static's
    // destructor would have.
    static Disagreements *d = new Disagreements;
    return *d;
  }
  void record(const char *comp, const char *kind, const char *a_impl, const char *b_impl,
              const uint8_t *data, size_t size) {
    const std::string key = std::string(comp) + " " + kind + " " + a_impl + "/" + b_impl;
    for (auto &[k, n] : counts_) {
      if (k == key) {
        n++;
        return;
      }
    }
    counts_.emplace_back(key, 1);
    std::fprintf(stderr, "%s %s on %s\n", findings::kDisagreement, key.c_str(),
                 hex(data, size).c_str());
    if (FILE *log = open_log()) {
      const std::string all = size ? hex(std::vector<uint8_t>(data, data + size)) : "-";
      std::fprintf(log, "%lld first %s %s\n", now_ms(), key.c_str(), all.c_str());
      std::fclose(log);
    }
  }

private:
  Disagreements() {
    std::atexit([] {
      if (FILE *log = open_log()) {
        for (const auto &[key, n] : instance().counts_) {
          std::fprintf(log, "%lld count %s %llu\n", now_ms(), key.c_str(),
                       static_cast<unsigned long long>(n));
        }
        std::fclose(log);
      }
    });
  }
  static FILE *open_log() {
    const char *path = std::getenv("TWINBENCH_DISAGREEMENT_LOG");
    return path != nullptr && *path != '\0' ? std::fopen(path, "a") : nullptr;
  }
  static long long now_ms() {
    return static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                      std::chrono::system_clock::now().time_since_epoch())
                                      .count());
  }
  std::vector<std::pair<std::string, uint64_t>> counts_; // a handful of kinds: a list is enough
};

// The input a driver is running, for a survey's examples: each LLVMFuzzerTestOneInput starts
// with `const CurrentInput input(data, size);`.
class CurrentInput {
public:
  CurrentInput(const uint8_t *data, size_t size) {
    data_ = data;
    size_ = size;
    surveyed_.clear();
  }
  ~CurrentInput() { data_ = nullptr, size_ = 0; }
  CurrentInput(const CurrentInput &) = delete;
  CurrentInput &operator=(const CurrentInput &) = delete;
  static const uint8_t *data() { return data_; }
  static size_t size() { return size_; }
  // True the first time it is asked for this input and pair: a survey records a pair's first
  // difference on an input only, as a campaign stops at it (the states compared after it may
  // differ only because of it), and every other pair's too (a third implementation may differ
  // from the first where the second does as well).
  static bool first_difference_of_input(const char *a_impl, const char *b_impl) {
    const std::string pair = std::string(a_impl) + "/" + b_impl;
    for (const auto &seen : surveyed_) {
      if (seen == pair) return false;
    }
    surveyed_.push_back(pair);
    return true;
  }

private:
  static inline const uint8_t *data_ = nullptr;
  static inline size_t size_ = 0;
  static inline std::vector<std::string> surveyed_; // pairs that differed on this input
};

// Survey mode (`twinbench survey`, which sets TWINBENCH_SURVEY=1; every other run of the runner
// sets 0): the first difference of a pair on an input that the spec does not document is recorded
// as a disagreement of kind "unclassified:<field>:<kind>" (the divergence's signature, spaces as
// '_') with the input as its example, and the run goes on, so that one run lists every kind of
// difference two implementations have instead of stopping at the first.
inline bool surveying() {
  static const bool on = [] {
    const char *set = std::getenv("TWINBENCH_SURVEY");
    return set != nullptr && std::strcmp(set, "1") == 0;
  }();
  return on;
}

inline std::string unclassified_kind(const Value &a, const Value &b) {
  std::string kind =
      "unclassified:" + a.field + ":" + (a.kind == b.kind ? a.kind : a.kind + "|" + b.kind);
  for (char &c : kind) {
    if (c == ' ') c = '_';
  }
  return kind;
}

// Compares two implementations' results: equal results return at the cost of one comparison;
// otherwise the first differing value of their flattened forms is the divergence (in a survey,
// a disagreement recorded).
template <typename Result, typename Flatten>
void expect_same(const char *comp, const char *a_impl, const Result &a, const char *b_impl,
                 const Result &b, Flatten flatten) {
  if (a == b) return;
  auto d = first_difference(flatten(a), flatten(b));
  // Different results that flatten alike: the flattening misses a field. Still a finding.
  if (!d) d = std::pair<Value, Value>{{"unflattened", "result", "", "?"}, {"", "result", "", "?"}};
  if (surveying()) {
    if (CurrentInput::first_difference_of_input(a_impl, b_impl)) {
      Disagreements::instance().record(comp, unclassified_kind(d->first, d->second).c_str(), a_impl,
                                       b_impl, CurrentInput::data(), CurrentInput::size());
    }
    return;
  }
  divergence(comp, d->first, a_impl, d->second, b_impl);
}

// Holds every implementation's result (results[k] is impls[k]'s) to the first one's (a replay
// records the first's instead). For drivers that keep results between calls to reuse their
// memory; compare_all below runs and compares in one go.
template <typename Api, typename Result, typename Flatten>
void compare_results(const char *comp, const std::vector<const Api *> &impls,
                     const std::vector<Result> &results, Flatten flatten) {
#if defined(TB_FUZZ_REPLAY)
  for (auto &v : flatten(results[0])) Replay::current().values.push_back(std::move(v));
  (void)comp;
  (void)impls;
  return;
#endif
  for (size_t i = 1; i < impls.size(); i++) {
    expect_same(comp, impls[0]->name, results[0], impls[i]->name, results[i], flatten);
  }
}

// Runs `run(api)` on every implementation, in order, and holds each result to the first one's
// (a replay records the first's instead).
template <typename Api, typename Run, typename Flatten>
void compare_all(const char *comp, const std::vector<const Api *> &impls, Run run,
                 Flatten flatten) {
#if defined(TB_FUZZ_REPLAY)
  for (auto &v : flatten(run(*impls[0]))) Replay::current().values.push_back(std::move(v));
  (void)comp;
  return;
#endif
  const auto first = run(*impls[0]);
  for (size_t i = 1; i < impls.size(); i++) {
    expect_same(comp, impls[0]->name, first, impls[i]->name, run(*impls[i]), flatten);
  }
}

// As compare_all, where the spec documents known differences: `known(a_impl, a, b_impl, b)`
// names the kind of a difference it documents (nullptr: none), which is recorded as a
// disagreement on `data` instead of a divergence.
template <typename Api, typename Run, typename Flatten, typename Known>
void compare_all(const char *comp, const std::vector<const Api *> &impls, const uint8_t *data,
                 size_t size, Run run, Flatten flatten, Known known) {
#if defined(TB_FUZZ_REPLAY)
  (void)data;
  (void)size;
  (void)known;
  compare_all(comp, impls, run, flatten);
  return;
#endif
  const auto first = run(*impls[0]);
  for (size_t i = 1; i < impls.size(); i++) {
    const auto other = run(*impls[i]);
    if (first == other) continue;
    if (const char *kind = known(impls[0]->name, first, impls[i]->name, other)) {
      Disagreements::instance().record(comp, kind, impls[0]->name, impls[i]->name, data, size);
      continue;
    }
    expect_same(comp, impls[0]->name, first, impls[i]->name, other, flatten);
  }
}

// One implementation broke its spec (or disagrees with the model).
[[noreturn]] inline void violation(const char *comp, const std::string &what) {
#if defined(TB_FUZZ_REPLAY)
  Replay::current().values.push_back({"violation", "text", comp, what});
  throw ReplayStopped{};
#endif
  std::fprintf(stderr, "%s\n", findings::violation_line(comp, what).c_str());
  std::abort();
}

// Memory a driver hands an implementation, `n` elements of T. In the fuzz builds exactly that,
// zeroed: AddressSanitizer sees any access past it. Never NULL, not even for n = 0 (a caller's
// empty array is somewhere): a write through it is an overflow, not a NULL the contract forbids. In
// a replay (a release build, no sanitizer) the same elements sit between two guard zones, and every
// byte starts as the run's fill byte: a write past either end shows as a changed guard (recorded
// when the memory is released), and output made of bytes the implementation never wrote changes
// with the fill.
template <typename T> class Caller {
public:
  explicit Caller(size_t n, const char *what = "buffer") : n_(n), what_(what) {
#if defined(TB_FUZZ_REPLAY)
    guard_ = Replay::current().guards ? kGuard : 0;
    raw_size_ = n * sizeof(T) + 2 * guard_;
    raw_.reset(new uint8_t[raw_size_]);
    std::memset(raw_.get(), Replay::current().fill, raw_size_);
#else
    plain_.reset(new T[n]());
#endif
  }
  Caller(const Caller &) = delete;
  Caller &operator=(const Caller &) = delete;
  ~Caller() {
#if defined(TB_FUZZ_REPLAY)
    const uint8_t fill = Replay::current().fill;
    auto changed = [&](size_t from, size_t to) {
      for (size_t i = from; i < to; i++) {
        if (raw_[i] != fill) return true;
      }
      return false;
    };
    if (changed(0, guard_)) {
      Replay::current().corruptions.push_back(std::string("before ") + what_);
    }
    if (changed(guard_ + n_ * sizeof(T), raw_size_)) {
      Replay::current().corruptions.push_back(std::string("after ") + what_);
    }
#endif
  }

  T *data() {
#if defined(TB_FUZZ_REPLAY)
    return reinterpret_cast<T *>(raw_.get() + guard_);
#else
    return plain_.get();
#endif
  }
  size_t size() const { return n_; }
  T &operator[](size_t i) { return data()[i]; }
  // The first n elements, copied out: what an implementation says it wrote. Saying more than
  // the buffer holds breaks every contract here.
  std::vector<T> first(size_t n) {
    std::vector<T> out;
    copy_first(n, out);
    return out;
  }
  // first(n) into `out`, reusing its memory.
  void copy_first(size_t n, std::vector<T> &out) {
    if (n > n_) {
      violation("caller", std::string("claims ") + std::to_string(n) + " written into " + what_ +
                              " of " + std::to_string(n_));
    }
    T *p = data();
    out.assign(p, p + n);
  }

private:
  size_t n_;
  const char *what_;
#if defined(TB_FUZZ_REPLAY)
  static constexpr size_t kGuard = 64; // keeps the elements 16-byte aligned, as new[] would
  size_t guard_ = kGuard;
  std::unique_ptr<uint8_t[]> raw_; // never NULL (new[] of 0 bytes neither)
  size_t raw_size_ = 0;
#else
  std::unique_ptr<T[]> plain_; // new T[0] is a distinct pointer to no element
#endif
};

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
