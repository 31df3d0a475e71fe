# ctest helper: the binaries built from the normal (not bug) twins hold no seeded bug. Every bug
# site calls its canary with the bug's id (docs/bugs.md), so a binary that compiled one holds the
# id as a string and a reference to tb_canary; this fails if any binary holds either.
#   cmake -DBINARIES=a;b -DBUGS=id;id -P check_no_bug_code.cmake
cmake_minimum_required(VERSION 3.25) # the list policies
list(JOIN BUGS "|" ids)
foreach(binary IN LISTS BINARIES)
  if(NOT EXISTS ${binary})
    message(FATAL_ERROR "${binary} is not built")
  endif()
  # grep, not file(STRINGS): one pass over each binary in C rather than CMake's regex per string
  # (the difference is half a minute of the test command).
  execute_process(COMMAND grep -aoE "tb_canary|${ids}" ${binary} OUTPUT_VARIABLE hits
                  RESULT_VARIABLE status)
  if(status EQUAL 0)
    string(REPLACE "\n" ";" hits "${hits}")
    list(REMOVE_ITEM hits "")
    list(REMOVE_DUPLICATES hits)
    message(FATAL_ERROR "${binary} holds seeded-bug code: ${hits}")
  elseif(NOT status EQUAL 1)
    message(FATAL_ERROR "grep could not read ${binary} (status ${status})")
  endif()
endforeach()
list(LENGTH BINARIES binary_count)
list(LENGTH BUGS bug_count)
message(STATUS "${binary_count} binaries, none holds tb_canary or any of ${bug_count} bug ids")
