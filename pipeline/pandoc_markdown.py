"""Pandoc's Markdown as CommonMark: what ``pandoc -f html -t markdown`` (or ``-t gfm``) writes around
the cards of a saved listing, taken off so the card reader sees plain Markdown links.

Pandoc keeps the HTML's structure it cannot write as Markdown: in its own Markdown, ``:::`` fenced
divs and ``{.class #id key=value}`` attributes after links, images and headings; in GitHub Markdown,
the raw HTML itself (``<div class=…>``, ``<a href="/papers/…" class=…>Title</a>`` over several
lines). So, on a page with at least ``MIN_SIGNS`` of either: fence lines are left blank, attribute
blocks dropped, raw anchors written as Markdown links and other tags dropped. The page keeps its line
count (an anchor spread over lines stands on its first line), so line numbers stay those of the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape

from pipeline.page_items import escape_link_text
from pipeline.reference_labels import has_label_references, references_to_inline
from pipeline.text_dumps import day_label_rejoined

MIN_SIGNS = 5

_FENCE = re.compile(r"^\s*:{3,}(?:\s.*)?$")
# "{.class #id}" or "{key="value"}" (a quoted value: LaTeX's "_{i=1}" is no attribute block)
_ATTRIBUTES = re.compile(r"(?<=[)\]}\w])\{(?:[.#][^{}\n]*|[\w-]+=\"[^\"{}\n]*\"[^{}\n]*)\}")
# a heading's attributes stand after a space at the end of its line: "### Title {#title .mb-1}"
_HEADING_ATTRIBUTES = re.compile(r"(?m)^(#{1,6}[ \t].*?)[ \t]+\{#[^{}\n]*\}[ \t]*$")
# "{.flex" … ".items-center}": an attribute block pandoc wrapped onto the next line
_ATTRIBUTES_ALONE = re.compile(r"^\s*\.[\w/.-]+(?:\s+\.[\w/.-]+)*\}\s*$")
# A link that shows only an image (the vote button's icon) and, a few blank lines on, the count that
# stood inside it before pandoc moved it out: "[![](data:…)](/login?next=…)" … "0"
_EMPTY_LINK_THEN_COUNT = re.compile(
    r"(?m)^\[(?:!\[[^\]]*\]\([^)\s]*\))*\]\(([^)\s]+)\)[ \t]*\n((?:[ \t]*\n){0,8})[ \t]*(\d{1,7})[ \t]*$"
)
# an icon pandoc inlined as a data: URI ("![](data:image/svg+xml;base64,…)"): no text to show
_INLINE_IMAGE = re.compile(r"!\[[^\]\n]*\]\(data:[^)\s]*\)")
# bounded, so that a page of anchors or tags that never close costs its length, not its square
_ANCHOR = re.compile(
    r"<a\s[^>]{0,500}?href\s*=\s*[\"']([^\"'\n]{0,2000})[\"'][^>]{0,500}>(.{0,3000}?)</a>",
    re.IGNORECASE | re.DOTALL,
)
_TAG = re.compile(
    r"</?(?:div|span|section|article|svg|path|img|ul|li|p|header|footer|nav|main|button)\b[^>]{0,1000}>",
    re.IGNORECASE,
)
# What pandoc's "smart" writer made of typography, outside link targets, code and URLs: --- an em
# dash, -- an en dash, ... an ellipsis, straight quotes curly ones; the text's own -- and quotes it
# escaped (\--, \"), and those stay as they are (a Markdown parser drops the escape).
_SMART_OR_KEPT = re.compile(
    r"(?P<kept>\]\([^)\s]*\)|`[^`\n]*`|https?://\S+|\\(?:\\|-(?:\\?-)*|\.+|[\"']))"
    r"|(?P<dash>(?<!-)---?(?!-))|(?P<ellipsis>(?<!\.)\.\.\.(?!\.))|(?P<quote>[\"'])"
)
_DASH_OR_KEPT = re.compile(r"(?P<kept>\]\([^)\s]*\)|`[^`\n]*`|https?://\S+|\\-(?:\\?-)*)|(?<!-)---?(?!-)")
# Typography a page written with pandoc's "smart" extension never holds: it wrote these as ASCII.
_CURLY = re.compile("[\u2018\u2019\u201c\u201d\u2013\u2014\u2026]")
# Escapes pandoc writes before characters the parser otherwise keeps a backslash before (LaTeX in a
# clip's abstract: "90\\%", "\\$5"): in pandoc's Markdown a backslash there is always an escape (it
# writes a backslash of the text as \\\\), so the escape goes.
_LATEX_LIKE_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\([%$&{}^@])")
_TYPOGRAPHY_CHARS = re.compile(r"--|\.\.\.|[\"']")
# Where an opening quote stands: the line's start, a space, an opening bracket or a dash before it.
_OPENS_AFTER = frozenset(" \t([{\u2014\u2013-/")
_SPAN = re.compile(r"(?<![!\]])\[([^\[\]]*)\]\{[.#][^{}]*\}")
_HREF = re.compile(r"<a\s[^>]*href\s*=", re.IGNORECASE)


def is_pandoc_markdown(lines: list[str]) -> bool:
    """Whether the page shows pandoc's fenced divs or attribute blocks, or raw HTML anchors."""
    signs = 0
    for line in lines:
        if (
            (":::" in line and _FENCE.match(line))
            or ("{" in line and _ATTRIBUTES.search(line))
            or ("<a " in line.lower() and _HREF.search(line))
        ):
            signs += 1
        if signs >= MIN_SIGNS:
            return True
    return False


def pandoc_to_commonmark(lines: list[str]) -> list[str]:
    """The page's lines as CommonMark (same number of lines)."""
    fences = [":::" in line and _FENCE.match(line) is not None for line in lines]
    out = [
        "" if fence else _without_wrapped_attributes(line) for line, fence in zip(lines, fences, strict=True)
    ]
    text = "\n".join(out)
    text = _SPAN.sub(_span_text, text)  # a bracketed span keeps its text: "[Dec\n4]{.font-semibold}"
    text = _HEADING_ATTRIBUTES.sub(r"\1", _ATTRIBUTES.sub("", text))
    if has_label_references(text):  # --reference-links: inline again
        text = references_to_inline(text, every=True)
    text = _INLINE_IMAGE.sub("", text)
    text = _ANCHOR.sub(_markdown_link, text)
    text = _TAG.sub(lambda tag: "\n" * tag[0].count("\n"), text)  # a tag may span lines
    if _smart(lines, fences):  # after the attributes: their quoted values are no text
        text = "\n".join(
            smart_typography(line) if _TYPOGRAPHY_CHARS.search(line) else line for line in text.split("\n")
        )
    if "\\" in text:
        text = _LATEX_LIKE_ESCAPE.sub(r"\1\2", text)
    return put_back_moved_text(text.split("\n"))


def put_back_moved_text(lines: list[str]) -> list[str]:
    """What pandoc's writers move out of an element they cannot nest, put back (same number of
    lines): a vote count out of its icon-only link (``[](/login?next=…)`` … ``26``), the day
    switcher's label wrapped after its month (``…)Dec`` / ``4``)."""
    text = "\n".join(lines)
    text = _EMPTY_LINK_THEN_COUNT.sub(lambda m: f"[{m[3]}]({m[1]})" + "\n" * m[0].count("\n"), text)
    return day_label_rejoined(text.split("\n"))


def _smart(lines: list[str], fences: list[bool]) -> bool:
    """Whether pandoc wrote the page with its "smart" extension (its own Markdown and commonmark_x
    do by default): curly quotes, dashes and ellipses then stand as ASCII and the text's own
    quotes and dashes are escaped. A page in pandoc's own Markdown (fenced divs) or escaping its
    quotes or dashes is one, unless it holds typography such a page never does."""
    text = "\n".join(lines)
    escapes = '\\"' in text or "\\'" in text or "\\--" in text or "\\..." in text
    return (any(fences) or escapes) and _CURLY.search(text) is None


def smart_typography(line: str) -> str:
    """A line of a "smart" pandoc page with its typography back: ``---`` an em dash, ``--`` an en
    dash, ``...`` an ellipsis, straight quotes curly (opening after a space or an opening bracket,
    else closing), outside URLs, link targets and code; escaped ones are the text's own."""
    return _outside_rules(line, _SMART_OR_KEPT, _typography)


def _typography(match: re.Match[str]) -> str:
    if match["kept"]:
        return match[0]
    if match["dash"]:
        return "\u2014" if match[0] == "---" else "\u2013"
    if match["ellipsis"]:
        return "\u2026"
    before = match.string[match.start() - 1] if match.start() else " "
    opening = before in _OPENS_AFTER or (before in "\"'" and match.start() == 1)
    if match[0] == '"':
        return "\u201c" if opening else "\u201d"
    return "\u2018" if opening and not before.isalnum() else "\u2019"


def smart_dashes(line: str) -> str:
    """--- and -- as the dashes they stand for, outside URLs, link targets and code."""
    return _outside_rules(line, _DASH_OR_KEPT, _dash)


def _outside_rules(line: str, pattern: re.Pattern[str], replace: Callable[[re.Match[str]], str]) -> str:
    """``pattern``'s matches in ``line`` replaced, unless the line is a rule or a comment (whose
    dashes are its syntax)."""
    if not line.strip(" -") or line.lstrip().startswith("<!--"):
        return line
    return pattern.sub(replace, line)


def _dash(match: re.Match[str]) -> str:
    if match["kept"]:
        return match[0]
    return "\u2014" if match[0] == "---" else "\u2013"


def _span_text(match: re.Match[str]) -> str:
    """A bracketed span's text on one line, followed by the line breaks the span held."""
    return " ".join(match[1].split()) + "\n" * match[0].count("\n")


def _markdown_link(match: re.Match[str]) -> str:
    """A raw anchor as a Markdown link on one line, followed by the line breaks it spanned."""
    label = " ".join(unescape(_TAG.sub("", match[2])).split())
    breaks = match[0].count("\n")
    if not label:  # an icon's link: kept, a count pandoc moved out of it may follow
        return f"[]({match[1]})" + "\n" * breaks
    return f"[{escape_link_text(label)}]({match[1]})" + "\n" * breaks


def _without_wrapped_attributes(line: str) -> str:
    """An attribute block pandoc wrapped onto the next line (``[1](…){.flex`` / ``.items-center}``)."""
    if "{" in line and line.rstrip().endswith(tuple("abcdefghijklmnopqrstuvwxyz0123456789-")):
        head, brace, tail = line.rpartition("{")
        if brace and tail.startswith((".", "#")) and " " not in tail.strip():
            return head
    return "" if line.rstrip().endswith("}") and _ATTRIBUTES_ALONE.match(line) else line
