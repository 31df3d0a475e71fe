# A unity build compiles a target's sources in batches, each batch one translation unit, which
# cuts the compile time of the CLI and its tests by about two thirds. A name two of the sources
# define file-locally (an anonymous namespace, `static`) is then two definitions in one unit --
# a compile error or a silent overload -- but only when CMake batches those two sources
# together: a file added or moved would break an unrelated build. So every unity target is also
# a test that no file-local name is defined in two of its sources (scripts/check-unity-names).
function(tb_unity_build target)
  set_target_properties(${target} PROPERTIES UNITY_BUILD ON)
  get_target_property(sources ${target} SOURCES)
  get_target_property(dir ${target} SOURCE_DIR)
  list(FILTER sources INCLUDE REGEX "\\.cc$")
  list(TRANSFORM sources PREPEND ${dir}/ REGEX "^[^/]")
  # The check reads the sources, which every preset batches alike: the bench preset, whose tests
  # scripts/test runs beside the fuzz preset's, does not define it a second time.
  if(NOT TB_MODE STREQUAL "bench")
    add_test(NAME build.file_local_names_are_unique_in_${target}
             COMMAND ${PROJECT_SOURCE_DIR}/scripts/check-unity-names ${sources})
  endif()
endfunction()
