# ctest helper: the benchmark binary's implementations are the registry's. Every case
# <comp>/<case>/<size>/<impl> names an implementation of <comp>'s manifest (or is rust-native,
# the rust implementation's native loop), and every implementation a manifest lists (baselines
# included) has at least one case.
#   cmake -DBENCH=<twinbench_bench> -DREGISTRY=<the registry's registry.cmake> -P check_registry.cmake
cmake_minimum_required(VERSION 3.25) # IN_LIST
execute_process(COMMAND ${BENCH} --benchmark_list_tests=true OUTPUT_VARIABLE listing
                RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${BENCH} --benchmark_list_tests failed (${status})")
endif()
# (A case measured by the process's CPU time or wall time is listed as <case>/process_time or
# <case>/real_time: cases.h, Timing.)
string(REPLACE "/process_time\n" "\n" listing "${listing}")
string(REPLACE "/real_time\n" "\n" listing "${listing}")
string(REPLACE "\n" ";" cases "${listing}")
include(${REGISTRY})
set(problems)
foreach(comp IN LISTS TB_COMPONENTS)
  set(registered ${TB_${comp}_IMPLS} ${TB_${comp}_BASELINES})
  set(seen)
  foreach(case IN LISTS cases)
    if(case MATCHES "^${comp}/[^/]+/[^/]+/(.+)$")
      set(impl ${CMAKE_MATCH_1})
      list(APPEND seen ${impl})
      # c-native and rust-native are not implementations: the c and rust ones, each looped in
      # its own language (twinbench/native_loops.h).
      if((impl STREQUAL "c-native" AND "c" IN_LIST registered) OR
         (impl STREQUAL "rust-native" AND "rust" IN_LIST registered))
        continue()
      endif()
      if(NOT impl IN_LIST registered)
        list(APPEND problems "${case}: '${impl}' is not in corpora/${comp}/component.json")
      endif()
    endif()
  endforeach()
  foreach(impl IN LISTS registered)
    if(NOT impl IN_LIST seen)
      list(APPEND problems "${comp}/${impl} is registered but has no benchmark case")
    endif()
  endforeach()
endforeach()
if(problems)
  list(JOIN problems "\n  " text)
  message(FATAL_ERROR "benchmarks and registry disagree:\n  ${text}")
endif()
message(STATUS "every benchmark implementation is registered, and every registered one runs")
