"""An arXiv id written into a card's title line by the tool that saved the page.

A user's own scraper, or a reading list made from a listing, often writes the paper's id next to its
title: ``Title (arXiv:2401.12345)``, ``Title [2401.12345v2]``, ``[2401.12345] Title``,
``arXiv:2401.12345 - Title``. The id is the strongest evidence of identity there is, and left in the
title it makes the title a different one (its digits even count as the title's numbers, which keep
papers apart). Only an explicit form is taken: in brackets, or after ``arXiv``, at the start or the
end of the title; a number inside a title (``GPT-4``, ``2401 Rules``) is the title's own.
"""

from __future__ import annotations

import re

from pipeline.normalize import normalize_arxiv_id

_ID = r"(\d{4}\.\d{4,5}(?:v\d+)?)"
_MARKED = rf"(?:[(\[]\s*(?:arxiv\s*:?\s*)?{_ID}\s*[)\]]|arxiv\s*:?\s*{_ID})"
_AT_END = re.compile(rf"\s*(?:[-–—|:,]\s*)?{_MARKED}\s*$", re.IGNORECASE)
_AT_START = re.compile(rf"^\s*{_MARKED}\s*(?:[-–—|:.]\s*)?", re.IGNORECASE)


def split_title_id(title: str) -> tuple[str, str | None]:
    """(the title without the id, the id) when the title carries one in an explicit form, else
    (the title, None). The title left must have words of its own."""
    if "." not in title:  # every id has its dot: most titles end here
        return title, None
    for pattern in (_AT_END, _AT_START):
        match = pattern.search(title)
        if match is None:
            continue
        arxiv_id = normalize_arxiv_id(next(g for g in match.groups() if g))
        rest = (title[: match.start()] + title[match.end() :]).strip()
        if arxiv_id and _is_real_month(arxiv_id) and any(c.isalpha() for c in rest):
            return rest, arxiv_id
    return title, None


def _is_real_month(arxiv_id: str) -> bool:
    """``2401.12345``: a month 01-12 (a version number such as ``3013.10001`` is no id)."""
    return 1 <= int(arxiv_id[2:4]) <= 12
