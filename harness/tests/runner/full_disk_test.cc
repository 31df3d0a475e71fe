// A full disk under the store and the campaign's files (a 16 MB tmpfs the test mounts): the
// campaign stops with one line naming the store and the full disk, the store stays whole and
// readable, the campaign resumes once there is room, and a report that cannot be written leaves
// no half-written file.
#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <sys/mount.h>

#include "common/process.h"
#include "fake_checkout.h"
#include "store/store.h"

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
  // Fills it until `left` bytes remain free.
  void fill(uintmax_t left) const {
    const uintmax_t available = fs::space(dir_).available;
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

TEST(FullDisk, ACampaignStopsInOneLineKeepsItsStoreWholeAndResumes) {
  FakeCheckout checkout({{"plain", "hello"}, {"more", "some other input"}});
  const fs::path root = checkout.root();
  SmallDisk disk(root / "small");
  if (!disk.mounted()) {
    GTEST_SKIP() << "mounting a tmpfs needs CAP_SYS_ADMIN (root): " << disk.why_not();
  }
  fs::create_directory_symlink(root / "small", root / "reports"); // the store and the runs
  auto twinbench = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {TB_CLI_BINARY, "--root", root.string()});
    return cli::run_captured(args, {}, 240);
  };
  disk.fill(300 * 1024);
  const auto full =
      twinbench({"fuzz", "--campaign", "full", "--impls", "c,rust,diff", "--time", "3s",
                 "--timeout", "1", "--repro-tries", "1", "--minimize-time", "1"});
  EXPECT_EQ(full.status.code, 2) << full.output;
  const std::string line = last_line(full.output);
  EXPECT_TRUE(line.starts_with("twinbench: ")) << full.output;
  EXPECT_NE(line.find("disk is full"), std::string::npos) << full.output;
  EXPECT_NE(line.find(checkout.store().string()), std::string::npos) << full.output;

  // Still whole (the constructor runs SQLite's check) and readable on the full disk.
  {
    cli::Store store(checkout.store());
  }
  const auto listed = twinbench({"crashes"});
  EXPECT_EQ(listed.status.code, 0) << listed.output;

  // Room again: the campaign resumes and finishes.
  disk.empty();
  const auto resumed = twinbench({"fuzz", "--resume", "full", "--minimize-time", "1"});
  ASSERT_EQ(resumed.status.code, 0) << resumed.output;
  {
    cli::Store store(checkout.store());
    const auto campaign = store.find_campaign("full");
    ASSERT_TRUE(campaign);
    EXPECT_EQ(campaign->status, "done");
    EXPECT_EQ(store.runs(campaign->id).size(), 3u);
  }

  // A report to a full disk (another one): one line naming the file, and no half-written one
  // left there.
  SmallDisk out_disk(root / "out");
  ASSERT_TRUE(out_disk.mounted()) << out_disk.why_not();
  out_disk.fill(0);
  const fs::path out = root / "out/report";
  const auto report =
      twinbench({"report", "--campaign", "full", "--format", "json,md", "--out", out.string()});
  EXPECT_EQ(report.status.code, 2) << report.output;
  EXPECT_NE(last_line(report.output).find("cannot write " + (out / "report.json").string()),
            std::string::npos)
      << report.output;
  EXPECT_FALSE(fs::exists(out / "report.json"));
  EXPECT_FALSE(fs::exists(out / "report.md"));
}

} // namespace
} // namespace twinbench::test
