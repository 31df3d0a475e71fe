// The implementations every conformance test runs against: both twins, named for test output.
#pragma once

#include <string>

#include <gtest/gtest.h>

namespace twinbench::test {

// Test-name suffix for a parameterised test over API tables ("c", "rust").
template <typename Api> std::string impl_name(const testing::TestParamInfo<const Api *> &info) {
  return info.param->name;
}

inline std::string corpus_path(const std::string &comp, const std::string &file) {
  return std::string(TB_CORPORA_DIR) + "/" + comp + "/" + file;
}

} // namespace twinbench::test
