// The engines `twinbench fuzz --engine` takes (engine.h).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/project.h"
#include "fuzz/engine.h"

namespace twinbench::cli {

const Engine &aflpp_engine(); // engine_aflpp.cc

std::vector<std::string> engine_names() { return {"libfuzzer", "aflpp"}; }

const Engine &engine_named(const std::string &name) {
  if (name == "libfuzzer") return libfuzzer_engine();
  if (name == "aflpp") return aflpp_engine();
  throw UserError(
      fmt::format("unknown engine '{}' (engines: {})", name, fmt::join(engine_names(), ", ")));
}

} // namespace twinbench::cli
