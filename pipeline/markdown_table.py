"""A listing written as a Markdown table: what a notebook's ``DataFrame.to_markdown()`` or a
scraper that formats its rows for a README writes.

    | Title | Authors | Link | Abstract |
    |---|---|---|---|
    | FORGE: … | Alice Smith, Bob Jones | https://huggingface.co/papers/2604.07413 | We present … |

The header names the columns as a CSV export's would (``pipeline.record_fields``: a title, and an
id, a URL or an abstract); each row below the separator is a record, read like a CSV row. A cell's
Markdown link gives its text, and a paper link in it the record's URL (a title cell
``[Title](https://huggingface.co/papers/…)`` names the paper). ``\\|`` in a cell is a pipe.
Tables whose header names no paper (a digest's "Quick Access" table) are left to the card reader.
"""

from __future__ import annotations

import re
from typing import Any

from pipeline.labelled_listing import MARKDOWN_LINK
from pipeline.record_fields import PAPER_URL, StructuredListing, header_names, names_a_paper, papers_listing

_ROW = re.compile(r"^\s*\|.*\|\s*$")
MARKDOWN_SEPARATOR = re.compile(r"^\s*\|?(?:\s*:?-{3,}:?\s*\|)+\s*(?::?-{3,}:?\s*)?\|?\s*$")
_CELL_BREAK = re.compile(r"(?<!\\)\|")


def markdown_table_listing(text: str) -> StructuredListing | None:
    """The papers of the first table whose header names a paper's fields, or None."""
    if "|" not in text or "---" not in text:
        return None
    lines = text.split("\n")
    for i in range(len(lines) - 1):
        if not (_CELL_BREAK.search(lines[i]) and MARKDOWN_SEPARATOR.match(lines[i + 1])):
            continue
        outer = bool(_ROW.match(lines[i]))  # GitHub's tables may leave out the outer pipes
        header = header_names(_cells(lines[i]))
        if not names_a_paper(header):
            continue
        records = []
        for number in range(i + 3, len(lines) + 1):
            line = lines[number - 1]
            if not (_ROW.match(line) if outer else line.strip() and _CELL_BREAK.search(line)):
                break
            records.append((number, _record(header, _cells(line))))
        return papers_listing(records, text)
    return None


def _cells(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return [cell.strip().replace("\\|", "|") for cell in _CELL_BREAK.split(inner)]


def _record(header: list[str], cells: list[str]) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for name, cell in zip(header, cells, strict=False):
        if not name:  # pandas' index column
            continue
        urls = [m["url"] for m in MARKDOWN_LINK.finditer(cell)]
        record[name] = (
            urls[0]
            if urls and MARKDOWN_LINK.fullmatch(cell) and name != "title"
            else MARKDOWN_LINK.sub(lambda m: m["text"], cell)
        )
        paper = next((u for u in urls if PAPER_URL.search(u)), None)
        if paper and "url" not in header:
            record.setdefault("url", paper)
    return record
