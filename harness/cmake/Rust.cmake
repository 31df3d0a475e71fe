# Builds Rust staticlibs with cargo and exposes them as imported CMake targets.
#   dev:   stable, debug profile
#   bench: stable, release profile (codegen-units=1, panic=abort; the level and LTO as C's)
#   fuzz:  nightly with sancov + ASan; without nightly, stable with sancov only (no ASan in
#          Rust), recorded in TB_RUST_ASAN so that reports can say so.
#   coverage: nightly, fuzz profile, -Cinstrument-coverage (source-based, branch regions)
#   afl:   nightly, fuzz profile, ASan + sancov's trace-pc-guard and trace-compares (AFL++)
#   ossfuzz: the toolchain the environment selects (OSS-Fuzz: nightly, by RUSTUP_TOOLCHAIN),
#          fuzz profile, OSS-Fuzz's $RUSTFLAGS plus the coverage instrumentation cargo-fuzz adds.
# Every Rust implementation goes into one staticlib, `twinbench_rust` (a binary may link only one:
# two copies of std collide). Its crate is generated below from the registry: it depends on each
# crate that holds a Rust implementation (TB_RUST_CRATES), so a new component adds no line to
# any Cargo.toml. The test-only crashers use the same function with their own crate.

set(TB_RUST_DIR ${PROJECT_SOURCE_DIR}/targets_rust)
set(TB_RUST_TRIPLE x86_64-unknown-linux-gnu)
find_program(TB_CARGO cargo HINTS $ENV{HOME}/.cargo/bin REQUIRED)

set(TB_RUST_TOOLCHAIN stable)
set(TB_RUSTFLAGS "")
set(TB_RUST_ASAN OFF)
# libFuzzer's coverage instrumentation of Rust code, as cargo-fuzz sets it.
set(tb_sancov_flags
    -Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4
    -Cllvm-args=-sanitizer-coverage-inline-8bit-counters
    -Cllvm-args=-sanitizer-coverage-pc-table -Cllvm-args=-sanitizer-coverage-trace-compares
    -Cllvm-args=-sanitizer-coverage-stack-depth)
# AFL++'s, as cargo-afl's "pcguard" route has it: edges through trace-pc-guard, comparisons for
# CmpLog through trace-compares.
set(tb_pcguard_flags
    -Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=3
    -Cllvm-args=-sanitizer-coverage-trace-pc-guard
    -Cllvm-args=-sanitizer-coverage-trace-compares)
if(TB_MODE STREQUAL "ossfuzz")
  set(TB_RUST_TOOLCHAIN "")
  separate_arguments(TB_RUSTFLAGS UNIX_COMMAND "$ENV{RUSTFLAGS}")
  # A coverage build measures with profiles (-Cinstrument-coverage in $RUSTFLAGS), not sancov;
  # OSS-Fuzz's AFL++ builds ($FUZZING_ENGINE afl) take the afl preset's pcguard route below.
  if("$ENV{FUZZING_ENGINE}" STREQUAL "afl")
    list(APPEND TB_RUSTFLAGS ${tb_pcguard_flags})
  elseif(NOT TB_SANITIZER STREQUAL "coverage")
    list(APPEND TB_RUSTFLAGS ${tb_sancov_flags})
  endif()
  if("-Zsanitizer=address" IN_LIST TB_RUSTFLAGS)
    set(TB_RUST_ASAN ON)
  endif()
  set(TB_CARGO_PROFILE fuzz)
  set(TB_CARGO_PROFILE_DIR fuzz)
elseif(TB_MODE STREQUAL "fuzz")
  execute_process(COMMAND ${TB_CARGO} +nightly --version RESULT_VARIABLE nightly_missing
                  OUTPUT_QUIET ERROR_QUIET)
  # No `--cfg fuzzing` (cargo-fuzz's): crates read it to skip their checksums (miniz_oxide's
  # Adler-32, png's CRC), as C code reads FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION, which this
  # preset does not set either. Both sides are fuzzed as they ship. (The OSS-Fuzz build sets
  # both, as OSS-Fuzz does: docs/SCALE.md.)
  set(TB_RUSTFLAGS ${tb_sancov_flags} -Cdebug-assertions -Cforce-frame-pointers)
  if(nightly_missing)
    message(WARNING "No nightly Rust toolchain: the Rust fuzz targets get coverage but no "
                    "AddressSanitizer (install it: rustup toolchain install nightly)")
  else()
    set(TB_RUST_TOOLCHAIN nightly)
    # ThreadSanitizer for the Rust side of a seeded data race (harness/fuzz/CMakeLists.txt):
    # the crates instrumented, the standard library left as shipped (uninstrumented: rebuilding
    # it needs rust-src, which this machine cannot fetch), which rustc allows only when told
    # (-Cunsafe-allow-abi-mismatch). Its synchronisation that TSan sees through libc
    # (pthread_create/join, futexes) keeps its happens-before edges; docs/bugs.md says what
    # this misses.
    set(TB_RUST_TSAN_FLAGS ${TB_RUSTFLAGS} -Zsanitizer=thread
                           -Cunsafe-allow-abi-mismatch=sanitizer)
    list(APPEND TB_RUSTFLAGS -Zsanitizer=address)
    set(TB_RUST_ASAN ON)
  endif()
  set(TB_CARGO_PROFILE fuzz)
  set(TB_CARGO_PROFILE_DIR fuzz)
elseif(TB_MODE STREQUAL "coverage")
  # The fuzz profile's checks, measured with LLVM's source-based coverage as clang's C side is
  # (CMakeLists.txt), branch regions included (nightly's -Zcoverage-options=branch). No sancov,
  # no sanitizer, no `--cfg fuzzing`: the code the campaign ran.
  set(TB_RUST_TOOLCHAIN nightly)
  set(TB_RUSTFLAGS -Cinstrument-coverage -Zcoverage-options=branch -Cdebug-assertions
                   -Cforce-frame-pointers)
  set(TB_CARGO_PROFILE fuzz)
  set(TB_CARGO_PROFILE_DIR fuzz)
elseif(TB_MODE STREQUAL "afl")
  # AFL++'s instrumentation of Rust, as this preset's C gets it (CMakeLists.txt); ASan and the
  # fuzz profile's checks as in the fuzz preset.
  set(TB_RUST_TOOLCHAIN nightly)
  set(TB_RUSTFLAGS ${tb_pcguard_flags} -Cdebug-assertions -Cforce-frame-pointers
                   -Zsanitizer=address)
  set(TB_RUST_ASAN ON)
  set(TB_CARGO_PROFILE fuzz)
  set(TB_CARGO_PROFILE_DIR fuzz)
elseif(TB_MODE STREQUAL "bench")
  set(TB_CARGO_PROFILE release)
  set(TB_CARGO_PROFILE_DIR release)
else()
  set(TB_CARGO_PROFILE dev)
  set(TB_CARGO_PROFILE_DIR debug)
endif()

# tb_rust_staticlib(<target> <manifest> <package> <lib name> [TARGET_DIR <dir>]
#                   <source dirs>... [RUSTFLAGS <flag>...])
# TARGET_DIR shares a cargo target directory (and so the compiled dependencies) between builds;
# RUSTFLAGS replaces the preset's flags (a sanitizer of its own wants a target directory too).
# Every rustc command cargo runs is recorded in build/<preset>/rustc-commands (record-rustc), so
# that the flags the report prints are the ones the build used.
function(tb_rust_staticlib target manifest package lib)
  cmake_parse_arguments(PARSE_ARGV 4 arg "" "TARGET_DIR" "RUSTFLAGS")
  set(target_dir ${CMAKE_BINARY_DIR}/cargo-${target})
  if(arg_TARGET_DIR)
    set(target_dir ${arg_TARGET_DIR})
  endif()
  set(output ${target_dir}/${TB_RUST_TRIPLE}/${TB_CARGO_PROFILE_DIR}/lib${lib}.a)
  set(sources ${manifest})
  foreach(dir IN LISTS arg_UNPARSED_ARGUMENTS)
    file(GLOB_RECURSE crate_sources CONFIGURE_DEPENDS ${dir}/*.rs ${dir}/*.toml)
    list(APPEND sources ${crate_sources})
  endforeach()
  list(FILTER sources EXCLUDE REGEX "/target/")
  # The ffi crates' build scripts read the contract headers (status codes, layout checks).
  file(GLOB TB_CONTRACT_HEADERS CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/harness/include/twinbench/*.h)
  if(arg_RUSTFLAGS)
    list(JOIN arg_RUSTFLAGS " " rustflags)
  else()
    list(JOIN TB_RUSTFLAGS " " rustflags)
  endif()
  # The optimisation policy C gets too (CMakeLists.txt): the level, and LTO on both sides or
  # neither. The dev build keeps cargo's debug profile.
  set(policy)
  if(DEFINED TB_OPT_LEVEL)
    string(TOUPPER ${TB_CARGO_PROFILE} profile)
    if(TB_LTO)
      set(lto true)
    else()
      set(lto false)
    endif()
    set(policy "CARGO_PROFILE_${profile}_OPT_LEVEL=${TB_OPT_LEVEL}"
               "CARGO_PROFILE_${profile}_LTO=${lto}")
  endif()
  set(toolchain)
  if(TB_RUST_TOOLCHAIN)
    set(toolchain +${TB_RUST_TOOLCHAIN})
  endif()
  # cargo runs in targets_rust/ so that .cargo/config.toml (the Debian source replacement, the
  # profiles) applies; --target keeps RUSTFLAGS away from build scripts and proc macros.
  add_custom_command(
    OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -E env "RUSTFLAGS=${rustflags}" "CARGO_TARGET_DIR=${target_dir}"
            "TB_CLANG=${TB_CLANG}" ${policy}
            "RUSTC_WRAPPER=${PROJECT_SOURCE_DIR}/harness/cmake/record-rustc"
            "TB_RUSTC_RECORD=${CMAKE_BINARY_DIR}/rustc-commands"
            ${TB_CARGO} ${toolchain} build --quiet --offline
            --manifest-path ${manifest} -p ${package}
            --profile ${TB_CARGO_PROFILE} --target ${TB_RUST_TRIPLE}
    DEPENDS ${sources} ${TB_CONTRACT_HEADERS}
    WORKING_DIRECTORY ${TB_RUST_DIR}
    COMMENT "cargo ${toolchain} build (${TB_CARGO_PROFILE}) ${package}"
    USES_TERMINAL VERBATIM)
  add_custom_target(${target}_build DEPENDS ${output})
  add_library(${target} STATIC IMPORTED GLOBAL)
  set_target_properties(${target} PROPERTIES IMPORTED_LOCATION ${output})
  target_link_libraries(${target} INTERFACE Threads::Threads ${CMAKE_DL_LIBS} m)
  add_dependencies(${target} ${target}_build)
endfunction()

# The package name of the crate at <dir> (its Cargo.toml's first `name = "..."`) in <out>, and
# the name Rust code uses for it ('-' as '_') in <crate_out>.
function(tb_crate_package dir out crate_out)
  file(STRINGS ${dir}/Cargo.toml name_line REGEX "^name = \"[^\"]+\"" LIMIT_COUNT 1)
  string(REGEX REPLACE "^name = \"([^\"]+)\".*" "\\1" package "${name_line}")
  string(REPLACE "-" "_" crate ${package})
  set(${out} ${package} PARENT_SCOPE)
  set(${crate_out} ${crate} PARENT_SCOPE)
endfunction()

# A generated staticlib crate in <dir>: package <package>, library <lib>, the [dependencies]
# lines given, and a lib.rs that links in <linked> (`use <crate> as _;`: an unreferenced
# dependency would not be). WORKSPACE makes it a workspace of its own; <why> heads both files.
# file(CONFIGURE) rewrites only on change, so cargo sees no edit when nothing changed.
function(tb_generated_staticlib dir package lib dependencies linked why)
  cmake_parse_arguments(PARSE_ARGV 6 arg "WORKSPACE" "" "")
  set(workspace "")
  if(arg_WORKSPACE)
    set(workspace "\n[workspace]\n")
  endif()
  file(CONFIGURE OUTPUT ${dir}/Cargo.toml CONTENT "# Generated: ${why}. Do not edit.
[package]
name = \"${package}\"
edition = \"2021\"
version = \"0.1.0\"
publish = false

[lib]
name = \"${lib}\"
crate-type = [\"staticlib\"]
path = \"lib.rs\"

[dependencies]
${dependencies}${workspace}")
  file(CONFIGURE OUTPUT ${dir}/lib.rs CONTENT "//! Generated: ${why}.
use ${linked} as _;
")
endfunction()

# The staticlib crate, generated: one dependency per crate in TB_RUST_CRATES, each linked in
# with `use <crate> as _;` (an unreferenced dependency would not be). file(CONFIGURE) rewrites
# only on change, so an unchanged registry does not rebuild the Rust side.
set(tb_staticlib_dir ${CMAKE_BINARY_DIR}/rust-staticlib)
set(tb_dependencies "")
set(tb_uses "")
foreach(crate IN LISTS TB_RUST_CRATES)
  if(NOT EXISTS ${crate}/Cargo.toml)
    message(FATAL_ERROR "${crate}: a Rust implementation's build folder must be a crate (no Cargo.toml)")
  endif()
  set_property(DIRECTORY ${PROJECT_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${crate}/Cargo.toml)
  file(STRINGS ${crate}/Cargo.toml name_line REGEX "^name = \"[^\"]+\"" LIMIT_COUNT 1)
  if(NOT name_line)
    message(FATAL_ERROR "${crate}/Cargo.toml: no `name = \"...\"` line in its [package]")
  endif()
  string(REGEX REPLACE "^name = \"([^\"]+)\".*" "\\1" package "${name_line}")
  string(REPLACE "-" "_" crate_id ${package})
  string(APPEND tb_dependencies "${package} = { path = \"${crate}\" }\n")
  string(APPEND tb_uses "use ${crate_id} as _;\n")
endforeach()
file(CONFIGURE OUTPUT ${tb_staticlib_dir}/Cargo.toml CONTENT "# Generated by harness/cmake/Rust.cmake from the component registry: do not edit.
[package]
name = \"twinbench-rust\"
edition = \"2021\"
version = \"0.1.0\"
publish = false

[lib]
name = \"twinbench_rust\"
crate-type = [\"staticlib\"]
path = \"lib.rs\"

[dependencies]
${tb_dependencies}
[workspace]
")
file(CONFIGURE OUTPUT ${tb_staticlib_dir}/lib.rs CONTENT "//! Generated by harness/cmake/Rust.cmake: every Rust implementation in one staticlib.
${tb_uses}")
# tb-contract reads the C layouts through clang (OSS-Fuzz's image names it clang).
find_program(TB_CLANG NAMES clang-19 clang REQUIRED)
tb_rust_staticlib(twinbench_rust ${tb_staticlib_dir}/Cargo.toml twinbench-rust twinbench_rust
                  ${TB_RUST_CRATES} ${TB_RUST_DIR}/ffi/support ${TB_RUST_DIR}/ffi/contract
                  ${TB_RUST_DIR}/crates)


# What this build is, for the results store's environment record.
string(TOUPPER "${CMAKE_BUILD_TYPE}" build_type)
string(JOIN " " tb_c_flags ${CMAKE_C_FLAGS} ${CMAKE_C_FLAGS_${build_type}} ${TB_SANITIZE})
if(TB_MODE STREQUAL "fuzz")
  string(APPEND tb_c_flags " -gline-tables-only -O${TB_OPT_LEVEL} -fno-omit-frame-pointer -fsanitize=fuzzer-no-link")
elseif(TB_MODE STREQUAL "afl")
  string(APPEND tb_c_flags " -gline-tables-only -O${TB_OPT_LEVEL} -fno-omit-frame-pointer"
                           " -fsanitize-coverage=trace-pc-guard,trace-cmp")
endif()
list(JOIN TB_RUSTFLAGS " " tb_rustflags_string)
if(TB_RUST_ASAN)
  set(tb_rust_asan_json true)
else()
  set(tb_rust_asan_json false)
endif()
file(WRITE ${CMAKE_BINARY_DIR}/build-info.json
"{\n  \"mode\": \"${TB_MODE}\",\n  \"c_compiler\": \"${CMAKE_C_COMPILER} ${CMAKE_C_COMPILER_VERSION}\",\n  \"c_flags\": \"${tb_c_flags}\",\n  \"rust_toolchain\": \"${TB_RUST_TOOLCHAIN}\",\n  \"rust_profile\": \"${TB_CARGO_PROFILE}\",\n  \"rustflags\": \"${tb_rustflags_string}\",\n  \"rust_asan\": ${tb_rust_asan_json}\n}\n")
