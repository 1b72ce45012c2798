"""A listing a script prints one paper a paragraph: the title on its first line, the card's counts
and the paper's address on the second, the abstract (often wrapped and indented) below::

    1. T-pro 2.0: An Efficient Russian Hybrid-Reasoning Model and Playground
       ⬆ 12 | 5 authors | https://huggingface.co/papers/2512.10430
       T-pro 2.0 is an open-weight Russian LLM with hybrid reasoning and fast inference, released
       with datasets, benchmarks, ...

How a notebook's ``print`` loop or a cron job's text mail writes the API's papers. The plain reader
pairs short lines with paragraphs, so it took the title and the counts for a title over an abstract
(or a whole paragraph for the abstract of the line above) and read no address. Here a paragraph
is a paper when its second line is nothing but a card's metadata with the paper's address among
it: a line no abstract, title or chrome is.
"""

from __future__ import annotations

import re

from pipeline.card_vocabulary import (
    COMMENT_ICON,
    COMMENTS,
    MAX_TITLE_CHARS,
    META_SPLIT,
    TRAILING_VOTES,
    UPVOTE,
    authors_match,
    joins_at_hyphen,
)
from pipeline.dates import parse_full_date, parse_page_date
from pipeline.page_items import paragraph_spans
from pipeline.record_fields import PAPER_URL, StructuredListing, papers_listing

MIN_PAPERS = 3
MIN_SHARE = 0.6  # of the paragraphs of two lines or more
MAX_META_CHARS = 200
_NUMBERED = re.compile(r"^(?:\d{1,4}[.)]|[-*+•])\s+")
_ADDRESS = re.compile(r"^<?https?://\S+?>?$")


def card_paragraph_listing(text: str) -> StructuredListing | None:
    """The papers of a page printed one paragraph a paper, or None when it is not one. Its first
    test (a paper's address in the text) and its scan of each paragraph's second line are cheap."""
    if "/papers/" not in text and "arxiv.org/" not in text:
        return None
    papers: list[tuple[int, dict[str, str]]] = []
    paragraphs = 0
    page_lines = text.split("\n")
    for first, end in paragraph_spans(page_lines):
        if end - first < 2:
            continue
        start, lines = first + 1, page_lines[first:end]
        paragraphs += 1
        fields = _card_meta(lines[1])
        title = _title(lines[0])
        if fields is None or title is None:
            continue
        if (votes := TRAILING_VOTES.match(title)) and "upvotes" not in fields:
            title, fields["upvotes"] = votes["title"], votes["votes"]
        fields["title"] = title
        fields["abstract"] = _unwrapped(lines[2:])
        papers.append((start, fields))
    if len(papers) < max(MIN_PAPERS, MIN_SHARE * paragraphs):
        return None
    return papers_listing(papers, text)


def _unwrapped(lines: list[str]) -> str:
    """Wrapped lines as one text: a space between, none where the wrap broke a hyphenated word."""
    text = ""
    for line in lines:
        more = line.strip()
        glue = "" if not text or joins_at_hyphen(text, more) else " "
        text = f"{text}{glue}{more}"
    return text


def _title(line: str) -> str | None:
    title = _NUMBERED.sub("", line.strip()).strip("*_ ").strip()
    return title if 0 < len(title) <= MAX_TITLE_CHARS and not _ADDRESS.match(title) else None


def _card_meta(line: str) -> dict[str, str] | None:
    """A card's metadata line as fields (the paper's address, upvotes, authors, comments, a date),
    or None when any part of it is something else or it names no paper."""
    line = line.strip()
    if len(line) > MAX_META_CHARS or ("/papers/" not in line and "arxiv.org/" not in line):
        return None
    fields: dict[str, str] = {}
    for part in META_SPLIT.split(line):
        part = part.strip().replace("\ufe0f", "")
        if not part:
            continue
        if _ADDRESS.match(part) and PAPER_URL.search(part):
            fields.setdefault("url", part.strip("<>"))
        elif authors_match(part) and len(part) < 20:
            fields["authors"] = part
        elif COMMENT_ICON.match(part) or (part.lower().endswith("comments") and COMMENTS.match(part)):
            fields["comments"] = re.sub(r"\D", "", part)
        elif (votes := UPVOTE.match(part)) and votes[1] != "-":
            fields["upvotes"] = votes[1]
        elif parse_full_date(part) or parse_page_date(part):
            fields["published"] = part
        else:
            return None
    return fields if "url" in fields else None
