// The seeded-bug catalogue: corpora/<component>/bugs.json (docs/bugs.md), read with the same
// checks as harness/cmake/Bugs.cmake.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace twinbench::cli {

// What a run of a witness is expected to show, as the catalogue writes it:
//   "<crash class>[:<detail>]"  a finding of that triage class whose type or site contains the
//                               detail, e.g. "memory-safety:Heap-buffer-overflow WRITE",
//                               "panic:decode.rs", "timeout", "spec-violation", "leak"
//   "compile-fail:E0505@targets_rust/crates/ringbuf/src/lib.rs:91"
//                               (Rust) the bug's build is refused by rustc with that error code,
//                               its primary span at that file (from the checkout) and line
//   "none"                      no finding: the mistake goes unseen
struct Expectation {
  std::string text;
  std::string crash_class; // "compile-fail", "none", or a triage class
  std::string detail;      // compile-fail: the error code
  std::string location;    // compile-fail: "<file>:<line>" of rustc's primary span
  bool compile_fail() const { return crash_class == "compile-fail"; }
};
Expectation parse_expectation(const std::string &text);

struct Bug {
  std::string id; // "<component>-<words>"
  std::string component;
  std::string bug_class; // out-of-bounds-write, use-after-free, logic, ... (kBugClasses)
  std::string clause;    // where in the spec
  std::string title;
  std::string description; // one paragraph: the mistake, the same in both languages
  Expectation c;
  Expectation rust;
  std::filesystem::path witness; // corpora/<component>/bugs/<id>
  // A compile-fail case whose mistake safe Rust cannot express at all: the rule that makes it
  // unwritable ("ownership: ... (E0382)"). Empty: the code is what a Rust programmer writes,
  // and rustc refused it.
  std::string unwritable_by;
  // This bug is the idiomatic compiling spelling of that compile-fail bug ("" otherwise).
  std::string variant_of;
  // The weakness, as MITRE's CWE names it: "CWE-787".
  std::string cwe;
  // Where the Rust side's mistake lives: inside `unsafe` code (or breaking an invariant an
  // `unsafe` block relies on), and why that `unsafe` is there: "speed" or "c-boundary" (the
  // FFI); "" in safe Rust.
  bool rust_unsafe = false;
  std::string unsafe_for;
  // A Rust-native run-time failure: the Rust idiom that stops the mistake with a panic or an
  // abort where C has no such rule ("parse().unwrap() on untrusted digits"); empty otherwise.
  std::string rust_native_failure;

  // The C switch, TB_BUG_<ID>, and the Rust feature, bug-<id>.
  std::string c_switch() const;
  std::string rust_feature() const { return "bug-" + id; }
  // The binaries' names: bug_<id with '_' for '-'>_<impl>.
  std::string binary_name(const std::string &impl) const;
  // The languages whose bug build the catalogue expects to compile (and so fuzzes): "c", and
  // "rust" unless the catalogue says rustc refuses it. What rustc did is measured by
  // `consequences` and `witness`, which try every build.
  std::vector<std::string> built_languages() const;
};

extern const std::vector<std::string> kBugClasses;

// What Rust did with a mistake, in four words, from the measured release outcome (kOutcomes)
// and, for a compile error, the catalogue's rule: "refused plausible code", "not expressible
// in safe Rust", "caught at run time" (a panic or a killed process: a denial of service),
// "silent" (it ran on: corruption, leak, wrong result, hang, or no visible effect); "" when
// there is no measured outcome.
std::string rust_verdict(const Bug &bug, const std::string &release_outcome);

// Reads corpora/<component>/bugs.json, checked against <schemas>/bugs.schema.json and the rules
// a schema cannot state; UserError naming the file and the problem.
std::vector<Bug> read_bug_catalogue(const std::filesystem::path &file, const std::string &component,
                                    const std::filesystem::path &schemas);

} // namespace twinbench::cli
