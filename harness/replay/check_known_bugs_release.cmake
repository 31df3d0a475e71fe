# ctest helper: every known bug of COMP that is a panic of an overflow check (class
# "panic (overflow check)" in corpora/<comp>/known_bugs.json) does not panic in a release build,
# where overflow checks are off: its witness, replayed by replay_<comp>_<impl> (bench preset),
# runs to its end. Prints what the release build returns instead: what a shipped binary does.
include(${CMAKE_CURRENT_LIST_DIR}/../fuzz/known_bugs.cmake)
tb_known_bugs(${COMP} known)
set(checked 0)
foreach(id IN LISTS known_IDS)
  if(NOT known_${id}_CLASS STREQUAL "panic (overflow check)")
    continue()
  endif()
  set(impl ${known_${id}_IMPLEMENTATION})
  set(binary ${BIN_DIR}/replay_${COMP}_${impl})
  execute_process(COMMAND ${binary} ${known_${id}_WITNESS} RESULT_VARIABLE status
                  OUTPUT_VARIABLE out ERROR_VARIABLE err)
  string(FIND "${out}" "TWINBENCH REPLAY DONE" done)
  if(NOT status EQUAL 0 OR done EQUAL -1)
    message(FATAL_ERROR "known bug ${id}: the release replay ${binary} did not run to its end "
                        "(exit ${status}): it panics without overflow checks too?\n${out}${err}")
  endif()
  string(REGEX MATCH "TWINBENCH VALUE decompress.class[^\n]*" result "${out}")
  string(REPLACE "\t" " " result "${result}")
  message(STATUS "known bug ${id}: no panic in a release build; it returns: ${result}")
  math(EXPR checked "${checked} + 1")
endforeach()
message(STATUS "${COMP}: ${checked} overflow-check panic(s) replayed in release")
