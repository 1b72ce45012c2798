"""Answers of the MCP fetch server (``mcp-server-fetch``, the Model Context Protocol's reference
server that AI agents fetch pages with), written as its ``fetch`` tool writes them.

Its code (``src/mcp_server_fetch/server.py``, as in release 2026.10.24): the page is cut to
``content[start_index : start_index + max_length]`` (``max_length`` 5,000 by default); a slice that
leaves more to read ends in ``\\n\\n<error>Content truncated. Call the fetch tool with a start_index
of {next_start} to get more content.</error>``, and every answer is ``Contents of {url}:\\n`` and the
slice. An agent reads on with ``start_index`` until no notice comes."""

from __future__ import annotations

import json

MAX_LENGTH = 5000  # the tool's default ``max_length``


def fetch_answers(url: str, content: str, max_length: int = MAX_LENGTH) -> list[str]:
    """Every answer an agent gets reading ``content`` (the page as the server converted it) to the end."""
    answers = []
    start = 0
    while start < len(content):
        piece = content[start : start + max_length]
        next_start = start + len(piece)
        if len(piece) == max_length and next_start < len(content):
            piece += (
                f"\n\n<error>Content truncated. Call the fetch tool with a start_index of "
                f"{next_start} to get more content.</error>"
            )
        answers.append(f"Contents of {url}:\n{piece}")
        start = next_start
    return answers


def json_rpc_lines(answers: list[str]) -> str:
    """The answers as the JSON-RPC responses an MCP client logs, one JSON object a line."""
    return "".join(
        json.dumps({"jsonrpc": "2.0", "id": n, "result": {"content": [{"type": "text", "text": answer}]}})
        + "\n"
        for n, answer in enumerate(answers, start=2)
    )
