"""A listing printed as a text table with rules: what ``tabulate`` writes (``grid``, ``psql``,
``simple``, ``rst``, ``orgtbl``, ``fancy_grid``, ...), the ``sqlite3`` shell's ``.mode box``,
``table`` and ``column``, or a report a script prints.

    +--------------------------------+------------+----------------------+
    | title                          |   arxiv_id | summary              |
    +================================+============+======================+
    | FORGE: …                       | 2604.07413 | We present …         |

A rule is a line drawn only with rule characters (``-``, ``=``, ``─``, ``+``, ``|``, box corners).
Its crossings (``+``, ``┼``, ``╪``, ...) mark where the columns meet; a rule without crossings
(``-----  -----``) gives each column as one run of dashes. Every row is cut at those places, so a
``|`` inside a cell stays text. The header is the first line of text; where a rule follows every
row (``grid``), the lines between two rules are one row whose cells wrapped. Only a table whose
header names a paper (``pipeline.record_fields``) is taken: read as prose, its cells became cards
(a row's id for a title) or the file was quarantined as suspect. ``rich``'s tables wrap a row's
cells over several lines with no rule between rows: a line whose id or URL cell is empty goes on
the row above.
"""

from __future__ import annotations

import re
from itertools import pairwise

from pipeline.record_fields import (
    ID_OR_URL_NAMES,
    StructuredListing,
    header_names,
    leading_lines,
    names_a_paper,
    papers_listing,
)

_HORIZONTAL = frozenset("-=─━═~:_ ")
_RULE_CHARS = _HORIZONTAL | frozenset("+|┼┬┴├┤┌┐└┘╭╮╰╯╪╤╧╞╡╒╕╘╛╔╗╚╝╠╣╦╩╬║│┃╋┏┓┗┛┣┫┳┻╇╈┡┩┢┪")
_VERTICAL = "|│┃║"
_RULE = re.compile(r"[-=─━═]{3}")
HEAD_LINES = 4  # the header is among the first lines (after a top rule)


def text_table_listing(text: str) -> StructuredListing | None:
    """The papers of a text table with rules; None when ``text`` is no such table."""
    head = leading_lines(text, HEAD_LINES)
    if not any("title" in line.lower() for line in head) or not any(_is_rule(line) for line in head):
        return None  # the cheap test first: every text page passes through here
    lines = text.rstrip("\n").split("\n")
    start = next((i for i, line in enumerate(lines[:HEAD_LINES]) if line.strip() and not _is_rule(line)), -1)
    rule = next((line for line in lines[start + 1 : start + 2] + lines[:start] if _is_rule(line)), None)
    if start < 0 or rule is None or ("|" in rule and set(rule.strip()) <= set("|-: ")):
        return None  # no rule, or a Markdown table's (|---|:--|), which pipeline.markdown_table reads
    spans = _spans(rule)
    header = header_names(_cells(lines[start], spans))
    if len(spans) < 2 or not names_a_paper(name for name in header if name):
        return None
    key = next((i for i, name in enumerate(header) if name in ID_OR_URL_NAMES), None)
    rows = _rows(lines, start + 1, spans, key)
    records = [(number, dict(zip(header, cells, strict=True))) for number, cells in rows]
    return papers_listing(records, text)


def _is_rule(line: str) -> bool:
    stripped = line.strip()
    return bool(_RULE.search(stripped)) and all(char in _RULE_CHARS for char in stripped)


def _spans(rule: str) -> list[tuple[int, int]]:
    """(start, end) of each column: between the rule's crossings, or each run of dashes."""
    crossings = [i for i, char in enumerate(rule) if char not in _HORIZONTAL]
    if crossings:
        edges = ([-1] if rule[: crossings[0]].strip() else []) + crossings
        if rule[crossings[-1] + 1 :].strip():
            edges.append(len(rule))
        return [(a + 1, b) for a, b in pairwise(edges) if b - a > 1]
    return [(m.start(), m.end()) for m in re.finditer(r"\S+", rule)]


def _cells(line: str, spans: list[tuple[int, int]]) -> list[str]:
    """The line's text in each span; a line longer than the rule puts its excess in the last cell.

    A line drawn with one separator between every two cells and at both ends is split at them
    instead: a wide character (an emoji takes two columns) moves the rest of its line left."""
    stripped = line.strip()
    if stripped[:1] in _VERTICAL and stripped[-1:] == stripped[:1]:
        parts = stripped[1:-1].split(stripped[0])
        if len(parts) == len(spans):
            return [part.strip() for part in parts]
    cells = [line[a:b] for a, b in spans]
    if len(line) > spans[-1][1]:
        cells[-1] += line[spans[-1][1] :]
    return [cell.strip().strip(_VERTICAL).strip() for cell in cells]


def _rows(
    lines: list[str], first: int, spans: list[tuple[int, int]], key: int | None
) -> list[tuple[int, list[str]]]:
    """(line, cells) of each row below the header. A row's cells wrap onto the lines below it: up to
    the next rule where a rule follows every row (``grid``), else (``rich``'s tables) onto lines
    whose ``key`` cell (the id or URL column) is empty."""
    body = [(number, line) for number, line in enumerate(lines[first:], start=first + 1) if line.strip()]
    texts = [item for item in body if not _is_rule(item[1])]
    rules_between = sum(1 for i, (_, line) in enumerate(body[:-1]) if _is_rule(line) and i > 0)
    grouped = rules_between >= len(texts) - 1 and len(texts) > 1
    rows: list[tuple[int, list[str]]] = []
    previous_rule = True
    for number, line in body:
        if _is_rule(line):
            previous_rule = True
            continue
        cells = _cells(line, spans)
        wrapped = key is not None and not grouped and not cells[key] and any(cells)
        if (wrapped or (grouped and not previous_rule)) and rows:
            rows[-1] = (rows[-1][0], [_joined(a, b) for a, b in zip(rows[-1][1], cells, strict=True)])
        else:
            rows.append((number, cells))
        previous_rule = False
    return rows


def _joined(above: str, below: str) -> str:
    """A wrapped cell's two lines as one text: a space where the wrap took one, none after a word
    broken at its hyphen (``Hybrid-`` / ``Reasoning``)."""
    if not above or not below:
        return above or below
    if above.endswith("-") and len(above) > 1 and above[-2].isalnum():
        return above + below
    return f"{above} {below}"
