"""An Excel workbook of papers: each worksheet as a table, written as CSV for ``pipeline.csv_listing``.

No-code scrapers export to Excel by default or on request (Octoparse, Web Scraper, the Instant
Data Scraper extension), and a notebook's ``DataFrame.to_excel`` writes one: a header row naming
the fields, a paper a row. ``sheet_tables`` gives each worksheet's cells as CSV text, its lines the
sheet's rows, so the table reader that reads a CSV export reads it (a cell holding a line break
spans lines, as in a CSV). Values are those Excel last computed (a formula's result); a date is
ISO; a whole number written as a float (``12.0``) is written as one (``12``). A linked cell (a
hyperlink, or a ``=HYPERLINK(url, text)`` formula, the usual way to make a DataFrame's titles
clickable) shows its text, and its target goes into a column of its own, ``<column> link``, which
gives the paper's id; a script that writes such formulas caches no result (or 0) for them, so the
formula's text is the title.

A workbook is a ZIP of XML parts, as any office document: ``is_workbook`` tells an Excel one
(``xl/workbook.xml``) from Word, PowerPoint and OpenDocument files, which hold no table to read.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date, datetime, time


def is_workbook(archive: zipfile.ZipFile) -> bool:
    """An Excel workbook (Office Open XML), not another office document."""
    return "xl/workbook.xml" in archive.namelist()


def sheet_tables(data: bytes) -> list[tuple[str, str]]:
    """(sheet name, its cells as CSV text) for every worksheet with a cell in it, in workbook
    order. Raises ``ValueError`` when the workbook cannot be read."""
    from openpyxl import load_workbook  # only for workbooks: its import is not on every page's path

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file: all mean unreadable
        raise ValueError(" ".join(str(exc).split())[:200] or type(exc).__name__) from exc
    links = _links(data)
    tables = []
    try:
        for sheet in book.worksheets:
            rows = [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
            if text := sheet_csv(rows, links.get(sheet.title, {})):
                tables.append((sheet.title, text))
    finally:
        book.close()
    return tables


# =HYPERLINK("url", "text") (a ";" between them in some locales; a quote in a string doubled)
_HYPERLINK = re.compile(
    r'^=\s*HYPERLINK\(\s*"(?P<url>(?:[^"]|"")*)"\s*(?:[,;]\s*"(?P<text>(?:[^"]|"")*)"\s*)?\)\s*$',
    re.IGNORECASE,
)


def _links(data: bytes) -> dict[str, dict[tuple[int, int], tuple[str, str | None]]]:
    """Per sheet, the cells that link somewhere: (row, column) -> (target, the text a HYPERLINK
    formula shows, or None where the cell's value is its text). A cell's hyperlink and a formula
    are only in the workbook's full reading (the values come from the cached results, which a
    script writing formulas leaves empty or 0)."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), data_only=False)
    found: dict[str, dict[tuple[int, int], tuple[str, str | None]]] = {}
    for sheet in book.worksheets:
        cells: dict[tuple[int, int], tuple[str, str | None]] = {}
        for r, row in enumerate(sheet.iter_rows()):
            for c, cell in enumerate(row):
                if isinstance(cell.value, str) and (match := _HYPERLINK.match(cell.value)):
                    text = match["text"].replace('""', '"') if match["text"] is not None else None
                    cells[r, c] = (match["url"].replace('""', '"'), text)
                elif cell.hyperlink is not None and cell.hyperlink.target:
                    cells[r, c] = (cell.hyperlink.target, None)
        if cells:
            found[sheet.title] = cells
    return found


def with_links(
    rows: list[list[str]], links: dict[tuple[int, int], tuple[str, str | None]]
) -> list[list[str]]:
    """The sheet's rows with each linked cell showing its text, and each linked column's targets in
    a column of their own at the end, named after the column (``Paper link``) on its header row:
    the row above its first link that names it."""
    # (the full reading may count rows or columns the values' reading did not: such links have no cell)
    links = {(r, c): link for (r, c), link in links.items() if r < len(rows)}
    width = max([len(row) for row in rows] + [c + 1 for _, c in links])
    rows = [row + [""] * (width - len(row)) for row in rows]
    for (r, c), (_, text) in links.items():
        if text is not None and rows[r][c] in ("", "0"):  # a formula's result not cached, or 0
            rows[r][c] = text
    for column in sorted({c for _, c in links}):
        first = min(r for r, c in links if c == column)
        header = next((r for r in range(first - 1, -1, -1) if rows[r][column]), None)
        added = [""] * len(rows)
        if header is not None:
            added[header] = f"{rows[header][column]} link"
        for (r, c), (target, _) in links.items():
            if c == column:
                added[r] = target
        rows = [[*row, cell] for row, cell in zip(rows, added, strict=True)]
    return rows


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def sheet_csv(rows: list[list[str]], links: dict[tuple[int, int], tuple[str, str | None]]) -> str | None:
    """A sheet's rows of cell texts as CSV text, its linked cells as ``with_links`` writes them,
    each row without its empty cells at the end and the sheet without its empty rows at the end;
    None for a sheet with no cell (an Excel workbook's and an OpenDocument spreadsheet's alike)."""
    if links:
        rows = with_links(rows, links)
    rows = [_trimmed(row) for row in rows]
    while rows and not rows[-1]:
        rows.pop()
    if not rows:
        return None
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _trimmed(cells: list[str]) -> list[str]:
    """A row without its empty cells at the end (a sheet's used range may run past the data)."""
    while cells and not cells[-1]:
        cells.pop()
    return cells
