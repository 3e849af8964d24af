#!/usr/bin/env python3
"""Footprint benchmark: peak RSS, CPU and wall time of whole llmdo runs against a loopback mock of
the OpenAI Chat Completions API (stdlib only, Nagle off, each reply in one write):

  greeter       one model turn (examples/greeter's worker, no tools)
  loop-swift    49 tool calls of calc_tools.add (a Swift plugin: its own Swift runtime) + answer
  loop-c        the same 49 calls of calc_c.add (Benchmarks/footprint/calc_c.c, compiled here)
  --version, check examples/greeter

Runs are interleaved (one of each per round); figures are medians, peak RSS is the largest
`ru_maxrss`. Usage: scripts/bench-footprint.py [BINARY] (default .build/release/llmdo, which
`make bench` builds with the static Swift runtime). With LLMDO_BENCH_TABLES=DIR it writes
DIR/footprint.md for scripts/bench-doc.py."""
import json, os, shutil, socket, subprocess, sys, tempfile, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.dont_write_bytecode = True  # no scripts/__pycache__ in the work tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_runs import interleaved, load, machine, now, write_table

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/release/llmdo"))
RUNS = int(os.environ.get("RUNS", "10"))
STEPS = 49


def chunk(delta, finish=None):
    return "data: " + json.dumps({"id": "c", "object": "chat.completion.chunk", "model": "mock",
                                  "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}) + "\n\n"


class Mock(BaseHTTPRequestHandler):
    """Answers with a call of the offered tool named `add` until STEPS tool results are in the
    history, then with a short text."""
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def setup(self):
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["content-length"])))
        done = sum(1 for m in body["messages"] if m.get("role") == "tool")
        if any(t["function"]["name"] == "add" for t in body.get("tools", [])) and done < STEPS:
            call = {"index": 0, "id": "call_%d" % done, "type": "function",
                    "function": {"name": "add", "arguments": json.dumps({"a": done, "b": 1})}}
            out = chunk({"role": "assistant", "tool_calls": [call]}) + chunk({}, "tool_calls")
        else:
            out = chunk({"role": "assistant", "content": "Hello there! Nice to meet you."}) + chunk({}, "stop")
        data = (out + "data: [DONE]\n\n").encode()
        head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncontent-length: %d\r\n\r\n" % len(data)
        self.wfile.write(head.encode() + data)


def project(folder, plugin=None):
    os.makedirs(folder)
    manifest = {"version": 1, "worker_files": ["main.worker"], "runtime": {"plugin_isolation": "none"}}
    toolsets = ""
    if plugin:
        manifest["plugin_files"] = [plugin[0]]
        toolsets = "toolsets: [%s]\n" % plugin[1]
    with open(os.path.join(folder, "project.json"), "w") as out:
        json.dump(manifest, out)
    with open(os.path.join(folder, "main.worker"), "w") as out:
        out.write("---\nname: main\nentry: true\nmodel: openai:mock\n%s---\nUse the tools.\n" % toolsets)
    return folder


def main():
    scratch = tempfile.mkdtemp(prefix="llmdo-footprint-")
    try:
        calc_c = os.path.join(scratch, "libcalc_c.so")
        subprocess.check_call(["cc", "-std=c11", "-O2", "-I", os.path.join(ROOT, "Sources/LLMDoToolABI/include"), "-fPIC",
                               "-shared", "-fvisibility=hidden", "-Wl,-Bsymbolic", "-o", calc_c,
                               os.path.join(ROOT, "Benchmarks/footprint/calc_c.c")])
        calc_swift = os.path.join(os.path.dirname(BINARY), "libcalc_tools.so")
        server = ThreadingHTTPServer(("127.0.0.1", 0), Mock)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        env = dict(os.environ, OPENAI_BASE_URL="http://127.0.0.1:%d/v1" % server.server_port)
        env.pop("OPENAI_API_KEY", None)
        scenarios = [
            ("llmdo --version", [BINARY, "--version"]),
            ("llmdo check examples/greeter", [BINARY, "check", os.path.join(ROOT, "examples/greeter")]),
            ("one greeter turn", [BINARY, project(os.path.join(scratch, "greeter")), "Hi"]),
            ("49 tool calls, C plugin (calc_c)", [BINARY, project(os.path.join(scratch, "loop-c"), (calc_c, "calc_c")), "go"]),
        ]
        if os.path.exists(calc_swift):
            scenarios.append(("49 tool calls, Swift plugin (calc_tools)",
                              [BINARY, project(os.path.join(scratch, "loop-swift"), (calc_swift, "calc_tools")), "go"]))
        date, load_before = now(), load()
        print("\n== footprint (%s, %d runs each)\nmachine: %s; load %s; %s" % (BINARY, RUNS, machine(), load_before, date))
        figures = interleaved(scenarios, RUNS, env, scratch)
        rows = []
        for name, _ in scenarios:
            wall, cpu, peak = figures[name]
            print("%-45s wall %7.2f ms   CPU %7.2f ms   peak RSS %5.1f MiB" % (name, wall, cpu, peak))
            rows.append("| %s | %.2f ms | %.2f ms | %.1f MiB |" % (name, wall, cpu, peak))
        write_table("footprint", "Measured %s by `make bench` (`scripts/bench-footprint.py`) on %s; load average %s at the start, "
                    "%s at the end; %d interleaved runs each, median wall and CPU (user + system), largest peak RSS "
                    "(`/usr/bin/time`)." % (date, machine(), load_before, load(), RUNS),
                    "| run | median wall | median CPU | peak RSS |", rows)
        server.shutdown()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


main()
