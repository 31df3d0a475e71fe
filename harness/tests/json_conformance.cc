// Every vector in corpora/json/vectors.txt, against every implementation held to the spec, plus the
// spec's promises: the canonical text parses back to the same document, the tape has the documented
// shape, numbers round exactly like glibc strtod, and depth is limited without recursion. Spec:
// docs/components/json.md
#include <algorithm>
#include <bit>
#include <cinttypes>
#include <clocale>
#include <cmath>
#include <cstdlib>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "implementations.h"
#include "twinbench/json.h"
#include "vector_file.h"

namespace twinbench::test {
namespace {

struct Parsed {
  tb_status status = TB_OK;
  size_t offset = 0;
  std::vector<uint64_t> tape; // exactly tape_len words
  std::vector<uint8_t> arena; // exactly arena_len bytes
};

// Parses with buffers of exactly the contract's required sizes, so an overrun is a sanitizer
// finding in the fuzz build.
Parsed parse(const tb_json_api &api, const std::vector<uint8_t> &in,
             uint32_t max_depth = TB_JSON_DEFAULT_MAX_DEPTH) {
  std::vector<uint64_t> tape(in.size() + 1);
  std::vector<uint8_t> arena(in.size());
  tb_json_doc doc{tape.data(), tape.size(), 99, arena.data(), arena.size(), 99};
  Parsed out;
  out.offset = 99;
  out.status = api.parse(in.data(), in.size(), max_depth, &doc, &out.offset);
  out.tape.assign(tape.begin(), tape.begin() + static_cast<ptrdiff_t>(doc.tape_len));
  out.arena.assign(arena.begin(), arena.begin() + static_cast<ptrdiff_t>(doc.arena_len));
  return out;
}

std::string serialize(const tb_json_api &api, const Parsed &p) {
  tb_json_doc doc{const_cast<uint64_t *>(p.tape.data()), p.tape.size(),  p.tape.size(),
                  const_cast<uint8_t *>(p.arena.data()), p.arena.size(), p.arena.size()};
  std::vector<uint8_t> out(TB_JSON_SERIALIZED_MAX(p.tape.size() + p.arena.size()));
  size_t written = 0;
  tb_status st = api.serialize(&doc, out.data(), out.size(), &written);
  if (st != TB_OK) return std::string("serialize: ") + tb_status_name(st);
  return std::string(out.begin(), out.begin() + static_cast<ptrdiff_t>(written));
}

using Outcome = std::vector<std::string>; // the result in the vector file's words

Outcome outcome(const tb_json_api &api, const std::vector<uint8_t> &in, uint32_t max_depth) {
  Parsed p = parse(api, in, max_depth);
  if (p.status != TB_OK) {
    Outcome out = {tb_status_name(p.status), std::to_string(p.offset)};
    if (!p.tape.empty() || !p.arena.empty()) out.push_back("tape_len/arena_len set on error");
    return out;
  }
  Outcome out = {"ok", serialize(api, p)};
  if (p.offset != 0) out.push_back("error_offset set on success");
  return out;
}

struct Vector {
  uint32_t max_depth = TB_JSON_DEFAULT_MAX_DEPTH;
  std::vector<uint8_t> input;
  Outcome expected;
  std::string where;
};

std::vector<Vector> vectors() {
  std::vector<Vector> out;
  for (const auto &line : read_vector_file(corpus_path("json", "vectors.txt"))) {
    const auto &t = line.tokens;
    Vector v;
    v.where = line.where();
    size_t k = 1;
    if (t.at(0).text == "json-depth") {
      v.max_depth = static_cast<uint32_t>(std::stoul(t.at(k++).text));
    } else if (t.at(0).text != "json") {
      throw std::runtime_error(v.where + ": bad op");
    }
    v.input = bytes_of(t.at(k++).text);
    for (; k < t.size(); k++) v.expected.push_back(t[k].text);
    if (v.expected.size() != 2)
      throw std::runtime_error(v.where + ": want ok TEXT or ERROR OFFSET");
    out.push_back(std::move(v));
  }
  return out;
}

class JsonConformance : public testing::TestWithParam<const tb_json_api *> {};

TEST_P(JsonConformance, EveryVectorGivesTheSpecifiedResult) {
  const tb_json_api &api = *GetParam();
  auto all = vectors();
  ASSERT_GT(all.size(), 150u);
  for (const Vector &v : all) {
    EXPECT_EQ(outcome(api, v.input, v.max_depth), v.expected) << v.where;
  }
}

TEST_P(JsonConformance, TheCanonicalTextParsesBackToTheSameDocument) {
  const tb_json_api &api = *GetParam();
  for (const Vector &v : vectors()) {
    Parsed first = parse(api, v.input, v.max_depth);
    if (first.status != TB_OK) continue;
    std::string text = serialize(api, first);
    Parsed second = parse(api, bytes_of(text), v.max_depth);
    ASSERT_EQ(second.status, TB_OK) << v.where << ": " << text;
    EXPECT_EQ(second.tape, first.tape) << v.where;
    EXPECT_EQ(second.arena, first.arena) << v.where;
    EXPECT_EQ(serialize(api, second), text) << v.where;
  }
}

TEST_P(JsonConformance, TheTapeHasTheDocumentedShape) {
  const tb_json_api &api = *GetParam();
  auto w = [](unsigned tag, uint64_t payload) { return uint64_t{tag} << 56 | payload; };
  Parsed p = parse(api, bytes_of(R"([1,{"a":"bc"},[],-2.5,true,false,null,18446744073709551615])"));
  ASSERT_EQ(p.status, TB_OK);
  const std::vector<uint64_t> expected = {w('[', 19),            // 0: skip to after the final ']'
                                          w('l', 0),  1,         // 1-2
                                          w('{', 9),             // 3
                                          w('"', 0),  1,         // 4-5: key "a" at arena 0
                                          w('"', 1),  2,         // 6-7: "bc" at arena 1
                                          w('}', 1),             // 8: one member
                                          w('[', 11), w(']', 0), // 9-10: an empty array
                                          w('d', 0),  std::bit_cast<uint64_t>(-2.5), // 11-12
                                          w('t', 0),  w('f', 0),
                                          w('n', 0),              // 13-15
                                          w('u', 0),  UINT64_MAX, // 16-17
                                          w(']', 8)};             // 18: eight elements
  EXPECT_EQ(p.tape, expected);
  EXPECT_EQ(std::string(p.arena.begin(), p.arena.end()), "abc");
  EXPECT_EQ(TB_JSON_TAG(p.tape[0]), unsigned{TB_JSON_ARRAY});
  EXPECT_EQ(TB_JSON_PAYLOAD(p.tape[TB_JSON_PAYLOAD(p.tape[0]) - 1]), 8u) << "count from a header";
}

TEST_P(JsonConformance, NumbersRoundExactlyLikeStrtod) {
  const tb_json_api &api = *GetParam();
  ASSERT_NE(std::setlocale(LC_NUMERIC, "C"), nullptr);
  std::mt19937_64 rng(20261121);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  int mismatches = 0, doubles = 0;
  for (int i = 0; i < 200000 && mismatches < 10; i++) {
    std::string s = pick(0, 1) ? "-" : "";
    int digits = pick(0, 99) == 0 ? pick(20, 800) : pick(1, 25);
    int point = pick(0, digits); // a '.' after this many digits (none when == digits)
    s += static_cast<char>('1' + pick(0, 8));
    for (int d = 1; d < digits; d++) {
      if (d == point) s += '.';
      s += static_cast<char>('0' + pick(0, 9));
    }
    if (pick(0, 1)) s += (pick(0, 1) ? "e" : "E-") + std::to_string(pick(0, 340));
    Parsed p = parse(api, bytes_of(s));
    double want = std::strtod(s.c_str(), nullptr);
    if (std::isinf(want)) {
      if (p.status != TB_ERR_JSON_BAD_NUMBER)
        ++mismatches, ADD_FAILURE() << s << ": want bad-number";
      continue;
    }
    if (p.status != TB_OK) {
      ++mismatches, ADD_FAILURE() << s << ": " << tb_status_name(p.status);
      continue;
    }
    if (TB_JSON_TAG(p.tape[0]) != TB_JSON_DOUBLE) continue; // an exact integer: checked below
    doubles++;
    if (p.tape[1] != std::bit_cast<uint64_t>(want)) {
      ++mismatches, ADD_FAILURE() << s << ": got " << std::bit_cast<double>(p.tape[1]);
    }
  }
  EXPECT_GT(doubles, 150000);
  for (int64_t v : {INT64_MIN, INT64_C(-1), INT64_C(0), INT64_MAX}) {
    Parsed p = parse(api, bytes_of(std::to_string(v)));
    EXPECT_EQ(p.tape, (std::vector<uint64_t>{uint64_t{'l'} << 56, static_cast<uint64_t>(v)})) << v;
  }
}

TEST_P(JsonConformance, DepthIsLimitedWithoutRecursion) {
  const tb_json_api &api = *GetParam();
  auto nested = [](size_t n) { return bytes_of(std::string(n, '[') + std::string(n, ']')); };
  EXPECT_EQ(parse(api, nested(TB_JSON_DEFAULT_MAX_DEPTH)).status, TB_OK);
  Parsed deeper = parse(api, nested(TB_JSON_DEFAULT_MAX_DEPTH + 1));
  EXPECT_EQ(deeper.status, TB_ERR_JSON_TOO_DEEP);
  EXPECT_EQ(deeper.offset, TB_JSON_DEFAULT_MAX_DEPTH);
  EXPECT_EQ(parse(api, nested(TB_JSON_MAX_DEPTH_LIMIT), TB_JSON_MAX_DEPTH_LIMIT).status, TB_OK);
  EXPECT_EQ(parse(api, nested(100000), TB_JSON_MAX_DEPTH_LIMIT).status, TB_ERR_JSON_TOO_DEEP);
  Parsed deep = parse(api, nested(TB_JSON_MAX_DEPTH_LIMIT), TB_JSON_MAX_DEPTH_LIMIT);
  EXPECT_EQ(serialize(api, deep),
            std::string(TB_JSON_MAX_DEPTH_LIMIT, '[') + std::string(TB_JSON_MAX_DEPTH_LIMIT, ']'));
}

TEST_P(JsonConformance, ArgumentsOutsideTheContractAreRefused) {
  const tb_json_api &api = *GetParam();
  const uint8_t text[] = "[\"ab\"]";
  uint64_t tape[7];
  uint8_t arena[6];
  size_t offset = 0;
  tb_json_doc doc{tape, 7, 0, arena, 6, 0};
  EXPECT_EQ(api.parse(text, 6, 1024, &doc, &offset), TB_OK);
  EXPECT_EQ(api.parse(text, 6, 0, &doc, &offset), TB_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(api.parse(text, 6, TB_JSON_MAX_DEPTH_LIMIT + 1, &doc, &offset),
            TB_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(api.parse(nullptr, 6, 1024, &doc, &offset), TB_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(api.parse(text, 6, 1024, nullptr, &offset), TB_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(api.parse(text, 6, 1024, &doc, nullptr), TB_ERR_INVALID_ARGUMENT);
  tb_json_doc short_tape{tape, 6, 0, arena, 6, 0};
  EXPECT_EQ(api.parse(text, 6, 1024, &short_tape, &offset), TB_ERR_OUTPUT_TOO_SMALL);
  tb_json_doc short_arena{tape, 7, 0, arena, 5, 0};
  EXPECT_EQ(api.parse(text, 6, 1024, &short_arena, &offset), TB_ERR_OUTPUT_TOO_SMALL);
  tb_json_doc null_tape{nullptr, 7, 0, arena, 6, 0};
  EXPECT_EQ(api.parse(text, 6, 1024, &null_tape, &offset), TB_ERR_INVALID_ARGUMENT);
  tb_json_doc empty{tape, 1, 0, nullptr, 0, 0};
  EXPECT_EQ(api.parse(nullptr, 0, 1024, &empty, &offset), TB_ERR_TRUNCATED);
  EXPECT_EQ(offset, 0u);

  ASSERT_EQ(api.parse(text, 6, 1024, &doc, &offset), TB_OK);
  uint8_t out[8];
  size_t written = 99;
  EXPECT_EQ(api.serialize(&doc, out, 5, &written), TB_ERR_OUTPUT_TOO_SMALL);
  EXPECT_EQ(written, 0u);
  EXPECT_EQ(api.serialize(&doc, out, 6, &written), TB_OK);
  EXPECT_EQ(std::string(out, out + written), "[\"ab\"]");
  EXPECT_EQ(api.serialize(nullptr, out, 6, &written), TB_ERR_INVALID_ARGUMENT);
}

TB_DECLARE_IMPLEMENTATIONS(json)
const std::vector<const tb_json_api *> impls =
    implementations<tb_json_api>(TB_IMPLEMENTATIONS(json));

INSTANTIATE_TEST_SUITE_P(Impl, JsonConformance, testing::ValuesIn(impls), impl_name<tb_json_api>);

TEST(JsonContract, EveryImplementationIsRegisteredAndFillsItsTable) {
  expect_registered_and_complete("json", impls);
}

TEST(JsonImplementations, BuildTheSameTapeAndArenaForEveryVector) {
  for (const Vector &v : vectors()) {
    Parsed first = parse(*impls[0], v.input, v.max_depth);
    for (size_t i = 1; i < impls.size(); i++) {
      Parsed other = parse(*impls[i], v.input, v.max_depth);
      EXPECT_EQ(first.status, other.status) << v.where << " " << impls[i]->name;
      EXPECT_EQ(first.offset, other.offset) << v.where << " " << impls[i]->name;
      EXPECT_EQ(first.tape, other.tape) << v.where << " " << impls[i]->name;
      EXPECT_EQ(first.arena, other.arena) << v.where << " " << impls[i]->name;
    }
  }
}

TEST(JsonTwins, RustRefusesToSerializeATapeNoParseCouldMake) {
  // The Rust twin as this binary holds it (a coverage preset's vectors binary holds one
  // implementation only).
  const auto rust = std::find_if(impls.begin(), impls.end(), [](const tb_json_api *api) {
    return api->name == std::string("rust");
  });
  if (rust == impls.end()) GTEST_SKIP() << "this binary holds no Rust twin";
  auto w = [](unsigned tag, uint64_t payload) { return uint64_t{tag} << 56 | payload; };
  uint8_t arena[4] = {'a', 'b', 'c', 'd'};
  const std::vector<std::vector<uint64_t>> bad = {
      {w('x', 0)},                                  // unknown tag
      {w('"', 2), 5},                               // string beyond the arena
      {w('"', 0)},                                  // missing length word
      {w('[', 5), w(']', 0)},                       // wrong skip index
      {w('[', 2), w(']', 1)},                       // wrong count
      {w('[', 0)},                                  // never closed
      {w(']', 0)},                                  // closes nothing
      {w('{', 4), w('t', 0), w('n', 0), w('}', 1)}, // a key that is not a string
      {w('t', 0), w('n', 0)},                       // two roots
      {},                                           // no root
  };
  for (const auto &tape : bad) {
    tb_json_doc doc{const_cast<uint64_t *>(tape.data()), tape.size(), tape.size(), arena, 4, 4};
    uint8_t out[64];
    size_t written = 0;
    EXPECT_EQ((*rust)->serialize(&doc, out, sizeof out, &written), TB_ERR_INVALID_ARGUMENT)
        << "tape of " << tape.size() << " words starting " << std::hex
        << (tape.empty() ? 0 : tape[0]);
  }
}

} // namespace
} // namespace twinbench::test
