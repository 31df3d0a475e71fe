# ctest helper: every known bug of COMP (corpora/<comp>/known_bugs.json) must still be found by
# its fuzz binary on its witness: the binary fails and prints the expected finding. The day a
# library fixes one, this fails and the entry is updated, not silently kept.
include(${CMAKE_CURRENT_LIST_DIR}/known_bugs.cmake)
tb_known_bugs(${COMP} known)
if(NOT known_IDS)
  message(FATAL_ERROR "corpora/${COMP}/known_bugs.json lists no bug")
endif()
foreach(id IN LISTS known_IDS)
  set(binary ${BIN_DIR}/fuzz_${COMP}_${known_${id}_TARGET})
  # -timeout: a known hang is a finding of libFuzzer's timeout, as in a campaign.
  # -malloc_limit_mb: an allocation bug is caught at its malloc, every time; the RSS limit that
  # catches it in a campaign is sampled once a second and can miss a short run.
  execute_process(COMMAND ${binary} -timeout=10 -malloc_limit_mb=1024 ${known_${id}_WITNESS}
                  RESULT_VARIABLE status
                  OUTPUT_VARIABLE out ERROR_VARIABLE out)
  string(FIND "${out}" "${known_${id}_EXPECT}" at)
  if(status EQUAL 0 OR at EQUAL -1)
    message(FATAL_ERROR "known bug ${id}: ${binary} on its witness exited ${status} without "
                        "\"${known_${id}_EXPECT}\"\n${out}")
  endif()
  message(STATUS "known bug ${id}: reproduced by fuzz_${COMP}_${known_${id}_TARGET}")
endforeach()
