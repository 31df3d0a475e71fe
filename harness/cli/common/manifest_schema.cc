#include "common/manifest_schema.h"

#include <fstream>
#include <map>
#include <string>
#include <vector>

#define VALIJSON_USE_EXCEPTIONS 1
#include <nlohmann/json.hpp>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include "common/project.h"

namespace twinbench::cli {

namespace {

using nlohmann::json;

// valijson names a place as ["<root>", "[implementations]", "[2]", "[language]"].
std::vector<std::string> path_of(const std::vector<std::string> &context) {
  std::vector<std::string> path;
  for (const auto &part : context) {
    if (part.size() >= 2 && part.front() == '[' && part.back() == ']') {
      path.push_back(part.substr(1, part.size() - 2));
    }
  }
  return path;
}

std::string path_text(const std::vector<std::string> &path) {
  std::string text;
  for (const auto &part : path) {
    const bool index = !part.empty() && part.find_first_not_of("0123456789") == std::string::npos;
    text += index ? "[" + part + "]" : (text.empty() ? "" : ".") + part;
  }
  return text;
}

// The text between the last two single quotes of valijson's description: the key it names.
std::string quoted_key(const std::string &description) {
  const auto end = description.rfind('\'');
  const auto begin = end == std::string::npos ? end : description.rfind('\'', end - 1);
  return begin == std::string::npos ? "" : description.substr(begin + 1, end - begin - 1);
}

const json *resolve_ref(const json &root, const json *node) {
  while (node && node->is_object() && node->contains("$ref")) {
    const std::string ref = (*node)["$ref"].get<std::string>();
    if (!ref.starts_with("#/")) return node;
    node = &root.at(json::json_pointer(ref.substr(1)));
  }
  return node;
}

// The schema that governs the value at `path`, following properties, items and $ref (a oneOf
// is not followed: its branches disagree, and the caller then says what valijson said).
const json *schema_at(const json &schema, const std::vector<std::string> &path) {
  const json *node = resolve_ref(schema, &schema);
  for (const auto &part : path) {
    if (!node || !node->is_object()) return nullptr;
    const json *next = nullptr;
    if (node->contains("properties") && (*node)["properties"].contains(part)) {
      next = &(*node)["properties"][part];
    } else if (node->contains("items")) {
      next = &(*node)["items"];
    } else if (node->contains("oneOf")) { // the branch that has the field
      for (const auto &branch : (*node)["oneOf"]) {
        const json *b = resolve_ref(schema, &branch);
        if (b->contains("properties") && (*b)["properties"].contains(part)) {
          next = &(*b)["properties"][part];
          break;
        }
      }
    }
    if (!next) return nullptr;
    node = next;
    node = resolve_ref(schema, node);
  }
  return node;
}

std::string expected_by(const json &node) {
  if (node.contains("enum")) {
    std::string values;
    for (const auto &v : node["enum"]) {
      values += (values.empty() ? "" : ", ") + (v.is_string() ? v.get<std::string>() : v.dump());
    }
    return "one of " + values;
  }
  static const std::map<std::string, std::string> kTypes = {
      {"boolean", "true or false"}, {"string", "a string"},  {"array", "a list"},
      {"object", "an object"},      {"integer", "a number"}, {"number", "a number"}};
  std::string text;
  if (node.contains("type") && node["type"].is_string()) {
    const auto it = kTypes.find(node["type"].get<std::string>());
    if (it != kTypes.end()) text = it->second;
  }
  if (node.contains("pattern")) text += " matching " + node["pattern"].get<std::string>();
  if (node.contains("minLength")) text += " (not empty)";
  if (node.contains("minItems")) text += " of at least " + node["minItems"].dump();
  return text;
}

} // namespace

void check_against_schema(const json &document, const std::filesystem::path &file,
                          const std::filesystem::path &schema_file) {
  json schema_json;
  try {
    std::ifstream in(schema_file);
    schema_json = json::parse(in);
  } catch (const json::exception &e) {
    throw UserError(schema_file.string() + ": the schema cannot be read (" + e.what() + ")");
  }
  valijson::Schema schema;
  try {
    valijson::SchemaParser parser;
    valijson::adapters::NlohmannJsonAdapter schema_adapter(schema_json);
    parser.populateSchema(schema_adapter, schema);
  } catch (const std::exception &e) {
    throw UserError(schema_file.string() + ": not a schema valijson reads (" + e.what() + ")");
  }
  valijson::Validator validator;
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter target(document);
  if (validator.validate(schema, target, &results)) return;
  // The deepest place named is the field at fault; the errors above it only say that a parent
  // failed because of it.
  valijson::ValidationResults::Error error, deepest;
  size_t depth = 0;
  bool first = true;
  while (results.popError(error)) {
    const size_t d = path_of(error.context).size();
    if (first || d > depth) deepest = error, depth = d, first = false;
  }
  const auto path = path_of(deepest.context);
  const json *governing = schema_at(schema_json, path);
  const std::string &said = deepest.description;
  std::string what;
  if (governing && governing->contains("oneOf")) { // say the forms, not one branch's complaint
    std::string forms;
    for (const auto &branch : (*governing)["oneOf"]) {
      const json *b = resolve_ref(schema_json, &branch);
      std::string keys;
      for (const auto &k : b->value("required", json::array())) {
        keys += (keys.empty() ? "" : ", ") + k.get<std::string>();
      }
      forms += (forms.empty() ? "{" : " or {") + keys + "}";
    }
    what = "expected one of the forms " + forms;
  } else if (said.starts_with("Missing required property")) {
    what = "missing \"" + quoted_key(said) + "\"";
  } else if (said.starts_with("Object contains a property that could not be validated")) {
    std::string fields;
    if (governing && governing->contains("properties")) {
      for (const auto &[key, _] : (*governing)["properties"].items()) {
        fields += (fields.empty() ? "" : ", ") + key;
      }
    }
    what = "\"" + quoted_key(said) + "\" is not a field here" +
           (fields.empty() ? "" : " (its fields: " + fields + ")");
  } else if (const std::string expected = governing ? expected_by(*governing) : "";
             !expected.empty()) {
    what = "expected " + expected;
  } else {
    what = said;
  }
  const std::string where = path_text(path);
  throw UserError(file.string() + ": " + (where.empty() ? "" : where + ": ") + what);
}

} // namespace twinbench::cli
