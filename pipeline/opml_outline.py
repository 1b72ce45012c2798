"""An outline exported as OPML: WorkFlowy's and Dynalist's export of a day pasted into them, each
line of the paste an ``<outline text="…">`` (a note beside it in ``_note`` or ``note``).

Read as HTML, such a file was an error page ("login page: the scraper was not signed in") and its
cards were lost: 0 of 485 on 25 real days. Here each outline's text (and its note) is a line, in
the file's order, on the file's line, and the page is read as the text it was pasted from. A
feed reader's OPML of subscriptions holds no paper and reads as no listing."""

from __future__ import annotations

import html
import re

from pipeline.line_numbers import numbered_matches

_OPML_START = re.compile(r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<opml\b", re.DOTALL)
_OUTLINE = re.compile(r"<outline\b([^>]*)>")
_ATTRIBUTE = re.compile(r"""\b(text|_note|note)\s*=\s*("[^"]*"|'[^']*')""")


def is_opml(text: str) -> bool:
    return text.lstrip()[:1] == "<" and _OPML_START.match(text[:2000]) is not None


def opml_lines(text: str) -> tuple[list[str], list[int]] | None:
    """The outline's texts and notes as lines, with the file's line of each; None without any."""
    lines: list[str] = []
    origin: list[int] = []
    for line, match in numbered_matches(_OUTLINE, text):
        values = dict((name, html.unescape(value[1:-1])) for name, value in _ATTRIBUTE.findall(match[1]))
        for name in ("text", "_note", "note"):
            for part in values.get(name, "").split("\n"):
                if part.strip():
                    lines.append(part.strip())
                    origin.append(line)
    return (lines, origin) if lines else None
