// A full disk (issue 35): each command that writes the store (scenarios.h) runs with its store
// and its files on a 16 MB tmpfs the test mounts, filled so that nothing or half of what the
// command writes uninterrupted is free. Where it fails: exit non-zero, one last line
// naming a path and "no space", the store whole with every row it held before, and no report
// file half-written; once there is room again, the user's next step finishes it as one
// uninterrupted run would have. Mounting needs root (CAP_SYS_ADMIN): skipped otherwise.
#include <cerrno>
#include <cstring>

#include <nlohmann/json.hpp>
#include <sys/mount.h>

#include "faults/scenarios.h"

namespace twinbench::test {
namespace {

// A small tmpfs at `dir`, unmounted (with everything on it) when the test ends.
class SmallDisk {
public:
  explicit SmallDisk(const fs::path &dir) : dir_(dir) {
    fs::create_directories(dir_);
    mounted_ = ::mount("tmpfs", dir_.c_str(), "tmpfs", 0, "size=16m") == 0;
    error_ = mounted_ ? 0 : errno;
  }
  ~SmallDisk() {
    if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
  }
  SmallDisk(const SmallDisk &) = delete;
  SmallDisk &operator=(const SmallDisk &) = delete;
  bool mounted() const { return mounted_; }
  std::string why_not() const { return std::strerror(error_); }
  uintmax_t free() const { return fs::space(dir_).available; }
  // Fills it until `left` bytes remain free.
  void fill(uintmax_t left) const {
    const uintmax_t available = free();
    std::ofstream(dir_ / "filler", std::ios::binary)
        << std::string(available > left ? available - left : 0, '\0');
  }
  void empty() const { fs::remove(dir_ / "filler"); }

private:
  fs::path dir_;
  bool mounted_ = false;
  int error_ = 0;
};

std::string last_line(const std::string &output) {
  const size_t end = output.find_last_not_of('\n');
  if (end == std::string::npos) return "";
  const size_t start = output.rfind('\n', end);
  return output.substr(start == std::string::npos ? 0 : start + 1, end - start);
}

std::string lower(std::string text) {
  for (auto &c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// A report's files are there whole or not at all (they are written to a temporary name and
// renamed).
void expect_no_half_written_report(const fs::path &out, const std::string &where) {
  if (fs::exists(out / "report.json")) {
    std::ifstream json(out / "report.json");
    EXPECT_FALSE(nlohmann::json::parse(json, nullptr, false).is_discarded())
        << where << ": report.json cut short";
  }
  if (fs::exists(out / "report.html")) {
    std::ifstream html(out / "report.html");
    const std::string page((std::istreambuf_iterator<char>(html)), {});
    EXPECT_NE(page.find("</html>"), std::string::npos) << where << ": report.html cut short";
  }
}

class FullDisk : public ::testing::TestWithParam<Scenario> {};

TEST_P(FullDisk, FailsInOneLineKeepsTheStoreWholeAndFinishesOnceThereIsRoom) {
  const Scenario &scenario = GetParam();
  Checkout checkout;
  SmallDisk disk(checkout.root() / "small");
  if (!disk.mounted()) GTEST_SKIP() << "mounting a tmpfs needs root: " << disk.why_not();
  fs::create_directory_symlink(checkout.root() / "small", checkout.reports());
  const fs::path saved = checkout.root() / "reports.before";
  prepare(checkout, scenario, saved);
  if (HasFatalFailure()) return;

  const uintmax_t free_before = disk.free();
  const auto whole = checkout.run(scenario.command);
  ASSERT_TRUE(whole.status.ok()) << whole.output;
  const uintmax_t written = free_before - disk.free();
  const std::string expected = scenario.content(Look(checkout.store()), checkout.root());

  int failed = 0;
  for (const uintmax_t left : {uintmax_t{0}, written / 2}) {
    checkout.restore(saved);
    const auto before = Look(checkout.store()).recorded();
    disk.fill(left);
    const std::string where =
        fmt::format("{} with {} bytes free (it writes {})", scenario.name, disk.free(), written);
    const auto full = checkout.run(scenario.command);
    if (full.status.ok()) { // room enough after all: as if uninterrupted
      disk.empty();
      EXPECT_EQ(scenario.content(Look(checkout.store()), checkout.root()), expected) << where;
      continue;
    }
    failed++;
    const std::string line = last_line(full.output);
    EXPECT_TRUE(line.starts_with("twinbench: ")) << where << "\n" << full.output;
    EXPECT_NE(lower(line).find("no space"), std::string::npos) << where << "\n" << full.output;
    EXPECT_NE(line.find(checkout.root().string()), std::string::npos)
        << where << ": no path named\n"
        << full.output;
    expect_no_half_written_report(checkout.reports() / "out", where);
    // Read with room again: a reader of a WAL store needs its shared-memory file (32 KB).
    disk.empty();
    expect_whole_and_kept(checkout, before, where);
    expect_finished_as_uninterrupted(checkout, scenario, expected, before, where);
  }
  EXPECT_GT(failed, 0) << scenario.name << ": not even a full disk stopped it";
}

INSTANTIATE_TEST_SUITE_P(EveryCommandThatWrites, FullDisk, ::testing::ValuesIn(scenarios()),
                         [](const auto &info) { return info.param.name; });

} // namespace
} // namespace twinbench::test
