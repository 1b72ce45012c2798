"""JSON inside a Markdown code fence: what a chat model or an agent answers when asked for a
day's papers as JSON, saved as it came (```` ```json ```` / the records / ```` ``` ````, often
under a sentence such as ``Here are the papers listed on …:``).

Such a text opens with neither ``{`` nor ``[``, so the JSON readers never saw it; read as
Markdown, its lines were cards (``"upvotes": 0,`` and ``]`` published as titles). Where one fenced
block of valid JSON holds most of the text, everything outside it is blanked (the lines stay, so
a paper's line is its line in the file) and the JSON readers take it."""

from __future__ import annotations

import json
import re

_OPEN = re.compile(r"^\s{0,3}(?P<fence>`{3,}|~{3,})\s*(?:json5?|jsonl|javascript|js)?\s*$", re.IGNORECASE)
MAX_OUTSIDE_SHARE = 0.25  # of the text's characters outside the block: a sentence or two around it


def fenced_json(text: str) -> str | None:
    """``text`` with all but its fenced JSON blanked, or None when it holds no such block."""
    if "```" not in text[:2000] and "~~~" not in text[:2000]:
        return None
    lines = text.split("\n")
    opening = next(((i, m["fence"]) for i, line in enumerate(lines[:40]) if (m := _OPEN.match(line))), None)
    if opening is None:
        return None
    start, fence = opening
    end = next((j for j in range(start + 1, len(lines)) if lines[j].strip() == fence), None)
    if end is None:
        return None
    inner = "\n".join(lines[start + 1 : end])
    if inner.lstrip()[:1] not in ("{", "["):
        return None
    outside = sum(len(line.strip()) for line in lines[:start] + lines[end + 1 :])
    if outside > MAX_OUTSIDE_SHARE * len(inner):
        return None
    try:
        json.loads(inner)
    except ValueError:
        return None
    return "\n" * (start + 1) + inner + "\n" * (len(lines) - end)
