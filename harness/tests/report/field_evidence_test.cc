// The report's field evidence (report/field_evidence.h): a library component's implementations
// with their origin and size, the campaign's findings per implementation, its known bugs found
// or missed, its disagreements summed over runs, and (section_field.cc) its throughput.
#include <fstream>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "bench/stats.h"
#include "known_store.h"
#include "report/field_evidence.h"
#include "report/report.h"

namespace twinbench::test {
namespace {

void write(const fs::path &path, const std::string &text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

class FieldEvidenceTest : public testing::Test {
protected:
  void SetUp() override {
    const fs::path root = dir_.path();
    write(root / "CMakeLists.txt", "# a checkout for tests\n");
    fs::create_directories(root / "harness/registry");
    fs::create_directory_symlink(fs::path(TB_SOURCE_ROOT) / "harness/registry/schemas",
                                 root / "harness/registry/schemas");
    for (const char *witness : {"found-one", "same-look", "missed-one"}) {
      write(root / "corpora/zz/known" / witness, "a witness");
    }
    write(root / "corpora/zz/component.json", R"({"name": "zz", "spec": "docs/components/zz.md",
      "implementations": [
        {"name": "libzz", "language": "cpp", "kind": "library", "build": "targets_c/zz/libzz",
         "source": {"debian": "zzlib", "upstream": "1.0", "patches": "debian",
                    "orig_sha256": ")" + std::string(64, '0') +
                                                  R"("}},
        {"name": "zz-rs", "language": "rust", "kind": "library", "build": "targets_rust/ffi/zz",
         "source": {"crate": "no-such-crate", "version": "0.0.1"}}]})");
    write(root / "corpora/zz/known_bugs.json", R"({"known_bugs": [
      {"id": "found-one", "implementation": "zz-rs", "title": "accepts junk",
       "class": "accepts-invalid", "affects": "zz-rs 0.0.1", "source": "a test",
       "witness": "known/found-one", "target": "diff", "expect": "TWINBENCH DIVERGENCE zz x"},
      {"id": "same-look", "implementation": "zz-rs", "title": "accepts other junk",
       "class": "accepts-invalid", "affects": "zz-rs 0.0.1", "source": "a test",
       "witness": "known/same-look", "target": "diff", "expect": "TWINBENCH DIVERGENCE zz x"},
      {"id": "missed-one", "implementation": "libzz", "title": "reads past the end",
       "class": "memory-safety", "affects": "libzz 1.0", "source": "a test",
       "witness": "known/missed-one", "target": "libzz", "expect": "heap-buffer-overflow"}]})");
    // What fetch-sources and the build left: the source record, the files compiled.
    const fs::path tree = root / "build/sources/zzlib_1.0";
    write(tree / "source.json",
          R"({"version": "1.0-3+deb12u1", "debian_changes": ["src/inflate.c", "README"]})");
    write(tree / "debian/src/inflate.c", "int a;\n// a comment\n\nint b(void) { return 1; }\n");
    write(tree / "debian/src/other.c", "int c;\n");
    write(root / "glue.c", "int glue;\nint more_glue;\n");
    write(root / "build/bench/built-sources/tb_zz_libzz.txt",
          "library " + (tree / "debian/src/inflate.c").string() + "\nlibrary " +
              (tree / "debian/src/other.c").string() + "\nglue " + (root / "glue.c").string() +
              "\n");
    project_ = cli::Project::locate(root.string());
  }

  // A campaign over zz with runs of libzz and diff; a crash per (target, report text).
  cli::CampaignRow campaign(cli::Store &store) {
    cli::CampaignRow c;
    c.name = "field";
    c.created = "2026-12-01T00:00:00Z";
    c.environment_id = store.add_environment({{"cpu", "test"}});
    c.components = {"zz"};
    c.impls = {"libzz", "zz-rs", "diff"};
    c.status = "done";
    c.id = store.add_campaign(c);
    return c;
  }
  int64_t run(cli::Store &store, const cli::CampaignRow &c, const std::string &impl, int trial) {
    cli::RunRow r;
    r.campaign_id = c.id;
    r.component = "zz";
    r.impl = impl;
    r.trial = trial;
    r.status = "done";
    r.dir = (dir_.path() / ("run-" + impl + std::to_string(trial))).string();
    return store.add_run(r);
  }
  int64_t crash(cli::Store &store, const cli::CampaignRow &c, int64_t run_id,
                const std::string &target, const std::string &klass, const std::string &report) {
    const std::string signature = klass + "-" + target;
    const fs::path report_path = dir_.path() / ("report-" + signature);
    write(report_path, report);
    cli::ArtifactRow a;
    a.run_id = run_id;
    a.path = (dir_.path() / fmt::format("artifact-{}-{}", signature, run_id)).string();
    a.kind = "crash";
    a.found_elapsed_seconds = 7.5;
    a.found_at = "2026-12-01T00:00:07Z";
    store.add_artifact(a);
    cli::CrashRow row;
    row.campaign_id = c.id;
    row.signature = signature;
    row.component = "zz";
    row.side = "both";
    row.type = klass;
    row.crash_class = klass;
    row.binary = (dir_.path() / "build/fuzz/bin" / ("fuzz_zz_" + target)).string();
    row.report_path = report_path.string();
    return store.fold_crash(row, store.untriaged_artifacts(c.id).back().id).first;
  }

  TempDir dir_;
  cli::Project project_;
};

TEST_F(FieldEvidenceTest, ImplementationsSayWhereTheirCodeComesFromAndHowMuchIsBuilt) {
  cli::Store store(dir_.path() / "store.db");
  const auto field = cli::field_evidence(project_, store, std::nullopt, {});
  ASSERT_EQ(field.size(), 1u);
  const auto &c = field[0].impls.at(0);
  EXPECT_EQ(c.origin, "Debian source package zzlib 1.0-3+deb12u1, with Debian's patches");
  EXPECT_TRUE(c.counted);
  EXPECT_EQ(c.files, 2);
  EXPECT_EQ(c.lines, 3); // code lines only: not the comment, not the blank
  EXPECT_EQ(c.glue_lines, 2);
  // Debian changed inflate.c and README; only inflate.c was built.
  EXPECT_EQ(c.patched_files_built, std::vector<std::string>{"src/inflate.c"});
  const auto &rust = field[0].impls.at(1);
  EXPECT_EQ(rust.origin, "crate no-such-crate 0.0.1 (Debian's librust packages)");
  EXPECT_FALSE(rust.counted); // not installed: said, not counted as zero
  EXPECT_FALSE(field[0].fuzzed);
}

// A Rust panic of an overflow check exists only where overflow checks are on (the fuzz
// builds): the field section says so; any other panic stays a panic.
TEST_F(FieldEvidenceTest, OverflowCheckPanicsAreToldApartFromOtherPanics) {
  cli::Store store(dir_.path() / "store.db");
  const auto c = campaign(store);
  crash(store, c, run(store, c, "zz-rs", 1), "zz-rs", "panic",
        "thread '<unnamed>' panicked at src/lossless.rs:112:39:\n"
        "attempt to subtract with overflow\n");
  crash(store, c, run(store, c, "diff", 1), "diff", "panic",
        "thread '<unnamed>' panicked at src/decode.rs:9:5:\nindex out of bounds: the len is 3\n");
  const auto field = cli::field_evidence(project_, store, c, {});
  ASSERT_EQ(field.size(), 1u);
  EXPECT_EQ(field[0].impls[1].findings,
            (std::map<std::string, int>{{"panic (overflow check)", 1}}));
  EXPECT_EQ(field[0].diff_findings, (std::map<std::string, int>{{"panic", 1}}));
}

TEST_F(FieldEvidenceTest, FindingsKnownBugsAndDisagreementsComeFromTheCampaign) {
  cli::Store store(dir_.path() / "store.db");
  const auto c = campaign(store);
  const int64_t diff1 = run(store, c, "diff", 1), diff2 = run(store, c, "diff", 2);
  const int64_t own = run(store, c, "libzz", 1);
  const int64_t divergence = crash(store, c, diff1, "diff", "divergence",
                                   "...\nTWINBENCH DIVERGENCE zz x status libzz/zz-rs at -\n");
  const int64_t timeout =
      crash(store, c, own, "libzz", "timeout", "ALARM: working on the last Unit for 10 seconds\n");
  // The diff target met libzz's own timeout too: triage folds it into libzz's crash, and both
  // targets found it.
  EXPECT_EQ(crash(store, c, diff2, "libzz", "timeout", "ALARM: the same unit\n"), timeout);
  store.record_disagreements(diff1, {{diff1, "zz", "error-order", "libzz/zz-rs", 4, 9.0, "bb"}});
  store.record_disagreements(diff2, {{diff2, "zz", "error-order", "libzz/zz-rs", 6, 2.0, "aa"}});

  const auto field = cli::field_evidence(project_, store, c, {{divergence, 7.5}});
  ASSERT_EQ(field.size(), 1u);
  const auto &f = field[0];
  EXPECT_TRUE(f.fuzzed);
  EXPECT_EQ(f.impls[0].findings, (std::map<std::string, int>{{"timeout", 1}}));
  EXPECT_TRUE(f.impls[1].findings.empty());
  EXPECT_EQ(f.diff_findings, (std::map<std::string, int>{{"divergence", 1}, {"timeout", 1}}));
  ASSERT_EQ(f.known_bugs.size(), 3u);
  EXPECT_EQ(f.known_bugs[0].crash_id, divergence);
  // Two known bugs print the same line: the one crash is either, and the report says so.
  EXPECT_EQ(f.known_bugs[0].same_finding_as, std::vector<std::string>{"same-look"});
  EXPECT_EQ(f.known_bugs[1].crash_id, divergence);
  EXPECT_EQ(f.known_bugs[1].same_finding_as, std::vector<std::string>{"found-one"});
  EXPECT_DOUBLE_EQ(f.known_bugs[0].found_seconds.value(), 7.5);
  EXPECT_EQ(f.known_bugs[0].found_by, "fuzz_zz_diff");
  EXPECT_EQ(f.known_bugs[0].witness, "corpora/zz/known/found-one");
  EXPECT_FALSE(f.known_bugs[2].crash_id.has_value()); // a timeout is not a heap overflow
  EXPECT_TRUE(f.known_bugs[2].same_finding_as.empty());
  ASSERT_EQ(f.disagreements.size(), 1u);
  EXPECT_EQ(f.disagreements[0].count, 10);
  EXPECT_EQ(f.disagreements[0].runs, 2);
  EXPECT_DOUBLE_EQ(f.disagreements[0].first_seconds.value(), 2.0);
  EXPECT_EQ(f.disagreements[0].example_hex, "aa"); // the earliest run's
}

// A library's crash is the library's: the summary does not count it as a twin's.
TEST_F(FieldEvidenceTest, TheSummaryCountsLibraryCrashesApartFromTheTwins) {
  cli::Store store(dir_.path() / "store.db");
  const auto c = campaign(store);
  const int64_t diff1 = run(store, c, "diff", 1);
  crash(store, c, diff1, "diff", "divergence",
        "...\nTWINBENCH DIVERGENCE zz x status libzz/zz-rs at -\n");
  const cli::ReportModel model = cli::report_model(project_, store, {.campaign = c});
  ASSERT_GE(model.summary.size(), 2u);
  EXPECT_NE(model.summary[0].find("the differential targets found 0 divergence(s)"),
            std::string::npos)
      << model.summary[0];
  EXPECT_NE(model.summary[1].find("The real libraries:"), std::string::npos) << model.summary[1];
  EXPECT_NE(model.summary[1].find("found 1 divergence(s)"), std::string::npos) << model.summary[1];
}

// "libpng or the png crate?": the model puts each Rust library over each C one, across the
// runs of the benchmark binary, and the throughput table prints that comparison.
TEST_F(FieldEvidenceTest, ThroughputComparesEachCrateWithEachLibrary) {
  cli::Store store(dir_.path() / "store.db");
  cli::BenchRunRow run;
  run.name = "zz-bench";
  run.created = "2026-12-06T00:00:00Z";
  run.environment_id = store.add_environment({{"cpu", "test"}});
  run.components = {"zz"};
  run.repetitions = 5;
  run.runs = 3;
  run.status = "running";
  run.measure = "time";
  run.id = store.add_bench_run(run);
  std::vector<cli::BenchSample> samples;
  for (int r = 0; r < 3; r++) {
    for (int rep = 0; rep < 5; rep++) {
      // Each run shifts both alike; the crate is 30% faster in every one.
      const double level = 100 + 5 * r + rep;
      for (const auto &[impl, factor] : {std::pair("libzz", 1.0), std::pair("zz-rs", 1.3)}) {
        cli::BenchSample s;
        s.component = "zz", s.case_name = "decode", s.impl = impl, s.size = 1 << 20;
        s.name = fmt::format("zz/decode/1048576/{}", impl);
        s.repetition = rep, s.iterations = 1, s.run = r;
        s.bytes_per_second = level * factor * 1e6;
        samples.push_back(s);
      }
    }
  }
  store.finish_bench_run(run.id, samples);
  const cli::ReportModel model =
      cli::report_model(project_, store, {.bench = {*store.find_bench_run("zz-bench")}});
  const cli::BenchCase &k = model.benchmarks->cases.at(0);
  ASSERT_EQ(k.library_pairs.size(), 1u);
  EXPECT_EQ(k.library_pairs[0].runs, 3);
  EXPECT_NEAR(k.library_pairs[0].ratio.value, 1.3, 1e-9);
  EXPECT_EQ(model.benchmarks->comparisons, 1u); // no twins here: the family is this pair
  const std::string html = cli::render_html(model);
  // libzz is a C++ library: the C side of the pair, and shown as C++.
  EXPECT_NE(html.find("zz-rs ÷ libzz"), std::string::npos) << html;
  EXPECT_NE(html.find("<td>cpp</td>"), std::string::npos) << html;
  EXPECT_NE(html.find("1.30 [1.30, 1.30] zz-rs faster"), std::string::npos) << html;

  // A case that did not measure both sides says so; no ratio is made up.
  cli::ReportModel partial = model;
  partial.benchmarks->cases[0].library_pairs.clear();
  const std::string missing = cli::render_html(partial);
  EXPECT_EQ(missing.find("zz-rs faster"), std::string::npos) << missing;
  EXPECT_NE(missing.find("not measured"), std::string::npos) << missing;
}

} // namespace
} // namespace twinbench::test
