// Every vector in corpora/base64/vectors.txt, against every implementation held to the spec. Spec:
// docs/components/base64.md
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "implementations.h"
#include "twinbench/base64.h"
#include "vector_file.h"

namespace twinbench::test {
namespace {

uint32_t parse_flags(const Token &t) {
  if (t.text == "-") return 0;
  if (isdigit(static_cast<unsigned char>(t.text[0]))) {
    return static_cast<uint32_t>(std::stoul(t.text, nullptr, 0));
  }
  uint32_t flags = 0;
  size_t start = 0;
  while (start <= t.text.size()) {
    size_t end = t.text.find('+', start);
    if (end == std::string::npos) end = t.text.size();
    std::string name = t.text.substr(start, end - start);
    if (name == "URL")
      flags |= TB_BASE64_URL;
    else if (name == "PAD")
      flags |= TB_BASE64_PAD;
    else if (name == "WS")
      flags |= TB_BASE64_SKIP_WS;
    else
      throw std::runtime_error("unknown flag " + name);
    start = end + 1;
  }
  return flags;
}

size_t parse_size(const Token &t) { return static_cast<size_t>(std::stoull(t.text, nullptr, 0)); }

// One call's observable result, in the vocabulary of the vector file.
struct Outcome {
  std::string status;
  std::string output;      // when status is "ok"
  std::string offset = ""; // decode errors only
  bool operator==(const Outcome &) const = default;
};

std::ostream &operator<<(std::ostream &os, const Outcome &o) {
  os << o.status;
  if (o.status == "ok") os << " \"" << escaped(bytes_of(o.output).data(), o.output.size()) << '"';
  if (!o.offset.empty()) os << " " << o.offset;
  return os;
}

Outcome expected_outcome(const VectorLine &v, size_t first, bool with_offset) {
  const auto &t = v.tokens;
  if (first >= t.size()) throw std::runtime_error(v.where() + ": missing expected result");
  Outcome o{t[first].text, "", ""};
  if (o.status == "ok") {
    if (first + 1 >= t.size()) throw std::runtime_error(v.where() + ": ok needs a value");
    o.output = t[first + 1].text;
  } else if (with_offset) {
    if (first + 1 >= t.size()) throw std::runtime_error(v.where() + ": error needs an offset");
    o.offset = t[first + 1].text;
  }
  return o;
}

Outcome run(const tb_base64_api &api, const VectorLine &v) {
  const auto &t = v.tokens;
  const std::string &op = t[0].text;
  size_t arg = 1;
  size_t cap = SIZE_MAX; // "as large as the contract asks"
  if (op == "encode-cap" || op == "decode-cap") cap = parse_size(t[arg++]);
  uint32_t flags = parse_flags(t.at(arg++));
  const Token &input = t.at(arg);

  if (op == "encoded_len") {
    size_t len = 0;
    tb_status st = api.encoded_len(parse_size(input), flags, &len);
    return {tb_status_name(st), st == TB_OK ? std::to_string(len) : "", ""};
  }
  if (op == "decoded_max_len") {
    return {"ok", std::to_string(api.decoded_max_len(parse_size(input))), ""};
  }
  auto in = bytes_of(input.text);
  if (op == "encode" || op == "encode-cap") {
    size_t need = 0;
    if (cap == SIZE_MAX && api.encoded_len(in.size(), flags, &need) == TB_OK) cap = need;
    if (cap == SIZE_MAX) cap = 64;
    std::vector<uint8_t> out(cap + 1, 0xAA); // one guard byte past the capacity
    size_t written = 99;
    tb_status st = api.encode(in.data(), in.size(), out.data(), cap, flags, &written);
    EXPECT_EQ(out[cap], 0xAA) << v.where() << ": wrote past out_cap";
    if (st != TB_OK) EXPECT_EQ(written, 0u) << v.where();
    return {tb_status_name(st), st == TB_OK ? std::string(out.begin(), out.begin() + written) : ""};
  }
  if (op == "decode" || op == "decode-cap") {
    if (cap == SIZE_MAX) cap = api.decoded_max_len(in.size());
    std::vector<uint8_t> out(cap + 1, 0xAA);
    size_t written = 99, offset = 99;
    tb_status st = api.decode(in.data(), in.size(), out.data(), cap, flags, &written, &offset);
    EXPECT_EQ(out[cap], 0xAA) << v.where() << ": wrote past out_cap";
    if (st == TB_OK) {
      EXPECT_EQ(offset, 0u) << v.where();
      return {"ok", std::string(out.begin(), out.begin() + written), ""};
    }
    EXPECT_EQ(written, 0u) << v.where();
    return {tb_status_name(st), "", std::to_string(offset)};
  }
  throw std::runtime_error(v.where() + ": unknown op " + op);
}

size_t expected_index(const VectorLine &v) {
  const std::string &op = v.tokens[0].text;
  return (op == "encode-cap" || op == "decode-cap") ? 4 : 3;
}

class Base64Conformance : public testing::TestWithParam<const tb_base64_api *> {};

TEST_P(Base64Conformance, EveryVectorGivesTheSpecifiedResult) {
  const tb_base64_api &api = *GetParam();
  auto vectors = read_vector_file(corpus_path("base64", "vectors.txt"));
  ASSERT_GT(vectors.size(), 50u);
  for (const auto &v : vectors) {
    const std::string &op = v.tokens[0].text;
    bool decode = op == "decode" || op == "decode-cap";
    Outcome expected = expected_outcome(v, expected_index(v), decode);
    EXPECT_EQ(run(api, v), expected) << v.where();
  }
}

// Beyond the table: every length 0..200 round-trips in every mode, byte for byte.
TEST_P(Base64Conformance, EncodeThenDecodeRoundTripsEveryLengthInEveryMode) {
  const tb_base64_api &api = *GetParam();
  std::vector<uint8_t> data(200);
  for (size_t i = 0; i < data.size(); i++) data[i] = static_cast<uint8_t>(i * 167 + 13);
  for (uint32_t flags = 0; flags <= TB_BASE64_ALL_FLAGS; flags++) {
    for (size_t n = 0; n <= data.size(); n++) {
      size_t len = 0, written = 0, offset = 0, decoded = 0;
      ASSERT_EQ(api.encoded_len(n, flags, &len), TB_OK);
      std::vector<uint8_t> text(len), back(api.decoded_max_len(len));
      ASSERT_EQ(api.encode(data.data(), n, text.data(), len, flags, &written), TB_OK);
      ASSERT_EQ(written, len);
      ASSERT_EQ(api.decode(text.data(), len, back.data(), back.size(), flags, &decoded, &offset),
                TB_OK)
          << "flags " << flags << " length " << n;
      ASSERT_EQ(std::vector<uint8_t>(back.begin(), back.begin() + decoded),
                std::vector<uint8_t>(data.begin(), data.begin() + n));
    }
  }
}

TEST_P(Base64Conformance, NullPointersAreAllowedOnlyWithZeroLength) {
  const tb_base64_api &api = *GetParam();
  size_t written = 1, offset = 1;
  EXPECT_EQ(api.encode(nullptr, 0, nullptr, 0, TB_BASE64_PAD, &written), TB_OK);
  EXPECT_EQ(api.decode(nullptr, 0, nullptr, 0, TB_BASE64_PAD, &written, &offset), TB_OK);
  uint8_t out[8];
  EXPECT_EQ(api.encode(nullptr, 3, out, sizeof out, 0, &written), TB_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(api.decode(nullptr, 4, out, sizeof out, 0, &written, &offset), TB_ERR_INVALID_ARGUMENT);
}

TB_DECLARE_IMPLEMENTATIONS(base64)
const std::vector<const tb_base64_api *> impls =
    implementations<tb_base64_api>(TB_IMPLEMENTATIONS(base64));

INSTANTIATE_TEST_SUITE_P(Impl, Base64Conformance, testing::ValuesIn(impls),
                         impl_name<tb_base64_api>);

TEST(Base64Contract, EveryImplementationIsRegisteredAndFillsItsTable) {
  expect_registered_and_complete("base64", impls);
}

} // namespace
} // namespace twinbench::test
