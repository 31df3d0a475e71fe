// How `twinbench consequences` names what a release build did with a seeded bug's witness, from
// the replays it ran: the bug build with two fill bytes, and the correct twin.
#include <gtest/gtest.h>

#include "bugs/consequences.h"
#include "bugs/witness_run.h"

namespace twinbench::test {
namespace {

using cli::ReplayRun;

ReplayRun finished(std::vector<std::string> values, double seconds = 0.01) {
  ReplayRun r;
  r.values = std::move(values);
  r.done = true;
  r.seconds = seconds;
  return r;
}

ReplayRun killed(int signal, std::string output) {
  ReplayRun r;
  r.run.status.signal = signal;
  r.run.output = std::move(output);
  return r;
}

const ReplayRun correct = finished({"decode.status\tstatus\tok", "decode.output\tbytes\t41"});

TEST(Consequences, AChangedGuardZoneIsSilentMemoryCorruptionEvenWhenTheAnswerIsRight) {
  ReplayRun bug = finished(correct.values);
  bug.guards = {"after the decode output"};
  auto v = cli::judge(bug, bug, correct);
  EXPECT_EQ(v.outcome, "memory-corruption");
  EXPECT_NE(v.detail.find("after the decode output"), std::string::npos) << v.detail;
}

TEST(Consequences, OutputThatChangesWithTheFillIsADataLeak) {
  auto a = finished({"decode.status\tstatus\tok", "decode.output\tbytes\t41a5a5"});
  auto b = finished({"decode.status\tstatus\tok", "decode.output\tbytes\t415a5a"});
  auto v = cli::judge(a, b, correct);
  EXPECT_EQ(v.outcome, "data-leak");
  EXPECT_NE(v.detail.find("decode.output"), std::string::npos) << v.detail;
}

TEST(Consequences, ASteadyAnswerThatDiffersFromTheCorrectTwinIsAWrongResult) {
  auto bug = finished({"decode.status\tstatus\tok", "decode.output\tbytes\t42"});
  auto v = cli::judge(bug, bug, correct);
  EXPECT_EQ(v.outcome, "wrong-result");
  EXPECT_EQ(v.detail, "decode.output: bug 42 vs correct 41");
}

TEST(Consequences, TheCorrectAnswerIsNoVisibleEffect) {
  EXPECT_EQ(cli::judge(correct, correct, correct).outcome, "none");
}

TEST(Consequences, ARustPanicIsAControlledPanicWithItsSiteAndMessage) {
  auto v = cli::judge(killed(6, "thread '<unnamed>' panicked at src/decode.rs:96:12:\n"
                                "range end index 3 out of range for slice of length 1\n"),
                      {}, correct);
  EXPECT_EQ(v.outcome, "panic");
  EXPECT_EQ(v.detail, "panicked at src/decode.rs:96:12: range end index 3 out of range for "
                      "slice of length 1");
}

TEST(Consequences, ASignalOrAnAllocatorAbortIsACrash) {
  EXPECT_EQ(cli::judge(killed(11, ""), {}, correct).detail, "killed by SIGSEGV");
  auto abort = cli::judge(killed(6, "free(): double free detected in tcache 2\n"), {}, correct);
  EXPECT_EQ(abort.outcome, "crash");
  EXPECT_EQ(abort.detail, "allocator abort: free(): double free detected in tcache 2");
}

TEST(Consequences, KilledAtTheLimitOrFiftyTimesSlowerThanTheCorrectTwinIsAHang) {
  ReplayRun stuck;
  stuck.run.timed_out = true;
  stuck.seconds = 10;
  EXPECT_EQ(cli::judge(stuck, stuck, correct).outcome, "hang");
  auto slow = finished(correct.values, 4.9);
  EXPECT_EQ(cli::judge(slow, slow, correct).outcome, "hang");
  auto slower_but_quick = finished(correct.values, 0.5); // under a second: not a denial of service
  EXPECT_EQ(cli::judge(slower_but_quick, slower_but_quick, correct).outcome, "none");
}

TEST(Consequences, ARightAnswerWithMemoryDefinitelyLostIsALeak) {
  const cli::Verdict none{"none", "same answer as the correct twin"};
  const auto leak =
      cli::with_memcheck(none, "error: 32 bytes in 1 blocks are definitely lost in loss record 1");
  EXPECT_EQ(leak.outcome, "leak");
  EXPECT_NE(leak.detail.find("32 bytes in 1 blocks are definitely lost"), std::string::npos);
  // Memcheck's other findings, or none, leave the verdict as the replay gave it.
  EXPECT_EQ(cli::with_memcheck(none, "no error (exit code 0)").outcome, "none");
  EXPECT_EQ(
      cli::with_memcheck({"crash", "killed"}, "error: 8 bytes ... are definitely lost").outcome,
      "crash");
}

// A refused build counts as rustc's verdict only when the first error is the catalogue's code at
// the catalogue's span: otherwise the experiment failed, and the table must not say "rustc".
TEST(Consequences, AWriteOutsideWhatWasAllocatedIsCorruptionEvenWhenTheOutputHidesIt) {
  const cli::Verdict wrong{"wrong-result", "count: bug 3 vs correct 4"};
  const auto corrupted = cli::with_memcheck(wrong, "error: Invalid write of size 8");
  EXPECT_EQ(corrupted.outcome, "memory-corruption");
  EXPECT_EQ(corrupted.detail, "count: bug 3 vs correct 4; memcheck: Invalid write of size 8");
  EXPECT_EQ(cli::with_memcheck({"none", "same"}, "error: Invalid free() / delete").outcome,
            "memory-corruption");
  // A read outside the allocation changes nothing a user sees here: the replay's verdict stands
  // (memcheck's line is shown beside it), as does a crash the replay already saw.
  EXPECT_EQ(cli::with_memcheck(wrong, "error: Invalid read of size 1").outcome, "wrong-result");
  EXPECT_EQ(cli::with_memcheck({"crash", "killed"}, "error: Invalid write of size 1").outcome,
            "crash");
}

TEST(Consequences, ACompileErrorCountsOnlyWithTheCataloguesCodeAndSpan) {
  const auto expected =
      cli::parse_expectation("compile-fail:E0505@targets_rust/crates/ringbuf/src/lib.rs:117");
  EXPECT_EQ(expected.detail, "E0505");
  EXPECT_EQ(expected.location, "targets_rust/crates/ringbuf/src/lib.rs:117");
  auto refused = [](std::vector<cli::BugBuild::RustcError> errors) {
    cli::BugBuild b;
    b.errors = std::move(errors);
    return b;
  };
  const auto as_catalogued = cli::judge_refusal(
      expected, refused({{"E0505", "targets_rust/crates/ringbuf/src/lib.rs:117"},
                         {"E0382", "targets_rust/crates/ringbuf/src/lib.rs:120"}}));
  EXPECT_TRUE(as_catalogued.counts);
  EXPECT_EQ(as_catalogued.detail,
            "rustc E0505 at targets_rust/crates/ringbuf/src/lib.rs:117 (and 1 more)");

  const auto elsewhere = cli::judge_refusal(
      expected, refused({{"E0505", "targets_rust/crates/ringbuf/src/lib.rs:90"}}));
  EXPECT_FALSE(elsewhere.counts);
  EXPECT_NE(elsewhere.detail.find("not the catalogue's E0505 at "
                                  "targets_rust/crates/ringbuf/src/lib.rs:117"),
            std::string::npos)
      << elsewhere.detail;
  EXPECT_FALSE(cli::judge_refusal(
                   expected, refused({{"E0382", "targets_rust/crates/ringbuf/src/lib.rs:117"}}))
                   .counts);
  cli::BugBuild timed_out;
  timed_out.timed_out = true;
  EXPECT_FALSE(cli::judge_refusal(expected, timed_out).counts);
  EXPECT_FALSE(cli::judge_refusal(expected, refused({})).counts); // a linker error, say
  // A build the catalogue expects to work that rustc refuses is no compile error either.
  const auto surprise =
      cli::judge_refusal(cli::parse_expectation("panic:lib.rs"),
                         refused({{"E0505", "targets_rust/crates/ringbuf/src/lib.rs:117"}}));
  EXPECT_FALSE(surprise.counts);
  EXPECT_NE(surprise.detail.find("where the catalogue expects it to build"), std::string::npos);
}

} // namespace
} // namespace twinbench::test
