// A fuzz target with one deliberate bug per crash class, for the triage and runner tests.
// Test-only: it is built in the fuzz preset as fuzz_crasher_{c,rust,diff} and never linked
// with a twin. The first 4 bytes of the input choose the bug:
//   HEAP heap overflow WRITE (C)   HEP2 heap overflow READ (C)   UAFR use after free (C)
//   PANC Rust panic                STAK stack overflow           LOOP timeout
//   OOMM out of memory             LEAK leak (C)                 DIVG divergence
//   BIGA one allocation of 150 MB, touched and freed at once (out of memory for a reproduction
//        that limits single allocations; libFuzzer's once-a-second RSS check can miss it)
//   UBSN signed overflow (C)       VIOL spec violation
// OOMM is recognised by a hash, not a comparison: filling the memory costs about 2.6 s a run,
// and libFuzzer's comparison tracing would hand the tag to every short campaign of the tests
// (each reproduction of the artifact paying it again). A test reaches it by giving it.
// DIVG reports its divergence through the drivers' own expect_same() (harness/fuzz/driver.h),
// at a position that depends on the input's length as a json tape word would: the triage must
// read that format and fold every position into one crash.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#define TB_FUZZ_DIFF // the drivers' reporting, as a _diff binary has it
#include "../../fuzz/driver.h"

extern "C" {
void crasher_heap_overflow_write(const uint8_t *data, size_t size);
uint32_t crasher_heap_overflow_read(const uint8_t *data, size_t size);
uint8_t crasher_use_after_free(const uint8_t *data, size_t size);
void *crasher_leak(const uint8_t *data, size_t size);
void tb_crasher_panic(const uint8_t *data, size_t size);
int32_t crasher_signed_overflow(const uint8_t *data, size_t size);
}

namespace {

volatile uint64_t sink;

__attribute__((noinline)) uint64_t recurse(uint64_t depth) {
  volatile char frame[256];
  frame[depth % 256] = static_cast<char>(depth);
  return recurse(depth + 1) + frame[0];
}

__attribute__((noinline)) void spin() {
  for (uint64_t i = 0;; i++) sink = i;
}

__attribute__((noinline)) void exhaust_memory() {
  std::vector<std::vector<uint8_t>> blocks;
  for (;;) blocks.emplace_back(64 << 20, 1);
}

// FNV-1a of the first 4 bytes: a value comparison tracing cannot turn back into the bytes.
constexpr uint32_t fnv1a4(const uint8_t *p) {
  uint32_t h = 2166136261u;
  for (int i = 0; i < 4; i++) h = (h ^ p[i]) * 16777619u;
  return h;
}
constexpr uint8_t oomm[4] = {'O', 'O', 'M', 'M'};

__attribute__((noinline)) uint64_t allocate_big() {
  std::vector<uint8_t> block(150u << 20, 1);
  return block[block.size() / 2];
}

// A driver's check that finds a broken promise and reports it as harness/fuzz/driver.h does.
__attribute__((noinline)) void check_error_offset(size_t size) {
  const std::string line = twinbench::findings::violation_line(
      "crasher", "error offset " + std::to_string(size + 1) + " past the input");
  std::fprintf(stderr, "%s\n", line.c_str());
  std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const twinbench::fuzz::CurrentInput input(data, size);
  if (size < 4) return 0;
  auto tag = [&](const char *t) { return std::memcmp(data, t, 4) == 0; };
  if (tag("HEAP")) crasher_heap_overflow_write(data, size);
  if (tag("HEP2")) sink = crasher_heap_overflow_read(data, size);
  if (tag("UAFR")) sink = crasher_use_after_free(data, size);
  if (tag("PANC")) tb_crasher_panic(data, size);
  if (tag("STAK")) sink = recurse(size);
  if (tag("LOOP")) spin();
  if (fnv1a4(data) == fnv1a4(oomm)) exhaust_memory();
  if (tag("BIGA")) sink = allocate_big();
  if (tag("LEAK")) sink = reinterpret_cast<uintptr_t>(crasher_leak(data, size));
  if (tag("UBSN")) sink = static_cast<uint64_t>(crasher_signed_overflow(data, size));
  if (tag("DIVG")) {
    const std::string where = "tape[" + std::to_string(size) + "] depth=4";
    const auto tape = [&](const char *value) {
      return std::vector<twinbench::fuzz::Value>{{"tape", "double.value", where, value}};
    };
    twinbench::fuzz::expect_same("crasher", "c", tape("1"), "rust", tape("2"),
                                 [](const auto &values) { return values; });
  }
  if (tag("VIOL")) check_error_offset(size);
  return 0;
}
