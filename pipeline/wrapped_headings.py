"""Headings a wrapping writer broke over two lines and marked as a heading again on the second:
html2text-rs (``html2text`` on crates.io, the Rust crate and its Python binding) wraps a long
``<h3>`` at its width (100 columns by default) and starts each line with ``### ``::

    ### Achieving Olympia-Level Geometry Large Language Model Agent via Complexity Boosting
    ### Reinforcement Learning

Read as Markdown these are two headings: two papers, the second titled ``Reinforcement Learning``
with the first's abstract; with a link around the title (``### [Achieving …`` / ``### …][30]``) the
marker was kept inside the title. Two headings of one level on consecutive lines are one heading
where the first was broken by wrapping: a link's text goes on from the first to the second, or
the second's first word would not have fitted on the first at the width the page's prose was
wrapped at (``bracket_links.wrap_width``). The second line is blanked, so the page keeps its line
count.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pipeline.bracket_links import wrap_width

_HEADING = re.compile(r"^(#{1,6}) +(\S.*)$")
_LINK_CLOSE = re.compile(r"\](?:\(|\[)")


def heading_lines_rejoined(lines: list[str]) -> list[str]:
    """``lines`` with each heading broken by wrapping joined onto its first line (see the module)."""
    pairs = [
        i
        for i in range(len(lines) - 1)
        if lines[i][:1] == "#" and lines[i + 1][:1] == "#" and _same_level(lines[i], lines[i + 1])
    ]
    if not pairs:
        return lines
    found = wrap_width(lines)
    out = list(lines)
    for i in pairs:
        first, second = _HEADING.match(out[i]), _HEADING.match(lines[i + 1])
        if first is None or second is None or not out[i].strip():
            continue
        if _link_goes_on(first[2], second[2]) or (
            found is not None and _broken(out[i], second[2].split(maxsplit=1)[0], *found)
        ):
            out[i] = out[i].rstrip() + " " + second[2].strip()
            out[i + 1] = ""
    return out


def _link_goes_on(text: str, following: str) -> bool:
    """A link's text opened on the first line and closed on the second (``[Achieving …`` /
    ``… Learning][30]``): one heading, whatever the width (separate headings close their links)."""
    return text.count("[") > text.count("]") and _LINK_CLOSE.search(following) is not None


def _broken(line: str, next_word: str, width: int, measure: Callable[[str], int]) -> bool:
    return measure(line.rstrip()) + 1 + measure(next_word) > width


def _same_level(line: str, following: str) -> bool:
    first, second = _HEADING.match(line), _HEADING.match(following)
    return first is not None and second is not None and first[1] == second[1]
