#!/usr/bin/env bash
# Runs the README's commands as written, so the README cannot drift from what works:
#   1. the quick start: every command in the first ```sh block under "## Quick start"
#      (except `make test`, which is what runs this script);
#   2. the "run" column of the "## Examples" table: each command in a fresh copy of examples/
#      (the rest of the repository linked in), which must exit 0 and leave the copy unchanged apart from build
#      products (*.so): no example may write into its own folder.
# Called by `make test` (and `make test-readme`) after the build.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
readme="$root/README.md"
failures=0

# The quick start's commands: the first fenced block after the heading, comments dropped.
quick_start="$(awk '/^## Quick start/ {inside = 1; next}
  inside && /^```/ {if (fence) exit; fence = 1; next}
  fence {sub(/[ \t]+#.*$/, ""); if ($0 != "") print}' "$readme")"
[ -n "$quick_start" ] || { echo "test-readme: no commands found under '## Quick start' in README.md" >&2; exit 1; }

# The example table's "run" column: the text between the first pair of backquotes in the third cell.
examples="$(awk -F'|' '/^## Examples/ {inside = 1; next}
  inside && /^## / {exit}
  inside && /^\| \[/ {cell = $4; sub(/^[^`]*`/, "", cell); sub(/`.*$/, "", cell); name = $2;
    sub(/^ *\[/, "", name); sub(/\].*$/, "", name); print name "\t" cell}' "$readme")"
[ -n "$examples" ] || { echo "test-readme: no commands found in the '## Examples' table of README.md" >&2; exit 1; }

run() {  # run LABEL DIRECTORY COMMAND [TMPDIR]: runs COMMAND with bash in DIRECTORY, stdin closed
    local label="$1" dir="$2" command="$3" tmp="${4:-${TMPDIR:-/tmp}}" log
    log="$(mktemp)"
    if (cd "$dir" && TMPDIR="$tmp" timeout 300 bash -c "$command" </dev/null >"$log" 2>&1); then
        echo "ok    $label: $command"
    else
        echo "FAIL  $label (exit $?): $command" >&2
        sed 's/^/      /' "$log" >&2
        failures=$((failures + 1))
    fi
    rm -f "$log"
}

while IFS= read -r command; do
    if [ "$command" = "make test" ]; then
        echo "skip  quick start: make test (this script runs inside it)"
        continue
    fi
    run "quick start" "$root" "$command"
done <<<"$quick_start"

while IFS=$'\t' read -r name command; do
    if [ -z "$command" ]; then
        echo "FAIL  example $name: its row in README.md has no command in backquotes" >&2
        failures=$((failures + 1))
        continue
    fi
    if [ "$command" = "scripts/test-embedding.sh" ]; then
        echo "skip  example $name: make test runs scripts/test-embedding.sh itself (a package build of its own)"
        continue
    fi
    if [[ "$command" == *rust_plugin* ]] && ! command -v rustc >/dev/null; then
        echo "skip  example $name: rustc is not on PATH"
        continue
    fi
    copy="$(mktemp -d)"
    cp -a "$root/examples" "$copy/examples"
    # Everything else (the build, the headers, the Rust bindings) is the repository's own.
    for entry in "$root"/* "$root/.build"; do
        [ "$(basename "$entry")" = examples ] || ln -s "$entry" "$copy/$(basename "$entry")"
    done
    # Its TMPDIR is inside the copy, so what it puts there (mktemp -d) goes with the copy.
    mkdir "$copy/.tmp"
    run "example $name" "$copy" "$command" "$copy/.tmp"
    if ! changes="$(diff -r --exclude='*.so' "$root/examples" "$copy/examples")"; then
        echo "FAIL  example $name changed its folder (no example may write into it):" >&2
        echo "$changes" | sed 's/^/      /' >&2
        failures=$((failures + 1))
    fi
    rm -rf "$copy"
done <<<"$examples"

if [ "$failures" -gt 0 ]; then
    echo "test-readme: $failures README command(s) failed" >&2
    exit 1
fi
