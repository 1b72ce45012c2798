"""A listing saved as a table: CSV or TSV with a header row (pandas ``to_csv``, a spreadsheet's
export, a scraper's ``csv.DictWriter``), one paper per row, its fields found by column name
(``pipeline.record_fields``: ``title``, ``abstract``, ``url``, ``upvotes``, ``authors`` ...).

A table is one whose first line, split at commas, tabs or semicolons, names a title column and an
id, URL or abstract column. Quoted cells may hold the delimiter and line breaks; a paper's line is
the line its row starts on. A row without a title is a reject.

Cells split at ``|`` with no quoting are what the ``sqlite3`` shell prints by default (``.mode
list``, with ``-header``): a line with fewer cells than the header goes on the last cell of the row
above (the value held a line break), and a row with more puts the rest back into its last cell
(the value held a ``|``). Markdown tables (``| … |``) are left to ``pipeline.markdown_table``."""

from __future__ import annotations

import csv
import io

from pipeline.markdown_table import MARKDOWN_SEPARATOR
from pipeline.record_fields import StructuredListing, header_names, listing_of, names_a_paper

DELIMITERS = (",", "\t", ";")


def parse_csv_listing(text: str) -> StructuredListing | None:
    """The papers of a table of papers; None when ``text`` is no such table. Never raises."""
    start = len(text) - len(text.lstrip("\r\n"))
    header = text[start:].split("\n", 1)[0]
    first_line = text.count("\n", 0, start) + 1
    delimiter = _delimiter(header)
    if delimiter is None:
        second = text[start:].split("\n", 2)[1:2]
        if is_pipe_header(header) and not (second and MARKDOWN_SEPARATOR.match(second[0])):
            return listing_of(_pipe_rows(text[start:], first_line), text)
        return None  # (a header over |---|---: a Markdown table without its outer pipes)
    rows = table_rows(text, start, delimiter)
    return None if rows is None else listing_of(rows, text)


def table_rows(
    text: str, start: int, delimiter: str, names: list[str] | None = None
) -> list[tuple[int, dict]] | None:
    """The rows under a delimited table's header line (which starts at ``start``), or from that
    line on when the table has no header and ``names`` are given: each with the line it starts on
    and its cells by column name. None when a quote never closes (no table)."""
    first_line = text.count("\n", 0, start) + 1
    rows: list[tuple[int, dict]] = []
    reader = csv.reader(io.StringIO(text[start:], newline=""), delimiter=delimiter)
    try:
        if names is None:  # the header's labels as field names (``Paper``, ``👍``: record_fields)
            names = header_names(next(reader, []))
        read = reader.line_num  # lines consumed before the rows: the header, if any
        for cells in reader:
            if cells:  # (a blank line is no row)
                rows.append((first_line + read, dict(zip(names, cells, strict=False))))
            read = reader.line_num
    except csv.Error:
        return None
    return rows


def is_delimited_header(line: str) -> bool:
    """Whether ``line`` is a CSV/TSV header whose columns name a paper."""
    return _delimiter(line) is not None


def _delimiter(header: str) -> str | None:
    return next((d for d in DELIMITERS if d in header and _names(header, d)), None)


def _names(header: str, delimiter: str) -> bool:
    try:
        columns = next(csv.reader([header], delimiter=delimiter))
    except (csv.Error, StopIteration):
        return False
    return len(columns) >= 2 and names_a_paper(columns)


def is_pipe_header(line: str) -> bool:
    """A header of cells split at ``|`` (not a Markdown table's, which starts with one)."""
    return "|" in line and not line.lstrip().startswith("|") and names_a_paper(line.split("|"))


def _pipe_rows(text: str, first_line: int) -> list[tuple[int, dict]]:
    lines = text.rstrip("\n").split("\n")
    names = [name.strip() for name in lines[0].split("|")]
    rows: list[tuple[int, list[str]]] = []
    for number, line in enumerate(lines[1:], start=first_line + 1):
        cells = line.rstrip("\r").split("|")
        if len(cells) < len(names) and rows:
            previous = rows[-1][1]
            previous[-1] += "\n" + cells[0]
            previous.extend(cells[1:])
            continue
        rows.append((number, cells))
    last = len(names) - 1
    joined = [(number, [*cells[:last], "|".join(cells[last:])]) for number, cells in rows]
    return [(number, dict(zip(names, cells, strict=False))) for number, cells in joined]
