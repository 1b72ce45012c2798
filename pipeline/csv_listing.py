"""A listing saved as a table: CSV or TSV with a header row (pandas ``to_csv``, a spreadsheet's
export, a scraper's ``csv.DictWriter``), one paper per row, its fields found by column name
(``pipeline.record_fields``: ``title``, ``abstract``, ``url``, ``upvotes``, ``authors`` ...).

A table is one whose first line, split at commas, tabs or semicolons, names a title column and an
id, URL or abstract column. Quoted cells may hold the delimiter and line breaks; a paper's line is
the line its row starts on. A row without a title is a reject. Markdown tables (``|``) are left to
the card reader."""

from __future__ import annotations

import csv
import io

from pipeline.record_fields import StructuredListing, listing_of, names_a_paper

DELIMITERS = (",", "\t", ";")


def parse_csv_listing(text: str) -> StructuredListing | None:
    """The papers of a table of papers; None when ``text`` is no such table. Never raises."""
    start = len(text) - len(text.lstrip("\r\n"))
    header = text[start:].split("\n", 1)[0]
    delimiter = next((d for d in DELIMITERS if d in header and _names(header, d)), None)
    if delimiter is None:
        return None
    first_line = text.count("\n", 0, start) + 1
    rows: list[tuple[int, dict]] = []
    reader = csv.DictReader(io.StringIO(text[start:], newline=""), delimiter=delimiter)
    try:
        read = 1  # lines the reader has consumed: the header
        for row in reader:
            rows.append((first_line + read, {k: v for k, v in row.items() if isinstance(k, str)}))
            read = reader.line_num
    except csv.Error:
        return None  # a quote never closed: not a table
    return listing_of(rows, text)


def _names(header: str, delimiter: str) -> bool:
    try:
        columns = next(csv.reader([header], delimiter=delimiter))
    except (csv.Error, StopIteration):
        return False
    return len(columns) >= 2 and names_a_paper(columns)
