"""Records printed one field a line as ``name = value``, a blank line between records: the
``sqlite3`` shell's ``.mode line`` (names right-aligned), and scripts that print a record so.

       title = FORGE: …
    arxiv_id = 2604.07413
     summary = We present …

Every non-blank line must be such a line and the names must name a paper's fields
(``pipeline.record_fields``); read as text, each line became a card of its own. A value with a line
break in it breaks that rule, and the file is left to the other readers.
"""

from __future__ import annotations

import re

from pipeline.record_fields import StructuredListing, field_name, leading_lines, names_a_paper, papers_listing

_FIELD = re.compile(r"^\s*(?P<name>[A-Za-z_][\w ]{0,40}?) = (?P<value>.*)$")


def key_value_listing(text: str) -> StructuredListing | None:
    """The papers of ``name = value`` records; None when ``text`` is not written so."""
    first = next((line for line in leading_lines(text, 3) if line.strip()), "")
    if not _FIELD.match(first):
        return None  # the cheap test first: every text page passes through here
    records: list[tuple[int, dict[str, str]]] = []
    current: dict[str, str] | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            current = None
            continue
        match = _FIELD.match(line)
        if match is None:
            return None
        if current is None:
            current = {}
            records.append((number, current))
        current[field_name(match["name"])] = match["value"].strip()
    if not records or not names_a_paper(records[0][1]):
        return None
    return papers_listing(records, text)
