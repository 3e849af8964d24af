#!/usr/bin/env bash
# Builds the DocC catalog (Sources/LLMDo/LLMDo.docc) against LLMDo's public symbols with the
# toolchain's own `docc`, warnings as errors: a broken ``link`` or a topic naming a symbol that
# is gone fails. (`swift package generate-documentation` would need the swift-docc-plugin
# dependency, which every build would then resolve; this needs nothing beyond the toolchain.)
# Expects `swift build` to have run (the Makefile's test target does). Output: .build/LLMDo.doccarchive
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v docc >/dev/null; then
    echo "SKIPPED docs check: the Swift toolchain has no docc"
    exit 0
fi
bin="$(swift build --show-bin-path)"
graphs="$(mktemp -d)"
trap 'rm -rf "$graphs"' EXIT
maps=()
for map in "$bin"/*.build/module.modulemap .build/checkouts/Yams/Sources/CYaml/include/module.modulemap; do
    maps+=(-Xcc "-fmodule-map-file=$map")
done
swift symbolgraph-extract -module-name LLMDo -target "$(uname -m)-unknown-linux-gnu" -I "$bin/Modules" -I Sources/CFFI -I Sources/LLMDoToolABI/include \
    "${maps[@]}" -minimum-access-level public -output-dir "$graphs"
docc convert Sources/LLMDo/LLMDo.docc --additional-symbol-graph-dir "$graphs" --warnings-as-errors \
    --fallback-display-name LLMDo --fallback-bundle-identifier org.llmdo.LLMDo --output-path .build/LLMDo.doccarchive >/dev/null
echo "ok   DocC catalog builds without warnings (.build/LLMDo.doccarchive)"
