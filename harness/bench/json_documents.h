// The json benchmark inputs: two documents in the shape of the classic JSON benchmark files
// (simdjson's twitter.json and canada.json), generated deterministically, with what every
// implementation must find in them before it is timed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "twinbench/json.h"

namespace twinbench::bench {

struct JsonDocument {
  std::string text;
  tb_json_counts expected{};  // counted by the generator as it writes (integers_known = 1)
  std::vector<double> values; // every number's value as a double, in document order
};

// ~600 KB, indented by two spaces like twitter.json: {"statuses": [...], "search_metadata":
// {...}} of Twitter API v1.1 statuses — ids above 2^53 as integers and strings, text in several
// scripts (raw UTF-8, or \u escapes with surrogate pairs), \n \" \/ escapes, entities with
// indices, nested user objects, retweeted statuses, nulls and booleans.
JsonDocument generate_twitter_like(uint64_t seed);

// ~2 MB, compact like canada.json: one GeoJSON Feature whose Polygon has rings of coordinate
// pairs printed with 17 significant digits (-65.613616999999977), a few rings of thousands of
// points and many small ones.
JsonDocument generate_canada_like(uint64_t seed);

} // namespace twinbench::bench
