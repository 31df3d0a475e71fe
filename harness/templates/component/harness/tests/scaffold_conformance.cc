// Every vector in corpora/scaffold/vectors.txt, against every implementation held to the spec.
// Spec: docs/components/scaffold.md
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "implementations.h"
#include "twinbench/scaffold.h"
#include "vector_file.h"

TB_DECLARE_IMPLEMENTATIONS(scaffold)

namespace twinbench::test {
namespace {

const std::vector<const tb_scaffold_api *> impls =
    implementations<tb_scaffold_api>(TB_IMPLEMENTATIONS(scaffold));

// One line: copy <capacity or -> "<input>" <status> ["<output>"]
std::string run(const tb_scaffold_api &api, const VectorLine &v) {
  const auto &t = v.tokens;
  if (t.size() < 4 || t[0].text != "copy") throw std::runtime_error(v.where() + ": bad vector");
  const auto in = bytes_of(t[2].text);
  const size_t cap = t[1].text == "-" ? in.size() : std::stoul(t[1].text);
  std::vector<uint8_t> out(cap + 1, 0xAA); // one guard byte past the capacity
  size_t written = 99;
  const tb_status st = api.copy(in.data(), in.size(), out.data(), cap, &written);
  EXPECT_EQ(out[cap], 0xAA) << v.where() << ": wrote past out_cap";
  if (st != TB_OK) {
    EXPECT_EQ(written, 0u) << v.where();
    return tb_status_name(st);
  }
  return std::string("ok ") + std::string(out.begin(), out.begin() + static_cast<long>(written));
}

std::string expected(const VectorLine &v) {
  const auto &t = v.tokens;
  return t[3].text == "ok" ? "ok " + t.at(4).text : t[3].text;
}

class ScaffoldConformance : public testing::TestWithParam<const tb_scaffold_api *> {};

TEST_P(ScaffoldConformance, EveryVectorGivesTheSpecifiedResult) {
  const auto vectors = read_vector_file(corpus_path("scaffold", "vectors.txt"));
  ASSERT_GE(vectors.size(), 4u);
  for (const auto &v : vectors) EXPECT_EQ(run(*GetParam(), v), expected(v)) << v.where();
}

TEST_P(ScaffoldConformance, NullPointersAreAllowedOnlyWithZeroLength) {
  size_t written = 1;
  uint8_t out[4];
  EXPECT_EQ(GetParam()->copy(nullptr, 0, nullptr, 0, &written), TB_OK);
  EXPECT_EQ(GetParam()->copy(nullptr, 3, out, sizeof out, &written), TB_ERR_INVALID_ARGUMENT);
}

INSTANTIATE_TEST_SUITE_P(Impl, ScaffoldConformance, testing::ValuesIn(impls),
                         impl_name<tb_scaffold_api>);

TEST(ScaffoldContract, EveryImplementationIsRegisteredAndFillsItsTable) {
  expect_registered_and_complete("scaffold", impls);
}

} // namespace
} // namespace twinbench::test
