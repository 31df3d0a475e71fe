// libFuzzer (engine.h): the fuzz preset's binaries, their flags, status lines and artifacts.
#include <algorithm>
#include <system_error>

#include <fmt/format.h>

#include "fuzz/engine.h"

namespace twinbench::cli {

namespace {

namespace fs = std::filesystem;

class LibFuzzer final : public Engine {
public:
  std::string name() const override { return "libfuzzer"; }
  std::string preset() const override { return "fuzz"; }
  EngineMethod method() const override {
    return {"libFuzzer",
            "one libFuzzer process per target and trial with a fixed -seed per run, over the fuzz "
            "preset's builds; a crash does not end a run: the runner restarts libFuzzer with the "
            "remaining budget",
            "when libFuzzer wrote the finding's file (its modification time)",
            "libFuzzer's count of inputs run, read from its final statistics when the run's "
            "first finding ended it (-print_final_stats)",
            "libFuzzer's cov (coverage points of its instrumentation)"};
  }

  void prepare(const fs::path &) const override {} // it starts from an empty input itself
  EngineCommand fuzz_command(const FuzzingProcess &p) const override {
    EngineCommand c;
    c.argv = {p.binary.string(),
              fmt::format("-max_total_time={}", std::max(1, static_cast<int>(p.seconds + 0.5))),
              fmt::format("-timeout={}", static_cast<int>(p.timeout_seconds)),
              fmt::format("-rss_limit_mb={}", p.rss_limit_mb),
              fmt::format("-seed={}", p.seed),
              "-artifact_prefix=" + (p.run_dir / "artifacts").string() + "/",
              "-print_final_stats=1"};
    std::error_code ec;
    if (fs::file_size(p.dictionary, ec) > 0 && !ec)
      c.argv.push_back("-dict=" + p.dictionary.string());
    c.argv.insert(c.argv.end(), p.extra_flags.begin(), p.extra_flags.end());
    // A ground-truth run needs no flag: libFuzzer stops at its first finding.
    c.argv.push_back(corpus(p.run_dir).string());
    return c;
  }

  std::optional<FuzzerStatus> status_from_line(const std::string &line) const override {
    return parse_status_line(line);
  }
  std::optional<FuzzerStatus> status_from_files(const fs::path &) const override {
    return std::nullopt;
  }
  // At exit (-print_final_stats=1; a crash prints it too): the exact count, where the last status
  // line may be seconds old.
  std::optional<int64_t> final_execs(const std::string &line) const override {
    if (!line.starts_with("stat::number_of_executed_units:")) return std::nullopt;
    return final_stat(line, "number_of_executed_units");
  }
  void collect_findings(const fs::path &, bool) const override {} // -artifact_prefix did
  // It exits on a finding: the count at exit is the count at the finding.
  std::optional<int64_t> execs_at_finding(const fs::path &, const fs::path &) const override {
    return std::nullopt;
  }
  void collect_finding_from_line(const std::string &, const fs::path &) const override {}
  bool continues_after_finding() const override { return false; }
  fs::path corpus(const fs::path &run_dir) const override { return run_dir / "corpus"; }
};

} // namespace

const Engine &libfuzzer_engine() {
  static const LibFuzzer engine;
  return engine;
}

std::vector<std::string> reproduce_command(const fs::path &binary, const fs::path &input,
                                           const TriageLimits &limits) {
  std::vector<std::string> command{
      binary.string(), fmt::format("-timeout={}", static_cast<int>(limits.timeout_seconds)),
      fmt::format("-rss_limit_mb={}", limits.rss_limit_mb)};
  // An out-of-memory artifact is often one large allocation, touched and freed within the second
  // libFuzzer's RSS check sleeps: a rerun misses it (0 of 3 in the field campaign) and has no
  // stack. A limit of half the RSS limit on single allocations catches it at its malloc.
  if (input.filename().string().starts_with("oom-")) {
    command.push_back(fmt::format("-malloc_limit_mb={}", std::max(1LL, limits.rss_limit_mb / 2)));
  }
  command.push_back(input.string());
  return command;
}

std::vector<std::string> minimize_command(const fs::path &binary, const fs::path &input,
                                          const fs::path &rounds, double seconds,
                                          const TriageLimits &limits) {
  // Without -exact_artifact_path each round writes rounds/minimized-from-<sha1 of its input>,
  // so that no round overwrites the input the one before it found.
  return {binary.string(),
          "-minimize_crash=1",
          fmt::format("-max_total_time={}", std::max(1, static_cast<int>(seconds))),
          fmt::format("-timeout={}", static_cast<int>(limits.timeout_seconds)),
          fmt::format("-rss_limit_mb={}", limits.rss_limit_mb),
          "-artifact_prefix=" + rounds.string() + "/",
          input.string()};
}

std::vector<std::string> merge_command(const fs::path &binary, const fs::path &dictionary,
                                       const fs::path &into, const std::vector<fs::path> &from) {
  std::vector<std::string> argv = {binary.string(), "-merge=1", "-dict=" + dictionary.string(),
                                   into.string()};
  for (const auto &dir : from) argv.push_back(dir.string());
  return argv;
}

} // namespace twinbench::cli
