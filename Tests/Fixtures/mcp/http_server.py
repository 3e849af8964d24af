"""A Streamable HTTP MCP server for llmdo's tests, made with the `mcp` package (MCPServer,
formerly FastMCP). Written for llmdo (not copied).

Binds 127.0.0.1 on a free port, prints the port on stdout, serves /mcp, and exits when its
stdin closes (so a test that dies leaves no server behind).
"""
import os
import socket
import sys
import threading

import uvicorn
from mcp.server.mcpserver import MCPServer

server = MCPServer("llmdo-fixture-http")


@server.tool()
def add(a: int, b: int) -> int:
    """Add two integers."""
    return a + b


@server.tool()
def shout(text: str) -> str:
    """Upper-case the text."""
    return text.upper()


def watch_stdin():
    sys.stdin.read()
    os._exit(0)


def main():
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    print(listener.getsockname()[1], flush=True)
    threading.Thread(target=watch_stdin, daemon=True).start()
    config = uvicorn.Config(server.streamable_http_app(), log_level="warning")
    uvicorn.Server(config).run(sockets=[listener])


main()
