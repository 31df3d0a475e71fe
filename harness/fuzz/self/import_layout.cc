// The layout `twinbench import DIR` reads (harness/cli/fuzz/import_layout.cc), built from the
// input: each line a file to create under a fresh folder ("<path>" or "<path> -> <target>"
// for a symbolic link, loops included). The scan refuses with a UserError (or names the path a
// file system call failed on) and writes nothing; what it accepts is only regular files under
// the folder, of known targets, each testcase's kind its name's, its .summary when there is one.
#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include "fuzz/import_layout.h"
#include "invariant.h"

using namespace twinbench;

namespace {

const std::map<std::string, cli::FuzzTarget> targets = {{"fuzz_base64_c", {"base64", "c"}},
                                                        {"fuzz_base64_rust", {"base64", "rust"}},
                                                        {"fuzz_base64_diff", {"base64", "diff"}}};

bool inside(const std::filesystem::path &p) {
  if (p.empty() || p.is_absolute()) return false;
  for (const auto &part : p) {
    if (part == ".." || part == ".") return false;
  }
  return true;
}

// Folders and files first, links last: a file is never written through a link the same input
// made (a link to / and then a file under it would write outside the scratch folder).
void build(const std::filesystem::path &dir, const std::string &layout) {
  std::vector<std::pair<std::filesystem::path, std::string>> links;
  std::istringstream lines(layout);
  int made = 0;
  for (std::string line; std::getline(lines, line) && made < 24; made++) {
    std::error_code ec;
    const auto arrow = line.find(" -> ");
    const std::filesystem::path path = line.substr(0, arrow);
    if (!inside(path)) continue;
    std::filesystem::create_directories((dir / path).parent_path(), ec);
    if (arrow == std::string::npos) {
      std::ofstream(dir / path, std::ios::binary) << "testcase";
    } else {
      links.emplace_back(dir / path, line.substr(arrow + 4));
    }
  }
  for (const auto &[path, target] : links) {
    std::error_code ec;
    std::filesystem::create_symlink(target, path, ec);
  }
}

// Where a path leads, links followed, is under `dir`: an import copies what it reads.
bool leads_inside(const std::filesystem::path &path, const std::filesystem::path &dir) {
  std::error_code ec;
  const auto real = std::filesystem::canonical(path, ec);
  if (ec) return false;
  const auto rel = real.lexically_relative(std::filesystem::canonical(dir));
  return !rel.empty() && *rel.begin() != "..";
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const auto dir = selffuzz::scratch_dir() / "import";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  build(dir, selffuzz::text_of(data, size));
  cli::ImportPlan plan;
  try {
    plan = cli::scan_import(dir, targets);
  } catch (const cli::UserError &) {
    return 0;
  } catch (const std::filesystem::filesystem_error &) {
    return 0; // std::filesystem names the path and the system's reason: one clear line
  }
  for (const auto &t : plan.testcases) {
    selffuzz::violation_unless(targets.contains(t.target),
                               "import_layout: a testcase of no known target");
    selffuzz::violation_unless(
        std::filesystem::is_regular_file(t.path) && leads_inside(t.path, dir),
        "import_layout: a testcase that is not a file in the folder: ", t.path.string());
    selffuzz::violation_unless(t.path.filename().string().starts_with(t.kind + "-"),
                               "import_layout: a testcase's kind is not its name's");
    // (A folder named like a stack trace is no stack trace: found by this target's campaign,
    // against its own first form of this check.)
    selffuzz::violation_unless(t.has_summary ==
                                   std::filesystem::is_regular_file(t.path.string() + ".summary"),
                               "import_layout: a .summary missed or invented");
  }
  for (const auto &[target, files] : plan.corpus) {
    selffuzz::violation_unless(targets.contains(target),
                               "import_layout: a corpus of no known target");
    for (const auto &[from, name] : files) {
      selffuzz::violation_unless(
          std::filesystem::is_regular_file(from) && leads_inside(from, dir) && inside(name),
          "import_layout: a corpus file outside its folder: ", name.string());
    }
  }
  return 0;
}
