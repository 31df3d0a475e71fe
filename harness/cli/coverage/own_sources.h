// What is an implementation's own code: the files that are the implementation, not the harness,
// the glue or a standard library. The report counts their lines (code census, field evidence)
// and `twinbench coverage` counts what a corpus executed of them.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "common/project.h"

namespace twinbench::cli {

// Where scripts/fetch-sources put the Debian source packages ($TB_SOURCES_DIR, else
// build/sources).
fs::path sources_dir(const Project &project);

// The files a build compiled for a C library implementation (target tb_<comp>_<impl>), as (role,
// path) with role "library" (theirs), "dependency" (another library's file compiled in: libpng's
// zlib) or "glue" (ours): Sources.cmake's built-sources list, from the first of `presets` that
// has it.
std::vector<std::pair<std::string, std::string>>
built_sources(const Project &project, const std::string &target,
              const std::vector<std::string> &presets = {"bench", "fuzz", "dev"});

// A crate's library sources in Debian's registry (its `src/`, without `src/bin/`, the crate's
// command-line tools); empty when the crate is not installed.
std::vector<fs::path> crate_sources(const Source &crate);

// An implementation's own files, sorted:
//   a C twin: the .c and .h files of its folder, less the benchmark's native_loop.c;
//   a Rust twin: its component crate's src/ (targets_rust/crates/<comp>), less tests.rs — not
//     the ffi crate, which is glue;
//   a C library: the files of the library the coverage build compiled (built_sources' role
//     "library", the coverage preset's list first);
//   a Rust library: crate_sources.
// Empty when none can be found (a library not fetched or built yet).
std::vector<fs::path> own_sources(const Project &project, const Component &comp,
                                  const Implementation &impl);

// Where an implementation's seeded bugs can live: its own files and, for a Rust twin, the glue
// of its ffi crate (a mistake at the C boundary: the twin's lib.rs there, not the baselines'
// files or the benchmark's native_loop.rs), sorted.
std::vector<fs::path> bug_site_sources(const Project &project, const Component &comp,
                                       const Implementation &impl);

} // namespace twinbench::cli
