"""A listing saved as JSON: the Hugging Face API's ``/api/daily_papers`` response, or a scraper's own
records (a list of papers per day, as the repository ``../shared/real-papers/`` comes from writes
them), or JSON Lines of such records.

The papers are the longest list of objects that look like papers (``pipeline.record_fields``),
wherever it sits in the document (the top level, ``{"papers": [...]}``, ``{"data": {"items":
[...]}}``), the values of an object keyed by the papers' ids, or the document itself when it is one
paper (``/api/papers/<id>``); their fields are
found by name there. Each paper's line is the line its object starts on. JSON with no such list
gives no records and one reject saying so; text that is not JSON is left to the other readers
(``None``)."""

from __future__ import annotations

import json
from typing import Any

from pipeline.normalize import normalize_arxiv_id
from pipeline.record_fields import StructuredListing, listing_of, looks_identified, looks_like_paper

MIN_PAPER_SHARE = 0.5  # of a list's objects that look like papers, for it to be the listing


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
        return _json_lines(text)
    path = _listing_path(document)
    if path is None and isinstance(document, dict) and _papers_by_key(document):
        return _members(text)  # {"2511.21631": {"title": …}, …}: papers keyed by their id
    if path is None:  # one paper's own record (``/api/papers/<id>``), or no paper at all
        return [(1, document)] if isinstance(document, dict) and looks_like_paper(document) else []
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


def _listing_path(document: Any, depth: int = 0) -> list[str] | None:
    """Keys down to the longest list whose objects mostly look like papers ([] for the document)."""
    best: tuple[int, list[str]] | None = None
    if isinstance(document, list):
        objects = [item for item in document if isinstance(item, dict)]
        papers = sum(1 for item in objects if looks_like_paper(item))
        if papers and papers >= MIN_PAPER_SHARE * len(document):
            best = (papers, [])
    elif isinstance(document, dict) and depth < 4:
        for key, value in document.items():
            if isinstance(value, (list, dict)):
                below = _listing_path(value, depth + 1)
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
        line += text.count("\n", counted, index)
        counted = index
        value, index = decoder.raw_decode(text, index)
        members.append((line, key, value))
        index = _skip_space(text, index)
        if index < len(text) and text[index] == ",":
            index = _skip_space(text, index + 1)
    return members


def _skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index] in " \t\r\n":
        index += 1
    return index
