"""A paper's metadata line in text (``5 authors``, ``Oct 7, 2024``, `` [-] 19``, or several joined by
``·``): read wherever a reader meets a line that may be one, and put onto the record it belongs to."""

from __future__ import annotations

import re
from datetime import date

from pipeline.dates import parse_full_date
from pipeline.parsed_page import Record

_AUTHORS = re.compile(r"^(\d+)\s+authors?$", re.IGNORECASE)
_COUNT = r"(\d+(?:\.\d+)?k|\d+)"  # "153", and "1.2k" as popular papers show it
_UPVOTES = re.compile(rf"^\[-\]\s*{_COUNT}$|^{_COUNT}$|^▲\s*{_COUNT}$|^{_COUNT}\s+upvotes?$", re.IGNORECASE)
META_SEPARATORS = "·•"
_META_SEPARATOR = re.compile(f"[{META_SEPARATORS}]")
_BARE_NUMBER = re.compile(r"^\d+$")


def paper_meta(stripped: str, *, in_text: bool) -> dict[str, int | date] | None:
    """A paper's metadata line: ``5 authors``, ``Oct 7, 2024``, `` [-] 19``, or several joined by
    ``·`` (``Published on Oct 7, 2024 · 5 authors · ▲ 10``); None when any part is something else.
    ``in_text``: the line sits where abstract text may be, so a bare number is text, not upvotes.
    A line of separators only (``·``) is metadata with nothing in it: ``{}``."""
    meta: dict[str, int | date] = {}
    # most texts tested are abstracts without a separator: no regex split over a kilobyte then
    has_separator = any(separator in stripped for separator in META_SEPARATORS)
    parts = _META_SEPARATOR.split(stripped) if has_separator else [stripped]
    for part in (p.strip() for p in parts):
        if not part:
            continue
        authors, published, upvotes = _AUTHORS.match(part), parse_full_date(part), _UPVOTES.match(part)
        if authors:
            meta["n_authors"] = int(authors[1])
        elif published:
            meta["published_date"] = published
        elif upvotes and not (in_text and _BARE_NUMBER.match(part)):
            count = next(g for g in upvotes.groups() if g is not None).lower()
            meta["upvotes"] = round(float(count[:-1]) * 1000) if count.endswith("k") else int(count)
        else:
            return None
    return meta


def set_meta(paper: Record, meta: dict[str, int | date]) -> None:
    """Metadata fields onto a record; absent fields unchanged."""
    paper.n_authors = meta.get("n_authors", paper.n_authors)
    paper.published_date = meta.get("published_date", paper.published_date)
    paper.upvotes = meta.get("upvotes", paper.upvotes)
