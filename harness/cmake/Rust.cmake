# Builds Rust staticlibs with cargo and exposes them as imported CMake targets.
#   dev:   stable, debug profile
#   bench: stable, release profile (lto, codegen-units=1, panic=abort)
#   fuzz:  nightly with sancov + ASan; without nightly, stable with sancov only (no ASan in
#          Rust), recorded in TB_RUST_ASAN so that reports can say so.
# The twins' staticlib is `twinbench_rust` (targets_rust/ffi); the test-only crashers use the
# same function.

set(TB_RUST_DIR ${PROJECT_SOURCE_DIR}/targets_rust)
set(TB_RUST_TRIPLE x86_64-unknown-linux-gnu)
find_program(TB_CARGO cargo HINTS $ENV{HOME}/.cargo/bin REQUIRED)

set(TB_RUST_TOOLCHAIN stable)
set(TB_RUSTFLAGS "")
set(TB_RUST_ASAN OFF)
if(TB_MODE STREQUAL "fuzz")
  execute_process(COMMAND ${TB_CARGO} +nightly --version RESULT_VARIABLE nightly_missing
                  OUTPUT_QUIET ERROR_QUIET)
  set(TB_RUSTFLAGS
      -Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4
      -Cllvm-args=-sanitizer-coverage-inline-8bit-counters
      -Cllvm-args=-sanitizer-coverage-pc-table -Cllvm-args=-sanitizer-coverage-trace-compares
      -Cllvm-args=-sanitizer-coverage-stack-depth -Cdebug-assertions -Cforce-frame-pointers
      --cfg fuzzing)
  if(nightly_missing)
    message(WARNING "No nightly Rust toolchain: the Rust fuzz targets get coverage but no "
                    "AddressSanitizer (install it: rustup toolchain install nightly)")
  else()
    set(TB_RUST_TOOLCHAIN nightly)
    list(APPEND TB_RUSTFLAGS -Zsanitizer=address)
    set(TB_RUST_ASAN ON)
  endif()
  set(TB_CARGO_PROFILE fuzz)
  set(TB_CARGO_PROFILE_DIR fuzz)
elseif(TB_MODE STREQUAL "bench")
  set(TB_CARGO_PROFILE release)
  set(TB_CARGO_PROFILE_DIR release)
else()
  set(TB_CARGO_PROFILE dev)
  set(TB_CARGO_PROFILE_DIR debug)
endif()

# tb_rust_staticlib(<target> <workspace dir> <package> <lib name>)
function(tb_rust_staticlib target workspace package lib)
  set(target_dir ${CMAKE_BINARY_DIR}/cargo-${target})
  set(output ${target_dir}/${TB_RUST_TRIPLE}/${TB_CARGO_PROFILE_DIR}/lib${lib}.a)
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${workspace}/*.rs ${workspace}/*.toml)
  list(FILTER sources EXCLUDE REGEX "/target/")
  list(JOIN TB_RUSTFLAGS " " rustflags)
  # cargo reads <workspace>/.cargo/config.toml (the Debian source replacement) from its cwd;
  # --target keeps RUSTFLAGS away from build scripts and proc macros.
  add_custom_command(
    OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -E env "RUSTFLAGS=${rustflags}" "CARGO_TARGET_DIR=${target_dir}"
            ${TB_CARGO} +${TB_RUST_TOOLCHAIN} build --quiet --locked --offline
            --manifest-path ${workspace}/Cargo.toml -p ${package}
            --profile ${TB_CARGO_PROFILE} --target ${TB_RUST_TRIPLE}
    DEPENDS ${sources}
    WORKING_DIRECTORY ${workspace}
    COMMENT "cargo +${TB_RUST_TOOLCHAIN} build (${TB_CARGO_PROFILE}) ${package}"
    USES_TERMINAL VERBATIM)
  add_custom_target(${target}_build DEPENDS ${output})
  add_library(${target} STATIC IMPORTED GLOBAL)
  set_target_properties(${target} PROPERTIES IMPORTED_LOCATION ${output})
  target_link_libraries(${target} INTERFACE Threads::Threads ${CMAKE_DL_LIBS} m)
  add_dependencies(${target} ${target}_build)
endfunction()

find_package(Threads REQUIRED)
tb_rust_staticlib(twinbench_rust ${TB_RUST_DIR} twinbench-ffi twinbench_rust)

# What this build is, for the results store's environment record.
string(TOUPPER "${CMAKE_BUILD_TYPE}" build_type)
string(JOIN " " tb_c_flags ${CMAKE_C_FLAGS} ${CMAKE_C_FLAGS_${build_type}} ${TB_SANITIZE})
if(TB_MODE STREQUAL "fuzz")
  string(APPEND tb_c_flags " -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link")
endif()
list(JOIN TB_RUSTFLAGS " " tb_rustflags_string)
if(TB_RUST_ASAN)
  set(tb_rust_asan_json true)
else()
  set(tb_rust_asan_json false)
endif()
file(WRITE ${CMAKE_BINARY_DIR}/build-info.json
"{\n  \"mode\": \"${TB_MODE}\",\n  \"c_compiler\": \"${CMAKE_C_COMPILER} ${CMAKE_C_COMPILER_VERSION}\",\n  \"c_flags\": \"${tb_c_flags}\",\n  \"rust_toolchain\": \"${TB_RUST_TOOLCHAIN}\",\n  \"rust_profile\": \"${TB_CARGO_PROFILE}\",\n  \"rustflags\": \"${tb_rustflags_string}\",\n  \"rust_asan\": ${tb_rust_asan_json}\n}\n")
