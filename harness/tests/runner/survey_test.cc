// `twinbench survey` (harness/cli/fuzz/survey.cc) over the test crasher's diff target: a
// difference no spec documents is listed by its field and value kind with the input that showed
// it, and a crash on the way does not end the survey.
#include <fstream>

#include <gtest/gtest.h>

#include "common/process.h"
#include "common/project.h"
#include "fake_checkout.h"

namespace twinbench::test {
namespace {

// The line of `text` that holds `needle` ("" when none).
std::string line_with(const std::string &text, const std::string &needle) {
  const size_t at = text.find(needle);
  if (at == std::string::npos) return "";
  const size_t start = text.rfind('\n', at) + 1; // npos + 1 is 0
  return text.substr(start, text.find('\n', at) - start);
}

cli::Captured survey(const FakeCheckout &checkout, std::vector<std::string> args) {
  args.insert(args.begin(), {TB_CLI_BINARY, "--root", checkout.root().string(), "survey"});
  return cli::run_captured(args, {}, 120);
}

TEST(Survey, ListsEachUndocumentedDifferenceWithItsFirstInputAndGoesOnPastACrash) {
  // The dictionary's "HEAP" makes the mutations crash again and again.
  FakeCheckout checkout({{"a-heap", "HEAP-overflow"}, {"b-divg", "DIVG-tape"}});
  const fs::path out = checkout.root() / "survey";
  const auto run = survey(checkout, {"crasher", "--time", "1s", "--out", out.string()});
  ASSERT_TRUE(run.status.ok()) << run.output;

  // The divergence's signature (field "tape", value kind "double.value") is one row, whatever
  // the position the crasher reports it at, and the run did not stop at it.
  const std::string row = line_with(run.output, "tape:double.value");
  EXPECT_NE(row.find(" unclassified "), std::string::npos) << run.output;
  EXPECT_NE(row.find(" c/rust "), std::string::npos) << run.output;
  EXPECT_EQ(row.find(" - "), std::string::npos) << "a count and a time: " << row;
  const std::string example =
      cli::read_file(out / "examples/unclassified_tape_double.value.c_rust");
  EXPECT_TRUE(example.starts_with("DIVG")) << example;
  EXPECT_NE(run.output.find("1 kind(s), 1 unclassified"), std::string::npos) << run.output;
  // Each heap overflow ended a child, not the survey (fork mode stops at the first crash unless
  // told to ignore crashes): its input is kept for a campaign to triage.
  const std::string crashes = line_with(run.output, "crash(es) passed over (crash ");
  ASSERT_FALSE(crashes.empty()) << run.output;
  EXPECT_GE(std::stoi(crashes), 2) << "the survey went on past a crash: " << crashes;
  EXPECT_FALSE(fs::is_empty(out / "crashes"));
  const std::string page = cli::read_file(out / "survey.md");
  EXPECT_NE(page.find("TWINBENCH_SURVEY=1"), std::string::npos) << page;
  EXPECT_NE(page.find("examples/unclassified_tape_double.value.c_rust"), std::string::npos) << page;
}

TEST(Survey, WithoutSurveyModeTheSameDifferenceIsACrash) {
  // The drivers' default is unchanged: the diff target aborts on the difference.
  FakeCheckout checkout({});
  const fs::path input = checkout.root() / "divg";
  std::ofstream(input, std::ios::binary) << "DIVG-tape";
  const auto run = cli::run_captured({TB_CRASHER_BINARY, input.string()}, {}, 60);
  EXPECT_FALSE(run.status.ok());
  EXPECT_NE(run.output.find("TWINBENCH DIVERGENCE crasher tape double.value c/rust"),
            std::string::npos)
      << run.output;
}

TEST(Survey, RefusesAFolderThatHoldsFiles) {
  FakeCheckout checkout({{"b-divg", "DIVG-tape"}});
  const fs::path out = checkout.root() / "corpora"; // not empty
  const auto run = survey(checkout, {"crasher", "--time", "1s", "--out", out.string()});
  EXPECT_EQ(run.status.code, 2) << run.output;
  EXPECT_NE(run.output.find("is not empty"), std::string::npos) << run.output;
}

} // namespace
} // namespace twinbench::test
