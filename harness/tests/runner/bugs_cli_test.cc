// The seeded-bug commands (twinbench bugs, witness, consequences) on bad input: one clear line
// and exit 2, through the real command in a throwaway checkout.
#include <algorithm>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/bug_catalogue.h"
#include "common/process.h"
#include "fake_checkout.h"

namespace twinbench::test {
namespace {

TEST(BugCommands, BadInputIsOneClearLineAndANonZeroExit) {
  FakeCheckout checkout({{"plain", "hello"}});
  const std::string root = checkout.root().string();
  auto run = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {TB_CLI_BINARY, "--root", root});
    return cli::run_captured(args, {}, 60);
  };
  auto one_line = [](const cli::Captured &c) {
    return std::count(c.output.begin(), c.output.end(), '\n') == 1;
  };

  auto empty = run({"witness"});
  EXPECT_EQ(empty.status.code, 2);
  EXPECT_EQ(empty.output, "twinbench: the catalogue is empty: no corpora/*/bugs.json\n");

  const fs::path catalogue = checkout.root() / "corpora/crasher/bugs.json";
  std::ofstream(catalogue) << R"({"bugs": [{"id": "crasher-heap", "class": "out-of-bounds-write",
      "cwe": "CWE-787", "clause": "c", "title": "t", "description": "d", "c": "memory-safety", "rust": "none"}]})";
  auto no_witness = run({"bugs"});
  EXPECT_EQ(no_witness.status.code, 2);
  EXPECT_NE(no_witness.output.find("crasher-heap: no witness"), std::string::npos)
      << no_witness.output;
  EXPECT_TRUE(one_line(no_witness)) << no_witness.output;

  fs::create_directories(checkout.root() / "corpora/crasher/bugs");
  std::ofstream(checkout.root() / "corpora/crasher/bugs/crasher-heap") << "HEAPxx";
  auto listed = run({"bugs"});
  EXPECT_EQ(listed.status.code, 0) << listed.output;
  EXPECT_NE(listed.output.find("crasher-heap"), std::string::npos) << listed.output;

  auto unknown = run({"witness", "crasher-nope"});
  EXPECT_EQ(unknown.status.code, 2);
  EXPECT_EQ(unknown.output, "twinbench: unknown bug 'crasher-nope' (see twinbench bugs)\n");

  auto unbuilt = run({"consequences", "crasher-heap"});
  EXPECT_EQ(unbuilt.status.code, 2);
  EXPECT_NE(unbuilt.output.find("bug_crasher_heap_c is missing: build the seeded bugs "
                                "(cmake --build --preset bench --target seeded_bugs"),
            std::string::npos)
      << unbuilt.output;
  EXPECT_TRUE(one_line(unbuilt)) << unbuilt.output;

  std::ofstream(catalogue) << R"({"bugs": [{"id": "crasher-heap", )";
  auto truncated = run({"bugs"});
  EXPECT_EQ(truncated.status.code, 2);
  EXPECT_NE(truncated.output.find("crasher/bugs.json: not valid JSON"), std::string::npos)
      << truncated.output;
  EXPECT_TRUE(one_line(truncated)) << truncated.output;

  std::ofstream(catalogue) << R"({"bugs": [{"id": "heap", "class": "out-of-bounds-write",
      "cwe": "CWE-787", "clause": "c", "title": "t", "description": "d", "c": "memory-safety", "rust": "none"}]})";
  auto misnamed = run({"bugs"});
  EXPECT_EQ(misnamed.status.code, 2);
  EXPECT_NE(misnamed.output.find("bug id 'heap' must be crasher-<words>"), std::string::npos)
      << misnamed.output;

  std::ofstream(catalogue) << R"({"bugs": [{"id": "crasher-heap", "class": "out-of-bounds-write",
      "cwe": "CWE-787", "clause": "c", "title": "t", "description": "d", "c": "memory-safety",
      "rust": "compile-fail:oops"}]})";
  auto unpinned = run({"bugs"});
  EXPECT_EQ(unpinned.status.code, 2);
  EXPECT_NE(
      unpinned.output.find("a compile-fail case is written compile-fail:E<code>@<file>:<line>"),
      std::string::npos)
      << unpinned.output;
  EXPECT_TRUE(one_line(unpinned)) << unpinned.output;

  // Every bug names its weakness; one whose Rust mistake is inside `unsafe` says what for.
  for (const auto &[fields, expected] :
       {std::pair{R"("cwe": "787")", "bugs[0].cwe: expected a string matching ^CWE-[1-9][0-9]*$"},
        std::pair{R"("cwe": "CWE-787", "rust_unsafe": true)", "\"unsafe_for\": \"speed\" or"},
        std::pair{R"("cwe": "CWE-787", "rust_unsafe": "yes")",
                  "bugs[0].rust_unsafe: expected true or false"},
        std::pair{R"("cwe": "CWE-787", "unsafe_for": "speed")", "(and only such a bug)"},
        // A Rust-native failure names the idiom behind a panic, and this bug's Rust side is none.
        std::pair{R"("cwe": "CWE-787", "rust_native_failure": "unwrap")",
                  "\"rust_native_failure\" names the idiom behind a Rust panic"}}) {
    std::ofstream(catalogue)
        << R"({"bugs": [{"id": "crasher-heap", "class": "out-of-bounds-write", )" << fields
        << R"(, "clause": "c", "title": "t", "description": "d",
      "c": "memory-safety", "rust": "none"}]})";
    auto refused = run({"bugs"});
    EXPECT_EQ(refused.status.code, 2) << fields;
    EXPECT_NE(refused.output.find(expected), std::string::npos) << refused.output;
    EXPECT_TRUE(one_line(refused)) << refused.output;
  }
}

// The classes a catalogue may use are the schema's, and the report orders them as the CLI does:
// one list, written twice (harness/registry/schemas/bugs.schema.json, bug_catalogue.cc), kept
// equal here.
TEST(BugCommands, TheSchemasBugClassesAreTheCataloguesInItsOrder) {
  std::ifstream in(fs::path(TB_SOURCE_ROOT) / "harness/registry/schemas/bugs.schema.json");
  const auto schema = nlohmann::json::parse(in);
  const auto classes = schema.at("definitions").at("bug").at("properties").at("class").at("enum");
  EXPECT_EQ(classes.get<std::vector<std::string>>(), cli::kBugClasses);
}

} // namespace
} // namespace twinbench::test
