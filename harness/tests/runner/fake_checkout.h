// A throwaway twinbench checkout for runner tests: a component "crasher" registered with two
// twins, c and rust (so its fuzz binaries are fuzz_crasher_{c,rust,diff}), and a baseline, libx;
// the given seeds; every one of those binaries a link to the test-only crasher.
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
    // The manifests' schemas are the checkout's own.
    fs::create_directories(root_ / "harness/registry");
    fs::create_directory_symlink(fs::path(TB_SOURCE_ROOT) / "harness/registry/schemas",
                                 root_ / "harness/registry/schemas");
    std::ofstream(root_ / "corpora/crasher/crasher.dict") << "tag=\"HEAP\"\n";
    std::ofstream(root_ / "corpora/crasher/component.json")
        << R"({"name": "crasher", "spec": "harness/tests/crashers/crasher.cc", "implementations": [
             {"name": "c", "language": "c", "kind": "twin", "build": "harness/tests/crashers"},
             {"name": "rust", "language": "rust", "kind": "twin",
              "build": "harness/tests/crashers/rust"},
             {"name": "libx", "language": "c", "kind": "library", "baseline": true,
              "build": "harness/tests/crashers"}]})";
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

  // This checkout's own components, implementations and documents instead of the crasher (links
  // to the source tree's), with build/<preset>/bin linked to each given folder: the tests that
  // run real seeded bugs, each in a scratch root and store.
  void use_the_source_tree(const fs::path &source, const std::map<std::string, fs::path> &bins) {
    fs::remove_all(root_ / "corpora");
    fs::remove_all(root_ / "build");
    for (const char *shared : {"corpora", "targets_c", "targets_rust", "docs"})
      fs::create_directory_symlink(source / shared, root_ / shared);
    for (const auto &[preset, bin] : bins) {
      fs::create_directories(root_ / "build" / preset);
      fs::create_directory_symlink(bin, root_ / "build" / preset / "bin");
    }
    fs::create_directories(store().parent_path());
  }

private:
  fs::path root_;
};

} // namespace twinbench::test
