// `twinbench new NAME`: a new component from harness/templates/component, a working decoder
// (twinbench/decoder.h) whose decode is a byte copy, with every part a component has of its own
// (spec, contract, C and Rust twins, ffi, conformance vectors, seeds, benchmark inputs,
// manifest); the decoder drivers fuzz, test and benchmark it. `--contract record` lays
// harness/templates/record over it: a record parser (twinbench/record.h) that splits its input
// at a colon, for the record drivers. The templates are written for the name "scaffold"; each
// file's path and text get NAME in its place. Nothing outside the new files changes: the registry
// finds the component by its manifest.
#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <regex>

#include <fmt/format.h>

#include "commands.h"
#include "common/process.h"

namespace twinbench::cli {

namespace {

// "demo_parser" -> "DemoParser", as the Rust mirrors are named (tb-contract's rule).
std::string camel_case(const std::string &name) {
  std::string out;
  bool upper = true;
  for (char ch : name) {
    if (ch == '_') {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(ch))) : ch;
    upper = false;
  }
  return out;
}

std::string replace_all(std::string text, const std::string &from, const std::string &to) {
  for (size_t at = 0; (at = text.find(from, at)) != std::string::npos; at += to.size()) {
    text.replace(at, from.size(), to);
  }
  return text;
}

// The name's length changes where lines break: the new files are formatted as the tests check
// them (clang-format-19 with the checkout's .clang-format, rustfmt). A missing formatter is
// not an error: the files still build, and the note says what to run.
void format(const std::vector<fs::path> &files) {
  std::vector<std::string> c_family = {"clang-format-19", "-i"},
                           rust = {"rustfmt", "--edition", "2021"};
  for (const auto &f : files) {
    const auto ext = f.extension();
    if (ext == ".c" || ext == ".cc" || ext == ".h") c_family.push_back(f.string());
    if (ext == ".rs") rust.push_back(f.string());
  }
  for (auto argv : {c_family, rust}) {
    const auto program = find_program(argv[0]);
    if (!program) {
      fmt::print("note: {} is not on PATH: format the new files before scripts/test\n", argv[0]);
      continue;
    }
    argv[0] = program->string();
    const Captured run = run_captured(argv, {}, 120);
    if (!run.status.ok()) {
      fmt::print("note: {} failed ({}): format the new files before scripts/test\n{}", argv[0],
                 run.status.describe(), run.output);
    }
  }
}

} // namespace

int new_command(const Project &project, const NewOptions &options) {
  const std::string &name = options.name;
  static const std::regex valid("[a-z][a-z0-9_]*");
  if (!std::regex_match(name, valid) || name.back() == '_' ||
      name.find("__") != std::string::npos) {
    throw UserError(fmt::format("'{}' is not a component name: use lower-case letters, digits "
                                "and single inner '_', starting with a letter",
                                name));
  }
  for (const auto &comp : project.components) {
    if (comp.name == name) throw UserError(fmt::format("component '{}' exists already", name));
  }
  // A component's drivers are found by its name (Registry.cmake, tb_component_driver): a name
  // that is a harness file's already (main, decoder, cases) would take that file for its own.
  for (const fs::path taken :
       {fs::path("harness/fuzz") / (name + ".cc"), fs::path("harness/bench") / (name + ".cc"),
        fs::path("harness/tests") / (name + ".cc"),
        fs::path("harness/tests") / (name + "_conformance.cc")}) {
    if (fs::exists(project.root / taken)) {
      throw UserError(fmt::format("'{}' is the name of {}: choose another component name", name,
                                  taken.string()));
    }
  }
  if (options.contract != "decoder" && options.contract != "record") {
    throw UserError(fmt::format("'{}' is not a contract: decoder or record", options.contract));
  }
  // The decoder's files, and over them those of another contract (a file of the same path
  // replaces the decoder's).
  std::vector<fs::path> layers = {project.root / "harness" / "templates" / "component"};
  if (options.contract != "decoder") {
    layers.push_back(project.root / "harness" / "templates" / options.contract);
  }
  for (const auto &layer : layers) {
    if (!fs::is_directory(layer)) throw UserError(layer.string() + " is missing");
  }

  std::string upper = name;
  for (char &ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  auto instantiate = [&](const std::string &text) {
    return replace_all(
        replace_all(replace_all(text, "SCAFFOLD", upper), "Scaffold", camel_case(name)), "scaffold",
        name);
  };

  // Every destination first: if one exists, nothing is written.
  std::map<fs::path, fs::path> by_destination; // destination, template
  for (const auto &layer : layers) {
    for (const auto &entry : fs::recursive_directory_iterator(layer)) {
      if (!entry.is_regular_file()) continue;
      const fs::path dest = project.root / instantiate(fs::relative(entry.path(), layer).string());
      if (fs::exists(dest)) throw UserError(dest.string() + " exists already: nothing was written");
      by_destination[dest] = entry.path();
    }
  }
  std::vector<std::pair<fs::path, fs::path>> files; // template, destination
  for (const auto &[dest, from] : by_destination) files.emplace_back(from, dest);
  std::sort(files.begin(), files.end());

  std::vector<fs::path> written;
  try {
    for (const auto &[from, to] : files) {
      fs::create_directories(to.parent_path());
      std::ofstream out(to, std::ios::binary);
      out << instantiate(read_file(from));
      if (!out.flush()) throw UserError("cannot write " + to.string());
      written.push_back(to);
    }
  } catch (...) {
    for (const auto &f : written) fs::remove(f); // no half component left behind
    throw;
  }
  format(written);
  for (const auto &f : written) fmt::print("created {}\n", fs::relative(f, project.root).string());
  fmt::print(
      "\ncomponent {} is registered by corpora/{}/component.json; scripts/test builds and "
      "tests it.\nNext: write its spec (docs/components/{}.md), then both twins, vectors and "
      "benchmark inputs (corpora/{}/bench/) to it. A component that is neither a decoder nor a "
      "record parser writes its own contract and drivers: docs/ARCHITECTURE.md, \"Adding a "
      "component\".\n",
      name, name, name, name);
  return 0;
}

} // namespace twinbench::cli
