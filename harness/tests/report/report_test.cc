// The report, from a store with known content: the model carries the store's numbers, the HTML
// and Markdown show them, untrusted text is escaped, and headless Chromium renders a page a
// reader can use (the numbers visible, no console error, a "<script>" input shown as text).
#include <cmath>
#include <fstream>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "bench/bench_results.h"

#include "commands.h"
#include "common/process.h"
#include "common/project.h"
#include "fuzz/campaign.h"
#include "fuzz/triage.h"
#include "known_store.h"
#include "report/report.h"
#include "report/speed_overview.h"

namespace twinbench::test {
namespace {

using nlohmann::json;

class ReportTest : public testing::Test {
protected:
  TempDir dir_;
  cli::Store store_{dir_.path() / "store.db"};
  KnownStore known_ = fill_known_store(store_, dir_.path());
  cli::Project project_{dir_.path(), {{"base64", "base64", "docs/components/base64.md", {}}}};

  cli::ReportModel typed() {
    return cli::report_model(project_, store_,
                             {.campaign = store_.find_campaign(known_.campaign),
                              .bench = {store_.find_bench_run(known_.bench).value()}});
  }
  // report.json's form: the tests of the figures read it, so its keys stay what consumers read.
  json model() { return cli::to_json(typed()); }

  // scripts/check-report over this store and `report`, written as report.json.
  cli::Captured check_report(const json &report) {
    const fs::path file = dir_.path() / "report.json";
    std::ofstream(file) << report.dump();
    return cli::run_captured({TB_CHECK_REPORT, (dir_.path() / "store.db").string(), file.string()},
                             {}, 60);
  }

  // The known benchmark again as one stored run of `runs` runs of the binary: run r moves C by
  // 1% per run and Rust by 1.2%, so the runs' Rust/C ratios differ a little.
  cli::ReportModel across_runs(int runs) {
    if (store_.find_bench_run("known-bench-runs")) {
      return cli::report_model(project_, store_,
                               {.campaign = store_.find_campaign(known_.campaign),
                                .bench = {*store_.find_bench_run("known-bench-runs")}});
    }
    cli::BenchRunRow b = *store_.find_bench_run(known_.bench);
    b.name = "known-bench-runs";
    b.status = "running";
    b.runs = runs;
    b.id = store_.add_bench_run(b);
    const auto one = store_.bench_samples(store_.find_bench_run(known_.bench)->id);
    std::vector<cli::BenchSample> samples;
    for (int r = 0; r < runs; r++) {
      for (auto s : one) {
        s.run = r;
        s.bytes_per_second *= 1 + (s.impl == "rust" ? 0.012 : 0.01) * r;
        samples.push_back(s);
      }
    }
    store_.finish_bench_run(b.id, samples);
    return cli::report_model(project_, store_,
                             {.campaign = store_.find_campaign(known_.campaign),
                              .bench = {*store_.find_bench_run("known-bench-runs")}});
  }
};

const json &only_case(const json &model) {
  EXPECT_EQ(model["benchmarks"]["cases"].size(), 1u);
  return model["benchmarks"]["cases"][0];
}

TEST_F(ReportTest, ModelCarriesTheStoresCrashesAndFuzzingFigures) {
  const json m = model();
  const auto &counts = m["fuzzing"]["crash_counts"]["base64"];
  EXPECT_EQ(counts["c"]["total"], 1);
  EXPECT_EQ(counts["c"]["by_class"]["memory-safety"], 1);
  EXPECT_EQ(counts["rust"]["total"], 1);
  EXPECT_EQ(counts["rust"]["by_class"]["panic"], 1);
  EXPECT_FALSE(counts.contains("both"));
  // Each crash says whose target found it, in a reader's words.
  EXPECT_EQ(m["crashes"][0]["found_by"], "the C twin");
  const auto &fuzz = m["fuzzing"]["by_component"]["base64"];
  EXPECT_EQ(fuzz["c"]["execs"], 120000);
  EXPECT_DOUBLE_EQ(fuzz["c"]["execs_per_second"].get<double>(), 2000);
  EXPECT_EQ(fuzz["c"]["final_cov_median"], 400);
  EXPECT_EQ(fuzz["rust"]["final_cov_median"], 350);
  EXPECT_EQ(m["crashes"].size(), 2u);
  EXPECT_EQ(m["crashes"][0]["first_seen_elapsed_seconds"], 12);
  EXPECT_EQ(m["crashes"][0]["reproduce"], "scripts/twinbench repro 1");
  // Where it was seen: every campaign with its signature (here the one local campaign).
  ASSERT_EQ(m["crashes"][0]["found_in"].size(), 1u);
  EXPECT_EQ(m["crashes"][0]["found_in"][0], "known-campaign (local, crash 1, seen 1 times)");
}

TEST_F(ReportTest, ModelCarriesMediansRatioAndVerdict) {
  const json k = only_case(model());
  EXPECT_EQ(k["label"], "base64/encode/1 MiB");
  ASSERT_EQ(k["impls"].size(), 3u);
  EXPECT_EQ(k["impls"][0]["impl"], "c"); // the twins first, then baselines
  EXPECT_EQ(k["impls"][1]["impl"], "rust");
  EXPECT_DOUBLE_EQ(k["impls"][0]["median_mbps"]["value"].get<double>(), 1005);
  EXPECT_DOUBLE_EQ(k["impls"][1]["median_mbps"]["value"].get<double>(), 1105);
  EXPECT_DOUBLE_EQ(k["impls"][2]["median_mbps"]["value"].get<double>(), 1205);
  EXPECT_NEAR(k["rust_vs_c"]["ratio"]["value"].get<double>(), 1105.0 / 1005.0, 1e-12);
  // Every Rust repetition beats every C one: exact two-sided p = 2 / C(22, 11).
  EXPECT_NEAR(k["rust_vs_c"]["p"].get<double>(), 2.0 / 705432, 1e-12);
  EXPECT_EQ(k["rust_vs_c"]["verdict"], "Rust faster");
}

TEST_F(ReportTest, SummarySentencesCarryTheirNumbers) {
  const json m = model();
  ASSERT_EQ(m["summary"].size(), 2u);
  const std::string fuzz = m["summary"][0], speed = m["summary"][1];
  EXPECT_NE(fuzz.find("the C twins had 1 unique crash(es) (1 memory-safety)"), std::string::npos)
      << fuzz;
  EXPECT_NE(fuzz.find("the Rust twins 1 (1 panic)"), std::string::npos) << fuzz;
  // One run: its verdicts are not counted, its ratios are shown.
  EXPECT_NE(speed.find("one run of the benchmark binary, so no speed verdict is counted"),
            std::string::npos)
      << speed;
  EXPECT_EQ(speed.find("Rust was faster"), std::string::npos) << speed;
  EXPECT_NE(speed.find("from 1.100"), std::string::npos) << speed;

  const std::string across = across_runs(3).summary.at(1);
  EXPECT_NE(across.find("Speed across 3 runs of the benchmark binary"), std::string::npos)
      << across;
  EXPECT_NE(across.find("Rust was faster in 1, C in 0, and 0 showed no measurable difference"),
            std::string::npos)
      << across;
  EXPECT_NE(across.find("Holm-corrected over 1 comparisons"), std::string::npos) << across;
}

TEST_F(ReportTest, HarnessCrashesAreSaidInTheSummary) {
  const auto campaign = *store_.find_campaign(known_.campaign);
  cli::ArtifactRow a;
  a.run_id = store_.runs(campaign.id).at(0).id;
  a.path = (dir_.path() / "harness-crash").string();
  a.kind = "crash";
  a.found_at = "2026-11-21T08:00:30Z";
  ASSERT_TRUE(store_.add_artifact(a));
  cli::CrashRow crash;
  crash.campaign_id = campaign.id;
  crash.signature = "driver-bug";
  crash.component = "base64";
  crash.side = "harness";
  crash.type = "Stack-overflow";
  crash.crash_class = "stack-overflow";
  store_.fold_crash(crash, store_.untriaged_artifacts(campaign.id).back().id);
  const json m = model();
  ASSERT_EQ(m["summary"].size(), 3u);
  EXPECT_EQ(m["summary"][1],
            "The harness itself crashed 1 time(s) (1 stack-overflow): see the crash appendix; "
            "those runs tested less than their budget.");
}

TEST_F(ReportTest, HtmlShowsTheMainTableNumbersAndEscapesUntrustedText) {
  const std::string html = cli::render_html(typed());
  EXPECT_NE(html.find("1005 [1002, 1008]"), std::string::npos);
  EXPECT_NE(html.find("1105 [1102, 1108]"), std::string::npos);
  EXPECT_NE(html.find("1.100 ["), std::string::npos);
  EXPECT_NE(html.find("Rust faster"), std::string::npos);
  EXPECT_NE(html.find("120k / 90k"), std::string::npos); // main table, short
  EXPECT_NE(html.find(">120,000<"), std::string::npos);  // fuzzing table, exact
  EXPECT_NE(html.find("fuzz_base64_c"), std::string::npos);
  // The crash input and the environment are shown escaped, never as markup.
  EXPECT_NE(html.find("|&lt;script&gt;alert(1)|"), std::string::npos);
  EXPECT_NE(html.find("Test CPU &lt;b&gt;bold&lt;/b&gt;"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  // Self-contained: nothing is fetched.
  EXPECT_EQ(html.find("http://"), html.find("http://www.w3.org/2000/svg"));
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_NE(html.find("<svg"), std::string::npos);
}

TEST_F(ReportTest, MarkdownShowsTheMainTableAndReproductionCommands) {
  const std::string md = cli::render_markdown(typed());
  EXPECT_NE(md.find("| base64 | encode 1 MiB | 1005 \\[1002, 1008\\] | 1105 \\[1102, 1108\\] |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("&lt;b&gt;bold"), std::string::npos);
  EXPECT_EQ(md.find("<b>"), std::string::npos);
  EXPECT_NE(md.find("scripts/twinbench fuzz --components base64 --impls c,rust,diff --time 60s "
                    "--trials 1 --jobs 2 --timeout 10 --rss-limit-mb 2048 --campaign "
                    "known-campaign"),
            std::string::npos);
  EXPECT_NE(md.find("scripts/twinbench report --campaign known-campaign --bench known-bench"),
            std::string::npos);
}

TEST_F(ReportTest, ReportCommandWritesEveryFormatAndJsonIsTheModel) {
  cli::ReportOptions options;
  options.campaign = known_.campaign;
  options.bench = known_.bench;
  options.out = dir_.path() / "out";
  options.formats = {"html", "md", "json"};
  options.db = dir_.path() / "store.db";
  ASSERT_EQ(cli::report_command(project_, options), 0);
  for (const char *f : {"report.html", "report.md", "report.json", "charts/chart-1.svg"}) {
    EXPECT_TRUE(fs::exists(options.out / f)) << f;
  }
  json written = json::parse(cli::read_file(options.out / "report.json"));
  json expected = model();
  written.erase("generated");
  expected.erase("generated");
  EXPECT_EQ(written, expected);
}

// A report of a campaign and one benchmark run only (no coverage, ground truth or
// instructions) follows the schema too: its absent sections are what the schema allows.
TEST_F(ReportTest, AReportOfFewerSectionsFollowsTheSchema) {
  const fs::path file = dir_.path() / "report.json";
  for (const auto &m : {typed(), across_runs(3)}) {
    std::ofstream(file) << cli::to_json(m).dump();
    const auto checked = cli::run_captured({TB_CHECK_REPORT_SCHEMA, file.string()}, {}, 60);
    EXPECT_EQ(checked.status.code, 0) << checked.output;
  }
}

TEST_F(ReportTest, NothingToReportIsAClearError) {
  TempDir other;
  cli::Store empty(other.path() / "store.db");
  EXPECT_THROW(cli::report_model(project_, empty, {}), cli::UserError);
  cli::ReportOptions options;
  options.db = other.path() / "store.db";
  options.campaign = "no-such-campaign";
  EXPECT_THROW(cli::report_command(project_, options), cli::UserError);
}

bool has(const std::string &text, const std::string &part) {
  return text.find(part) != std::string::npos;
}

// Every sentence of a report, HTML and Markdown alike.
std::string all_text(const cli::ReportModel &m) {
  return cli::render_html(m) + "\n" + cli::render_markdown(m);
}

// A fuzz campaign of two engines: each unique crash says which engines' runs found it, the
// appendix counts them, and the per-target figures stay the first engine's runs.
TEST_F(ReportTest, ACrashSaysWhichEnginesFoundIt) {
  const int64_t id = store_.find_campaign(known_.campaign)->id;
  store_.db().exec("UPDATE campaigns SET engine = 'libfuzzer,aflpp'");
  cli::RunRow r;
  r.campaign_id = id;
  r.component = "base64";
  r.impl = "c";
  r.trial = 1;
  r.engine = "aflpp";
  r.status = "done";
  r.dir = "/nonexistent";
  r.id = store_.add_run(r);
  r.elapsed_seconds = 60;
  r.execs = 999;
  store_.record_progress(r, {});
  // AFL++ found the C twin's heap write too: its artifact folds into the same crash.
  store_.add_artifact({0, r.id, (dir_.path() / "crash-aflpp-000000").string(), "crash", 3,
                       "2026-11-21T08:00:03Z", std::nullopt});
  const auto artifact = store_.untriaged_artifacts(id).back();
  cli::CrashRow heap = store_.crashes(id).at(0);
  ASSERT_EQ(heap.signature, "heap-write");
  store_.fold_crash(heap, artifact.id);

  const cli::ReportModel m = typed();
  ASSERT_EQ(m.crashes.size(), 2u);
  EXPECT_EQ(m.crashes[0].engines, (std::vector<std::string>{"libFuzzer", "AFL++"}));
  EXPECT_EQ(m.crashes[1].engines, std::vector<std::string>{"libFuzzer"});
  EXPECT_EQ(m.fuzzing->by_component.at("base64").at("c").execs, 120000)
      << "the first engine's runs only";
  double first_engine_seconds = 0;
  for (const auto &[impl, t] : m.fuzzing->by_component.at("base64"))
    first_engine_seconds += t.seconds;
  EXPECT_DOUBLE_EQ(m.fuzzing->seconds_all_engines, first_engine_seconds + 60)
      << "the summary's fuzzing time is every engine's";
  const std::string text = all_text(m);
  EXPECT_TRUE(has(text, "1 by every engine (libFuzzer, AFL++), 1 by only libFuzzer")) << text;
  EXPECT_TRUE(has(text, "with each engine")) << text;
  EXPECT_TRUE(has(text, "--engine all")) << "the reproduce command";
}

TEST_F(ReportTest, MethodologyFactsComeFromTheCodeThatAppliesThem) {
  const cli::ReportModel m = typed();
  EXPECT_EQ(m.methodology.bootstrap_resamples, cli::stats::kResamples);
  EXPECT_EQ(m.methodology.confidence, cli::stats::kConfidence);
  EXPECT_EQ(m.methodology.alpha, cli::stats::kAlpha);
  EXPECT_EQ(m.methodology.noise, cli::stats::kNoise);
  EXPECT_EQ(m.methodology.exact_test_max, cli::stats::kExactMax);
  EXPECT_EQ(m.methodology.repro_tries, cli::kReproTries);
  EXPECT_EQ(m.methodology.signature_frames, cli::kSignatureFrames);
  // `twinbench fuzz --repro-tries` defaults to the figure the report quotes.
  EXPECT_EQ(cli::FuzzOptions{}.repro_tries, cli::kReproTries);
  EXPECT_EQ(model()["methodology"]["bootstrap_resamples"], cli::stats::kResamples);
  // The summary's test settings, from stats.h.
  const std::string speed = across_runs(3).summary.at(1);
  EXPECT_TRUE(has(speed, fmt::format("at {:g}; differences under {}", cli::stats::kAlpha,
                                     cli::percent_text(cli::stats::kNoise))))
      << speed;
}

// Changed settings change the words: no sentence states a setting from a literal.
TEST_F(ReportTest, MethodologySentencesFollowTheModel) {
  cli::ReportModel m = typed();
  m.methodology.bootstrap_resamples = 1234;
  m.methodology.confidence = 0.9;
  m.methodology.alpha = 0.01;
  m.methodology.noise = 0.05;
  m.methodology.exact_test_max = 40;
  m.methodology.repro_tries = 7;
  m.methodology.signature_frames = 5;
  m.methodology.input_dump_limit = 8;
  m.crashes.at(0).input_dump_cut = true; // as if its input were longer than the limit
  const std::string text = all_text(m);
  for (const char *expected :
       {"(1,234 resamples", "a 90% percentile bootstrap interval", "C MB/s [90% CI]",
        "whiskers: 90% bootstrap interval", "up to 40 repetitions", "Holm-adjusted p &lt; 0.01 and",
        "by at least 5%", "re-run 7 times", "top 5 frames", "dump shows the first 8)"}) {
    EXPECT_TRUE(has(text, expected)) << expected;
  }
  for (const char *gone : {"10 000", "10,000", "95%", "three", "4096"}) {
    EXPECT_FALSE(has(text, gone)) << gone;
  }
}

TEST_F(ReportTest, TheBuildFlagsPrintedAreThoseStoredWithTheRun) {
  cli::ReportModel m = typed();
  EXPECT_TRUE(has(all_text(m), "Per-implementation flags: not recorded with this run"));
  cli::ImplementationFlags c{"base64", "c", "c"}, rust{"base64", "rust", "rust"};
  c.sources = {"base64.c"};
  c.opt_levels = {"3"};
  c.lto = {false};
  c.flags = {"-O3"};
  rust.sources = {"tb_base64"};
  rust.opt_levels = {"3"};
  rust.lto = {false};
  rust.flags = {"-Copt-level=3 -Ccodegen-units=1"};
  m.benchmarks->run.environment.flags = {"bench", {c, rust}, {}};
  std::string text = all_text(m);
  EXPECT_TRUE(has(text, "C -O3, no LTO (`-O3`): base64/c")) << text;
  EXPECT_TRUE(
      has(text, "Rust opt-level=3, no LTO (`-Copt-level=3 -Ccodegen-units=1`): base64/rust"));
  EXPECT_TRUE(has(text, "Both languages at one optimisation level and one LTO setting"));
  // Had only Rust been built with LTO, the report would say so.
  m.benchmarks->run.environment.flags.implementations[1].lto = {true};
  text = all_text(m);
  EXPECT_TRUE(has(text, "Not alike: bench: link-time optimisation differs")) << text;
}

TEST_F(ReportTest, BaselinesAreNamedFromTheBenchmarkCases) {
  EXPECT_TRUE(has(all_text(typed()), "Baselines (openssl for base64) are timed"));

  // A run whose baselines are called differently names those, per component.
  cli::BenchRunRow b = *store_.find_bench_run(known_.bench);
  b.name = "other-baselines";
  b.status = "running";
  b.id = store_.add_bench_run(b);
  std::vector<cli::BenchSample> samples;
  for (const auto &[comp, impl] : {std::pair{"base64", "c"},
                                   {"base64", "rust"},
                                   {"base64", "libfoo"},
                                   {"base64", "bar_crate"},
                                   {"json", "c"},
                                   {"json", "yyjson"}}) {
    for (int rep = 0; rep < 5; rep++) {
      samples.push_back({fmt::format("{}/encode/64/{}", comp, impl), comp, "encode", impl, 64, rep,
                         1000, 100, 100, (500.0 + rep) * 1e6});
    }
  }
  store_.finish_bench_run(b.id, samples);
  const cli::ReportModel m = cli::report_model(
      project_, store_, {.bench = {store_.find_bench_run("other-baselines").value()}});
  const std::string text = all_text(m);
  EXPECT_TRUE(has(text, "Baselines (bar_crate and libfoo for base64; yyjson for json) are timed"))
      << cli::to_json(m)["threats"];
  EXPECT_FALSE(has(text, "openssl"));
  EXPECT_FALSE(has(text, "OpenSSL"));
  EXPECT_EQ(cli::to_json(m)["benchmarks"]["baselines"]["json"], json::array({"yyjson"}));
}

TEST_F(ReportTest, NoBaselinesNoBaselineSentence) {
  cli::BenchRunRow b = *store_.find_bench_run(known_.bench);
  b.name = "twins-only";
  b.status = "running";
  b.id = store_.add_bench_run(b);
  std::vector<cli::BenchSample> samples;
  for (const char *impl : {"c", "rust"}) {
    for (int rep = 0; rep < 5; rep++) {
      samples.push_back({fmt::format("base64/encode/64/{}", impl), "base64", "encode", impl, 64,
                         rep, 1000, 100, 100, (500.0 + rep) * 1e6});
    }
  }
  store_.finish_bench_run(b.id, samples);
  const auto m =
      cli::report_model(project_, store_, {.bench = {store_.find_bench_run("twins-only").value()}});
  EXPECT_FALSE(has(all_text(m), "Baselines"));
}

// What the run's command and Google Benchmark's own JSON say, the methodology says.
TEST_F(ReportTest, BenchmarkLibraryAndScheduleComeFromTheRun) {
  const std::string plain = all_text(typed());
  EXPECT_FALSE(has(plain, "library_build_type")); // no results.json: nothing claimed
  EXPECT_FALSE(has(plain, "interleaved"));        // the known run's command does not ask for it
  EXPECT_TRUE(has(plain, "Compiled with Debian clang version 19.1.7"));
  EXPECT_TRUE(has(plain, "The runs: one libFuzzer process per target and trial"));

  const fs::path results = dir_.path() / "gb" / "results.json";
  fs::create_directories(results.parent_path());
  std::ofstream(results) << R"({"context": {"library_version": "v9.9.9",
      "library_build_type": "debug"}, "benchmarks": [{"name": "x", "cv": NaN}]})";
  cli::BenchRunRow b = *store_.find_bench_run(known_.bench);
  b.name = "with-library";
  b.status = "running";
  b.command = {"twinbench_bench", "--benchmark_enable_random_interleaving=true",
               "--benchmark_out=" + results.string()};
  b.id = store_.add_bench_run(b);
  store_.finish_bench_run(b.id, store_.bench_samples(store_.find_bench_run(known_.bench)->id));
  const auto m = cli::report_model(project_, store_,
                                   {.bench = {store_.find_bench_run("with-library").value()}});
  const std::string text = all_text(m);
  EXPECT_TRUE(has(fmt::format("{}", fmt::join(m.threats, "\n")),
                  "Google Benchmark v9.9.9 reports library_build_type \"debug\""))
      << cli::to_json(m)["threats"];
  EXPECT_TRUE(has(text, "Google Benchmark v9.9.9, one binary"));
  EXPECT_TRUE(has(text, "randomly interleaved"));
  EXPECT_FALSE(has(text, "1.7.1"));
}

TEST_F(ReportTest, InstructionCountsStandBesideTheTimesWithTheirRatioAndCommand) {
  cli::BenchRunRow b = *store_.find_bench_run(known_.bench);
  b.name = "counted";
  b.status = "running";
  b.measure = "instructions";
  b.id = store_.add_bench_run(b);
  auto count = [](const char *impl, int64_t ir, int64_t l1_misses) {
    cli::InstructionCount c;
    c.name = fmt::format("base64/encode/1048576/{}", impl);
    c.component = "base64";
    c.case_name = "encode";
    c.size = 1048576;
    c.impl = impl;
    c.iterations = 10;
    c.bytes_per_operation = 1048576;
    c.ir = ir;
    c.d1mr = l1_misses;
    return c;
  };
  // 2 and 3 instructions per byte; Rust's 10 485 760 L1 misses are LL hits, 4 cycles more each.
  store_.finish_instruction_run(b.id, {count("c", 20971520, 0), count("rust", 31457280, 10485760)});
  const auto m = cli::report_model(project_, store_,
                                   {.bench = {store_.find_bench_run(known_.bench).value()},
                                    .instructions = store_.find_bench_run("counted")});
  const json j = cli::to_json(m);
  const json &k = j["instructions"]["cases"][0];
  EXPECT_EQ(k["label"], "base64/encode/1 MiB");
  EXPECT_DOUBLE_EQ(k["impls"][0]["instructions_per_byte"].get<double>(), 2.0);
  EXPECT_DOUBLE_EQ(k["impls"][1]["estimated_cycles_per_byte"].get<double>(), 3.0 + 4.0);
  EXPECT_DOUBLE_EQ(k["rust_vs_c"]["instructions"].get<double>(), 1.5);
  EXPECT_DOUBLE_EQ(k["rust_vs_c"]["estimated_cycles"].get<double>(), 3.5);
  const std::string html = cli::render_html(m);
  EXPECT_TRUE(has(html, "<td class=\"num\">1.500</td>")) << "the main table's instruction ratio";
  EXPECT_TRUE(has(html, "Instructions per byte"));
  const std::string text = all_text(m);
  EXPECT_TRUE(has(text, "Rust executed more instructions per byte than C in 1 of 1 cases"));
  EXPECT_TRUE(has(text, "Instruction counts are not time"));
  EXPECT_TRUE(has(text, "scripts/twinbench bench --measure instructions --components base64 "
                        "--name counted"));
  EXPECT_TRUE(has(text, "--bench known-bench --instructions counted"));
}

// A stored run of base64/encode/64 B with 4 runs of 5 repetitions: each implementation's
// median MB/s, every run shifted by a machine state all implementations share (2% a run), and
// Rust through the API up and down by `jitter` in turn, so the runs' ratios vary about its median.
cli::BenchRunRow ffi_run(cli::Store &store, const cli::BenchRunRow &like, const std::string &name,
                         const std::vector<std::pair<std::string, double>> &medians,
                         double jitter) {
  cli::BenchRunRow b = like;
  b.name = name;
  b.status = "running";
  b.runs = 4;
  b.id = store.add_bench_run(b);
  std::vector<cli::BenchSample> samples;
  for (int run = 0; run < 4; run++) {
    for (const auto &[impl, median] : medians) {
      const double shift = (1 + 0.02 * run) * (impl != "rust" ? 1
                                               : run % 2      ? 1 + jitter
                                                              : 1 - jitter);
      for (int rep = 0; rep < 5; rep++) {
        cli::BenchSample s{fmt::format("base64/encode/64/{}", impl),
                           "base64",
                           "encode",
                           impl,
                           64,
                           rep,
                           1000,
                           100,
                           100,
                           (median - 2 + rep) * shift * 1e6};
        s.run = run;
        samples.push_back(s);
      }
    }
  }
  store.finish_bench_run(b.id, samples);
  return *store.find_bench_run(name);
}

TEST_F(ReportTest, TheFfiApartTableSplitsRustsTimeIntoCrossingAndCode) {
  // Via the API C 1000 and Rust 800 MB/s; natively (each twin looped in its own language) both
  // 1100: the loop shape costs both twins alike, and a fifth of Rust's time via the API was the
  // crossing.
  const auto run =
      ffi_run(store_, *store_.find_bench_run(known_.bench), "with-native",
              {{"c", 1000}, {"rust", 800}, {"c-native", 1100}, {"rust-native", 1100}}, 0.004);
  const auto m = cli::report_model(project_, store_, {.bench = {run}});
  ASSERT_EQ(m.benchmarks->cases.size(), 1u);
  const auto &k = m.benchmarks->cases[0];
  ASSERT_TRUE(cli::ffi_share(k));
  EXPECT_NEAR(cli::ffi_share(k)->value, 0.2, 0.002);
  EXPECT_TRUE(cli::ffi_share(k)->measurable);
  EXPECT_LE(cli::ffi_share(k)->low, 0.2);
  EXPECT_GE(cli::ffi_share(k)->high, 0.199);
  EXPECT_EQ(k.ffi_vs_native->first_impl, "rust-native/c-native");
  EXPECT_EQ(k.ffi_vs_native->second_impl, "rust/c");
  EXPECT_EQ(k.ffi_vs_native->runs, 4);
  // Natively the twins are compared loop to loop, C native against Rust native.
  EXPECT_EQ(k.native_vs_c->first_impl, "c-native");
  EXPECT_NEAR(k.native_vs_c->ratio.value, 1.0, 1e-12);
  EXPECT_EQ(k.native_vs_c->verdict, cli::stats::Verdict::no_difference);
  EXPECT_EQ(k.rust_vs_c->verdict, cli::stats::Verdict::first_faster);
  EXPECT_EQ(m.benchmarks->comparisons, 3u) << "via the API, natively, the FFI's share";
  const json j = cli::to_json(m);
  EXPECT_TRUE(j["benchmarks"]["cases"][0].contains("rust_native_vs_c"));
  EXPECT_TRUE(j["benchmarks"]["baselines"].empty()) << "native loops are no baselines";
  const std::string text = all_text(m);
  EXPECT_TRUE(has(text, "The FFI apart"));
  EXPECT_TRUE(has(text, "<td class=\"num\">20.0% [")) << text;
  EXPECT_TRUE(has(fmt::format("{}", fmt::join(m.summary, "\n")),
                  "where it cost a measurable share (1 of 1 cases), crossing the C ABI once per "
                  "operation took from 20% (base64/encode/64 B) to 20% (base64/encode/64 B) of "
                  "the Rust twin's time"));
}

TEST_F(ReportTest, AMeasurableShareBelowZeroIsNotCalledACostOfTheCrossing) {
  // Natively Rust/C is 0.9, through the API 1.0: the table path cost C more than Rust.
  const auto run =
      ffi_run(store_, *store_.find_bench_run(known_.bench), "api-favours-rust",
              {{"c", 1000}, {"rust", 1000}, {"c-native", 1250}, {"rust-native", 1125}}, 0.004);
  const auto m = cli::report_model(project_, store_, {.bench = {run}});
  const auto share = cli::ffi_share(m.benchmarks->cases.at(0));
  ASSERT_TRUE(share);
  EXPECT_NEAR(share->value, -0.111, 0.002);
  EXPECT_TRUE(share->measurable);
  const std::string summary = fmt::format("{}", fmt::join(m.summary, "\n"));
  EXPECT_FALSE(has(summary, "took from -")) << summary;
  EXPECT_TRUE(has(summary, "in none of 1 cases did crossing the C ABI once per operation cost "
                           "a measurable share"))
      << summary;
  EXPECT_TRUE(has(summary, "In 1 case(s) (base64/encode/64 B) Rust/C was measurably higher "
                           "through the API than natively"))
      << summary;
}

TEST_F(ReportTest, TheLoopShapesCostCancelsOutOfTheFfisShare) {
  // Natively both twins run 25% faster than through the table: that is the C++ loop and the
  // indirect call, paid by both, not the FFI. Rust/C is 1 both ways: no share to report.
  const auto run =
      ffi_run(store_, *store_.find_bench_run(known_.bench), "loop-costs-both",
              {{"c", 1000}, {"rust", 1000}, {"c-native", 1250}, {"rust-native", 1250}}, 0.004);
  const auto share =
      cli::ffi_share(cli::report_model(project_, store_, {.bench = {run}}).benchmarks->cases.at(0));
  ASSERT_TRUE(share);
  EXPECT_NEAR(share->value, 0, 0.003) << "not the 20% a comparison with Rust native alone shows";
  EXPECT_FALSE(share->measurable);
}

TEST_F(ReportTest, OneRunGivesNoFfiShare) {
  cli::BenchRunRow b = *store_.find_bench_run(known_.bench);
  b.name = "one-run-native";
  b.status = "running";
  b.id = store_.add_bench_run(b);
  std::vector<cli::BenchSample> samples;
  for (const auto &[impl, base] :
       {std::pair{"c", 995}, {"rust", 795}, {"c-native", 995}, {"rust-native", 995}}) {
    for (int rep = 0; rep < 11; rep++) {
      samples.push_back({fmt::format("base64/encode/64/{}", impl), "base64", "encode", impl, 64,
                         rep, 1000, 100, 100, (base + rep) * 1e6});
    }
  }
  store_.finish_bench_run(b.id, samples);
  const auto m = cli::report_model(project_, store_,
                                   {.bench = {store_.find_bench_run("one-run-native").value()}});
  EXPECT_FALSE(cli::ffi_share(m.benchmarks->cases.at(0))) << "one ratio per run: no interval";
  EXPECT_FALSE(has(all_text(m), "The FFI apart"));
}

TEST_F(ReportTest, AnFfiCostWithinNoiseIsNoMeasurableDifferenceNeverANegativeShare) {
  // Rust via the API measures 1% faster relative to C than natively: within noise.
  const auto run =
      ffi_run(store_, *store_.find_bench_run(known_.bench), "native-alike",
              {{"c", 1000}, {"rust", 1010}, {"c-native", 1000}, {"rust-native", 1000}}, 0.004);
  const auto m = cli::report_model(project_, store_, {.bench = {run}});
  const auto share = cli::ffi_share(m.benchmarks->cases.at(0));
  ASSERT_TRUE(share);
  EXPECT_LT(share->value, 0);      // the native loop measured slower ...
  EXPECT_FALSE(share->measurable); // ... by less than the noise threshold
  const std::string text = all_text(m);
  EXPECT_TRUE(has(text, "no measurable difference [")) << text;
  EXPECT_FALSE(has(text, "<td class=\"num\">-1.0%")) << text;
  EXPECT_TRUE(has(fmt::format("{}", fmt::join(m.summary, "\n")),
                  "in none of 1 cases did crossing the C ABI once per operation cost a "
                  "measurable share"));
}

TEST_F(ReportTest, AVerdictAcrossRunsComesFromTheRunsLogRatios) {
  const cli::ReportModel m = across_runs(3);
  const cli::BenchCase &k = m.benchmarks->cases.at(0);
  ASSERT_TRUE(k.rust_vs_c);
  EXPECT_EQ(k.rust_vs_c->runs, 3);
  ASSERT_TRUE(k.rust_vs_c->across);
  EXPECT_EQ(k.rust_vs_c->across->degrees_of_freedom, 2);
  EXPECT_FALSE(k.rust_vs_c->test) << "no Mann-Whitney across runs";
  EXPECT_EQ(k.rust_vs_c->a12, 1); // every Rust repetition outran every C one
  // exp(mean(log(1105 (1 + 0.012 r) / (1005 (1 + 0.01 r))))), r = 0, 1, 2
  double sum = 0;
  for (int r = 0; r < 3; r++) sum += std::log(1105 * (1 + 0.012 * r) / (1005 * (1 + 0.01 * r)));
  EXPECT_NEAR(k.rust_vs_c->ratio.value, std::exp(sum / 3), 1e-9);
  EXPECT_EQ(k.rust_vs_c->verdict_text(), "Rust faster");
  const json j = cli::to_json(m)["benchmarks"]["cases"][0]["rust_vs_c"];
  EXPECT_EQ(j["test"], "t-test-of-log-ratios-across-runs");
  EXPECT_EQ(j["runs"], 3);
  EXPECT_EQ(j["p_holm"], j["p"]); // a family of one
  const std::string text = all_text(m);
  EXPECT_TRUE(has(text, "Statistics across 3 runs")) << text;
  EXPECT_TRUE(has(text, "Between runs, one implementation&#39;s median in one case moved by up "
                        "to 2.") ||
              has(text, "Between runs, one implementation's median in one case moved by up to 2."))
      << text;
}

TEST_F(ReportTest, PagesOneAndTwoHoldASpeedRowPerComponentThenTheAppendixContents) {
  const cli::ReportModel m = across_runs(3);
  const cli::Table speed = cli::speed_overview_table(m);
  ASSERT_EQ(speed.rows.size(), 1u);
  EXPECT_EQ(speed.rows[0][0].text, "base64");
  EXPECT_EQ(speed.rows[0][1].text, "Rust twin over C twin");
  EXPECT_EQ(speed.rows[0][2].text, "1"); // cases
  EXPECT_EQ(speed.rows[0][3].text, "1"); // Rust faster
  EXPECT_EQ(speed.rows[0][4].text, "0");
  EXPECT_TRUE(has(cli::speed_overview_caption(m), "across 3 runs"));
  EXPECT_TRUE(has(cli::speed_overview_caption(typed()), "these verdicts are within that run"));
  // What MB/s was timed by is said from the cases: here one case in wall time.
  cli::ReportModel wall = m;
  wall.benchmarks->cases[0].impls[0].timing = "wall";
  EXPECT_TRUE(has(cli::speed_overview_caption(wall),
                  "(MB/s of input, thread CPU time (wall time: base64 encode))"))
      << cli::speed_overview_caption(wall);

  const std::string html = cli::render_html(m);
  const size_t summary = html.find("id=\"summary\""), overview = html.find("id=\"speed\""),
               contents = html.find("<nav id=\"contents\">"), main = html.find("id=\"main\"");
  ASSERT_NE(contents, std::string::npos);
  EXPECT_LT(summary, overview);
  EXPECT_LT(overview, contents);
  EXPECT_LT(contents, main);
  // The contents list what follows, read from it: every appendix section, linked.
  EXPECT_TRUE(has(html, "<li><a href=\"#main\">The twins: crashes beside throughput</a></li>"));
  EXPECT_TRUE(has(html, "<li><a href=\"#methodology\">Methodology</a></li>"));
  EXPECT_FALSE(has(html, "<li><a href=\"#speed\">")) << "page 1-2 sections are not appendix";
  const std::string md = cli::render_markdown(m);
  EXPECT_TRUE(has(md, "## Appendix\n\n1. The twins: crashes beside throughput\n"));
}

TEST_F(ReportTest, StoredRunsOfOneBuildTakenTogetherAreRunsOfOneBenchmark) {
  // A second run of the same build, every figure 10% lower: the whole run shifted.
  cli::BenchRunRow b = *store_.find_bench_run(known_.bench);
  b.name = "known-bench-again";
  b.status = "running";
  b.id = store_.add_bench_run(b);
  auto samples = store_.bench_samples(store_.find_bench_run(known_.bench)->id);
  for (auto &s : samples) s.bytes_per_second *= 0.9;
  store_.finish_bench_run(b.id, samples);
  const auto runs =
      cli::pooled_runs(store_, {known_.bench, "known-bench-again"}, dir_.path() / "store.db");
  const auto m = cli::report_model(project_, store_, {.bench = runs});
  const json j = cli::to_json(m);
  EXPECT_EQ(j["benchmarks"]["run"]["pooled"], json({"known-bench", "known-bench-again"}));
  const json &rust = j["benchmarks"]["cases"][0]["rust_vs_c"];
  EXPECT_EQ(rust["runs"], 2); // each stored run's one run of the binary
  EXPECT_EQ(rust["test"], "t-test-of-log-ratios-across-runs");
  EXPECT_NEAR(rust["ratio"]["value"].get<double>(), 1.1, 0.01);
  EXPECT_EQ(rust["verdict"], "Rust faster"); // the shift hit both twins of each run alike
  // C's interval spans both runs' levels, about 905 and 1005.
  const json &c = j["benchmarks"]["cases"][0]["impls"][0]["median_mbps"];
  EXPECT_LT(c["low"].get<double>(), 905);
  EXPECT_GT(c["high"].get<double>(), 1005);
  const std::string text = all_text(m);
  EXPECT_TRUE(has(text, "Stored runs taken together: 2 (known-bench, known-bench-again)"));
  EXPECT_TRUE(has(text, "moved by up to 10.5%")) << text; // (1005 - 904.5) / 954.75
  EXPECT_TRUE(has(text, "--bench known-bench,known-bench-again"));

  // Another build is not pooled.
  nlohmann::json env = store_.environment(b.environment_id);
  env["git_revision"] = "fedcba98";
  b.name = "other-build";
  b.status = "running";
  b.environment_id = store_.add_environment(env);
  b.id = store_.add_bench_run(b);
  store_.finish_bench_run(b.id, samples);
  EXPECT_THROW(cli::pooled_runs(store_, {known_.bench, "other-build"}, dir_.path() / "store.db"),
               cli::UserError);
}

// What a reader sees: Chromium prints the page to PDF, pdftotext reads the rendered text back.
TEST_F(ReportTest, ChromiumRendersTheNumbersAndShowsScriptAsText) {
  auto chromium = cli::find_chromium();
  ASSERT_TRUE(chromium) << "Debian's chromium is needed: scripts/bootstrap --chromium";
  const fs::path html = dir_.path() / "report.html", pdf = dir_.path() / "report.pdf";
  std::ofstream(html) << cli::render_html(typed());

  cli::print_pdf(*chromium, html, pdf);
  auto text = cli::run_captured({"/usr/bin/pdftotext", "-layout", pdf.string(), "-"}, {}, 60);
  ASSERT_TRUE(text.status.ok()) << "pdftotext (poppler-utils) failed: " << text.output;
  for (const char *visible : {"1005 [1002, 1008]", "1105 [1102, 1108]", "1.100 [", "Rust faster",
                              "|<script>alert(1)|", "Test CPU <b>bold</b>"}) {
    EXPECT_NE(text.output.find(visible), std::string::npos) << visible << "\n" << text.output;
  }

  // The DOM after rendering holds no script element, and the console stayed silent (a blocked
  // fetch or a script error would be logged as CONSOLE).
  const fs::path profile = dir_.path() / "profile";
  auto dom = cli::run_captured({chromium->string(), "--headless", "--no-sandbox", "--disable-gpu",
                                "--user-data-dir=" + profile.string(), "--enable-logging=stderr",
                                "--v=0", "--dump-dom", "file://" + html.string()},
                               {}, 120);
  ASSERT_TRUE(dom.status.ok()) << dom.output;
  EXPECT_NE(dom.output.find("<svg"), std::string::npos);
  EXPECT_EQ(dom.output.find("<script"), std::string::npos);
  EXPECT_EQ(dom.output.find("CONSOLE"), std::string::npos) << dom.output;
}

} // namespace
} // namespace twinbench::test

namespace twinbench::test {
namespace {

// The safety half, from a store with a known ground-truth campaign and consequences run.
class GroundTruthReportTest : public ReportTest {
protected:
  void SetUp() override {
    project_.components[0].implementations = {{"c", "c", "twin", "targets_c/base64"},
                                              {"rust", "rust", "twin", "targets_rust/base64"}};
    cli::Bug bug;
    bug.id = "base64-x";
    bug.component = "base64";
    bug.bug_class = "out-of-bounds-write";
    bug.cwe = "CWE-787";
    bug.title = "A <b>title</b>";
    bug.c = cli::parse_expectation("memory-safety:Heap-buffer-overflow WRITE");
    bug.rust = cli::parse_expectation("panic:decode.rs");
    bug.witness = dir_.path() / "corpora/base64/bugs/base64-x";
    project_.bugs = {bug};

    cli::CampaignRow c;
    c.name = "truth";
    c.created = "2026-11-23T00:00:00Z";
    c.environment_id = store_.add_environment({{"cpu", "t"}});
    c.budget_seconds = 10;
    c.trials = 3;
    c.jobs = 2;
    c.components = {"base64"};
    c.impls = {"c", "rust"};
    c.bugs = {"base64-x"};
    c.status = "done";
    c.id = store_.add_campaign(c);
    // C detects at 1, 2 and 3 s; Rust at 4 and 6 s, and one trial never does (censored at 10).
    const std::vector<std::tuple<std::string, int, std::optional<double>>> trials = {
        {"c", 1, 1.0},
        {"c", 2, 2.0},
        {"c", 3, 3.0},
        {"rust", 1, 4.0},
        {"rust", 2, 6.0},
        {"rust", 3, std::nullopt},
        // The C twin with the integer sanitizers: detects at 0.5, 0.7 and 0.9 s.
        {"c+int", 1, 0.5},
        {"c+int", 2, 0.7},
        {"c+int", 3, 0.9}};
    for (const auto &[impl, trial, detected] : trials) {
      cli::RunRow r;
      r.campaign_id = c.id;
      r.component = "base64";
      r.impl = impl;
      r.bug = "base64-x";
      r.trial = trial;
      r.status = "done";
      r.dir = "/nonexistent";
      r.id = store_.add_run(r);
      r.elapsed_seconds = detected.value_or(10);
      r.reached_seconds = 0.1;
      r.triggered_seconds = detected;
      r.detected_seconds = detected;
      r.execs = static_cast<int64_t>(r.elapsed_seconds * 1000); // 1000 executions a second
      if (detected) r.detected_execs = static_cast<int64_t>(*detected * 1000);
      store_.record_progress(r, {});
      if (detected) {
        store_.set_detected_by(r.id, impl.starts_with("c")
                                         ? "Heap-buffer-overflow WRITE 1 (memory-safety)"
                                         : "Rust panic (panic)");
      }
    }
    store_.add_consequence_run(
        {0, "consequences-1", "2026-11-23T00:00:00Z", c.environment_id},
        {{"base64-x", "base64", "out-of-bounds-write", "c", "memory-corruption", "guard written",
          true, "error: Invalid write of size 1", "", "replay c"},
         {"base64-x", "base64", "out-of-bounds-write", "rust", "panic", "panicked", true,
          "no error", "", "replay rust"}});
  }

  // One more Rust trial of the ground-truth campaign, ended by a finding at `seconds`; triaged
  // as `detected_by` ("": not triaged yet).
  void add_rust_trial_ended_at_a_finding(int trial, double seconds,
                                         const std::string &detected_by = "") {
    cli::RunRow r;
    r.campaign_id = store_.find_campaign("truth")->id;
    r.component = "base64";
    r.impl = "rust";
    r.bug = "base64-x";
    r.trial = trial;
    r.status = "done";
    r.dir = "/nonexistent";
    r.id = store_.add_run(r);
    r.elapsed_seconds = seconds;
    r.detected_seconds = seconds;
    store_.record_progress(r, {});
    if (!detected_by.empty()) store_.set_detected_by(r.id, detected_by);
  }

  cli::ReportModel with_truth() {
    return cli::report_model(project_, store_,
                             {.campaign = store_.find_campaign(known_.campaign),
                              .bench = {store_.find_bench_run(known_.bench).value()},
                              .ground_truth = store_.find_campaign("truth")});
  }
};

// The first page's sentence on `unsafe` is computed: the same store read with the bug's Rust
// mistake recorded as inside `unsafe` at the C boundary says so, and where the release builds
// corrupted memory (none of Rust's here: it panicked) it counts them.
TEST_F(GroundTruthReportTest, TheSentenceOnUnsafeFollowsTheCatalogue) {
  auto sentence = [&] {
    for (const auto &s : with_truth().safety) {
      if (s.starts_with("Rust mistakes inside unsafe")) return s;
    }
    return std::string("no sentence on unsafe");
  };
  EXPECT_EQ(sentence(), "Rust mistakes inside unsafe: 0 of 1; of the 0 Rust release builds that "
                        "corrupted memory or leaked data, 0.");
  project_.bugs[0].rust_unsafe = true;
  project_.bugs[0].unsafe_for = "c-boundary";
  EXPECT_EQ(sentence(), "Rust mistakes inside unsafe: 1 of 1 (at the C boundary: base64-x); of the "
                        "0 Rust release builds that corrupted memory or leaked data, 0.");
  const std::string html = cli::render_html(with_truth());
  EXPECT_NE(html.find("<td>FFI</td>"), std::string::npos) << "the safety table's column";
  EXPECT_NE(html.find("CWE-787"), std::string::npos);
}

// What Rust let through silently is said apart by where the mistake lives: inside `unsafe` no
// bounds check runs; in safe code one ran and passed.
TEST_F(GroundTruthReportTest, WhatRustDidNotPreventSaysWhetherItWasInsideUnsafe) {
  store_.add_consequence_run(
      {0, "consequences-2", "2026-11-24T00:00:00Z", store_.add_environment({{"cpu", "t"}})},
      {{"base64-x", "base64", "out-of-bounds-write", "c", "memory-corruption", "guard written",
        true, "error: Invalid write of size 1", "", "replay c"},
       {"base64-x", "base64", "out-of-bounds-write", "rust", "memory-corruption", "guard written",
        true, "error: Invalid write of size 1", "", "replay rust"}});
  auto sentence = [&] {
    for (const auto &s : with_truth().safety) {
      if (s.starts_with("What Rust did not prevent")) return s;
    }
    return std::string("no sentence on what Rust did not prevent");
  };
  EXPECT_NE(sentence().find("in safe code, where a bounds check passes a length that is wrong "
                            "but within the buffer: base64-x."),
            std::string::npos)
      << sentence();
  project_.bugs[0].rust_unsafe = true;
  project_.bugs[0].unsafe_for = "speed";
  EXPECT_NE(sentence().find("inside unsafe, where no bounds check runs: base64-x."),
            std::string::npos)
      << sentence();
  EXPECT_EQ(sentence().find("in safe code"), std::string::npos) << sentence();
}

TEST_F(GroundTruthReportTest, AGroundTruthCampaignAloneIsAReport) {
  const auto model =
      cli::report_model(project_, store_, {.ground_truth = store_.find_campaign("truth")});
  ASSERT_TRUE(model.ground_truth && model.ground_truth->campaign);
  EXPECT_FALSE(model.fuzzing);
  EXPECT_FALSE(model.benchmarks);
  EXPECT_EQ(model.ground_truth->bugs.at(0).c.detected, 3);
  const std::string html = cli::render_html(model);
  EXPECT_NE(html.find("base64-x"), std::string::npos);
  // RMST of C, detections at 1, 2 and 3 s: the mean, 2 s; the Rust trial that never detected
  // ended at the budget, none was stopped by an unrelated finding.
  EXPECT_NEAR(model.ground_truth->bugs.at(0).c.rmst->value, 2, 1e-12);
  EXPECT_EQ(model.ground_truth->bugs.at(0).rust.censored_at_budget, 1);
  EXPECT_EQ(model.ground_truth->bugs.at(0).rust.unattributed, 0);
  // Page 1 says what the store lacks and the command that would fill each part.
  EXPECT_NE(html.find("Not in this report (the store holds none): a fuzz campaign (`twinbench "
                      "fuzz`); timed benchmarks (`twinbench bench --runs 5`); instruction counts"),
            std::string::npos)
      << html;
  EXPECT_EQ(html.find("a ground-truth campaign over the seeded bugs ("), std::string::npos);
}

TEST_F(GroundTruthReportTest, AFindingNotYetTriagedIsUnknownAndSaidOnPageOne) {
  add_rust_trial_ended_at_a_finding(4, 1); // a finding, but triage has not said what it was
  const auto model = with_truth();
  const cli::BugEvidence &bug = model.ground_truth->bugs.at(0);
  EXPECT_EQ(bug.rust.untriaged, 1);
  EXPECT_EQ(bug.rust.trials, 3) << "not a trial of known outcome";
  EXPECT_EQ(bug.rust.detected, 2);
  const std::string page_one = fmt::format("{}", fmt::join(model.safety, "\n"));
  EXPECT_NE(page_one.find("1 finished trial(s) of campaign truth ended at a finding not yet "
                          "triaged"),
            std::string::npos)
      << page_one;
}

TEST_F(GroundTruthReportTest, AnUnrelatedFindingIsACompetingRiskNotADetection) {
  // A crash elsewhere ended the trial before the bug was found.
  add_rust_trial_ended_at_a_finding(4, 5, "Rust panic (panic), canary did not trigger");
  const auto model = with_truth();
  const cli::BugSide &rust = model.ground_truth->bugs.at(0).rust;
  EXPECT_EQ(rust.unattributed, 1);
  EXPECT_EQ(rust.detected, 2);
  // Rust: detected at 4 and 6, unrelated at 5, censored at 10 (4 trials): 1/4, then 3/4 x 1/3
  // unrelated, then 1/2 x 1/2 detected: 1/2 detected, 1/4 unrelated by 6 s.
  ASSERT_FALSE(rust.incidence.empty());
  EXPECT_DOUBLE_EQ(rust.incidence.back().detected, 0.5);
  EXPECT_DOUBLE_EQ(rust.incidence.back().unrelated, 0.25);
  const std::string html = cli::render_html(model);
  EXPECT_NE(html.find("50% of trials detected it and 25% ended at an unrelated finding by 6 s"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("1 stopped by an unrelated finding"), std::string::npos);
}

TEST_F(GroundTruthReportTest, SurvivalAndTheLogRankTestAreThoseComputedByHand) {
  const auto model = with_truth();
  ASSERT_TRUE(model.ground_truth.has_value());
  const cli::BugEvidence &bug = model.ground_truth->bugs.at(0);
  EXPECT_EQ(bug.c.trials, 3);
  EXPECT_EQ(bug.c.detected, 3);
  EXPECT_EQ(bug.rust.detected, 2);
  EXPECT_EQ(bug.rust.triggered, 2);
  EXPECT_EQ(bug.c.detected_by, "Heap-buffer-overflow WRITE 1 (memory-safety)");
  EXPECT_EQ(bug.c.survival->median, 2.0);    // S = 2/3 after 1 s, 1/3 after 2 s
  EXPECT_EQ(bug.rust.survival->median, 6.0); // S = 2/3 after 4 s, 1/3 after 6 s
  // Every C trial (1, 2, 3 s) was quicker than every Rust one (4, 6, the budget of 10 s).
  EXPECT_EQ(bug.a12_c_slower, 0.0);
  // By hand: C observed 3, expected 1/2 + 2/5 + 1/4 = 1.15, variance 0.25 + 0.24 + 0.1875.
  EXPECT_NEAR(bug.c_vs_rust->expected_a, 1.15, 1e-12);
  EXPECT_NEAR(bug.c_vs_rust->chi_square, 1.85 * 1.85 / 0.6775, 1e-9);
  EXPECT_NEAR(bug.c_vs_rust->p, 0.02460, 1e-4);
}

TEST_F(GroundTruthReportTest, TheFirstPageLeadsWithTheSafetyTableAndItsCounts) {
  const auto model = with_truth();
  const auto &t = model.ground_truth->tally;
  EXPECT_EQ(t.bugs, 1);
  EXPECT_EQ(t.c_silent, 1);
  EXPECT_EQ(t.rust_silent, 0);
  EXPECT_EQ(t.rust_panics, 1);
  ASSERT_FALSE(model.safety.empty());
  EXPECT_NE(model.safety[0].find("C silently corrupted memory or leaked data in 1, Rust in 0"),
            std::string::npos)
      << model.safety[0];
  // Rust's side in the four words, each with its bugs, the zeros said too.
  EXPECT_NE(model.safety[0].find("What Rust did with each: not expressible in safe Rust 0; "
                                 "refused plausible code 0; caught at run time 1 (base64-x); "
                                 "silent 0."),
            std::string::npos)
      << model.safety[0];
  const std::string html = cli::render_html(model);
  const auto safety = html.find("Same mistake, two languages");
  ASSERT_NE(safety, std::string::npos);
  EXPECT_LT(safety, html.find("The twins: crashes beside throughput"));
  // The front table: detected of finished, the median time, one line a bug; the executions to
  // detection (medians 2 000 and 6 000), the restricted mean and what found it are in its entry.
  EXPECT_NE(html.find("3/3 · 2 s</"), std::string::npos);
  EXPECT_NE(html.find("2/3 · 6 s</"), std::string::npos);
  EXPECT_NE(html.find("median 2 k execs"), std::string::npos);
  EXPECT_NE(html.find("Heap-buffer-overflow WRITE 1 (memory-safety)"), std::string::npos);
  EXPECT_NE(html.find("median 6 k execs [4 k, -]"), std::string::npos);
  EXPECT_NE(html.find("silent memory corruption"), std::string::npos);
  EXPECT_NE(html.find("caught at run time: panic, abort"), std::string::npos);
  // The second C configuration, beside the first, its suppressions stated.
  EXPECT_NE(html.find("C + int. sanitizers"), std::string::npos);
  EXPECT_NE(html.find("3/3 · 0.7 s</"), std::string::npos);
  EXPECT_NE(html.find("median 700 execs"), std::string::npos);
  EXPECT_EQ(model.ground_truth->bugs[0].c_int.detected, 3);
  EXPECT_NE(html.find("href=\"../../docs/bugs.md#base64-x\""), std::string::npos);
  EXPECT_NE(html.find("id=\"bug-base64-x\""), std::string::npos);
  EXPECT_NE(html.find("A &lt;b&gt;title&lt;/b&gt;"), std::string::npos); // escaped
  EXPECT_NE(html.find("Time to detection, base64"), std::string::npos);  // the survival chart
  const std::string md = cli::render_markdown(model);
  EXPECT_NE(md.find("## Same mistake, two languages"), std::string::npos);
  EXPECT_NE(cli::to_json(model)["ground_truth"]["bugs"][0]["log_rank"]["p"].get<double>(), 1);
}

TEST_F(GroundTruthReportTest, NothingFoundSaysWhetherTheCatalogueExpectedAnything) {
  // Rust's trial 3 and C's: censored. With the catalogue expecting a panic, "expected panic";
  // expecting nothing (the mistake has no effect in that build), "none expected".
  for (const auto &[rust, words] :
       {std::pair{"panic:decode.rs", "expected panic"}, std::pair{"none", "none expected"}}) {
    project_.bugs[0].rust = cli::parse_expectation(rust);
    for (const auto &r : store_.runs(store_.find_campaign("truth")->id)) {
      cli::RunRow never = r;
      never.detected_seconds = std::nullopt;
      never.elapsed_seconds = 10;
      store_.record_progress(never, {});
    }
    const std::string html = cli::render_html(with_truth());
    EXPECT_NE(html.find(fmt::format("0/3 · &gt; 10 s · {}", words)), std::string::npos) << words;
  }
}

TEST_F(GroundTruthReportTest, TheCatalogueChangesNoOutcomeUntilARunDoes) {
  const auto before = with_truth();
  // The catalogue now says rustc refuses the Rust side; no run has said so.
  project_.bugs[0].rust = cli::parse_expectation("compile-fail:E0505@src/decode.rs:9");
  const auto flipped = with_truth();
  EXPECT_EQ(flipped.safety, before.safety);
  EXPECT_EQ(flipped.ground_truth->tally.rust_compile_errors, 0);
  EXPECT_EQ(cli::to_json(flipped)["ground_truth"]["bugs"][0]["rust"]["release"],
            cli::to_json(before)["ground_truth"]["bugs"][0]["rust"]["release"]);
  const std::string html = cli::render_html(flipped);
  EXPECT_EQ(html.find("refused by rustc"), std::string::npos);
  EXPECT_NE(html.find("2/3 · 6 s</"), std::string::npos);

  // A later consequences run in which rustc refused the build: now the report says so.
  store_.add_consequence_run(
      {0, "consequences-2", "2026-11-24T00:00:00Z", store_.add_environment({{"cpu", "t"}})},
      {{"base64-x", "base64", "out-of-bounds-write", "c", "memory-corruption", "guard written",
        true, "error: Invalid write of size 1", "", "replay c"},
       {"base64-x", "base64", "out-of-bounds-write", "rust", "compile-error",
        "rustc E0505 at src/decode.rs:9", false, "not run: nothing was built", "error[E0505]",
        "cmake --build build/bench --target bug_base64_x_rust"}});
  const auto measured = with_truth();
  EXPECT_EQ(measured.ground_truth->tally.rust_compile_errors, 1);
  EXPECT_TRUE(measured.ground_truth->bugs[0].rust.refused_by_rustc());
  EXPECT_NE(cli::render_html(measured).find("refused by rustc"), std::string::npos);
}

TEST_F(GroundTruthReportTest, AnIndependentScriptRecomputesTheFiguresFromTheRawRows) {
  json report = cli::to_json(with_truth());
  auto check = [&] { return check_report(report); };
  const auto agrees = check();
  EXPECT_EQ(agrees.status.code, 0) << agrees.output;
  EXPECT_NE(agrees.output.find("ok   base64-x"), std::string::npos) << agrees.output;
  EXPECT_NE(agrees.output.find("0 figure(s) differ"), std::string::npos) << agrees.output;
  // A figure the store does not support is caught.
  report["ground_truth"]["bugs"][0]["rust"]["survival"]["median"] = 4.0;
  const auto differs = check();
  EXPECT_EQ(differs.status.code, 1) << differs.output;
  EXPECT_NE(differs.output.find("DIFF base64-x"), std::string::npos) << differs.output;
  // So is a restricted mean, and a benchmark verdict's adjusted p-value.
  report = cli::to_json(with_truth());
  report["ground_truth"]["bugs"][0]["c"]["rmst"]["value"] = 2.5;
  EXPECT_EQ(check().status.code, 1);
  report = cli::to_json(with_truth());
  report["benchmarks"]["cases"][0]["rust_vs_c"]["p_holm"] = 0.5;
  const auto bench_differs = check();
  EXPECT_EQ(bench_differs.status.code, 1) << bench_differs.output;
  EXPECT_NE(bench_differs.output.find("DIFF base64/encode/1 MiB"), std::string::npos)
      << bench_differs.output;
}

// A campaign of two engines (fuzz --engine all): each engine's trials are summarised on their
// own, the bug's main sides stay the first engine's, the summary says where the engines
// disagree, and the independent script recomputes every engine's figures.
TEST_F(GroundTruthReportTest, ACampaignOfTwoEnginesIsReportedEngineByEngine) {
  const int64_t id = store_.find_campaign("truth")->id;
  store_.db().exec("UPDATE campaigns SET engine = 'libfuzzer,aflpp' WHERE name = 'truth'");
  // AFL++: C detected at 5 s only (1 of 3); Rust at 1, 2 and 3 s.
  const std::vector<std::tuple<std::string, int, std::optional<double>>> trials = {
      {"c", 1, 5.0},    {"c", 2, std::nullopt}, {"c", 3, std::nullopt},
      {"rust", 1, 1.0}, {"rust", 2, 2.0},       {"rust", 3, 3.0}};
  for (const auto &[impl, trial, detected] : trials) {
    cli::RunRow r;
    r.campaign_id = id;
    r.component = "base64";
    r.impl = impl;
    r.bug = "base64-x";
    r.trial = trial;
    r.engine = "aflpp";
    r.status = "done";
    r.dir = "/nonexistent";
    r.id = store_.add_run(r);
    r.elapsed_seconds = detected.value_or(10);
    r.detected_seconds = detected;
    r.triggered_seconds = detected;
    r.execs = 100;
    if (detected) r.detected_execs = 50;
    store_.record_progress(r, {});
    if (detected) {
      store_.set_detected_by(r.id, impl == "c" ? "Heap-buffer-overflow WRITE 1 (memory-safety)"
                                               : "Rust panic (panic)");
    }
  }
  // Every run's corpus executed the bug's site: the coverage figures count one engine's trials.
  for (const auto &r : store_.runs(id)) {
    cli::CoverageRow row;
    row.run_id = r.id;
    row.component = "base64";
    row.impl = r.impl;
    row.trial = r.trial;
    row.lines = 10;
    row.lines_covered = 5;
    row.bug_site_covered = true;
    store_.set_coverage(row);
  }
  const cli::ReportModel model = with_truth();
  ASSERT_TRUE(model.coverage.has_value());
  for (const auto &site : model.coverage->bug_sites) {
    EXPECT_EQ(site.trials, 3) << site.impl << ": trials of two engines are not pooled";
  }
  const cli::BugEvidence &bug = model.ground_truth->bugs.at(0);
  EXPECT_EQ(bug.c.trials, 3) << "the main sides are the first engine's trials";
  EXPECT_EQ(bug.c.detected, 3);
  ASSERT_EQ(bug.by_engine.size(), 2u);
  EXPECT_EQ(bug.by_engine[0].title, "libFuzzer");
  EXPECT_EQ(bug.by_engine[0].rust.detected, 2);
  EXPECT_EQ(bug.by_engine[1].title, "AFL++");
  EXPECT_EQ(bug.by_engine[1].c.detected, 1);
  EXPECT_EQ(bug.by_engine[1].rust.detected, 3);
  ASSERT_TRUE(bug.by_engine[1].rust.survival);
  EXPECT_DOUBLE_EQ(bug.by_engine[1].rust.survival->median.value_or(-1), 2);
  const std::string text = all_text(model);
  EXPECT_TRUE(has(text, "Detection by engine")) << text;
  EXPECT_TRUE(has(text, "AFL++ detected"));
  EXPECT_TRUE(has(text, "libFuzzer caught the C build in most trials for 1 bug and the Rust "
                        "build for 1; AFL++ caught the C build in most trials for 0 bugs and the "
                        "Rust build for 1"))
      << text;
  EXPECT_TRUE(has(text, "the engines disagree on 1 (base64-x in C: only libFuzzer)")) << text;
  EXPECT_TRUE(has(text, "when AFL++ wrote the finding into crashes/ or hangs/"));
  EXPECT_TRUE(has(text, "scripts/twinbench fuzz --bugs base64-x --engine all")) << text;

  json report = cli::to_json(model);
  EXPECT_EQ(report["ground_truth"]["engines"], json({"libfuzzer", "aflpp"}));
  const auto agrees = check_report(report);
  EXPECT_EQ(agrees.status.code, 0) << agrees.output;
  EXPECT_NE(agrees.output.find("rust aflpp"), std::string::npos) << agrees.output;
  const fs::path file = dir_.path() / "engines.json";
  std::ofstream(file) << report.dump();
  const auto schema = cli::run_captured({TB_CHECK_REPORT_SCHEMA, file.string()}, {}, 60);
  EXPECT_EQ(schema.status.code, 0) << schema.output;
  report["ground_truth"]["bugs"][0]["by_engine"][1]["rust"]["detected"] = 2;
  const auto differs = check_report(report);
  EXPECT_EQ(differs.status.code, 1) << differs.output;
}

TEST_F(ReportTest, TheIndependentScriptRecomputesEveryBenchmarkFigureAcrossRuns) {
  json report = cli::to_json(across_runs(3));
  auto check = [&] { return check_report(report); };
  const auto agrees = check();
  EXPECT_EQ(agrees.status.code, 0) << agrees.output;
  EXPECT_NE(agrees.output.find("ok   base64/encode/1 MiB"), std::string::npos) << agrees.output;
  for (const char *figure : {"low", "value"}) {
    report = cli::to_json(across_runs(3));
    report["benchmarks"]["cases"][0]["rust_vs_c"]["ratio"][figure] =
        report["benchmarks"]["cases"][0]["rust_vs_c"]["ratio"][figure].get<double>() * 1.01;
    EXPECT_EQ(check().status.code, 1) << figure;
  }
  report = cli::to_json(across_runs(3));
  report["benchmarks"]["cases"][0]["impls"][0]["median_mbps"]["high"] = 2000.0;
  EXPECT_EQ(check().status.code, 1);
}

TEST_F(ReportTest, TheIndependentScriptRecomputesTheFfisShareRunByRun) {
  const auto run =
      ffi_run(store_, *store_.find_bench_run(known_.bench), "ffi-checked",
              {{"c", 1000}, {"rust", 800}, {"c-native", 1100}, {"rust-native", 1050}}, 0.004);
  json report = cli::to_json(cli::report_model(project_, store_, {.bench = {run}}));
  auto check = [&] { return check_report(report); };
  const auto agrees = check();
  EXPECT_EQ(agrees.status.code, 0) << agrees.output;
  EXPECT_NE(agrees.output.find("rust/c over rust-native/c-native"), std::string::npos)
      << agrees.output;
  report["benchmarks"]["cases"][0]["rust_ffi_vs_native"]["ratio"]["value"] = 0.8;
  const auto differs = check();
  EXPECT_EQ(differs.status.code, 1) << differs.output;
  EXPECT_NE(differs.output.find("DIFF base64/encode/64 B"), std::string::npos) << differs.output;
}

} // namespace
} // namespace twinbench::test
