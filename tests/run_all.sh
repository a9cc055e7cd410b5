#!/bin/sh
# run_all.sh: the whole test suite, as CI runs it.
#
#  1. a -Werror build with the default compiler, and every test; and an
#     optimised (Release) -Werror build, as the README builds, compiled only;
#  2. the same suite built with clang under AddressSanitizer and
#     UndefinedBehaviorSanitizer (leak checking on), plus a bounded libFuzzer
#     run of the front end.
#
# It ends with ctest's summary of the second pass. Build trees: build/,
# build-release/ and build-asan/ (reused if present).
set -eu
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)

echo "== build with -Werror, run the suite"
cmake -S . -B build -DTAKT_WERROR=ON
cmake --build build -j "$jobs"
ctest --test-dir build --output-on-failure -j "$jobs"

echo "== an optimised build, as the README's first command makes it, with -Werror"
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DTAKT_WERROR=ON
cmake --build build-release -j "$jobs"

echo "== the suite under AddressSanitizer and UndefinedBehaviorSanitizer"
if command -v clang >/dev/null 2>&1; then
    cmake -S . -B build-asan -DCMAKE_C_COMPILER=clang -DTAKT_WERROR=ON -DTAKT_SANITIZE=ON -DTAKT_FUZZ=ON
else
    echo "(clang not found: sanitizers with the default compiler, no fuzzing)"
    cmake -S . -B build-asan -DTAKT_WERROR=ON -DTAKT_SANITIZE=ON
fi
cmake --build build-asan -j "$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan --output-on-failure -j "$jobs"
