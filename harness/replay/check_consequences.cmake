# ctest helper: `twinbench consequences` on bugs whose release outcome depends neither on the
# allocator nor on the stack, each of which must come out as the expected outcome, with the
# canary triggered in every replay that ran.
#   cmake -DTWINBENCH=... -DDB=... -P check_consequences.cmake
cmake_minimum_required(VERSION 3.25) # IN_LIST
set(expected
    "base64-tail-write c memory-corruption" "base64-tail-write rust panic"
    "http1-chunk-data-overread c data-leak" "http1-chunk-data-overread rust panic"
    "base64-length-from-input c data-leak" "base64-length-from-input rust data-leak"
    "ringbuf-resize-use-after-free rust compile-error"
    # inside `unsafe`, Rust does what C does
    "ringbuf-copy-past-wrap c memory-corruption" "ringbuf-copy-past-wrap rust memory-corruption")
file(REMOVE ${DB})
execute_process(
  COMMAND ${TWINBENCH} consequences base64-tail-write http1-chunk-data-overread
          base64-length-from-input ringbuf-resize-use-after-free ringbuf-copy-past-wrap --json
          --db ${DB}
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "twinbench consequences failed (${status}): ${err}")
endif()
string(JSON count LENGTH "${out}")
math(EXPR last "${count} - 1")
set(seen)
foreach(i RANGE ${last})
  string(JSON bug GET "${out}" ${i} bug)
  string(JSON side GET "${out}" ${i} side)
  string(JSON outcome GET "${out}" ${i} outcome)
  string(JSON triggered GET "${out}" ${i} triggered)
  list(APPEND seen "${bug} ${side} ${outcome}")
  if(NOT outcome STREQUAL "compile-error" AND NOT triggered)
    message(FATAL_ERROR "${bug} ${side}: the witness did not trigger the canary in the release build")
  endif()
endforeach()
foreach(want IN LISTS expected)
  if(NOT want IN_LIST seen)
    message(FATAL_ERROR "expected '${want}', got: ${seen}")
  endif()
endforeach()
message(STATUS "consequences as expected: ${seen}")
