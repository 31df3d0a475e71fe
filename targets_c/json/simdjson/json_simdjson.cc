// simdjson 3.0 (Debian: libsimdjson-dev) as a C++ baseline of the json benchmark, in the usage
// simdjson recommends for its DOM API: one dom::parser reused for every document (its buffers
// are allocated by the first parse), the input in a padded_string prepared once.
#include <cstring>
#include <new>

#include <simdjson.h>

#include "twinbench/json.h"

namespace {

struct Prepared {
  Prepared(const uint8_t *in, size_t len) : input(reinterpret_cast<const char *>(in), len) {}
  simdjson::padded_string input;
  simdjson::dom::parser parser;
};

void *prepare(const uint8_t *in, size_t len) {
  auto *p = new (std::nothrow) Prepared(in, len);
  if (p == nullptr) return nullptr;
  if (p->input.data() == nullptr) { // allocation failed
    delete p;
    return nullptr;
  }
  return p;
}

int32_t parse(void *prep) {
  auto *p = static_cast<Prepared *>(prep);
  simdjson::dom::element root;
  return p->parser.parse(p->input).get(root) == simdjson::SUCCESS ? 0 : 1;
}

struct Walk {
  tb_json_counts &counts;
  double *values;
  size_t values_cap;

  void number(double v) {
    if (counts.numbers < values_cap) values[counts.numbers] = v;
    counts.numbers++;
  }

  // The switch has told each value's type, so value_unsafe() cannot meet an error. The
  // benchmark documents nest a few levels deep; simdjson's own limit is 1024.
  void element(simdjson::dom::element e) {
    switch (e.type()) {
    case simdjson::dom::element_type::ARRAY:
      counts.arrays++;
      for (simdjson::dom::element child : e.get_array().value_unsafe()) element(child);
      break;
    case simdjson::dom::element_type::OBJECT:
      counts.objects++;
      for (simdjson::dom::key_value_pair field : e.get_object().value_unsafe()) {
        counts.strings++;
        counts.string_bytes += field.key.size();
        element(field.value);
      }
      break;
    case simdjson::dom::element_type::INT64:
      counts.integers++;
      number(static_cast<double>(e.get_int64().value_unsafe()));
      break;
    case simdjson::dom::element_type::UINT64:
      counts.integers++;
      number(static_cast<double>(e.get_uint64().value_unsafe()));
      break;
    case simdjson::dom::element_type::DOUBLE: number(e.get_double().value_unsafe()); break;
    case simdjson::dom::element_type::STRING:
      counts.strings++;
      counts.string_bytes += e.get_string().value_unsafe().size();
      break;
    case simdjson::dom::element_type::BOOL:
      (e.get_bool().value_unsafe() ? counts.trues : counts.falses)++;
      break;
    case simdjson::dom::element_type::NULL_VALUE: counts.nulls++; break;
    }
  }
};

void count(void *prep, double *values, size_t values_cap, tb_json_counts *counts) {
  auto *p = static_cast<Prepared *>(prep);
  std::memset(counts, 0, sizeof *counts);
  counts->integers_known = 1;
  simdjson::dom::element root;
  if (p->parser.parse(p->input).get(root) != simdjson::SUCCESS) {
    counts->failed = 1;
    return;
  }
  Walk{*counts, values, values_cap}.element(root);
}

void release(void *prep) { delete static_cast<Prepared *>(prep); }

const tb_json_baseline_api api = {"simdjson", 1, prepare, parse, count, release};

} // namespace

extern "C" const tb_json_baseline_api *tb_json_simdjson(void) { return &api; }
