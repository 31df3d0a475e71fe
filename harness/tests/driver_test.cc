// The diff drivers' comparison (harness/fuzz/driver.h): which value is reported when two
// implementations disagree, and the line the triage reads.
#include <gtest/gtest.h>

#define TB_FUZZ_DIFF // driver.h serves fuzz binaries; this is the _diff side of it
#include "../fuzz/driver.h"

namespace twinbench::fuzz {
namespace {

std::vector<Value> tape(const std::vector<std::string> &texts) {
  std::vector<Value> out;
  for (size_t i = 0; i < texts.size(); i++) {
    out.push_back({"tape", "double.value", "tape[" + std::to_string(i) + "]", texts[i]});
  }
  return out;
}

TEST(DiffDriver, EqualResultsHaveNoDifference) {
  EXPECT_FALSE(first_difference(tape({"1", "2"}), tape({"1", "2"})));
}

TEST(DiffDriver, TheFirstDifferingValueIsReportedWithItsPlace) {
  auto d = first_difference(tape({"1", "2", "3"}), tape({"1", "5", "6"}));
  ASSERT_TRUE(d);
  EXPECT_EQ(d->first.where, "tape[1]");
  EXPECT_EQ(d->first.text, "2");
  EXPECT_EQ(d->second.text, "5");
}

// A difference past what a divergence line shows must still be found and named.
TEST(DiffDriver, ValuesAreComparedWholeNotAsPrinted) {
  const std::vector<uint8_t> a(300, 0x41);
  std::vector<uint8_t> b = a;
  b.back() = 0x42;
  auto d = first_difference({{"arena", "bytes", "", hex(a)}}, {{"arena", "bytes", "", hex(b)}});
  ASSERT_TRUE(d);
  EXPECT_EQ(d->first.field, "arena");
  const std::string line = divergence_line("json", d->first, "c", d->second, "rust");
  EXPECT_NE(line.find("...(600 chars)"), std::string::npos) << line;
}

TEST(DiffDriver, AValueOnlyOneSideHasIsADifferenceOfKindNone) {
  auto d = first_difference(tape({"1"}), tape({"1", "7"}));
  ASSERT_TRUE(d);
  EXPECT_EQ(d->first.kind, "none");
  EXPECT_EQ(d->first.text, "<none>");
  EXPECT_EQ(d->second.text, "7");
}

TEST(DiffDriver, TheLineNamesFieldKindAndPairBeforeThePosition) {
  const Value c{"tape", "double.value", "tape[17] depth=4", "1"};
  Value rust = c;
  rust.text = "2";
  EXPECT_EQ(divergence_line("json", c, "c", rust, "rust"),
            "TWINBENCH DIVERGENCE json tape double.value c/rust at tape[17] depth=4: c=1 rust=2");
  rust.kind = "int64.value";
  EXPECT_EQ(divergence_line("json", c, "c", rust, "rust").substr(0, 57),
            "TWINBENCH DIVERGENCE json tape double.value|int64.value c");
}

// The memory a driver hands an implementation: zeroed, its size as asked, and never NULL, not
// even when empty (a contract's NULL check must not turn a zero-length overrun into a refusal).
TEST(CallerMemory, AnEmptyBufferIsARealPointerAndAFullOneIsZeroed) {
  Caller<uint8_t> empty(0, "nothing"), other(0, "nothing either");
  EXPECT_NE(empty.data(), nullptr);
  EXPECT_NE(empty.data(), other.data());
  EXPECT_EQ(empty.size(), 0u);
  Caller<uint64_t> words(3);
  ASSERT_NE(words.data(), nullptr);
  EXPECT_EQ(words.size(), 3u);
  for (size_t i = 0; i < 3; i++) EXPECT_EQ(words[i], 0u);
}

} // namespace
} // namespace twinbench::fuzz
