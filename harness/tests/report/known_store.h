// A results store with known content, for the report's tests and its generation benchmark:
// one campaign over base64 (a C heap overflow whose input holds "<script>", a Rust panic),
// and one benchmark run whose medians are C 1005 MB/s and Rust 1105 MB/s.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "store/store.h"

namespace twinbench::test {

namespace fs = std::filesystem;

// A temporary directory, removed with everything in it.
class TempDir {
public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "twinbench-report-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir &) = delete;
  TempDir &operator=(const TempDir &) = delete;
  const fs::path &path() const { return path_; }

private:
  fs::path path_;
};

inline const std::string script_input = "<script>alert(1)</script>";

struct KnownStore {
  std::string campaign = "known-campaign";
  std::string bench = "known-bench";
};

// Fills `store`; crash inputs go under `dir`. `extra_crashes` more C crashes (distinct
// signatures) and `samples_per_run` coverage samples per run scale it up for the benchmark.
inline KnownStore fill_known_store(cli::Store &store, const fs::path &dir, int extra_crashes = 0,
                                   int samples_per_run = 60) {
  KnownStore known;
  const nlohmann::json env = {{"cpu", "Test CPU <b>bold</b>"},
                              {"cores", 2},
                              {"kernel", "Linux 6.1"},
                              {"clang", "Debian clang version 19.1.7"},
                              {"rustc_stable", "rustc 1.95.0"},
                              {"rustc_nightly", "rustc 1.97.0-nightly"},
                              {"git_revision", "0123abcd"},
                              {"git_dirty", false},
                              {"build",
                               {{"mode", "fuzz"},
                                {"c_flags", "-O1 -fsanitize=address,undefined"},
                                {"rustflags", "-Zsanitizer=address"},
                                {"rust_toolchain", "nightly"},
                                {"rust_asan", true}}}};
  cli::CampaignRow c;
  c.name = known.campaign;
  c.created = "2026-11-21T08:00:00Z";
  c.environment_id = store.add_environment(env);
  c.budget_seconds = 60;
  c.trials = 1;
  c.jobs = 2;
  c.components = {"base64"};
  c.impls = {"c", "rust", "diff"};
  c.timeout_seconds = 10;
  c.rss_limit_mb = 2048;
  c.status = "done";
  c.id = store.add_campaign(c);

  // Final coverage: C 400, Rust 350, diff 500; executions 120 000, 90 000, 30 000 in 60 s.
  const struct {
    const char *impl;
    int64_t execs, final_cov;
  } runs[] = {{"c", 120000, 400}, {"rust", 90000, 350}, {"diff", 30000, 500}};
  int64_t c_run = 0, rust_run = 0;
  for (const auto &spec : runs) {
    cli::RunRow r;
    r.campaign_id = c.id;
    r.component = "base64";
    r.impl = spec.impl;
    r.trial = 1;
    r.status = "done";
    r.dir = (dir / spec.impl).string();
    r.id = store.add_run(r);
    r.elapsed_seconds = 60;
    r.execs = spec.execs;
    std::vector<cli::Sample> samples;
    for (int i = 1; i <= samples_per_run; i++) {
      const double t = 60.0 * i / samples_per_run;
      samples.push_back({t, spec.execs * i / samples_per_run, spec.execs / 60.0,
                         spec.final_cov * i / samples_per_run, 2 * spec.final_cov, 10});
    }
    store.record_progress(r, samples);
    if (spec.impl == std::string("c")) c_run = r.id;
    if (spec.impl == std::string("rust")) rust_run = r.id;
  }

  auto crash = [&](int64_t run, const std::string &side, const std::string &klass,
                   const std::string &type, const std::string &signature,
                   const std::string &input) {
    const fs::path input_path = dir / ("input-" + signature);
    std::ofstream(input_path, std::ios::binary) << input;
    cli::ArtifactRow a;
    a.run_id = run;
    a.path = input_path.string();
    a.kind = "crash";
    a.found_elapsed_seconds = 12;
    a.found_at = "2026-11-21T08:00:12Z";
    store.add_artifact(a);
    const auto artifact = store.untriaged_artifacts(c.id).back();
    cli::CrashRow row;
    row.campaign_id = c.id;
    row.signature = signature;
    row.component = "base64";
    row.side = side;
    row.type = type;
    row.crash_class = klass;
    row.frames = {"tb_base64_decode targets_c/base64/decode.c:42"};
    row.first_seen = a.found_at;
    row.binary = "build/fuzz/bin/fuzz_base64_" + side;
    row.input_path = input_path.string();
    row.reliability = 1;
    store.fold_crash(row, artifact.id);
  };
  crash(c_run, "c", "memory-safety", "Heap-buffer-overflow WRITE 1", "heap-write", script_input);
  crash(rust_run, "rust", "panic", "Rust panic", "rust-panic", "AAAA");
  for (int i = 0; i < extra_crashes; i++) {
    crash(c_run, "c", "memory-safety", "Heap-buffer-overflow READ 4", "extra-" + std::to_string(i),
          std::string(64, static_cast<char>('a' + i % 26)));
  }

  cli::BenchRunRow b;
  b.name = known.bench;
  b.created = "2026-11-21T09:00:00Z";
  b.environment_id = store.add_environment(env);
  b.components = {"base64"};
  b.repetitions = 11;
  b.min_time = 0.1;
  b.command = {"twinbench_bench"};
  b.status = "running";
  b.id = store.add_bench_run(b);
  // C: 1000..1010 MB/s, Rust: 1100..1110, OpenSSL: 1200..1210; medians 1005, 1105, 1205.
  std::vector<cli::BenchSample> samples;
  for (const auto &[impl, base] : {std::pair{"c", 1000}, {"rust", 1100}, {"openssl", 1200}}) {
    for (int rep = 0; rep < 11; rep++) {
      const double mbps = base + rep;
      samples.push_back({std::string("base64/encode/1048576/") + impl, "base64", "encode", impl,
                         1048576, rep, 1000, 1048576 / mbps * 1e3, 1048576 / mbps * 1e3,
                         mbps * 1e6});
    }
  }
  store.finish_bench_run(b.id, samples);
  return known;
}

} // namespace twinbench::test
