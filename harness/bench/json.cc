// json benchmark: two generated documents (json_documents.cc) in the shape of twitter.json and
// canada.json, parsed whole per iteration. The twins parse into a tape and arena allocated once;
// each baseline parses into its own DOM and frees it (cJSON, yajl, serde_json Value), simdjson
// reusing its parser as its documentation recommends. Before timing, every implementation's
// result is walked and must hold the generator's counts of objects, arrays, strings (keys
// included) and their decoded bytes, numbers (and integers, where the DOM tells them apart),
// true, false and null — and every number's value, compared as sorted lists (serde_json's
// objects are sorted maps, so walk orders differ): bit-exact for the implementations that round
// correctly, within one unit in the last place for serde_json, whose default float parsing does
// not. Bytes processed = the document's bytes.
#include <algorithm>
#include <bit>
#include <charconv>
#include <cstdint>
#include <string>
#include <vector>

#include "cases.h"
#include "json_documents.h"
#include "twinbench/implementations.h"
#include "twinbench/json.h"
#include "twinbench/native_loops.h"

TB_DECLARE_IMPLEMENTATIONS(json)
TB_DECLARE_BASELINES(json)

namespace twinbench::bench {
namespace {

struct JsonImpl {
  const char *name;
  const tb_json_api *twin; // or a baseline:
  const tb_json_baseline_api *baseline;
  // false: a number may come out one unit in the last place off
  bool rounds_correctly() const { return twin != nullptr || baseline->rounds_correctly != 0; }
};

// The twins' answer: one pass over the tape, in document order.
tb_json_counts count_tape(const tb_json_doc &doc, double *values, size_t values_cap) {
  tb_json_counts c{};
  c.integers_known = 1;
  auto number = [&](double v) {
    if (c.numbers < values_cap) values[c.numbers] = v;
    c.numbers++;
  };
  for (size_t i = 0; i < doc.tape_len && !c.failed; i++) {
    unsigned tag = TB_JSON_TAG(doc.tape[i]);
    bool two_words = tag == TB_JSON_STRING || tag == TB_JSON_INT64 || tag == TB_JSON_UINT64 ||
                     tag == TB_JSON_DOUBLE;
    if (two_words && i + 1 >= doc.tape_len) {
      c.failed = 1;
      break;
    }
    switch (tag) {
    case TB_JSON_OBJECT: c.objects++; break;
    case TB_JSON_ARRAY: c.arrays++; break;
    case TB_JSON_OBJECT_END:
    case TB_JSON_ARRAY_END: break;
    case TB_JSON_STRING:
      c.strings++;
      c.string_bytes += doc.tape[++i];
      break;
    case TB_JSON_INT64:
      c.integers++;
      number(static_cast<double>(static_cast<int64_t>(doc.tape[++i])));
      break;
    case TB_JSON_UINT64:
      c.integers++;
      number(static_cast<double>(doc.tape[++i]));
      break;
    case TB_JSON_DOUBLE: number(std::bit_cast<double>(doc.tape[++i])); break;
    case TB_JSON_TRUE: c.trues++; break;
    case TB_JSON_FALSE: c.falses++; break;
    case TB_JSON_NULL: c.nulls++; break;
    default: c.failed = 1;
    }
  }
  return c;
}

// Distance in units in the last place between two finite doubles.
uint64_t ulps(double a, double b) {
  auto ordered = [](double d) {
    auto bits = std::bit_cast<int64_t>(d);
    return bits < 0 ? INT64_MIN - bits : bits;
  };
  int64_t x = ordered(a), y = ordered(b);
  return x > y ? static_cast<uint64_t>(x) - static_cast<uint64_t>(y)
               : static_cast<uint64_t>(y) - static_cast<uint64_t>(x);
}

std::string shortest(double v) {
  char buf[32];
  return {buf, std::to_chars(buf, buf + sizeof buf, v).ptr};
}

struct Check {
  std::string error; // empty: the implementation found the document
  size_t off_by_one_ulp = 0;
};

// Compares what an implementation found with the generator's answer.
Check check(const JsonImpl &impl, const JsonDocument &doc, const tb_json_counts &got,
            std::vector<double> values) {
  Check result;
  if (got.failed) {
    result.error = "the library refused the document or its DOM held an unknown value";
    return result;
  }
  const tb_json_counts &want = doc.expected;
  const struct {
    const char *what;
    size_t got, want;
  } fields[] = {{"objects", got.objects, want.objects},
                {"arrays", got.arrays, want.arrays},
                {"strings", got.strings, want.strings},
                {"string bytes", got.string_bytes, want.string_bytes},
                {"numbers", got.numbers, want.numbers},
                {"integers", got.integers_known ? got.integers : want.integers, want.integers},
                {"true", got.trues, want.trues},
                {"false", got.falses, want.falses},
                {"null", got.nulls, want.nulls}};
  for (const auto &f : fields) {
    if (f.got != f.want) {
      result.error += std::string(result.error.empty() ? "wrong counts: " : ", ") + f.what + " " +
                      std::to_string(f.got) + " (expected " + std::to_string(f.want) + ")";
    }
  }
  if (!result.error.empty()) return result;
  std::vector<double> expected = doc.values;
  std::sort(values.begin(), values.end());
  std::sort(expected.begin(), expected.end());
  for (size_t i = 0; i < expected.size(); i++) {
    uint64_t d = ulps(values[i], expected[i]);
    if (d == 0) continue;
    if (d == 1 && !impl.rounds_correctly()) {
      result.off_by_one_ulp++;
      continue;
    }
    result.error = "wrong number: " + shortest(values[i]) + " where the document has " +
                   shortest(expected[i]) + " (" + std::to_string(d) + " ulps apart)";
    return result;
  }
  return result;
}

void bench_twin(Measure &measure, const JsonImpl &impl, const JsonDocument &doc) {
  const auto *in = reinterpret_cast<const uint8_t *>(doc.text.data());
  const size_t len = doc.text.size();
  std::vector<uint64_t> tape(len + 1);
  std::vector<uint8_t> arena(len);
  tb_json_doc out{tape.data(), tape.size(), 0, arena.data(), arena.size(), 0};
  size_t offset = 0;
  tb_status st = impl.twin->parse(in, len, TB_JSON_DEFAULT_MAX_DEPTH, &out, &offset);
  if (st != TB_OK) {
    measure.skip("parse failed: status " + std::to_string(st) + " at byte " +
                 std::to_string(offset));
    return;
  }
  std::vector<double> values(doc.values.size());
  Check c = check(impl, doc, count_tape(out, values.data(), values.size()), std::move(values));
  if (!c.error.empty()) {
    measure.skip(c.error);
    return;
  }
  measure.repeat(static_cast<int64_t>(len), [&] {
    st = impl.twin->parse(in, len, TB_JSON_DEFAULT_MAX_DEPTH, &out, &offset);
    benchmark::DoNotOptimize(st);
    benchmark::ClobberMemory();
  });
}

void bench_baseline(Measure &measure, const JsonImpl &impl, const JsonDocument &doc) {
  const tb_json_baseline_api &lib = *impl.baseline;
  void *prepared = lib.prepare(reinterpret_cast<const uint8_t *>(doc.text.data()), doc.text.size());
  if (prepared == nullptr) {
    measure.skip("the library cannot take this input");
    return;
  }
  std::vector<double> values(doc.values.size());
  tb_json_counts counts{};
  lib.count(prepared, values.data(), values.size(), &counts);
  Check c = check(impl, doc, counts, std::move(values));
  if (!c.error.empty()) {
    measure.skip(c.error);
    lib.release(prepared);
    return;
  }
  measure.repeat(static_cast<int64_t>(doc.text.size()), [&] {
    int32_t failed = lib.parse(prepared);
    benchmark::DoNotOptimize(failed);
    benchmark::ClobberMemory();
  });
  if (!impl.rounds_correctly()) {
    measure.state.counters["numbers_1ulp_off"] = static_cast<double>(c.off_by_one_ulp);
  }
  lib.release(prepared);
}

void bench_document(Measure &measure, const JsonImpl &impl, const JsonDocument &doc) {
  if (impl.twin) {
    bench_twin(measure, impl, doc);
  } else {
    bench_baseline(measure, impl, doc);
  }
}

// The twins' native loops: the same parse into the same buffers, looped in each twin's language.
struct NativeLoops {
  const char *name;
  const tb_json_api *twin; // whose tape the loop must write
  decltype(&tb_c_native_json_parse) parse;
};
const NativeLoops c_loops{c_native, tb_json_c(), tb_c_native_json_parse};
const NativeLoops rust_loops{rust_native, tb_json_rust(), tb_rust_native_json_parse};
const std::vector<const NativeLoops *> native_loops = {&c_loops, &rust_loops};

void bench_document_native(Measure &measure, const NativeLoops &loops, const JsonDocument &doc) {
  const auto *in = reinterpret_cast<const uint8_t *>(doc.text.data());
  const size_t len = doc.text.size();
  std::vector<uint64_t> tape(len + 1);
  std::vector<uint8_t> arena(len);
  tb_status st = loops.parse(in, len, TB_JSON_DEFAULT_MAX_DEPTH, tape.data(), tape.size(),
                             arena.data(), arena.size(), 1);
  if (st != TB_OK) {
    measure.skip("parse failed: status " + std::to_string(st));
    return;
  }
  // The tape must be the one the same twin writes through the API.
  std::vector<uint64_t> via_api(len + 1);
  std::vector<uint8_t> arena_via_api(len);
  tb_json_doc out{via_api.data(), via_api.size(), 0, arena_via_api.data(), arena_via_api.size(), 0};
  size_t offset = 0;
  if (loops.twin->parse(in, len, TB_JSON_DEFAULT_MAX_DEPTH, &out, &offset) != TB_OK ||
      !std::equal(via_api.begin(), via_api.begin() + static_cast<std::ptrdiff_t>(out.tape_len),
                  tape.begin())) {
    measure.skip("the native loop's tape differs from the API's");
    return;
  }
  measure.repeat_loop(static_cast<int64_t>(len), [&](uint64_t n) {
    loops.parse(in, len, TB_JSON_DEFAULT_MAX_DEPTH, tape.data(), tape.size(), arena.data(),
                arena.size(), n);
    benchmark::ClobberMemory();
  });
}

const JsonDocument &twitter_like() {
  static const JsonDocument doc = generate_twitter_like(2014);
  return doc;
}

const JsonDocument &canada_like() {
  static const JsonDocument doc = generate_canada_like(1867);
  return doc;
}

// The registry's implementations through their API, then the baselines' DOMs.
const std::vector<JsonImpl> all_implementations = [] {
  std::vector<JsonImpl> all;
  for (const tb_json_api *api : std::vector<const tb_json_api *> TB_IMPLEMENTATIONS(json)) {
    all.push_back({api->name, api, nullptr});
  }
  for (const tb_json_baseline_api *lib :
       std::vector<const tb_json_baseline_api *> TB_BASELINES(json)) {
    all.push_back({lib->name, nullptr, lib});
  }
  return all;
}();

const bool registered = [] {
  std::vector<const JsonImpl *> impls;
  for (const auto &impl : all_implementations) impls.push_back(&impl);
  register_case<JsonImpl>("json", "twitter-like", impls, {twitter_like().text.size()},
                          [](Measure &measure, const JsonImpl &impl, size_t) {
                            bench_document(measure, impl, twitter_like());
                          });
  register_case<JsonImpl>("json", "canada-like", impls, {canada_like().text.size()},
                          [](Measure &measure, const JsonImpl &impl, size_t) {
                            bench_document(measure, impl, canada_like());
                          });
  register_case<NativeLoops>("json", "twitter-like", native_loops, {twitter_like().text.size()},
                             [](Measure &measure, const NativeLoops &loops, size_t) {
                               bench_document_native(measure, loops, twitter_like());
                             });
  register_case<NativeLoops>("json", "canada-like", native_loops, {canada_like().text.size()},
                             [](Measure &measure, const NativeLoops &loops, size_t) {
                               bench_document_native(measure, loops, canada_like());
                             });
  return true;
}();

} // namespace
} // namespace twinbench::bench
