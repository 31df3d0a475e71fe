#include "report/code_census.h"

#include <algorithm>
#include <regex>
#include <sstream>
#include <vector>

namespace twinbench::cli {

namespace {

// A line with its comments removed and its string and character literals emptied (their
// contents could hold anything: braces, "//", the word unsafe). `in_comment` carries a block
// comment across lines.
std::string code_of(const std::string &line, bool &in_comment) {
  std::string out;
  for (size_t i = 0; i < line.size(); i++) {
    if (in_comment) {
      if (line.compare(i, 2, "*/") == 0) {
        in_comment = false;
        i++;
      }
      continue;
    }
    if (line.compare(i, 2, "/*") == 0) {
      in_comment = true;
      i++;
      continue;
    }
    if (line.compare(i, 2, "//") == 0) break;
    const char c = line[i];
    if (c == '"') {
      out += "\"\"";
      for (i++; i < line.size() && line[i] != '"'; i++) {
        if (line[i] == '\\') i++;
      }
      continue;
    }
    // A character literal ('x', '\n', b'{'), not a Rust lifetime ('a without a closing quote).
    if (c == '\'') {
      size_t end = i + 1 < line.size() && line[i + 1] == '\\' ? i + 3 : i + 2;
      while (end < line.size() && end <= i + 10 && line[end] != '\'') end++;
      if (end < line.size() && line[end] == '\'' && end <= i + 10) {
        out += "''";
        i = end;
        continue;
      }
    }
    out += c;
  }
  return out;
}

bool blank(const std::string &s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); });
}

int count_matches(const std::string &s, const std::regex &re) {
  return static_cast<int>(std::distance(std::sregex_iterator(s.begin(), s.end(), re), {}));
}

} // namespace

SourceCount count_source(const std::string &text, bool rust) {
  static const std::regex block(R"(\bunsafe\s*\{)"), fn(R"(\bunsafe\s+(extern\s+""\s+)?fn\b)"),
      impl(R"(\bunsafe\s+impl\b)");
  static const std::regex rust_skip(R"(^\s*#\[cfg\((test|feature = "bug-[a-z0-9-]+")\)\]\s*$)");
  SourceCount count;
  std::istringstream lines(text);
  bool in_comment = false;
  // C: the open #if blocks: a seeded bug's branch, the branch after it, or any other.
  enum class Branch { bug, after_bug, other };
  std::vector<Branch> branches;
  // Rust: skipping an item under a bug or test cfg; its bracket depth, and whether it opened a
  // brace (a block, a body) yet.
  bool skipping = false, opened = false;
  int depth = 0;
  for (std::string raw; std::getline(lines, raw);) {
    const std::string line = code_of(raw, in_comment);
    if (blank(line)) continue;
    if (!rust) {
      const std::string d = line.substr(line.find_first_not_of(" \t"));
      if (d.starts_with("#if")) {
        const bool bug = d.starts_with("#if defined(TB_BUG");
        branches.push_back(bug ? Branch::bug : Branch::other);
        if (bug) continue;
      } else if ((d.starts_with("#else") || d.starts_with("#elif")) && !branches.empty() &&
                 branches.back() != Branch::other) {
        branches.back() = Branch::after_bug; // the other branch is the code that ships
        continue;
      } else if (d.starts_with("#endif") && !branches.empty()) {
        const Branch closed = branches.back();
        branches.pop_back();
        if (closed != Branch::other) continue;
      }
      if (std::find(branches.begin(), branches.end(), Branch::bug) == branches.end()) count.lines++;
      continue;
    }
    // std::regex is slow: only lines that can match are given to it (a crate's tables run to
    // thousands of lines).
    if (!skipping && raw.find("#[cfg(") != std::string::npos && std::regex_match(raw, rust_skip)) {
      skipping = true;
      opened = false;
      depth = 0;
      continue;
    }
    if (skipping) {
      for (char c : line) {
        if (c == '{' || c == '(' || c == '[') depth++;
        if (c == '}' || c == ')' || c == ']') depth--;
        opened |= c == '{';
      }
      const char last = line[line.find_last_not_of(" \t")];
      // The item ends where its braces close, or, if it opened none, at a `;` or `,` outside
      // any bracket (a statement, a field, a match arm).
      if (depth <= 0 && (opened || last == ';' || last == ',')) skipping = false;
      continue;
    }
    count.lines++;
    if (line.find("unsafe") == std::string::npos) continue;
    count.unsafe_blocks += count_matches(line, block);
    count.unsafe_fns += count_matches(line, fn);
    count.unsafe_impls += count_matches(line, impl);
  }
  return count;
}

std::vector<CodeCount> code_census(const Project &project) {
  std::vector<CodeCount> out;
  auto add = [&](const std::string &comp, const std::string &impl, const std::string &part,
                 const fs::path &folder, bool rust, bool recursive) {
    CodeCount c{comp, impl, part, fs::relative(folder, project.root).string()};
    if (!fs::is_directory(folder)) return;
    std::vector<fs::path> files;
    auto consider = [&](const fs::path &p) {
      const std::string name = p.filename().string(), ext = p.extension().string();
      if (rust ? ext != ".rs" : (ext != ".c" && ext != ".h")) return;
      // Not what ships: the Rust twins' test files, the ffi crate's baselines, and either
      // twin's benchmark-only native loop.
      if (name == "native_loop.rs" || name == "native_loop.c") return;
      if (rust && (name == "tests.rs" || name.starts_with("baseline_"))) return;
      files.push_back(p);
    };
    if (recursive) {
      for (const auto &e : fs::recursive_directory_iterator(folder))
        if (e.is_regular_file()) consider(e.path());
    } else {
      for (const auto &e : fs::directory_iterator(folder))
        if (e.is_regular_file()) consider(e.path());
    }
    for (const auto &file : files) {
      const SourceCount s = count_source(read_file(file), rust);
      c.files++;
      c.lines += s.lines;
      c.unsafe_blocks += s.unsafe_blocks;
      c.unsafe_fns += s.unsafe_fns;
      c.unsafe_impls += s.unsafe_impls;
    }
    out.push_back(std::move(c));
  };
  for (const auto &comp : project.components) {
    for (const auto &impl : comp.implementations) {
      if (impl.kind != "twin" || impl.baseline) continue;
      if (impl.language == "c") {
        // The twin's own folder; its subfolders hold baselines.
        add(comp.name, impl.name, "twin", project.root / impl.build, false, false);
      } else if (impl.language == "rust") {
        add(comp.name, impl.name, "twin", project.root / "targets_rust/crates" / comp.name / "src",
            true, true);
        add(comp.name, impl.name, "ffi", project.root / impl.build / "src", true, true);
      }
    }
  }
  return out;
}

} // namespace twinbench::cli
