"""Where a reader's matches stand in the file: each with the line it starts on, the newlines
counted once through the text (counting from the start for each match is quadratic in a long file)."""

from __future__ import annotations

import re
from collections.abc import Iterator


def numbered_matches(pattern: re.Pattern[str], text: str) -> Iterator[tuple[int, re.Match[str]]]:
    """Each match of ``pattern`` in ``text`` with the (1-based) line it starts on."""
    line, at = 1, 0
    for match in pattern.finditer(text):
        line += text.count("\n", at, match.start())
        at = match.start()
        yield line, match
