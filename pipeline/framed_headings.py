"""Headings framed in asterisks, as the C++ ``html2text`` (Debian's and most Linux distributions'
``html2text`` command) writes them: ``**** Qwen3-VL Technical Report ****`` for an ``<h3>``, six
asterisks for an ``<h1>`` down to one for an ``<h6>`` (its ``html2textrc`` defaults), a long heading
wrapped at the page's width with its closing frame on the last line (alone, where it did not fit).

Read as Markdown, the frame was emphasis and a list marker, and the title kept its asterisks. On a
page with at least ``MIN_FRAMED`` such headings each becomes a Markdown heading of its level on its
first line (the lines a wrapped one took are left blank: the page keeps its line count).
"""

from __future__ import annotations

import re

MIN_FRAMED = 3
_MAX_LINES = 4  # a heading wrapped over more lines is no heading
_OPEN = re.compile(r"^(?P<frame>\*{1,6}) (?=\S)")


def _close(frame: str) -> re.Pattern[str]:
    return re.compile(rf"(?<=\S) {re.escape(frame)}\s*$")


def has_framed_headings(lines: list[str]) -> bool:
    """Whether at least ``MIN_FRAMED`` lines open a heading framed as ``**** … ****`` (of three
    asterisks or more: fewer are a list's or emphasis' in any Markdown) that closes within a few lines."""
    found = 0
    for i, line in enumerate(lines):
        match = _OPEN.match(line) if line.startswith("***") else None
        if match and _end(lines, i, match["frame"]) is not None:
            found += 1
            if found >= MIN_FRAMED:
                return True
    return False


def framed_to_markdown(lines: list[str]) -> list[str]:
    """The page with each framed heading as a Markdown heading on its first line, of any level
    (an ``<h6>``'s frame is one asterisk: the page's headings of three or more told what it is)."""
    out = list(lines)
    i = 0
    while i < len(lines):
        match = _OPEN.match(lines[i]) if lines[i].startswith("*") else None
        end = _end(lines, i, match["frame"]) if match else None
        if match is None or end is None:
            i += 1
            continue
        frame = match["frame"]
        words = " ".join(line.strip() for line in lines[i : end + 1])
        title = _close(frame).sub("", words[len(frame) + 1 :]).strip()
        title = title[: -len(frame)].rstrip() if title.endswith(" " + frame) else title
        out[i] = "#" * len(frame) + " " + title
        for j in range(i + 1, end + 1):
            out[j] = ""
        i = end + 1
    return out


def _end(lines: list[str], start: int, frame: str) -> int | None:
    """The line that closes the heading opened on ``start``, or None."""
    close = _close(frame)
    for j in range(start, min(start + _MAX_LINES, len(lines))):
        if not lines[j].strip():
            return None
        if j > start and lines[j].strip() == frame:  # the frame wrapped onto a line of its own
            return j
        if close.search(lines[j]) and (j > start or len(lines[j].strip()) > 2 * len(frame) + 1):
            return j
    return None
