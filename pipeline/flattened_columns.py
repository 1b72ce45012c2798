"""A table whose columns a dataset export flattened out of nested lists: one row per scraped page,
its cards in columns ``papers/0/title``, ``papers/0/url``, ``papers/1/title`` ...

Apify's console exports a dataset's items as CSV or Excel this way (a scraper's page function
returning ``{"url": …, "papers": [{…}, …]}``, the common shape of a listing scraper), and so do
other JSON-to-CSV flatteners with ``/`` or ``.`` between the parts. Read by its header alone, such a
table is one paper a row (the first card's columns matched ``title``) and the file was quarantined
as a broken extraction. Here each row is put back into the item it was (``papers/0/authors/1`` ->
``{"papers": [{"authors": [_, …]}]}``, empty cells dropped: a page with fewer cards leaves the
rest of its row empty) and every element of a list of papers in it is a record on the row's line,
with the row's own date fields (its ``loadedTime``) as a JSON export's nested lists get theirs."""

from __future__ import annotations

import re
from typing import Any

from pipeline.record_fields import DATE_NAMES, field_name, listed_day_of_page, looks_like_paper

_INDEXED = re.compile(r"^[^/.]+[/.]\d+(?:[/.].+)?$")  # papers/0/title, papers.0.title
_SEPARATOR = re.compile(r"[/.]")
MIN_SHARE = 0.5  # of the header's names that are indexed paths, for the table to be flattened
MIN_PAPER_SHARE = 0.5  # of a list's objects that look like papers, for it to be papers


def is_flattened(names: list[str]) -> bool:
    """Whether a header's names are mostly indexed paths into lists (``papers/0/title``), of at
    least two elements (a one-card page exports ``papers/0/…`` alone and reads as a row)."""
    indexed = [name for name in names if _INDEXED.match(name)]
    indices = {_SEPARATOR.split(name)[1] for name in indexed}
    return len(indexed) >= MIN_SHARE * len(names) and len(indices) >= 2


def element_rows(rows: list[tuple[int, dict[str, str]]]) -> list[tuple[int, Any]]:
    """(line, record) for each paper in each row's lists of papers, with the row's date fields; a
    row that holds no list of papers is kept as its cells (the reader rejects it, keeping it)."""
    found: list[tuple[int, Any]] = []
    for line, cells in rows:
        item = _unflattened(cells)
        around = {
            last: value
            for name, value in cells.items()
            if value
            and not _INDEXED.match(name)
            and field_name(last := _SEPARATOR.split(name)[-1]) in DATE_NAMES
        }
        around |= listed_day_of_page(item, around)
        papers = [value for value in item.values() if _is_paper_list(value)]
        if not papers:
            found.append((line, cells))
        for listed in papers:
            found += [(line, {**around, **paper}) for paper in listed if isinstance(paper, dict)]
    return found


def _unflattened(cells: dict[str, str]) -> dict[str, Any]:
    """``{"papers/0/title": "A", "papers/1/title": "B", "url": "u"}`` -> ``{"papers": [{"title":
    "A"}, {"title": "B"}], "url": "u"}``; empty cells are left out."""
    tree: dict[Any, Any] = {}
    for name, value in cells.items():
        if value is None or not str(value).strip():
            continue
        parts = [int(part) if part.isdigit() else part for part in _SEPARATOR.split(name)]
        node = tree
        for part in parts[:-1]:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):  # (``a`` and ``a/0`` both named: the cell wins)
                break
        else:
            node[parts[-1]] = value
    return _as_lists(tree)


def _as_lists(node: Any) -> Any:
    """Objects keyed by indices alone become lists, in index order."""
    if not isinstance(node, dict):
        return node
    values = {key: _as_lists(value) for key, value in node.items()}
    if values and all(isinstance(key, int) for key in values):
        return [values[key] for key in sorted(values)]
    return {str(key): value for key, value in values.items()}


def _is_paper_list(value: Any) -> bool:
    if not isinstance(value, list) or not value:
        return False
    papers = sum(1 for item in value if isinstance(item, dict) and looks_like_paper(item))
    return papers > 0 and papers >= MIN_PAPER_SHARE * len(value)
