// A throwaway twinbench checkout for runner tests: corpora/crasher/ with the given seeds, and
// every fuzz_crasher_{c,rust,diff} pointing at the test-only crasher binary.
#pragma once

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include <unistd.h>

namespace twinbench::test {

namespace fs = std::filesystem;

class FakeCheckout {
public:
  explicit FakeCheckout(const std::map<std::string, std::string> &seeds) {
    std::string pattern = (fs::temp_directory_path() / "twinbench-test-XXXXXX").string();
    root_ = mkdtemp(pattern.data());
    fs::create_directories(root_ / "corpora/crasher/seeds");
    fs::create_directories(root_ / "build/fuzz/bin");
    std::ofstream(root_ / "CMakeLists.txt") << "# fake checkout for tests\n";
    std::ofstream(root_ / "corpora/crasher/crasher.dict") << "tag=\"HEAP\"\n";
    for (const auto &[name, content] : seeds) {
      std::ofstream(root_ / "corpora/crasher/seeds" / name, std::ios::binary) << content;
    }
    for (const char *impl : {"c", "rust", "diff"}) {
      fs::create_symlink(TB_CRASHER_BINARY,
                         root_ / "build/fuzz/bin" / (std::string("fuzz_crasher_") + impl));
    }
  }
  ~FakeCheckout() {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  FakeCheckout(const FakeCheckout &) = delete;
  FakeCheckout &operator=(const FakeCheckout &) = delete;

  const fs::path &root() const { return root_; }
  fs::path store() const { return root_ / "reports/twinbench.db"; }

private:
  fs::path root_;
};

} // namespace twinbench::test
