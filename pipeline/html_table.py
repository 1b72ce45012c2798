"""A listing saved as an HTML table: what ``DataFrame.to_html()``, a spreadsheet's "publish as web
page" or a scraper's HTML report writes, with or without a page around it (or only its rows, as
the ``sqlite3`` shell's ``.mode html`` prints them).

    <table><thead><tr><th></th><th>title</th><th>arxiv_id</th><th>summary</th></tr></thead>
    <tbody><tr><th>0</th><td>FORGE: …</td><td>2604.07413</td><td>We present …</td></tr> …

The table is written out as a Markdown table for ``pipeline.markdown_table``, which reads its
header as a CSV export's (a title, and an id, a URL or an abstract column) and each row as a
record. A cell's text is escaped as ``pipeline.html_listing`` escapes a page's text; a link in a
cell keeps its target, so a title linked to its paper names the paper. Only a table whose header
names a paper is taken: read as text, its cells became cards of their own (a row's id for a title,
its upvote count for the abstract). Line numbers are those of the Markdown written here.
"""

from __future__ import annotations

from html.parser import HTMLParser

from pipeline.html_listing import escape_markdown, markdown_target, unescaped
from pipeline.record_fields import field_name, names_a_paper

_CELLS = frozenset(("td", "th"))
_SKIPPED = frozenset(("script", "style", "svg", "noscript", "template", "head"))


def html_table_markdown(html: str) -> str | None:
    """The first table of ``html`` whose header names a paper's fields, as a Markdown table; None
    when there is none (or the markup cannot be read)."""
    lowered = html[:2_000_000].lower()
    if "<table" not in lowered:
        if "<tr" not in lowered:
            return None
        html = f"<table>{html}</table>"  # rows without their table: the sqlite3 shell's .mode html
    reader = _TableReader()
    try:
        reader.feed(html)
        reader.close()
    except Exception:  # html.parser raises on some broken markup: then there is no table to take
        return None
    for rows in reader.tables:
        if len(rows) >= 2 and names_a_paper(field_name(unescaped(cell)) for cell in rows[0] if cell):
            width = len(rows[0])
            lines = [_row([unescaped(name) for name in rows[0]]), "|" + "---|" * width]  # names as written
            lines += [_row((row + [""] * width)[:width]) for row in rows[1:] if any(row)]
            return "\n".join(lines) + "\n"
    return None


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


class _TableReader(HTMLParser):
    """Every table's rows of cell texts (a link in a cell as ``[text](href)``); nested tables are
    read as tables of their own."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self._open: list[list[list[str]]] = []  # the tables being read, innermost last
        self._cell: list[str] | None = None
        self._link: tuple[str, list[str]] | None = None
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skipping += 1
        elif tag == "table":
            self._open.append([])
            self._cell = None
        elif tag == "tr" and self._open:
            self._open[-1].append([])
            self._cell = None
        elif tag in _CELLS and self._open:
            if not self._open[-1]:
                self._open[-1].append([])
            self._end_cell()
            self._cell = []
        elif tag == "a" and self._cell is not None:
            self._link = (dict(attrs).get("href") or "", [])
        elif tag == "br" and self._cell is not None:
            self._text(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag == "a" and self._link is not None:
            href, words = self._link
            self._link = None
            text = " ".join("".join(words).split())
            target = markdown_target(href)
            if self._cell is not None and text:
                self._cell.append(f"[{text}]({target})" if target else text)
        elif tag in _CELLS:
            self._end_cell()
        elif tag == "table" and self._open:
            self._end_cell()
            self.tables.append(self._open.pop())

    def handle_data(self, data: str) -> None:
        if not self._skipping and self._cell is not None:
            self._text(escape_markdown(data))

    def _text(self, text: str) -> None:
        (self._link[1] if self._link is not None else self._cell).append(text)  # type: ignore[union-attr]

    def _end_cell(self) -> None:
        if self._cell is not None and self._open and self._open[-1]:
            self._open[-1][-1].append(" ".join("".join(self._cell).split()))
        self._cell = None
        self._link = None
