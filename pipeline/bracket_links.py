"""Links written as ``text [url]``, as html-to-text (Node's most used HTML-to-text library, behind
many crawlers' "text" output) writes them, rewritten as Markdown links for the card reader.

html-to-text puts a link's target in brackets right after the link's text: at the end of the line
(``QWEN3-VL TECHNICAL REPORT [/papers/2511.21631]``, ``3 [/papers/2511.21631#community]``) or, when
the link held a block (the abstract's paragraph, the vote count), alone on the next line. It wraps
lines at 80 columns, writes images as ``[src]`` and headings in capitals (a title's case is lost).

So, on a page where such targets close at least ``MIN_BRACKETED`` lines and no Markdown link is
written: an image's ``[src]`` is dropped; ``text [url]`` at the end of a line becomes ``[text](url)``,
its text taken back over the wrapped lines before it (lines of at least ``WRAPPED_LINE`` characters:
a wrapped title or abstract, not a ``·`` or a date); a ``[url]`` alone on a line becomes the bare
URL, which the card reader pairs with the text before it, as in clip exports. Root-relative targets
point at huggingface.co. The page keeps its line count, so line numbers stay those of the file.
"""

from __future__ import annotations

import re

MIN_BRACKETED = 3
WRAPPED_LINE = 40
SITE = "https://huggingface.co"

_TARGET = r"(?:https?://|/)[^\s\[\]]*"
_AT_END = re.compile(rf"^(?P<text>.*?)\s*\[(?P<url>{_TARGET})\]\s*$")
_ALONE = re.compile(rf"^\s*\[(?P<url>{_TARGET})\]\s*$")
_IMAGE = re.compile(
    r"\[(?:https?://|/)[^\s\[\]]*\.(?:png|jpe?g|gif|svg|webp|avif|ico)(?:\?[^\s\[\]]*)?\]", re.I
)
# A link with no text is written as its bare target, glued to the text after it: the day switcher's
# icon link before the day ("/papers/date/2026-03-21Mar 22").
_GLUED_BEFORE_DAY = re.compile(
    r"^\s*(?:https?://|/)\S*?(?<=[\d/])(?=[A-Z][a-z]{2,8} \d{1,2}(?:, \d{4})?\s*$)"
)
_MARKDOWN_LINK = re.compile(r"\]\(\s*<?(?:https?://|/)")
_LINK_TEXT_SPECIAL = re.compile(r"([\\\[\]])")


def has_bracketed_links(lines: list[str]) -> bool:
    """Whether the page writes its links as ``text [url]``, more of them than Markdown links (an
    abstract may quote one of those)."""
    closing = markdown = 0
    for line in lines:
        if "](" in line and _MARKDOWN_LINK.search(line):
            markdown += 1
        if line.rstrip().endswith("]") and _AT_END.match(_IMAGE.sub("", line)):
            closing += 1
    return closing >= MIN_BRACKETED and closing > markdown


def bracketed_to_markdown(lines: list[str]) -> list[str]:
    """The page's lines with ``text [url]`` links as Markdown (same number of lines)."""
    out = [_IMAGE.sub("", line) if "[" in line else line for line in lines]
    out = [_GLUED_BEFORE_DAY.sub("", line) if line[:1] in "/h " else line for line in out]
    linked: set[int] = set()  # lines already made a link: text is never taken back over them
    for i, line in enumerate(out):
        if not line.rstrip().endswith("]"):
            continue
        alone = _ALONE.match(line)
        match = alone or _AT_END.match(line)
        if match is None:
            continue
        if alone:  # the link held a block: its text is the line before, or the paragraph before
            last = i - 1
            while last >= 0 and not out[last].strip() and i - last <= 2:
                last -= 1
            if last < 0 or last in linked or not out[last].strip():
                out[i] = _absolute(match["url"])
                continue
            text_lines = out[_start(out, last, linked, whole=last < i - 1) : last + 1]
            first = last - len(text_lines) + 1
        elif match["text"].strip():
            first = _start(out, i, linked, whole=False)
            text_lines = [*out[first:i], match["text"]]
        else:
            continue
        text = " ".join(part.strip() for part in text_lines)
        bullet = re.match(r"^\s*([*-]\s+)", out[first]) if len(text_lines) == 1 else None
        if bullet and text.startswith(bullet[1].strip()):
            text = text[len(bullet[1].strip()) :].strip()
        label = _LINK_TEXT_SPECIAL.sub(r"\\\1", text)
        indent = out[first][: len(out[first]) - len(out[first].lstrip())]
        out[first] = f"{indent}{bullet[1] if bullet else ''}[{label}]({_absolute(match['url'])})"
        linked.add(first)
        for k in range(first + 1, i + 1):
            out[k] = ""
    return out


def _start(out: list[str], last: int, linked: set[int], *, whole: bool) -> int:
    """First line of a link's text ending on line ``last``: the whole paragraph, or (``whole``
    false) back over the wrapped lines before it (a ``·`` or a date is not wrapped text)."""
    first = last
    while first > 0 and first - 1 not in linked and out[first - 1].strip():
        if not whole and len(out[first - 1].strip()) < WRAPPED_LINE:
            break
        first -= 1
    return first


def _absolute(url: str) -> str:
    return SITE + url if url.startswith("/") and not url.startswith("//") else url
