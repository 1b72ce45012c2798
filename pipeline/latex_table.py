"""A listing written as a LaTeX table: ``DataFrame.to_latex()`` and ``tabulate(…, tablefmt="latex")``.

    \\begin{tabular}{lllrl}
    \\toprule
    title & arxiv\\_id & url & upvotes & summary \\\\
    \\midrule
    FORGE: … & 2604.07413 & https://huggingface.co/papers/2604.07413 & 12 & We present … \\\\

Each row is a line ending in ``\\\\``, its cells split at ``&`` (``\\&`` is text; pandas writes a
cell's ``&`` unescaped by default, and the cells beyond the header's go back into the last one); the
first row is the header, and LaTeX's escapes of special characters are taken off. Only a table
whose header names a paper (``pipeline.record_fields``) is taken: read as prose, its rows became
cards (published as ``ok`` on some days) or the file was quarantined as suspect.
"""

from __future__ import annotations

import re

from pipeline.record_fields import (
    StructuredListing,
    header_names,
    leading_lines,
    names_a_paper,
    papers_listing,
)

_BEGIN = re.compile(r"\\begin\{(?:tabular|longtable)")
_CELL_BREAK = re.compile(r"(?<!\\)&")
# LaTeX's forms of special characters as pandas (``escape=True``) and tabulate write them.
_ESCAPES = {
    r"\textbackslash ": "\\",  # pandas: the command and its space, a space after it as \space
    r"\textasciitilde ": "~",
    r"\textasciicircum ": "^",
    r"\space ": " ",
    r"\space": " ",
    r"\textbackslash{}": "\\",
    r"\textasciitilde{}": "~",
    r"\textasciicircum{}": "^",
    r"\ensuremath{<}": "<",
    r"\ensuremath{>}": ">",
    r"\^{}": "^",
    r"\~{}": "~",
    r"\&": "&",
    r"\%": "%",
    r"\$": "$",
    r"\#": "#",
    r"\_": "_",
    r"\{": "{",
    r"\}": "}",
}
_ESCAPE = re.compile("|".join(re.escape(escape) for escape in sorted(_ESCAPES, key=len, reverse=True)))


def latex_table_listing(text: str) -> StructuredListing | None:
    """The papers of a LaTeX table; None when ``text`` is no such table."""
    if not any(_BEGIN.search(line) for line in leading_lines(text, 5)):
        return None  # the cheap test first: every text page passes through here
    rows = [
        (number, [_unescaped(cell) for cell in _CELL_BREAK.split(line.rstrip()[:-2])])
        for number, line in enumerate(text.split("\n"), start=1)
        if line.rstrip().endswith("\\\\") and _CELL_BREAK.search(line)
    ]
    if len(rows) < 2:
        return None
    header = header_names(rows[0][1])
    if not names_a_paper(name for name in header if name):
        return None
    last = len(header) - 1  # an unescaped & (pandas' default) splits a cell: the rest is the last one's
    joined = [(number, [*cells[:last], " & ".join(cells[last:])]) for number, cells in rows[1:]]
    records = [(number, dict(zip(header, cells, strict=False))) for number, cells in joined]
    return papers_listing(records, text)


def _unescaped(cell: str) -> str:
    return _ESCAPE.sub(lambda match: _ESCAPES[match[0]], cell).strip()
