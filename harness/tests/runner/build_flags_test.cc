// Build parity read from the build: the flags come from compile_commands.json and the rustc
// command lines cargo ran, and the check fails when C and Rust were optimised differently.
#include <fstream>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "common/build_flags.h"

namespace twinbench::test {
namespace {

namespace fs = std::filesystem;

class BuildFlagsTest : public testing::Test {
protected:
  fs::path root_;
  fs::path build_;
  cli::Project project_;

  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "twinbench-flags-XXXXXX").string();
    root_ = mkdtemp(pattern.data());
    build_ = root_ / "build/bench";
    fs::create_directories(build_ / "rustc-commands");
    fs::create_directories(build_ / "built-sources");
    project_.root = root_;
    cli::Component demo;
    demo.name = "demo";
    demo.implementations = {{"c", "c", "twin", "targets_c/demo"},
                            {"rust", "rust", "twin", "targets_rust/ffi/demo"},
                            {"zlib", "c", "library", "targets_c/demo/zlib"},
                            {"openssl", "c", "library", "targets_c/demo/openssl"}};
    project_.components = {demo};
    std::ofstream(build_ / "built-sources/tb_demo_zlib.txt")
        << "library " << (root_ / "build/sources/zlib/inflate.c").string() << "\n"
        << "glue " << (root_ / "targets_c/demo/zlib/glue.c").string() << "\n";
  }
  void TearDown() override { fs::remove_all(root_); }

  void compile_commands(const std::string &c_level, const std::string &extra = "") {
    auto entry = [&](const std::string &file) {
      return fmt::format(R"({{"directory": "{0}", "file": "{1}",
          "command": "/usr/bin/clang-19 -I{0}/harness/include {2} -DNDEBUG {3} -Wall -o x.o -c {1}"}})",
                         build_.string(), (root_ / file).string(), c_level, extra);
    };
    // A seeded bug's build compiles a twin file again, with other flags: not the twin's.
    const std::string bug_build_entry = fmt::format(
        R"({{"directory": "{0}", "file": "{1}", "output": "CMakeFiles/tb_demo_c_bug_demo_x.dir/decode.c.o",
            "command": "/usr/bin/clang-19 -O0 -flto -o CMakeFiles/tb_demo_c_bug_demo_x.dir/decode.c.o -c {1}"}})",
        build_.string(), (root_ / "targets_c/demo/decode.c").string());
    std::ofstream(build_ / "compile_commands.json")
        << "[" << entry("targets_c/demo/decode.c") << "," << entry("targets_c/demo/encode.c") << ","
        << bug_build_entry << "," << entry("build/sources/zlib/inflate.c") << ","
        << entry("targets_c/demo/zlib/glue.c") << "," << entry("harness/bench/demo.cc") << "]";
  }
  // What record-rustc writes, one argument per line, named as the artifact rustc makes.
  fs::path rustc(const std::string &crate, const std::string &hash, const std::string &source,
                 const std::vector<std::string> &codegen, const std::vector<fs::path> &externs,
                 const std::string &type = "rlib") {
    const fs::path deps = build_ / "cargo-twinbench_rust/x86_64-unknown-linux-gnu/release/deps";
    fs::create_directories(deps);
    const fs::path artifact = deps / ("lib" + crate + "-" + hash + "." + type);
    std::ofstream(artifact) << crate << hash;
    std::ofstream out(build_ / "rustc-commands" / (crate + "-" + hash + ".args"));
    out << "--crate-name\n" << crate << "\n--edition=2021\n" << source << "\n";
    for (const auto &c : codegen) out << "-C\n" << c << "\n";
    out << "-C\nmetadata=0123\n-C\nextra-filename=-" << hash << "\n";
    for (const auto &e : externs) out << "--extern\nx=" << e.string() << "\n";
    return artifact;
  }
  // The Rust side as cargo leaves it: the staticlib beside its profile folder is a hard link to
  // the artifact in deps/ that this profile made.
  void rust(const std::string &level, const std::string &lto, const std::string &hash = "aa") {
    std::vector<std::string> codegen = {"opt-level=" + level, "codegen-units=1", "panic=abort"};
    const auto twin = rustc("demo", hash + "01",
                            (root_ / "targets_rust/crates/demo/src/lib.rs").string(), codegen, {});
    const auto ffi = rustc("demo_ffi", hash + "02",
                           (root_ / "targets_rust/ffi/demo/src/lib.rs").string(), codegen, {twin});
    // A build script runs at build time, with cargo's settings for build scripts: not linked.
    rustc("build_script_build", hash + "03", (root_ / "targets_rust/crates/demo/build.rs").string(),
          {"opt-level=0"}, {});
    if (!lto.empty()) codegen.push_back(lto);
    const auto staticlib = rustc("twinbench_rust", hash + "04", "lib.rs", codegen, {ffi}, "a");
    const fs::path uplifted = staticlib.parent_path().parent_path() / "libtwinbench_rust.a";
    fs::remove(uplifted);
    fs::create_hard_link(staticlib, uplifted);
  }
};

TEST_F(BuildFlagsTest, EachImplementationHasTheFlagsItsOwnFilesWereCompiledWith) {
  compile_commands("-O3");
  rust("3", "");
  const auto flags = cli::read_build_flags(project_, build_);
  ASSERT_EQ(flags.implementations.size(), 3u);
  const auto &c = flags.implementations[0];
  EXPECT_EQ(c.impl, "c");
  EXPECT_EQ(c.sources.size(), 2u); // the twin's two files; not zlib's, though it sits in the folder
  EXPECT_EQ(c.flags, std::set<std::string>{"-O3"});
  EXPECT_EQ(cli::optimisation_text(c), "-O3, no LTO");
  const auto &r = flags.implementations[1];
  EXPECT_EQ(r.sources.size(), 2u); // the ffi crate and the twin's crate
  EXPECT_EQ(r.flags, std::set<std::string>{"-Copt-level=3 -Ccodegen-units=1 -Cpanic=abort"});
  EXPECT_EQ(cli::optimisation_text(r), "opt-level=3, no LTO");
  const auto &zlib = flags.implementations[2];
  EXPECT_EQ(zlib.sources.size(), 1u); // the library's file, not our glue
  // A library linked from a Debian package has no flags of ours.
  EXPECT_EQ(flags.unread, std::vector<std::string>{"demo/openssl"});
  EXPECT_TRUE(cli::parity_problems(flags).empty());
}

TEST_F(BuildFlagsTest, LinkTimeOptimisationOnOneSideOnlyFailsTheCheck) {
  compile_commands("-O3");
  rust("3", "lto");
  auto problems = cli::parity_problems(cli::read_build_flags(project_, build_));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("link-time optimisation differs"), std::string::npos) << problems[0];
  EXPECT_NE(problems[0].find("LTO in Rust (demo/rust)"), std::string::npos) << problems[0];

  // Within each language, both sides: alike again.
  compile_commands("-O3", "-flto=thin");
  EXPECT_TRUE(cli::parity_problems(cli::read_build_flags(project_, build_)).empty());
}

TEST_F(BuildFlagsTest, DifferentOptimisationLevelsFailTheCheck) {
  compile_commands("-O1");
  rust("3", "");
  auto problems = cli::parity_problems(cli::read_build_flags(project_, build_));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("level 1 in C (demo/c, demo/zlib)"), std::string::npos) << problems[0];
  EXPECT_NE(problems[0].find("level 3 in Rust (demo/rust)"), std::string::npos) << problems[0];
}

TEST_F(BuildFlagsTest, TheFlagsAreThoseOfTheArtifactLinkedNotOfTheLatestCompile) {
  compile_commands("-O3");
  rust("3", "lto", "aa"); // an LTO build...
  rust("3", "", "bb");    // ...then one without
  rust("3", "lto", "aa"); // and back: cargo reuses the first artifacts without running rustc
  const auto flags = cli::read_build_flags(project_, build_);
  EXPECT_EQ(flags.implementations[1].lto, std::set<bool>{true});

  // An artifact built before its command was recorded is named, not guessed.
  fs::remove(build_ / "rustc-commands/demo-aa01.args");
  const auto unrecorded = cli::read_build_flags(project_, build_);
  ASSERT_FALSE(unrecorded.unread.empty());
  EXPECT_NE(unrecorded.unread[0].find("libdemo-aa01.rlib"), std::string::npos)
      << unrecorded.unread[0];
  // and fails the check: what was not read was not compared.
  EXPECT_FALSE(cli::parity_problems(unrecorded).empty());
}

TEST_F(BuildFlagsTest, AMalformedCompileDatabaseIsOneClearError) {
  rust("3", "");
  for (const char *bad : {"[{\"file\": 7}]", "{\"not\": \"a list\"}", "[{\"directory\": \"/"}) {
    std::ofstream(build_ / "compile_commands.json") << bad;
    try {
      cli::read_build_flags(project_, build_);
      ADD_FAILURE() << "accepted " << bad;
    } catch (const cli::UserError &e) {
      EXPECT_NE(std::string(e.what()).find("compile_commands.json: "), std::string::npos)
          << e.what();
    }
  }
}

TEST_F(BuildFlagsTest, TheFlagsSurviveTheStoreAsJson) {
  compile_commands("-O3");
  rust("3", "");
  const auto flags = cli::read_build_flags(project_, build_);
  EXPECT_EQ(cli::to_json(cli::build_flags_from_json(cli::to_json(flags))), cli::to_json(flags));
}

} // namespace
} // namespace twinbench::test
