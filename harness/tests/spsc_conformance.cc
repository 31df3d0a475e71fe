// spsc: every scripted sequence in corpora/spsc/vectors.txt on one thread, then the spec's
// promise across two threads — a consumer that pops until the producer is done receives exactly
// the producer's stream — under load (the stress test: 10^8 bytes per twin, push/pop and the
// zero-copy regions). Spec: docs/components/spsc.md
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "implementations.h"
#include "spsc_stream.h"
#include "twinbench/spsc.h"
#include "vector_file.h"

TB_DECLARE_IMPLEMENTATIONS(spsc)

namespace twinbench::test {
namespace {

const std::vector<const tb_spsc_api *> impls =
    implementations<tb_spsc_api>(TB_IMPLEMENTATIONS(spsc));

using Handle = std::unique_ptr<tb_spsc, void (*)(tb_spsc *)>;

// Runs one vector line against the queue; creation replaces `q`.
void step(const tb_spsc_api &api, Handle &q, const VectorLine &v) {
  const std::string &op = v.tokens[0].text;
  SCOPED_TRACE(v.where() + " " + op);
  if (op == "create") {
    tb_spsc *raw = reinterpret_cast<tb_spsc *>(0x1);
    tb_status st = api.create(number_at(v, 1), &raw);
    ASSERT_EQ(tb_status_name(st), v.tokens.at(2).text);
    if (st != TB_OK) EXPECT_EQ(raw, nullptr);
    if (st == TB_OK) q = Handle(raw, api.destroy);
    return;
  }
  ASSERT_NE(q, nullptr) << "no queue: the scenario must create one first";
  tb_spsc_regions r{};
  if (op == "capacity") {
    EXPECT_EQ(api.capacity(q.get()), number_at(v, 1));
  } else if (op == "push") {
    auto data = bytes_of(quoted_at(v, 1));
    EXPECT_EQ(api.push(q.get(), data.data(), data.size()), number_at(v, 2));
  } else if (op == "pop") {
    std::vector<uint8_t> out(number_at(v, 1) + 1, 0xAA);
    size_t n = api.pop(q.get(), out.data(), out.size() - 1);
    EXPECT_EQ(string_of(out.data(), n), quoted_at(v, 2));
    EXPECT_EQ(out.back(), 0xAA) << "wrote past the requested length";
  } else if (op == "write_regions") {
    api.write_regions(q.get(), &r);
    EXPECT_EQ(r.len[0], number_at(v, 1));
    EXPECT_EQ(r.len[1], number_at(v, 2));
  } else if (op == "fill") {
    auto data = bytes_of(quoted_at(v, 1));
    api.write_regions(q.get(), &r);
    ASSERT_LE(data.size(), r.len[0] + r.len[1]) << "fill is larger than the free space";
    for (size_t i = 0; i < data.size(); i++) {
      (i < r.len[0] ? r.ptr[0][i] : r.ptr[1][i - r.len[0]]) = data[i];
    }
  } else if (op == "publish") {
    EXPECT_EQ(api.publish(q.get(), number_at(v, 1)), number_at(v, 2));
  } else if (op == "read_regions") {
    api.read_regions(q.get(), &r);
    EXPECT_EQ(string_of(r.ptr[0], r.len[0]), quoted_at(v, 1));
    EXPECT_EQ(string_of(r.ptr[1], r.len[1]), quoted_at(v, 2));
    EXPECT_TRUE(r.len[1] == 0 || r.len[0] > 0) << "second region used while the first is empty";
  } else if (op == "release") {
    EXPECT_EQ(api.release(q.get(), number_at(v, 1)), number_at(v, 2));
  } else {
    FAIL() << "unknown op " << op;
  }
}

class SpscConformance : public testing::TestWithParam<const tb_spsc_api *> {};

TEST_P(SpscConformance, EveryScenarioGivesTheSpecifiedResults) {
  const tb_spsc_api &api = *GetParam();
  const auto lines = read_vector_file(corpus_path("spsc", "vectors.txt"));
  size_t scenarios = 0;
  Handle q(nullptr, api.destroy);
  for (const auto &v : lines) {
    if (v.tokens[0].text == "scenario") {
      q.reset();
      scenarios++;
      continue;
    }
    step(api, q, v);
  }
  EXPECT_GE(scenarios, 7u);
}

TEST_P(SpscConformance, DestroyOfNullIsANoOp) { GetParam()->destroy(nullptr); }

void expect_stream(const tb_spsc_api &api, size_t capacity, uint64_t total, bool zero_copy) {
  StreamResult r = move_stream(api, capacity, total, zero_copy);
  ASSERT_TRUE(r.created);
  EXPECT_EQ(r.wrong, 0u) << "bytes out of order, lost, repeated or torn";
  EXPECT_EQ(r.received, total);
}

TEST_P(SpscConformance, TwoThreadsMoveAHundredMillionBytesInOrder) {
  expect_stream(*GetParam(), 4096, 100'000'000, false);
}

TEST_P(SpscConformance, TwoThreadsMoveAStreamThroughTheZeroCopyRegions) {
  expect_stream(*GetParam(), 512, 10'000'000, true);
}

INSTANTIATE_TEST_SUITE_P(Impl, SpscConformance, testing::ValuesIn(impls), impl_name<tb_spsc_api>);

TEST(SpscContract, EveryImplementationIsRegisteredAndFillsItsTable) {
  expect_registered_and_complete("spsc", impls);
}

} // namespace
} // namespace twinbench::test
