// Kill anywhere (issue 35): each command that writes the store (scenarios.h) is started from its
// prepared state and SIGKILLed at moments drawn from a fixed seed within the time it takes
// uninterrupted. After every kill the store passes SQLite's integrity check and holds every row
// it held just before the kill; then the command is finished as its user would, and the store's
// content, timings aside, equals that of one uninterrupted run. 46 kill points in all;
// TWINBENCH_KILL_SCALE multiplies them (the long mode, run as the binary itself, beyond ctest's
// time limit: TWINBENCH_KILL_SCALE=10 build/bench/bin/twinbench_fault_tests).
#include <chrono>
#include <cstdlib>
#include <random>
#include <thread>

#include <signal.h>

#include "faults/scenarios.h"

namespace twinbench::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// Starts `args`, drains its output, and SIGKILLs it after `delay`; false when it ended first.
bool kill_after(const Checkout &checkout, const Args &args, std::chrono::microseconds delay,
                std::map<std::string, long> &recorded_before) {
  cli::ChildProcess child(checkout.command_line(args), {});
  const auto deadline = Clock::now() + delay;
  std::string output;
  cli::ExitStatus status;
  while (Clock::now() < deadline) {
    child.read_available(output);
    if (child.poll_exit(status)) return false;
    std::this_thread::sleep_for(std::min<Clock::duration>(2ms, deadline - Clock::now()));
  }
  // Stopped while its rows are counted, so that the count is what the kill interrupts.
  child.kill(SIGSTOP);
  recorded_before = Look(checkout.store()).recorded();
  child.kill(SIGKILL);
  child.wait();
  return true;
}

// TWINBENCH_KILL_SCALE multiplies every scenario's kill points (the long mode: 10).
int kill_scale() {
  const char *set = std::getenv("TWINBENCH_KILL_SCALE");
  return set ? std::max(1, std::atoi(set)) : 1;
}

void kill_anywhere(const Scenario &scenario) {
  Checkout checkout;
  const fs::path saved = checkout.root() / "reports.before";
  prepare(checkout, scenario, saved);
  if (::testing::Test::HasFatalFailure()) return;
  // Uninterrupted: the content every killed and finished run must end with, and how long the
  // command takes (the kill points fall within it).
  const auto started = Clock::now();
  const auto whole = checkout.run(scenario.command);
  const auto took = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started);
  ASSERT_TRUE(whole.status.ok()) << whole.output;
  const std::string expected = scenario.content(Look(checkout.store()), checkout.root());

  // Moments drawn until that many kills happened (a run that ends before its moment is no kill
  // point); each failure names its moment, and the seed reproduces the sequence.
  std::mt19937 random(scenario.seed);
  std::uniform_int_distribution<long> moment(0, took.count() * 4 / 5); // another run is faster
  const int points = scenario.points * kill_scale();
  int killed = 0, tries = 0;
  for (; killed < points && tries < 5 * points; tries++) {
    checkout.restore(saved);
    const std::chrono::microseconds delay(moment(random));
    const std::string where =
        fmt::format("{} killed at {:.3f} s of {:.3f} s (seed {}, moment {})", scenario.name,
                    delay.count() / 1e6, took.count() / 1e6, scenario.seed, tries);
    std::map<std::string, long> before;
    if (!kill_after(checkout, scenario.command, delay, before)) continue;
    killed++;
    expect_whole_and_kept(checkout, before, where);
    expect_finished_as_uninterrupted(checkout, scenario, expected, before, where);
  }
  EXPECT_EQ(killed, points) << scenario.name << ": " << tries - killed
                            << " runs ended before their moment";
  fmt::print("{}: killed at {} moments ({} more ended first); uninterrupted {:.2f} s\n",
             scenario.name, killed, tries - killed, took.count() / 1e6);
}

class KillAnywhere : public ::testing::TestWithParam<Scenario> {};

TEST_P(KillAnywhere, TheStoreStaysWholeAndFinishingEqualsOneUninterruptedRun) {
  kill_anywhere(GetParam());
}

INSTANTIATE_TEST_SUITE_P(EveryCommandThatWrites, KillAnywhere, ::testing::ValuesIn(scenarios()),
                         [](const auto &info) { return info.param.name; });

} // namespace
} // namespace twinbench::test
