// What counts as an implementation's own code for coverage, and `twinbench coverage` on bad
// input: one clear line and a non-zero exit, nothing stored.
#include <algorithm>
#include <fstream>
#include <map>
#include <tuple>

#include <gtest/gtest.h>

#include "campaign_fixture.h"
#include "common/process.h"
#include "coverage/bug_sites.h"
#include "coverage/own_sources.h"
#include "fake_checkout.h"
#include "store/store.h"

namespace twinbench::test {
namespace {

void touch(const fs::path &path) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << "\n";
}

std::vector<std::string> names(const std::vector<fs::path> &paths, const fs::path &root) {
  std::vector<std::string> out;
  for (const auto &p : paths) out.push_back(fs::relative(p, root).string());
  return out;
}

// A finished campaign over `component` with one trial of each of `impls`, each run's corpus in
// `runs`/<impl>/corpus holding one input, `input`. Its id.
int64_t finished_campaign(const fs::path &db, const std::string &component,
                          const std::vector<std::string> &impls, const fs::path &runs,
                          const std::string &input) {
  cli::Store store(db);
  const int64_t id = add_finished_campaign(store, component, impls);
  for (const auto &impl : impls) {
    cli::RunRow r;
    r.campaign_id = id;
    r.component = component;
    r.impl = impl;
    r.trial = 1;
    r.status = "done";
    r.dir = (runs / impl).string();
    store.add_run(r);
    fs::create_directories(runs / impl / "corpus");
    std::ofstream(runs / impl / "corpus/one") << input;
  }
  return id;
}

TEST(OwnSources, AreTheImplementationsFilesNotTheHarnessGlueOrBenchmarkLoops) {
  FakeCheckout checkout({});
  const fs::path root = checkout.root();
  for (const char *f :
       {"targets_c/foo/parse.c", "targets_c/foo/parse.h", "targets_c/foo/api.c",
        "targets_c/foo/native_loop.c", "targets_c/foo/README", "targets_c/foo/lib/vendored.c",
        "targets_rust/crates/foo/src/lib.rs", "targets_rust/crates/foo/src/tests.rs",
        "targets_rust/crates/foo/src/tables/mod.rs", "targets_rust/ffi/foo/src/lib.rs"}) {
    touch(root / f);
  }
  fs::create_directories(root / "build/coverage/built-sources");
  std::ofstream(root / "build/coverage/built-sources/tb_foo_libz_ng.txt")
      << "library /src/zlib/inflate.c\nglue " << (root / "targets_c/foo/zlib/glue.c").string()
      << "\nlibrary /src/zlib/inflate.c\nlibrary /src/zlib/adler32.c\n";
  cli::Project project{root, {}};
  cli::Component foo{"foo", "foo", "", {}};
  foo.implementations = {{"c", "c", "twin", "targets_c/foo"},
                         {"rust", "rust", "twin", "targets_rust/ffi/foo"},
                         {"libz-ng", "c", "library", "targets_c/foo/zlib"}};
  EXPECT_EQ(names(cli::own_sources(project, foo, foo.implementations[0]), root),
            (std::vector<std::string>{"targets_c/foo/api.c", "targets_c/foo/parse.c",
                                      "targets_c/foo/parse.h"}));
  EXPECT_EQ(names(cli::own_sources(project, foo, foo.implementations[1]), root),
            (std::vector<std::string>{"targets_rust/crates/foo/src/lib.rs",
                                      "targets_rust/crates/foo/src/tables/mod.rs"}));
  const auto library = cli::own_sources(project, foo, foo.implementations[2]);
  EXPECT_EQ(library, (std::vector<fs::path>{"/src/zlib/adler32.c", "/src/zlib/inflate.c"}));
  cli::Implementation gone{"png-rs", "rust", "library", "targets_rust/ffi/png"};
  gone.source = {"crate", "", "", "", "", "", "no-such-crate", "0.0.1"};
  EXPECT_TRUE(cli::own_sources(project, foo, gone).empty());
}

// A seeded bug's site: every canary call naming it, by its id or through a constant defined as
// its id (as spsc's sites do), the call's lines from its name to the line naming the bug.
TEST(BugSites, AreTheCanaryCallsNamingTheBugDirectlyOrThroughAConstant) {
  FakeCheckout checkout({});
  const fs::path c = checkout.root() / "ring.c", rust = checkout.root() / "ring.rs";
  std::ofstream(c) << "#define PLAIN_BUG \"ring-plain\"\n"    // 1
                   << "void f(void) {\n"                      // 2
                   << "  TB_CANARY(PLAIN_BUG, 1);\n"          // 3
                   << "  TB_CANARY(\"ring-other\", 1);\n"     // 4
                   << "  TB_CANARY(\"ring-plain\", x > 2);\n" // 5
                   << "}\n";
  std::ofstream(rust) << "const PLAIN_BUG: &str = \"ring-plain\";\n"   // 1
                      << "fn f() {\n"                                  // 2
                      << "    tb_canary::mark(\n"                      // 3
                      << "        \"ring-plain\",\n"                   // 4
                      << "        x > 2,\n"                            // 5
                      << "    );\n"                                    // 6
                      << "    tb_canary::mark(PLAIN_BUG_NOT, true);\n" // 7: another name
                      << "}\n";
  const auto sites = cli::bug_sites({c, rust}, "ring-plain");
  ASSERT_EQ(sites.size(), 3u);
  EXPECT_EQ(std::tuple(sites[0].file, sites[0].first_line, sites[0].last_line),
            std::tuple(c, 3, 3));
  EXPECT_EQ(std::tuple(sites[1].file, sites[1].first_line, sites[1].last_line),
            std::tuple(c, 5, 5));
  EXPECT_EQ(std::tuple(sites[2].file, sites[2].first_line, sites[2].last_line),
            std::tuple(rust, 3, 4));
  EXPECT_TRUE(cli::executed_any(sites, {{rust.string(), 3}}));
  EXPECT_FALSE(cli::executed_any(sites, {{rust.string(), 5}, {c.string(), 4}}));
  EXPECT_TRUE(cli::bug_sites({c, rust}, "ring-none").empty());
}

// Every seeded bug of the checkout has a site in each twin that builds it, so `twinbench
// coverage` of a ground-truth campaign can read every run.
TEST(BugSites, EverySeededBugHasOneInEachTwinThatBuildsIt) {
  const cli::Project project = cli::Project::locate(TB_SOURCE_ROOT);
  ASSERT_FALSE(project.bugs.empty());
  for (const auto &bug : project.bugs) {
    for (const auto &language : bug.built_languages()) {
      const std::string twin = project.twin(bug.component, language);
      const cli::Component &comp = project.component(bug.component);
      ASSERT_NE(comp.find(twin), nullptr) << bug.id << " " << twin;
      const auto files = cli::bug_site_sources(project, comp, *comp.find(twin));
      EXPECT_FALSE(cli::bug_sites(files, bug.id).empty()) << bug.id << " in " << twin;
    }
  }
}

TEST(CoverageCommand, BadInputIsOneClearLineAndANonZeroExit) {
  FakeCheckout checkout({{"plain", "hello"}});
  const std::string root = checkout.root().string();
  auto run = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {TB_CLI_BINARY, "--root", root, "coverage"});
    return cli::run_captured(args, {}, 120);
  };
  auto no_store = run({});
  EXPECT_EQ(no_store.status.code, 2);
  EXPECT_NE(no_store.output.find("no store at"), std::string::npos) << no_store.output;

  fs::create_directories(checkout.store().parent_path());
  cli::Store{checkout.store()}; // an empty store
  auto none = run({});
  EXPECT_EQ(none.status.code, 2);
  EXPECT_EQ(none.output, "twinbench: the store holds no finished campaign over fuzz targets "
                         "(twinbench fuzz)\n");
  const int64_t campaign_id =
      finished_campaign(checkout.store(), "crasher", {"c"}, checkout.root() / "runs", "hello");
  auto unbuilt = run({});
  EXPECT_EQ(unbuilt.status.code, 2);
  EXPECT_NE(unbuilt.output.find("fuzz_crasher_c is missing: build the coverage preset"),
            std::string::npos)
      << unbuilt.output;

  // A binary without the profile runtime (the fuzz build's) is not a coverage build.
  fs::create_directories(checkout.root() / "build/coverage/bin");
  fs::create_symlink(TB_CRASHER_BINARY, checkout.root() / "build/coverage/bin/fuzz_crasher_c");
  fs::create_directories(checkout.root() / "harness/tests/crashers");
  std::ofstream(checkout.root() / "harness/tests/crashers/crash_c.c") << "int x;\n";
  auto uninstrumented = run({});
  EXPECT_EQ(uninstrumented.status.code, 1) << uninstrumented.output;
  EXPECT_NE(uninstrumented.output.find("wrote no profile: not a coverage build"), std::string::npos)
      << uninstrumented.output;
  cli::Store store(checkout.store());
  EXPECT_TRUE(store.coverage(campaign_id).empty()) << "nothing measured, nothing stored";
}

// A corpus whose one input enters one known function: the C probe's five lines of
// probe_c_entered and none of probe_c_never's five; the Rust probe's the same, its closures
// counted as the functions they are (harness/tests/coverage). The probe's "vectors" enter both
// functions, so the corpus reached five of the ten lines they execute. Through the real
// command, on the coverage preset's probes (scripts/test builds them first).
TEST(CoverageCommand, ACorpusEnteringOneKnownFunctionCoversExactlyItsLines) {
  const fs::path probes = TB_COVERAGE_BIN;
  ASSERT_TRUE(fs::exists(probes / "coverage_probe_c") &&
              fs::exists(probes / "coverage_probe_rust") &&
              fs::exists(probes / "coverage_probe_vectors"))
      << "build the coverage preset's probes first: cmake --build --preset coverage --target "
         "coverage_probes (scripts/test does)";
  FakeCheckout checkout({});
  const fs::path root = checkout.root(), tests = fs::path(TB_SOURCE_ROOT) / "harness/tests";
  fs::create_directories(root / "corpora/probe");
  std::ofstream(root / "corpora/probe/component.json")
      << R"({"name": "probe", "spec": "harness/tests/coverage", "implementations": [
             {"name": "c", "language": "c", "kind": "twin", "build": "targets_c/probe"},
             {"name": "rust", "language": "rust", "kind": "twin",
              "build": "targets_rust/ffi/probe"}]})";
  fs::create_directories(root / "targets_c");
  fs::create_directories(root / "targets_rust/crates");
  fs::create_directory_symlink(tests / "coverage/c", root / "targets_c/probe");
  fs::create_directory_symlink(tests / "coverage/rust", root / "targets_rust/crates/probe");
  fs::create_directories(root / "build/coverage/bin");
  fs::create_directories(checkout.store().parent_path());
  for (const char *impl : {"c", "rust"}) {
    fs::create_symlink(probes / (std::string("coverage_probe_") + impl),
                       root / "build/coverage/bin" / (std::string("fuzz_probe_") + impl));
  }
  for (const char *impl : {"c", "rust"}) { // the probe's vectors hold both languages' probes
    fs::create_symlink(probes / "coverage_probe_vectors",
                       root / "build/coverage/bin" / (std::string("vectors_probe_") + impl));
  }
  const int64_t campaign_id =
      finished_campaign(checkout.store(), "probe", {"c", "rust"}, root / "runs", "entered");
  const auto run = cli::run_captured(
      {TB_CLI_BINARY, "--root", root.string(), "coverage", "--db", checkout.store().string()}, {},
      120);
  ASSERT_EQ(run.status.code, 0) << run.output;
  cli::Store store(checkout.store());
  std::map<std::pair<std::string, std::string>, cli::CoverageRow> rows;
  for (const auto &row : store.coverage(campaign_id)) rows[{row.impl, row.snapshot}] = row;
  ASSERT_EQ(rows.size(), 4u) << run.output;
  auto at = [&](const std::string &impl, const std::string &snapshot) -> const cli::CoverageRow & {
    return rows[{impl, snapshot}];
  };
  const cli::CoverageRow &c = at("c", "final"), &rust = at("rust", "final");
  for (const char *impl : {"c", "rust"}) {
    const cli::CoverageRow &vectors = at(impl, "vectors");
    EXPECT_EQ(vectors.lines, 10) << impl;
    EXPECT_EQ(vectors.lines_covered, 10) << impl << ": the vectors enter both functions";
    EXPECT_TRUE(vectors.never_entered.empty()) << impl;
  }
  // Line by line (llvm-cov's lcov export), a line counts where a region starts: C's ten lines,
  // Rust's eight (the comment inside each body is no line of its own there). Either way the
  // corpus reached half of what the vectors execute.
  EXPECT_EQ(c.vector_lines, 10);
  EXPECT_EQ(c.vector_lines_reached, 5);
  EXPECT_EQ(rust.vector_lines, 8);
  EXPECT_EQ(rust.vector_lines_reached, 4);
  EXPECT_EQ(c.lines, 10);
  EXPECT_EQ(c.lines_covered, 5);
  EXPECT_EQ(c.functions, 2);
  EXPECT_EQ(c.functions_covered, 1);
  EXPECT_EQ(c.never_entered, std::vector<std::string>{"probe_c_never"});
  EXPECT_EQ(c.files.size(), 1u);
  EXPECT_EQ(rust.lines, 10);
  EXPECT_EQ(rust.lines_covered, 5);
  EXPECT_EQ(rust.functions, 4); // each probe and its closure
  EXPECT_EQ(rust.functions_covered, 2);
  ASSERT_EQ(rust.never_entered.size(), 2u);
  EXPECT_EQ(rust.never_entered[0], "probe_rust_never");
  EXPECT_EQ(rust.never_entered[1], "tb_coverage_probe::probe_rust_never::{closure#0}");
}

// A short ground-truth campaign over a real seeded bug, both languages and both C
// configurations, then `twinbench coverage` of it: for every run, the corpus and the findings
// executed the bug's site exactly when the canary saw the campaign reach it. The checkout's own
// components and builds, in a scratch root (scripts/test builds the coverage preset's bug builds
// first).
TEST(CoverageCommand, ABugsSiteRanInTheCorpusExactlyWhenTheCanarySawItReached) {
  const fs::path source = TB_SOURCE_ROOT, coverage_bin = TB_COVERAGE_BIN;
  for (const char *twin : {"c", "rust"}) {
    ASSERT_TRUE(fs::exists(coverage_bin / (std::string("bug_base64_tail_write_") + twin)))
        << "build the coverage preset's bug build first: cmake --build --preset coverage --target "
           "bug_base64_tail_write_c bug_base64_tail_write_rust (scripts/test does)";
  }
  FakeCheckout checkout({});
  checkout.use_the_source_tree(source,
                               {{"fuzz", source / "build/fuzz/bin"}, {"coverage", coverage_bin}});
  const fs::path root = checkout.root();
  auto twinbench = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {TB_CLI_BINARY, "--root", root.string()});
    args.insert(args.end(), {"--db", checkout.store().string()});
    return cli::run_captured(args, {}, 600);
  };
  const auto fuzzed =
      twinbench({"fuzz", "--bugs", "base64-tail-write", "--time", "10s", "--trials", "1",
                 "--campaign", "truth", "--minimize-time", "1", "--repro-tries", "1"});
  ASSERT_EQ(fuzzed.status.code, 0) << fuzzed.output;
  const auto measured = twinbench({"coverage", "--campaign", "truth"});
  EXPECT_EQ(measured.status.code, 0) << measured.output;
  EXPECT_NE(measured.output.find("coverage and the canaries agree on 3 of the 3 runs measured"),
            std::string::npos)
      << measured.output;

  cli::Store store(checkout.store());
  const int64_t campaign = store.find_campaign("truth")->id;
  std::map<int64_t, cli::RunRow> runs;
  for (const auto &r : store.runs(campaign)) runs[r.id] = r;
  const auto rows = store.coverage(campaign);
  ASSERT_EQ(rows.size(), 3u) << "c, c+int and rust, one trial each";
  int reached = 0;
  for (const auto &row : rows) {
    ASSERT_TRUE(row.bug_site_covered.has_value()) << row.impl;
    EXPECT_EQ(*row.bug_site_covered, runs.at(row.run_id).reached_seconds.has_value()) << row.impl;
    EXPECT_GT(row.lines_covered, 0) << row.impl << ": the twin's own lines, counted";
    reached += *row.bug_site_covered;
  }
  EXPECT_GT(reached, 0) << "ten seconds reach this bug's site: the check compared something";
}

} // namespace
} // namespace twinbench::test
