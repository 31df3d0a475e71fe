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
#                   [INCLUDES <dir>...] [DEFINES <def>...] [LIBRARY_DEFINES <def>...]
#                   [GLUE_DEFINES <def>...])
# Builds <target> (a static library) from FILES of someone else's library — relative to DIR
# (or absolute: a library it needs), this preset's flags and sanitizers, its own warnings
# silenced; a header among them is a single-header library, compiled as C with its
# implementation switched on by LIBRARY_DEFINES — and GLUE, our code that fills the contract's
# table (the twins' warnings, as errors). DEFINES reach both, GLUE_DEFINES (the getter's and the
# table's names) only the glue. Everything is linked into one object in which only the getter
# tb_<comp>_<impl> stays global, so two builds of one library (upstream and Debian-patched), or a
# library and the system's copy of it, can share a binary.
#
# Each library file is compiled once per preset and flag set (tb_library_object), however many
# implementations link it: libpng (both builds) links the zlib objects inflate is built from. A
# Debian-patched tree's files are compiled from that tree, even those its patches leave alone:
# a crash's frames then name the build it happened in (fuzz/triage.cc signs library frames with
# their tree), so one bug in both builds stays two crashes, each its build's.
function(tb_source_library target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "DIR"
                        "FILES;GLUE;INCLUDES;DEFINES;LIBRARY_DEFINES;GLUE_DEFINES")
  set(objects)
  set(object_targets)
  set(listed)
  foreach(f IN LISTS arg_FILES)
    cmake_path(ABSOLUTE_PATH f BASE_DIRECTORY ${arg_DIR})
    if(NOT EXISTS ${f})
      message(FATAL_ERROR "${target}: ${f} does not exist (another upstream version?)")
    endif()
    cmake_path(IS_PREFIX arg_DIR ${f} NORMALIZE inside)
    if(inside)
      list(APPEND listed "library ${f}")
      set(includes ${arg_DIR} ${arg_INCLUDES})
    else()
      list(APPEND listed "dependency ${f}")
      # Another library's file (libpng's zlib): compiled as that library's build compiles it,
      # with its own folder, so it is the same compile as that library's own component's.
      get_filename_component(includes ${f} DIRECTORY)
    endif()
    tb_library_object(${f} "${includes}" "${arg_DEFINES};${arg_LIBRARY_DEFINES}" object)
    list(APPEND objects $<TARGET_OBJECTS:${object}>)
    list(APPEND object_targets ${object})
  endforeach()
  add_library(${target}_glue OBJECT ${arg_GLUE})
  target_include_directories(${target}_glue PRIVATE ${arg_DIR} ${arg_INCLUDES})
  target_compile_definitions(${target}_glue PRIVATE ${arg_DEFINES} ${arg_GLUE_DEFINES})
  target_link_libraries(${target}_glue PRIVATE twinbench_contract)
  target_compile_options(${target}_glue PRIVATE -Wall -Wextra -Werror -Wshadow)

  # What was built, for the report's census of each library (twinbench report: field evidence).
  # One line per file: "library <path>" (theirs, as named: the patched tree's path),
  # "dependency <path>" (another library's file compiled in, libpng's zlib: not the library's
  # own, as a crate's dependencies are not the crate's) or "glue <path>" (ours).
  list(TRANSFORM arg_GLUE PREPEND "glue " OUTPUT_VARIABLE glue)
  list(APPEND listed ${glue})
  list(JOIN listed "\n" listed)
  file(CONFIGURE OUTPUT ${CMAKE_BINARY_DIR}/built-sources/${target}.txt CONTENT "${listed}\n")

  set(combined ${CMAKE_CURRENT_BINARY_DIR}/${target}.o)
  add_custom_command(
    OUTPUT ${combined}
    COMMAND ${CMAKE_C_COMPILER} -r -nostdlib -o ${combined}.all ${objects}
            $<TARGET_OBJECTS:${target}_glue>
    # The sanitizers' and profilers' own symbols stay global: ASan's __asan_globals_registered
    # must be the binary's one flag, or every module's globals are registered twice.
    COMMAND ${CMAKE_OBJCOPY} --wildcard --keep-global-symbol=${target}
            --keep-global-symbol=__asan* --keep-global-symbol=___asan* --keep-global-symbol=__sancov*
            --keep-global-symbol=__llvm* --keep-global-symbol=__prof* ${combined}.all ${combined}
    DEPENDS ${target}_glue ${object_targets} ${objects} $<TARGET_OBJECTS:${target}_glue>
    COMMAND_EXPAND_LISTS
    COMMENT "${target}: one object, only ${target} global")
  set_source_files_properties(${combined} PROPERTIES EXTERNAL_OBJECT ON GENERATED ON)
  add_library(${target} STATIC ${combined})
  set_target_properties(${target} PROPERTIES LINKER_LANGUAGE C)
endfunction()

# An object library compiling <file> with <includes> and <defines>, made on the first call and
# shared by every later call with the same three (sets <out> to its target).
function(tb_library_object file includes defines out)
  string(SHA1 key "${file}|${includes}|${defines}")
  string(SUBSTRING ${key} 0 16 key)
  get_filename_component(name ${file} NAME_WE)
  string(MAKE_C_IDENTIFIER ${name} name)
  set(target tb_src_${name}_${key})
  if(NOT TARGET ${target})
    add_library(${target} OBJECT ${file})
    if(file MATCHES "\\.h$")
      set_source_files_properties(${file} TARGET_DIRECTORY ${target}
                                  PROPERTIES LANGUAGE C COMPILE_OPTIONS "-xc")
    endif()
    target_include_directories(${target} PRIVATE ${includes})
    target_compile_definitions(${target} PRIVATE ${defines})
    target_compile_options(${target} PRIVATE -w)
    set_target_properties(${target} PROPERTIES C_STANDARD 99 C_EXTENSIONS ON)
  endif()
  set(${out} ${target} PARENT_SCOPE)
endfunction()
