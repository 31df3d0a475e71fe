// `twinbench new NAME`: a new component from harness/templates/component, a working decoder
// (twinbench/decoder.h) whose decode is a byte copy, with every part a component has of its own
// (spec, contract, C and Rust twins, ffi, conformance vectors, seeds, benchmark inputs,
// manifest); the decoder drivers fuzz, test and benchmark it. `--contract record` lays
// harness/templates/record over it: a record parser (twinbench/record.h) that splits its input
// at a colon, for the record drivers. The templates are written for the name "scaffold"; each
// file's path and text get NAME in its place. Nothing outside the new files changes: the registry
// finds the component by its manifest.
// `--library PACKAGE --crate CRATE` writes a library pair instead of twins: the manifest with the
// package's source pinned (scripts/fetch-sources --pin) and the crate at the version Debian
// packages, the C library's CMake skeleton and glue, and the ffi crate on the crate, each glue
// answering TB_ERR_UNSUPPORTED until it calls its library (harness/templates/library,
// library-<contract>).
#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

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

// "jpeg-decoder" -> "jpeg_decoder": a name as a C or Rust identifier.
std::string identifier(std::string name) {
  for (char &ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return name;
}

// Numbers compared as numbers: 0.11.3 before 0.11.10.
bool older_version(const std::string &a, const std::string &b) {
  std::istringstream x(a), y(b);
  for (;;) {
    std::string p, q; // a part one version lacks counts as 0
    const bool more_a = static_cast<bool>(std::getline(x, p, '.'));
    const bool more_b = static_cast<bool>(std::getline(y, q, '.'));
    if (!more_a && !more_b) return false;
    const long m = std::atol(p.c_str()), n = std::atol(q.c_str());
    if (m != n) return m < n;
  }
}

// What the library templates' TB_T_ names stand for: the package's pin, the crate's version.
std::map<std::string, std::string> library_pair(const Project &project, const NewOptions &options) {
  const Captured pin = run_captured(
      {(project.root / "scripts" / "fetch-sources").string(), "--pin", options.library}, {}, 300);
  // Its last line says why (the ones before are apt's).
  std::string said = pin.output;
  while (!said.empty() && said.back() == '\n') said.pop_back();
  said = said.substr(said.rfind('\n') + 1); // npos + 1 is 0
  if (!pin.status.ok()) throw UserError(fmt::format("cannot pin {}: {}", options.library, said));
  nlohmann::json source;
  try {
    source = nlohmann::json::parse(pin.output.substr(pin.output.rfind('{')));
  } catch (const std::exception &) {
    throw UserError("scripts/fetch-sources --pin " + options.library +
                    " printed no source: " + said);
  }
  // Debian's crates, where the cargo source replacement reads them (targets_rust/.cargo).
  const fs::path registry = "/usr/share/cargo/registry";
  std::string version;
  std::error_code ec;
  for (const auto &entry : fs::directory_iterator(registry, ec)) {
    const std::string dir = entry.path().filename().string();
    const std::string prefix = options.crate + "-";
    if (!dir.starts_with(prefix) || dir.size() == prefix.size() ||
        !std::isdigit(static_cast<unsigned char>(dir[prefix.size()]))) {
      continue;
    }
    const std::string found = dir.substr(prefix.size());
    if (version.empty() || older_version(version, found)) version = found;
  }
  const std::string crate_package = replace_all(options.crate, "_", "-");
  if (version.empty()) {
    throw UserError(fmt::format("crate {} is not in {}: apt-get install librust-{}-dev, if "
                                "Debian packages it (nothing was written)",
                                options.crate, registry.string(), crate_package));
  }
  // Implementation names as the schema has them: lower case, digits and '-'; the crate's gets
  // "-rs" when it would be the library's.
  const auto implementation_name = [](std::string text) {
    for (char &ch : text) {
      ch = std::isalnum(static_cast<unsigned char>(ch))
               ? static_cast<char>(std::tolower(static_cast<unsigned char>(ch)))
               : '-';
    }
    return text;
  };
  const std::string library_name = implementation_name(options.library);
  std::string rust_name = implementation_name(options.crate);
  if (rust_name == library_name) rust_name += "-rs";
  return {{"TB_T_LIBRARY_NAME", library_name},
          {"TB_T_LIBRARY_IDENT", identifier(library_name)},
          {"TB_T_PACKAGE", options.library},
          {"TB_T_UPSTREAM", source.value("upstream", "")},
          {"TB_T_SOURCE_JSON", source.dump()},
          {"TB_T_CRATE_NAME", options.crate},
          {"TB_T_CRATE_IDENT", identifier(options.crate)},
          {"TB_T_CRATE_PACKAGE", crate_package},
          {"TB_T_CRATE_VERSION", version},
          {"TB_T_RUST_NAME", rust_name},
          {"TB_T_RUST_GETTER", "tb_" + options.name + "_" + identifier(rust_name)},
          {"TB_T_CONTRACT", options.contract}};
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
  // The decoder's files, and over them those of another contract and of a library pair (a
  // file of the same path replaces the one before).
  const fs::path templates = project.root / "harness" / "templates";
  std::vector<fs::path> layers = {templates / "component"};
  if (options.contract != "decoder") layers.push_back(templates / options.contract);
  const bool pair = !options.library.empty();
  std::map<std::string, std::string> pair_names;
  if (pair) {
    layers.push_back(templates / "library");
    layers.push_back(templates / ("library-" + options.contract));
    pair_names = library_pair(project, options);
  }
  for (const auto &layer : layers) {
    if (!fs::is_directory(layer)) throw UserError(layer.string() + " is missing");
  }

  std::string upper = name;
  for (char &ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  auto instantiate = [&](std::string text) {
    for (const auto &[from, to] : pair_names) text = replace_all(text, from, to);
    return replace_all(
        replace_all(replace_all(text, "SCAFFOLD", upper), "Scaffold", camel_case(name)), "scaffold",
        name);
  };
  // A library pair has no twins: the decoder's and the record's twin files are not written.
  const auto a_twin = [](const fs::path &rel) {
    return rel == "targets_c/scaffold/scaffold.c" ||
           rel.string().starts_with("targets_rust/crates/");
  };

  // Every destination first: if one exists, nothing is written.
  std::map<fs::path, fs::path> by_destination; // destination, template
  for (const auto &layer : layers) {
    for (const auto &entry : fs::recursive_directory_iterator(layer)) {
      if (!entry.is_regular_file()) continue;
      const fs::path rel = fs::relative(entry.path(), layer);
      if (pair && a_twin(rel)) continue;
      const fs::path dest = project.root / instantiate(rel.string());
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
  fmt::print("\ncomponent {} is registered by corpora/{}/component.json; scripts/test builds and "
             "tests it.\n",
             name, name);
  if (pair) {
    fmt::print("Next: list {}'s files in targets_c/{}/{}/CMakeLists.txt, make both glues call "
               "their library (each answers unsupported until then), and write the spec "
               "(docs/components/{}.md), vectors and benchmark inputs (corpora/{}/bench/); "
               "`twinbench survey {}` then lists where the two differ.\n",
               options.library, name, pair_names.at("TB_T_LIBRARY_NAME"), name, name, name);
    return 0;
  }
  fmt::print("Next: write its spec (docs/components/{}.md), then both twins, vectors and "
             "benchmark inputs (corpora/{}/bench/) to it. A component that is neither a decoder "
             "nor a record parser writes its own contract and drivers: docs/ARCHITECTURE.md, "
             "\"Adding a component\".\n",
             name, name);
  return 0;
}

} // namespace twinbench::cli
