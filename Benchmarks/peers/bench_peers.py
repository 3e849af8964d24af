#!/usr/bin/env python3
"""`make bench-peers`: llmdo against the agent runtimes a user would pick instead.

Every program runs one agent with one add(a, b) tool against the same loopback mock
(mockllm.py, one per scenario): cold start, one turn, the 49-tool-call loop, 10 and 200 tool
calls (the per-step slope), and 100 concurrent worker calls. Runs are interleaved (run 1 of
every program, then run 2, ...), each program's order rotating, and the table shows medians
of wall time and CPU time (user + system of the program's process, from wait4) with ratios to
llmdo. The table replaces the "Peer comparison" block of docs/performance.md, with the
machine and the date.

Peers live in virtual environments under .build/peers/, created on first use from the
pinned requirements beside this file (PyPI only):
  pydantic-ai     requirements-pydantic-ai.txt
  openai-agents   requirements-openai-agents.txt
  llm-do          Python llm-do 0.3.0 is not on PyPI: point LLM_DO_SOURCE at a checkout of
                  its source (installed with pip into .build/peers/llm-do) and, if its command
                  line differs, LLM_DO_COMMAND at a template such as "llm-do {project} {prompt}".
Without LLM_DO_SOURCE the llm-do column is left out and the script says so.

Environment: RUNS (default 5), SCENARIOS (comma-separated names from the table, default all),
LLMDO (default .build/release/llmdo, built by `make release`), NO_DOC=1 to print only.
"""
from __future__ import annotations

import datetime
import os
import platform
import shlex
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PEERS = ROOT / ".build" / "peers"
DOC = ROOT / "docs" / "performance.md"
BEGIN, END = "<!-- bench-peers:begin -->", "<!-- bench-peers:end -->"
PROMPT = "go"

# (name, program mode, tool calls the mock asks for)
SCENARIOS = [
    ("cold start", "start", 0),
    ("one turn", "run", 0),
    ("49-tool-call loop", "run", 49),
    ("10 tool calls", "run", 10),
    ("200 tool calls", "run", 200),
    ("100 concurrent worker calls", "concurrent", 0),
]


def ensure_venv(name: str, install: list[str], stamp_source: Path) -> Path:
    """The venv's python, created and installed when missing or older than its requirements."""
    venv = PEERS / name
    stamp = venv / ".installed"
    if not stamp.exists() or stamp.stat().st_mtime < stamp_source.stat().st_mtime:
        print(f"setting up {venv} ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", *install], check=True)
        stamp.touch()
    return venv / "bin" / "python"


def llmdo_project(llmdo: Path) -> Path:
    """A project equivalent to the peer programs, with add(a, b) as a C plugin."""
    project = PEERS / "llmdo-project"
    project.mkdir(parents=True, exist_ok=True)
    include = ROOT / "Sources" / "LLMDoToolABI" / "include"
    # The C add plugin of the footprint benchmark (a Swift plugin brings its own Swift runtime).
    subprocess.run(["cc", "-O2", "-std=c11", "-shared", "-fPIC", f"-I{include}", "-o", str(project / "libadd.so"),
                    str(HERE.parent / "footprint" / "calc_c.c")], check=True)
    (project / "project.json").write_text(
        '{"version": 1, "worker_files": ["main.worker"], "plugin_files": ["./libadd.so"]}\n')
    (project / "main.worker").write_text(
        "---\nname: main\nentry: true\nmodel: openai:mock\ntoolsets: [calc_c]\n---\n"
        "Add the numbers with the add tool until told otherwise.\n")
    return project


LLMDO_NOTE = "the release binary (`make release`: the Swift runtime linked statically)"


def programs() -> dict[str, callable]:
    """name -> function(mode, base_url) returning argv, or None when the mode is not supported."""
    found = {}
    global LLMDO_NOTE
    llmdo = Path(os.environ.get("LLMDO", ROOT / ".build" / "release" / "llmdo"))
    if "LLMDO" in os.environ:
        LLMDO_NOTE = f"`{llmdo}`"  # whatever build the caller chose
    if not llmdo.exists():
        sys.exit(f"{llmdo} is missing: run `make release` first")
    project = llmdo_project(llmdo)
    found["llmdo"] = lambda mode, url: (
        [str(llmdo), "check", str(project)] if mode == "start"
        else [str(llmdo), str(project), PROMPT] if mode == "run" else None)

    for name, script in [("pydantic-ai", "pydantic_ai_peer.py"), ("openai-agents", "openai_agents_peer.py")]:
        requirements = HERE / f"requirements-{name}.txt"
        python = ensure_venv(name, ["-r", str(requirements)], requirements)
        found[name] = lambda mode, url, python=python, script=script: [str(python), str(HERE / script), url, mode]

    source = os.environ.get("LLM_DO_SOURCE")
    if source:
        python = ensure_venv("llm-do", [source], Path(source) / "pyproject.toml")
        template = os.environ.get("LLM_DO_COMMAND", "llm-do {project} {prompt}")
        bin_dir = python.parent
        found["llm-do"] = lambda mode, url: (
            [str(bin_dir / shlex.split(template)[0])] + [
                part.format(project=project, prompt=PROMPT) for part in shlex.split(template)[1:]]
            if mode == "run" else None)
    else:
        print("llm-do: left out (not on PyPI); set LLM_DO_SOURCE to a checkout of llm-do 0.3.0", flush=True)
    return found


def start_mock(tool_calls: int):
    process = subprocess.Popen([sys.executable, str(HERE / "mockllm.py"), "--tool-calls", str(tool_calls)],
                               stdout=subprocess.PIPE, text=True)
    port = int(process.stdout.readline())
    return process, port


def measure(argv: list[str], port: int) -> tuple[float, float] | None:
    """(wall seconds, CPU seconds) of one run, or None when it failed."""
    env = dict(os.environ, OPENAI_BASE_URL=f"http://127.0.0.1:{port}/v1", OPENAI_API_KEY="mock-key",
               OPENAI_AGENTS_DISABLE_TRACING="1")
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    errors = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        print(f"  failed: {' '.join(argv)}\n  {errors[-600:]}", flush=True)
        return None
    return wall, usage.ru_utime + usage.ru_stime


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, load average {load}"


def seconds(value: float) -> str:
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def main():
    runs = int(os.environ.get("RUNS", "5"))
    wanted = os.environ.get("SCENARIOS")
    scenarios = [s for s in SCENARIOS if not wanted or s[0] in wanted.split(",")]
    found = programs()
    names = list(found)
    started = datetime.datetime.now(datetime.timezone.utc)
    results: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for scenario, mode, tool_calls in scenarios:
        mock, port = start_mock(tool_calls)
        url = f"http://127.0.0.1:{port}/v1"
        try:
            print(f"{scenario}:", flush=True)
            for run in range(runs):
                order = names[run % len(names):] + names[:run % len(names)]
                for name in order:
                    argv = found[name](mode, url)
                    if argv is None:
                        continue
                    figures = measure(argv, port)
                    if figures:
                        results.setdefault((scenario, name), []).append(figures)
        finally:
            mock.terminate()
            mock.wait()

    def median(scenario, name, index):
        values = [r[index] for r in results.get((scenario, name), [])]
        return statistics.median(values) if values else None

    lines = [f"Machine: {machine()}. Date: {started:%Y-%m-%d %H:%M} UTC. Medians of {runs} interleaved runs;",
             "wall time, then CPU time (user + system) in parentheses; × is the program's median wall time over llmdo's.",
             "", "| scenario | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
    for scenario, _, _ in scenarios:
        cells = []
        base = median(scenario, "llmdo", 0)
        for name in names:
            wall, cpu = median(scenario, name, 0), median(scenario, name, 1)
            if wall is None:
                cells.append("n/a")
                continue
            ratio = f", {wall / base:.0f}×" if base and name != "llmdo" else ""
            cells.append(f"{seconds(wall)} ({seconds(cpu)}){ratio}")
        lines.append(f"| {scenario} | " + " | ".join(cells) + " |")
    if any(s[0] == "200 tool calls" for s in scenarios) and any(s[0] == "10 tool calls" for s in scenarios):
        cells = []
        for name in names:
            high, low = median("200 tool calls", name, 1), median("10 tool calls", name, 1)
            cells.append(f"{seconds((high - low) / 190)}" if high is not None and low is not None else "n/a")
        lines.append("| CPU per added tool step ((200 − 10 calls) / 190) | " + " | ".join(cells) + " |")
    if "llm-do" not in names:
        lines += ["", "Python llm-do 0.3.0 is not on PyPI; `LLM_DO_SOURCE=/path/to/llm-do make bench-peers` adds it."]
    lines += ["", f"llmdo: {LLMDO_NOTE}, the tool as a C plugin in its default isolation. Cold start is",
              "`llmdo check` of the project for llmdo, importing the library and building the agent for the",
              "peers. 100 concurrent worker calls need a code entry in llmdo, so that row is n/a for it here."]
    table = "\n".join(lines)
    print("\n" + table)
    if os.environ.get("NO_DOC"):
        return
    text = DOC.read_text()
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + BEGIN + "\n" + table + "\n" + END + rest.split(END, 1)[1]
    else:
        text += f"\n## Peer comparison (`make bench-peers`)\n\n{BEGIN}\n{table}\n{END}\n"
    DOC.write_text(text)
    print(f"\nwritten to {DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
