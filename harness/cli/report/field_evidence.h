// The report's field evidence: components whose implementations are real libraries (kind
// "library", held to the spec), each with where its code comes from, how much of it there is,
// what the campaign found in it, which of its known bugs were found and when, and the known
// differences the diff target met.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/project.h"
#include "store/store.h"

namespace twinbench::cli {

struct FieldImplementation {
  std::string name, language;
  // "Debian source package brotli 1.0.9-2, upstream tarball", "crate brotli-decompressor 2.3.4"
  std::string origin;
  std::string patches; // debian sources: "upstream" or "debian"; "" otherwise
  // debian sources: the files built that Debian's patches change (a CVE fix shows here).
  std::vector<std::string> patched_files_built;
  bool counted = false; // false: its sources were not found (not fetched, not built)
  int files = 0;
  int64_t lines = 0; // lines with code; C: the library files built, Rust: the crate's src/
  int unsafe_blocks = 0, unsafe_fns = 0, unsafe_impls = 0;
  int64_t glue_lines = 0;              // our code between it and the contract
  std::map<std::string, int> findings; // unique crashes of its own fuzz target, by class
};

struct FieldKnownBug {
  std::string id, implementation, title, bug_class, affects, source, witness;
  std::optional<int64_t> crash_id;     // the campaign's crash that is this bug, when found
  std::optional<double> found_seconds; // into its run
  std::string found_by;                // the fuzz target that found it
  // Other known bugs whose finding looks the same (one crash signature): the crash may be
  // either; its input tells which.
  std::vector<std::string> same_finding_as;
};

struct FieldDisagreement {
  std::string kind, pair;
  int64_t count = 0; // inputs, at least (summed over runs)
  int runs = 0;
  std::optional<double> first_seconds; // the earliest, into its run
  std::string example_hex;
};

struct FieldComponent {
  std::string name, title, spec;
  std::vector<FieldImplementation> impls;
  std::map<std::string, int> diff_findings; // unique crashes of fuzz_<comp>_diff, by class
  std::vector<FieldKnownBug> known_bugs;
  std::vector<FieldDisagreement> disagreements;
  bool fuzzed = false; // the campaign ran this component
};

// The field components of the checkout, with the campaign's findings when there is one.
// `first_seen` gives a crash's first sighting (seconds into its run) by crash id.
std::vector<FieldComponent> field_evidence(const Project &project, Store &store,
                                           const std::optional<CampaignRow> &campaign,
                                           const std::map<int64_t, double> &first_seen);

} // namespace twinbench::cli
