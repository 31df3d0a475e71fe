// Every vector in corpora/http1/vectors.txt, against every implementation held to the spec, plus
// the spec's promises about splits: every prefix of a head says need-more or gives the whole
// input's answer, a head resumed in any split gives that answer too, and a chunked body gives
// the same data and result in any split. Spec:
// docs/components/http1.md
#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "implementations.h"
#include "twinbench/http1.h"
#include "vector_file.h"

namespace twinbench::test {
namespace {

using Outcome = std::vector<std::string>; // the result in the vector file's words

std::string span_text(const std::vector<uint8_t> &in, tb_http1_span s) {
  return std::string(in.begin() + s.offset, in.begin() + s.offset + s.length);
}

// A head's result in the vector file's words.
Outcome outcome(const std::vector<uint8_t> &in, tb_status st, const tb_http1_request &req,
                const std::vector<tb_http1_field> &fields, size_t offset) {
  if (st == TB_NEED_MORE) return {"need-more", std::to_string(offset)};
  if (st != TB_OK) return {tb_status_name(st), std::to_string(offset)};
  static const char *forms[] = {"origin", "absolute", "authority", "asterisk"};
  std::string body = req.body == TB_HTTP1_BODY_NONE ? "none"
                     : req.body == TB_HTTP1_BODY_CHUNKED
                         ? "chunked"
                         : "length:" + std::to_string(req.content_length);
  Outcome out = {"ok",
                 span_text(in, req.method),
                 span_text(in, req.target),
                 std::to_string(req.version_minor),
                 req.target_form < 4 ? forms[req.target_form] : "?",
                 body,
                 std::to_string(req.head_length)};
  for (uint32_t k = 0; k < req.field_count; k++) {
    out.push_back(span_text(in, fields[k].name));
    out.push_back(span_text(in, fields[k].value));
  }
  if (offset != 0) out.push_back("error_offset set on success");
  return out;
}

Outcome parse(const tb_http1_api &api, const std::vector<uint8_t> &in, const tb_http1_limits &lim,
              size_t len) {
  std::vector<tb_http1_field> fields(lim.max_fields + 1);
  tb_http1_request req{};
  size_t offset = 99;
  tb_status st =
      api.parse_request(in.data(), len, &lim, &req, fields.data(), fields.size(), &offset);
  return outcome(in, st, req, fields, offset);
}

// Feeds the head to resume_request `piece` bytes more each call, with one tb_http1_head, until
// a result other than need-more (or the input ends).
Outcome resume(const tb_http1_api &api, const std::vector<uint8_t> &in, const tb_http1_limits &lim,
               size_t piece) {
  std::vector<tb_http1_field> fields(lim.max_fields + 1);
  tb_http1_request req{};
  tb_http1_head head{};
  size_t offset = 99, len = 0;
  tb_status st;
  do {
    len = std::min(len + piece, in.size());
    st = api.resume_request(&head, in.data(), len, &lim, &req, fields.data(), fields.size(),
                            &offset);
  } while (st == TB_NEED_MORE && len < in.size());
  return outcome(in, st, req, fields, offset);
}

// Decodes `in` fed in pieces of `piece` bytes (0: one call), stopping at the first result
// other than need-more.
Outcome decode(const tb_http1_api &api, const std::vector<uint8_t> &in, const tb_http1_limits &lim,
               size_t piece) {
  tb_http1_chunked state;
  if (api.chunked_init(&state, &lim) != TB_OK) return {"init failed"};
  std::string data;
  size_t used = 0;
  tb_status st = TB_NEED_MORE;
  do {
    size_t n = piece == 0 ? in.size() - used : std::min(piece, in.size() - used);
    std::vector<uint8_t> out(n + 1, 0xAA);
    size_t consumed = 99, written = 99, offset = 99;
    st = api.chunked_decode(&state, in.data() + used, n, out.data(), n, &consumed, &written,
                            &offset);
    if (out[n] != 0xAA) return {"wrote past out_cap"};
    data.append(out.begin(), out.begin() + written);
    if (st != TB_OK && st != TB_NEED_MORE) return {tb_status_name(st), std::to_string(offset)};
    used += consumed;
  } while (st == TB_NEED_MORE && used < in.size());
  if (st == TB_NEED_MORE) return {"need-more", data};
  return {"ok", data, std::to_string(used)};
}

struct Vector {
  std::string op;
  tb_http1_limits limits = TB_HTTP1_DEFAULT_LIMITS;
  std::vector<uint8_t> input;
  Outcome expected;
};

Vector read(const VectorLine &v) {
  Vector out;
  const auto &t = v.tokens;
  out.op = t.at(0).text;
  size_t k = 1;
  if (out.op == "request-limits" || out.op == "chunked-limits") {
    uint32_t *limit[] = {&out.limits.max_fields, &out.limits.max_head_bytes,
                         &out.limits.max_target_bytes, &out.limits.max_chunk_line_bytes};
    for (uint32_t *l : limit) *l = static_cast<uint32_t>(std::stoul(t.at(k++).text));
    out.op = out.op.substr(0, out.op.find('-'));
  }
  if (out.op != "request" && out.op != "chunked") throw std::runtime_error(v.where() + ": bad op");
  out.input = bytes_of(t.at(k++).text);
  for (; k < t.size(); k++) out.expected.push_back(t[k].text);
  if (out.expected.empty()) throw std::runtime_error(v.where() + ": no expected result");
  if (out.expected[0] == "need-more" && out.op == "request") out.expected.push_back("0");
  return out;
}

class Http1Conformance : public testing::TestWithParam<const tb_http1_api *> {
protected:
  std::vector<Vector> vectors(std::vector<VectorLine> *lines = nullptr) {
    auto file = read_vector_file(corpus_path("http1", "vectors.txt"));
    std::vector<Vector> out;
    for (const auto &v : file) out.push_back(read(v));
    if (lines) *lines = file;
    return out;
  }
};

TEST_P(Http1Conformance, EveryVectorGivesTheSpecifiedResult) {
  const tb_http1_api &api = *GetParam();
  std::vector<VectorLine> lines;
  auto all = vectors(&lines);
  ASSERT_GT(all.size(), 100u);
  for (size_t i = 0; i < all.size(); i++) {
    const Vector &v = all[i];
    Outcome got = v.op == "request" ? parse(api, v.input, v.limits, v.input.size())
                                    : decode(api, v.input, v.limits, 0);
    EXPECT_EQ(got, v.expected) << lines[i].where();
  }
}

TEST_P(Http1Conformance, EveryPrefixOfAHeadNeedsMoreOrGivesTheWholeAnswer) {
  const tb_http1_api &api = *GetParam();
  std::vector<VectorLine> lines;
  auto all = vectors(&lines);
  for (size_t i = 0; i < all.size(); i++) {
    const Vector &v = all[i];
    if (v.op != "request") continue;
    Outcome whole = parse(api, v.input, v.limits, v.input.size());
    for (size_t n = 0; n < v.input.size(); n++) {
      Outcome part = parse(api, v.input, v.limits, n);
      if (part[0] != "need-more") {
        ASSERT_EQ(part, whole) << lines[i].where() << ": prefix of " << n << " bytes";
      }
    }
  }
}

TEST_P(Http1Conformance, AHeadResumedPieceByPieceGivesTheWholeAnswer) {
  const tb_http1_api &api = *GetParam();
  std::vector<VectorLine> lines;
  auto all = vectors(&lines);
  for (size_t i = 0; i < all.size(); i++) {
    const Vector &v = all[i];
    if (v.op != "request") continue;
    Outcome whole = parse(api, v.input, v.limits, v.input.size());
    for (size_t piece = 1; piece <= v.input.size(); piece++) {
      ASSERT_EQ(resume(api, v.input, v.limits, piece), whole)
          << lines[i].where() << ": pieces of " << piece;
    }
  }
}

TEST_P(Http1Conformance, AChunkedBodyDecodesTheSameInAnySplit) {
  const tb_http1_api &api = *GetParam();
  std::vector<VectorLine> lines;
  auto all = vectors(&lines);
  for (size_t i = 0; i < all.size(); i++) {
    const Vector &v = all[i];
    if (v.op != "chunked") continue;
    Outcome whole = decode(api, v.input, v.limits, 0);
    for (size_t piece = 1; piece <= v.input.size(); piece++) {
      ASSERT_EQ(decode(api, v.input, v.limits, piece), whole)
          << lines[i].where() << ": pieces of " << piece;
    }
  }
}

TEST_P(Http1Conformance, ArgumentsOutsideTheContractAreRefused) {
  const tb_http1_api &api = *GetParam();
  tb_http1_request req;
  std::vector<tb_http1_field> fields(100);
  size_t offset = 7;
  const uint8_t get[] = "GET / HTTP/1.0\r\n\r\n";
  EXPECT_EQ(api.parse_request(get, sizeof get - 1, nullptr, &req, fields.data(), 100, &offset),
            TB_OK); // NULL limits: the defaults
  EXPECT_EQ(api.parse_request(nullptr, 0, nullptr, &req, fields.data(), 100, &offset),
            TB_NEED_MORE);
  EXPECT_EQ(api.parse_request(nullptr, 1, nullptr, &req, fields.data(), 100, &offset),
            TB_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(api.parse_request(get, 4, nullptr, &req, fields.data(), 99, &offset),
            TB_ERR_OUTPUT_TOO_SMALL);
  tb_http1_limits huge = TB_HTTP1_DEFAULT_LIMITS;
  huge.max_head_bytes = TB_HTTP1_MAX_LIMIT + 1;
  EXPECT_EQ(api.parse_request(get, 4, &huge, &req, fields.data(), 100, &offset),
            TB_ERR_INVALID_ARGUMENT);

  tb_http1_head head{};
  EXPECT_EQ(api.resume_request(nullptr, get, 4, nullptr, &req, fields.data(), 100, &offset),
            TB_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(api.resume_request(&head, get, 16, nullptr, &req, fields.data(), 100, &offset),
            TB_NEED_MORE);
  EXPECT_EQ(api.resume_request(&head, get, 15, nullptr, &req, fields.data(), 100, &offset),
            TB_ERR_INVALID_ARGUMENT)
      << "a head takes no fewer bytes than it has seen";
  EXPECT_EQ(
      api.resume_request(&head, get, sizeof get - 1, nullptr, &req, fields.data(), 100, &offset),
      TB_OK);
  EXPECT_EQ(
      api.resume_request(&head, get, sizeof get - 1, nullptr, &req, fields.data(), 100, &offset),
      TB_ERR_INVALID_ARGUMENT)
      << "a finished head takes no more input";

  tb_http1_chunked state;
  EXPECT_EQ(api.chunked_init(&state, &huge), TB_ERR_INVALID_ARGUMENT);
  ASSERT_EQ(api.chunked_init(&state, nullptr), TB_OK);
  const uint8_t body[] = "0\r\n\r\n";
  uint8_t out[8];
  size_t consumed, written;
  EXPECT_EQ(api.chunked_decode(&state, body, 5, out, 4, &consumed, &written, &offset),
            TB_ERR_OUTPUT_TOO_SMALL);
  EXPECT_EQ(api.chunked_decode(&state, body, 5, out, 8, &consumed, &written, &offset), TB_OK);
  EXPECT_EQ(consumed, 5u);
  EXPECT_EQ(api.chunked_decode(&state, body, 5, out, 8, &consumed, &written, &offset),
            TB_ERR_INVALID_ARGUMENT)
      << "a finished decoder takes no more input";
}

TB_DECLARE_IMPLEMENTATIONS(http1)
const std::vector<const tb_http1_api *> impls =
    implementations<tb_http1_api>(TB_IMPLEMENTATIONS(http1));

INSTANTIATE_TEST_SUITE_P(Impl, Http1Conformance, testing::ValuesIn(impls), impl_name<tb_http1_api>);

TEST(Http1Contract, EveryImplementationIsRegisteredAndFillsItsTable) {
  expect_registered_and_complete("http1", impls);
}

} // namespace
} // namespace twinbench::test
