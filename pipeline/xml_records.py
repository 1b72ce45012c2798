"""A listing saved as XML records: what ``DataFrame.to_xml()`` writes (``<data>`` of ``<row>``
elements, one child element per column), or a scraper's own export (``<papers><paper id="…">`` with
``<title>``, ``<abstract>``, ``<authors><author>…``).

    <?xml version='1.0' encoding='utf-8'?>
    <data>
      <row>
        <index>0</index>
        <title>FORGE: …</title>
        <arxiv_id>2604.07413</arxiv_id>

The records are the largest group of same-named elements under one parent whose fields look like a
paper's (``pipeline.record_fields``); an element's attributes are fields too, and a field holding
repeated elements (``<authors>``) is a list. Each record's line is the line its element starts on.
Without this reader the file was taken for an HTML page and quarantined. RSS and Atom feeds and
trafilatura's XML have readers of their own; a file that is no well-formed XML is none of these.
"""

from __future__ import annotations

import re
import xml.parsers.expat
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pipeline.record_fields import StructuredListing, looks_like_paper, papers_listing

MAX_XML_CHARS = 50_000_000
# A document element that is no listing of records: a web page, a feed, an SVG image.
_OTHER_ROOTS = frozenset(("html", "rss", "feed", "rdf", "svg", "doc", "opml"))
_START = re.compile(
    r"\A\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<(?P<root>[A-Za-z_][\w.-]*:?[\w.-]*)[\s>/]", re.S
)


@dataclass
class _Element:
    name: str
    line: int
    attributes: dict[str, str]
    children: list[_Element] = field(default_factory=list)
    text: list[str] = field(default_factory=list)


def looks_like_xml_records(text: str) -> bool:
    """Whether the text starts as an XML document whose root is no page, feed or image."""
    match = _START.match(text[:2000])
    return match is not None and match["root"].split(":")[-1].lower() not in _OTHER_ROOTS


def parse_xml_records(text: str) -> StructuredListing | None:
    """The papers of an XML export; None when the text is no such document. Never raises."""
    if not looks_like_xml_records(text) or len(text) > MAX_XML_CHARS:
        return None
    root = _tree(text)
    if root is None:
        return None
    try:
        return _records(root, text)
    except RecursionError:  # elements nested thousands deep: no table of records
        return None


def _records(root: _Element, text: str) -> StructuredListing | None:
    """The papers of the largest group of same-named siblings, at least half of which look like
    papers."""
    best: list[_Element] = []
    stack = [root]
    while stack:
        element = stack.pop()
        stack.extend(element.children)
        if not element.children:
            continue
        name, count = Counter(child.name for child in element.children).most_common(1)[0]
        if count > len(best):
            group = [child for child in element.children if child.name == name]
            papers = sum(1 for child in group if looks_like_paper(_fields(child)))
            if papers * 2 >= len(group):
                best = group
    if not best:
        return None
    return papers_listing([(element.line, _fields(element)) for element in best], text)


def _tree(text: str) -> _Element | None:
    parser = xml.parsers.expat.ParserCreate()
    open_elements: list[_Element] = []
    roots: list[_Element] = []

    def start(name: str, attributes: dict[str, str]) -> None:
        element = _Element(name.split(":")[-1], parser.CurrentLineNumber, attributes)
        (open_elements[-1].children if open_elements else roots).append(element)
        open_elements.append(element)

    def end(name: str) -> None:
        open_elements.pop()

    def characters(data: str) -> None:
        if open_elements:
            open_elements[-1].text.append(data)

    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.CharacterDataHandler = characters
    try:
        parser.Parse(text, True)
    except (xml.parsers.expat.ExpatError, RecursionError, ValueError):
        return None
    return roots[0] if roots else None


def _fields(element: _Element) -> dict[str, Any]:
    """An element as a record: its attributes, then each child as text (a child of repeated
    elements as a list, of other elements as a record)."""
    fields: dict[str, Any] = dict(element.attributes)
    for child in element.children:
        fields[child.name] = _value(child)
    return fields


def _value(element: _Element) -> Any:
    if not element.children:
        return " ".join("".join(element.text).split())
    names = {child.name for child in element.children}
    if (len(names) == 1 and len(element.children) > 1) or names <= {"author", "name", "item", "link"}:
        return [_value(child) for child in element.children]
    return _fields(element)
