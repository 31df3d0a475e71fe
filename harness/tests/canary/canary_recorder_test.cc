// The canary recorder of the bug builds (harness/include/twinbench/canary.cc) records the first
// reach and trigger of a bug without touching the heap: a call sits between a seeded free() and its
// use, and an allocation there could hand the freed block back. Built under ASan, whose allocator
// counts every byte the process holds.
#include <cstdlib>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <sanitizer/allocator_interface.h>
#include <unistd.h>

#include "twinbench/canary.h"

namespace {

TEST(CanaryRecorder, RecordsTheFirstReachAndTriggerWithoutAllocating) {
  const std::string log = "/tmp/twinbench-canary-test-" + std::to_string(getpid()) + ".log";
  setenv("TWINBENCH_CANARY_LOG", log.c_str(), 1);
  const size_t before = __sanitizer_get_current_allocated_bytes();
  tb_canary("bug-a", 5, 0);
  tb_canary("bug-a", 5, 1);
  tb_canary("bug-a", 5, 1); // seen: nothing more
  tb_canary("bug-b", 5, 1);
  const size_t after = __sanitizer_get_current_allocated_bytes();
  EXPECT_EQ(after, before);

  std::ifstream in(log);
  std::string lines, line;
  while (std::getline(in, line)) lines += line.substr(line.find(' ') + 1) + "\n";
  EXPECT_EQ(lines, "bug-a reached\nbug-a triggered\nbug-b reached\nbug-b triggered\n");
  std::remove(log.c_str());
}

} // namespace
