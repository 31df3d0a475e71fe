// Layout and completeness of the contract: every table entry of every twin is set, and the
// names are the ones drivers and reports use. Sizes are asserted at compile time on both sides
// (layout_check.c and targets_rust/ffi).
#include <cstring>

#include <gtest/gtest.h>

#include "twinbench/base64.h"
#include "twinbench/http1.h"
#include "twinbench/json.h"
#include "twinbench/ringbuf.h"

extern "C" size_t tb_layout_checked_structs(void);

namespace {

// A table of function pointers after its name: none may be NULL.
template <typename Api> void expect_complete(const Api *api, const char *name) {
  ASSERT_NE(api, nullptr);
  EXPECT_STREQ(api->name, name);
  const auto *entries = reinterpret_cast<void *const *>(api);
  for (size_t i = 1; i < sizeof(Api) / sizeof(void *); i++) {
    EXPECT_NE(entries[i], nullptr) << name << " entry " << i;
  }
}

TEST(Contract, CompileTimeLayoutChecksAreLinked) { EXPECT_EQ(tb_layout_checked_structs(), 5u); }

TEST(Contract, EveryTwinFillsItsWholeTable) {
  expect_complete(tb_base64_c(), "c");
  expect_complete(tb_base64_rust(), "rust");
  expect_complete(tb_ringbuf_c(), "c");
  expect_complete(tb_ringbuf_rust(), "rust");
  expect_complete(tb_http1_c(), "c");
  expect_complete(tb_http1_rust(), "rust");
  expect_complete(tb_json_c(), "c");
  expect_complete(tb_json_rust(), "rust");
}

TEST(Contract, StatusNamesAreStable) {
  EXPECT_STREQ(tb_status_name(TB_OK), "ok");
  EXPECT_STREQ(tb_status_name(TB_ERR_TRUNCATED), "truncated");
  EXPECT_STREQ(tb_status_name(TB_NEED_MORE), "need-more");
  EXPECT_STREQ(tb_status_name(TB_ERR_HTTP_CHUNK_LINE_TOO_LONG), "chunk-line-too-long");
  EXPECT_STREQ(tb_status_name(TB_ERR_JSON_BAD_UTF8), "bad-utf8");
  EXPECT_STREQ(tb_status_name(TB_ERR_JSON_TOO_DEEP), "too-deep");
  EXPECT_STREQ(tb_status_name(1000), "unknown");
}

} // namespace
