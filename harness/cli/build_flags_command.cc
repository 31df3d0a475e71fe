// `twinbench build-flags [--preset bench] [--check] [--json]`: each implementation's compiler
// flags, read from the build (common/build_flags.h); --check exits 1 when C and Rust were not
// optimised alike.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "commands.h"
#include "common/build_flags.h"
#include "common/table.h"

namespace twinbench::cli {

int build_flags_command(const Project &project, const BuildFlagsOptions &options) {
  const fs::path dir = project.root / "build" / options.preset;
  if (!fs::exists(dir / "compile_commands.json")) {
    throw UserError(fmt::format("{} holds no compile_commands.json: configure and build the {} "
                                "preset first (cmake --preset {})",
                                dir.string(), options.preset, options.preset));
  }
  const BuildFlags flags = read_build_flags(project, dir);
  const auto problems = parity_problems(flags);
  if (options.json) {
    auto out = to_json(flags);
    out["parity_problems"] = problems;
    fmt::print("{}\n", out.dump(2));
  } else {
    std::vector<Row> rows;
    for (const auto &f : flags.implementations) {
      rows.push_back({f.component, f.impl, f.language, std::to_string(f.sources.size()),
                      optimisation_text(f), fmt::format("{}", fmt::join(f.flags, " | "))});
    }
    fmt::print("{}", render_table({"component", "impl", "language", "units", "optimisation",
                                   "flags (read from the build)"},
                                  rows));
    if (!flags.unread.empty()) {
      fmt::print("not built here (linked from a Debian package, or not in this preset): {}\n",
                 fmt::join(flags.unread, ", "));
    }
  }
  for (const auto &p : problems) fmt::print(stderr, "twinbench build-flags: {}\n", p);
  if (options.check && problems.empty()) {
    fmt::print("build-flags: C and Rust optimised alike in {}\n", options.preset);
  }
  return options.check && !problems.empty() ? 1 : 0;
}

} // namespace twinbench::cli
