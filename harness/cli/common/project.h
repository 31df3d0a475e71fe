// Where things are in a twinbench checkout: the component registry (corpora/<component>/
// component.json), and the binaries built from it.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/bug_catalogue.h"

namespace twinbench::cli {

namespace fs = std::filesystem;

// One bad input or missing piece: main() prints "twinbench: <what>" and exits non-zero.
struct UserError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// One implementation of a component, as its manifest declares it.
// Where a library implementation's code comes from (component.json "source"; Sources.cmake).
struct Source {
  std::string kind; // debian, path, crate; "" when the manifest says nothing
  std::string package, upstream, patches, orig_sha256; // debian: package, its upstream version,
                                                       // "upstream" or "debian"
  std::string path;                                    // path: a local folder
  std::string crate, version;                          // crate
};

// C and C++ are one side of the comparison: a C++ library stands where a C one does, beside its
// Rust counterpart (ratios, attribution); its own language is still shown.
inline bool c_family(const std::string &language) { return language == "c" || language == "cpp"; }

struct Implementation {
  std::string name;      // "c", "rust", "openssl": the fuzz binary, benchmark and report name
  std::string language;  // c, cpp, rust
  std::string kind;      // twin (ours, one algorithm on both sides) or library
  std::string build;     // the folder it is built from, relative to the checkout
  bool baseline = false; // benchmarked only: not held to the spec, so neither tested nor fuzzed
  std::string upstream;  // for a library: what it is and where it comes from
  Source source;
};

// A bug a library implementation is known to have (corpora/<component>/known_bugs.json): its
// witness must show `expect` when `target` runs it.
struct KnownBug {
  std::string id, implementation, title, bug_class, affects, source;
  fs::path witness;   // absolute
  std::string target; // the fuzz target that runs the witness: an implementation or "diff"
  std::string expect; // a line its report holds
};

struct Component {
  std::string name;
  std::string title;
  std::string spec;     // docs/components/<name>.md
  bool threads = false; // its implementations run on several threads: C ones also under TSan
  // "decoder" (twinbench/decoder.h): the generic drivers serve where it has none of its own.
  std::string contract;
  // The Debian binary packages its builds need ("packages": {"debian": [...]}): scripts/bootstrap
  // installs them.
  std::vector<std::string> debian_packages;
  std::vector<Implementation> implementations;
  std::vector<KnownBug> known_bugs; // empty without a known_bugs.json

  // The implementations held to the spec, in manifest order.
  std::vector<std::string> checked() const;
  // Its fuzz binaries' suffixes: every checked implementation, then "diff" when there are two
  // or more to compare, then for a threads component "<impl>_tsan" per checked C implementation
  // and for its Rust twin (the same driver under ThreadSanitizer).
  std::vector<std::string> fuzz_targets() const;
  const Implementation *find(const std::string &impl) const;
};

// A manifest's JSON; UserError naming the file when it is not JSON.
nlohmann::json read_json_manifest(const fs::path &file);
// Reads corpora/<component>/known_bugs.json, checked against <schemas>/known_bugs.schema.json;
// every entry names an implementation of `component` and a target it has, and its witness exists.
std::vector<KnownBug> read_known_bugs(const fs::path &file, const Component &component,
                                      const fs::path &schemas);
// Reads one manifest, checked against <schemas>/component.schema.json and the rules a schema
// cannot state; UserError naming the file, the field and what was expected when it is malformed.
Component read_manifest(const fs::path &manifest, const fs::path &schemas);

struct Project {
  fs::path root;
  std::vector<Component> components; // one per corpora/<name>/component.json, sorted by name
  std::vector<Bug> bugs;             // every corpora/<name>/bugs.json, by component then id

  // The checkout holding this binary (build/<preset>/bin/twinbench), unless told otherwise.
  static Project locate(const std::string &root_option);

  std::vector<std::string> component_names() const;
  // Throws UserError for a component this checkout does not have.
  const Component &component(const std::string &name) const;

  // Throws UserError for a bug the catalogue does not have.
  const Bug &bug(const std::string &id) const;
  // The bugs named ("all" or none: every bug); UserError for an unknown one or an empty catalogue.
  std::vector<const Bug *> select_bugs(const std::vector<std::string> &ids) const;
  // The twin of a component in a language ("c", "rust"): its implementation name.
  std::string twin(const std::string &comp, const std::string &language) const;

  // A fuzz target as <preset> builds it: "fuzz" (libFuzzer), "afl" (AFL++), "coverage".
  fs::path fuzz_binary(const std::string &comp, const std::string &target,
                       const std::string &preset = "fuzz") const;
  // The harness's own fuzz targets, harness/fuzz/self/<name>.cc: fuzz_binary("harness", name),
  // with corpora/harness's seeds and dictionary. Not a component: no spec, no twins.
  std::vector<std::string> harness_targets() const;
  // The builds of <bug> a ground-truth campaign fuzzes, each as (configuration, the runs'
  // impl): ("c", C twin) under ASan+UBSan (TSan for a race); ("c+int", "<C twin>+int"), the C
  // twin with the integer sanitizers as well (docs/bugs.md, "Two C configurations"; not for a
  // race: TSan cannot join them); ("rust", Rust twin) unless the catalogue expects rustc to
  // refuse it.
  std::vector<std::pair<std::string, std::string>> bug_configurations(const Bug &bug) const;
  // The fuzz target suffix whose sanitizer detects <bug> in <impl>: "<impl>_tsan" for either
  // side of a data race (ThreadSanitizer), "<twin>_int" for "<twin>+int", else <impl> (ASan +
  // UBSan).
  std::string detecting_target(const Bug &bug, const std::string &impl) const;
  // The fuzz driver over the bug build of one twin (harness/fuzz/CMakeLists.txt), built with
  // the detecting sanitizer.
  fs::path bug_binary(const Bug &bug, const std::string &impl,
                      const std::string &preset = "fuzz") const;
  fs::path bench_binary() const;
  fs::path seeds(const std::string &comp) const;
  fs::path dictionary(const std::string &comp) const;
  fs::path reports() const { return root / "reports"; }
  // The manifests' JSON Schemas, harness/registry/schemas/.
  fs::path schemas() const { return root / "harness" / "registry" / "schemas"; }
  fs::path default_store() const { return reports() / "twinbench.db"; }
  fs::path campaign_dir(const std::string &name) const { return reports() / "campaigns" / name; }
  // `twinbench coverage`'s profiles of a campaign, and llvm-cov's pages in html/<comp>-<impl>.
  fs::path coverage_dir(const std::string &campaign) const {
    return reports() / "coverage" / campaign;
  }
};

// A whole file's bytes ("" when it cannot be read).
std::string read_file(const fs::path &path);
// Writes through a temporary file and a rename: a full disk leaves no half-written file, only a
// UserError naming it.
void write_file_atomically(const fs::path &path, const std::string &content);

// The one check of a binary the CLI needs: UserError "<path> is missing: build the <preset>
// preset (scripts/twinbench builds it)" unless it exists. Returns the path.
const fs::path &require_built(const fs::path &binary, const std::string &preset);
// The same for the seeded bugs' binaries, which the target seeded_bugs builds, not `all`.
const fs::path &require_bug_build(const fs::path &binary, const std::string &preset);

} // namespace twinbench::cli
