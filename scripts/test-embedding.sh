#!/usr/bin/env bash
# examples/embedding, a package that depends on this one by path as an embedding program would:
# it must build with every library product llmdo exposes, and its program must run a project
# with an injected Swift tool, a custom provider on a loopback server it starts, and a counting
# interceptor. Also checks that no product carries unsafe flags (which SwiftPM refuses in a
# package used by version, though it allows them in a path dependency like this one).
set -euo pipefail
cd "$(dirname "$0")/.."

unsafe="$(swift package dump-package | python3 -c '
import json, sys
package = json.load(sys.stdin)
print(" ".join(sorted({target["name"] for target in package["targets"]
                       for setting in target.get("settings", []) if "unsafeFlags" in json.dumps(setting["kind"])})))
')"
if [[ -n "$unsafe" ]]; then
    echo "FAIL unsafe flags in targets: $unsafe (a dependent package could not use their products)"
    exit 1
fi

cd examples/embedding
swift build >/dev/null
out="$(.build/debug/Embedding project)"
want="output: The greet tool said: Hello, Ada!
model requests: 2
tool calls: 1
server requests: 2
tool results seen as events: 1"
if [[ "$out" != "$want" ]]; then
    printf 'FAIL examples/embedding printed:\n%s\nexpected:\n%s\n' "$out" "$want"
    exit 1
fi
echo "ok   examples/embedding builds against every product and runs"
