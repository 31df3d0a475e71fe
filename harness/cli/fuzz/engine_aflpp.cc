// AFL++ (engine.h): the afl preset's binaries (the same LLVMFuzzerTestOneInput in our persistent
// loop, harness/fuzz/afl_driver.c, with AFL++'s runtime), run by Debian's afl-fuzz, one
// instance per run.
#include <charconv>
#include <chrono>
#include <fstream>
#include <string_view>
#include <system_error>

#include <fmt/format.h>

#include "common/process.h"
#include "common/project.h"
#include "fuzz/engine.h"

namespace twinbench::cli {

namespace {

namespace fs = std::filesystem;

// afl-fuzz's own folder in the run's: <run>/afl/default/{queue,crashes,hangs,fuzzer_stats}.
fs::path instance_dir(const fs::path &run_dir) { return run_dir / "afl" / "default"; }

std::optional<int64_t> stat_value(const std::string &text, const std::string &key) {
  // "execs_done        : 203773" (AFL++'s fuzzer_stats: one "key : value" per line)
  for (size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + 1)) {
    if (at > 0 && text[at - 1] != '\n') continue;
    const size_t colon = text.find(':', at);
    const size_t end = text.find('\n', at);
    if (colon == std::string::npos || (end != std::string::npos && colon > end))
      return std::nullopt;
    if (text.find_first_not_of(' ', at + key.size()) != colon) continue; // a longer key
    const size_t value_at = text.find_first_not_of(' ', colon + 1);
    const size_t value_end = end == std::string::npos ? text.size() : end;
    if (value_at == std::string::npos || value_at >= value_end) return std::nullopt;
    const char *begin = text.data() + value_at;
    const char *stop = text.data() + value_end;
    double value = 0; // execs_per_sec is a decimal
    auto [ptr, ec] = std::from_chars(begin, stop, value);
    // AFL++ writes "inf" for a speed it has not measured yet.
    if (ec != std::errc() || ptr == begin || !(value >= 0 && value < 9e18)) return std::nullopt;
    return static_cast<int64_t>(value);
  }
  return std::nullopt;
}

size_t files_in(const fs::path &dir) {
  size_t n = 0;
  std::error_code ec;
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    n += it->is_regular_file(ec);
  }
  return n;
}

// The seed named `name` as an artifact of `kind`, under libFuzzer's name for its bytes; nothing
// when the name is not a file of the run's seeds.
void take_seed(const fs::path &run_dir, const std::string &name, const std::string &kind) {
  const fs::path seeds = run_dir / "corpus";
  const fs::path seed = seeds / name;
  std::error_code ec;
  if (name.empty() || seed.parent_path() != seeds || !fs::is_regular_file(seed, ec)) return;
  const fs::path named = run_dir / "artifacts" / (kind + "-" + content_name(read_file(seed)));
  if (!fs::exists(named, ec)) fs::copy_file(seed, named, ec);
}

class AflPlusPlus final : public Engine {
public:
  std::string name() const override { return "aflpp"; }
  std::string preset() const override { return "afl"; }
  EngineMethod method() const override {
    return {"AFL++",
            "one afl-fuzz process per target and trial with a fixed -s seed per run, CmpLog from "
            "the same binary (-c 0), over the afl preset's builds (sancov trace-pc-guard and "
            "trace-cmp, the same sanitizers and -O1 as the fuzz preset, twinbench's persistent "
            "loop harness/fuzz/afl_driver.c); a process that dies is resumed "
            "(AFL_AUTORESUME) with the remaining budget",
            "when AFL++ wrote the finding into crashes/ or hangs/ (its modification time)",
            "the execution count AFL++ names the finding with (execs:)",
            "AFL++'s edges_found (edges of its bitmap)"};
  }

  // afl-fuzz needs a seed, where libFuzzer starts from the empty input: one byte when the
  // component has none left. A queue without fuzzer_stats is one whose process stopped in its
  // dry run over the seeds (every seed crashed: "We need at least one valid input seed"); its
  // crashing seeds are artifacts now, and the next launch starts afresh from the others.
  void prepare(const fs::path &run_dir) const override {
    const fs::path seeds = run_dir / "corpus";
    fs::create_directories(seeds);
    if (files_in(seeds) == 0) std::ofstream(seeds / content_name("\n"), std::ios::binary) << '\n';
    std::error_code ec;
    if (fs::exists(instance_dir(run_dir), ec) &&
        !fs::exists(instance_dir(run_dir) / "fuzzer_stats", ec)) {
      fs::remove_all(run_dir / "afl", ec);
    }
  }

  EngineCommand fuzz_command(const FuzzingProcess &p) const override {
    const auto afl_fuzz = find_program("afl-fuzz");
    if (!afl_fuzz) {
      throw UserError("afl-fuzz is missing: scripts/bootstrap --afl installs Debian's afl++");
    }
    EngineCommand c;
    // -c 0: the binary is its own CmpLog build (trace-cmp feeds AFL++'s CmpLog map). The seed
    // folder is read at the first launch only: a restart resumes the queue (AFL_AUTORESUME).
    c.argv = {afl_fuzz->string(),
              "-i",
              (p.run_dir / "corpus").string(),
              "-o",
              (p.run_dir / "afl").string(),
              "-V",
              std::to_string(std::max(1, static_cast<int>(p.seconds + 0.5))),
              "-t",
              std::to_string(static_cast<int64_t>(p.timeout_seconds * 1000)),
              "-m",
              "none",
              "-s",
              std::to_string(p.seed),
              "-c",
              "0"};
    std::error_code ec;
    if (fs::file_size(p.dictionary, ec) > 0 && !ec) {
      c.argv.insert(c.argv.end(), {"-x", p.dictionary.string()});
    }
    c.argv.insert(c.argv.end(), p.extra_flags.begin(), p.extra_flags.end());
    c.argv.insert(c.argv.end(), {"--", p.binary.string()});
    // AFL++ needs the sanitizers to abort, unsymbolised (it reads the signal, not the report);
    // libFuzzer's RSS limit becomes ASan's limit on one allocation, which fails as libFuzzer's
    // -malloc_limit_mb does. No leak check: the persistent loop does not exit per input.
    c.env = {"AFL_NO_UI=1",
             "AFL_AUTORESUME=1",
             "AFL_SKIP_CPUFREQ=1",
             "AFL_NO_AFFINITY=1",
             "AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1",
             fmt::format("ASAN_OPTIONS=abort_on_error=1:symbolize=0:detect_leaks=0:"
                         "max_allocation_size_mb={}",
                         p.rss_limit_mb),
             "UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:symbolize=0"};
    if (p.stop_at_first_finding) c.env.push_back("AFL_BENCH_UNTIL_CRASH=1");
    return c;
  }

  std::optional<FuzzerStatus> status_from_line(const std::string &) const override {
    return std::nullopt;
  }
  // fuzzer_stats is rewritten in place once a minute and at exit: a read that does not reach
  // its last line ("command_line") met it half written and is left for the next. The queue is
  // counted as it grows.
  std::optional<FuzzerStatus> status_from_files(const fs::path &run_dir) const override {
    const fs::path dir = instance_dir(run_dir), stats = dir / "fuzzer_stats";
    std::error_code ec;
    const auto written = fs::last_write_time(stats, ec);
    if (ec) return std::nullopt;
    const std::string text = read_file(stats);
    const auto execs = stat_value(text, "execs_done");
    if (!execs || text.find("\ncommand_line") == std::string::npos || !text.ends_with('\n')) {
      return std::nullopt;
    }
    FuzzerStatus s;
    s.written_unix_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::file_clock::to_sys(written).time_since_epoch())
                            .count();
    s.execs = *execs;
    s.execs_per_second = stat_value(text, "execs_per_sec").value_or(0);
    s.cov = stat_value(text, "edges_found").value_or(0);
    s.corpus = static_cast<int64_t>(files_in(dir / "queue"));
    s.event = "stats";
    return s;
  }
  std::optional<int64_t> final_execs(const std::string &) const override { return std::nullopt; }

  // crashes/ and hangs/ hold AFL++'s names ("id:000000,sig:06,src:...,execs:97,..."); each is
  // linked into artifacts/ as "<kind>-aflpp-<id>", so its file time stays the time AFL++ wrote
  // it, and one seen before costs no read. A file AFL++ may still be writing (under a second
  // old, while it runs) waits for the next call.
  void collect_findings(const fs::path &run_dir, bool running) const override {
    const fs::path artifacts = run_dir / "artifacts";
    const auto settled = fs::file_time_type::clock::now() - std::chrono::seconds(1);
    for (const auto &[folder, kind] : {std::pair{"crashes", "crash"}, {"hangs", "timeout"}}) {
      std::error_code ec;
      for (auto it = fs::directory_iterator(instance_dir(run_dir) / folder, ec);
           !ec && it != fs::directory_iterator(); it.increment(ec)) {
        const std::string name = it->path().filename().string();
        const size_t id_end = name.find(',');
        if (!name.starts_with("id:") || id_end == std::string::npos) continue; // its README.txt
        const fs::path named =
            artifacts / fmt::format("{}-aflpp-{}", kind, name.substr(3, id_end - 3));
        std::error_code e;
        if (fs::exists(named, e)) continue;
        if (running && fs::last_write_time(it->path(), e) > settled) continue;
        fs::create_hard_link(it->path(), named, e);
        if (e) fs::copy_file(it->path(), named, e);
      }
    }
  }

  // "execs:<n>" in the name AFL++ gave the finding the artifact is a link to.
  std::optional<int64_t> execs_at_finding(const fs::path &run_dir,
                                          const fs::path &artifact) const override {
    const std::string name = artifact.filename().string();
    const size_t id_at = name.find("-aflpp-");
    if (id_at == std::string::npos) return std::nullopt; // a seed crashed in the dry run
    const std::string folder = name.starts_with("crash-") ? "crashes" : "hangs";
    const std::string prefix = "id:" + name.substr(id_at + 7) + ",";
    std::error_code ec;
    for (auto it = fs::directory_iterator(instance_dir(run_dir) / folder, ec);
         !ec && it != fs::directory_iterator(); it.increment(ec)) {
      const std::string found = it->path().filename().string();
      if (!found.starts_with(prefix)) continue;
      const size_t at = found.find(",execs:");
      if (at == std::string::npos) return std::nullopt;
      int64_t execs = 0;
      const char *begin = found.data() + at + 7, *end = found.data() + found.size();
      auto [ptr, err] = std::from_chars(begin, end, execs);
      return err == std::errc() && ptr != begin ? std::optional(execs) : std::nullopt;
    }
    return std::nullopt;
  }
  // A seed that crashes names itself in the warning ("Test case '<id>,orig:<seed>' results in a
  // crash, skipping"); one that times out does not ("Test case results in a timeout
  // (skipping)"): it is the seed of the dry run's last "Attempting dry run with '<id>'" line,
  // which is kept in the run's folder until then (AFL++ prints the two in order). The seed is
  // copied as the line comes, so that its time is the line's.
  void collect_finding_from_line(const std::string &line, const fs::path &run_dir) const override {
    static constexpr std::string_view marker = ",orig:", crashed = "' results in a crash, skipping",
                                      attempting = "Attempting dry run with '",
                                      timed_out = "Test case results in a timeout";
    const fs::path attempted = run_dir / "afl-dry-run-seed";
    const size_t at = line.find(marker);
    if (line.find(attempting) != std::string::npos) {
      // A queue entry AFL++ made itself (a resumed run's) is no seed: "" then.
      const size_t end = at == std::string::npos ? at : line.find('\'', at);
      std::ofstream(attempted, std::ios::trunc)
          << (end == std::string::npos ? ""
                                       : line.substr(at + marker.size(), end - at - marker.size()));
      return;
    }
    if (line.find(timed_out) != std::string::npos) {
      take_seed(run_dir, read_file(attempted), "timeout");
      return;
    }
    const size_t end = line.find(crashed);
    if (at == std::string::npos || end == std::string::npos || end < at) return;
    take_seed(run_dir, line.substr(at + marker.size(), end - at - marker.size()), "crash");
  }
  bool continues_after_finding() const override { return true; }
  fs::path corpus(const fs::path &run_dir) const override {
    return instance_dir(run_dir) / "queue";
  }
};

} // namespace

const Engine &aflpp_engine() {
  static const AflPlusPlus engine;
  return engine;
}

} // namespace twinbench::cli
