"""A listing saved as JSON: the Hugging Face API's ``/api/daily_papers`` response, or a scraper's own
records (a list of papers per day, as the repository ``../shared/real-papers/`` comes from writes
them), or JSON Lines of such records.

The papers are the longest list of objects that look like papers (``pipeline.record_fields``),
wherever it sits in the document (the top level, ``{"papers": [...]}``, ``{"data": {"items":
[...]}}``), the values of an object keyed by the papers' ids, or the document itself when it is one
paper (``/api/papers/<id>``); their fields are found by name there. Days saved together
(``[{"date": …, "papers": [...]}, …]``, a list of the API's daily responses, JSON Lines of days)
give the papers of every day's list, each with its day's date where it names none. Each paper's line
is the line its object starts on. JSON with no such list gives no records and one reject saying so;
text that is not JSON is left to the other readers (``None``)."""

from __future__ import annotations

import ast
import bisect
import json
import re
from typing import Any

from pipeline.normalize import normalize_arxiv_id
from pipeline.record_fields import (
    DATE_NAMES,
    StructuredListing,
    field_name,
    listed_day_of_page,
    listing_of,
    looks_identified,
    looks_like_paper,
    names_a_paper,
)

MIN_PAPER_SHARE = 0.5  # of a list's objects that look like papers, for it to be the listing
MAX_LITERAL_CHARS = 20_000_000  # ast keeps a node per value: a larger text is no printed listing
_MAX_NESTING = 6  # lists and objects around a list of papers


def parse_json_listing(text: str) -> StructuredListing | None:
    """The papers of a JSON listing; None when ``text`` is not JSON. Never raises."""
    if text.lstrip()[:1] not in ("[", "{"):
        return None
    elements = _json_elements(text)
    if elements is None:
        return None
    return listing_of(elements, text)


def _json_elements(text: str) -> list[tuple[int, Any]] | None:
    """(line, value) of each element of the document's paper list, or of each line of JSON Lines;
    None when the text is no JSON."""
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        lines = _json_lines(text)
        if lines is not None and not any(looks_like_paper(value) for _, value in lines):
            return _papers_in_lines(text, lines)  # a day's object on each line
        if lines is None and (values := json_stream(text)) is not None:
            return _stream_elements(text, values)  # `jq '.[]'`, `cat *.json`, a feed appended to
        return lines if lines is not None else python_literal_elements(text)
    path = listing_path(document)
    if path is None and isinstance(document, dict) and _papers_by_key(document):
        return _members(text)  # {"2511.21631": {"title": …}, …}: papers keyed by their id
    if path is None and (rows := columns_as_rows(document)):
        return [(1, row) for row in rows]  # a table by column: no row has a line of its own
    if path is None and isinstance(document, dict) and looks_like_paper(document):
        return [(1, document)]  # one paper's own record (``/api/papers/<id>``)
    if path is None:  # lists of papers inside a list (days saved together), or no paper at all
        return _nested_paper_lists(text, document)
    listing = document
    for key in path:
        listing = listing[key]
    try:
        elements = _elements_at(text, path)
    except (ValueError, IndexError):
        elements = []
    if [value for _, value in elements] != listing:  # the walk went astray (a key given twice)
        return [(1, value) for value in listing]
    return elements


def _nested_paper_lists(text: str, document: Any, start: int = 0) -> list[tuple[int, Any]]:
    """(line, paper) of every list of papers inside ``document`` (which starts at ``start`` of
    ``text``), each paper given the dates of the objects around its list (a day's ``date``) that it
    does not name itself. Only the containers that hold such a list are walked for positions."""
    holders = _paper_list_holders(document)
    if not holders:
        return []
    newlines = [match.start() for match in re.finditer("\n", text)]
    found: list[tuple[int, Any]] = []

    def walk(value: Any, index: int, around: dict) -> None:
        if isinstance(value, list) and _is_paper_list(value):
            for _, at, paper in _positioned_at(text, index, keyed=False, count_lines=False):
                line = bisect.bisect_left(newlines, at) + 1
                found.append((line, {**around, **paper} if isinstance(paper, dict) else paper))
            return
        keyed = isinstance(value, dict)
        if keyed:
            around = around | {k: v for k, v in value.items() if field_name(str(k)) in DATE_NAMES}
            around |= listed_day_of_page(value, around)
        children = list(value.values()) if keyed else value
        members = _positioned_at(text, index, keyed=keyed, count_lines=False)
        if len(members) != len(children):  # a key given twice: json kept the last one
            return
        for child, (_, at, _) in zip(children, members, strict=True):
            if id(child) in holders:
                walk(child, at, around)

    walk(document, _skip_space(text, start), {})
    return found


def _paper_list_holders(document: Any) -> set[int]:
    """The ids of the containers in ``document`` that hold a list of papers (the lists themselves
    included), up to ``_MAX_NESTING`` deep."""
    holders: set[int] = set()

    def holds(value: Any, depth: int) -> bool:
        if depth > _MAX_NESTING or not isinstance(value, (list, dict)):
            return False
        if isinstance(value, list) and _is_paper_list(value):
            held = True
        else:
            children = value.values() if isinstance(value, dict) else value
            held = any([holds(child, depth + 1) for child in children])  # (every child: all marked)
        if held:
            holders.add(id(value))
        return held

    holds(document, 0)
    return holders


def _papers_in_lines(text: str, lines: list[tuple[int, Any]]) -> list[tuple[int, Any]]:
    """(line, paper) of the lists of papers in each line of JSON Lines (``lines``: each non-blank
    line's number and value, as ``_json_lines`` read them)."""
    found: list[tuple[int, Any]] = []
    values = dict(lines)
    for number, line in enumerate(text.splitlines(), start=1):
        if number in values:
            found += [(number, paper) for _, paper in _nested_paper_lists(line, values[number])]
    return found


def _is_paper_list(value: list) -> bool:
    return _papers_in(value) > 0


def _papers_in(value: list) -> int:
    """How many of a list's elements are papers, when they are most of it (else 0)."""
    papers = sum(1 for item in value if isinstance(item, dict) and looks_like_paper(item))
    return papers if papers >= MIN_PAPER_SHARE * len(value) else 0


def columns_as_rows(document: Any) -> list[dict[str, Any]] | None:
    """The rows of a table written column by column, when its columns name a paper's fields; else
    None. pandas writes these: ``DataFrame.to_json()`` (``{"title": {"0": …, "1": …}, …}``, its
    default), ``orient="split"`` (``{"columns": […], "index": […], "data": [[…], …]}``), and
    ``to_dict("list")`` or a dataset's ``to_dict()`` saved as JSON (``{"title": […], …}``)."""
    if not isinstance(document, dict):
        return None
    columns, data = document.get("columns"), document.get("data")
    if isinstance(columns, list) and isinstance(data, list) and all(isinstance(c, str) for c in columns):
        if names_a_paper(columns) and all(isinstance(row, list) for row in data):
            return [dict(zip(columns, row, strict=False)) for row in data]
        return None
    if len(document) < 2 or not names_a_paper(str(key) for key in document):
        return None
    values = list(document.values())
    if all(isinstance(value, dict) for value in values):
        index = list(values[0])  # every column keyed by the same row labels, in the first's order
        if len(index) >= 1 and all(len(value) == len(index) for value in values):
            return [{key: document[key].get(label) for key in document} for label in index]
    elif (
        all(isinstance(value, list) for value in values)
        and values[0]
        and all(len(value) == len(values[0]) for value in values)
    ):
        return [dict(zip(document, row, strict=True)) for row in zip(*values, strict=True)]
    return None


def python_literal_elements(text: str) -> list[tuple[int, Any]] | None:
    """(line, value) of each paper of a Python literal: a list of dicts (or a dict holding one)
    printed with ``print``, ``repr`` or ``pprint`` (single quotes, ``None``, ``True``), which is no
    JSON. Parsed as a literal only (``ast``: no code runs); None for any other text."""
    head = text.lstrip()[:2]
    if head not in ("[{", "{'", '{"') or len(text) > MAX_LITERAL_CHARS:
        return None
    try:
        tree = ast.parse(text.strip(), mode="eval").body
        document = _literal(tree)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None
    path = listing_path(document)
    if path is None:
        return [(1, row) for row in columns_as_rows(document) or []] or None
    for key in path:  # the list's node, for the line each element starts on
        if not isinstance(tree, ast.Dict):
            return None
        pairs = zip(tree.keys, tree.values, strict=True)
        tree = next(value for name, value in pairs if name is not None and _literal(name) == key)
    listing = document
    for key in path:
        listing = listing[key]
    nodes = tree.elts if isinstance(tree, ast.List) else []
    if len(nodes) != len(listing):
        return [(1, value) for value in listing]
    return [(node.lineno, value) for node, value in zip(nodes, listing, strict=True)]


_NAMED = {"None": None, "True": True, "False": False, "nan": None, "NaN": None, "NaT": None, "inf": None}
_DAY_CALLS = ("Timestamp", "date", "datetime")  # pandas' and datetime's dates as printed


def _literal(node: ast.AST) -> Any:
    """The value a printed literal stands for: ``ast.literal_eval``'s, plus what pandas and datetime
    print that is no literal (``nan``, ``Timestamp('2026-03-02 00:00:00')``,
    ``datetime.date(2026, 3, 2)``, as ISO text). Anything else raises ``ValueError``."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        return [_literal(item) for item in node.elts]
    if isinstance(node, ast.Dict):
        if any(key is None for key in node.keys):
            raise ValueError("** in a dict")
        return {_literal(k): _literal(v) for k, v in zip(node.keys, node.values, strict=True)}
    if isinstance(node, ast.Name) and node.id in _NAMED:
        return _NAMED[node.id]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        value = _literal(node.operand)
        if isinstance(value, int | float):
            return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.Call) and not node.keywords:
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        args = [_literal(arg) for arg in node.args]
        if name in _DAY_CALLS and args and isinstance(args[0], str):
            return args[0].replace(" 00:00:00", "")
        if name in _DAY_CALLS and len(args) >= 3 and all(isinstance(a, int) for a in args[:3]):
            return "{:04d}-{:02d}-{:02d}".format(*args[:3])
    raise ValueError(f"not a literal: {ast.dump(node)[:80]}")


def _papers_by_key(document: dict) -> bool:
    """Whether the document maps keys to papers (at least two, and most of its values)."""
    papers = sum(1 for value in document.values() if isinstance(value, dict) and looks_like_paper(value))
    return papers >= 2 and papers >= MIN_PAPER_SHARE * len(document)


def _members(text: str) -> list[tuple[int, Any]]:
    """(line, value) of each member of the top-level object, the value with its key as its arXiv id
    when it names none (a scraper keys its papers by id)."""
    members = _positioned(text, _skip_space(text, 0), keyed=True)
    return [(line, _with_key_as_id(key, value)) for line, key, value in members]


def _with_key_as_id(key: Any, value: Any) -> Any:
    if (
        isinstance(value, dict)
        and isinstance(key, str)
        and normalize_arxiv_id(key)
        and not looks_identified(value)
    ):
        return {**value, "arxiv_id": key}
    return value


MAX_STREAM_VALUES = 100_000


def json_stream(text: str) -> list[tuple[int, Any]] | None:
    """(line, value) of JSON values written one after another, each over as many lines as it takes:
    ``jq '.[]'``'s pretty-printed objects, ``cat`` of a crawler's per-item files, a Scrapy feed
    run three times with ``-o`` (``]`` then ``[``). None when the text is not such a stream of at
    least two values (one value is a document; a value per line is JSON Lines)."""
    decoder = json.JSONDecoder()
    values: list[tuple[int, Any]] = []
    at, line, counted_to = _skip_space(text, 0), 1, 0
    try:
        while at < len(text) and len(values) < MAX_STREAM_VALUES:
            line, counted_to = line + text.count("\n", counted_to, at), at
            value, end = decoder.raw_decode(text, at)
            values.append((line, value))
            at = _skip_space(text, end)
    except (ValueError, RecursionError):
        return None
    return values if len(values) >= 2 and all(isinstance(v, (dict, list)) for _, v in values) else None


def _stream_elements(text: str, values: list[tuple[int, Any]]) -> list[tuple[int, Any]]:
    """The records of a stream of JSON values: objects as they are, each list's elements (a feed
    appended to) on the list's line."""
    elements: list[tuple[int, Any]] = []
    for line, value in values:
        elements += [(line, item) for item in value] if isinstance(value, list) else [(line, value)]
    return elements


def _json_lines(text: str) -> list[tuple[int, Any]] | None:
    """JSON Lines: every non-blank line one JSON object (None if any is not)."""
    elements = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except (ValueError, RecursionError):
            return None
        if not isinstance(value, dict):
            return None
        elements.append((number, value))
    return elements or None


def listing_path(document: Any, depth: int = 0) -> list[str] | None:
    """Keys down to the longest list whose objects mostly look like papers ([] for the document)."""
    best: tuple[int, list[str]] | None = None
    if isinstance(document, list):
        if papers := _papers_in(document):
            best = (papers, [])
    elif isinstance(document, dict) and depth < 4:
        for key, value in document.items():
            if isinstance(value, (list, dict)):
                below = listing_path(value, depth + 1)
                if below is not None:
                    size = _list_at(value, below)
                    if best is None or size > best[0]:
                        best = (size, [key, *below])
    return None if best is None else best[1]


def _list_at(document: Any, path: list[str]) -> int:
    for key in path:
        document = document[key]
    return len(document)


def _elements_at(text: str, path: list[str]) -> list[tuple[int, Any]]:
    """The elements of the list at ``path`` with the line each starts on, decoding the text once
    more element by element (``json`` keeps no positions)."""
    decoder = json.JSONDecoder()
    index = _skip_space(text, 0)
    for key in path:  # walk into the object that holds the list
        index = _skip_space(text, index + 1)  # past "{"
        while True:
            name, index = decoder.raw_decode(text, index)
            index = _skip_space(text, _skip_space(text, index) + 1)  # past ":"
            if name == key:
                break
            _, index = decoder.raw_decode(text, index)
            index = _skip_space(text, _skip_space(text, index) + 1)  # past ","
    return [(line, value) for line, _, value in _positioned(text, index, keyed=False)]


def _positioned(text: str, index: int, *, keyed: bool) -> list[tuple[int, Any, Any]]:
    """(line, key, value) of each member of the array (``keyed=False``: no key) or the object that
    opens at ``index``, each on the line its value starts on."""
    return [(line, key, value) for (line, key), _, value in _positioned_at(text, index, keyed=keyed)]


def _positioned_at(
    text: str, index: int, *, keyed: bool, count_lines: bool = True
) -> list[tuple[tuple[int, Any], int, Any]]:
    """((line, key), the index it starts at, value) of each member, as ``_positioned``; without
    ``count_lines`` the line is 0 (the caller looks it up: counting from the text's start on every
    call made a walk over many containers quadratic)."""
    decoder = json.JSONDecoder()
    close = "}" if keyed else "]"
    members = []
    index = _skip_space(text, index + 1)  # past "[" or "{"
    line, counted = 1, 0
    while index < len(text) and text[index] != close:
        key = None
        if keyed:
            key, index = decoder.raw_decode(text, index)
            index = _skip_space(text, _skip_space(text, index) + 1)  # past ":"
        if count_lines:
            line += text.count("\n", counted, index)
        counted = start = index
        value, index = decoder.raw_decode(text, index)
        members.append(((line, key), start, value))
        index = _skip_space(text, index)
        if index < len(text) and text[index] == ",":
            index = _skip_space(text, index + 1)
    return members


def _skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index] in " \t\r\n":
        index += 1
    return index
