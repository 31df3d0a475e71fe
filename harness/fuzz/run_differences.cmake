# ctest helper: every example of a known difference (corpora/<comp>/differences/<kind>[.<n>])
# must be classified as its spec says: the diff binary accepts it (exit 0) and records a
# disagreement of that kind, not a divergence. A rule that stops matching fails here, not in
# the middle of a campaign.
file(GLOB examples ${CORPUS}/differences/*)
if(NOT examples)
  message(FATAL_ERROR "${CORPUS}/differences holds no example")
endif()
foreach(example IN LISTS examples)
  get_filename_component(name ${example} NAME)
  string(REGEX REPLACE "\\..*" "" kind ${name})
  execute_process(COMMAND ${BINARY} -timeout=10 ${example} RESULT_VARIABLE status
                  OUTPUT_VARIABLE out ERROR_VARIABLE out)
  string(FIND "${out}" "TWINBENCH DISAGREEMENT ${COMP} ${kind} " at)
  if(NOT status EQUAL 0 OR at EQUAL -1)
    message(FATAL_ERROR "${name}: ${BINARY} exited ${status} without a disagreement of kind "
                        "${kind}\n${out}")
  endif()
  message(STATUS "${name}: a disagreement of kind ${kind}")
endforeach()
