// The fuzz driver of a record component (twinbench/record.h) that has no driver of its own:
// compiled for each component whose manifest says "contract": "record" and that has no
// harness/fuzz/<comp>.cc, with TB_COMPONENT=<comp> and TB_COMPONENT_HEADER="twinbench/<comp>.h"
// (Registry.cmake, tb_component_driver).
//   one implementation: what the contract says of every parser: the sink's rules (a name for
//                       each field, each name once, no NULL value with a length), and a second
//                       call giving the same record;
//   diff:               every implementation: accepted or not (the status) and, when accepted,
//                       every field by name, one absent on one side included. No difference is
//                       documented here: a component whose spec has known differences writes
//                       its own driver (harness/fuzz/gif.cc shows one); `twinbench survey`
//                       lists the differences a pair has.
#include <set>
#include <string>
#include <vector>

#include "driver.h"
#include "twinbench/implementations.h"
#include TB_COMPONENT_HEADER

TB_DECLARE_IMPLEMENTATIONS(TB_COMPONENT)

namespace twinbench::fuzz {
namespace {

const char *const comp = TB_STRING(TB_COMPONENT);

Record parsed(const tb_record_api &api, const uint8_t *data, size_t size) {
  Record r = parse_record(api, data, size);
  if (!r.broken.empty()) violation(comp, std::string(api.name) + ": " + r.broken);
  return r;
}

// Both records as two lists of values that line up: the status, then every field either has, in
// the order the first gives them and then the second's others, "<absent>" where one lacks it.
// A status by its name, and an unknown one by its number too (two unknown codes differ).
std::string status_text(tb_status status) {
  const std::string name = tb_status_name(status);
  return name == "unknown" ? name + " " + std::to_string(static_cast<int>(status)) : name;
}

std::pair<std::vector<Value>, std::vector<Value>> lined_up(const Record &a, const Record &b) {
  std::vector<Value> x{{"status", "status", "", status_text(a.status)}};
  std::vector<Value> y{{"status", "status", "", status_text(b.status)}};
  std::vector<std::string> names;
  std::set<std::string> seen;
  for (const auto *r : {&a, &b}) {
    for (const auto &[name, value] : r->fields) {
      if (seen.insert(name).second) names.push_back(name);
    }
  }
  const auto value_of = [](const Record &r, const std::string &name) -> Value {
    for (const auto &[n, v] : r.fields) {
      if (n == name) {
        const auto *bytes = reinterpret_cast<const uint8_t *>(v.data());
        return {name, "bytes", "", hex(std::vector<uint8_t>(bytes, bytes + v.size()))};
      }
    }
    return {name, "absent", "", "<absent>"};
  };
  for (const auto &name : names) {
    x.push_back(value_of(a, name));
    y.push_back(value_of(b, name));
  }
  return {x, y};
}

} // namespace
} // namespace twinbench::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const twinbench::fuzz::CurrentInput input(data, size);
  using namespace twinbench::fuzz;
  static const std::vector<const tb_record_api *> impls = TB_IMPLEMENTATIONS(TB_COMPONENT);
  const twinbench::Record first = parsed(*impls[0], data, size);
#if defined(TB_FUZZ_REPLAY)
  for (auto &v : lined_up(first, first).first) Replay::current().values.push_back(std::move(v));
#elif defined(TB_FUZZ_DIFF)
  const auto same = [](const std::vector<Value> &values) { return values; };
  for (size_t i = 1; i < impls.size(); i++) {
    const auto [a, b] = lined_up(first, parsed(*impls[i], data, size));
    expect_same(comp, impls[0]->name, a, impls[i]->name, b, same);
  }
#else
  if (!(parsed(*impls[0], data, size) == first)) {
    violation(comp, std::string(impls[0]->name) + ": a second call on the same input gave "
                                                  "another record");
  }
#endif
  return 0;
}
