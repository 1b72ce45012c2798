"""A paper's own page as bookmarks, clippers and reference managers save it: its HTML title is
``Paper page - <title>`` and its description the site's ``Join the discussion on this paper page``.

Saved one paper at a time (a Netscape bookmarks file, a Notion database of clipped pages, Zotero's
web-page items as CSL JSON), the papers came out titled ``Paper page - Qwen3-VL Technical Report``
with that sentence for an abstract: on 25 real days 485 of 485 titles wrong, each paper apart from
its sightings on listing pages. The prefix is the site's, not the paper's, and the description is
no abstract."""

from __future__ import annotations

import re

from pipeline.parsed_page import ParsedPage

_PREFIX = re.compile(r"^Paper page\s*[-–—:|]\s*(?=\S)")
_DESCRIPTION = re.compile(r"^\s*Join the discussion on this paper page\.?\s*$", re.IGNORECASE)


def site_page_text_dropped(page: ParsedPage) -> None:
    """Drop the site's title prefix and description from ``page``'s records (the raw text keeps them)."""
    for record in page.records:
        if record.title.startswith("Paper page"):
            record.title = _PREFIX.sub("", record.title)
        if record.abstract.startswith(("Join", "join")) and _DESCRIPTION.match(record.abstract):
            record.abstract = ""
