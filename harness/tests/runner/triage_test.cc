// Triage against real sanitizer reports: the test-only crasher has one deliberate bug per
// class (harness/tests/crashers/crasher.cc); each must be reproduced, classified, and given
// one signature per bug.
#include <chrono>
#include <fstream>

#include <gtest/gtest.h>

#include "fake_checkout.h"
#include "fuzz/triage.h"

namespace twinbench::test {
namespace {

using cli::Reproduction;

class Triage : public testing::Test {
protected:
  Reproduction run(const std::string &input, cli::TriageLimits limits = {2, 512},
                   const std::string &name = "input") {
    const fs::path file = dir_.root() / (name + "-" + std::to_string(n_++));
    std::ofstream(file, std::ios::binary) << input;
    return cli::reproduce(TB_CRASHER_BINARY, file, "crasher", TB_SOURCE_ROOT, 3, limits);
  }
  FakeCheckout dir_{{}};
  int n_ = 0;
};

TEST_F(Triage, HeapOverflowInCIsAMemorySafetyWriteWithItsFrames) {
  auto r = run("HEAPxyz");
  EXPECT_EQ(r.reproduced, 3);
  EXPECT_TRUE(r.reliable());
  EXPECT_EQ(r.classification.crash_class, "memory-safety");
  EXPECT_EQ(r.classification.type, "Heap-buffer-overflow WRITE 1");
  ASSERT_FALSE(r.classification.frames.empty());
  EXPECT_EQ(r.classification.frames[0].function, "crasher_heap_overflow_write");
  EXPECT_EQ(r.classification.frames[0].location.rfind("harness/tests/crashers/crash_c.c:", 0), 0u)
      << r.classification.frames[0].location;
}

TEST_F(Triage, UseAfterFreeInC) {
  auto r = run("UAFRabcdef");
  EXPECT_EQ(r.classification.crash_class, "memory-safety");
  EXPECT_EQ(r.classification.type, "Heap-use-after-free READ 1");
  EXPECT_EQ(r.classification.frames.at(0).function, "crasher_use_after_free");
}

TEST_F(Triage, RustPanicIsSignedByItsSourceSite) {
  auto r = run("PANCxx");
  EXPECT_EQ(r.classification.crash_class, "panic");
  EXPECT_EQ(r.classification.side, "rust");
  EXPECT_EQ(r.classification.site, "src/lib.rs:5:5");
  EXPECT_NE(r.classification.message.find("index out of bounds"), std::string::npos);
  EXPECT_EQ(r.classification.signature, "panic|crasher|src/lib.rs:5:5");
}

TEST(TriageOfText, APanicInsideTheCheckoutIsSignedByItsSiteRelativeToTheCheckout) {
  // rustc writes absolute paths for crates built outside their workspace (the bug builds).
  const std::string report = "thread '<unnamed>' panicked at "
                             "/src/tb/targets_rust/crates/json/src/string.rs:147:9:\n"
                             "index out of bounds: the len is 2 but the index is 2\n";
  auto c = cli::classify(report, "json", "/src/tb");
  EXPECT_EQ(c.site, "targets_rust/crates/json/src/string.rs:147:9");
  EXPECT_EQ(c.signature, "panic|json|targets_rust/crates/json/src/string.rs:147:9");
}

TEST(TriageOfText, ABrokenUnsafePreconditionIsAMemorySafetyFindingNotAPanic) {
  // A debug build's check of get_unchecked's precondition (core's ub_checks): undefined
  // behaviour inside `unsafe`, stopped before it happened.
  const std::string report =
      "thread '<unnamed>' (15878) panicked at "
      "/src/tb/targets_rust/crates/base64/src/decode.rs:32:32:\n"
      "unsafe precondition(s) violated: slice::get_unchecked requires that the index is within "
      "the slice\n";
  auto c = cli::classify(report, "base64", "/src/tb");
  EXPECT_EQ(c.crash_class, "memory-safety");
  EXPECT_EQ(c.type, "Unsafe-precondition slice::get_unchecked");
  EXPECT_EQ(c.side, "rust");
  EXPECT_EQ(c.site, "targets_rust/crates/base64/src/decode.rs:32:32");
  EXPECT_EQ(c.signature,
            "unsafe-precondition|base64|targets_rust/crates/base64/src/decode.rs:32:32");
  // An ordinary panic stays a panic.
  EXPECT_EQ(cli::classify("thread 'main' panicked at src/a.rs:1:1:\nindex out of bounds\n", "x",
                          "/src/tb")
                .crash_class,
            "panic");
}

TEST(TriageOfText, AnAllocationAboveWhatASanCanServeIsOutOfMemoryNotAMemoryError) {
  // Found by the seeded bug ringbuf-allocation-unchecked: the class was read from the first two
  // words, "requested allocation", which never matched "requested allocation size".
  const std::string report =
      "==1==ERROR: AddressSanitizer: requested allocation size 0x8000000000000000 "
      "(0x8000000000001000 after adjustments for alignment, red zones etc.) exceeds maximum "
      "supported size of 0x10000000000 (thread T0)\n"
      "    #0 0x5 in malloc\n"
      "    #1 0x6 in resize /src/tb/targets_c/ringbuf/ringbuf.c:140:19\n";
  auto c = cli::classify(report, "ringbuf", "/src/tb");
  EXPECT_EQ(c.crash_class, "oom");
  EXPECT_EQ(c.type, "Out-of-memory (allocation size)");
}

// Found by fuzz_harness_triage_report: an address in a signature, so one bug signed anew by
// every run (ASLR) or build. Two frames' lines run together (stderr interleaved from two
// threads) put one into a function's name; a violation reported from an unsymbolised frame
// signed by its "(binary+0x...)".
TEST(TriageOfText, AnAddressInsideAFunctionsNameIsNotPartOfTheSignature) {
  auto report = [](const std::string &address) {
    return "==1==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x602000000011\n"
           "WRITE of size 1 at 0x602000000011 thread T0\n"
           "    #0 0x7f6b92397eeb in __pthread_kill_impl" +
           address + " in decode /src/tb/targets_c/base64/base64.c:82:20\n";
  };
  const auto one = cli::classify(report("0x556b86da4df2"), "base64", "/src/tb");
  const auto other = cli::classify(report("0x667c97eb5e03"), "base64", "/src/tb");
  EXPECT_EQ(one.crash_class, "memory-safety");
  EXPECT_EQ(one.signature, other.signature);
  // Found by the second campaign: "0x0x563c..." was signed as "0x?x563c...".
  EXPECT_EQ(cli::classify(report("0x0x563c3aa0d406"), "base64", "/src/tb").signature,
            cli::classify(report("0x0x674d4bb1e517"), "base64", "/src/tb").signature);
  EXPECT_EQ(one.signature.find("0x5"), std::string::npos) << one.signature;
}

TEST(TriageOfText, AViolationLineRunTogetherWithAFramesOffsetIsSignedWithoutIt) {
  // The reporting component's word taken from an unsymbolised frame's text.
  auto report = [](const std::string &offset) {
    return "TWINBENCH VIOLATION (/src/tb/build/fuzz/bin/fuzz_jpeg_diff+" + offset +
           ") decoded size differs\n";
  };
  const auto one = cli::classify(report("0x13da30"), "jpeg", "/src/tb");
  const auto other = cli::classify(report("0x24eb41"), "jpeg", "/src/tb");
  EXPECT_EQ(one.crash_class, "spec-violation");
  EXPECT_EQ(one.signature, other.signature) << one.signature;
}

// ThreadSanitizer's report of two accesses to one address, the current one first.
std::string race_report(const std::string &now, const std::string &now_stack,
                        const std::string &before, const std::string &before_stack) {
  return "==================\n"
         "WARNING: ThreadSanitizer: data race (pid=4242)\n"
         "  " +
         now + " of size 8 at 0x7b0c00000040 by main thread:\n" + now_stack + "\n" + "  Previous " +
         before + " of size 8 at 0x7b0c00000040 by thread T1:\n" + before_stack +
         "\nSUMMARY: ThreadSanitizer: data race\n";
}

TEST(TriageOfText, ADataRaceIsSignedByBothAccessesTopFramesInEitherOrder) {
  // A plain store to the queue's tail racing with a load of it.
  const std::string reader =
      "    #0 available /src/tb/targets_c/spsc/spsc.c:86:18 (fuzz_spsc_c_tsan+0xd1a2) (BuildId: "
      "5d1f)\n"
      "    #1 pop /src/tb/targets_c/spsc/spsc.c:131:30 (fuzz_spsc_c_tsan+0xd1a2)\n"
      "    #2 LLVMFuzzerTestOneInput /src/tb/harness/fuzz/spsc.cc:201:3 (fuzz_spsc_c_tsan+0x1)\n";
  const std::string writer =
      "    #0 publish_tail /src/tb/targets_c/spsc/spsc.c:93:3 (fuzz_spsc_c_tsan+0xd0a0)\n"
      "    #1 push /src/tb/targets_c/spsc/spsc.c:110:3 (fuzz_spsc_c_tsan+0xd0a0)\n";
  auto c = cli::classify(race_report("Read", reader, "write", writer), "spsc", "/src/tb");
  EXPECT_EQ(c.crash_class, "data-race");
  EXPECT_EQ(c.type, "Data race READ 8 / WRITE 8");
  EXPECT_EQ(c.side, "c");
  EXPECT_EQ(c.signature, "Data race|available|publish_tail");
  ASSERT_FALSE(c.frames.empty());
  EXPECT_EQ(c.frames[0].location, "targets_c/spsc/spsc.c:86:18");

  // The same race seen from the other thread first: one bug, one signature.
  auto d = cli::classify(race_report("Write", writer, "read", reader), "spsc", "/src/tb");
  EXPECT_EQ(d.type, "Data race WRITE 8 / READ 8");
  EXPECT_EQ(d.signature, c.signature);
}

TEST(TriageSignature, ALibraryBugIsSignedByItsOwnBuildsFrames) {
  // libpng compiled from the upstream tarball and from Debian's patched tree (build/sources/):
  // its frames are the implementation's own code, named with the tree, so one bug in both
  // builds is two crashes, each its build's, and not one crash of the glue's `decode`.
  const auto oom = [](const std::string &tree) {
    const std::string at = "/src/tb/build/sources/libpng1.6_1.6.39/" + tree + "/pngrutil.c";
    return "==1== ERROR: libFuzzer: out-of-memory (malloc(1950960965))\n"
           "    #7 0x1 in malloc (/src/tb/build/fuzz/bin/fuzz_png_libpng+0x15f51f)\n"
           "    #8 0x2 in png_read_buffer " +
           at +
           ":312:16\n"
           "    #9 0x3 in png_handle_zTXt " +
           at +
           ":2632:13\n"
           "    #10 0x4 in decode /src/tb/targets_c/png/libpng/libpng_decode.c:68:5\n";
  };
  const auto upstream = cli::classify(oom("upstream"), "png", "/src/tb");
  EXPECT_EQ(upstream.crash_class, "oom");
  EXPECT_EQ(upstream.side, "c");
  EXPECT_EQ(upstream.signature, "Out-of-memory|png_read_buffer@libpng1.6_1.6.39/upstream > "
                                "png_handle_zTXt@libpng1.6_1.6.39/upstream > decode");
  EXPECT_NE(cli::classify(oom("debian"), "png", "/src/tb").signature, upstream.signature);
}

// AddressSanitizer's report of a read past a heap buffer, `bytes` long, in http1's chunked
// decoder: a memcpy whose length comes from the input.
std::string overread_report(int bytes) {
  return "==1==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x602000000031 at pc "
         "0x1 bp 0x2 sp 0x3\n"
         "READ of size " +
         std::to_string(bytes) +
         " at 0x602000000031 thread T0\n"
         "    #0 0x4 in __asan_memcpy (/src/tb/build/fuzz/bin/bug_x_c+0x1)\n"
         "    #1 0x5 in decode_chunk /src/tb/targets_c/http1/chunked.c:243:5\n"
         "    #2 0x6 in tb_http1_c_chunked /src/tb/targets_c/http1/api.c:40:10\n";
}

TEST(TriageSignature, OneBugReadWithTwoLengthsIsOneCrashAsARustPanicIs) {
  // ClusterFuzz's rule: an access of 1, 2, 4 or 8 bytes keeps its size (a scalar's), any other
  // is "{*}" (a length from the input). A panic's signature has no size to split on, so keeping
  // every size would count one C bug twice against one Rust bug.
  const auto long_read = cli::classify(overread_report(42), "http1", "/src/tb");
  const auto short_read = cli::classify(overread_report(26), "http1", "/src/tb");
  EXPECT_EQ(long_read.type, "Heap-buffer-overflow READ {*}");
  EXPECT_EQ(long_read.signature, short_read.signature);
  const auto scalar = cli::classify(overread_report(4), "http1", "/src/tb");
  EXPECT_EQ(scalar.type, "Heap-buffer-overflow READ 4");
  EXPECT_NE(scalar.signature, long_read.signature);
}

TEST_F(Triage, StackOverflow) {
  auto r = run("STAK");
  EXPECT_EQ(r.classification.crash_class, "stack-overflow");
  EXPECT_EQ(r.classification.frames.at(0).function, "(anonymous namespace)::recurse");
}

TEST_F(Triage, Timeout) {
  auto r = run("LOOP", {1, 512});
  EXPECT_EQ(r.classification.crash_class, "timeout");
  EXPECT_EQ(r.classification.frames.at(0).function, "(anonymous namespace)::spin");
}

TEST_F(Triage, OutOfMemory) {
  auto r = run("OOMM", {5, 256});
  EXPECT_EQ(r.reproduced, 3);
  EXPECT_EQ(r.classification.crash_class, "oom");
}

TEST_F(Triage, AnOutOfMemoryArtifactIsReproducedAtItsOneLargeAllocation) {
  // 150 MB at once, under the 256 MB RSS limit: only a limit on single allocations (half the
  // RSS limit, for artifacts libFuzzer named oom-) catches it, at the allocation's stack.
  auto r = run("BIGA", {5, 256}, "oom");
  EXPECT_EQ(r.reproduced, 3);
  EXPECT_EQ(r.classification.crash_class, "oom");
  ASSERT_FALSE(r.classification.frames.empty());
  EXPECT_EQ(r.classification.frames.at(0).function, "(anonymous namespace)::allocate_big");
  // Any other artifact runs under the campaign's limits alone: the same input is no finding.
  EXPECT_EQ(run("BIGA", {5, 256}, "crash").reproduced, 0);
}

TEST_F(Triage, LeakIsSignedByTheAllocationStack) {
  auto r = run("LEAKabc");
  EXPECT_EQ(r.classification.crash_class, "leak");
  EXPECT_EQ(r.classification.frames.at(0).function, "crasher_leak");
}

TEST_F(Triage, DivergenceIsSignedByComponentFieldAndKindWithoutPosition) {
  auto r = run("DIVGabc");
  EXPECT_EQ(r.classification.crash_class, "divergence");
  EXPECT_EQ(r.classification.side, "both");
  EXPECT_EQ(r.classification.type, "Divergence tape (double.value) c/rust");
  EXPECT_EQ(r.classification.signature, "divergence|crasher|tape|double.value|c/rust");
  EXPECT_NE(r.classification.message.find("at tape[7]"), std::string::npos)
      << "the position stays in the message for the reader: " << r.classification.message;
}

TEST_F(Triage, OneDivergenceAtDifferentPositionsIsOneCrash) {
  auto near = run("DIVG1"), far = run("DIVG" + std::string(300, '2'));
  EXPECT_NE(near.classification.message, far.classification.message); // tape[5] vs tape[304]
  EXPECT_EQ(near.classification.signature, far.classification.signature);
}

TEST_F(Triage, UndefinedBehaviourIsSignedByItsCheckAndSite) {
  auto r = run("UBSNab");
  EXPECT_EQ(r.reproduced, 3);
  EXPECT_EQ(r.classification.crash_class, "undefined-behavior");
  EXPECT_EQ(r.classification.type, "UBSan signed-integer-overflow");
  EXPECT_NE(r.classification.message.find("signed integer overflow"), std::string::npos);
  EXPECT_EQ(r.classification.site.rfind("harness/tests/crashers/crash_c.c:", 0), 0u)
      << r.classification.site;
  ASSERT_FALSE(r.classification.frames.empty());
  EXPECT_EQ(r.classification.frames[0].function, "crasher_signed_overflow");
  EXPECT_EQ(r.classification.signature.rfind("UBSan signed-integer-overflow|" +
                                                 r.classification.site + "|crasher_signed_overflow",
                                             0),
            0u)
      << r.classification.signature;
}

TEST_F(Triage, SpecViolationIsSignedByTheSiteThatReportedIt) {
  auto r = run("VIOLx"), longer = run("VIOL and longer");
  EXPECT_EQ(r.classification.crash_class, "spec-violation");
  EXPECT_EQ(r.classification.message, "error offset 6 past the input");
  EXPECT_EQ(r.classification.site.rfind("(anonymous namespace)::check_error_offset@", 0), 0u)
      << r.classification.site;
  EXPECT_EQ(r.classification.signature, "violation|crasher|" + r.classification.site);
  EXPECT_EQ(longer.classification.signature, r.classification.signature);
}

TEST_F(Triage, TwoInputsHittingOneBugShareOneSignature) {
  auto a = run("HEAPa"), b = run("HEAP and a much longer input that still hits the same write");
  EXPECT_EQ(a.classification.signature, b.classification.signature);
}

TEST_F(Triage, TwoBugsGetTwoSignatures) {
  auto write = run("HEAPxx"), read = run("HEP2xx");
  EXPECT_EQ(read.classification.type, "Heap-buffer-overflow READ 4");
  EXPECT_NE(write.classification.signature, read.classification.signature);
}

TEST_F(Triage, AnInputThatDoesNotCrashIsNotAFinding) {
  auto r = run("hello");
  EXPECT_EQ(r.reproduced, 0);
  EXPECT_FALSE(r.reliable());
  EXPECT_FALSE(r.classification.finding);
}

// Minimising takes the seconds it is given, in all: libFuzzer's rounds, a process each, go on
// while each finds a smaller crash (a 500-byte crash took 455), and the one running at the
// budget is killed; what was found by then is kept.
TEST_F(Triage, MinimizeShrinksACrashingInputWithinItsSeconds) {
  const fs::path in = dir_.root() / "big", out = dir_.root() / "small";
  std::ofstream(in, std::ios::binary) << "DIVG" << std::string(2000, 'z');
  const auto started = std::chrono::steady_clock::now();
  int offered = 0;
  const auto a_divergence = [&](const fs::path &smaller) {
    offered++;
    return cli::reproduce(TB_CRASHER_BINARY, smaller, "crasher", TB_SOURCE_ROOT, 1, {2, 512})
               .classification.crash_class == "divergence";
  };
  ASSERT_TRUE(cli::minimize(TB_CRASHER_BINARY, in, out, 2, {2, 512}, a_divergence));
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
  EXPECT_LT(took.count(), 5) << "2 s of minimisation, and the reproductions of what it found";
  EXPECT_LT(fs::file_size(out), fs::file_size(in));
  EXPECT_GE(offered, 1);
  EXPECT_FALSE(fs::exists(out.string() + ".rounds")) << "the rounds' files are removed";
  // What the caller refuses is not kept.
  EXPECT_FALSE(cli::minimize(TB_CRASHER_BINARY, in, dir_.root() / "refused", 1, {2, 512},
                             [](const fs::path &) { return false; }));
  EXPECT_FALSE(fs::exists(dir_.root() / "refused"));
}

} // namespace
} // namespace twinbench::test
