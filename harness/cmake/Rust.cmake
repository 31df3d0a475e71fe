# Builds targets_rust/ffi (the one staticlib that re-exports every Rust twin) with cargo and
# exposes it as the imported target `twinbench_rust`.
#   dev:   stable, debug profile
#   bench: stable, release profile (lto, codegen-units=1, panic=abort)
#   fuzz:  nightly with sancov + ASan; without nightly, stable with sancov only (no ASan in
#          Rust), recorded in TB_RUST_ASAN so that reports can say so.

set(TB_RUST_DIR ${PROJECT_SOURCE_DIR}/targets_rust)
set(TB_CARGO_TARGET_DIR ${CMAKE_BINARY_DIR}/cargo)
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
  set(cargo_profile fuzz)
  set(profile_dir fuzz)
elseif(TB_MODE STREQUAL "bench")
  set(cargo_profile release)
  set(profile_dir release)
else()
  set(cargo_profile dev)
  set(profile_dir debug)
endif()
list(JOIN TB_RUSTFLAGS " " rustflags_string)

set(TB_RUST_LIB ${TB_CARGO_TARGET_DIR}/${TB_RUST_TRIPLE}/${profile_dir}/libtwinbench_rust.a)
file(GLOB_RECURSE rust_sources CONFIGURE_DEPENDS ${TB_RUST_DIR}/*.rs ${TB_RUST_DIR}/*.toml)
list(FILTER rust_sources EXCLUDE REGEX "/target/")

# --target keeps RUSTFLAGS away from build scripts and proc macros.
add_custom_command(
  OUTPUT ${TB_RUST_LIB}
  COMMAND ${CMAKE_COMMAND} -E env "RUSTFLAGS=${rustflags_string}"
          "CARGO_TARGET_DIR=${TB_CARGO_TARGET_DIR}"
          ${TB_CARGO} +${TB_RUST_TOOLCHAIN} build --quiet --locked --offline
          --manifest-path ${TB_RUST_DIR}/Cargo.toml -p twinbench-ffi
          --profile ${cargo_profile} --target ${TB_RUST_TRIPLE}
  DEPENDS ${rust_sources}
  # cargo reads targets_rust/.cargo/config.toml (the Debian source replacement) from its cwd.
  WORKING_DIRECTORY ${TB_RUST_DIR}
  COMMENT "cargo +${TB_RUST_TOOLCHAIN} build (${cargo_profile}) targets_rust/ffi"
  USES_TERMINAL VERBATIM)
add_custom_target(twinbench_rust_build DEPENDS ${TB_RUST_LIB})

add_library(twinbench_rust STATIC IMPORTED GLOBAL)
set_target_properties(twinbench_rust PROPERTIES IMPORTED_LOCATION ${TB_RUST_LIB})
target_link_libraries(twinbench_rust INTERFACE Threads::Threads ${CMAKE_DL_LIBS} m)
add_dependencies(twinbench_rust twinbench_rust_build)
