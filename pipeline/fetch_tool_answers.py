"""A page an AI agent fetched with the MCP fetch server (the reference ``mcp-server-fetch``), saved
as the agent got it.

The server answers ``Contents of <url>:`` and then the page as Markdown (its HTML with
``raw=true``), at most ``max_length`` characters a call (5,000 by default). A cut answer ends in
``<error>Content truncated. Call the fetch tool with a start_index of N to get more content.</error>``
and the agent calls again from there; a saved conversation or log holds the answers one after the
other. The answers are exact slices of one page, so the page is them joined: each notice, and the
``Contents of`` line of the answer after it, taken out. Before, the slices were read apart: a title
cut by a slice was published as a paper, the notice as a title, and an abstract's second half
opened with ``Contents of https://…``. A notice with no answer after it (an agent that stopped
reading) is the capture's own note that it was cut: the last card may be incomplete."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.card_vocabulary import CUT_MID_TEXT_NOTICE

_NOTICE = "<error>Content truncated. Call the fetch tool with a start_index of"
_NOTICE_AT_END = (  # the server's notice after the slice it cut
    r"\n\n<error>Content truncated\. Call the fetch tool with a start_index of \d+ to get more "
    r"content\.</error>\s*"
)
_CONTINUED = re.compile(_NOTICE_AT_END + r"Contents of \S+:\n")  # ... and the next answer's header
_LAST_NOTICE = re.compile(_NOTICE_AT_END + r"\Z")
_ANSWER_START = re.compile(r"\A\s*Contents of (?P<url>https?://\S+):\n")


@dataclass(frozen=True)
class FetchedPage:
    """The page the answers hold, the URL the server fetched, and how many answers were joined."""

    text: str
    url: str | None
    answers: int


def fetch_tool_page(text: str) -> FetchedPage | None:
    """The page inside a saved fetch tool's answer or answers, or None for any other text."""
    start = _ANSWER_START.match(text)
    if start is None:
        return None
    body = text[start.end() :]
    joined, continued = _CONTINUED.subn("", body) if _NOTICE in body else (body, 0)
    joined = _LAST_NOTICE.sub("\n\n" + CUT_MID_TEXT_NOTICE + "\n", joined)
    return FetchedPage(joined, start["url"].rstrip(":"), continued + 1)


def continues_answer(before: str, after: str) -> bool:
    """Whether ``after`` is the fetch tool's next answer to the call ``before`` was cut at (its
    answers stored apart: a log of its results, JSON Lines of its JSON-RPC responses)."""
    return before.rstrip().endswith("to get more content.</error>") and after.lstrip().startswith(
        "Contents of "
    )
