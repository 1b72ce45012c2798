"""A table of papers whose header names no field: its columns' roles read from their cells.

Point-and-click scrapers name a column after what they clicked, not after what it holds: the
Instant Data Scraper extension after the element's CSS classes (``line-clamp-3``, ``text-sm 2``,
``relative href``), others ``Column1``, ``Field 2``, ``Text``. Such a CSV export names no title and
no URL, so the table reader passed it by. A column whose cells are mostly a paper's address (the
site's or arXiv's) shows the table lists papers; then the other columns' roles follow from their
cells: the longest prose is the abstract, the longest shorter text the title, and a column of
whole numbers the upvotes when it is the only one.
"""

from __future__ import annotations

import csv
import re
from statistics import median

from pipeline.csv_listing import table_rows
from pipeline.generic_columns import COUNT
from pipeline.record_fields import PAPER_URL, StructuredListing, leading_lines, papers_listing

MIN_COLUMNS = 3  # a table without a header
MIN_NAMED_COLUMNS = 2  # under a header (ParseHub's ``selection1_name,selection1_url``)
MAX_NAME_CHARS = 80  # a header cell: a name, not a value
MIN_SHARE = 0.8  # of a column's non-empty cells that must fit its role
MIN_ABSTRACT_CHARS = 120  # a column of prose: its median cell at least this long
MAX_TITLE_CHARS = 300
_ARXIV_ID = re.compile(r"^(?:arXiv:)?\d{4}\.\d{4,5}(?:v\d+)?$")
_DATEISH = re.compile(r"^(?:[A-Z][a-z]{2} \d{1,2}(?:, \d{4})?|\d{4}-\d{2}-\d{2}.*)$")


def roles_by_content(rows: list[dict[str, str]]) -> dict[str, str] | None:
    """Column name -> field (``url``, ``title``, ``abstract``, ``upvotes``) for a table whose cells
    show a paper per row, or None when no column holds paper addresses or none holds a title."""
    names = list(rows[0]) if rows else []
    cells = {name: [value for row in rows if (value := (row.get(name) or "").strip())] for name in names}
    url = next((name for name in names if _share(cells[name], _is_paper_address) >= MIN_SHARE), None)
    if url is None or len(cells[url]) < max(2, MIN_SHARE * len(rows)):
        return None
    roles = {url: "url"}
    texts = {
        name: median(len(value) for value in cells[name])
        for name in names
        if name not in roles and cells[name] and _share(cells[name], _is_text) >= MIN_SHARE
    }
    prose = [name for name, length in texts.items() if length >= MIN_ABSTRACT_CHARS]
    if prose:
        roles[max(prose, key=texts.__getitem__)] = "abstract"
    titles = [name for name, length in texts.items() if name not in roles and 8 <= length <= MAX_TITLE_CHARS]
    if not titles:
        return None
    roles[max(titles, key=lambda name: (len(set(cells[name])), texts[name]))] = "title"
    counts = [
        name for name in names if name not in roles and cells[name] and _share(cells[name], _is_count) == 1
    ]
    if len(counts) == 1:
        roles[counts[0]] = "upvotes"
    return roles


def _is_text(value: str) -> bool:
    """Words: not a count, a date, an arXiv id or an address alone (prose may cite one)."""
    address = value.startswith(("http://", "https://", "/")) and " " not in value
    return not address and not COUNT.match(value) and not _DATEISH.match(value) and not _ARXIV_ID.match(value)


def _cells(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter))
    except csv.Error:
        return []


def _is_address_cell(cell: str) -> bool:
    cell = cell.strip()
    return " " not in cell and cell.startswith(("http://", "https://")) and _is_paper_address(cell)


def _is_count(value: str) -> bool:
    return COUNT.match(value) is not None


def _is_paper_address(value: str) -> bool:
    return PAPER_URL.search(value) is not None


def _share(values: list[str], test) -> float:
    return sum(1 for value in values if test(value)) / len(values) if values else 0.0


def unnamed_table_listing(text: str) -> StructuredListing | None:
    """The papers of a CSV, TSV or ``|``-separated table whose header names no field, or that has
    no header (a script's ``csv.writer`` rows, a log of ``date | votes | title | URL`` lines: its
    first line holds a paper's address or a value too long for a name), or None when ``text`` is no
    such table. Its first test (at least two cells on the first line, three without a header, and
    a paper's address somewhere) runs on every page that no other structured reader took."""
    if "/papers/" not in text and "arxiv.org/" not in text:
        return None
    start = len(text) - len(text.lstrip("\r\n"))
    header = leading_lines(text[start : start + 4096], 1)[0]
    split = {d: _cells(header, d) for d in ("\t", ",", "|") if header.count(d) >= MIN_NAMED_COLUMNS - 1}
    # the delimiter that cuts a paper's address out whole (a headerless row's abstract has commas)
    delimiter = next((d for d, cells in split.items() if any(map(_is_address_cell, cells))), None)
    delimiter = delimiter or next(iter(split), None)
    if delimiter is None or not (names := split[delimiter]):
        return None
    headerless = any(map(_is_address_cell, names))
    if len(names) < (MIN_COLUMNS if headerless else MIN_NAMED_COLUMNS):
        return None
    if headerless:
        found = table_rows(text, start, delimiter, [f"column {i}" for i in range(1, len(names) + 1)])
    elif any(len(name) > MAX_NAME_CHARS or not name.strip() for name in names):
        return None
    else:
        found = table_rows(text, start, delimiter)
    if found is None:
        return None
    lines = [line for line, _ in found]
    rows = [{name: value for name, value in row.items() if isinstance(value, str)} for _, row in found]
    roles = roles_by_content(rows)
    if roles is None:
        return None
    # the other columns keep their cells under names no field has (a clicked element's class
    # could be called "title" while the titles stand elsewhere)
    renamed = [{roles.get(name, f"unnamed {name}"): value for name, value in row.items()} for row in rows]
    return papers_listing(zip(lines, renamed, strict=True), text)
