// What the contract shares across components. Struct layouts are not checked here: the Rust
// mirrors are held to clang's C layouts when the ffi crates build (targets_rust/ffi/contract),
// and each component's conformance test checks its API tables against the registry.
#include <iterator>

#include <gtest/gtest.h>

#include "twinbench/status.h"

namespace {

TEST(Contract, StatusNamesAreTheListsNames) {
  EXPECT_STREQ(tb_status_name(TB_OK), "ok");
  EXPECT_STREQ(tb_status_name(TB_ERR_TRUNCATED), "truncated");
  EXPECT_STREQ(tb_status_name(TB_NEED_MORE), "need-more");
  EXPECT_STREQ(tb_status_name(TB_ERR_HTTP_CHUNK_LINE_TOO_LONG), "chunk-line-too-long");
  EXPECT_STREQ(tb_status_name(TB_ERR_JSON_BAD_UTF8), "bad-utf8");
  EXPECT_STREQ(tb_status_name(TB_ERR_JSON_TOO_DEEP), "too-deep");
  EXPECT_STREQ(tb_status_name(1000), "unknown");
}

// Names are what reports and vectors use: two codes must not share one. (Values cannot repeat:
// tb_status_name's switch would not compile.)
TEST(Contract, StatusNamesAreDistinct) {
  const char *const names[] = {
#define TB_NAME(constant, value, name) name,
      TB_STATUS_LIST(TB_NAME)
#undef TB_NAME
  };
  for (size_t i = 0; i < std::size(names); i++) {
    for (size_t j = i + 1; j < std::size(names); j++) {
      EXPECT_STRNE(names[i], names[j]);
    }
  }
}

} // namespace
