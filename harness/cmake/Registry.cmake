# The component registry: every corpora/<component>/component.json, read once here. The build,
# the CLI (harness/cli registry) and the tests all take components and implementations from
# those manifests; nothing else lists them.
#
# For each component <c> this sets:
#   TB_COMPONENTS                  every component, sorted
#   TB_<c>_IMPLS                   implementations held to the spec (tested, fuzzed, diffed)
#   TB_<c>_BASELINES               benchmark-only baselines
#   TB_<c>_<impl>_LANGUAGE/_KIND/_BUILD   from the manifest (BUILD as an absolute path)
#   TB_RUST_CRATES                 the crates the Rust implementations live in, once each
# and tb_impl_library(<c> <impl> <out>) gives the CMake target that holds an implementation.

file(GLOB tb_manifests LIST_DIRECTORIES false CONFIGURE_DEPENDS
     ${PROJECT_SOURCE_DIR}/corpora/*/component.json)
list(SORT tb_manifests)

set(TB_COMPONENTS)
set(TB_RUST_CRATES)

function(tb_manifest_error manifest what)
  file(RELATIVE_PATH rel ${PROJECT_SOURCE_DIR} ${manifest})
  message(FATAL_ERROR "${rel}: ${what}")
endfunction()

foreach(manifest IN LISTS tb_manifests)
  # An edited manifest (not only a new one) must reconfigure: it changes what gets built.
  set_property(DIRECTORY ${PROJECT_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${manifest})
  file(READ ${manifest} json)
  get_filename_component(folder ${manifest} DIRECTORY)
  get_filename_component(folder ${folder} NAME)
  string(JSON comp ERROR_VARIABLE err GET "${json}" name)
  if(err)
    tb_manifest_error(${manifest} "not a component manifest (${err})")
  endif()
  if(NOT comp STREQUAL folder)
    tb_manifest_error(${manifest} "names component '${comp}' but lives in corpora/${folder}")
  endif()
  if(NOT comp MATCHES "^[a-z][a-z0-9_]*$")
    tb_manifest_error(${manifest} "component name '${comp}' must be [a-z][a-z0-9_]*")
  endif()
  string(JSON spec ERROR_VARIABLE err GET "${json}" spec)
  if(err OR spec STREQUAL "")
    tb_manifest_error(${manifest} "has no \"spec\"")
  endif()
  list(APPEND TB_COMPONENTS ${comp})
  # "threads": true — the implementations run on several threads: ThreadSanitizer builds too.
  string(JSON threads ERROR_VARIABLE err GET "${json}" threads)
  set(TB_${comp}_THREADS OFF)
  if(NOT err)
    if(NOT threads MATCHES "^(ON|OFF)$")
      tb_manifest_error(${manifest} "\"threads\" must be true or false")
    endif()
    set(TB_${comp}_THREADS ${threads})
  endif()
  set(impls)
  set(ids)
  set(baselines)
  string(JSON count ERROR_VARIABLE err LENGTH "${json}" implementations)
  if(err OR count EQUAL 0)
    tb_manifest_error(${manifest} "needs a non-empty \"implementations\" list")
  endif()
  math(EXPR last "${count} - 1")
  foreach(i RANGE ${last})
    foreach(key name language kind build)
      string(JSON ${key} ERROR_VARIABLE err GET "${json}" implementations ${i} ${key})
      if(err)
        tb_manifest_error(${manifest} "implementation ${i} has no \"${key}\"")
      endif()
    endforeach()
    string(JSON baseline_type ERROR_VARIABLE err TYPE "${json}" implementations ${i} baseline)
    if(err)
      set(baseline OFF)
    elseif(baseline_type STREQUAL "BOOLEAN")
      string(JSON baseline GET "${json}" implementations ${i} baseline)
    else()
      tb_manifest_error(${manifest} "${name}: \"baseline\" must be true or false")
    endif()
    # c-lib and c_lib would share a getter and a target.
    string(REPLACE "-" "_" id ${name})
    if(id IN_LIST ids)
      tb_manifest_error(${manifest} "two implementations named ${name} (or the same with - for _)")
    endif()
    list(APPEND ids ${id})
    if(NOT name MATCHES "^[a-z][a-z0-9_-]*$" OR name STREQUAL "diff")
      tb_manifest_error(${manifest} "implementation name '${name}' must be [a-z][a-z0-9_-]*, not diff")
    endif()
    if(NOT language MATCHES "^(c|cpp|rust)$")
      tb_manifest_error(${manifest} "${name}: language '${language}' is not c, cpp or rust")
    endif()
    if(NOT kind MATCHES "^(twin|library)$")
      tb_manifest_error(${manifest} "${name}: kind '${kind}' is not twin or library")
    endif()
    if(NOT IS_DIRECTORY ${PROJECT_SOURCE_DIR}/${build})
      tb_manifest_error(${manifest} "${name}: build folder '${build}' does not exist")
    endif()
    set(TB_${comp}_${name}_LANGUAGE ${language})
    set(TB_${comp}_${name}_KIND ${kind})
    set(TB_${comp}_${name}_BUILD ${PROJECT_SOURCE_DIR}/${build})
    if(language STREQUAL "rust")
      list(APPEND TB_RUST_CRATES ${PROJECT_SOURCE_DIR}/${build})
    endif()
    if(baseline)
      list(APPEND baselines ${name})
    else()
      list(APPEND impls ${name})
    endif()
  endforeach()
  if(NOT impls)
    tb_manifest_error(${manifest} "has no implementation held to the spec (all are baselines)")
  endif()
  set(TB_${comp}_IMPLS ${impls})
  set(TB_${comp}_BASELINES ${baselines})
endforeach()
list(REMOVE_DUPLICATES TB_RUST_CRATES)
if(NOT TB_COMPONENTS)
  message(FATAL_ERROR "no corpora/*/component.json: no component to build")
endif()

# The target holding <impl> of <comp>: its C library, or the one Rust staticlib.
function(tb_impl_library comp impl out)
  if(TB_${comp}_${impl}_LANGUAGE STREQUAL "rust")
    set(${out} twinbench_rust PARENT_SCOPE)
  else()
    string(REPLACE "-" "_" id ${impl})
    set(${out} tb_${comp}_${id} PARENT_SCOPE)
  endif()
endfunction()

# The macro that lists implementations to a driver, test or benchmark:
#   #define TB_IMPLS_<comp>(X, comp) X(comp, c) X(comp, rust) ...
# each X(comp, impl) names the getter tb_<comp>_<impl>() ('-' becomes '_'). A function-like
# macro cannot go on a compiler's command line, so tb_impls_header writes these lines into
# <dir>/twinbench_impls.h, which twinbench/implementations.h includes.
function(tb_impls_define comp impls out)
  set(items)
  foreach(impl IN LISTS impls)
    string(REPLACE "-" "_" id ${impl})
    string(APPEND items " X(comp, ${id})")
  endforeach()
  set(${out} "#define TB_IMPLS_${comp}(X, comp)${items}\n" PARENT_SCOPE)
endfunction()

# Writes <dir>/twinbench_impls.h from the given #define lines (only when they change) and puts
# <dir> on <target>'s include path.
function(tb_impls_header target dir defines)
  file(CONFIGURE OUTPUT ${dir}/twinbench_impls.h
       CONTENT "// Generated from the component registry (harness/cmake/Registry.cmake).\n${defines}")
  target_include_directories(${target} PRIVATE ${dir})
endfunction()
