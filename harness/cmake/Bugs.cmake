# The seeded-bug catalogue: every corpora/<component>/bugs.json (docs/bugs.md). A bug lives in
# its component's twins behind a switch, compiled only into that bug's own build:
#   C     #if defined(TB_BUG_<ID>)            (ID: the id in upper case, '-' as '_'), with TB_BUG
#   Rust  #[cfg(feature = "bug-<id>")]        a feature of the twin's crate, targets_rust/crates/<c>,
#                                             or of its ffi crate (a mistake in the FFI glue)
# This file takes the catalogues from the registry (Registry.cmake, which reads and checks them),
# checks them against the twins' sources (every bug has its switch on both sides, no switch
# names a bug the catalogue lacks), and defines the bug builds:
#   tb_<c>_c_bug_<snake>       the C twin's sources with the bug switched on
#   twinbench_rust_bug_<snake> a staticlib of the Rust twin with the bug's feature on (for a bug
#                              whose Rust side the catalogue says rustc refuses too: measured)
# It sets TB_BUGS (every id of the components built, sorted) and, per id,
# TB_BUG_<id>_RUST_CRATE (the crate declaring its feature); the registry sets
# TB_BUG_<id>_COMPONENT, _CLASS and _RUST_BUILDS (OFF when the catalogue expects a compile error). A data race is fuzzed under ThreadSanitizer on
# both sides (harness/fuzz/CMakeLists.txt), not ASan.
#
# None of the bug builds is part of `all`: the target `seeded_bugs` builds every binary that
# runs them (fuzz preset: the sanitized bug_<id>_<impl>; bench preset: the release replays;
# coverage preset: bug_<id>_<impl> with source-based coverage, whose replays say whether a
# campaign's corpus executed the bug site).
# `scripts/twinbench witness|consequences` build it; the main job's fuzzing and benchmarks do
# not wait for bug builds they do not run. In the fuzz preset it is two parts:
# seeded_bugs_witnessed, what `twinbench witness` runs (scripts/test builds it and the one C
# build with the integer sanitizers a runner test fuzzes), and the C sides with the integer
# sanitizers (bug_<id>_<impl>_int), which only campaigns run.

add_custom_target(seeded_bugs)
add_custom_target(seeded_bugs_witnessed)
add_dependencies(seeded_bugs seeded_bugs_witnessed)

set(TB_BUGS_DOC ${PROJECT_SOURCE_DIR}/docs/bugs.md)
set_property(DIRECTORY ${PROJECT_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${TB_BUGS_DOC})
file(READ ${TB_BUGS_DOC} tb_bugs_doc)

set(TB_BUGS)

# The twin of <comp> in <language>: the one implementation of kind twin in that language.
function(tb_twin comp language out)
  set(found "")
  foreach(impl IN LISTS TB_${comp}_IMPLS)
    if(TB_${comp}_${impl}_KIND STREQUAL "twin" AND TB_${comp}_${impl}_LANGUAGE STREQUAL language)
      set(found ${impl})
    endif()
  endforeach()
  set(${out} ${found} PARENT_SCOPE)
endfunction()

# The twins with a build of bug <id>: both. A Rust side the catalogue says rustc refuses has its
# build too, outside `seeded_bugs` (tb_bug_expected_to_build): `twinbench consequences` and
# `witness` build it and measure what rustc does, whatever the catalogue says.
function(tb_bug_twins id out)
  set(comp ${TB_BUG_${id}_COMPONENT})
  tb_twin(${comp} c c_twin)
  tb_twin(${comp} rust rust_twin)
  set(${out} ${c_twin} ${rust_twin} PARENT_SCOPE)
endfunction()

# Whether the catalogue expects <impl>'s build of <id> to compile (then `seeded_bugs` builds it).
function(tb_bug_expected_to_build id impl out)
  set(comp ${TB_BUG_${id}_COMPONENT})
  if(TB_${comp}_${impl}_LANGUAGE STREQUAL "rust" AND NOT TB_BUG_${id}_RUST_BUILDS)
    set(${out} OFF PARENT_SCOPE)
  else()
    set(${out} ON PARENT_SCOPE)
  endif()
endfunction()

function(tb_bug_snake id out)
  string(REPLACE "-" "_" snake ${id})
  set(${out} ${snake} PARENT_SCOPE)
endfunction()

# The catalogues' fields are the registry's (Registry.cmake: TB_<c>_BUGS, TB_BUG_<id>_*), checked
# there against harness/registry/schemas/bugs.schema.json. What is checked here is what only the
# build knows: each bug's switch in the twins' sources and its section in docs/bugs.md.
foreach(comp IN LISTS TB_COMPONENTS)
  if(NOT TB_${comp}_BUGS)
    continue()
  endif()
  set(catalogue ${PROJECT_SOURCE_DIR}/corpora/${comp}/bugs.json)
  tb_twin(${comp} c c_twin)
  tb_twin(${comp} rust rust_twin)
  if(NOT c_twin OR NOT rust_twin)
    tb_manifest_error(${catalogue} "bugs are seeded in twins, and ${comp} lacks a C or a Rust twin")
  endif()
  file(GLOB_RECURSE c_sources ${TB_${comp}_${c_twin}_BUILD}/*.c ${TB_${comp}_${c_twin}_BUILD}/*.h)
  # The Rust side of a bug lives in the twin's crate or, for a mistake at the C boundary, in its
  # ffi crate (the Rust implementation's build folder); each declares its own bugs' features.
  set(rust_crate ${PROJECT_SOURCE_DIR}/targets_rust/crates/${comp})
  set(ffi_crate ${TB_${comp}_${rust_twin}_BUILD})
  set(c_text "")
  foreach(source IN LISTS c_sources)
    file(READ ${source} text)
    string(APPEND c_text "${text}")
  endforeach()
  set(rust_text "")
  foreach(crate IN ITEMS ${rust_crate} ${ffi_crate})
    file(GLOB_RECURSE rust_sources ${crate}/src/*.rs)
    set(crate_text_${crate} "")
    foreach(source IN LISTS rust_sources)
      file(READ ${source} text)
      string(APPEND crate_text_${crate} "${text}")
    endforeach()
    string(APPEND rust_text "${crate_text_${crate}}")
    file(READ ${crate}/Cargo.toml cargo_toml_${crate})
  endforeach()

  set(switches)
  foreach(id IN LISTS TB_${comp}_BUGS)
    string(TOUPPER "TB_BUG_${id}" switch)
    string(REPLACE "-" "_" switch ${switch})
    string(FIND "${c_text}" "defined(${switch})" at)
    if(at EQUAL -1)
      tb_manifest_error(${catalogue} "${id}: no `defined(${switch})` in the C twin's sources")
    endif()
    set(switch_crate "")
    foreach(crate IN ITEMS ${rust_crate} ${ffi_crate})
      string(FIND "${crate_text_${crate}}" "feature = \"bug-${id}\"" at)
      if(NOT at EQUAL -1 AND switch_crate STREQUAL "")
        set(switch_crate ${crate})
      endif()
    endforeach()
    if(switch_crate STREQUAL "")
      tb_manifest_error(${catalogue} "${id}: no `feature = \"bug-${id}\"` in ${rust_crate}/src or ${ffi_crate}/src")
    endif()
    string(FIND "${cargo_toml_${switch_crate}}" "\nbug-${id} = " at)
    if(at EQUAL -1)
      tb_manifest_error(${catalogue} "${id}: ${switch_crate}/Cargo.toml lacks the feature line `bug-${id} = [\"dep:tb-canary\"]`")
    endif()
    set(TB_BUG_${id}_RUST_CRATE ${switch_crate})
    string(FIND "${tb_bugs_doc}" "\n### ${id}\n" at)
    if(at EQUAL -1)
      tb_manifest_error(${catalogue} "${id}: docs/bugs.md has no section `### ${id}`")
    endif()
    list(APPEND switches ${switch})
    list(APPEND TB_BUGS ${id})
    if(TB_BUG_${id}_CLASS STREQUAL "data-race" AND NOT TB_${comp}_THREADS)
      tb_manifest_error(${catalogue} "${id}: a data race needs two threads, and ${comp} is not \"threads\"")
    endif()
  endforeach()
  # No switch in the sources that the catalogue does not know: it would be a bug nobody measures.
  string(REGEX MATCHALL "TB_BUG_[A-Z0-9_]+" used "${c_text}")
  list(REMOVE_DUPLICATES used)
  foreach(switch IN LISTS used)
    if(NOT switch IN_LIST switches)
      tb_manifest_error(${catalogue} "the C twin switches on ${switch}, which is not in this catalogue")
    endif()
  endforeach()
  string(REGEX MATCHALL "feature = \"bug-[a-z0-9-]+\"" used "${rust_text}")
  list(REMOVE_DUPLICATES used)
  foreach(feature IN LISTS used)
    string(REGEX REPLACE "feature = \"bug-(.*)\"" "\\1" bug "${feature}")
    if(NOT bug IN_LIST TB_BUGS)
      tb_manifest_error(${catalogue} "the Rust twin has ${feature}, which is not in this catalogue")
    endif()
  endforeach()
endforeach()
list(SORT TB_BUGS)

# The Rust bug builds: one generated workspace (build/<preset>/rust-bugs) with a staticlib crate
# per bug, each depending on its component's ffi crate and on the twin's crate with the bug's
# feature (cargo unifies the two, so the ffi crate sees the bug). They share the main staticlib's
# target directory: only the twin and its ffi crate are compiled again per bug.
function(tb_rust_bug_builds)
  set(dir ${CMAKE_BINARY_DIR}/rust-bugs)
  set(members "")
  foreach(id IN LISTS TB_BUGS)
    set(comp ${TB_BUG_${id}_COMPONENT})
    tb_twin(${comp} rust rust_twin)
    set(ffi ${TB_${comp}_${rust_twin}_BUILD})
    tb_crate_package(${ffi} ffi_package ffi_crate)
    set(twin_crate ${PROJECT_SOURCE_DIR}/targets_rust/crates/${comp})
    tb_crate_package(${twin_crate} twin_package twin_crate_name)
    tb_bug_snake(${id} snake)
    # The bug's feature on the crate that holds it (the twin's, or the ffi crate's).
    set(ffi_features "")
    set(twin_features "")
    if(TB_BUG_${id}_RUST_CRATE STREQUAL "${ffi}")
      set(ffi_features ", features = [\"bug-${id}\"]")
    else()
      set(twin_features ", features = [\"bug-${id}\"]")
    endif()
    # The release replays carry no canary (TB_CANARY_OFF on the C side): tb-canary's feature
    # `off`, which cargo unifies into the twin's dependency on it.
    set(canary_dependency "")
    if(TB_MODE STREQUAL "bench")
      set(canary_dependency "tb-canary = { path = \"${TB_RUST_DIR}/canary\", features = [\"off\"] }\n")
    endif()
    tb_generated_staticlib(${dir}/${id} tb-bug-${id} twinbench_rust_bug_${snake}
                           "${ffi_package} = { path = \"${ffi}\"${ffi_features} }
${twin_package} = { path = \"${twin_crate}\"${twin_features} }
${canary_dependency}" ${ffi_crate}
                           "by harness/cmake/Bugs.cmake from corpora/${comp}/bugs.json, the Rust twin of ${comp} with the bug ${id}")
    string(APPEND members "  \"${id}\",\n")
    tb_rust_staticlib(twinbench_rust_bug_${snake} ${dir}/${id}/Cargo.toml tb-bug-${id}
                      twinbench_rust_bug_${snake} TARGET_DIR ${CMAKE_BINARY_DIR}/cargo-twinbench_rust
                      ${ffi} ${twin_crate} ${TB_RUST_DIR}/ffi/support ${TB_RUST_DIR}/ffi/contract
                      ${TB_RUST_DIR}/canary)
    # A data race's Rust side under ThreadSanitizer too (the fuzz preset with nightly), in a
    # target directory of its own: bug_<id>_<rust>_tsan (harness/fuzz/CMakeLists.txt).
    if(TB_BUG_${id}_CLASS STREQUAL "data-race" AND TB_RUST_TSAN_FLAGS)
      tb_rust_staticlib(twinbench_rust_bug_${snake}_tsan ${dir}/${id}/Cargo.toml tb-bug-${id}
                        twinbench_rust_bug_${snake}
                        TARGET_DIR ${CMAKE_BINARY_DIR}/cargo-twinbench_rust_tsan
                        ${ffi} ${twin_crate} ${TB_RUST_DIR}/ffi/support
                        ${TB_RUST_DIR}/ffi/contract ${TB_RUST_DIR}/canary
                        RUSTFLAGS ${TB_RUST_TSAN_FLAGS})
    endif()
  endforeach()
  file(CONFIGURE OUTPUT ${dir}/Cargo.toml CONTENT "# Generated by harness/cmake/Bugs.cmake: one staticlib per seeded bug.
[workspace]
resolver = \"2\"
members = [
${members}]
")
endfunction()

# The C twin's library target of <id>'s component, its sources (full paths) and the bug's switch
# (TB_BUG_<ID>): what both C bug builds below start from.
function(tb_c_bug_inputs id twin_out sources_out switch_out)
  tb_twin(${TB_BUG_${id}_COMPONENT} c c_twin)
  tb_impl_library(${TB_BUG_${id}_COMPONENT} ${c_twin} twin_target)
  string(TOUPPER "TB_BUG_${id}" switch)
  string(REPLACE "-" "_" switch ${switch})
  get_target_property(sources ${twin_target} SOURCES)
  get_target_property(source_dir ${twin_target} SOURCE_DIR)
  list(TRANSFORM sources PREPEND ${source_dir}/ REGEX "^[^/]")
  set(${twin_out} ${twin_target} PARENT_SCOPE)
  set(${sources_out} ${sources} PARENT_SCOPE)
  set(${switch_out} ${switch} PARENT_SCOPE)
endfunction()

# The C bug build of <id>: the C twin with the bug's switch on. Only the sources that name the
# switch are compiled again (with TB_BUG, which only brings in canary.h, and the switch); the
# others are the twin's own objects, the same compile. A header naming a bug switch makes every
# source compiled again.
function(tb_c_bug_library id out)
  set(comp ${TB_BUG_${id}_COMPONENT})
  tb_bug_snake(${id} snake)
  set(target tb_${comp}_c_bug_${snake})
  if(NOT TARGET ${target})
    tb_c_bug_inputs(${id} twin_target sources switch)
    get_target_property(source_dir ${twin_target} SOURCE_DIR)
    file(GLOB headers ${source_dir}/*.h)
    set(switched_in_header OFF)
    foreach(header IN LISTS headers)
      file(STRINGS ${header} mentions REGEX "TB_BUG_")
      if(mentions)
        set(switched_in_header ON)
      endif()
    endforeach()
    set(compiled)
    set(reused_regex)
    foreach(source IN LISTS sources)
      file(STRINGS ${source} mentions REGEX "${switch}([^A-Z0-9_]|$)")
      if(mentions OR switched_in_header)
        list(APPEND compiled ${source})
      else()
        get_filename_component(name ${source} NAME)
        string(REPLACE "." "\\." name ${name})
        list(APPEND reused_regex "/${name}\\.o$")
      endif()
    endforeach()
    set(reused)
    if(reused_regex)
      list(JOIN reused_regex "|" regex)
      set(reused "$<FILTER:$<TARGET_OBJECTS:${twin_target}>,INCLUDE,${regex}>")
    endif()
    get_target_property(options ${twin_target} COMPILE_OPTIONS)
    add_library(${target} STATIC EXCLUDE_FROM_ALL ${compiled} ${reused})
    set_target_properties(${target} PROPERTIES LINKER_LANGUAGE C)
    target_compile_options(${target} PRIVATE ${options})
    target_compile_definitions(${target} PRIVATE TB_BUG ${switch})
    if(TB_MODE STREQUAL "bench")
      target_compile_definitions(${target} PRIVATE TB_CANARY_OFF) # release replays: no canary
    endif()
    target_link_libraries(${target} PUBLIC twinbench_contract)
  endif()
  set(${out} ${target} PARENT_SCOPE)
endfunction()

# The C bug build of <id> for the integer-sanitizer configuration (the fuzz preset's
# bug_<id>_<impl>_int): every source of the C twin compiled again with the switch on and the
# integer checks a careful C team can add to ASan+UBSan, which C's default fuzz build (as
# OSS-Fuzz's) does not run: unsigned wraparound and implicit conversions that change a value.
# Every file, not only the switch's: the check is meant to fire wherever the mistake's value
# goes. TB_INTEGER_SANITIZE lists the flags (the report prints them from the build); the
# suppressions a code base with these checks needs, and why, are harness/fuzz/
# integer_sanitizer.supp, which the binaries read by default (integer_sanitizer_options.c).
set(TB_INTEGER_SANITIZE -fsanitize=unsigned-integer-overflow,implicit-conversion
                        -fsanitize-recover=unsigned-integer-overflow,implicit-conversion)
function(tb_c_bug_int_library id out)
  set(comp ${TB_BUG_${id}_COMPONENT})
  tb_bug_snake(${id} snake)
  set(target tb_${comp}_c_bug_${snake}_int)
  if(NOT TARGET ${target})
    tb_c_bug_inputs(${id} twin_target sources switch)
    get_target_property(options ${twin_target} COMPILE_OPTIONS)
    add_library(${target} STATIC EXCLUDE_FROM_ALL ${sources})
    set_target_properties(${target} PROPERTIES LINKER_LANGUAGE C)
    target_compile_options(${target} PRIVATE ${options} ${TB_INTEGER_SANITIZE})
    target_compile_definitions(${target} PRIVATE TB_BUG ${switch})
    target_link_libraries(${target} PUBLIC twinbench_contract)
    target_link_options(${target} INTERFACE ${TB_INTEGER_SANITIZE})
  endif()
  set(${out} ${target} PARENT_SCOPE)
endfunction()

# The library holding <impl> of <id>'s component in its bug build.
function(tb_bug_library id impl out)
  set(comp ${TB_BUG_${id}_COMPONENT})
  if(TB_${comp}_${impl}_LANGUAGE STREQUAL "rust")
    tb_bug_snake(${id} snake)
    set(${out} twinbench_rust_bug_${snake} PARENT_SCOPE)
  else()
    tb_c_bug_library(${id} target)
    set(${out} ${target} PARENT_SCOPE)
  endif()
endfunction()

# Only the fuzz, coverage, afl and bench builds run bug variants.
if(TB_MODE MATCHES "^(fuzz|coverage|afl|bench)$")
  tb_rust_bug_builds()
endif()
