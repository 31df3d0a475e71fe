// `twinbench list`: components, implementations, and which binaries are built.
#include <fstream>
#include <map>
#include <set>

#include <fmt/format.h>

#include "bench/bench_results.h"
#include "commands.h"
#include "common/process.h"
#include "common/table.h"

namespace twinbench::cli {

std::vector<std::string> list_bench_cases(const Project &project) {
  fs::path log = fs::temp_directory_path() / fmt::format("twinbench-list-{}.txt", getpid());
  ExitStatus st = run_logged({project.bench_binary().string(), "--benchmark_list_tests=true"}, log);
  std::vector<std::string> cases;
  std::ifstream in(log);
  for (std::string line; std::getline(in, line);) {
    if (line.find('/') != std::string::npos && line.find(' ') == std::string::npos) {
      cases.push_back(line);
    }
  }
  fs::remove(log);
  if (!st.ok())
    throw UserError(fmt::format("{} --benchmark_list_tests failed ({})",
                                project.bench_binary().string(), st.describe()));
  return cases;
}

int list_command(const Project &project) {
  const bool bench_built = fs::exists(project.bench_binary());
  std::map<std::string, std::set<std::string>> bench_impls, bench_cases;
  if (bench_built) {
    for (const auto &listed : list_bench_cases(project)) {
      // <component>/<case>/<size>/<implementation>, without a timing suffix
      const std::string name = case_name_of(listed);
      auto first = name.find('/'), last = name.rfind('/');
      auto comp = name.substr(0, first);
      bench_impls[comp].insert(name.substr(last + 1));
      bench_cases[comp].insert(name.substr(first + 1, name.find('/', first + 1) - first - 1));
    }
  }
  std::vector<Row> rows;
  for (const auto &comp : project.components) {
    std::vector<std::string> impls, fuzz;
    for (const auto &impl : comp.implementations) {
      impls.push_back(fmt::format("{} ({} {}{})", impl.name, impl.language, impl.kind,
                                  impl.baseline ? ", baseline" : ""));
    }
    for (const auto &target : comp.fuzz_targets()) {
      fuzz.push_back(target +
                     (fs::exists(project.fuzz_binary(comp.name, target)) ? "" : " (not built)"));
    }
    auto join = [](const std::set<std::string> &s) {
      return s.empty() ? std::string("(bench not built)") : fmt::format("{}", fmt::join(s, ", "));
    };
    rows.push_back({comp.name, fmt::format("{}", fmt::join(impls, ", ")),
                    fmt::format("{}", fmt::join(fuzz, ", ")), join(bench_cases[comp.name]),
                    join(bench_impls[comp.name])});
  }
  fmt::print("{}", render_table({"component", "implementations", "fuzz binaries", "bench cases",
                                 "bench implementations"},
                                rows));
  fmt::print("\nfuzz binaries: {}\nbench binary:  {}{}\n",
             (project.root / "build/fuzz/bin").string(), project.bench_binary().string(),
             bench_built ? "" : " (not built)");
  return 0;
}

} // namespace twinbench::cli
