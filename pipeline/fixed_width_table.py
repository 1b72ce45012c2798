"""A listing saved as a fixed-width text table: ``DataFrame.to_string()`` written to a file (what
``print(df)`` shows, without its cut columns), with or without the index.

                                    title    arxiv_id       summary
    0   T-pro 2.0: An Efficient Russian …  2512.10430  T-pro 2.0 is …
    1  Long-horizon Reasoning Agent for …  2512.10739  We present …

pandas pads every line to one width and aligns each value to the right edge of its column, where
the column's name ends; so a row's cells are the spans between the ends of the header's names (the
index, when written, is the left-aligned label before the first column). Only a text whose lines
all have the header's width and whose header names a paper (``pipeline.record_fields``) is taken:
read as prose, such a file was quarantined as suspect. A value with a line break in it breaks the
equal widths, and the file is left to the other readers.
"""

from __future__ import annotations

import re

from pipeline.record_fields import StructuredListing, field_name, leading_lines, names_a_paper, papers_listing

_NAME = re.compile(r"\S+")
MIN_ROWS = 1


def fixed_width_listing(text: str) -> StructuredListing | None:
    """The papers of a fixed-width table; None when ``text`` is no such table."""
    header, second = [*leading_lines(text, 2), ""][:2]
    width = len(header)
    if width < 20 or len(second) != width or "title" not in header.lower() or "|" in header:
        return None  # the cheap test first: every text page passes through here (a Markdown table's
        # padded rows have one width too, and its own reader)
    lines = text.rstrip("\n").split("\n")
    if len(lines) < 1 + MIN_ROWS:
        return None
    rows = [(number, line) for number, line in enumerate(lines[1:], start=2)]
    if any(len(line) != width for _, line in rows):
        return None
    names = [(field_name(match[0]), match.end()) for match in _NAME.finditer(header)]
    if not names_a_paper(name for name, _ in names):
        return None
    index_width = _index_width(header, [line for _, line in rows])
    records = []
    for number, line in rows:
        start, record = index_width, {}
        for name, end in names:
            record[name] = line[start:end].strip()
            start = end
        records.append((number, record))
    return papers_listing(records, text)


def _index_width(header: str, rows: list[str]) -> int:
    """How many characters the index takes at the start of each line (0 when none was written):
    every row starts with a label where the header has only spaces."""
    labels = [line.split(" ", 1)[0] for line in rows]
    if not all(labels):
        return 0
    width = max(len(label) for label in labels)
    return width if header[: width + 1].isspace() else 0
