"""A listing saved as a table: CSV or TSV with a header row (pandas ``to_csv``, a spreadsheet's
export, a scraper's ``csv.DictWriter``), one paper per row, its fields found by column name
(``pipeline.record_fields``: ``title``, ``abstract``, ``url``, ``upvotes``, ``authors`` ...).

A table is one whose first line (or one of the next few, under a sheet's title row), split at
commas, tabs or semicolons, names a title column and an id, URL or abstract column; the lines above
it are kept as rejects. Quoted cells may hold the delimiter and line breaks; a paper's line is
the line its row starts on. A row without a title is a reject.

Cells split at ``|`` with no quoting are what the ``sqlite3`` shell prints by default (``.mode
list``, with ``-header``): a line with fewer cells than the header goes on the last cell of the row
above (the value held a line break), and a row with more puts the rest back into its last cell
(the value held a ``|``). Markdown tables (``| … |``) are left to ``pipeline.markdown_table``."""

from __future__ import annotations

import csv
import io
import re

from pipeline.flattened_columns import element_rows, is_flattened
from pipeline.markdown_table import MARKDOWN_SEPARATOR
from pipeline.record_fields import StructuredListing, header_names, leading_lines, listing_of, names_a_paper

DELIMITERS = (",", "\t", ";")
# A cell may hold a whole page (a crawler's dataset) or a long abstract: past the csv module's
# default of 128 KiB a field ended the table.
csv.field_size_limit(max(csv.field_size_limit(), 512 * 1024 * 1024))
HEADER_SEARCH_LINES = 5  # the header is on one of a sheet's first rows
FIT_ROWS = 20  # rows read under a header to see that they are its table's
MIN_COLUMNS, MIN_ROWS = 3, 10  # a table of something else: its header's names and rows
_COLUMN_NAME = re.compile(r"^[\w /#?.()&%:-]{1,40}$")
MAX_TITLE_ROW = 80  # characters of a line above the header without a delimiter: a sheet's or table's name


def parse_csv_listing(text: str) -> StructuredListing | None:
    """The papers of a table of papers; None when ``text`` is no such table. Never raises."""
    start = len(text) - len(text.lstrip("\r\n"))
    header = text[start:].split("\n", 1)[0]
    first_line = text.count("\n", 0, start) + 1
    found = delimited_header(text)
    if found is None:
        second = text[start:].split("\n", 2)[1:2]
        if is_pipe_header(header) and not (second and MARKDOWN_SEPARATOR.match(second[0])):
            return listing_of(_pipe_rows(text[start:], first_line), text)
        return None  # (a header over |---|---: a Markdown table without its outer pipes)
    start, delimiter = found
    end = text.find("\n", start)
    names = header_cells(text[start:end].rstrip("\r"), delimiter) if end > 0 else []
    if is_flattened(names):  # one row a page, its cards in ``papers/0/title`` ... columns
        rows = table_rows(text, end + 1, delimiter, names)
        rows = element_rows(rows) if rows is not None else None
    else:
        rows = table_rows(text, start, delimiter)
    if rows is None:
        return None
    listing = listing_of(rows, text)
    above = [
        (n, line) for n, line in enumerate(text[:start].split("\n")[:-1], start=1) if line.strip(" ,;\t\r")
    ]
    listing.others[:0] = [(n, line.rstrip("\r")) for n, line in above]  # a sheet's title row: kept
    return listing


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
        header: list[str] = []
        if names is None:  # the header's labels as field names (``Paper``, ``👍``: record_fields)
            header = next(reader, [])
            names = header_names(header)
        read = reader.line_num  # lines consumed before the rows: the header, if any
        for cells in reader:
            if header and cells == header:  # the header again: a feed exported onto its file again
                read = reader.line_num
                continue
            if cells:  # (a blank line is no row; one cut short has its last cells empty)
                cells += [""] * (len(names) - len(cells))
                rows.append((first_line + read, dict(zip(names, cells, strict=False))))
            read = reader.line_num
    except csv.Error:
        return None
    return rows


def is_table_of_something_else(text: str) -> bool:
    """Whether ``text`` is a CSV/TSV table whose header names no paper's field: a first line of at
    least ``MIN_COLUMNS`` short names, and ``MIN_ROWS`` rows or more under it, nearly all as wide
    (an element table of a document parser, a log). Read as text, its rows were taken for titles."""
    header = leading_lines(text, 1)[0]
    for delimiter in DELIMITERS:
        names = header_cells(header, delimiter)
        if len(names) < MIN_COLUMNS or not all(_COLUMN_NAME.match(name.strip()) for name in names):
            continue
        widths = _row_widths(text, 0, delimiter, MIN_ROWS * 10, 2 * 1024 * 1024)
        if widths is None:
            return False
        rows = widths[1:]
        return len(rows) >= MIN_ROWS and sum(w == len(names) for w in rows) >= 0.9 * len(rows)
    return False


def _row_widths(text: str, at: int, delimiter: str, rows: int, chars: int) -> list[int] | None:
    """The cell counts of the first ``rows`` rows of the table at ``at`` (its header first), read
    from its first ``chars`` characters; None where a quote never closes there."""
    reader = csv.reader(io.StringIO(text[at : at + chars], newline=""), delimiter=delimiter)
    try:
        return [len(row) for _, row in zip(range(rows), reader, strict=False)]
    except csv.Error:
        return None


def header_cells(line: str, delimiter: str) -> list[str]:
    """The cells of one line (a header), split as CSV; [] for a line that is no CSV."""
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return []


def delimited_header(text: str) -> tuple[int, str] | None:
    """(where the header line starts, its delimiter) of a CSV/TSV table of papers: the first line,
    or one of the next few under a sheet's title row, a table's name or a row of column groups
    (``Daily papers 2025-12-04,,,``, Numbers' ``Table 1``, ``Paper,,Engagement``), as spreadsheets
    export them; None for no table."""
    at = 0
    for _ in range(HEADER_SEARCH_LINES):
        end = text.find("\n", at)
        line = text[at:] if end < 0 else text[at:end]
        if (delimiter := _delimiter(line)) and _rows_fit(text, at, delimiter):
            return at, delimiter
        if end < 0 or (len(line) > MAX_TITLE_ROW and not any(d in line for d in DELIMITERS)):
            return None  # a line of prose, not a sheet's row or a table's name: no table under it
        at = end + 1
    return None


def _rows_fit(text: str, at: int, delimiter: str) -> bool:
    """Whether the lines under a header are its table's rows: of the first ``FIT_ROWS`` that have
    two cells or more, most have no more cells than the header (a sheet's row may end early, its
    empty cells trimmed; a line of prose under a first line such as ``Paper, link, notes`` has
    commas of its own)."""
    widths = _row_widths(text, at, delimiter, FIT_ROWS + 1, 1_000_000)
    if widths is None:
        return False
    width, rows = (widths[0] if widths else 0), [w for w in widths[1:] if w > 1]
    return not rows or sum(w <= width for w in rows) >= 0.7 * len(rows)


def _delimiter(header: str) -> str | None:
    return next((d for d in DELIMITERS if d in header and _names(header, d)), None)


def _names(header: str, delimiter: str) -> bool:
    columns = header_cells(header, delimiter)
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
