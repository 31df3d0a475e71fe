#!/bin/bash -eu
# Builds every twinbench fuzz target (each implementation alone, and _diff) for OSS-Fuzz or
# ClusterFuzzLite, honouring their environment: $ARCHITECTURE (x86_64 only),
# $CC $CXX $CFLAGS $CXXFLAGS (CMake reads them),
# $LIB_FUZZING_ENGINE and $SANITIZER (TB_MODE=ossfuzz in CMakeLists.txt), $RUSTFLAGS for the
# Rust staticlib and $FUZZING_ENGINE (libfuzzer or afl: the Rust code's coverage instrumentation
# follows it, harness/cmake/Rust.cmake), $SRC/twinbench the checkout, $WORK scratch, $OUT
# the result: per target the binary, <target>_seed_corpus.zip, <target>.dict, <target>.options.
# scripts/check-oss-fuzz-build runs this on a machine without Docker.
if [[ "${ARCHITECTURE:-x86_64}" != x86_64 ]]; then
  echo "build.sh: twinbench builds for x86_64 only (the Rust target triple), not $ARCHITECTURE" >&2
  exit 1
fi
src="$SRC/twinbench"
build="$WORK/twinbench-$SANITIZER"
# The library components (field evidence) build C libraries from pinned Debian source packages
# (scripts/fetch-sources), which an Ubuntu builder image cannot fetch: they are built only when
# $TB_SOURCES_DIR holds them, and left out otherwise.
with_sources=OFF
[[ -n "${TB_SOURCES_DIR:-}" ]] && with_sources=ON
# $TB_ONLY_COMPONENTS (a ;-list, empty: all) builds some components alone: ctest's quick check
# (scripts/check-oss-fuzz-build --components). OSS-Fuzz sets nothing of the kind.
cmake -S "$src" -B "$build" -G Ninja -DTB_MODE=ossfuzz -DCMAKE_BUILD_TYPE= \
  -DCMAKE_C_COMPILER="$CC" -DCMAKE_CXX_COMPILER="$CXX" -DTB_WITH_SOURCES=$with_sources \
  -DTB_ONLY_COMPONENTS="${TB_ONLY_COMPONENTS:-}"
cmake --build "$build" --target fuzz_targets
cmake --install "$build" --prefix "$OUT"
