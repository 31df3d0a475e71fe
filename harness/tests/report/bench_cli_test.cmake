# End to end through the real binaries: `twinbench bench` stores two short runs, `bench
# --compare` judges them, `twinbench report` writes the report from that store, and a
# taken run name or an unknown one is one clear error. Run by ctest in the bench preset.
#   cmake -DTWINBENCH=<cli> -DROOT=<checkout> -DWORK=<scratch dir> -P bench_cli_test.cmake
# Run names are ctest-*: their logs go to reports/bench/<name>/ of the checkout; removed at the end.
set(runs ctest-old ctest-new ctest-count-a ctest-count-b)
list(TRANSFORM runs PREPEND ${ROOT}/reports/bench/ OUTPUT_VARIABLE run_dirs)
file(REMOVE_RECURSE ${WORK} ${run_dirs})
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

set(quick --components base64 --repetitions 3 --min-time 0.001 --db ${db})
# Two runs of the binary: verdicts across them; then one run: verdicts labelled as within it.
twinbench(0 "base64/encode/1 MiB .* ((Rust|C) faster|no measurable difference).*2 runs: MB/s is the geometric mean"
          bench ${quick} --runs 2 --name ctest-old)
twinbench(0 "within one run.*bench ctest-new done" bench ${quick} --runs 1 --name ctest-new --pin 0)
twinbench(2 "twinbench: benchmark run 'ctest-new' already exists" bench ${quick} --name ctest-new)
twinbench(2 "twinbench: benchmark run name 'a`b' is not a plain name" bench ${quick} --name a`b)
twinbench(0 "one run on a side: .*48 cases compared" bench --compare ctest-old ctest-new
          --db ${db})
# Two runs of the binary on both sides (a run against itself): Welch over the runs' medians.
twinbench(0 "Welch's t-test of the runs' log medians.*48 cases compared, 0 slower" bench
          --compare ctest-old ctest-old --db ${db})
twinbench(2 "twinbench: no benchmark run 'nope'" bench --compare ctest-old nope --db ${db})
twinbench(0 "report.json" report --bench ctest-new --format html,md,json --out ${WORK}/report
          --db ${db})
file(READ ${WORK}/report/report.json model)
string(JSON repetitions GET "${model}" benchmarks run repetitions)
string(JSON binary_runs GET "${model}" benchmarks runs)
if(NOT repetitions EQUAL 3 OR NOT binary_runs EQUAL 1)
  message(FATAL_ERROR "report.json says ${binary_runs} run(s) of ${repetitions} repetitions, "
                      "the benchmark had 1 of 3")
endif()

# Instruction counts: two runs of one build count exactly the same (threshold 0), a timed run
# and a counted one do not compare, and the report shows the counts beside the times.
set(counting --measure instructions --components base64 --db ${db})
twinbench(0 "Rust/C instr.*base64/encode/1 MiB" bench ${counting} --name ctest-count-a)
twinbench(0 "bench ctest-count-b done" bench ${counting} --name ctest-count-b)
twinbench(0 "48 cases compared, 0 execute more instructions" bench --compare ctest-count-a
          ctest-count-b --threshold 0 --fail-on-regression --db ${db})
if(last_output MATCHES "fewer instructions")
  message(FATAL_ERROR "two instruction counts of one build differ:\n${last_output}")
endif()
twinbench(2 "twinbench: benchmark run 'ctest-old' measured time and 'ctest-count-a' instructions"
          bench --compare ctest-old ctest-count-a --db ${db})
twinbench(2 "twinbench: benchmark run 'ctest-count-a' measured instructions: pass it as "
          report --bench ctest-count-a --format json --out ${WORK}/wrong --db ${db})
twinbench(0 "report.json" report --bench ctest-new --instructions ctest-count-b --format json
          --out ${WORK}/counted --db ${db})
file(READ ${WORK}/counted/report.json model)
string(JSON counted_cases LENGTH "${model}" instructions cases)
if(NOT counted_cases EQUAL 9)
  message(FATAL_ERROR "report.json has ${counted_cases} counted base64 cases, expected 9")
endif()
# Both reports of benchmarks only follow the schema the repository keeps.
foreach(report ${WORK}/report/report.json ${WORK}/counted/report.json)
  execute_process(COMMAND ${ROOT}/scripts/check-report-schema ${report} RESULT_VARIABLE code
                  OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "${report} does not follow its schema:\n${out}")
  endif()
endforeach()
file(REMOVE_RECURSE ${run_dirs})
