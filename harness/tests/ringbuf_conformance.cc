// Every scripted sequence in corpora/ringbuf/vectors.txt, against every implementation held to the
// spec. Spec: docs/components/ringbuf.md
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "implementations.h"
#include "twinbench/ringbuf.h"
#include "vector_file.h"

namespace twinbench::test {
namespace {

using Handle = std::unique_ptr<tb_ringbuf, void (*)(tb_ringbuf *)>;

// Runs one vector line against the buffer; creation replaces `rb`.
void step(const tb_ringbuf_api &api, Handle &rb, const VectorLine &v) {
  const std::string &op = v.tokens[0].text;
  SCOPED_TRACE(v.where() + " " + op);
  if (op == "create") {
    tb_ringbuf *raw = reinterpret_cast<tb_ringbuf *>(0x1);
    tb_status st = api.create(number_at(v, 1), &raw);
    rb = Handle(raw, api.destroy);
    ASSERT_EQ(tb_status_name(st), v.tokens.at(2).text);
    if (st != TB_OK) EXPECT_EQ(raw, nullptr);
    return;
  }
  ASSERT_NE(rb, nullptr) << "no buffer: the scenario must create one first";
  if (op == "write") {
    auto data = bytes_of(quoted_at(v, 1));
    EXPECT_EQ(api.write(rb.get(), data.data(), data.size()), number_at(v, 2));
  } else if (op == "read" || op == "peek") {
    std::vector<uint8_t> out(number_at(v, 1) + 1, 0xAA);
    size_t want = out.size() - 1;
    size_t n =
        op == "read" ? api.read(rb.get(), out.data(), want) : api.peek(rb.get(), out.data(), want);
    EXPECT_EQ(string_of(out.data(), n), quoted_at(v, 2));
    EXPECT_EQ(out.back(), 0xAA) << "wrote past the requested length";
  } else if (op == "discard") {
    EXPECT_EQ(api.discard(rb.get(), number_at(v, 1)), number_at(v, 2));
  } else if (op == "clear") {
    api.clear(rb.get());
  } else if (op == "size") {
    EXPECT_EQ(api.size(rb.get()), number_at(v, 1));
  } else if (op == "space") {
    EXPECT_EQ(api.space(rb.get()), number_at(v, 1));
  } else if (op == "capacity") {
    EXPECT_EQ(api.capacity(rb.get()), number_at(v, 1));
  } else if (op == "read_regions") {
    tb_ringbuf_regions r{};
    api.read_regions(rb.get(), &r);
    EXPECT_EQ(string_of(r.ptr[0], r.len[0]), quoted_at(v, 1));
    EXPECT_EQ(string_of(r.ptr[1], r.len[1]), quoted_at(v, 2));
  } else if (op == "write_regions") {
    tb_ringbuf_regions r{};
    api.write_regions(rb.get(), &r);
    EXPECT_EQ(r.len[0], number_at(v, 1));
    EXPECT_EQ(r.len[1], number_at(v, 2));
  } else if (op == "fill") {
    auto data = bytes_of(quoted_at(v, 1));
    tb_ringbuf_regions r{};
    api.write_regions(rb.get(), &r);
    ASSERT_LE(data.size(), r.len[0] + r.len[1]) << "fill is larger than the free space";
    for (size_t i = 0; i < data.size(); i++) {
      if (i < r.len[0])
        r.ptr[0][i] = data[i];
      else
        r.ptr[1][i - r.len[0]] = data[i];
    }
  } else if (op == "commit") {
    EXPECT_EQ(api.commit(rb.get(), number_at(v, 1)), number_at(v, 2));
  } else if (op == "resize") {
    EXPECT_EQ(tb_status_name(api.resize(rb.get(), number_at(v, 1))), v.tokens.at(2).text);
  } else {
    FAIL() << "unknown op " << op;
  }
  EXPECT_EQ(api.size(rb.get()) + api.space(rb.get()), api.capacity(rb.get()))
      << "size + space must equal capacity";
}

class RingbufConformance : public testing::TestWithParam<const tb_ringbuf_api *> {};

TEST_P(RingbufConformance, EveryScenarioGivesTheSpecifiedResults) {
  const tb_ringbuf_api &api = *GetParam();
  auto lines = read_vector_file(corpus_path("ringbuf", "vectors.txt"));
  int scenarios = 0;
  Handle rb(nullptr, api.destroy);
  for (const auto &v : lines) {
    if (v.tokens[0].text == "scenario") {
      rb.reset();
      scenarios++;
      continue;
    }
    step(api, rb, v);
  }
  EXPECT_GE(scenarios, 10);
}

TEST_P(RingbufConformance, DestroyOfNullIsANoOp) { GetParam()->destroy(nullptr); }

TEST_P(RingbufConformance, NullDataOrOutputMovesNothing) {
  const tb_ringbuf_api &api = *GetParam();
  tb_ringbuf *raw = nullptr;
  ASSERT_EQ(api.create(8, &raw), TB_OK);
  Handle rb(raw, api.destroy);
  EXPECT_EQ(api.write(rb.get(), nullptr, 5), 0u);
  const uint8_t data[] = {1, 2, 3};
  ASSERT_EQ(api.write(rb.get(), data, 3), 3u);
  EXPECT_EQ(api.read(rb.get(), nullptr, 2), 0u);
  EXPECT_EQ(api.peek(rb.get(), nullptr, 2), 0u);
  EXPECT_EQ(api.size(rb.get()), 3u);
}

TEST_P(RingbufConformance, StreamingThroughEveryWrapPositionKeepsOrder) {
  const tb_ringbuf_api &api = *GetParam();
  for (size_t cap : {1u, 2u, 3u, 7u, 64u, 100u}) {
    tb_ringbuf *raw = nullptr;
    ASSERT_EQ(api.create(cap, &raw), TB_OK);
    Handle rb(raw, api.destroy);
    uint8_t next_in = 0, next_out = 0;
    for (size_t round = 0; round < 3 * cap + 5; round++) {
      uint8_t chunk[150];
      size_t want = round % (cap + 2);
      for (size_t i = 0; i < want; i++) chunk[i] = static_cast<uint8_t>(next_in + i);
      size_t took = api.write(rb.get(), chunk, want);
      next_in = static_cast<uint8_t>(next_in + took);
      uint8_t out[150];
      size_t got = api.read(rb.get(), out, (round * 7) % (cap + 1));
      for (size_t i = 0; i < got; i++) ASSERT_EQ(out[i], next_out++) << "capacity " << cap;
    }
  }
}

TEST_P(RingbufConformance, ResizeThatCannotBeAllocatedIsOverflowAndChangesNothing) {
  const tb_ringbuf_api &api = *GetParam();
  tb_ringbuf *raw = nullptr;
  ASSERT_EQ(api.create(4, &raw), TB_OK);
  Handle rb(raw, api.destroy);
  const uint8_t data[] = {1, 2, 3};
  ASSERT_EQ(api.write(rb.get(), data, 3), 3u);
  EXPECT_EQ(api.resize(rb.get(), SIZE_MAX), TB_ERR_OVERFLOW);
  EXPECT_EQ(api.capacity(rb.get()), 4u);
  uint8_t out[4] = {};
  ASSERT_EQ(api.read(rb.get(), out, 4), 3u);
  EXPECT_EQ(out[2], 3);
}

TB_DECLARE_IMPLEMENTATIONS(ringbuf)
const std::vector<const tb_ringbuf_api *> impls =
    implementations<tb_ringbuf_api>(TB_IMPLEMENTATIONS(ringbuf));

INSTANTIATE_TEST_SUITE_P(Impl, RingbufConformance, testing::ValuesIn(impls),
                         impl_name<tb_ringbuf_api>);

TEST(RingbufContract, EveryImplementationIsRegisteredAndFillsItsTable) {
  expect_registered_and_complete("ringbuf", impls);
}

} // namespace
} // namespace twinbench::test
