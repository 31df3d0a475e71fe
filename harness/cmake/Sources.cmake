# Library implementations built from their own sources (the registry's "source", read by
# Registry.cmake). For each such implementation this sets TB_<c>_<impl>_SOURCE_DIR, the folder
# its CMakeLists.txt builds from:
#   debian  ${TB_SOURCES_DIR}/<package>_<upstream>/<patches>, fetched by scripts/fetch-sources
#           when missing (once for every preset: the trees live beside them, outside git)
#   path    the folder named (a user's own library: docs/bring-your-own.md)
# and tb_source_library() below builds one the way OSS-Fuzz build scripts do: the files that
# matter, with this preset's flags and sanitizers, as one object exporting one symbol.

set(TB_SOURCES_DIR "$ENV{TB_SOURCES_DIR}" CACHE PATH "where scripts/fetch-sources puts source trees")
if(NOT TB_SOURCES_DIR)
  set(TB_SOURCES_DIR ${PROJECT_SOURCE_DIR}/build/sources CACHE PATH "" FORCE)
endif()

# Off: components with an implementation from a Debian source package are left out (the
# OSS-Fuzz build on an image that cannot fetch them: .clusterfuzzlite/build.sh).
option(TB_WITH_SOURCES "build the library components, whose C sources come from Debian" ON)
if(NOT TB_WITH_SOURCES)
  foreach(comp IN LISTS TB_COMPONENTS)
    foreach(impl IN LISTS TB_${comp}_IMPLS TB_${comp}_BASELINES)
      if(TB_${comp}_${impl}_SOURCE_KIND STREQUAL "debian")
        list(REMOVE_ITEM TB_COMPONENTS ${comp})
        message(STATUS "TB_WITH_SOURCES=OFF: ${comp} left out (${impl} builds from Debian sources)")
        break()
      endif()
    endforeach()
  endforeach()
endif()

function(tb_source_record pkg upstream out_ok)
  set(record ${TB_SOURCES_DIR}/${pkg}_${upstream}/source.json)
  set(${out_ok} OFF PARENT_SCOPE)
  if(EXISTS ${record})
    file(READ ${record} json)
    string(JSON sha ERROR_VARIABLE err GET "${json}" orig_sha256)
    if(NOT err)
      set(${out_ok} ${sha} PARENT_SCOPE)
    endif()
  endif()
endfunction()

# Every component's sources, not only those built: one library can build with another's (libpng
# with the zlib inflate pins).
set(tb_fetch_needed OFF)
foreach(comp IN LISTS TB_ALL_COMPONENTS)
  foreach(impl IN LISTS TB_${comp}_IMPLS TB_${comp}_BASELINES)
    if(TB_${comp}_${impl}_SOURCE_KIND STREQUAL "debian" AND TB_WITH_SOURCES)
      tb_source_record(${TB_${comp}_${impl}_SOURCE_debian} ${TB_${comp}_${impl}_SOURCE_upstream} sha)
      if(NOT sha STREQUAL TB_${comp}_${impl}_SOURCE_orig_sha256)
        set(tb_fetch_needed ON)
      endif()
    endif()
  endforeach()
endforeach()
if(tb_fetch_needed)
  find_package(Python3 REQUIRED COMPONENTS Interpreter)
  execute_process(COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/scripts/fetch-sources
                          --dir ${TB_SOURCES_DIR}
                  RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    string(STRIP "${err}" err)
    string(REGEX REPLACE ".*\n" "" err "${err}")
    message(FATAL_ERROR "${err}")
  endif()
endif()

foreach(comp IN LISTS TB_ALL_COMPONENTS)
  foreach(impl IN LISTS TB_${comp}_IMPLS TB_${comp}_BASELINES)
    set(kind ${TB_${comp}_${impl}_SOURCE_KIND})
    if(kind STREQUAL "debian" AND TB_WITH_SOURCES)
      set(tree ${TB_SOURCES_DIR}/${TB_${comp}_${impl}_SOURCE_debian}_${TB_${comp}_${impl}_SOURCE_upstream})
      set(TB_${comp}_${impl}_SOURCE_DIR ${tree}/${TB_${comp}_${impl}_SOURCE_patches})
      # A fetch of another Debian revision changes the sources: reconfigure and rebuild.
      set_property(DIRECTORY ${PROJECT_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
                                                                   ${tree}/source.json)
    elseif(kind STREQUAL "path")
      cmake_path(ABSOLUTE_PATH TB_${comp}_${impl}_SOURCE_path BASE_DIRECTORY ${PROJECT_SOURCE_DIR}
                 OUTPUT_VARIABLE dir)
      if(NOT IS_DIRECTORY ${dir})
        message(FATAL_ERROR "corpora/${comp}/component.json: ${impl}: source path ${dir} does not exist")
      endif()
      set(TB_${comp}_${impl}_SOURCE_DIR ${dir})
    endif()
  endforeach()
endforeach()

# tb_source_library(<target> DIR <source tree> FILES <file>... GLUE <our file>...
#                   [INCLUDES <dir>...] [DEFINES <def>...] [LIBRARY_DEFINES <def>...])
# Builds <target> (a static library) from FILES of someone else's library — relative to DIR
# (or absolute: a library it needs), this preset's flags and sanitizers, its own warnings
# silenced; a header among them is a single-header library, compiled as C with its
# implementation switched on by LIBRARY_DEFINES — and GLUE, our code that fills the contract's
# table (the twins' warnings, as errors). DEFINES reach both. Everything is linked into one object in
# which only the getter tb_<comp>_<impl> stays global, so two builds of one library (upstream and
# Debian-patched), or a library and the system's copy of it, can share a binary.
function(tb_source_library target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "DIR" "FILES;GLUE;INCLUDES;DEFINES;LIBRARY_DEFINES")
  set(sources)
  foreach(f IN LISTS arg_FILES)
    cmake_path(ABSOLUTE_PATH f BASE_DIRECTORY ${arg_DIR})
    if(NOT EXISTS ${f})
      message(FATAL_ERROR "${target}: ${f} does not exist (another upstream version?)")
    endif()
    if(f MATCHES "\\.h$")
      set_source_files_properties(${f} PROPERTIES LANGUAGE C COMPILE_OPTIONS "-xc")
    endif()
    list(APPEND sources ${f})
  endforeach()
  set(includes ${arg_DIR} ${arg_INCLUDES})
  add_library(${target}_upstream OBJECT ${sources})
  target_include_directories(${target}_upstream PRIVATE ${includes})
  target_compile_definitions(${target}_upstream PRIVATE ${arg_DEFINES} ${arg_LIBRARY_DEFINES})
  target_compile_options(${target}_upstream PRIVATE -w)
  set_target_properties(${target}_upstream PROPERTIES C_STANDARD 99 C_EXTENSIONS ON)
  add_library(${target}_glue OBJECT ${arg_GLUE})
  target_include_directories(${target}_glue PRIVATE ${includes})
  target_compile_definitions(${target}_glue PRIVATE ${arg_DEFINES})
  target_link_libraries(${target}_glue PRIVATE twinbench_contract)
  target_compile_options(${target}_glue PRIVATE -Wall -Wextra -Werror -Wshadow)

  # What was built, for the report's census of each library (twinbench report: field evidence).
  # One line per file: "library <path>" (theirs) or "glue <path>" (ours).
  list(TRANSFORM sources PREPEND "library " OUTPUT_VARIABLE listed)
  list(TRANSFORM arg_GLUE PREPEND "glue " OUTPUT_VARIABLE glue)
  list(APPEND listed ${glue})
  list(JOIN listed "\n" listed)
  file(CONFIGURE OUTPUT ${CMAKE_BINARY_DIR}/built-sources/${target}.txt CONTENT "${listed}\n")

  set(combined ${CMAKE_CURRENT_BINARY_DIR}/${target}.o)
  add_custom_command(
    OUTPUT ${combined}
    COMMAND ${CMAKE_C_COMPILER} -r -nostdlib -o ${combined}.all
            $<TARGET_OBJECTS:${target}_upstream> $<TARGET_OBJECTS:${target}_glue>
    # The sanitizers' and profilers' own symbols stay global: ASan's __asan_globals_registered
    # must be the binary's one flag, or every module's globals are registered twice.
    COMMAND ${CMAKE_OBJCOPY} --wildcard --keep-global-symbol=${target}
            --keep-global-symbol=__asan* --keep-global-symbol=___asan* --keep-global-symbol=__sancov*
            --keep-global-symbol=__llvm* --keep-global-symbol=__prof* ${combined}.all ${combined}
    DEPENDS ${target}_upstream ${target}_glue $<TARGET_OBJECTS:${target}_upstream>
            $<TARGET_OBJECTS:${target}_glue>
    COMMAND_EXPAND_LISTS
    COMMENT "${target}: one object, only ${target} global")
  set_source_files_properties(${combined} PROPERTIES EXTERNAL_OBJECT ON GENERATED ON)
  add_library(${target} STATIC ${combined})
  set_target_properties(${target} PROPERTIES LINKER_LANGUAGE C)
endfunction()
