"""A listing written as a MediaWiki table: what ``tabulate(…, tablefmt="mediawiki")`` and pandoc's
``-t mediawiki`` write for a table, and what a wiki page of papers holds.

    {| class="wikitable"
    ! title !! style="text-align: right;"| arxiv_id !! summary
    |-
    | FORGE: … || style="text-align: right;"| 2604.07413 || We present …
    |}

Header cells follow ``!`` (split at ``!!``), a row's cells follow ``|`` (split at ``||``, or one a
line) after each ``|-``; a cell's attributes end at its first single ``|``. Only a table whose
header names a paper (``pipeline.record_fields``) is taken: read as text, each ``|-`` became a
title with the row below for its abstract.
"""

from __future__ import annotations

import re

from pipeline.record_fields import (
    StructuredListing,
    header_names,
    leading_lines,
    names_a_paper,
    papers_listing,
)

# A cell's attributes (``style="text-align: right;"|``) before its text.
_ATTRIBUTES = re.compile(r"""^\s*(?:[\w-]+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s|]+)\s*)+\|(?!\|)""")


def wiki_table_listing(text: str) -> StructuredListing | None:
    """The papers of the first MediaWiki table whose header names a paper; None when there is none."""
    if not any(line.startswith("{|") for line in leading_lines(text, 5)):
        return None  # the cheap test first: every text page passes through here
    header: list[str] = []
    rows: list[tuple[int, list[str]]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if line.startswith("|}"):
            break
        if line.startswith("!"):
            header += [_cell(cell) for cell in line[1:].split("!!")]
        elif line.startswith("|-"):
            rows.append((number + 1, []))
        elif line.startswith("|") and not line.startswith(("|+", "{|")) and rows:
            rows[-1][1].extend(_cell(cell) for cell in line[1:].split("||"))
    names = header_names(header)
    if not names_a_paper(name for name in names if name):
        return None
    records = [(number, dict(zip(names, cells, strict=False))) for number, cells in rows if cells]
    return papers_listing(records, text)


def _cell(cell: str) -> str:
    return _ATTRIBUTES.sub("", cell.strip(), count=1).strip()
