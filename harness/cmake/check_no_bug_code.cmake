# ctest helper: the binaries built from the normal (not bug) twins hold no seeded bug. Every bug
# site calls its canary with the bug's id (docs/bugs.md), so a binary that compiled one holds the
# id as a string and a reference to tb_canary; this fails if any binary holds either.
#   cmake -DBINARIES=a;b -DBUGS=id;id -P check_no_bug_code.cmake
list(JOIN BUGS "|" ids)
foreach(binary IN LISTS BINARIES)
  if(NOT EXISTS ${binary})
    message(FATAL_ERROR "${binary} is not built")
  endif()
  file(STRINGS ${binary} hits REGEX "tb_canary|${ids}")
  if(hits)
    list(REMOVE_DUPLICATES hits)
    message(FATAL_ERROR "${binary} holds seeded-bug code: ${hits}")
  endif()
endforeach()
list(LENGTH BINARIES binary_count)
list(LENGTH BUGS bug_count)
message(STATUS "${binary_count} binaries, none holds tb_canary or any of ${bug_count} bug ids")
