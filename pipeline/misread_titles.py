"""Records titled with a line that is never a paper's title: a card's date line (``5 authors ·
Dec 4``, ``· Nov 26``, ``Google · Dec 2 12``), its vote count (``👍 0 upvotes``, ``▲ 12``) or a
printed page's header or footer (Chromium's ``12/7/26, 7:46 AM Daily Papers - Hugging Face``,
``https://huggingface.co/papers/date/…``, ``10/34``).

Such a record comes from a reader pairing the lines of a layout it does not know (a PDF printed
from the browser and turned back into text put each card's date line on one line with its
``·``: 431 such "papers" on 25 real days, published as ``ok``). The record goes to the rejects
with the reason, so the file's reject share tells that its layout was not read."""

from __future__ import annotations

import re

from pipeline.card_vocabulary import UPVOTE
from pipeline.parsed_page import ParsedPage, Reject, reject_text

_CARD_DATE_LINE = re.compile(
    r"^(?:[^·]{0,60}\s)?·\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?|\d{4}-\d{2}-\d{2})(?:\s+\d{1,6})?$"
)
# a print's footer: the page's address and its page number (the next page's header may follow on
# the line), or either alone on its line; the header: the print's date and time, the page's title
_PRINT_HEADER = re.compile(
    r"^(?:https?://\S+(?:\s+\d{1,4}/\d{1,4}\b.*)?|\d{1,4}/\d{1,4}"
    r"|\d{1,2}/\d{1,2}/\d{2,4},\s+\d{1,2}:\d{2}\s*[AP]M\b.*)$"
)
REASON = "a card's date line or vote count or a printed page's header, not a paper's title"


def misread_titles_rejected(page: ParsedPage) -> None:
    """Move ``page``'s records titled so to its rejects."""
    kept = []
    for record in page.records:
        if is_misread_title(record.title, identified=record.arxiv_id is not None):
            text = f"{record.raw_title}\n{record.raw_abstract}".strip()
            page.rejects.append(Reject(record.line_number, REASON, reject_text(text)))
        else:
            kept.append(record)
    if len(kept) < len(page.records):
        page.records = kept
        page.rejects.sort(key=lambda reject: reject.line_number)


def is_misread_title(title: str, *, identified: bool) -> bool:
    """A title that is a card's date line or a print's header or footer; a paper's address as the
    title of a record that names its id is a bookmark saved without a title: kept (its id is right)."""
    if "·" in title and _CARD_DATE_LINE.match(title):
        return True
    if len(title) < 24 and UPVOTE.match(title) and not title.isdigit():  # "👍 0 upvotes", "▲ 12"
        return True
    if identified and title.startswith("http"):
        return False
    return (title[:1].isdigit() or title.startswith("http")) and _PRINT_HEADER.match(title) is not None
