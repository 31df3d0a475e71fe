// twinbench: the command line over the fuzz and benchmark binaries.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "commands.h"

int main(int argc, char **argv) {
  using namespace twinbench::cli;
  CLI::App app{"twinbench: fuzz and benchmark C and Rust twins of one spec"};
  app.require_subcommand(1);
  std::string root;
  app.add_option("--root", root, "twinbench checkout (default: the one holding this binary)");

  auto *list = app.add_subcommand("list", "components, implementations and built binaries");

  SmokeOptions smoke_options;
  auto *smoke = app.add_subcommand("smoke", "every fuzz binary and benchmark, briefly");
  smoke->add_option("--components", smoke_options.components, "only these components")
      ->delimiter(',');
  smoke->add_option("--fuzz-seconds", smoke_options.fuzz_seconds, "budget per fuzz binary")
      ->check(CLI::PositiveNumber);
  smoke
      ->add_option("--bench-min-time", smoke_options.bench_min_time,
                   "Google Benchmark min time per case, seconds")
      ->check(CLI::PositiveNumber);

  CLI11_PARSE(app, argc, argv);
  try {
    Project project = Project::locate(root);
    if (*list) return list_command(project);
    if (*smoke) return smoke_command(project, smoke_options);
  } catch (const UserError &e) {
    fmt::print(stderr, "twinbench: {}\n", e.what());
    return 2;
  } catch (const std::exception &e) {
    fmt::print(stderr, "twinbench: {}\n", e.what());
    return 2;
  }
  return 0;
}
