"""An OpenDocument spreadsheet (``.ods``, LibreOffice Calc's own format): each sheet as CSV text for
``pipeline.csv_listing``, as ``pipeline.workbook`` does for Excel.

The sheets are in the archive's ``content.xml``: ``table:table`` elements of ``table:table-row``s of
``table:table-cell``s, each cell's text in its ``text:p`` paragraphs and a link as ``text:a`` with
its ``xlink:href``. A run of equal cells or rows is written once with a repeat count (a sheet's
unused columns to the 16,384th, its unused rows to the millionth): repeats are expanded only for
cells with something in them and between rows that hold text. Read with the standard library's XML
parser; no formula is computed (LibreOffice stores each result beside its formula).
"""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree

from pipeline.workbook import sheet_csv

MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_XLINK = "http://www.w3.org/1999/xlink"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_MAX_REPEAT = 1000  # a repeated cell or row with something in it, written out at most so often


def is_spreadsheet(archive: zipfile.ZipFile) -> bool:
    """An OpenDocument spreadsheet (its ``mimetype`` member says so), not another office document."""
    try:
        return archive.read("mimetype").strip() == MIMETYPE
    except (KeyError, OSError, zipfile.BadZipFile):
        return False


def spreadsheet_tables(data: bytes) -> list[tuple[str, str]]:
    """(sheet name, its cells as CSV text) for every sheet with a cell in it. Raises ``ValueError``
    when the file cannot be read."""
    try:
        content = zipfile.ZipFile(io.BytesIO(data)).read("content.xml")
        root = ElementTree.fromstring(content)
    except (KeyError, OSError, zipfile.BadZipFile, ElementTree.ParseError) as exc:
        raise ValueError(" ".join(str(exc).split())[:200] or type(exc).__name__) from exc
    tables = []
    for sheet in root.iter(f"{{{_TABLE}}}table"):
        if text := sheet_csv(*_rows(sheet)):
            tables.append((sheet.get(f"{{{_TABLE}}}name", ""), text))
    return tables


def _rows(
    sheet: ElementTree.Element,
) -> tuple[list[list[str]], dict[tuple[int, int], tuple[str, str | None]]]:
    """The sheet's rows of cell texts, and its linked cells: (row, column) -> (target, None)."""
    rows: list[list[str]] = []
    links: dict[tuple[int, int], tuple[str, str | None]] = {}
    for row in sheet.iter(f"{{{_TABLE}}}table-row"):
        cells: list[str] = []
        for cell in row:
            if cell.tag not in (f"{{{_TABLE}}}table-cell", f"{{{_TABLE}}}covered-table-cell"):
                continue
            text = _cell_text(cell)
            repeat = int(cell.get(f"{{{_TABLE}}}number-columns-repeated", "1"))
            href = next((a.get(f"{{{_XLINK}}}href") for a in cell.iter(f"{{{_TEXT}}}a")), None)
            if href:
                links[len(rows), len(cells)] = (href, None)
            cells += [text] * (min(repeat, _MAX_REPEAT) if text else repeat if repeat <= _MAX_REPEAT else 1)
        repeat = int(row.get(f"{{{_TABLE}}}number-rows-repeated", "1"))
        rows += [cells] * (min(repeat, _MAX_REPEAT) if any(cells) else 1)
    return rows, links


def _cell_text(cell: ElementTree.Element) -> str:
    """A cell's value: a number or date as stored (its shown text may be formatted, or empty, as
    pandas writes a 0), any other cell's paragraphs."""
    kind = cell.get(f"{{{_OFFICE}}}value-type")
    if kind in ("float", "percentage", "currency") and (value := cell.get(f"{{{_OFFICE}}}value")):
        try:
            number = float(value)
        except ValueError:
            return value
        return str(int(number)) if number.is_integer() else value
    if kind == "date" and (value := cell.get(f"{{{_OFFICE}}}date-value")):
        return value.removesuffix("T00:00:00")
    return "\n".join("".join(p.itertext()) for p in cell.iter(f"{{{_TEXT}}}p"))
