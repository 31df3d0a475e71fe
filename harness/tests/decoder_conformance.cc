// The conformance tests of a decoder (twinbench/decoder.h) that has none of its own: compiled for
// each component whose manifest says "contract": "decoder" and that has no
// harness/tests/<comp>_conformance.cc, with TB_COMPONENT=<comp>, TB_COMPONENT_HEADER and
// TB_COMPONENT_SUITE (<comp> in CamelCase) (Registry.cmake, tb_component_driver).
// Every vector in corpora/<comp>/vectors.txt, against every implementation held to the spec:
//   decode <capacity> <input> <status> [<output>]
// <input> and <output> are a "quoted string" or @<file> (a file of corpora/<comp>/, all its
// bytes); <status> is `ok`, followed by the output, or a status name; <capacity> is out_cap, or
// "-": the output's length for `ok`, 1 MiB for an error.
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "implementations.h"
#include "vector_file.h"
#include TB_COMPONENT_HEADER

#define TB_CONFORMANCE TB_PASTE(TB_COMPONENT_SUITE, Conformance)
#define TB_CONTRACT TB_PASTE(TB_COMPONENT_SUITE, Contract)

TB_DECLARE_IMPLEMENTATIONS(TB_COMPONENT)

namespace twinbench::test {
namespace {

const char *const component = TB_STRING(TB_COMPONENT);
constexpr size_t room_for_an_error = 1 << 20;

const std::vector<const tb_decoder_api *> impls =
    implementations<tb_decoder_api>(TB_IMPLEMENTATIONS(TB_COMPONENT));

// Token i of a vector as bytes: a quoted string, or @<file> of the component's corpus folder.
std::vector<uint8_t> bytes_at(const VectorLine &v, size_t i) {
  return test::bytes_at(v, i, corpus_path(component, ""));
}

struct Vector {
  size_t capacity = 0;
  std::vector<uint8_t> input;
  std::string status; // "ok" or a status name
  std::vector<uint8_t> output;
};

Vector parse(const VectorLine &v) {
  const auto &t = v.tokens;
  const bool ok = t.size() >= 4 && t[3].text == "ok";
  if (t.size() != (ok ? 5u : 4u) || t[0].text != "decode") {
    throw std::runtime_error(v.where() +
                             ": expected decode <capacity> <input> <status> [<output>]");
  }
  Vector r;
  r.input = bytes_at(v, 2);
  r.status = t[3].text;
  if (ok) r.output = bytes_at(v, 4);
  r.capacity = t[1].text != "-" ? std::stoul(t[1].text) : ok ? r.output.size() : room_for_an_error;
  return r;
}

// What an implementation makes of a vector, written as a vector's expectation is.
std::string run(const tb_decoder_api &api, const VectorLine &line, const Vector &v) {
  std::vector<uint8_t> out(v.capacity + 1, 0xAA); // one guard byte past the capacity
  size_t written = 99;
  const tb_status st = api.decode(v.input.data(), v.input.size(), out.data(), v.capacity, &written);
  EXPECT_EQ(out[v.capacity], 0xAA) << line.where() << ": wrote past out_cap";
  if (st != TB_OK) {
    EXPECT_EQ(written, 0u) << line.where() << ": an error, and *written is not 0";
    return tb_status_name(st);
  }
  if (written > v.capacity) return "ok, and wrote " + std::to_string(written) + " bytes";
  return "ok " + escaped(out.data(), written);
}

std::string expected(const Vector &v) {
  return v.status == "ok" ? "ok " + escaped(v.output.data(), v.output.size()) : v.status;
}

class TB_CONFORMANCE : public testing::TestWithParam<const tb_decoder_api *> {};

TEST_P(TB_CONFORMANCE, EveryVectorGivesTheSpecifiedResult) {
  const auto vectors = read_vector_file(corpus_path(component, "vectors.txt"));
  ASSERT_FALSE(vectors.empty()) << component << ": no vectors";
  for (const auto &line : vectors) {
    const Vector v = parse(line);
    EXPECT_EQ(run(*GetParam(), line, v), expected(v)) << line.where();
  }
}

TEST_P(TB_CONFORMANCE, NullWithALengthIsAnInvalidArgumentAndWritesNothing) {
  const uint8_t in[3] = {1, 2, 3};
  uint8_t out[16];
  size_t written = 99;
  EXPECT_EQ(GetParam()->decode(nullptr, 3, out, sizeof out, &written), TB_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(written, 0u);
  written = 99;
  EXPECT_EQ(GetParam()->decode(in, sizeof in, nullptr, 5, &written), TB_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(written, 0u);
  // NULL with length 0 is an empty buffer: whatever the spec says of an empty input, not this.
  EXPECT_NE(GetParam()->decode(nullptr, 0, nullptr, 0, &written), TB_ERR_INVALID_ARGUMENT);
}

INSTANTIATE_TEST_SUITE_P(Impl, TB_CONFORMANCE, testing::ValuesIn(impls), impl_name<tb_decoder_api>);

TEST(TB_CONTRACT, EveryImplementationIsRegisteredAndFillsItsTable) {
  expect_registered_and_complete(component, impls);
}

} // namespace
} // namespace twinbench::test
