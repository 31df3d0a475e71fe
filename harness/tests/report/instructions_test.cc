// callgrind's dumps in, instruction counts out; bad dumps are one clear error; ratios and
// comparisons follow from the counts exactly.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "bench/instructions.h"
#include "common/project.h"

namespace twinbench::test {
namespace {

// The shape callgrind 3.19 writes for CALLGRIND_DUMP_STATS_AT with --cache-sim=yes: "totals"
// omits trailing zero events, and "summary" can be garbage when collection was toggled.
std::string dump(const std::string &name, const std::string &totals) {
  return "# callgrind format\nversion: 1\ncreator: callgrind-3.19.0\npid: 1\ncmd:  ./bench\n"
         "part: 1\n\ndesc: I1 cache: 32768 B, 64 B, 8-way associative\n"
         "desc: Timerange: Basic block 0 - 1013\n"
         "desc: Trigger: Client Request: twinbench " +
         name +
         "\n\npositions: line\nevents: Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw\n"
         "summary: 18446744073709372876 1\n\n\nob=(1) /bench\nfl=(1) ???\nfn=(0) main\n"
         "0 4003 1 1001 1\n\ntotals: " +
         totals + "\n";
}

TEST(Instructions, ADumpGivesTheCaseItsIterationsAndEveryEvent) {
  const auto c =
      cli::parse_callgrind_dump(dump("10 64 base64/encode/64/rust", "6400 640 860 4 3 2 1"), "d");
  EXPECT_EQ(c.name, "base64/encode/64/rust");
  EXPECT_EQ(c.component, "base64");
  EXPECT_EQ(c.case_name, "encode");
  EXPECT_EQ(c.size, 64);
  EXPECT_EQ(c.impl, "rust");
  EXPECT_EQ(c.iterations, 10);
  EXPECT_EQ(c.bytes_per_operation, 64);
  EXPECT_EQ(c.bytes(), 640);
  EXPECT_EQ(c.ir, 6400);
  EXPECT_EQ(c.dw, 860);
  EXPECT_EQ(c.ilmr, 1);
  EXPECT_EQ(c.dlmr, 0); // omitted trailing zeros
  EXPECT_EQ(c.dlmw, 0);
  // accesses 7900, L1 misses 9, memory 1: 7891 L1 hits + 5 x 8 LL hits + 35 x 1.
  EXPECT_DOUBLE_EQ(c.estimated_cycles(), 7891 + 5 * 8 + 35);
}

TEST(Instructions, BadDumpsAreOneClearError) {
  auto message = [](const std::string &text) {
    try {
      cli::parse_callgrind_dump(text, "case.1");
    } catch (const cli::UserError &e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  const std::string good = dump("10 64 base64/encode/64/c", "6400 640 860");
  EXPECT_EQ(message(good), "accepted");
  EXPECT_EQ(message(good.substr(0, good.find("totals:"))),
            "case.1: truncated callgrind dump (no events or totals line)");
  EXPECT_EQ(message("# callgrind format\nevents: Ir\ntotals: 5\n"),
            "case.1: not a dump of a twinbench case (no client request)");
  EXPECT_EQ(message(dump("ten 64 base64/encode/64/c", "1")), "case.1: 'ten' is not a count");
  EXPECT_EQ(message(dump("10 64 base64-encode", "1")),
            "case.1: case name 'base64-encode' is not <component>/<case>/<size>/<impl>");
  EXPECT_EQ(message(dump("0 64 base64/encode/64/c", "1")),
            "case.1: a dump of no iterations or no bytes");
  EXPECT_EQ(message(dump("8198552921648689598 1057 base64/encode/64/c", "1")),
            "case.1: iterations x bytes per operation is past any real run");
  std::string without_cache = dump("10 64 base64/encode/64/c", "6400");
  without_cache.replace(without_cache.find("Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw"), 38, "Ir");
  EXPECT_EQ(message(without_cache),
            "case.1: no D1mr count (was callgrind run with --cache-sim=yes?)");
}

TEST(Instructions, AFolderOfDumpsIsOneCountPerCaseAndACaseCountedTwiceIsAnError) {
  const auto dir = std::filesystem::temp_directory_path() / "twinbench-instructions-test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto write = [&](const std::string &file, const std::string &text) {
    std::ofstream(dir / file) << text;
  };
  write("case", "# callgrind format\nevents: Ir\ntotals: 0\n"); // at exit
  write("case.1", dump("10 64 base64/encode/64/rust", "700"));
  write("case.2", dump("10 64 base64/encode/64/c", "640"));
  write("other.1", dump("10 64 json/doc/64/c", "1"));
  const auto counts = cli::read_callgrind_dumps(dir, "case");
  ASSERT_EQ(counts.size(), 2u);
  EXPECT_EQ(counts[0].name, "base64/encode/64/c");
  EXPECT_EQ(counts[1].name, "base64/encode/64/rust");

  const auto cases = cli::analyze_instructions(counts);
  ASSERT_EQ(cases.size(), 1u);
  EXPECT_EQ(cases[0].label(), "base64/encode/64 B");
  ASSERT_EQ(cases[0].impls.size(), 2u);
  EXPECT_EQ(cases[0].impls[0].impl, "c");
  EXPECT_DOUBLE_EQ(cases[0].impls[0].instructions_per_byte, 1.0);
  EXPECT_DOUBLE_EQ(*cases[0].rust_vs_c_instructions, 700.0 / 640.0);

  write("case.3", dump("10 64 base64/encode/64/c", "640"));
  EXPECT_THROW(cli::read_callgrind_dumps(dir, "case"), cli::UserError);
  std::filesystem::remove_all(dir);
}

TEST(Instructions, ACompareFlagsOnlyChangesBeyondTheThreshold) {
  auto count = [](const std::string &name, int64_t ir) {
    cli::InstructionCount c;
    c.name = name;
    c.iterations = 10;
    c.bytes_per_operation = 100;
    c.ir = ir;
    return c;
  };
  const std::vector<cli::InstructionCount> before = {
      count("a/x/100/c", 10000), count("a/x/100/rust", 10000), count("a/y/100/c", 10000)};
  const std::vector<cli::InstructionCount> after = {
      count("a/x/100/c", 10099), count("a/x/100/rust", 10101), count("a/z/100/c", 1)};
  const auto changes = cli::compare_instructions(before, after, 0.01);
  ASSERT_EQ(changes.size(), 2u); // only the cases in both
  EXPECT_DOUBLE_EQ(changes[0].before, 10.0);
  EXPECT_FALSE(changes[0].more); // +0.99%
  EXPECT_TRUE(changes[1].more);  // +1.01%
  EXPECT_FALSE(changes[1].fewer);
  const auto exact = cli::compare_instructions(before, after, 0);
  EXPECT_TRUE(exact[0].more);
}

} // namespace
} // namespace twinbench::test
