#include "common/build_flags.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace twinbench::cli {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

std::vector<std::string> split_words(const std::string &text) {
  std::istringstream in(text);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

std::string canonical_text(const fs::path &p) {
  return fs::weakly_canonical(p).lexically_normal().string();
}

bool inside_folder(const std::string &file, const std::string &dir) {
  return file.size() > dir.size() && file.starts_with(dir) && file[dir.size()] == '/';
}

// --- C: compile_commands.json ------------------------------------------------------------

struct Compile {
  std::string file;
  std::vector<std::string> arguments;
};

std::vector<Compile> read_compile_commands(const fs::path &file) {
  std::ifstream in(file);
  if (!in) return {};
  const json j = json::parse(in, nullptr, false);
  if (!j.is_array()) throw UserError(file.string() + ": not a JSON array of compile commands");
  std::vector<Compile> out;
  for (const auto &entry : j) {
    Compile c;
    std::string output;
    try {
      const fs::path dir = entry.value("directory", "");
      fs::path f = entry.at("file").get<std::string>();
      c.file = canonical_text(f.is_absolute() ? f : dir / f);
      if (entry.contains("arguments")) {
        c.arguments = entry["arguments"].get<std::vector<std::string>>();
      } else {
        c.arguments = split_words(entry.value("command", ""));
      }
      output = entry.value("output", "");
    } catch (const json::exception &) {
      throw UserError(fmt::format("{}: entry {} is not a compile command (file, directory, "
                                  "command or arguments)",
                                  file.string(), out.size()));
    }
    // A seeded bug's build of a twin (tb_<comp>_c_bug_<id>, Bugs.cmake) compiles its files again:
    // not the implementation as built.
    for (size_t i = 0; output.empty() && i + 1 < c.arguments.size(); i++) {
      if (c.arguments[i] == "-o") output = c.arguments[i + 1];
    }
    if (output.find("_c_bug_") != std::string::npos) continue;
    out.push_back(std::move(c));
  }
  return out;
}

// The flags that decide the code: optimisation, sanitizers, instrumentation, LTO, debug info.
// Not the include paths, macros, warnings or the file names.
void read_c_arguments(const Compile &compile, ImplementationFlags &out) {
  const auto &args = compile.arguments;
  std::vector<std::string> kept;
  std::string level = "0"; // clang's default
  bool lto = false;
  for (const auto &a : args) {
    if (a.starts_with("-O")) {
      level = a.size() == 2 ? "1" : a.substr(2);
      kept.push_back(a);
    } else if (a.starts_with("-flto")) {
      lto = true;
      kept.push_back(a);
    } else if (a == "-fno-lto") {
      lto = false;
      kept.push_back(a);
    } else if ((a.starts_with("-f") && !a.starts_with("-fdiagnostics") &&
                !a.starts_with("-fcolor")) ||
               a.starts_with("-g") || a.starts_with("-m")) {
      kept.push_back(a);
    }
  }
  out.sources.insert(compile.file); // a bug build compiles a file again: one source
  out.opt_levels.insert(level);
  out.lto.insert(lto);
  out.flags.insert(fmt::format("{}", fmt::join(kept, " ")));
}

// --- Rust: the rustc command lines record-rustc kept ---------------------------------------

bool lto_on(const std::vector<std::string> &codegen) {
  for (const auto &c : codegen) {
    if (c == "lto") return true;
    if (c.starts_with("lto=")) {
      const std::string v = c.substr(4);
      return v != "off" && v != "no" && v != "n" && v != "false";
    }
  }
  return false;
}

struct RustcRun {
  std::string crate, source;
  std::vector<std::string> codegen; // -C options as k[=v], and -Z options
  std::vector<fs::path> externs;    // the artifacts of the crates it depends on
};

RustcRun read_rustc_record(const fs::path &file) {
  std::ifstream in(file);
  std::vector<std::string> args;
  for (std::string line; std::getline(in, line);) args.push_back(line);
  RustcRun run;
  for (size_t i = 0; i < args.size(); i++) {
    const std::string &a = args[i];
    if (a == "--crate-name" && i + 1 < args.size()) {
      run.crate = args[++i];
    } else if (a == "--extern" && i + 1 < args.size()) {
      const std::string &dep = args[++i];
      if (auto eq = dep.find('='); eq != std::string::npos)
        run.externs.push_back(dep.substr(eq + 1));
    } else if ((a == "-C" || a == "-Z") && i + 1 < args.size()) {
      run.codegen.push_back((a == "-Z" ? "-Z" : "") + args[++i]);
    } else if (a.starts_with("-C") && a.size() > 2) {
      run.codegen.push_back(a.substr(2));
    } else if (a.starts_with("-Z") && a.size() > 2) {
      run.codegen.push_back(a);
    } else if (run.source.empty() && !a.starts_with("-") && a.size() > 3 &&
               a.substr(a.size() - 3) == ".rs") {
      run.source = a;
    }
  }
  return run;
}

// The crates in the staticlib this build links (build/<preset>/cargo-twinbench_rust), each with
// the command that compiled the very artifact linked: cargo keeps one artifact per profile and
// reuses it without running rustc, so the record is found by the artifact's name
// (lib<crate>-<hash>.a or .rlib -> <crate>-<hash>.args), from the staticlib down its --extern
// dependencies. What has no record is named in <missing>.
std::vector<RustcRun> linked_rust_crates(const fs::path &build_dir, bool &staticlib_lto,
                                         std::vector<std::string> &missing) {
  const fs::path records = build_dir / "rustc-commands";
  std::error_code ec;
  fs::path staticlib;
  for (const auto &profile : fs::directory_iterator(build_dir / "cargo-twinbench_rust", ec)) {
    for (const auto &dir : fs::directory_iterator(profile.path(), ec)) {
      if (fs::exists(dir.path() / "libtwinbench_rust.a"))
        staticlib = dir.path() / "libtwinbench_rust.a";
    }
  }
  if (staticlib.empty()) return {};
  // The staticlib cargo put beside its profile folder is a hard link to one of deps/.
  fs::path linked;
  for (const auto &f : fs::directory_iterator(staticlib.parent_path() / "deps", ec)) {
    const std::string name = f.path().filename().string();
    if (name.starts_with("libtwinbench_rust-") && f.path().extension() == ".a" &&
        fs::equivalent(f.path(), staticlib, ec)) {
      linked = f.path();
    }
  }
  if (linked.empty()) {
    missing.push_back(staticlib.string() + " (not a link to an artifact in deps/)");
    return {};
  }
  std::vector<RustcRun> out;
  std::set<std::string> seen;
  std::vector<fs::path> queue{linked};
  while (!queue.empty()) {
    const fs::path artifact = queue.back();
    queue.pop_back();
    const std::string stem = artifact.stem().string(); // lib<crate>-<hash>
    if (!stem.starts_with("lib") || !seen.insert(stem).second) continue;
    if (artifact.extension() == ".so") continue; // a proc macro runs in the compiler, not linked
    const fs::path record = records / (stem.substr(3) + ".args");
    if (!fs::exists(record)) {
      missing.push_back(artifact.filename().string() + " (built before its command was recorded)");
      continue;
    }
    RustcRun run = read_rustc_record(record);
    if (artifact == linked) staticlib_lto = lto_on(run.codegen);
    for (const auto &dep : run.externs) queue.push_back(dep);
    out.push_back(std::move(run));
  }
  return out;
}

void read_rust_run(const RustcRun &run, bool staticlib_lto, ImplementationFlags &out) {
  std::vector<std::string> kept;
  std::string level = "0"; // rustc's default; cargo names any other level
  for (const auto &c : run.codegen) {
    // Names of this build's outputs, not choices about the code.
    if (c.starts_with("metadata=") || c.starts_with("extra-filename=") ||
        c.starts_with("incremental=") || c.starts_with("linker=") ||
        c.starts_with("embed-bitcode=")) {
      continue;
    }
    if (c.starts_with("opt-level=")) level = c.substr(10);
    kept.push_back(c.starts_with("-Z") ? c : "-C" + c);
  }
  out.sources.insert(run.crate);
  out.opt_levels.insert(level);
  // Rust links all crates of a staticlib in one step: LTO is the staticlib's setting.
  out.lto.insert(staticlib_lto);
  out.flags.insert(fmt::format("{}", fmt::join(kept, " ")));
}

std::string crate_id(std::string name) {
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

} // namespace

BuildFlags read_build_flags(const Project &project, const fs::path &build_dir) {
  BuildFlags flags;
  flags.preset = build_dir.filename().string();
  const auto compiles = read_compile_commands(build_dir / "compile_commands.json");
  bool staticlib_lto = false;
  std::vector<std::string> missing;
  const auto rustc = linked_rust_crates(build_dir, staticlib_lto, missing);
  for (const auto &m : missing) flags.unread.push_back("Rust: " + m);
  // Every C implementation's own folder: a file belongs to the deepest one holding it (the
  // openssl baseline's glue sits inside the base64 twin's folder).
  std::vector<std::string> c_dirs;
  for (const auto &comp : project.components) {
    for (const auto &impl : comp.implementations) {
      if (impl.language != "rust") c_dirs.push_back(canonical_text(project.root / impl.build));
    }
  }
  auto owner_dir = [&](const std::string &file) {
    std::string best;
    for (const auto &d : c_dirs) {
      if (inside_folder(file, d) && d.size() > best.size()) best = d;
    }
    return best;
  };

  for (const auto &comp : project.components) {
    for (const auto &impl : comp.implementations) {
      ImplementationFlags f{comp.name, impl.name, impl.language};
      if (impl.language == "rust") {
        const std::string ffi = canonical_text(project.root / impl.build);
        const std::string twin =
            canonical_text(project.root / "targets_rust" / "crates" / comp.name);
        for (const auto &r : rustc) {
          const bool own_source =
              !r.source.empty() && fs::path(r.source).is_absolute() &&
              (inside_folder(canonical_text(r.source), ffi) ||
               (impl.kind == "twin" && inside_folder(canonical_text(r.source), twin)));
          const bool library_crate = impl.kind == "library" && !impl.source.crate.empty() &&
                                     r.crate == crate_id(impl.source.crate);
          if (own_source || library_crate) read_rust_run(r, staticlib_lto, f);
        }
      } else if (impl.kind == "twin") {
        const std::string dir = canonical_text(project.root / impl.build);
        for (const auto &c : compiles) {
          if (owner_dir(c.file) == dir) read_c_arguments(c, f);
        }
      } else {
        // A library built from source lists its files (Sources.cmake); one linked from a Debian
        // package has no list, and its flags are Debian's.
        std::string target = "tb_" + comp.name + "_" + crate_id(impl.name);
        std::ifstream list(build_dir / "built-sources" / (target + ".txt"));
        std::set<std::string> files;
        for (std::string line; std::getline(list, line);) {
          if (line.starts_with("library ")) files.insert(canonical_text(line.substr(8)));
        }
        for (const auto &c : compiles) {
          if (files.count(c.file)) read_c_arguments(c, f);
        }
      }
      if (!f.sources.empty()) {
        flags.implementations.push_back(std::move(f));
      } else {
        flags.unread.push_back(comp.name + "/" + impl.name);
      }
    }
  }
  return flags;
}

std::vector<std::string> parity_problems(const BuildFlags &flags) {
  // Each setting, with the implementations that have it, per language.
  std::map<std::string, std::map<std::string, std::vector<std::string>>> levels, ltos;
  for (const auto &f : flags.implementations) {
    const std::string side = f.language == "rust" ? "Rust" : "C";
    const std::string name = f.component + "/" + f.impl;
    for (const auto &level : f.opt_levels) levels[level][side].push_back(name);
    for (bool lto : f.lto) ltos[lto ? "LTO" : "no LTO"][side].push_back(name);
  }
  auto describe =
      [](const std::map<std::string, std::map<std::string, std::vector<std::string>>> &by_setting,
         const std::string &what) {
        std::vector<std::string> parts;
        for (const auto &[setting, sides] : by_setting) {
          for (const auto &[side, names] : sides) {
            parts.push_back(
                fmt::format("{} {} in {} ({})", what, setting, side, fmt::join(names, ", ")));
          }
        }
        return fmt::format("{}", fmt::join(parts, "; "));
      };
  std::vector<std::string> problems;
  // What could not be read cannot be compared: a check that passes over it would say nothing.
  std::set<std::string> languages;
  for (const auto &f : flags.implementations) languages.insert(f.language == "rust" ? "Rust" : "C");
  for (const auto &u : flags.unread) {
    if (u.starts_with("Rust: ")) problems.push_back(flags.preset + ": no record of " + u.substr(6));
  }
  for (const char *side : {"C", "Rust"}) {
    if (!languages.count(side)) {
      problems.push_back(
          fmt::format("{}: no {} implementation's flags could be read", flags.preset, side));
    }
  }
  if (levels.size() > 1) {
    problems.push_back(flags.preset +
                       ": the optimisation levels differ: " + describe(levels, "level"));
  }
  if (ltos.size() > 1) {
    problems.push_back(flags.preset + ": link-time optimisation differs: " + describe(ltos, ""));
  }
  return problems;
}

std::string optimisation_text(const ImplementationFlags &f) {
  std::vector<std::string> levels;
  for (const auto &l : f.opt_levels) {
    levels.push_back(f.language == "rust" ? "opt-level=" + l : "-O" + l);
  }
  std::string lto = f.lto.size() > 1 ? "LTO in part" : (*f.lto.begin() ? "LTO" : "no LTO");
  return fmt::format("{}, {}", fmt::join(levels, " and "), lto);
}

json to_json(const BuildFlags &flags) {
  json impls = json::array();
  for (const auto &f : flags.implementations) {
    impls.push_back({{"component", f.component},
                     {"impl", f.impl},
                     {"language", f.language},
                     {"sources", f.sources},
                     {"opt_levels", f.opt_levels},
                     {"lto", f.lto},
                     {"flags", f.flags}});
  }
  return {{"preset", flags.preset}, {"implementations", impls}, {"unread", flags.unread}};
}

BuildFlags build_flags_from_json(const json &j) {
  BuildFlags flags;
  if (!j.is_object()) return flags;
  flags.preset = j.value("preset", "");
  for (const auto &i : j.value("implementations", json::array())) {
    ImplementationFlags f;
    f.component = i.value("component", "");
    f.impl = i.value("impl", "");
    f.language = i.value("language", "");
    f.sources = i.value("sources", std::set<std::string>{});
    f.opt_levels = i.value("opt_levels", std::set<std::string>{});
    f.lto = i.value("lto", std::set<bool>{});
    f.flags = i.value("flags", std::set<std::string>{});
    flags.implementations.push_back(std::move(f));
  }
  flags.unread = j.value("unread", std::vector<std::string>{});
  return flags;
}

} // namespace twinbench::cli
