// What the contract shares across components. Struct layouts are not checked here: the Rust
// mirrors are held to clang's C layouts when the ffi crates build (targets_rust/ffi/contract),
// and each component's conformance test checks its API tables against the registry.
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

// Every value appears once: a duplicated value would make two codes indistinguishable.
TEST(Contract, StatusValuesAreDistinct) {
  const int values[] = {
#define TB_VALUE(constant, value, name) value,
      TB_STATUS_LIST(TB_VALUE)
#undef TB_VALUE
  };
  for (size_t i = 0; i < std::size(values); i++) {
    for (size_t j = i + 1; j < std::size(values); j++) {
      EXPECT_NE(values[i], values[j]) << tb_status_name(values[i]);
    }
  }
}

} // namespace
