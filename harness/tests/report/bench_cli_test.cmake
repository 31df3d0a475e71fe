# End to end through the real binaries: `twinbench bench` stores two short runs, `bench
# --compare` judges them, `twinbench report` writes the report from that store, and a
# taken run name or an unknown one is one clear error. Run by ctest in the bench preset.
#   cmake -DTWINBENCH=<cli> -DROOT=<checkout> -DWORK=<scratch dir> -P bench_cli_test.cmake
# Run names are ctest-*: their logs go to reports/bench/<name>/ of the checkout; removed at the end.
file(REMOVE_RECURSE ${WORK} ${ROOT}/reports/bench/ctest-old ${ROOT}/reports/bench/ctest-new)
file(MAKE_DIRECTORY ${WORK})
set(db ${WORK}/store.db)

function(twinbench expect_code expect_output)
  execute_process(COMMAND ${TWINBENCH} --root ${ROOT} ${ARGN} RESULT_VARIABLE code
                  OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code EQUAL expect_code)
    message(FATAL_ERROR "twinbench ${ARGN}: exit ${code}, expected ${expect_code}\n${out}${err}")
  endif()
  if(NOT "${out}${err}" MATCHES "${expect_output}")
    message(FATAL_ERROR "twinbench ${ARGN}: output lacks '${expect_output}':\n${out}${err}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

set(quick --components base64 --repetitions 10 --min-time 0.001 --db ${db})
twinbench(0 "base64/encode/1 MiB .* (Rust|C) faster|no significant difference" bench ${quick}
          --name ctest-old)
twinbench(0 "bench ctest-new done" bench ${quick} --name ctest-new --pin 0)
twinbench(2 "twinbench: benchmark run 'ctest-new' already exists" bench ${quick} --name ctest-new)
twinbench(2 "twinbench: benchmark run name 'a`b' is not a plain name" bench ${quick} --name a`b)
twinbench(0 "30 cases compared" bench --compare ctest-old ctest-new --db ${db})
twinbench(2 "twinbench: no benchmark run 'nope'" bench --compare ctest-old nope --db ${db})
twinbench(0 "report.json" report --bench ctest-new --format html,md,json --out ${WORK}/report
          --db ${db})
file(READ ${WORK}/report/report.json model)
string(JSON repetitions GET "${model}" benchmarks run repetitions)
if(NOT repetitions EQUAL 10)
  message(FATAL_ERROR "report.json says ${repetitions} repetitions, the run had 10")
endif()
file(REMOVE_RECURSE ${ROOT}/reports/bench/ctest-old ${ROOT}/reports/bench/ctest-new)
