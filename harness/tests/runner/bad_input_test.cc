// Every command given malformed arguments or files: one line saying what is wrong, exit 2, and
// the store as it was (issue 35's sweep; the kill and full-disk faults are tests of their own).
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "campaign_fixture.h"
#include "common/process.h"
#include "fake_checkout.h"
#include "store/store.h"

namespace twinbench::test {
namespace {

// Every row of every table, in one text: what a command could have changed.
std::string store_content(const fs::path &path) {
  sqlite3 *db = nullptr;
  std::string out;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return "unreadable";
  }
  std::vector<std::string> tables;
  auto collect = [](void *into, int n, char **values, char **) {
    auto *text = static_cast<std::string *>(into);
    for (int i = 0; i < n; i++) *text += (values[i] ? values[i] : "NULL") + std::string("|");
    *text += "\n";
    return 0;
  };
  std::string names;
  sqlite3_exec(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", collect,
               &names, nullptr);
  for (size_t start = 0; start < names.size();) {
    const size_t end = names.find('\n', start);
    tables.push_back(names.substr(start, end - start - 1)); // less the trailing '|'
    start = end + 1;
  }
  for (const auto &table : tables) {
    out += "== " + table + "\n";
    sqlite3_exec(db, ("SELECT * FROM \"" + table + "\" ORDER BY 1").c_str(), collect, &out,
                 nullptr);
  }
  sqlite3_close(db);
  return out;
}

TEST(BadInput, EveryCommandRefusesItInOneLineAndLeavesTheStoreAsItWas) {
  FakeCheckout checkout({{"plain", "hello"}});
  const fs::path root = checkout.root();
  fs::create_directories(checkout.store().parent_path());
  {
    cli::Store store(checkout.store());
    add_finished_campaign(store, "crasher", {"c"});
  }
  const std::string junk = (root / "junk.db").string(), loop = (root / "loop.db").string(),
                    file = (root / "plain.txt").string(), dir = (root / "a-folder").string();
  std::ofstream(junk, std::ios::binary) << std::string("\xfb\x00\x01not sqlite", 13);
  fs::create_symlink(loop, loop); // a link to itself
  std::ofstream(file) << "text\n";
  fs::create_directories(dir);
  fs::create_directories(root / "harness/bench"); // a harness file's name is no component's
  std::ofstream(root / "harness/bench/main.cc") << "int main() {}\n";
  // At least five per command: wrong values, unknown options and arguments, files that are not
  // what they should be (junk bytes, a symbolic link to itself, a folder), names with newlines.
  const std::vector<std::vector<std::string>> refused = {
      {},
      {"nosuch"},
      {"no\nsuch"},
      {"list", "extra"},
      {"list", "--nope"},
      {"list", "--db", junk},
      {"list", "-x"},
      {"list", "list"},
      {"build-flags", "--preset", "x"},
      {"build-flags", "--preset", ""},
      {"build-flags", "extra"},
      {"build-flags", "--nope"},
      {"build-flags", "--preset"},
      {"new"},
      {"new", "Bad Name"},
      {"new", "../escape"},
      {"new", ""},
      {"new", "crasher"},
      {"new", "main"},
      {"new", "no\nsuch"},
      {"new", "fresh", "--contract", "bogus"},
      {"new", "fresh", "--library", "giflib"}, // a pair needs its crate
      {"new", "fresh", "--crate", "gif"},
      {"survey"},
      {"survey", "nosuch"},
      {"survey", "crasher", "--time", "0"},
      {"survey", "crasher", "--out", file}, // not an empty folder
      {"survey", "crasher", "extra"},
      {"bugs", "--db", junk},
      {"bugs", "--db", loop},
      {"bugs", "--db", dir},
      {"bugs", "extra"},
      {"bugs", "--nope"},
      {"consequences", "--timeout", "0"},
      {"consequences", "--timeout", "x"},
      {"consequences", "--timeout", "601"},
      {"consequences", "nosuch-bug"},
      {"consequences", "--db", junk},
      {"witness", "nosuch-bug"},
      {"witness", "no\nsuch"},
      {"witness", "--timeout", "0"},
      {"witness", "--timeout", "x"},
      {"witness", "--nope"},
      {"smoke", "--fuzz-seconds", "0"},
      {"smoke", "--fuzz-seconds", "x"},
      {"smoke", "--bench-min-time", "-1"},
      {"smoke", "--components", "nosuch"},
      {"smoke", "extra"},
      {"fuzz", "--time", "abc"},
      {"fuzz", "--time", "-5m"},
      {"fuzz", "--trials", "0"},
      {"fuzz", "--trials", "1.5"},
      {"fuzz", "--components", "nosuch", "--time", "1s"},
      {"fuzz", "--resume", "nosuch"},
      {"fuzz", "--snapshots", "never", "--time", "1s"},
      {"fuzz", "--timeout", "0"},
      {"fuzz", "--db", junk, "--time", "1s"},
      {"bench", "--runs", "0"},
      {"bench", "--runs", "x"},
      {"bench", "--repetitions", "2"},
      {"bench", "--components", "nosuch"},
      {"bench", "--db", junk},
      {"report", "--db", junk},
      {"report", "--db", loop},
      {"report", "--db", dir},
      {"report", "--campaign", "nosuch"},
      {"report", "--format", "nope"},
      {"evidence", "--budget", "huge"},
      {"evidence", "--budget", ""},
      {"evidence", "--jobs", "0"},
      {"evidence", "--db", junk},
      {"evidence", "extra"},
      {"import", (root / "nonexistent").string()},
      {"import", file},
      {"import", dir},
      {"import", loop},
      {"import", dir, "--repro-tries", "0"},
      {"import", dir, "--minimize-time", "-1"},
      {"crashes", "--campaign", "nosuch"},
      {"crashes", "--db", junk},
      {"crashes", "--db", loop},
      {"crashes", "--sarif", dir},
      {"crashes", "extra"},
      {"repro", "99999"},
      {"repro", "abc"},
      {"repro"},
      {"repro", "-1"},
      {"repro", "1", "--db", junk},
      {"coverage", "--db", junk},
      {"coverage", "--campaign", "no\nsuch"},
      {"coverage", "--campaign", "nosuch"},
      {"coverage", "--campaign", "fuzzed"},
      {"coverage", "extra"},
      {"corpus"},
      {"corpus", "nosuch"},
      {"corpus", "merge", "--campaign", "nosuch"},
      {"corpus", "merge", "--db", junk},
      {"corpus", "merge", "extra"},
  };

  const std::string before = store_content(checkout.store());
  ASSERT_NE(before.find("fuzzed"), std::string::npos) << before;
  for (const auto &args : refused) {
    std::vector<std::string> argv = {TB_CLI_BINARY, "--root", root.string()};
    argv.insert(argv.end(), args.begin(), args.end());
    std::string shown;
    for (const auto &a : args) shown += " " + a;
    const auto run = cli::run_captured(argv, {}, 120);
    EXPECT_EQ(run.status.code, 2) << "twinbench" << shown << ": " << run.output;
    EXPECT_TRUE(run.output.starts_with("twinbench: "))
        << "twinbench" << shown << ": " << run.output;
    EXPECT_EQ(std::count(run.output.begin(), run.output.end(), '\n'), 1)
        << "twinbench" << shown << ": one line, not:\n"
        << run.output;
    EXPECT_EQ(store_content(checkout.store()), before) << "twinbench" << shown;
  }
}

} // namespace
} // namespace twinbench::test
