"""A listing saved as an RSS or Atom feed: one paper per ``<item>`` / ``<entry>``.

Hugging Face publishes no feed of its papers pages, so several services scrape the listing and
serve one (RSSHub's ``/huggingface/daily-papers`` route, takara.ai's papers feed, feeds built in
GitHub Actions); a user who saves such a feed, or an RSS reader's cache, hands paperlake XML, which
the HTML check would otherwise call an error page. Each item's elements are read by their names
like a JSON record's fields (``pipeline.record_fields``): ``title``, ``link`` (an Atom link's
``href``) for the arXiv id, ``description`` / ``summary`` / ``content`` for the abstract (its HTML
tags dropped when it holds HTML), ``author`` / ``dc:creator`` / Atom ``<author><name>`` for the
author count, ``pubDate`` / ``published`` for the paper's date, and any other element by its name
(an ``upvotes`` a feed adds). The channel's ``lastBuildDate`` / ``updated`` is the capture date. A
feed names no listing day. Each paper's line is the line its ``<item>`` starts on.

The standard library's ElementTree reads the XML (expat: no external entities, bounded entity
expansion); a feed that is not well-formed is one reject saying where it breaks.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, date
from email.utils import parsedate_to_datetime
from typing import Any

from pipeline.html_pages import HTML_ELEMENT_TAG
from pipeline.line_numbers import numbered_matches
from pipeline.record_fields import REJECT_CHARS, StructuredListing, listing_of, text_of_html

_FEED_START = re.compile(
    r"\A\s*(?:<\?xml[^>]*\?>\s*)?(?:<\?xml-stylesheet[^>]*\?>\s*|<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b",
    re.S,
)
_NOT_XML_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_BARE_AMPERSAND = re.compile(r"&(?!#\d+;|#x[0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)")
_ITEM_START = re.compile(r"<(?:[\w.-]+:)?(?:item|entry)[\s>/]")
_ABSTRACT_ELEMENTS = ("description", "summary", "content", "encoded")  # content:encoded
_AUTHOR_ELEMENTS = ("author", "creator")  # dc:creator
_DATE_ELEMENTS = ("pubdate", "published", "date", "updated", "issued")
_CHANNEL_DATES = ("lastbuilddate", "updated", "pubdate", "date")


def is_feed(text: str) -> bool:
    """Whether the text is an RSS (0.9x, 1.0, 2.0) or Atom document."""
    return _FEED_START.match(text[:5000]) is not None


def parse_feed_listing(text: str) -> StructuredListing:
    """The papers of a feed (``is_feed`` said it is one). A feed cut short or broken part way keeps
    the items before the break, with a warning saying where it is."""
    root, items, error = _parsed(text)
    if root is None or (error is not None and not items):
        line = error.position[0] if error is not None and error.position else 1
        return StructuredListing([], {}, [], [(line, f"a feed that is not well-formed XML ({error})")])
    starts = [line for line, _ in numbered_matches(_ITEM_START, text)]
    lines = starts[: len(items)] if len(starts) >= len(items) else [1] * len(items)
    listing = listing_of(((line, _item_fields(item)) for line, item in zip(lines, items, strict=True)), text)
    if "captured" not in listing.facts and (built := _channel_date(root)):
        listing.facts["captured"], listing.facts["captured_key"] = built
    if error is not None:
        where = error.position[0] if error.position else "?"
        listing.warnings.append(
            f"the feed breaks off at line {where} ({error}): the {len(items)} items before it are read"
        )
    if not listing.papers:
        listing.others = [(1, text.strip()[:REJECT_CHARS])]
    return listing


def _parsed(text: str) -> tuple[ET.Element | None, list[ET.Element], ET.ParseError | None]:
    """(root, complete items, the error that stopped the reading) of the feed's XML, forgiving what
    feed writers get wrong and feed readers accept: control characters XML 1.0 forbids (real
    abstracts hold some; a browser shows none of them) and a bare ``&`` (retried escaped, which a
    CDATA section would not need: only when the feed breaks as written)."""
    text = _NOT_XML_CHARS.sub("", text)
    found = _pull(text)
    if found[2] is not None and (repaired := _BARE_AMPERSAND.sub("&amp;", text)) != text:
        again = _pull(repaired)
        if len(again[1]) > len(found[1]):
            return again
    return found


def _pull(text: str) -> tuple[ET.Element | None, list[ET.Element], ET.ParseError | None]:
    parser = ET.XMLPullParser(events=("start", "end"))
    error = None
    try:
        parser.feed(text)
        parser.close()
    except ET.ParseError as exc:
        error = exc
    root, items = None, []
    try:
        for event, element in parser.read_events():
            if root is None:
                root = element
            elif event == "end" and _local(element.tag) in ("item", "entry"):
                items.append(element)
    except ET.ParseError as exc:  # raised where the events end: those before it are kept
        error = error or exc
    return root, items, error


def _local(tag: str) -> str:
    """``{http://www.w3.org/2005/Atom}entry`` -> ``entry``; ``dc:creator`` read by ElementTree
    as ``{http://purl.org/dc/elements/1.1/}creator`` -> ``creator``."""
    return tag.rpartition("}")[2].lower()


def _item_fields(item: ET.Element) -> dict[str, Any]:
    """The item's elements as a record's fields (names as ``pipeline.record_fields`` knows them)."""
    fields: dict[str, Any] = {}
    authors: list[str] = []
    for child in item:
        name, value = _local(child.tag), (child.text or "").strip()
        if name == "link":
            if child.get("href") and child.get("rel", "alternate") == "alternate":
                fields.setdefault("url", child.get("href"))
            elif value:
                fields.setdefault("url", value)
        elif name in _AUTHOR_ELEMENTS:
            names = [(n.text or "").strip() for n in child if _local(n.tag) == "name"] or [value]
            authors += [n for n in names if n]
        elif name in _ABSTRACT_ELEMENTS:
            fields.setdefault("abstract", _text_of(value))
        elif name in _DATE_ELEMENTS:
            if (day := _iso_day(value)) is not None:
                fields.setdefault("published", day)
        elif name in ("guid", "id"):
            fields.setdefault("guid", value)
        elif value and len(child) == 0:
            fields.setdefault(name, value)  # title, and what else a feed adds (upvotes, comments)
    if "url" not in fields and fields.get("guid", "").startswith("http"):
        fields["url"] = fields["guid"]
    if authors:  # one element of comma-separated names (RSSHub) or one element per author
        fields["authors"] = authors if len(authors) > 1 else authors[0]
    return fields


def _text_of(value: str) -> str:
    """An item's description: its text when it holds HTML (``text_of_html``), else as written."""
    return (text_of_html(value) or "") if HTML_ELEMENT_TAG.search(value) else value


def _iso_day(value: str) -> str | None:
    """``Thu, 04 Dec 2025 10:12:33 +0000`` or ``2025-12-04T10:12:33Z`` -> ``2025-12-04`` (UTC)."""
    if re.match(r"\d{4}-\d{2}-\d{2}", value):
        return value[:10]
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.date().isoformat()


def _channel_date(root: ET.Element) -> tuple[date, str] | None:
    """The feed's own date (``lastBuildDate``, Atom ``updated``): when it was built, the capture."""
    channel = next((el for el in root.iter() if _local(el.tag) == "channel"), root)
    for child in channel:
        name = _local(child.tag)
        if name in _CHANNEL_DATES and (day := _iso_day((child.text or "").strip())):
            return date.fromisoformat(day), name
    return None
