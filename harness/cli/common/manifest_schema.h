// The manifests' JSON Schemas (harness/registry/schemas/): every manifest the registry reads is
// checked against its schema before a field is used, so CMake, the CLI and the scripts (which
// all read through this reader) see one set of rules.
#pragma once

#include <filesystem>

#include <nlohmann/json_fwd.hpp>

namespace twinbench::cli {

// Throws UserError "<file>: <where>: <what was expected>" for the first thing in `document`
// that `schema` does not allow, where <where> is the field's path ("implementations[2].language")
// and the expectation is read from the schema ("one of c, cpp, rust", "true or false").
void check_against_schema(const nlohmann::json &document, const std::filesystem::path &file,
                          const std::filesystem::path &schema);

} // namespace twinbench::cli
