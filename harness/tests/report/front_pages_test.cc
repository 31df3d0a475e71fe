// What a manager reads: the report of a store shaped like the quick evidence run's — every
// component of this checkout fuzzed, benchmarked and counted, one seeded bug per component under
// ground truth with its release consequences — printed by Chromium. Its first two PDF pages hold
// the summary, the safety table and a speed row for each component, and no table row anywhere is
// a lone row of dashes.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <set>

#include "common/process.h"
#include "common/project.h"
#include "known_store.h"
#include "report/document_writers.h"
#include "report/report.h"
#include "report/sections.h"

namespace twinbench::test {
namespace {

class FrontPagesTest : public testing::Test {
protected:
  TempDir dir_;
  cli::Store store_{dir_.path() / "store.db"};
  cli::Project project_ = cli::Project::locate(TB_SOURCE_ROOT);
  cli::ReportSources sources_;

  void SetUp() override {
    const int64_t env = store_.add_environment({{"cpu", "Test CPU"}, {"cores", 2}});
    fuzz_campaign(env);
    ground_truth(env);
    benchmarks(env);
  }

  // Every fuzz target of every component, one trial of 6 s.
  void fuzz_campaign(int64_t env) {
    cli::CampaignRow c;
    c.name = "fuzzed";
    c.created = "2026-12-06T08:00:00Z";
    c.environment_id = env;
    c.budget_seconds = 6;
    c.trials = 1;
    c.jobs = 2;
    c.components = project_.component_names();
    c.status = "done";
    c.id = store_.add_campaign(c);
    for (const auto &comp : project_.components) {
      for (const auto &target : comp.fuzz_targets()) {
        cli::RunRow r;
        r.campaign_id = c.id;
        r.component = comp.name;
        r.impl = target;
        r.trial = 1;
        r.status = "done";
        r.dir = "/nonexistent";
        r.id = store_.add_run(r);
        r.elapsed_seconds = 6;
        r.execs = 60000;
        std::vector<cli::Sample> samples;
        for (int i = 1; i <= 6; i++)
          samples.push_back({1.0 * i, 10000 * i, 10000, 100 * i, 900, 5});
        store_.record_progress(r, samples);
        // `twinbench coverage` of the run: 600 of 1000 lines of the implementation's own code,
        // 400 at the one-minute snapshot; the spec's vectors execute 800, or 700 line by line,
        // of which the corpus reached 630.
        if (comp.find(target)) {
          cli::CoverageRow row;
          row.run_id = r.id;
          row.component = comp.name;
          row.impl = target;
          row.trial = 1;
          row.lines = 1000;
          row.lines_covered = 600;
          row.regions = 2000;
          row.regions_covered = 1100;
          row.branches = 500;
          row.branches_covered = 250;
          row.functions = 40;
          row.functions_covered = 30;
          row.files = {"a.c"};
          row.never_entered = {"never_called"};
          row.vector_lines = 700;
          row.vector_lines_reached = 630;
          store_.set_coverage(row);
          row.vector_lines = row.vector_lines_reached = std::nullopt;
          row.snapshot = "60s";
          row.lines_covered = 400;
          store_.set_coverage(row);
          row.snapshot = "vectors";
          row.lines_covered = 800;
          store_.set_coverage(row);
        }
      }
    }
    sources_.campaign = store_.find_campaign("fuzzed");
  }

  std::string bug_configuration_first(const cli::Bug &bug) {
    return project_.bug_configurations(bug).front().second;
  }

  // The first seeded bug of each component, 2 trials per configuration, each detected; every
  // bug replayed in release builds (quick evidence's consequences cover the whole catalogue).
  void ground_truth(int64_t env) {
    std::map<std::string, const cli::Bug *> first;
    for (const auto &bug : project_.bugs) first.try_emplace(bug.component, &bug);
    cli::CampaignRow c;
    c.name = "truth";
    c.created = "2026-12-06T08:10:00Z";
    c.environment_id = env;
    c.budget_seconds = 15;
    c.trials = 2;
    c.jobs = 2;
    for (const auto &[comp, bug] : first) c.bugs.push_back(bug->id);
    c.status = "done";
    c.id = store_.add_campaign(c);
    for (const auto &[comp, bug] : first) {
      for (const auto &[configuration, impl] : project_.bug_configurations(*bug)) {
        for (int trial = 1; trial <= 2; trial++) {
          cli::RunRow r;
          r.campaign_id = c.id;
          r.component = comp;
          r.impl = impl;
          r.bug = bug->id;
          r.trial = trial;
          r.status = "done";
          r.dir = "/nonexistent";
          r.id = store_.add_run(r);
          r.elapsed_seconds = 0.5 * trial;
          r.detected_seconds = r.elapsed_seconds;
          r.reached_seconds = r.triggered_seconds = 0.1;
          r.execs = 500 * trial;
          r.detected_execs = r.execs;
          store_.record_progress(r, {});
          store_.set_detected_by(r.id, "Heap-buffer-overflow WRITE 1 (memory-safety)");
          // `twinbench coverage` of the run: its corpus executed the bug's site, except the
          // second trial of the first configuration (which the canary saw reached: a
          // disagreement the report must show).
          cli::CoverageRow row;
          row.run_id = r.id;
          row.component = comp;
          row.impl = impl;
          row.trial = trial;
          row.lines = 100;
          row.lines_covered = 50;
          row.bug_site_covered = !(trial == 2 && impl == bug_configuration_first(*bug));
          store_.set_coverage(row);
        }
      }
    }
    std::vector<cli::ConsequenceRow> consequences;
    for (const auto &bug : project_.bugs) {
      for (const char *side : {"c", "rust"}) {
        consequences.push_back({bug.id, bug.component, bug.bug_class, side, "wrong-result",
                                "a wrong answer", true, "no error", "", "replay"});
      }
    }
    store_.add_consequence_run({0, "consequences-1", "2026-12-06T08:05:00Z", env}, consequences);
    sources_.ground_truth = store_.find_campaign("truth");
  }

  // One case per component over its twins (and their native loops) or its libraries, five runs
  // of three repetitions, timed and counted.
  void benchmarks(int64_t env) {
    cli::BenchRunRow b;
    b.name = "timed";
    b.created = "2026-12-06T08:20:00Z";
    b.environment_id = env;
    b.components = project_.component_names();
    b.repetitions = 3;
    b.runs = 5;
    b.min_time = 0.02;
    b.command = {"twinbench_bench"};
    b.status = "running";
    b.id = store_.add_bench_run(b);
    cli::BenchRunRow counted = b;
    counted.name = "counted";
    counted.measure = "instructions";
    counted.id = store_.add_bench_run(counted);
    std::vector<cli::BenchSample> samples;
    std::vector<cli::InstructionCount> counts;
    // Rust 10% slower than C through the API, 5% natively; libraries 100 MB/s apart. Every
    // run 0.3% faster than the one before, as a machine warming up.
    const std::map<std::string, double> twins = {
        {"c", 1000}, {"rust", 900}, {"c-native", 1200}, {"rust-native", 1140}};
    for (const auto &comp : project_.components) {
      std::vector<std::string> impls;
      for (const auto &impl : comp.implementations) impls.push_back(impl.name);
      if (comp.find("c") && comp.find("rust"))
        impls.insert(impls.end(), {"c-native", "rust-native"});
      for (size_t k = 0; k < impls.size(); k++) {
        const std::string name = fmt::format("{}/op/4096/{}", comp.name, impls[k]);
        const double median =
            twins.contains(impls[k]) ? twins.at(impls[k]) : 1000.0 + 100 * static_cast<double>(k);
        for (int run = 0; run < 5; run++) {
          for (int rep = 0; rep < 3; rep++) {
            cli::BenchSample s{
                name, comp.name, "op", impls[k], 4096,
                rep,  1000,      1,    1,        (median - 1 + rep) * (1 + 0.003 * run) * 1e6};
            s.run = run;
            samples.push_back(s);
          }
        }
        cli::InstructionCount n;
        n.name = name;
        n.component = comp.name;
        n.case_name = "op";
        n.impl = impls[k];
        n.size = 4096;
        n.iterations = 256;
        n.bytes_per_operation = 4096;
        n.ir = static_cast<int64_t>(1000000 * (1 + 0.1 * static_cast<double>(k)));
        counts.push_back(n);
      }
    }
    store_.finish_bench_run(b.id, samples);
    store_.finish_instruction_run(counted.id, counts);
    sources_.bench = {*store_.find_bench_run("timed")};
    sources_.instructions = store_.find_bench_run("counted");
  }
};

TEST_F(FrontPagesTest, TheFirstTwoPagesHoldTheSummarySafetyAndASpeedRowPerComponent) {
  auto chromium = cli::find_chromium();
  ASSERT_TRUE(chromium) << "Debian's chromium is needed: scripts/bootstrap --chromium";
  const auto model = cli::report_model(project_, store_, sources_);
  const fs::path html = dir_.path() / "report.html", pdf = dir_.path() / "report.pdf";
  std::ofstream(html) << cli::render_html(model);
  cli::print_pdf(*chromium, html, pdf);
  // To look at the pages: TWINBENCH_KEEP_PDF=/tmp/front.pdf, then any PDF viewer (or pdftoppm).
  if (const char *keep = std::getenv("TWINBENCH_KEEP_PDF"))
    fs::copy_file(pdf, keep, fs::copy_options::overwrite_existing);
  auto pages =
      cli::run_captured({"/usr/bin/pdftotext", "-f", "1", "-l", "2", pdf.string(), "-"}, {}, 60);
  ASSERT_TRUE(pages.status.ok()) << "pdftotext (poppler-utils) failed: " << pages.output;
  const std::string &text = pages.output;
  // Page 1 states the result; the safety table follows (every bug of the catalogue: all were
  // replayed), then the speed table: when its caption, which follows its last row, is on these
  // pages, so is everything before it.
  for (const char *heading :
       {"Summary", "Same mistake, two languages", "Speed, one row per component"}) {
    EXPECT_NE(text.find(heading), std::string::npos) << heading << " is not on pages 1-2:\n"
                                                     << text;
  }
  const size_t speed = text.find("Speed, one row per component");
  ASSERT_NE(speed, std::string::npos);
  EXPECT_NE(text.find("Throughput (MB/s of input", speed), std::string::npos)
      << "the speed table does not end on pages 1-2:\n"
      << text;
  for (const auto &comp : project_.components) {
    EXPECT_NE(text.find(comp.name, speed), std::string::npos)
        << comp.name << " has no speed row on pages 1-2:\n"
        << text;
  }
}

TEST_F(FrontPagesTest, NoTableRowIsALoneRowOfDashes) {
  const std::string html = cli::render_html(cli::report_model(project_, store_, sources_));
  const std::regex row("<tr>(.*?)</tr>"), cell("<t[dh][^>]*>(.*?)</t[dh]>");
  int rows = 0;
  for (auto r = std::sregex_iterator(html.begin(), html.end(), row); r != std::sregex_iterator();
       ++r, ++rows) {
    const std::string cells = (*r)[1];
    std::vector<std::string> texts;
    for (auto c = std::sregex_iterator(cells.begin(), cells.end(), cell);
         c != std::sregex_iterator(); ++c)
      texts.push_back((*c)[1]);
    if (texts.size() < 3) continue;
    const bool dashes =
        std::all_of(texts.begin() + 1, texts.end(), [](const auto &t) { return t == "-"; });
    EXPECT_FALSE(dashes) << "a row of dashes: " << (*r)[0];
  }
  EXPECT_GT(rows, 50) << "the report's tables were read";
}

// One section's text in Markdown, "" when the section is absent.
std::string section_text(std::optional<cli::doc::Section> section) {
  if (!section) return "";
  cli::doc::Document d;
  d.front.push_back(std::move(*section));
  return cli::doc::write_markdown(d);
}

// report.json follows the schema the repository keeps (scripts/check-report-schema, with
// python3-jsonschema): this store holds every section (fuzzing, coverage, ground truth with
// consequences, benchmarks, instructions, field evidence), and a key the writer renamed, a
// changed type or a key the schema does not know is caught, named by its place.
TEST_F(FrontPagesTest, ReportJsonFollowsTheSchemaTheRepositoryKeeps) {
  const nlohmann::json report = cli::to_json(cli::report_model(project_, store_, sources_));
  for (const char *section :
       {"fuzzing", "coverage", "ground_truth", "benchmarks", "instructions"}) {
    ASSERT_TRUE(report.contains(section) && report[section].is_object()) << section;
  }
  const fs::path file = dir_.path() / "report.json";
  auto check = [&](const nlohmann::json &r) {
    std::ofstream(file) << r.dump();
    return cli::run_captured({TB_CHECK_REPORT_SCHEMA, file.string()}, {}, 60);
  };
  const auto follows = check(report);
  EXPECT_EQ(follows.status.code, 0) << follows.output;
  EXPECT_NE(follows.output.find("ok   "), std::string::npos) << follows.output;

  nlohmann::json renamed = report;
  renamed["coverage"]["implementations"][0]["line_total"] =
      renamed["coverage"]["implementations"][0]["lines"];
  renamed["coverage"]["implementations"][0].erase("lines");
  nlohmann::json retyped = report;
  retyped["ground_truth"]["bugs"][0]["c"]["trials"] = "three";
  nlohmann::json unknown = report;
  unknown["benchmarks"]["cases"][0]["speedup"] = 1.5;
  for (const auto &[changed, where] : {std::pair{renamed, "$.coverage.implementations[0]"},
                                       std::pair{retyped, "$.ground_truth.bugs[0].c.trials"},
                                       std::pair{unknown, "$.benchmarks.cases[0]"}}) {
    const auto caught = check(changed);
    EXPECT_EQ(caught.status.code, 1) << where << ": " << caught.output;
    EXPECT_NE(caught.output.find(std::string("VIOLATION ") + where), std::string::npos)
        << caught.output;
  }
}

// scripts/check-report recomputes the coverage figures from the store's rows, and a changed
// figure is caught.
TEST_F(FrontPagesTest, TheIndependentScriptRecomputesTheCoverage) {
  nlohmann::json report = cli::to_json(cli::report_model(project_, store_, sources_));
  const fs::path file = dir_.path() / "report.json";
  auto check = [&] {
    std::ofstream(file) << report.dump();
    return cli::run_captured({TB_CHECK_REPORT, (dir_.path() / "store.db").string(), file.string()},
                             {}, 120);
  };
  const auto agrees = check();
  EXPECT_EQ(agrees.status.code, 0) << agrees.output;
  EXPECT_NE(agrees.output.find("ok   coverage base64/c"), std::string::npos) << agrees.output;
  EXPECT_NE(agrees.output.find("630 of the vectors' 700"), std::string::npos) << agrees.output;
  for (const char *changed : {"lines", "vector_lines_reached", "vectors_lines"}) {
    nlohmann::json kept = report;
    report["coverage"]["implementations"][0][changed]["covered"] = 601;
    const auto differs = check();
    EXPECT_EQ(differs.status.code, 1) << changed << ": " << differs.output;
    EXPECT_NE(differs.output.find("DIFF coverage base64/c"), std::string::npos) << differs.output;
    report = kept;
  }
  EXPECT_NE(agrees.output.find("ok   bug site"), std::string::npos) << agrees.output;
  // The two arguments the other way round: one line saying so, not a decoding error.
  const auto swapped = cli::run_captured(
      {TB_CHECK_REPORT, file.string(), (dir_.path() / "store.db").string()}, {}, 120);
  EXPECT_EQ(swapped.status.code, 1);
  EXPECT_NE(
      swapped.output.find("is a store and " + file.string() + " is not: the store comes first"),
      std::string::npos)
      << swapped.output;
  report["coverage"]["bug_sites"][0]["agree"] = 0;
  const auto site_differs = check();
  EXPECT_EQ(site_differs.status.code, 1) << site_differs.output;
  EXPECT_NE(site_differs.output.find("DIFF bug site"), std::string::npos) << site_differs.output;
}

// The coverage section reads the campaign against the spec's vectors and draws each component's
// growth; every chart the Markdown links is a file the report writes, in the same order.
TEST_F(FrontPagesTest, CoverageIsReadAgainstTheSpecsVectorsAndDrawnOverTime) {
  const cli::ReportModel model = cli::report_model(project_, store_, sources_);
  const std::string text = section_text(cli::sections::coverage(model));
  EXPECT_NE(text.find("vectors cover 80.0%; the corpus reached 90.0% of those lines"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("lines at 1 min"), std::string::npos) << text;
  std::string summary;
  for (const auto &sentence : cli::summary_sentences(model)) summary += sentence + "\n";
  EXPECT_NE(summary.find("of the lines the spec's vectors execute, the corpora reached from 90%"),
            std::string::npos)
      << summary;
  EXPECT_NE(text.find("Line coverage over the campaign, base64"), std::string::npos) << text;
  const std::string markdown = cli::render_markdown(model);
  size_t linked = 0;
  for (size_t at = markdown.find("](charts/chart-"); at != std::string::npos;
       at = markdown.find("](charts/chart-", at + 1))
    linked++;
  const auto files = cli::chart_files(model);
  EXPECT_EQ(linked, files.size());
  const size_t growth_chart =
      markdown.find("Line coverage over the campaign, base64](charts/chart-");
  ASSERT_NE(growth_chart, std::string::npos);
  const int number = std::stoi(markdown.substr(markdown.find("chart-", growth_chart) + 6));
  EXPECT_NE(files.at(number - 1).find("Line coverage over the campaign, base64"),
            std::string::npos);
}

// Every section reads its figures from the model: change one figure and the section's text
// changes with it, showing the new figure.
TEST_F(FrontPagesTest, EachSectionSaysWhatTheModelHolds) {
  using Model = cli::ReportModel;
  namespace sections = cli::sections;
  const struct {
    const char *section;
    std::function<std::optional<cli::doc::Section>(const Model &)> build;
    std::function<void(Model &)> change;
    std::string shows;
  } cases[] = {
      {"summary", sections::summary,
       [](Model &m) {
         m.benchmarks->runs = 9;
         m.summary = cli::summary_sentences(m);
       },
       "Speed across 9 runs"},
      {"safety", sections::safety,
       [](Model &m) {
         for (auto &bug : m.ground_truth->bugs) {
           if (bug.c.trials > 0) bug.c.detected = 1;
         }
       },
       "1/2 · "},
      {"speed", sections::speed,
       [](Model &m) { m.benchmarks->cases.at(0).rust_vs_c->ratio.value = 0.4321; }, "0.43"},
      {"twins", sections::twins,
       [](Model &m) { m.fuzzing->by_component.begin()->second.begin()->second.execs = 4242424; },
       "4.24M / "},
      {"coverage", sections::coverage,
       [](Model &m) { m.coverage->impls.at(0).lines_covered = 777; }, "77.7%"},
      {"benchmarks", sections::benchmarks,
       [](Model &m) { m.benchmarks->cases.at(0).impls.at(0).median_mbps.value = 4321; }, "4321"},
      {"ffi", sections::ffi,
       [](Model &m) {
         for (auto &k : m.benchmarks->cases) {
           if (k.ffi_vs_native) k.ffi_vs_native->ratio = {0.75, {0.74, 0.76}};
         }
       },
       "25.0% \\[24.0%, 26.0%\\]"}, // Markdown escapes brackets
      {"instructions", sections::instructions,
       [](Model &m) { m.instructions->cases.at(0).impls.at(0).instructions_per_byte = 7.125; },
       "7.125"},
      {"code", sections::code, [](Model &m) { m.code.at(0).lines = 31337; }, "31337"},
      {"bugs", sections::bugs,
       [](Model &m) { m.ground_truth->bugs.at(0).title = "A mistake retitled"; },
       "A mistake retitled"},
      {"crashes", [](const Model &m) { return sections::crashes(m); },
       [](Model &m) {
         cli::Crash crash;
         crash.id = 1;
         crash.signature = "sig-4711";
         crash.component = "base64";
         crash.side = "c";
         crash.type = "Heap-buffer-overflow READ 4";
         m.crashes.push_back(crash);
       },
       "sig-4711"},
      {"methodology", [](const Model &m) { return sections::methodology(m); },
       [](Model &m) { m.methodology.alpha = 0.0123; }, "0.0123"},
      {"reproduce", [](const Model &m) { return sections::reproduce(m); },
       [](Model &m) {
         m.benchmarks->run.name = "renamed-run";
         m.reproduce = cli::reproduce_commands(m);
       },
       "renamed-run"},
  };
  const Model model = cli::report_model(project_, store_, sources_);
  for (const auto &c : cases) {
    Model changed = model;
    c.change(changed);
    const std::string before = section_text(c.build(model)), after = section_text(c.build(changed));
    EXPECT_NE(before, after) << c.section << ": the text did not change";
    EXPECT_EQ(before.find(c.shows), std::string::npos) << c.section << " showed it already";
    EXPECT_NE(after.find(c.shows), std::string::npos)
        << c.section << " does not show '" << c.shows << "':\n"
        << after;
  }
}

} // namespace
} // namespace twinbench::test
