#!/usr/bin/env bash
# Start-up benchmark: median wall time and peak RSS of `llmdo --version` and
# `llmdo check examples/greeter` over repeated runs of the release binary.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${LLMDO_BIN:-.build/release/llmdo}
RUNS=${RUNS:-50}
[ -x "$BIN" ] || swift build -c release --product llmdo >/dev/null
python3 - "$BIN" "$RUNS" <<'PY'
import os, statistics, subprocess, sys, time
binary, runs = sys.argv[1], int(sys.argv[2])
print("\n== start-up (%s, %d runs each)" % (binary, runs))
for args in (["--version"], ["check", "examples/greeter/project.json"]):
    walls, rss = [], []
    for _ in range(runs + 3):
        start = time.perf_counter()
        proc = subprocess.Popen([binary] + args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        walls.append((time.perf_counter() - start) * 1000)
        rss.append(usage.ru_maxrss / 1024)
        if status != 0:
            sys.exit("llmdo %s failed" % " ".join(args))
    walls, rss = walls[3:], rss[3:]  # the first runs warm the page cache
    print("llmdo %-45s median %6.2f ms   peak RSS %5.1f MiB" % (" ".join(args), statistics.median(walls), max(rss)))
PY
