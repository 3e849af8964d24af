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
import os, platform, statistics, subprocess, sys, time
binary, runs = sys.argv[1], int(sys.argv[2])
def machine():
    model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "unknown CPU")
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return "%s, %d cores, %d GiB, Linux %s" % (model, os.cpu_count(), round(memory), platform.release())
load = lambda: open("/proc/loadavg").read().split()[0]
date = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
load_before = load()
print("\n== start-up (%s, %d runs each)\nmachine: %s; load %s; %s" % (binary, runs, machine(), load_before, date))
rows = []
floor = None
usage = os.path.join(os.environ.get("TMPDIR", "/tmp"), "llmdo-bench-startup-%d" % os.getpid())
# Interleaved: each round runs every command once, so load changes hit all of them alike.
commands = [["/bin/true"], [binary, "--version"], [binary, "check", "examples/greeter/project.json"]]
walls = {i: [] for i in range(len(commands))}
rss = {i: [] for i in range(len(commands))}
for attempt in range(runs + 3):
    for i, argv in enumerate(commands):
        # The peak RSS comes from /usr/bin/time: a child forked from Python counts Python's pages
        # (some 20 MiB) in its own ru_maxrss until it execs, which hid any figure below that.
        start = time.perf_counter()
        status = subprocess.call(["/usr/bin/time", "-o", usage, "-f", "%M"] + argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if attempt >= 3:  # the first rounds warm the page cache
            walls[i].append((time.perf_counter() - start) * 1000)
            rss[i].append(int(open(usage).read().split()[-1]) / 1024)
        if status != 0:
            sys.exit("%s failed" % " ".join(argv))
os.unlink(usage)
for i, argv in enumerate(commands):
    name = "/bin/true" if i == 0 else "llmdo " + " ".join(argv[1:])
    wall, peak = statistics.median(walls[i]), max(rss[i])
    floor = floor or wall
    ratio = "" if i == 0 else "%.1f×" % (wall / floor)
    print("%-50s median %6.2f ms %7s   peak RSS %5.1f MiB" % (name, wall, ratio, peak))
    rows.append("| `%s` | %.2f ms | %s | %.1f MiB |" % (name, wall, ratio and ratio + " (/bin/true)", peak))
folder = os.environ.get("LLMDO_BENCH_TABLES")
if folder:
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "startup.md"), "w") as out:
        out.write("Measured %s by `make bench` on %s; load average %s at the start, %s at the end; %d interleaved runs each, "
                  "median wall time (through `/usr/bin/time`, as is the floor) and the largest peak RSS.\n\n" % (date, machine(), load_before, load(), runs))
        out.write("| command | median wall | × floor | peak RSS |\n|---|---|---|---|\n" + "\n".join(rows) + "\n")
PY
