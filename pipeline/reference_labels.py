"""Links written as references named by their own text, resolved one by one in page order.

turndown (behind MarkDownload, Joplin and the "copy as Markdown" extensions) can write every link
as a reference: ``linkReferenceStyle: "collapsed"`` gives ``[Qwen3-VL Technical Report][]``,
``"shortcut"`` gives ``[Qwen3-VL Technical Report]``, and pandoc's ``--reference-links`` writes
shortcut references too. The targets are listed at the end, one definition per link in the order
the links stand: ``[Qwen3-VL Technical Report]: https://huggingface.co/papers/2511.21631``. Two
things defeat a Markdown parser there. A label names its first definition only, but the same
text gives several (every vote count ``[0]`` of the day, each with its own paper); and a link whose
text spans lines (``[`` / blank / ``7`` / blank / ``][]``: a vote count, an abstract) is no
reference at all, and its definition (``[`` … ``]: url`` over five lines) no definition: every
definition after it is then read as text.

So, on a page with at least ``MIN_DEFINITIONS`` definitions named by a text (the numbers that
full references use, ``[Title][7]`` over ``[7]: …``, are the Markdown parser's business; a vote
count's ``[7]`` is a text), each reference takes the next unused definition of its label (compared
as CommonMark does: case and runs of white space aside), in page order, and is written as an
inline link; the definitions are left blank. The page keeps its line count.
"""

from __future__ import annotations

import re
from collections import defaultdict

MIN_DEFINITIONS = 3

TAIL_CHARS = 4096  # of a page, searched for a definition before the rest is read
MAX_LINK_TEXT = 5000  # characters of a link's text (an abstract inside its link, turndown's label)
_BRACKET = re.compile(r"\\.|[\[\]]", re.DOTALL)  # an escaped character, or a bracket
_NUMBERED = re.compile(r"\s*\d+\s*")
_FULL_NUMBER = re.compile(r"\]\[(\d+)\]")
# "]: url" (its URL maybe on the next line, indented, as pandoc wraps it), an optional title, an
# optional attribute block (pandoc's "{.block}", maybe wrapped onto the next line), the line's end.
_TARGET = re.compile(
    r"\]:[ \t]*(?:\n[ \t]+)?<?((?:https?://|/|data:)[^\s>]*)>?"
    r"(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^)\n]*\)))?"
    r"(?:[ \t]*(?:\n[ \t]+)?\{[^{}\n]*\})?[ \t]*(?=\n|$)"
)


def ends_in_definitions(text: str) -> bool:
    """Whether the end of the page holds a definition's ``]:``. Definitions are listed at the end
    (turndown, pandoc): looking at the last ``TAIL_CHARS`` only keeps a page full of ``]`` fast
    (``"]:" in text`` over all of it cost 0.12 ms of a 7 ms page)."""
    return "]:" in text[-TAIL_CHARS:]


def has_label_references(text: str) -> bool:
    """Whether at least ``MIN_DEFINITIONS`` definitions are named by a text, not a number."""
    if not ends_in_definitions(text):
        return False
    found = 0
    for _, _, label, _ in _definitions(text, _bracket_pairs(text)):
        if not _NUMBERED.fullmatch(label):
            found += 1
            if found >= MIN_DEFINITIONS:
                return True
    return False


def references_to_inline(text: str, *, every: bool = False) -> str:
    """``text`` with each reference named by its text written as an inline link to its own
    definition's target, and the definitions blanked (the same number of lines). ``every``: full
    references (``[text][7]``) too, with their numbered definitions (pandoc's ``--reference-links``,
    whose other moves are undone on inline links only)."""
    numbers = set() if every else _numbers_in_full_references(text)  # "[text][7]": the parser's own
    pairs = _bracket_pairs(text)
    definitions = [d for d in _definitions(text, pairs) if _key(d[2]) not in numbers]
    targets: dict[str, list[str]] = defaultdict(list)
    for _, _, label, url in definitions:
        targets[_key(label)].append(url)
    used: dict[str, int] = defaultdict(int)
    blanked = {start: end for start, end, _, _ in definitions}
    out: list[str] = []
    # A reference's closing "]": what replaces it ("](url)") and where the text goes on. The text
    # inside a link is read on (an image's reference in a link's text: "[![][7]][8]").
    closing: dict[int, tuple[str, int]] = {}
    i = 0
    while i < len(text):
        if i in blanked:  # a definition: its newlines only
            out.append("\n" * text.count("\n", i, blanked[i]))
            i = blanked[i]
            continue
        if i in closing:
            replacement, i = closing.pop(i)
            out.append(replacement)
            continue
        if text[i] != "[":
            nxt = _next_interesting(text, i, blanked)
            if closing:
                nxt = min(nxt, *(at for at in closing if at > i))
            out.append(text[i:nxt])
            i = nxt
            continue
        out.append("[")
        close = _closing(pairs, i)
        if close is None:
            i += 1
            continue
        after = text[close + 1 : close + 3]
        if every and after[:1] == "[" and after != "[]" and (end := _closing(pairs, close + 1)) is not None:
            key = _key(text[close + 2 : end])  # a full reference, "[text][7]", or an image's, "![alt][7]"
            if key in targets:
                closing[close] = (f"]({_next_target(targets, used, key)})", end + 1)
        elif after[:1] not in "(:" and text[i - 1 : i] != "]" and (every or text[i - 1 : i] != "!"):
            key = _key(text[i + 1 : close])  # "[Title][]" or "[Title]"
            if key in targets and (after == "[]" or after[:1] != "["):
                closing[close] = (f"]({_next_target(targets, used, key)})", close + 1 + 2 * (after == "[]"))
        i += 1
    return "".join(out)


def _next_target(targets: dict[str, list[str]], used: dict[str, int], key: str) -> str:
    """The next unused definition of a label (the first, once all are used: CommonMark's)."""
    urls = targets[key]
    url = urls[used[key]] if used[key] < len(urls) else urls[0]
    used[key] += 1
    return url


def _numbers_in_full_references(text: str) -> set[str]:
    """The numbers full references use as labels (``[text][7]``): a page that writes its links so
    (pandoc, html2text) numbers its definitions, where turndown's ``[7]`` is a vote count's text."""
    return set(_FULL_NUMBER.findall(text))


def _definitions(text: str, pairs: dict[int, int]):
    """(start, end, label, url) of each definition: a bracketed label opening a line (it may span
    lines and hold brackets: an image's), then ``]:`` and a URL ending its line."""
    position = 0
    while True:
        start = text.find("[", position)
        if start == -1:
            return
        position = start + 1
        line_start = text.rfind("\n", 0, start) + 1
        if text[line_start:start].strip(" ") or start - line_start > 3:
            continue
        close = _closing(pairs, start)
        if close is None:
            continue
        target = _TARGET.match(text, close)
        if target is None:
            continue
        end = target.end()
        yield line_start, end, text[start + 1 : close], target[1]
        position = end


def _bracket_pairs(text: str) -> dict[int, int]:
    """Each ``[``'s index -> the index of the ``]`` that closes it (brackets nest; a backslash
    escapes; a blank line inside is allowed: a link text that spans paragraphs), in one pass."""
    pairs: dict[int, int] = {}
    opened: list[int] = []
    for match in _BRACKET.finditer(text):
        if match[0] == "[":
            opened.append(match.start())
        elif match[0] == "]" and opened:
            pairs[opened.pop()] = match.start()
    return pairs


def _closing(pairs: dict[int, int], start: int) -> int | None:
    """The ``]`` closing the ``[`` at ``start``, when the text between is a link's at most."""
    close = pairs.get(start)
    return close if close is not None and close - start <= MAX_LINK_TEXT else None


def _next_interesting(text: str, i: int, blanked: dict[int, int]) -> int:
    """The next ``[`` or definition start after ``i`` (the text between is copied as it is)."""
    bracket = text.find("[", i + 1)
    bracket = len(text) if bracket == -1 else bracket
    line = text.find("\n", i)
    while line != -1 and line + 1 < bracket:
        if line + 1 in blanked:
            return line + 1
        line = text.find("\n", line + 1)
    return bracket


def _key(label: str) -> str:
    return " ".join(label.split()).casefold()
