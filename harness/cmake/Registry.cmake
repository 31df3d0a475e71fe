# The component registry: every corpora/<component>/component.json (with its bugs.json and
# known_bugs.json), read by the one reader the CLI also uses (harness/cli/common/project.cc,
# checked against harness/registry/schemas/), run here as scripts/registry. The build, the CLI
# and the scripts all take components and implementations from it; nothing else lists them.
#
# The reader writes ${CMAKE_BINARY_DIR}/registry.cmake (TB_REGISTRY_CMAKE), included here and by
# the ctest scripts that need the registry (-DREGISTRY=...). For each component <c> it sets:
#   TB_COMPONENTS                  every component, sorted
#   TB_<c>_IMPLS                   implementations held to the spec (tested, fuzzed, diffed)
#   TB_<c>_BASELINES               benchmark-only baselines
#   TB_<c>_THREADS                 ON when its implementations run on several threads
#   TB_<c>_CONTRACT                its contract's kind: decoder, record, or empty (tb_component_driver)
#   TB_<c>_<impl>_LANGUAGE/_KIND/_BUILD   from the manifest (BUILD as an absolute path)
#   TB_<c>_<impl>_SOURCE_KIND      debian, path, crate or empty, and TB_<c>_<impl>_SOURCE_<key>:
#     debian: _debian _upstream _patches _orig_sha256 (fetched by scripts/fetch-sources,
#     Sources.cmake); path: _path (a local checkout, absolute or from the checkout)
#   TB_<c>_BUGS                    its seeded bugs (Bugs.cmake), and per id TB_BUG_<id>_COMPONENT,
#                                  _CLASS, _RUST_BUILDS (OFF when the catalogue expects rustc to
#                                  refuse it)
#   TB_<c>_KNOWN_BUGS              its libraries' known bugs, and per id
#                                  TB_KNOWN_BUG_<c>_<id>_IMPLEMENTATION/_CLASS/_TARGET/_WITNESS/_EXPECT
#   TB_REGISTRY_FILES              the manifests read
# Here: TB_RUST_CRATES, the crates the Rust implementations live in, once each, and
# tb_impl_library(<c> <impl> <out>), the CMake target that holds an implementation.

function(tb_manifest_error manifest what)
  file(RELATIVE_PATH rel ${PROJECT_SOURCE_DIR} ${manifest})
  message(FATAL_ERROR "${rel}: ${what}")
endfunction()

# A new manifest reconfigures (the glob); so does an edited one (CMAKE_CONFIGURE_DEPENDS below).
file(GLOB tb_manifests LIST_DIRECTORIES false CONFIGURE_DEPENDS
     ${PROJECT_SOURCE_DIR}/corpora/*/component.json ${PROJECT_SOURCE_DIR}/corpora/*/bugs.json
     ${PROJECT_SOURCE_DIR}/corpora/*/known_bugs.json)
set(TB_REGISTRY_CMAKE ${CMAKE_BINARY_DIR}/registry.cmake)
execute_process(COMMAND ${PROJECT_SOURCE_DIR}/scripts/registry --cmake ${TB_REGISTRY_CMAKE}
                RESULT_VARIABLE tb_registry_status ERROR_VARIABLE tb_registry_error)
if(NOT tb_registry_status EQUAL 0)
  # The reader's line as it wrote it (FATAL_ERROR would rewrap it), then the stop.
  string(STRIP "${tb_registry_error}" tb_registry_error)
  message(NOTICE "${tb_registry_error}")
  message(FATAL_ERROR "the component registry cannot be read (the line above)")
endif()
include(${TB_REGISTRY_CMAKE})
set_property(DIRECTORY ${PROJECT_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
             ${TB_REGISTRY_FILES} ${PROJECT_SOURCE_DIR}/harness/registry/schemas/component.schema.json
             ${PROJECT_SOURCE_DIR}/harness/registry/schemas/bugs.schema.json
             ${PROJECT_SOURCE_DIR}/harness/registry/schemas/known_bugs.schema.json)
if(NOT TB_COMPONENTS)
  message(FATAL_ERROR "no corpora/*/component.json: no component to build")
endif()
set(TB_RUST_CRATES)
foreach(comp IN LISTS TB_COMPONENTS)
  foreach(impl IN LISTS TB_${comp}_IMPLS TB_${comp}_BASELINES)
    if(TB_${comp}_${impl}_LANGUAGE STREQUAL "rust")
      list(APPEND TB_RUST_CRATES ${TB_${comp}_${impl}_BUILD})
    endif()
  endforeach()
endforeach()
list(REMOVE_DUPLICATES TB_RUST_CRATES)

# TB_ONLY_COMPONENTS: build these components alone (a ;-list), e.g. while writing one, or in
# scripts/test-new-component's scratch copy. Tests and benchmark files of the others are left
# out; the registry checks that compare a binary with every manifest do not apply.
set(TB_ALL_COMPONENTS ${TB_COMPONENTS})
set(TB_ONLY_COMPONENTS "" CACHE STRING "build only these components (empty: all)")
if(TB_ONLY_COMPONENTS)
  set(TB_RUST_CRATES)
  foreach(comp IN LISTS TB_ONLY_COMPONENTS)
    if(NOT comp IN_LIST TB_ALL_COMPONENTS)
      message(FATAL_ERROR "TB_ONLY_COMPONENTS: no component ${comp} (corpora/${comp}/component.json)")
    endif()
    foreach(impl IN LISTS TB_${comp}_IMPLS TB_${comp}_BASELINES)
      if(TB_${comp}_${impl}_LANGUAGE STREQUAL "rust")
        list(APPEND TB_RUST_CRATES ${TB_${comp}_${impl}_BUILD})
      endif()
    endforeach()
  endforeach()
  list(REMOVE_DUPLICATES TB_RUST_CRATES)
  set(TB_COMPONENTS ${TB_ONLY_COMPONENTS})
  message(STATUS "TB_ONLY_COMPONENTS: building ${TB_COMPONENTS} only")
endif()

# The files of `sources` that belong to no component left out: <comp>.cc or <comp>_*.cc of a
# component not in TB_COMPONENTS.
function(tb_component_sources sources out)
  set(kept)
  foreach(source IN LISTS sources)
    get_filename_component(stem ${source} NAME_WE)
    set(owner "")
    foreach(comp IN LISTS TB_ALL_COMPONENTS) # the longest name the file is named for
      string(LENGTH "${comp}" n)
      string(LENGTH "${owner}" m)
      if((stem STREQUAL comp OR stem MATCHES "^${comp}_") AND n GREATER m)
        set(owner ${comp})
      endif()
    endforeach()
    if(owner AND NOT owner IN_LIST TB_COMPONENTS)
      continue()
    endif()
    list(APPEND kept ${source})
  endforeach()
  set(${out} ${kept} PARENT_SCOPE)
endfunction()

# The target holding <impl> of <comp>: its C library, or the one Rust staticlib.
function(tb_impl_library comp impl out)
  if(TB_${comp}_${impl}_LANGUAGE STREQUAL "rust")
    set(${out} twinbench_rust PARENT_SCOPE)
  else()
    string(REPLACE "-" "_" id ${impl})
    set(${out} tb_${comp}_${id} PARENT_SCOPE)
  endif()
endfunction()

# The macro that lists implementations to a test or benchmark (and a driver compiled by explicit
# commands, the TSan builds; the other drivers link a list instead, tb_linked_implementations):
#   #define TB_IMPLS_<comp>(X, comp) X(comp, c) X(comp, rust) ...
# each X(comp, impl) names the getter tb_<comp>_<impl>() ('-' becomes '_'). With a fourth
# argument BASELINES it defines TB_BASELINES_<comp> instead (the benchmark binary's list of
# baselines). A function-like macro cannot go on a compiler's command line, so tb_impls_header
# writes these lines into <dir>/twinbench_impls.h, which twinbench/implementations.h includes.
function(tb_impls_define comp impls out)
  set(list IMPLS)
  if(ARGC GREATER 3)
    set(list ${ARGV3})
  endif()
  set(items)
  foreach(impl IN LISTS impls)
    string(REPLACE "-" "_" id ${impl})
    string(APPEND items " X(comp, ${id})")
  endforeach()
  set(${out} "#define TB_${list}_${comp}(X, comp)${items}\n" PARENT_SCOPE)
endfunction()

# Writes <dir>/twinbench_impls.h from the given #define lines (only when they change) and puts
# <dir> on <target>'s include path.
function(tb_impls_header target dir defines)
  file(CONFIGURE OUTPUT ${dir}/twinbench_impls.h
       CONTENT "// Generated from the component registry (harness/cmake/Registry.cmake).\n${defines}")
  target_include_directories(${target} PRIVATE ${dir})
endfunction()

# The driver of <comp> of one kind (fuzz, bench or tests) and what it is compiled with: the
# component's own file (harness/fuzz/<comp>.cc, harness/bench/<comp>.cc,
# harness/tests/<comp>_conformance.cc) when it has one; else, for a component with a "contract"
# (decoder or record), that contract's generic file of the kind (harness/fuzz/<contract>.cc,
# harness/bench/<contract>.cc, harness/tests/<contract>_conformance.cc), compiled with
# TB_COMPONENT=<comp>, TB_COMPONENT_HEADER="twinbench/<comp>.h" and TB_COMPONENT_SUITE (<comp> in
# CamelCase: its tests' names). Sets <source_out> (empty: no driver of this kind) and
# <defines_out>.
function(tb_component_driver kind comp source_out defines_out)
  set(dir ${PROJECT_SOURCE_DIR}/harness/${kind})
  set(contract "${TB_${comp}_CONTRACT}")
  if(kind STREQUAL "tests")
    set(own ${dir}/${comp}_conformance.cc)
    set(generic ${dir}/${contract}_conformance.cc)
  else()
    set(own ${dir}/${comp}.cc)
    set(generic ${dir}/${contract}.cc)
  endif()
  set(source "")
  set(defines "")
  if(EXISTS ${own})
    set(source ${own})
  elseif(contract)
    set(source ${generic})
    string(REPLACE "_" ";" words ${comp})
    set(camel "")
    foreach(word IN LISTS words)
      string(SUBSTRING ${word} 0 1 first)
      string(SUBSTRING ${word} 1 -1 rest)
      string(TOUPPER ${first} first)
      string(APPEND camel ${first}${rest})
    endforeach()
    set(defines TB_COMPONENT=${comp} "TB_COMPONENT_HEADER=\"twinbench/${comp}.h\""
                TB_COMPONENT_SUITE=${camel})
  endif()
  set(${source_out} ${source} PARENT_SCOPE)
  set(${defines_out} ${defines} PARENT_SCOPE)
endfunction()

# An object library defining tb_linked_tables(), the API tables of <impls> of <comp> in registry
# order, for a driver compiled with TB_LINKED_IMPLEMENTATIONS (twinbench/implementations.h): the
# driver is then compiled once per component and mode, and each binary links the list of its
# own implementations. One per set of implementations (its name counts them: the pair c;rust and
# an implementation named c-rust are two lists); sets <out> to its target. EXCLUDE_FROM_ALL after
# <out>: built only for a binary that links it.
function(tb_linked_implementations comp impls out)
  list(LENGTH impls n)
  string(REPLACE ";" "_" suffix "${impls}")
  string(REPLACE "-" "_" suffix "${suffix}")
  set(target tb_linked_${comp}_${n}_${suffix})
  if(NOT TARGET ${target})
    set(getters "")
    set(calls "")
    set(count 0)
    foreach(impl IN LISTS impls)
      string(REPLACE "-" "_" id ${impl})
      string(APPEND getters "const tb_${comp}_api *tb_${comp}_${id}(void);\n")
      string(APPEND calls "  tables[${count}] = tb_${comp}_${id}();\n")
      math(EXPR count "${count} + 1")
    endforeach()
    set(source ${CMAKE_CURRENT_BINARY_DIR}/linked/${target}.c)
    file(CONFIGURE OUTPUT ${source} @ONLY CONTENT "\
/* Generated by tb_linked_implementations (harness/cmake/Registry.cmake): the implementations of
 * ${comp} this binary links, in registry order. */
#include <stddef.h>

#include \"twinbench/${comp}.h\"

${getters}
const void *const *tb_linked_tables(size_t *count);

const void *const *tb_linked_tables(size_t *count) {
  static const void *tables[${count}];
${calls}  *count = ${count};
  return tables;
}
")
    add_library(${target} OBJECT ${ARGN} ${source})
    target_link_libraries(${target} PRIVATE twinbench_contract)
    if(TB_MODE STREQUAL "coverage")
      target_compile_options(${target} PRIVATE ${TB_UNCOUNTED_OPTIONS})
    endif()
  endif()
  set(${out} ${target} PARENT_SCOPE)
endfunction()
