// Where things are in a twinbench checkout: components, implementations and built binaries.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace twinbench::cli {

namespace fs = std::filesystem;

// One bad input or missing piece: main() prints "twinbench: <what>" and exits non-zero.
struct UserError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Project {
  fs::path root;
  std::vector<std::string> components; // one per corpora/<component>/ folder, sorted

  // The checkout holding this binary (build/<preset>/bin/twinbench), unless told otherwise.
  static Project locate(const std::string &root_option);

  static const std::vector<std::string> &fuzz_impls(); // c, rust, diff

  // Throws UserError for a component this checkout does not have.
  void require_component(const std::string &comp) const;

  fs::path fuzz_binary(const std::string &comp, const std::string &impl) const;
  fs::path bench_binary() const;
  fs::path seeds(const std::string &comp) const;
  fs::path dictionary(const std::string &comp) const;
  fs::path reports() const { return root / "reports"; }
  fs::path default_store() const { return reports() / "twinbench.db"; }
  fs::path campaign_dir(const std::string &name) const { return reports() / "campaigns" / name; }
};

// A whole file's bytes ("" when it cannot be read).
std::string read_file(const fs::path &path);

} // namespace twinbench::cli
