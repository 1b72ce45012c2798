"""The site's cards of spring 2026 as text without links (a browser's ``innerText``, BeautifulSoup's
``get_text``)::

    Submitted by            (or "Submitted by taesiri" on one line)
    taesiri
    HY-World 2.0: A Multi-Modal World Model for …
    ·
    45 authors              (or the organisation's name)
    1.09k                   the votes, shown only when there are any
    4                       the comments (on one line with the votes where a converter joins them)

No abstract, no date, no ``·`` before a date: the card and plain readers find no card there. Each
``Submitted by`` opens a card, its name comes next, then the title; the counts close it. The name
is the card's submitter, as the card reader takes it from the linked forms. Read only where the page
has no Markdown link and no heading (those forms are the card reader's).
"""

from __future__ import annotations

import re

from pipeline.card_vocabulary import COUNT_TEXT, MAX_TITLE_CHARS, SUBMITTED_BY, authors_match
from pipeline.record_fields import StructuredListing, papers_listing

MIN_CARDS = 3
_SUBMITTED_ALONE = re.compile(r"^submitted by$", re.IGNORECASE)
_COUNTS = re.compile(rf"^({COUNT_TEXT})(?:\s+({COUNT_TEXT}))?$")
_SEPARATOR = frozenset(("·", "•", "-", "*"))
_NAME = re.compile(r"^\S{1,40}$")  # a user's handle
# An organisation's name (or "45 authors"): short, no sentence in it (an abstract is no card's line).
_ORGANISATION = re.compile(r"^(?!.*[.!?]\s)[^\n]{1,60}$")
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)]*\)")  # its address may be wrapped over lines


def submitter_card_listing(text: str) -> StructuredListing | None:
    """The cards of such a page, or None when it is not one."""
    if "ubmitted by" not in text:
        return None
    if "![" in text:  # html2text without links keeps the images: avatars, thumbnails
        text = _IMAGE.sub("", text)
    if "](" in text or "\n#" in text:  # links or headings: the card reader's (it joins wrapped titles)
        return None
    lines = [(number, line.strip()) for number, line in enumerate(text.split("\n"), start=1)]
    lines = [(number, line) for number, line in lines if line]
    opened = [i for i, (_, line) in enumerate(lines) if _opens_card(line)]
    if len(opened) < MIN_CARDS:
        return None
    records = []
    for start, end in zip(opened, [*opened[1:], len(lines)], strict=True):
        if (card := _card(lines[start:end])) is not None:
            records.append(card)
    if len(records) < max(MIN_CARDS, 0.8 * len(opened)):
        return None
    return papers_listing(records, text, title_suffices=True)


def _opens_card(line: str) -> bool:
    return _SUBMITTED_ALONE.match(line) is not None or SUBMITTED_BY.match(line) is not None


def _card(lines: list[tuple[int, str]]) -> tuple[int, dict[str, str]] | None:
    """(line, fields) of one card's lines, from its ``Submitted by`` on; None when they are not a card."""
    first, marker = lines[0]
    rest = [line for _, line in lines[1:]]
    named = SUBMITTED_BY.match(marker)
    user = named[1].strip() if named and named[1].strip() else (rest.pop(0) if rest else "")
    if not _NAME.match(user) or not rest or len(rest[0]) > MAX_TITLE_CHARS:
        return None
    # The submitter is the card's own "Submitted by" (as the card reader takes it from the linked
    # forms); the organisation a card shows besides, the one line between title and counts, is not
    # kept (nor is it there).
    fields = {"title": rest.pop(0), "organization": user}
    shown = False  # the organisation's name, or the authors' count, came
    for i, line in enumerate(rest):
        if line in _SEPARATOR:
            continue
        if (counts := _COUNTS.match(line)) is not None:
            after = _COUNTS.match(rest[i + 1]) if i + 1 < len(rest) and counts[2] is None else None
            if after is not None and after[2] is None:  # the votes, then the comments on the next line
                fields["upvotes"], fields["comments"] = counts[1], after[1]
            elif counts[2] is None:
                fields["comments"] = counts[1]
            else:
                fields["upvotes"], fields["comments"] = counts[1], counts[2]
            return first, fields  # the counts close the card: what follows is the page's (pager, footer)
        if shown or not _ORGANISATION.match(line):
            return None  # more than one name between the title and the counts: not such a card
        shown = True
        if authors_match(line) and len(line) < 20:
            fields["authors"] = line.lstrip("·• ")
    return None
