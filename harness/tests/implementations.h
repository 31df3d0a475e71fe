// The implementations every conformance test runs against: those the registry holds to the
// spec (corpora/<comp>/component.json), named for test output, and the checks every
// component's contract gets.
#pragma once

#include <algorithm>
#include <fstream>
#include <initializer_list>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "twinbench/implementations.h"

namespace twinbench::test {

// The API tables of TB_IMPLEMENTATIONS(comp), as a vector.
template <typename Api>
std::vector<const Api *> implementations(std::initializer_list<const Api *> list) {
  return {list.begin(), list.end()};
}

// Test-name suffix for a parameterised test over API tables ("c", "rust"); GoogleTest allows
// only letters, digits and '_' there.
template <typename Api> std::string impl_name(const testing::TestParamInfo<const Api *> &info) {
  std::string name = info.param->name;
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

inline std::string corpus_path(const std::string &comp, const std::string &file) {
  return std::string(TB_CORPORA_DIR) + "/" + comp + "/" + file;
}

// The names of the implementations a component's manifest holds to the spec, in order.
inline std::vector<std::string> registry_names(const std::string &comp) {
  std::ifstream in(corpus_path(comp, "component.json"));
  const auto manifest = nlohmann::json::parse(in);
  std::vector<std::string> names;
  for (const auto &impl : manifest.at("implementations")) {
    if (!impl.value("baseline", false)) names.push_back(impl.at("name").get<std::string>());
  }
  return names;
}

// Every implementation answers to its registry name (drivers, reports and stored results use
// it) and fills every entry of its API table.
template <typename Api>
void expect_registered_and_complete(const std::string &comp,
                                    const std::vector<const Api *> &impls) {
  std::vector<std::string> names;
  for (const Api *api : impls) {
    ASSERT_NE(api, nullptr) << comp;
    names.push_back(api->name);
    const auto *entries = reinterpret_cast<void *const *>(api); // a table of pointers
    for (size_t i = 1; i < sizeof(Api) / sizeof(void *); i++) {
      EXPECT_NE(entries[i], nullptr) << comp << "/" << api->name << " entry " << i;
    }
  }
  EXPECT_EQ(names, registry_names(comp)) << comp;
}

} // namespace twinbench::test
