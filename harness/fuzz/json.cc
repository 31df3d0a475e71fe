// json fuzz driver. Spec: docs/components/json.md
//   one twin: parse with buffers of exactly the contract's sizes (an overrun is an ASan finding);
//             on success the canonical text must parse back to the same tape and arena and
//             serialize to the same text, and every number must equal glibc strtod/strtoll's
//             reading of its text; on an error the offset must be where the input stops being a
//             valid beginning (the prefix before it is truncated, complete, or the same error)
//             and the byte at it does not fit (the input up to it gives the same error); one
//             byte too little room to serialize is output-too-small;
//             a depth limit of 4 may only add too-deep.
//   diff:     every implementation at depth 1024 and 4: status, offset, every tape word and
//             arena byte, and the canonical text must agree.
#include <cerrno>
#include <clocale>
#include <cstring>
#include <vector>

#include "driver.h"
#include "twinbench/implementations.h"
#include "twinbench/json.h"

namespace twinbench::fuzz {
namespace {

constexpr uint32_t kTightDepth = 4;

struct Parsed {
  tb_status status;
  size_t offset;
  std::vector<uint64_t> tape;
  std::vector<uint8_t> arena;
  bool operator==(const Parsed &) const = default;
};

Parsed parse(const tb_json_api &api, const uint8_t *data, size_t size, uint32_t max_depth) {
  Caller<uint64_t> tape(size + 1, "the tape");
  Caller<uint8_t> arena(size, "the arena"); // exactly the bounds: ASan sees any write past them
  tb_json_doc doc{tape.data(), tape.size(), 0, arena.data(), arena.size(), 0};
  size_t offset = 0;
  tb_status st = api.parse(data, size, max_depth, &doc, &offset);
  return {st, offset, tape.first(doc.tape_len), arena.first(doc.arena_len)};
}

std::string serialize(const tb_json_api &api, const Parsed &p, size_t source_len) {
  tb_json_doc doc{const_cast<uint64_t *>(p.tape.data()), p.tape.size(),  p.tape.size(),
                  const_cast<uint8_t *>(p.arena.data()), p.arena.size(), p.arena.size()};
  Caller<uint8_t> out(TB_JSON_SERIALIZED_MAX(source_len), "the serialize output");
  size_t written = 0;
  tb_status st = api.serialize(&doc, out.data(), out.size(), &written);
  if (st != TB_OK) violation("json", std::string("serialize: ") + tb_status_name(st));
  const std::vector<uint8_t> text = out.first(written);
  return std::string(text.begin(), text.end());
}

std::string result(const Parsed &p) {
  return std::string(tb_status_name(p.status)) + "@" + std::to_string(p.offset);
}

// A number word's kind, as the spec names the three.
const char *kind(uint64_t word) {
  switch (TB_JSON_TAG(word)) {
  case TB_JSON_INT64: return "int64";
  case TB_JSON_UINT64: return "uint64";
  default: return "double";
  }
}

#ifdef TB_FUZZ_DIFF
// What an implementation makes of an input: the parse, and its own canonical text of it.
struct Outcome {
  Parsed parsed;
  std::string canonical; // when the parse succeeded
  bool operator==(const Outcome &) const = default;
};

// The kind of every tape word: a tag word by its tag, the word after a string or number tag as
// that tag's value ("string.length", "double.value").
std::vector<std::string> tape_kinds(const std::vector<uint64_t> &tape) {
  std::vector<std::string> kinds(tape.size());
  for (size_t i = 0; i < tape.size(); i++) {
    const unsigned tag = TB_JSON_TAG(tape[i]);
    switch (tag) {
    case TB_JSON_ARRAY: kinds[i] = "array"; break;
    case TB_JSON_OBJECT: kinds[i] = "object"; break;
    case TB_JSON_ARRAY_END: kinds[i] = "array-end"; break;
    case TB_JSON_OBJECT_END: kinds[i] = "object-end"; break;
    case TB_JSON_TRUE:
    case TB_JSON_FALSE:
    case TB_JSON_NULL: kinds[i] = "literal"; break;
    case TB_JSON_STRING: kinds[i] = "string"; break;
    case TB_JSON_INT64:
    case TB_JSON_UINT64:
    case TB_JSON_DOUBLE: kinds[i] = kind(tape[i]); break;
    default: kinds[i] = "unknown-tag"; break;
    }
    if (tag == TB_JSON_STRING || tag == TB_JSON_INT64 || tag == TB_JSON_UINT64 ||
        tag == TB_JSON_DOUBLE) {
      if (++i < tape.size())
        kinds[i] = kinds[i - 1] + (tag == TB_JSON_STRING ? ".length" : ".value");
    }
  }
  return kinds;
}

std::vector<Value> flatten(const Outcome &o, const std::string &where) {
  const Parsed &p = o.parsed;
  std::vector<Value> v = {{"result", "status", where, result(p)},
                          {"tape_len", "length", where, std::to_string(p.tape.size())}};
  const auto kinds = tape_kinds(p.tape);
  for (size_t i = 0; i < p.tape.size(); i++) {
    v.push_back(
        {"tape", kinds[i], "tape[" + std::to_string(i) + "] " + where, std::to_string(p.tape[i])});
  }
  v.push_back({"arena", "bytes", where, hex(p.arena)});
  v.push_back({"canonical", "text", where, o.canonical});
  return v;
}
#else

// Every number token of a parsed input, in order, against the C library's reading of its text.
void check_numbers(const uint8_t *data, size_t size, const Parsed &p) {
  std::vector<uint64_t> numbers; // the tape's number words, tag word then value
  for (size_t i = 0; i < p.tape.size(); i++) {
    unsigned tag = TB_JSON_TAG(p.tape[i]);
    if (tag == TB_JSON_INT64 || tag == TB_JSON_UINT64 || tag == TB_JSON_DOUBLE) {
      numbers.push_back(p.tape[i]);
      numbers.push_back(p.tape[i + 1]);
    }
    if (tag == TB_JSON_STRING || tag == TB_JSON_INT64 || tag == TB_JSON_UINT64 ||
        tag == TB_JSON_DOUBLE) {
      i++;
    }
  }
  size_t next = 0;
  for (size_t i = 0; i < size; i++) {
    if (data[i] == '"') { // skip the string, escapes included
      for (i++; data[i] != '"'; i++) i += data[i] == '\\';
      continue;
    }
    if (data[i] != '-' && (data[i] < '0' || data[i] > '9')) continue;
    size_t end = i;
    while (end < size && std::strchr("0123456789+-.eE", data[end]) != nullptr) end++;
    std::string text(data + i, data + end);
    if (next + 1 >= numbers.size()) violation("json", "fewer numbers on the tape than in " + text);
    uint64_t tag = numbers[next], value = numbers[next + 1];
    next += 2;
    bool integer = text.find_first_of(".eE") == std::string::npos;
    errno = 0;
    uint64_t want;
    const char *want_kind = "double";
    if (integer && text[0] == '-' && text != "-0") {
      long long v = std::strtoll(text.c_str(), nullptr, 10);
      if (errno == 0) want = static_cast<uint64_t>(v), want_kind = "int64";
    } else if (integer && text[0] != '-') {
      unsigned long long v = std::strtoull(text.c_str(), nullptr, 10);
      if (errno == 0) want = v, want_kind = v > INT64_MAX ? "uint64" : "int64";
    }
    if (std::strcmp(want_kind, "double") == 0) {
      double d = std::strtod(text.c_str(), nullptr);
      std::memcpy(&want, &d, sizeof want);
    }
    if (std::strcmp(kind(tag), want_kind) != 0 || value != want) {
      violation("json", "number " + text + " read as " + kind(tag) + " " + std::to_string(value) +
                            ", libc says " + want_kind + " " + std::to_string(want));
    }
    i = end - 1;
  }
  if (next != numbers.size()) violation("json", "more numbers on the tape than in the input");
}

void check_one_twin(const tb_json_api &api, const uint8_t *data, size_t size) {
  Parsed p = parse(api, data, size, TB_JSON_DEFAULT_MAX_DEPTH);
  Parsed tight = parse(api, data, size, kTightDepth);
  if (tight.status != TB_ERR_JSON_TOO_DEEP &&
      (tight.status != p.status || tight.offset != p.offset || tight.tape != p.tape)) {
    violation("json", "depth 4 changed the result: " + result(tight) + " vs " + result(p));
  }
  if (p.status != TB_OK) {
    if (p.offset > size || !p.tape.empty() || !p.arena.empty()) {
      violation("json", "error " + result(p) + " beyond the input or with a document");
    }
    if (p.status == TB_ERR_TRUNCATED && p.offset != size) violation("json", "truncated early");
    if (p.status != TB_ERR_TRUNCATED) { // the input was a valid beginning up to the offset
      Parsed prefix = parse(api, data, p.offset, TB_JSON_DEFAULT_MAX_DEPTH);
      bool fits = prefix.status == TB_OK ||
                  (prefix.offset == p.offset &&
                   (prefix.status == TB_ERR_TRUNCATED || prefix.status == p.status));
      if (!fits) violation("json", result(p) + " but its prefix gives " + result(prefix));
      // ... and the byte at the offset is the one that does not fit (except where the spec
      // points elsewhere: an out-of-range number at its start, a surrogate pair at its escape).
      if (p.status != TB_ERR_JSON_BAD_NUMBER && p.status != TB_ERR_JSON_BAD_SURROGATE) {
        Parsed upto = parse(api, data, p.offset + 1, TB_JSON_DEFAULT_MAX_DEPTH);
        if (upto.status != p.status || upto.offset != p.offset) {
          violation("json", result(p) + " but the input up to that byte gives " + result(upto));
        }
      }
    }
    return;
  }
  if (p.offset != 0 || p.tape.size() > size + 1 || p.arena.size() > size) {
    violation("json", "success with an offset, or a document beyond its bounds");
  }
  check_numbers(data, size, p);
  std::string text = serialize(api, p, size);
  Parsed again = parse(api, reinterpret_cast<const uint8_t *>(text.data()), text.size(),
                       TB_JSON_DEFAULT_MAX_DEPTH);
  if (again.status != TB_OK) violation("json", "canonical text fails: " + result(again));
  if (again.tape != p.tape || again.arena != p.arena) {
    violation("json", "canonical text parses to another document: " + text.substr(0, 200));
  }
  if (serialize(api, again, text.size()) != text) violation("json", "serializing is not stable");
  // One byte less room than the text needs: output-too-small, nothing claimed written.
  tb_json_doc doc{p.tape.data(),  p.tape.size(),  p.tape.size(),
                  p.arena.data(), p.arena.size(), p.arena.size()};
  std::vector<uint8_t> small(text.size() - 1);
  size_t written = 99;
  if (api.serialize(&doc, small.data(), small.size(), &written) != TB_ERR_OUTPUT_TOO_SMALL ||
      written != 0) {
    violation("json", "serializing into one byte too few is not output-too-small");
  }
}
#endif

} // namespace
} // namespace twinbench::fuzz

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  std::setlocale(LC_NUMERIC, "C");
  return 0;
}

TB_DECLARE_IMPLEMENTATIONS(json)

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const twinbench::fuzz::CurrentInput input(data, size);
  using namespace twinbench::fuzz;
  static const std::vector<const tb_json_api *> impls = TB_IMPLEMENTATIONS(json);
#ifdef TB_FUZZ_DIFF
  for (uint32_t depth : {TB_JSON_DEFAULT_MAX_DEPTH, kTightDepth}) {
    compare_all(
        "json", impls,
        [&](const tb_json_api &api) {
          Outcome o{parse(api, data, size, depth), ""};
          if (o.parsed.status == TB_OK) o.canonical = serialize(api, o.parsed, size);
          return o;
        },
        [&](const Outcome &o) { return flatten(o, "depth=" + std::to_string(depth)); });
  }
#else
  check_one_twin(*impls[0], data, size);
#endif
  return 0;
}
