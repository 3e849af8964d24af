"""A tiny stdio MCP server for llmdo's tests, written without the SDK so it starts fast.

Written for llmdo (not copied). Speaks newline-delimited JSON-RPC, protocol 2025-11-25:
  echo(text)        -> the text
  crash()           -> exits in the middle of the call (the test checks the tool error)
  add_tool()        -> adds the tool 'extra' and sends notifications/tools/list_changed
  slow(seconds)     -> answers after `seconds`, at least $TOY_MIN_SLOW (cancellation: notifications/cancelled stops it)
  fail()            -> an isError result
tools/list answers one tool per page (cursor pagination). Writes a line to stderr at start.
"""
import json
import os
import sys
import threading

TOOLS = {
    "echo": {"description": "Echo the text back.", "inputSchema": {"type": "object", "properties": {"text": {"type": "string"}}, "required": ["text"]},
             "annotations": {"readOnlyHint": True}},
    "crash": {"description": "Exit during the call.", "inputSchema": {"type": "object", "properties": {}}},
    "add_tool": {"description": "Add the tool 'extra'.", "inputSchema": {"type": "object", "properties": {}}},
    "slow": {"description": "Answer after a while.", "inputSchema": {"type": "object", "properties": {"seconds": {"type": "number"}}}},
    "fail": {"description": "Always fails.", "inputSchema": {"type": "object", "properties": {}}},
}
lock = threading.Lock()
cancelled = set()


def send(message):
    with lock:
        sys.stdout.write(json.dumps(message) + "\n")
        sys.stdout.flush()


def result(id, value):
    send({"jsonrpc": "2.0", "id": id, "result": value})


def text(id, value, error=False):
    result(id, {"content": [{"type": "text", "text": value}], "isError": error})


def call(id, name, arguments):
    if name == "echo":
        text(id, arguments.get("text", ""))
    elif name == "crash":
        sys.stderr.write("toy server: crashing on purpose\n")
        sys.stderr.flush()
        sys.exit(3)
    elif name == "add_tool":
        TOOLS["extra"] = {"description": "Added later.", "inputSchema": {"type": "object", "properties": {}}}
        text(id, "added")
        send({"jsonrpc": "2.0", "method": "notifications/tools/list_changed"})
    elif name == "extra":
        text(id, "extra ran")
    elif name == "slow":
        def later():
            import time
            time.sleep(max(float(arguments.get("seconds", 1)), float(os.environ.get("TOY_MIN_SLOW", "0"))))
            if id not in cancelled:
                text(id, "slow done")
        threading.Thread(target=later, daemon=True).start()
    elif name == "fail":
        text(id, "the fail tool failed, as asked", error=True)
    else:
        send({"jsonrpc": "2.0", "id": id, "error": {"code": -32602, "message": f"unknown tool {name}"}})


def main():
    sys.stderr.write("toy server started\n")
    sys.stderr.flush()
    for line in sys.stdin:
        message = json.loads(line)
        method = message.get("method")
        id = message.get("id")
        params = message.get("params") or {}
        if method == "initialize":
            result(id, {"protocolVersion": "2025-11-25", "capabilities": {"tools": {"listChanged": True}},
                        "serverInfo": {"name": "toy", "version": "1"}})
        elif method == "tools/list":
            names = sorted(TOOLS)
            index = int(params.get("cursor", "0"))
            page = {"tools": [dict(name=names[index], **TOOLS[names[index]])]}
            if index + 1 < len(names):
                page["nextCursor"] = str(index + 1)
            result(id, page)
        elif method == "tools/call":
            call(id, params["name"], params.get("arguments") or {})
        elif method == "notifications/cancelled":
            cancelled.add(params.get("requestId"))
            sys.stderr.write(f"toy server: cancelled {params.get('requestId')}\n")
            sys.stderr.flush()
        elif id is not None and method is not None:
            send({"jsonrpc": "2.0", "id": id, "error": {"code": -32601, "message": "method not found"}})


main()
