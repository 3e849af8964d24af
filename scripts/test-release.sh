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
expect "c plugin (file_tools)" "sanitize_filename: example" "$bin" examples/file_organizer --model test --approve-all
expect "plugin code entry" "evaluations/acme-robotics.md" "$bin" examples/pitchdeck_eval_code_entry --model test
expect "tools listing" "toolset calc_tools" "$bin" tools examples/calculator
echo "release build: $passed passed, $failed failed"
exit "$status"
