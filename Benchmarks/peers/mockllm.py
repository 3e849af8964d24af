#!/usr/bin/env python3
"""A scripted mock of the OpenAI Chat Completions and Anthropic Messages APIs, for benchmarks.

Standard library only. Listens on 127.0.0.1; prints the port as the first line of stdout.

  POST .../chat/completions   OpenAI: one JSON object, or SSE chunks when the body asks to stream
  POST .../messages           Anthropic: one JSON message, or its SSE event stream
  GET  /health                {"ok": true}

The answer is chosen from the request alone (stateless, so concurrent conversations each
walk the script): a conversation that already holds N assistant messages gets a call of the
tool (--tool, arguments --tool-args) while N < --tool-calls, and the text --text after that.
The assistant messages are counted as occurrences of the JSON string "assistant" in the body,
so the body is never parsed (a 1.7 MB history costs the mock a memory scan, not a parse).

With --record-final FILE, the body of each conversation's last request (the one answered with
text, the longest) is written to FILE: the bare client (Benchmarks/bareclient.c) replays it.

Every reply is written with one send, Nagle is off, connections are kept alive: the mock's
share of a round trip stays small and the same for every client.

  python3 mockllm.py --tool-calls 49 --tool add --tool-args '{"a": 1, "b": 2}'
"""
from __future__ import annotations

import argparse
import http.server
import json
import socket
import socketserver
import sys

ASSISTANT = b'"assistant"'


class Script:
    def __init__(self, tool_calls: int, tool: str, tool_args: str, text: str, record_final: str | None):
        self.tool_calls = tool_calls
        self.tool = tool
        self.tool_args = tool_args
        self.text = text
        self.record_final = record_final

    def turn(self, body: bytes):
        """(call id, None) for a tool call, or (None, text) for the final answer."""
        done = body.count(ASSISTANT)
        if done < self.tool_calls:
            return f"call_{done}", None
        if self.record_final:
            with open(self.record_final, "wb") as file:
                file.write(body)
        return None, self.text


def wants_stream(body: bytes) -> bool:
    at = body.rfind(b'"stream"')
    if at < 0:
        return False
    rest = body[at + 8:at + 20].lstrip(b": \t\r\n")
    return rest.startswith(b"true")


def sse(events) -> bytes:
    return b"".join(events)


def openai_reply(script: Script, body: bytes, stream: bool):
    call, text = script.turn(body)
    usage = {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}
    if not stream:
        if call:
            message = {"role": "assistant", "content": None, "tool_calls": [
                {"id": call, "type": "function", "function": {"name": script.tool, "arguments": script.tool_args}}]}
        else:
            message = {"role": "assistant", "content": text}
        reply = {"id": "chatcmpl-mock", "object": "chat.completion", "created": 0, "model": "mock",
                 "choices": [{"index": 0, "message": message, "finish_reason": "tool_calls" if call else "stop"}],
                 "usage": usage}
        return "application/json", json.dumps(reply).encode()

    def chunk(delta, finish=None, **extra):
        payload = {"id": "chatcmpl-mock", "object": "chat.completion.chunk", "created": 0, "model": "mock",
                   "choices": [{"index": 0, "delta": delta, "finish_reason": finish}], **extra}
        return b"data: " + json.dumps(payload).encode() + b"\n\n"

    events = [chunk({"role": "assistant", "content": None if call else ""})]
    if call:
        events.append(chunk({"tool_calls": [{"index": 0, "id": call, "type": "function",
                                             "function": {"name": script.tool, "arguments": script.tool_args}}]}))
        events.append(chunk({}, "tool_calls"))
    else:
        events.append(chunk({"content": text}))
        events.append(chunk({}, "stop"))
    if b'"include_usage"' in body:
        events.append(b"data: " + json.dumps({"id": "chatcmpl-mock", "object": "chat.completion.chunk", "created": 0,
                                               "model": "mock", "choices": [], "usage": usage}).encode() + b"\n\n")
    events.append(b"data: [DONE]\n\n")
    return "text/event-stream", sse(events)


def anthropic_reply(script: Script, body: bytes, stream: bool):
    call, text = script.turn(body)
    block = ({"type": "tool_use", "id": call, "name": script.tool, "input": json.loads(script.tool_args)} if call
             else {"type": "text", "text": text})
    stop = "tool_use" if call else "end_turn"
    usage = {"input_tokens": 10, "output_tokens": 5}
    if not stream:
        reply = {"id": "msg_mock", "type": "message", "role": "assistant", "model": "mock", "content": [block],
                 "stop_reason": stop, "stop_sequence": None, "usage": usage}
        return "application/json", json.dumps(reply).encode()

    def event(name, payload):
        return b"event: " + name.encode() + b"\ndata: " + json.dumps(payload).encode() + b"\n\n"

    start = dict(block, input={}) if call else dict(block, text="")
    delta = ({"type": "input_json_delta", "partial_json": script.tool_args} if call
             else {"type": "text_delta", "text": text})
    return "text/event-stream", sse([
        event("message_start", {"type": "message_start", "message": {
            "id": "msg_mock", "type": "message", "role": "assistant", "model": "mock", "content": [],
            "stop_reason": None, "stop_sequence": None, "usage": {"input_tokens": 10, "output_tokens": 1}}}),
        event("content_block_start", {"type": "content_block_start", "index": 0, "content_block": start}),
        event("content_block_delta", {"type": "content_block_delta", "index": 0, "delta": delta}),
        event("content_block_stop", {"type": "content_block_stop", "index": 0}),
        event("message_delta", {"type": "message_delta", "delta": {"stop_reason": stop, "stop_sequence": None},
                                "usage": {"output_tokens": 5}}),
        event("message_stop", {"type": "message_stop"}),
    ])


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    script: Script

    def setup(self):
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format, *args):
        pass

    def reply(self, status: int, content_type: str, payload: bytes):
        head = (f"HTTP/1.1 {status} {self.responses.get(status, ('',))[0]}\r\n"
                f"content-type: {content_type}\r\ncontent-length: {len(payload)}\r\n"
                "connection: keep-alive\r\n\r\n").encode()
        self.wfile.write(head + payload)  # one send

    def do_GET(self):
        if self.path.startswith("/health"):
            self.reply(200, "application/json", b'{"ok": true}')
        else:
            self.reply(404, "application/json", b'{"error": {"message": "not found"}}')

    def do_POST(self):
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length)
        path = self.path.split("?", 1)[0]
        stream = wants_stream(body)
        if path.endswith("/chat/completions"):
            content_type, payload = openai_reply(self.script, body, stream)
        elif path.endswith("/messages"):
            content_type, payload = anthropic_reply(self.script, body, stream)
        else:
            self.reply(404, "application/json", b'{"error": {"message": "unknown path"}}')
            return
        self.reply(200, content_type, payload)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    request_queue_size = 512


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--tool-calls", type=int, default=0)
    parser.add_argument("--tool", default="add")
    parser.add_argument("--tool-args", default='{"a": 1, "b": 2}')
    parser.add_argument("--text", default="The answer is 3.")
    parser.add_argument("--record-final", metavar="FILE")
    options = parser.parse_args()
    Handler.script = Script(options.tool_calls, options.tool, options.tool_args, options.text, options.record_final)
    server = Server(("127.0.0.1", options.port), Handler)
    print(server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
