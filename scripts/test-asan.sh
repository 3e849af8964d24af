#!/bin/sh
# The plugin tests under AddressSanitizer (+ LeakSanitizer): loading bad plugins, every failure
# path, nested chains. A separate build folder keeps the normal build intact.
#   scripts/test-asan.sh [extra swift test arguments]
set -eu
cd "$(dirname "$0")/.."
BUILD=.build-asan
swift build --build-path "$BUILD" --sanitize=address --build-tests
ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}" \
LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$(pwd)/scripts/lsan.supp:print_suppressions=0}" \
    swift test --build-path "$BUILD" --sanitize=address --skip-build --filter PluginTests "$@"
