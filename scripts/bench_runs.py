"""What the whole-run benchmarks (scripts/bench-startup.sh, scripts/bench-footprint.py) share:
the machine and load printed with every table, one measured run, and the Markdown table that
scripts/bench-doc.py copies into docs/performance.md."""
import os, platform, subprocess, sys, time


def machine():
    """CPU model, cores, memory and kernel, e.g. "AMD EPYC, 2 cores, 24 GiB, Linux 6.1"."""
    model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "unknown CPU")
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return "%s, %d cores, %d GiB, Linux %s" % (model, os.cpu_count(), round(memory), platform.release())


def load():
    """The 1-minute load average (2 means both cores of a 2-core machine busy)."""
    return open("/proc/loadavg").read().split()[0]


def now():
    return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())


def measure(argv, env, scratch):
    """Wall ms, CPU ms and peak RSS MiB of one run. The peak comes from /usr/bin/time, not from
    this script's wait4: a child forked from Python counts Python's own pages (some 20 MiB) in its
    ru_maxrss until it execs, which would hide any figure below that. CPU comes from wait4 (it
    includes the program, which `time` waited for; time's own %U/%S have 10 ms steps)."""
    errors, usage = os.path.join(scratch, "stderr"), os.path.join(scratch, "usage")
    with open(errors, "w") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(["/usr/bin/time", "-o", usage, "-f", "%M"] + argv, env=env,
                                stdout=subprocess.DEVNULL, stderr=err)
        _, status, rusage = os.wait4(proc.pid, 0)
        wall = (time.perf_counter() - start) * 1000
    if status != 0:
        sys.exit("%s failed (status %d): %s" % (" ".join(argv), status, open(errors).read()[-2000:]))
    return wall, (rusage.ru_utime + rusage.ru_stime) * 1000, int(open(usage).read().split()[-1]) / 1024


def interleaved(commands, runs, env, scratch):
    """Runs each (name, argv) once per round, runs + 1 rounds (the first warms the page cache and
    is dropped); returns {name: (median wall, median CPU, largest peak RSS)}."""
    figures = {name: ([], [], []) for name, _ in commands}
    for attempt in range(runs + 1):
        for name, argv in commands:
            run = measure(argv, env, scratch)
            if attempt > 0:
                for series, value in zip(figures[name], run):
                    series.append(value)
    median = lambda values: sorted(values)[len(values) // 2]
    return {name: (median(w), median(c), max(p)) for name, (w, c, p) in figures.items()}


def write_table(section, conditions, header, rows):
    """Writes $LLMDO_BENCH_TABLES/SECTION.md (nothing when the variable is unset)."""
    folder = os.environ.get("LLMDO_BENCH_TABLES")
    if not folder:
        return
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, section + ".md"), "w") as out:
        columns = header.count("|") - 1
        out.write(conditions + "\n\n" + header + "\n|" + "---|" * columns + "\n" + "\n".join(rows) + "\n")
