"""A title still wrapped in Markdown's bold (``**Title**``, ``__Title__``) where its page was read as
text: a chat bot's post (``**Qwen3-VL Technical Report**`` over the paper's bare URL) has no
Markdown link or heading, so its lines are text, and the title kept its ``**`` (the trailing one
is dropped as a footnote marker, the leading one stayed: ``**Qwen3-VL Technical Report``)."""

from __future__ import annotations

import re

from pipeline.parsed_page import ParsedPage

_BOLD = re.compile(r"^(\*\*|__)(?=\S)(?P<inner>.+?)(?<=\S)(?:\1)?$")


def bold_titles_unwrapped(page: ParsedPage) -> None:
    for record in page.records:
        if record.title.startswith(("**", "__")) and (match := _BOLD.match(record.title)):
            inner = match["inner"]
            if "**" not in inner and "__" not in inner:  # one bold run, not "**A** and **B**"
                record.title = inner
