// The conformance tests of a record component (twinbench/record.h) that has none of its own:
// compiled for each component whose manifest says "contract": "record" and that has no
// harness/tests/<comp>_conformance.cc, with TB_COMPONENT=<comp>, TB_COMPONENT_HEADER and
// TB_COMPONENT_SUITE (<comp> in CamelCase) (Registry.cmake, tb_component_driver).
// Every vector in corpora/<comp>/vectors.txt, against every implementation held to the spec:
//   parse <input> ok [<field> <value>]...   accepted, with exactly these fields in this order
//   parse <input> <status>                  refused with this status (a status name)
// <input> and each <value> are a "quoted string" or @<file> (a file of corpora/<comp>/, all its
// bytes); a <field> is a bare word.
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

const std::vector<const tb_record_api *> impls =
    implementations<tb_record_api>(TB_IMPLEMENTATIONS(TB_COMPONENT));

// A record written as a vector's expectation is: "ok name=\"value\" ..." or the status's name
// (and how the call broke the sink's rules, if it did).
std::string written(const Record &r) {
  std::string out = r.status == TB_OK ? "ok" : tb_status_name(r.status);
  for (const auto &[name, value] : r.fields) {
    out += " " + name + "=\"" +
           escaped(reinterpret_cast<const uint8_t *>(value.data()), value.size()) + "\"";
  }
  return r.broken.empty() ? out : out + " (broke the sink's rules: " + r.broken + ")";
}

struct Vector {
  std::vector<uint8_t> input;
  Record expected;
};

Vector parse(const VectorLine &v) {
  const auto &t = v.tokens;
  const bool ok = t.size() >= 3 && t[2].text == "ok" && !t[2].quoted;
  if (t.size() < 3 || t[0].text != "parse" || (ok ? t.size() % 2 == 0 : t.size() != 3)) {
    throw std::runtime_error(v.where() + ": expected parse <input> ok [<field> <value>]... or "
                                         "parse <input> <status>");
  }
  Vector r;
  r.input = bytes_at(v, 1, corpus_path(component, ""));
  if (!ok) return r; // the status is compared by its name (expected below)
  for (size_t i = 3; i + 1 < t.size(); i += 2) {
    if (t[i].quoted) throw std::runtime_error(v.where() + ": a field's name is a bare word");
    const auto value = bytes_at(v, i + 1, corpus_path(component, ""));
    r.expected.fields.emplace_back(t[i].text, std::string(value.begin(), value.end()));
  }
  return r;
}

std::string expected(const VectorLine &line, const Vector &v) {
  return line.tokens[2].text == "ok" ? written(v.expected) : line.tokens[2].text;
}

class TB_CONFORMANCE : public testing::TestWithParam<const tb_record_api *> {};

TEST_P(TB_CONFORMANCE, EveryVectorGivesTheSpecifiedRecord) {
  const auto vectors = read_vector_file(corpus_path(component, "vectors.txt"));
  ASSERT_FALSE(vectors.empty()) << component << ": no vectors";
  for (const auto &line : vectors) {
    const Vector v = parse(line);
    EXPECT_EQ(written(parse_record(*GetParam(), v.input.data(), v.input.size())), expected(line, v))
        << line.where();
  }
}

TEST_P(TB_CONFORMANCE, NullWithALengthOrNoSinkOrNoSinkFunctionIsAnInvalidArgument) {
  Record r;
  const tb_record_sink sink = {&r, [](void *context, const char *, const uint8_t *, size_t) {
                                 static_cast<Record *>(context)->broken = "a field was given";
                               }};
  EXPECT_EQ(GetParam()->parse(nullptr, 3, &sink), TB_ERR_INVALID_ARGUMENT);
  const uint8_t in[3] = {'a', 'b', 'c'};
  EXPECT_EQ(GetParam()->parse(in, sizeof in, nullptr), TB_ERR_INVALID_ARGUMENT);
  const tb_record_sink no_function = {&r, nullptr};
  EXPECT_EQ(GetParam()->parse(in, sizeof in, &no_function), TB_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(r.broken, "") << "a refused call gave a field";
  // NULL with length 0 is an empty input: whatever the spec says of one, not this.
  EXPECT_NE(GetParam()->parse(nullptr, 0, &sink), TB_ERR_INVALID_ARGUMENT);
}

INSTANTIATE_TEST_SUITE_P(Impl, TB_CONFORMANCE, testing::ValuesIn(impls), impl_name<tb_record_api>);

TEST(TB_CONTRACT, EveryImplementationIsRegisteredAndFillsItsTable) {
  expect_registered_and_complete(component, impls);
}

} // namespace
} // namespace twinbench::test
