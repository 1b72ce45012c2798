"""An Excel workbook of papers: each worksheet as a table, written as CSV for ``pipeline.csv_listing``.

No-code scrapers export to Excel by default or on request (Octoparse, Web Scraper, the Instant
Data Scraper extension), and a notebook's ``DataFrame.to_excel`` writes one: a header row naming
the fields, a paper a row. ``sheet_tables`` gives each worksheet's cells as CSV text, its lines the
sheet's rows, so the table reader that reads a CSV export reads it (a cell holding a line break
spans lines, as in a CSV). Values are those Excel last computed (a formula's result); a date is
ISO; a whole number written as a float (``12.0``) is written as one (``12``).

A workbook is a ZIP of XML parts, as any office document: ``is_workbook`` tells an Excel one
(``xl/workbook.xml``) from Word, PowerPoint and OpenDocument files, which hold no table to read.
"""

from __future__ import annotations

import csv
import io
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
    tables = []
    try:
        for sheet in book.worksheets:
            rows = [
                _trimmed([_cell_text(value) for value in row]) for row in sheet.iter_rows(values_only=True)
            ]
            while rows and not rows[-1]:
                rows.pop()
            if rows:
                out = io.StringIO()
                csv.writer(out, lineterminator="\n").writerows(rows)
                tables.append((sheet.title, out.getvalue()))
    finally:
        book.close()
    return tables


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


def _trimmed(cells: list[str]) -> list[str]:
    """A row without its empty cells at the end (a sheet's used range may run past the data)."""
    while cells and not cells[-1]:
        cells.pop()
    return cells
