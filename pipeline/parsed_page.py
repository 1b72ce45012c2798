"""What reading a page gives: its records (one paper as the page shows it), its rejects (text that
is no part of a record, and why) and the page's own facts. Every reader of ``pipeline.parse`` fills
a :class:`ParsedPage`; the ingest turns it into the page's sightings and rejects tables."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

TRUNCATED_WARNING = "the capture says its content was truncated: the last card may be incomplete"
REJECT_TEXT_CHARS = 2_000  # rejects keep this much text (plus where to find the rest)
# "Abstract: ..." (a label some exports put before the text); "Abstract reasoning is ..." keeps it.
ABSTRACT_LABEL = re.compile(r"^abstract\s*[:.—–-]\s*", re.IGNORECASE)
# A Markdown heading, bullet or number in front of a title ("### ", "- ", "12. "); not part of it.
LIST_MARKER = re.compile(r"^(?:#{1,6}|[-*+•]|\d{1,3}[.)])\s+")


@dataclass
class Record:
    """One paper as seen on one page."""

    position: int
    line_number: int
    raw_title: str
    raw_abstract: str
    title: str
    abstract: str
    abstract_line: int
    header_glued: bool = False
    arxiv_id: str | None = None
    n_authors: int | None = None
    published_date: date | None = None
    upvotes: int | None = None
    n_comments: int | None = None
    submitted_by: str | None = None  # the organisation or user the card names
    published_date_text: str | None = None  # the card's date as shown (``May 29``, ``Oct 7, 2024``)
    code_links: list[str] = field(default_factory=list)
    # The listing day the record itself names (a JSON export of several days); else the page's.
    listed_date: date | None = None


# Why a reject is a mixed digest's other content (its GitHub, news and forum items), recognised as
# such: no sign that the page's papers were misread, so it does not make the page suspect.
OTHER_NEWS_REASON = "an item of the digest's other news (it links no paper, where the papers' items do)"


@dataclass
class Reject:
    """Text that was not part of any record, and why."""

    line_number: int
    reason: str
    text: str


@dataclass
class ParsedPage:
    layout: str
    records: list[Record] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    page_date: tuple[int, int] | None = None  # (month, day) of a yearless "Mar 14"
    page_date_text: str | None = None
    exported: date | None = None  # the capture date the exporter wrote (front matter or header line)
    capture_source: str | None = None  # which key said so: exported / retrieved / captured ...
    url: str | None = None
    page_kind: str | None = None  # daily / weekly / monthly / trending / search
    query: str | None = None  # the search query of a search page
    warnings: list[str] = field(default_factory=list)
    not_a_listing: str | None = None  # why the text is a document, not a listing (its pairs are rejects)
    # papers an HTML page links, image-only links (thumbnails) included, which its text leaves out
    linked_papers: int = 0

    @property
    def captured_at(self) -> date | None:
        return self.exported


def reject_text(text: str) -> str:
    """A reject keeps REJECT_TEXT_CHARS of its text and says how much more there was."""
    if len(text) <= REJECT_TEXT_CHARS:
        return text
    return text[:REJECT_TEXT_CHARS] + f" … [{len(text) - REJECT_TEXT_CHARS:,} more characters]"


def display_title(text: str) -> str:
    """A title without the Markdown heading, bullet or number in front of it."""
    return LIST_MARKER.sub("", text, count=1) or text


def display_abstract(text: str) -> str:
    """An abstract without an ``Abstract:`` label in front of it."""
    return ABSTRACT_LABEL.sub("", text, count=1) or text
