"""A page saved from a terminal, escapes and all (``pipeline/terminal_text.py``).

A page rendered for a terminal (``rich``, ``glow``, ``groff -Tutf8``, Debian's ``html2text``) and
saved with its output keeps ANSI colour codes, OSC 8 hyperlinks and backspace overstrikes. The
pages here are real days (``tests/support``) with the codes such tools put around their text; the
cards read must be those of the same page without them.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from tests.support import real_rows
from tests.support.containers import read_cards
from tests.support.exporters import PageSpec, render_firecrawl

pytestmark = pytest.mark.skipif(not real_rows.available(), reason=real_rows.MISSING_MESSAGE)

DAY = real_rows.sample_days(25)[7]
PAGE = render_firecrawl(
    PageSpec(listing_date=DAY, captured=DAY + timedelta(days=1)), real_rows.rows_by_day()[DAY]
)
_LINK = re.compile(r"\[([^\[\]]+)\]\((https://[^()\s]+)\)")


def _bold(text: str) -> str:
    """``text`` as nroff emboldens it: each character struck twice."""
    return "".join(f"{c}\b{c}" if not c.isspace() else c for c in text)


def test_colours_and_overstrikes_are_taken_off_and_said() -> None:
    """Every line in colour, every heading struck bold: the same cards as the page without them.
    Before: a file of overstrikes was refused as binary, a coloured one read with its codes in
    every title."""
    coloured = "\n".join(
        f"\x1b[1;34m{_bold(line)}\x1b[0m" if line.startswith("#") else f"\x1b[38;5;250m{line}\x1b[0m"
        for line in PAGE.text.split("\n")
    )
    _, clean = read_cards(PAGE.text.encode())
    summary, cards = read_cards(coloured.encode())
    assert summary.status == "ok" and cards == clean
    assert len(clean) == len(real_rows.rows_by_day()[DAY])
    assert any("captured from a terminal" in w and "overstrike" in w for w in summary.warnings)


def test_terminal_hyperlinks_keep_the_papers_they_link() -> None:
    """A Markdown page shown by a terminal renderer writes each link as an OSC 8 hyperlink around
    its text: the link is a Markdown link again, so each card keeps its paper's id."""
    shown = _LINK.sub(lambda m: f"\x1b]8;;{m[2]}\x1b\\\x1b[4m{m[1]}\x1b[24m\x1b]8;;\x1b\\", PAGE.text)
    titles = re.findall(r"^### \x1b]8;;https://huggingface.co/papers/", shown, re.MULTILINE)
    assert len(titles) == len(real_rows.rows_by_day()[DAY])  # every title's link is a terminal's now
    _, clean = read_cards(PAGE.text.encode())
    summary, cards = read_cards(shown.encode())
    assert summary.status == "ok"
    assert [card[0] for card in cards] == [card[0] for card in clean]
    assert any("hyperlink(s) kept as Markdown links" in w for w in summary.warnings)


def test_every_kind_of_escape_is_taken_off() -> None:
    """ncurses ends its colours with ``ESC ( B`` (a character set's designation), terminals save
    and restore the cursor with ``ESC 7`` / ``ESC 8``: none of it is left in the text."""
    from pipeline.terminal_text import screen_text

    shown, _ = screen_text("\x1b[1mBold Title\x1b(B\x1b[m and \x1b7saved\x1b8 \x1b=keypad")
    assert shown == "Bold Title and saved keypad"
