#!/usr/bin/env bash
# Start-up benchmark: median wall time and peak RSS of `llmdo --version` and
# `llmdo check examples/greeter` over repeated runs of the release binary, against the floor of
# starting /bin/true the same way in the same run. With LLMDO_BENCH_TABLES=DIR it also writes
# DIR/startup.md for scripts/bench-doc.py.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${LLMDO_BIN:-.build/release/llmdo}
RUNS=${RUNS:-50}
[ -x "$BIN" ] || swift build -c release --product llmdo >/dev/null
python3 - "$BIN" "$RUNS" <<'PY'
import os, sys, tempfile
sys.dont_write_bytecode = True  # no scripts/__pycache__ in the work tree
sys.path.insert(0, "scripts")
from bench_runs import interleaved, load, machine, now, write_table
binary, runs = sys.argv[1], int(sys.argv[2])
date, load_before = now(), load()
print("\n== start-up (%s, %d runs each)\nmachine: %s; load %s; %s" % (binary, runs, machine(), load_before, date))
commands = [("/bin/true", ["/bin/true"]), ("llmdo --version", [binary, "--version"]),
            ("llmdo check examples/greeter", [binary, "check", "examples/greeter/project.json"])]
with tempfile.TemporaryDirectory() as scratch:
    figures = interleaved(commands, runs, dict(os.environ), scratch)
floor = figures["/bin/true"][0]
rows = []
for name, _ in commands:
    wall, _, peak = figures[name]
    ratio = "" if name == "/bin/true" else "%.1f×" % (wall / floor)
    print("%-50s median %6.2f ms %7s   peak RSS %5.1f MiB" % (name, wall, ratio, peak))
    rows.append("| `%s` | %.2f ms | %s | %.1f MiB |" % (name, wall, ratio and ratio + " (/bin/true)", peak))
write_table("startup", "Measured %s by `make bench` (`scripts/bench-startup.sh`) on %s; load average %s at the start, %s at "
            "the end; %d interleaved runs each (all through `/usr/bin/time`, the floor too), median wall time and the "
            "largest peak RSS." % (date, machine(), load_before, load(), runs),
            "| command | median wall | × floor | peak RSS |", rows)
PY
