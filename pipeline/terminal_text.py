"""Text captured from a terminal, as the screen showed it: colour codes and overstrikes taken off.

A page rendered for a terminal and saved with its escapes keeps them in the file: Markdown shown by
``rich`` or ``glow`` with colours forced, a man page from ``groff -Tutf8``, ``script`` logs. Such a
file holds ANSI/ECMA-48 control sequences (``ESC [ 1 ; 34 m`` colours, ``ESC ] 8 ; ; url ST``
hyperlinks) and, from ``nroff``/``groff -P-c`` and the C++ ``html2text`` (Debian's), overstrikes:
``X BS X`` for bold and ``_ BS X`` for underline. None of that is text; read as text it put escape
codes and doubled letters into every title (``S\\bSt\\bte\\be…``).

A hyperlink (OSC 8) becomes a Markdown link over its text, so that a card's title keeps the paper it
links; every other sequence is dropped. No sequence spans a line, so the page keeps its line count.
"""

from __future__ import annotations

import re

from pipeline.page_items import escape_link_text

_ST = r"(?:\x07|\x1b\\)"  # string terminator: BEL or ESC \
_HYPERLINK = re.compile(
    rf"\x1b\]8;[^;\x07\x1b\n]*;(?P<url>[^\x07\x1b\n]*){_ST}(?P<text>[^\n]*?)\x1b\]8;;{_ST}"
)
_OSC = re.compile(rf"\x1b\][^\x07\x1b\n]*{_ST}?")
_CSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]")
# a character set's designation (``ESC ( B``, which ncurses' sgr0 ends with), other escapes of one
# character after ESC (``ESC 7``, ``ESC =``), and a stray ESC
_ESCAPE = re.compile(r"\x1b(?:[()*+\-./][\x20-\x7e]|[\x30-\x7e])?")


def screen_text(text: str) -> tuple[str, str]:
    """``text`` as a terminal shows it, and a note of what was taken off."""
    links = 0

    def link(match: re.Match[str]) -> str:
        nonlocal links
        shown = _CSI.sub("", match["text"])
        if not match["url"] or not shown.strip():
            return shown
        links += 1
        return f"[{escape_link_text(shown)}]({match['url']})"

    escapes = text.count("\x1b")
    text = _HYPERLINK.sub(link, text) if "\x1b]8;" in text else text
    text = _ESCAPE.sub("", _CSI.sub("", _OSC.sub("", text)))
    overstrikes = text.count("\x08")
    if overstrikes:
        text = "\n".join(_struck(line) if "\x08" in line else line for line in text.split("\n"))
    parts = [f"{escapes} terminal escape sequence(s)"] if escapes else []
    parts += [f"{overstrikes} overstrike(s) (bold/underline)"] if overstrikes else []
    note = " and ".join(parts) + " removed"
    return text, note + (f"; {links} hyperlink(s) kept as Markdown links" if links else "")


def _struck(line: str) -> str:
    """A line as printed: each backspace takes back the character before it, the one after it is
    struck over it (``X\bX`` bold, ``_\bX`` underline: the second character stays)."""
    shown: list[str] = []
    for char in line:
        if char == "\x08":
            if shown:
                shown.pop()
        else:
            shown.append(char)
    return "".join(shown)
