"""A day pasted into Roam Research and exported as JSON: the page's blocks, each a ``"string"`` of
Roam's Markdown (``[text](url)`` links kept), nested under ``"children"`` with their ``"uid"``.

The JSON readers found no papers in it (each block is one line of a card) and the file was
quarantined: 0 of 485 cards on 25 real days. Here each block is a paragraph of the page, in the
file's order, on the line its string stands on, and the page is read as the Markdown it is."""

from __future__ import annotations

import json
import re

from pipeline.line_numbers import numbered_matches

_BLOCK_STRING = re.compile(r'"string"\s*:\s*"((?:[^"\\]|\\.)*)"')


def is_roam_export(text: str) -> bool:
    head = text[:3000]
    return text.lstrip()[:1] == "[" and '"string"' in head and '"uid"' in head and '"children"' in head


def roam_lines(text: str) -> tuple[list[str], list[int]] | None:
    """The blocks' text as Markdown lines, a blank line between blocks, with the file's line of
    each; None without any block."""
    lines: list[str] = []
    origin: list[int] = []
    for line, match in numbered_matches(_BLOCK_STRING, text):
        try:
            block = json.loads(f'"{match[1]}"')
        except ValueError:
            continue
        for part in [*block.split("\n"), ""]:
            lines.append(part)
            origin.append(line)
    return (lines, origin) if any(lines) else None
