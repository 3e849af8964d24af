#!/usr/bin/env bash
# The shipped build: llmdo linked with the Swift runtime statically (`make release`), loading this
# package's plugins as users get them: a Swift plugin (its own Swift runtime, dynamically linked)
# and a C plugin, plus a code entry. Checks exact outputs of the deterministic test model.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release >/dev/null                                   # the plugin products
swift build -c release --static-swift-stdlib --product llmdo >/dev/null
bin=.build/release/llmdo
status=0
passed=0
failed=0

expect() {  # expect NAME EXPECTED-SUBSTRING COMMAND...
    local name="$1" want="$2" out
    shift 2
    if out="$("$@" 2>&1)" && [[ "$out" == *"$want"* ]]; then
        echo "ok   $name"
        passed=$((passed + 1))
    else
        echo "FAIL $name: expected '$want' in:"
        echo "$out"
        status=1
        failed=$((failed + 1))
    fi
}

expect "version" "0." "$bin" --version
expect "swift plugin (calc_tools)" "add: 3.0" "$bin" examples/calculator --model test "x"
expect "c plugin (file_tools)" "sanitize_filename: q3-report-final-v2.pdf" "$bin" examples/file_organizer --model test --approve-all
expect "plugin code entry" "evaluations/acme-robotics.md" "$bin" examples/pitchdeck_eval_code_entry --model test
expect "tools listing" "toolset calc_tools" "$bin" tools examples/calculator

# `make install` (its copy step) into a staging folder: the installed binary finds its headers, a plugin compiles
# with pkg-config's flags alone, and the installed llmdo scaffolds, builds and checks a plugin.
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
make -s install-files DESTDIR="$stage" PREFIX=/usr >/dev/null   # the builds above are install's
installed="$stage/usr/bin/llmdo"
expect "installed binary has the static Swift runtime" "static" sh -c "ldd '$installed' | grep -q libswiftCore || echo static"
expect "installed include dir" "$stage/usr/include/llmdo" "$installed" --print-include-dir
cflags="$(PKG_CONFIG_PATH="$stage/usr/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$stage" pkg-config --cflags llmdo-tool)"
expect "pkg-config build" "T llmdo_entry_v1" sh -c "cc -std=c11 -Wall -Wextra -Werror $cflags -fPIC -shared -fvisibility=hidden -Wl,-Bsymbolic -o '$stage/libtext_stats.so' examples/text_stats/text_stats.c && nm -D --defined-only '$stage/libtext_stats.so'"
expect "installed plugin call" "abab" "$installed" call "$stage/libtext_stats.so" text_stats.repeat '{"text": "ab"}'
expect "installed scaffold" "entry: worker main" sh -c "'$installed' new plugin staged --lang c --dir '$stage/staged' >/dev/null && make -s -C '$stage/staged' && '$installed' check '$stage/staged'"
expect "bare-name first-party plugin" "toolset calc_tools" "$installed" tools libcalc_tools.so
make -s uninstall DESTDIR="$stage" PREFIX=/usr
expect "uninstall" "empty" sh -c "[ -z \"\$(find '$stage/usr' -type f)\" ] && echo empty"

echo "release build: $passed passed, $failed failed"
exit "$status"
