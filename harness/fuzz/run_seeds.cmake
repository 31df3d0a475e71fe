# ctest helper: runs one fuzz binary over corpora/<comp>/seeds plus RUNS generated inputs in a
# fresh scratch corpus, and fails on any finding that is not one of the component's known bugs.
if(NOT MAX_LEN)
  set(MAX_LEN 4096)
endif()
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/corpus ${WORK}/artifacts)
execute_process(
  COMMAND ${BINARY} -runs=${RUNS} -seed=1 -timeout=${TIMEOUT} -rss_limit_mb=${RSS_LIMIT_MB} -max_len=${MAX_LEN}
          -dict=${CORPUS}/${COMP}.dict -artifact_prefix=${WORK}/artifacts/
          -print_final_stats=1 ${WORK}/corpus ${CORPUS}/seeds
  RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE out)
file(GLOB findings ${WORK}/artifacts/*)
if(NOT status EQUAL 0 OR findings)
  # A library's known bug (corpora/<comp>/known_bugs.json) is an expected finding.
  include(${CMAKE_CURRENT_LIST_DIR}/known_bugs.cmake)
  tb_known_bugs(${COMP} known)
  foreach(id IN LISTS known_IDS)
    string(FIND "${out}" "${known_${id}_EXPECT}" at)
    get_filename_component(name ${BINARY} NAME)
    # Its own target finds it, and so can the diff, which runs every implementation.
    if(NOT at EQUAL -1 AND (name STREQUAL "fuzz_${COMP}_${known_${id}_TARGET}"
                            OR name STREQUAL "fuzz_${COMP}_diff"))
      message(STATUS "${BINARY}: found the known bug ${id} (an expected finding): ${findings}")
      return()
    endif()
  endforeach()
  message(FATAL_ERROR "${BINARY} found something (exit ${status}): ${findings}\n${out}")
endif()
string(REGEX MATCH "stat::number_of_executed_units: [0-9]+" executed "${out}")
message(STATUS "${BINARY}: no finding; ${executed}")
