// The engines (fuzz/engine.h): what each asks its fuzzer to do, how it reads the fuzzer's
// progress and findings, and a ground-truth campaign with AFL++ end to end on a real seeded bug.
#include <algorithm>
#include <chrono>
#include <fstream>
#include <set>

#include <gtest/gtest.h>

#include "common/process.h"
#include "common/project.h"
#include "fake_checkout.h"
#include "fuzz/engine.h"
#include "fuzz/fuzzer_output.h"
#include "store/store.h"

namespace twinbench::test {
namespace {

bool argv_has(const std::vector<std::string> &v, const std::string &s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// What follows <flag> in argv, or "" when it is absent.
std::string value_after(const std::vector<std::string> &argv, const std::string &flag) {
  const auto at = std::find(argv.begin(), argv.end(), flag);
  return at == argv.end() || at + 1 == argv.end() ? "" : *(at + 1);
}

void place(const fs::path &path, const std::string &text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

cli::FuzzingProcess process_in(const fs::path &run_dir) {
  cli::FuzzingProcess p;
  p.binary = "/bin/target";
  p.run_dir = run_dir;
  p.dictionary = run_dir / "x.dict";
  p.seconds = 89.6;
  p.timeout_seconds = 10;
  p.rss_limit_mb = 2048;
  p.seed = 77;
  return p;
}

TEST(Engines, AreNamedAndAnUnknownOneIsRefused) {
  EXPECT_EQ(cli::engine_named("libfuzzer").preset(), "fuzz");
  EXPECT_EQ(cli::engine_named("aflpp").preset(), "afl");
  EXPECT_EQ(&cli::libfuzzer_engine(), &cli::engine_named("libfuzzer"));
  try {
    cli::engine_named("honggfuzz");
    ADD_FAILURE() << "an unknown engine was accepted";
  } catch (const cli::UserError &e) {
    EXPECT_STREQ(e.what(), "unknown engine 'honggfuzz' (engines: libfuzzer, aflpp)");
  }
}

TEST(LibFuzzerEngine, RunsTheTargetOverItsCorpusWithTheCampaignsLimits) {
  FakeCheckout checkout({});
  const fs::path run = checkout.root() / "run";
  auto p = process_in(run);
  p.extra_flags = {"-use_value_profile=1"};
  place(p.dictionary, "kw=\"GET\"\n");
  const auto c = cli::libfuzzer_engine().fuzz_command(p);
  const std::vector<std::string> expected = {"/bin/target",
                                             "-max_total_time=90",
                                             "-timeout=10",
                                             "-rss_limit_mb=2048",
                                             "-seed=77",
                                             "-artifact_prefix=" + (run / "artifacts").string() +
                                                 "/",
                                             "-print_final_stats=1",
                                             "-dict=" + p.dictionary.string(),
                                             "-use_value_profile=1",
                                             (run / "corpus").string()};
  EXPECT_EQ(c.argv, expected);
  EXPECT_TRUE(c.env.empty());
  fs::remove(p.dictionary); // an empty or missing dictionary is not passed
  EXPECT_FALSE(
      argv_has(cli::libfuzzer_engine().fuzz_command(p).argv, "-dict=" + p.dictionary.string()));
  EXPECT_EQ(cli::libfuzzer_engine().final_execs("stat::number_of_executed_units: 4242"), 4242);
  EXPECT_FALSE(cli::libfuzzer_engine().final_execs("#4242\tpulse cov: 1 ft: 1"));
  EXPECT_TRUE(cli::libfuzzer_engine().status_from_line("#4242\tpulse cov: 1 ft: 1"));
}

TEST(AflPlusPlusEngine, RunsAflFuzzOverTheSeedsWithTheCampaignsLimits) {
  FakeCheckout checkout({});
  const fs::path run = checkout.root() / "run";
  auto p = process_in(run);
  place(p.dictionary, "kw=\"GET\"\n");
  const auto c = cli::engine_named("aflpp").fuzz_command(p);
  ASSERT_FALSE(c.argv.empty());
  EXPECT_EQ(fs::path(c.argv.front()).filename(), "afl-fuzz");
  EXPECT_EQ(value_after(c.argv, "-i"), (run / "corpus").string());
  EXPECT_EQ(value_after(c.argv, "-o"), (run / "afl").string());
  EXPECT_EQ(value_after(c.argv, "-V"), "90");
  EXPECT_EQ(value_after(c.argv, "-t"), "10000") << "milliseconds";
  EXPECT_EQ(value_after(c.argv, "-s"), "77");
  EXPECT_EQ(value_after(c.argv, "-c"), "0") << "the binary is its own CmpLog build";
  EXPECT_EQ(value_after(c.argv, "-x"), p.dictionary.string());
  EXPECT_EQ(c.argv.back(), "/bin/target");
  EXPECT_EQ(c.argv[c.argv.size() - 2], "--");
  EXPECT_TRUE(argv_has(c.env, "ASAN_OPTIONS=abort_on_error=1:symbolize=0:detect_leaks=0:"
                              "max_allocation_size_mb=2048"));
  EXPECT_TRUE(argv_has(c.env, "AFL_AUTORESUME=1"));
  EXPECT_FALSE(argv_has(c.env, "AFL_BENCH_UNTIL_CRASH=1"));
  p.stop_at_first_finding = true;
  EXPECT_TRUE(argv_has(cli::engine_named("aflpp").fuzz_command(p).env, "AFL_BENCH_UNTIL_CRASH=1"));
}

TEST(AflPlusPlusEngine, ReadsProgressFromFuzzerStatsAndTheQueue) {
  FakeCheckout checkout({});
  const fs::path run = checkout.root() / "run";
  const auto &afl = cli::engine_named("aflpp");
  EXPECT_FALSE(afl.status_from_files(run)) << "no fuzzer_stats yet";
  // As AFL++ 4.04c writes it (its last line is the command line); a speed not measured yet is
  // "inf". Read half written, it is no status yet.
  const std::string stats = "start_time        : 1796594622\n"
                            "run_time          : 30\n"
                            "execs_done        : 104396\n"
                            "execs_per_sec     : inf\n"
                            "corpus_count      : 139\n"
                            "edges_found       : 144\n"
                            "command_line      : /usr/bin/afl-fuzz -i in -o out -- target\n";
  place(run / "afl/default/fuzzer_stats", stats.substr(0, stats.find("edges_found")));
  EXPECT_FALSE(afl.status_from_files(run)) << "a file met half written";
  place(run / "afl/default/fuzzer_stats", "execs_done : 5\ncommand_line : afl-fuzz");
  EXPECT_FALSE(afl.status_from_files(run)) << "its last line not ended";
  const auto before = std::chrono::system_clock::now() - std::chrono::seconds(5);
  place(run / "afl/default/fuzzer_stats", stats);
  place(run / "afl/default/queue/id:000000,time:0,orig:a", "x");
  place(run / "afl/default/queue/id:000001,src:000000", "y");
  fs::create_directories(run / "afl/default/queue/.state");
  const auto s = afl.status_from_files(run);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->execs, 104396);
  EXPECT_EQ(s->execs_per_second, 0);
  EXPECT_EQ(s->cov, 144);
  EXPECT_EQ(s->corpus, 2) << "the queue as it is now, not the stats' minute-old count";
  EXPECT_GT(
      s->written_unix_ms,
      std::chrono::duration_cast<std::chrono::milliseconds>(before.time_since_epoch()).count())
      << "when the file was written: a restart ignores its predecessor's";
  EXPECT_EQ(afl.corpus(run), run / "afl/default/queue");
  EXPECT_FALSE(afl.status_from_line("#4242\tpulse cov: 1 ft: 1"));
}

TEST(AflPlusPlusEngine, PutsItsCrashesAndHangsWhereTriageReadsArtifacts) {
  FakeCheckout checkout({});
  const fs::path run = checkout.root() / "run";
  fs::create_directories(run / "artifacts");
  place(run / "afl/default/crashes/README.txt", "AFL++'s note");
  place(run / "afl/default/crashes/id:000000,sig:06,src:000000,time:29,execs:97,op:havoc", "AB");
  place(run / "afl/default/crashes/id:000001,sig:06,src:000000,time:33,execs:98,op:havoc", "AB");
  place(run / "afl/default/hangs/id:000000,src:000001,time:50,execs:120,op:havoc", "LOOP");
  const auto &afl = cli::engine_named("aflpp");
  afl.collect_findings(run, true);
  EXPECT_TRUE(fs::is_empty(run / "artifacts")) << "files under a second old may be half written";
  afl.collect_findings(run, false);
  afl.collect_findings(run, false); // taken in again at every flush: nothing doubles
  std::vector<std::string> names;
  for (const auto &e : fs::directory_iterator(run / "artifacts"))
    names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  const std::vector<std::string> expected = {"crash-aflpp-000000", "crash-aflpp-000001",
                                             "timeout-aflpp-000000"};
  EXPECT_EQ(names, expected) << "each finding once, by AFL++'s id; the README is none";
  EXPECT_EQ(cli::read_file(run / "artifacts/crash-aflpp-000001"), "AB");
  EXPECT_EQ(afl.execs_at_finding(run, run / "artifacts/crash-aflpp-000001"), 98);
  EXPECT_EQ(afl.execs_at_finding(run, run / "artifacts/timeout-aflpp-000000"), 120);
  EXPECT_FALSE(afl.execs_at_finding(run, run / "artifacts/crash-5eed")) << "a dry run's seed";
}

// AFL++ skips a seed that crashes in its dry run and only says so; libFuzzer's crash on a seed
// is a finding, and so is this; so is a seed that times out there.
TEST(AflPlusPlusEngine, ASeedThatCrashesOrTimesOutInTheDryRunIsAFinding) {
  FakeCheckout checkout({});
  const fs::path run = checkout.root() / "run";
  fs::create_directories(run / "artifacts");
  place(run / "corpus/5eed", "BOOM");
  place(run / "secret", "not a seed");
  const auto &afl = cli::engine_named("aflpp");
  afl.collect_finding_from_line("\x1b[1;93m[!] \x1b[1;97mWARNING: \x1b[0mTest case "
                                "'id:000000,time:0,execs:0,orig:../secret' results in a crash, "
                                "skipping\x1b[0m",
                                run);
  afl.collect_finding_from_line("[*] Attempting dry run with 'id:000001,time:0,execs:0,orig:5eed'",
                                run);
  EXPECT_TRUE(fs::is_empty(run / "artifacts")) << "a name outside the seeds, or another line";
  afl.collect_finding_from_line("\x1b[1;93m[!] \x1b[1;97mWARNING: \x1b[0mTest case "
                                "'id:000001,time:0,execs:0,orig:5eed' results in a crash, "
                                "skipping\x1b[0m",
                                run);
  EXPECT_TRUE(fs::exists(run / "artifacts" / ("crash-" + cli::content_name("BOOM"))));

  // A seed that times out is not named in the warning: it is the last one attempted.
  place(run / "corpus/s10w", "SLOW");
  afl.collect_finding_from_line(
      "[*] Attempting dry run with 'id:000002,time:0,execs:0,orig:s10w'...", run);
  afl.collect_finding_from_line(
      "[*] Attempting dry run with 'id:000003,src:000001,time:9,op:havoc'", run);
  afl.collect_finding_from_line("[!] WARNING: Test case results in a timeout (skipping)", run);
  EXPECT_FALSE(fs::exists(run / "artifacts" / ("timeout-" + cli::content_name("SLOW"))))
      << "a queue entry of AFL++'s own is no seed";
  afl.collect_finding_from_line(
      "[*] Attempting dry run with 'id:000002,time:0,execs:0,orig:s10w'...", run);
  afl.collect_finding_from_line("\x1b[1;93m[!] \x1b[1;97mWARNING: \x1b[0mTest case results in a "
                                "timeout (skipping)\x1b[0m",
                                run);
  EXPECT_TRUE(fs::exists(run / "artifacts" / ("timeout-" + cli::content_name("SLOW"))));
}

TEST(AflPlusPlusEngine, StartsFromASeedAndNotFromADryRunThatNeverFuzzed) {
  FakeCheckout checkout({});
  const fs::path run = checkout.root() / "run";
  place(run / "afl/default/queue/id:000000,orig:gone", "x"); // no fuzzer_stats: never fuzzed
  const auto &afl = cli::engine_named("aflpp");
  afl.prepare(run);
  EXPECT_FALSE(fs::exists(run / "afl")) << "a restart begins again from the seeds left";
  EXPECT_FALSE(fs::is_empty(run / "corpus")) << "afl-fuzz needs a seed to start from";
  place(run / "afl/default/fuzzer_stats", "execs_done : 5\n");
  afl.prepare(run);
  EXPECT_TRUE(fs::exists(run / "afl/default/fuzzer_stats")) << "a queue that fuzzed is resumed";
}

// `twinbench fuzz --engine all --bugs` over a real seeded bug in both languages: AFL++ fuzzes
// the afl preset's builds, each run ends at its first detection, and triage reproduces it on the
// libFuzzer build as what libFuzzer finds (C: the heap overflow; Rust: the bounds check's
// panic). The checkout's own components and builds, in a scratch root (scripts/test builds the
// afl preset's bug builds first).
TEST(AflPlusPlusEngine, ACampaignOfEveryEngineDetectsASeededBugWithEachAndTriageReadsItOnce) {
  const fs::path source = TB_SOURCE_ROOT, afl_bin = TB_AFL_BIN;
  for (const char *twin : {"c", "rust"}) {
    ASSERT_TRUE(fs::exists(afl_bin / (std::string("bug_base64_tail_write_") + twin)))
        << "build the afl preset's bug builds first: cmake --build --preset afl --target "
           "bug_base64_tail_write_c bug_base64_tail_write_rust (scripts/test does)";
  }
  FakeCheckout checkout({});
  checkout.use_the_source_tree(source, {{"fuzz", source / "build/fuzz/bin"}, {"afl", afl_bin}});
  const fs::path root = checkout.root();
  auto twinbench = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {TB_CLI_BINARY, "--root", root.string()});
    args.insert(args.end(), {"--db", checkout.store().string()});
    return cli::run_captured(args, {}, 600);
  };

  const auto harness = twinbench({"fuzz", "--engine", "aflpp", "--harness"});
  EXPECT_EQ(harness.status.code, 2);
  EXPECT_NE(harness.output.find("--harness fuzzes the harness's readers with the libfuzzer engine "
                                "only"),
            std::string::npos)
      << harness.output;

  const auto engine_flags = twinbench({"fuzz", "--engine", "all", "--bugs", "base64-tail-write",
                                       "--campaign", "flags", "--", "-max_len=9"});
  EXPECT_EQ(engine_flags.status.code, 2);
  EXPECT_NE(engine_flags.output.find("flags after -- are one engine's"), std::string::npos)
      << engine_flags.output;

  // A bug AFL++'s builds cannot fuzz (a leak: its loop has no leak check) is libFuzzer's alone.
  const auto leak = twinbench({"fuzz", "--engine", "all", "--bugs", "ringbuf-resize-leak",
                               "--impls", "c", "--time", "2s", "--campaign", "leak",
                               "--minimize-time", "0", "--repro-tries", "1"});
  EXPECT_EQ(leak.status.code, 0) << leak.output;
  EXPECT_NE(leak.output.find("aflpp: left out"), std::string::npos) << leak.output;
  {
    cli::Store store(checkout.store());
    const auto runs = store.runs(store.find_campaign("leak").value().id);
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].engine, "libfuzzer");
  }

  const auto fuzzed =
      twinbench({"fuzz", "--engine", "all", "--bugs", "base64-tail-write", "--impls", "c,rust",
                 "--time", "60s", "--trials", "1", "--campaign", "truth", "--minimize-time", "1",
                 "--repro-tries", "1"});
  ASSERT_EQ(fuzzed.status.code, 0) << fuzzed.output;
  cli::Store store(checkout.store());
  const auto campaign = store.find_campaign("truth");
  ASSERT_TRUE(campaign);
  EXPECT_EQ(campaign->engines(), (std::vector<std::string>{"libfuzzer", "aflpp"}));
  const auto runs = store.runs(campaign->id);
  ASSERT_EQ(runs.size(), 4u) << "c and rust with each engine";
  std::set<std::string> engines_and_impls, dirs;
  for (const auto &r : runs) {
    engines_and_impls.insert(r.engine + "/" + r.impl);
    dirs.insert(r.dir);
    EXPECT_EQ(r.status, "done") << r.impl;
    ASSERT_TRUE(r.detected_seconds.has_value()) << r.impl << "\n" << fuzzed.output;
    EXPECT_LT(r.elapsed_seconds, 30) << r.impl << ": the run ended at its detection";
    ASSERT_TRUE(r.detected_execs.has_value()) << r.impl;
    EXPECT_LE(*r.detected_execs, r.execs) << r.impl;
    EXPECT_GT(r.execs, 0) << r.impl << " " << r.engine;
    EXPECT_EQ(r.detected_by,
              r.impl == "c" ? "Heap-buffer-overflow WRITE 1 (memory-safety)" : "Rust panic (panic)")
        << r.impl;
  }
  EXPECT_EQ(engines_and_impls,
            (std::set<std::string>{"aflpp/c", "aflpp/rust", "libfuzzer/c", "libfuzzer/rust"}));
  EXPECT_EQ(dirs.size(), 4u) << "each run its own folder";
  EXPECT_EQ(store.crashes(campaign->id).size(), 2u) << "one crash per language, both engines' "
                                                       "findings folded into it";
  for (const auto &crash : store.crashes(campaign->id)) {
    EXPECT_EQ(fs::path(crash.binary).parent_path().parent_path().filename(), "fuzz")
        << crash.type << ": reproduced on the libFuzzer build";
  }
}

} // namespace
} // namespace twinbench::test
