"""Links written as ``text [url]``, as html-to-text (Node's most used HTML-to-text library, behind
many crawlers' "text" output) writes them, rewritten as Markdown links for the card reader.

html-to-text puts a link's target in brackets right after the link's text: at the end of the line
(``QWEN3-VL TECHNICAL REPORT [/papers/2511.21631]``, ``3 [/papers/2511.21631#community]``) or, when
the link held a block (the abstract's paragraph, the vote count), alone on the next line. Images are
``alt [src]`` (an organisation's avatar: ``uwnlp [https://…/uwnlp.png]University of Washington NLP
[/uwnlp]``), headings are in capitals (a title's case is lost), and lines are wrapped at 80 columns
(a long image URL pushes its neighbours onto lines of their own).

So, on a page where such targets close at least ``MIN_BRACKETED`` lines, more than Markdown links:

* wrapped lines are joined back first: a line continues onto the next when the next one's first word
  would not have fitted on it (the page's wrapping width, when its lines show one);
* an image's ``[src]`` is dropped, and its alt text with it where that is the slug the link after it
  points to (the organisation's avatar);
* ``text [url]`` at the end of a line becomes ``[text](url)``; a ``[url]`` alone links the line or
  paragraph before it. Root-relative targets point at huggingface.co.

Firefox's "Save Page As… Text Files" (Mozilla's plain-text serializer, also Thunderbird's plain
text) writes the same form with the absolute target in angle brackets, ``Qwen3-VL Technical Report
<https://huggingface.co/papers/2511.21631>``, wrapped at 80 columns, a heading indented
(``angled_to_bracketed``).

A joined link stands on its first line and the lines it took are left blank: the page keeps its line
count, so line numbers stay those of the file.

resiliparse (the HTML-to-text extractor of large web-text pipelines) with ``links=True`` writes the
same form in parentheses, ``Qwen3-VL Technical Report (/papers/2511.21631)``, a link without text
as ``(url)``, alone on a line (a thumbnail) or glued to what follows (``(/papers/date/2025-12-03)Dec
4``), and a link around a block as ``(url)`` alone on the line after it; it does not wrap lines.
Such a page (at least ``MIN_BRACKETED`` lines closing on a paper's link) has its targets put in
brackets first (``parenthesised_to_bracketed``); a paper's page alone on its line, which may be
either a thumbnail or an abstract's link, is dropped. A full-length line that ends in an outside
URL in parentheses is left alone: that is an abstract citing its code, not a link.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pipeline.page_facts import front_matter
from pipeline.page_items import SITE, escape_link_text

MIN_BRACKETED = 3

_TARGET = r"(?:https?://|/)[^\s\[\]]*"
# searched on a line stripped at its end: no trailing run of spaces for the lazy text to retry over
_AT_END = re.compile(rf"^(?P<text>.*?)\s?\[(?P<url>{_TARGET})\]$")
_ALONE = re.compile(rf"^\s*\[(?P<url>{_TARGET})\]\s*$")
_IMAGE_TARGET = r"(?:https?://|/)[^\s\[\]]*\.(?:png|jpe?g|gif|svg|webp|avif|ico)(?:\?[^\s\[\]]*)?"
_IMAGE = re.compile(rf"\[{_IMAGE_TARGET}\]", re.IGNORECASE)
# An avatar whose alt text is the slug its link goes to: "uwnlp [https://…png]University … [/uwnlp]"
_AVATAR = re.compile(
    rf"(?:^|(?<=\s))(?P<alt>[\w.-]+)\s+\[{_IMAGE_TARGET}\](?=.*\[(?:{re.escape(SITE)})?/(?P=alt)\]\s*$)",
    re.IGNORECASE,
)
# A link with no text is written as its bare target, glued to the text after it: the day switcher's
# icon link before the day ("/papers/date/2026-03-21Mar 22").
_GLUED_BEFORE_DAY = re.compile(
    r"^\s*(?:https?://|/)\S*?(?<=[\d/])(?=[A-Z][a-z]{2,8} \d{1,2}(?:, \d{4})?\s*$)"
)
_PATH = re.compile(r"^(?:https?://|/)\S*$")
_MARKDOWN_LINK = re.compile(r"\]\(\s*<?(?:https?://|/)")
_BULLET = re.compile(r"^\s*([*-]\s+)")
_PAREN_TARGET = r"\((?P<url>(?:https?://|/)[^\s()\[\]]*)\)"
_PAREN_AT_END = re.compile(rf"(?<!\])(?P<space>\s?){_PAREN_TARGET}\s*$")
_PAREN_GLUED = re.compile(rf"^(?P<indent>\s*){_PAREN_TARGET}(?=\S)")
_PAPER_PATH = r"(?:https?://(?:www\.)?huggingface\.co)?/papers/\d{4}\.\d{4,5}"
_PAPER_IN_PARENS = re.compile(rf"(?<!\])\({_PAPER_PATH}(?:#[\w-]+)?\)\s*$")
_PAPER_PAGE = re.compile(rf"{_PAPER_PATH}$")
_SLUG = re.compile(r"^[\w.-]+$")
_LINK_TEXT_MAX = 200  # a title, a name or a button; an abstract's line is longer


def has_bracketed_links(lines: list[str]) -> bool:
    """Whether the page writes its links as ``text [url]``, more of them than Markdown links (an
    abstract may quote one of those)."""
    closing = markdown = 0
    for line in lines:
        if "](" in line and _MARKDOWN_LINK.search(line):
            markdown += 1
        if line.rstrip().endswith("]") and _AT_END.match(_IMAGE.sub("", line).rstrip()):
            closing += 1
    return closing >= MIN_BRACKETED and closing > markdown


_IMAGE_LINE = re.compile(rf"^\s*(?:[*-]\s+)?\[{_IMAGE_TARGET}\]\s*$", re.IGNORECASE)
_IMAGE_INLINE = re.compile(rf"\s?\[{_IMAGE_TARGET}\]", re.IGNORECASE)


def has_bracketed_images(lines: list[str]) -> bool:
    """Whether images stand as ``[src]`` on lines of their own (``MIN_BRACKETED`` at least): html-to-text
    with ``ignoreHref`` drops every link's target but keeps each image's (a card's thumbnail, its
    authors' avatars as `` * [src]`` items)."""
    return sum(1 for line in lines if "[" in line and _IMAGE_LINE.match(line)) >= MIN_BRACKETED


def images_dropped(lines: list[str]) -> list[str]:
    """The page without its images and its wrapping (same number of lines: a joined line stands on
    its first line, the lines it took are blank): a line that is only an image is blank, an image
    inside a line is taken out with the space before it, so that an avatar's alt text stays glued
    to the name after it as other extractors write it (``uwnlp [src]University …`` ->
    ``uwnlpUniversity …``, which the card reader knows)."""
    out = [""] * len(lines)
    for first, text in _logical_lines(lines):
        if not _IMAGE_LINE.match(text):
            out[first] = _IMAGE_INLINE.sub("", text) if "[" in text else text
    return out


def has_parenthesised_links(lines: list[str]) -> bool:
    """Whether the page writes its links as resiliparse does, ``text (url)``: more lines close on a
    paper's link in parentheses than hold Markdown links."""
    return _closing_more_than_markdown(
        lines, lambda line: line.rstrip().endswith(")") and _PAPER_IN_PARENS.search(line)
    )


def _closing_more_than_markdown(lines: list[str], closes: Callable[[str], object]) -> bool:
    """At least ``MIN_BRACKETED`` lines that ``closes`` (a line holding a Markdown link is not
    asked), and more of them than lines holding Markdown links (an abstract may quote one form)."""
    closing = markdown = 0
    for line in lines:
        if "](" in line and _MARKDOWN_LINK.search(line):
            markdown += 1
        elif closes(line):
            closing += 1
    return closing >= MIN_BRACKETED and closing > markdown


# html-to-text with ``linkBrackets: false``: a link's target after its text with no brackets,
# ``QWEN3-VL TECHNICAL REPORT /papers/2511.21631``, or alone on a line (``/login?next=…``)
_BARE_PAPER_AT_END = re.compile(r"\S\s/papers/\d{4}\.\d{4,5}(?:#[\w-]+)?\s*$")
_BARE_AT_END = re.compile(r"(?P<space>\s)(?P<url>/[^\s\[\]()]*)\s*$")
_BARE_ALONE = re.compile(r"^(?P<indent>\s*)(?P<url>/[^\s\[\]()]*)\s*$")
_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s")  # a Markdown reference's definition: ``[21]: /papers/…``


def has_bare_links(lines: list[str]) -> bool:
    """Whether the page writes its links' targets bare after their text, root-relative (html-to-text
    with ``linkBrackets: false``): at least ``MIN_BRACKETED`` lines close on a paper's path, more
    than hold Markdown links."""
    return _closing_more_than_markdown(
        lines,
        lambda line: "/papers/" in line and _BARE_PAPER_AT_END.search(line) and not _DEFINITION.match(line),
    )


def bare_to_bracketed(lines: list[str]) -> list[str]:
    """Bare root-relative targets put in brackets, as html-to-text writes them by default, for
    ``bracketed_to_markdown``: after a line's text (``text /path`` -> ``text [/path]``) or alone on
    a line. A target glued to an image's ``[src]`` (a thumbnail) is left as the default writes it."""
    skip, _ = front_matter(lines)
    out = lines[:skip]
    for line in lines[skip:]:
        if "/" in line and not _DEFINITION.match(line):
            line = _BARE_ALONE.sub(r"\g<indent>[\g<url>]", line)
            line = _BARE_AT_END.sub(r"\g<space>[\g<url>]", line)
        out.append(line)
    return out


_ANGLE_TARGET = re.compile(r"<(?P<url>https?://[^\s<>]*)>")
# A link's text, then its target in angle brackets (a bare ``<url>`` alone is a Markdown autolink)
_ANGLE_PAPER_AT_END = re.compile(rf"\S\s<{_PAPER_PATH}(?:#[\w-]+)?>\s*$")
_ANGLE_GLUED = re.compile(r"^(?P<indent>\s*)<(?P<url>https?://[^\s<>]*)>(?=\S)")


def has_angled_links(lines: list[str]) -> bool:
    """Whether the page writes its links as Firefox's "Save Page As… Text Files" (and Thunderbird's
    plain text) does, ``text <url>``, the target absolute: at least ``MIN_BRACKETED`` lines close on
    a paper's page in angle brackets, more than hold Markdown links."""
    return _closing_more_than_markdown(
        lines, lambda line: line.rstrip().endswith(">") and _ANGLE_PAPER_AT_END.search(line)
    )


def angled_to_bracketed(lines: list[str]) -> list[str]:
    """Firefox's ``text <url>`` links as html-to-text writes them, ``text [url]``. A link without
    text glued to the text after it (the day switcher's arrow before ``Dec 4``) is dropped; a
    paper's page alone on its line goes back onto an indented line right above it (a heading whose
    link the wrap pushed down), and is dropped elsewhere, as in ``_bracketed``: the thumbnail's link
    before the card or the abstract's after it, which the form does not tell apart."""
    skip, _ = front_matter(lines)
    out = lines[:skip]
    for line in lines[skip:]:
        if "<http" in line:
            alone = line.strip()
            if alone.startswith("<") and alone.endswith(">") and _PAPER_PAGE.match(alone[1:-1]):
                above = out[-1] if out else ""
                if above.startswith("  ") and above.strip() and not above.rstrip().endswith((">", "]")):
                    out[-1] = f"{out[-1].rstrip()} [{alone[1:-1]}]"  # a title's link the wrap pushed down
                line = ""
            else:
                line = _ANGLE_TARGET.sub(r"[\g<url>]", _ANGLE_GLUED.sub(r"\g<indent>", line))
        out.append(line)
    return out


def parenthesised_to_bracketed(lines: list[str]) -> list[str]:
    """resiliparse's ``text (url)`` links as html-to-text writes them, ``text [url]`` (a link
    without text, glued to the text after it, as its bare target), for ``bracketed_to_markdown``."""
    skip, _ = front_matter(lines)
    return lines[:skip] + [_bracketed(line) if ")" in line else line for line in lines[skip:]]


def _bracketed(line: str) -> str:
    line = _PAREN_GLUED.sub(r"\g<indent>\g<url>", line)
    end = _PAREN_AT_END.search(line)
    if end is not None and not line[: end.start()].strip() and _PAPER_PAGE.match(end["url"]):
        # A paper's page alone: a link with no text (the thumbnail, after the previous card's
        # date) or around the block before it (the abstract): which, this form does not tell.
        # Dropped: the card reader pairs the title's link with the paragraph after it either way.
        # Another target alone links the block before it (the vote count's login link).
        return ""
    if end is None or (not end["url"].startswith("/") and len(line[: end.start()].strip()) > _LINK_TEXT_MAX):
        return line
    text = line[: end.start()]
    slug = end["url"][1:]
    if _SLUG.match(slug) and text.lstrip().startswith(slug) and text.strip() != slug:
        # an organisation's avatar: its alt text (the slug the link goes to) glued to the name
        text = text.replace(slug, "", 1)
    return f"{text}{end['space']}[{end['url']}]"


def bracketed_to_markdown(lines: list[str], *, breaks_at_hyphens: bool = False) -> list[str]:
    """The page's lines with ``text [url]`` links as Markdown (same number of lines); front matter
    is kept as it is. ``breaks_at_hyphens``: the writer wrapped lines after a hyphen too (Firefox's
    serializer; html-to-text breaks at spaces only, so its ``token-`` / ``and`` is two words)."""
    skip, _ = front_matter(lines)
    return lines[:skip] + _body_to_markdown(lines[skip:], breaks_at_hyphens)


def _logical_lines(lines: list[str], breaks_at_hyphens: bool = False) -> list[tuple[int, str]]:
    """(first line, the wrapped lines joined) of each line as written before wrapping; blank lines
    kept. A page whose lines show no wrapping width is taken as written."""
    width, measure = wrap_width(lines) or (0, _width_of)
    logical: list[tuple[int, str]] = []
    i = 0
    while i < len(lines):
        last = i
        while width and last + 1 < len(lines) and _continues(lines[last], lines[last + 1], width, measure):
            last += 1
        logical.append((i, _joined(lines[i : last + 1], breaks_at_hyphens) if last > i else lines[i]))
        i = last + 1
    return logical


_BROKEN_AT_HYPHEN = re.compile(r"[^\W\d_]-$")


def _joined(lines: list[str], breaks_at_hyphens: bool) -> str:
    """Wrapped lines as one: with a space, but none after a hyphen between letters where the writer
    also breaks there (Firefox's serializer: ``fine-`` / ``tuning``)."""
    joined = lines[0].strip()
    for line in lines[1:]:
        line = line.strip()
        glued = breaks_at_hyphens and _BROKEN_AT_HYPHEN.search(joined) and line[:1].isalpha()
        joined += line if glued else " " + line
    return joined


def _body_to_markdown(lines: list[str], breaks_at_hyphens: bool) -> list[str]:
    logical = _logical_lines(lines, breaks_at_hyphens)
    out = [""] * len(lines)  # a joined line stands on its first line; the lines it took stay blank
    texts = [_without_images(text) for _, text in logical]
    for n in range(len(logical) - 1):  # an avatar's alt text left alone on the line before its image
        after = " ".join(text for _, text in logical[n + 1 : n + 3])
        if _IMAGE.match(logical[n + 1][1].lstrip()) and _links_to_slug(after, texts[n].strip()):
            texts[n] = ""
    linked: set[int] = set()  # logical lines made links: a lone [url] never takes them as its text
    for n, (first, _) in enumerate(logical):
        text = texts[n]
        if not text.rstrip().endswith("]"):
            # a link without text is written as its bare target: a paper's page alone on its line
            # is the card's thumbnail (images skipped, or an absolute baseUrl); paired with the line
            # above as a clip's link, it made the day a paper's title
            out[first] = "" if _PAPER_PAGE.match(text.strip()) else text
            continue
        alone = _ALONE.match(text)
        match = alone or _AT_END.match(text.rstrip())
        if match is None or (not alone and not match["text"].strip()):
            out[first] = text
            continue
        url = _absolute(match["url"])
        if not alone:
            out[first] = _markdown_link(match["text"], url)
            linked.add(n)
            continue
        before = n - 1  # the link held a block: its text is the line or paragraph before
        if before >= 0 and not texts[before].strip():
            before -= 1
        if before < 0 or before in linked or not texts[before].strip():
            out[first] = url  # a bare URL, for the card reader to pair
            continue
        # an avatar's alt text is known once the link's target is: "occ-ai [src]OCC" / "[/occ-ai]"
        label = _AT_END.match(_without_images(f"{logical[before][1]} {text.strip()}").rstrip())
        out[logical[before][0]] = _markdown_link(label["text"] if label else texts[before], url)
        linked.add(before)
        out[first] = ""
    return out


def wrap_width(lines: list[str]) -> tuple[int, Callable[[str], int]] | None:
    """The width the page was wrapped at and how its writer counted a line's length, or None: most
    lines of words end within 20 columns of the longest usual one (the 95th percentile of their
    lengths; a line without a space, a long URL, may overflow it). Lengths are counted as
    JavaScript does (html-to-text), else in characters (Firefox: an emoji or a mathematical letter
    ``𝐊`` is one)."""
    words = [line.rstrip() for line in lines if len(line.strip()) > 20 and " " in line.strip()]
    # judged on the lines without an address where there are enough: a serializer that breaks no
    # address (Firefox's) lets a line that ends in one run past the width
    plain = [line for line in words if "://" not in line]
    judged = plain if len(plain) >= 20 else words
    if len(judged) < 20:
        return None
    for measure in (_width_of, len):
        lengths = sorted(measure(line) for line in judged)
        width = lengths[int(0.95 * (len(lengths) - 1))]
        near = sum(1 for n in lengths if width - 20 <= n <= width)
        if width <= 150 and near >= 0.4 * len(lengths):
            return width, measure
    return None


def _continues(line: str, following: str, width: int, measure: Callable[[str], int]) -> bool:
    """Whether ``line`` was broken before ``following`` by wrapping: the next word did not fit. An
    image's ``[src]`` does not count as a word (a thumbnail is a block of its own, and an avatar's
    long URL is what pushed the text after it onto a new line)."""
    words = _IMAGE.sub("", following).split(maxsplit=1)
    if not line.strip() or not words or _ALONE.match(following) or _thumbnail(line) or _thumbnail(following):
        return False
    if _GLUED_BEFORE_DAY.match(following) or _PAPER_PAGE.match(following.strip()):
        return False  # a text-less link's target (the day switcher's, a thumbnail's) starts a block
    if following.strip() in ("·", "•"):
        return False  # a card's separator is a block of its own (after an avatar's overlong line)
    return measure(line.rstrip()) + 1 + measure(words[0]) > width


def _width_of(text: str) -> int:
    """Length as JavaScript counts it (UTF-16 code units: an emoji is 2), which html-to-text wraps by."""
    return len(text.encode("utf-16-le")) // 2


def _thumbnail(line: str) -> bool:
    """A linked image written as ``[src]`` and its target, glued: a block of its own."""
    stripped = line.strip()
    return (
        stripped.startswith("[")
        and _IMAGE.match(stripped) is not None
        and _PATH.match(_IMAGE.sub("", stripped)) is not None
    )


def _links_to_slug(text: str, slug: str) -> bool:
    return bool(slug) and " " not in slug and (f"[/{slug}]" in text or f"[{SITE}/{slug}]" in text)


def _without_images(text: str) -> str:
    if "[" in text:
        text = _IMAGE.sub("", _AVATAR.sub("", text))
    return _GLUED_BEFORE_DAY.sub("", text) if text[:1] in "/h " else text


def _markdown_link(text: str, url: str) -> str:
    indent = text[: len(text) - len(text.lstrip())]
    bullet = _BULLET.match(text)
    label = escape_link_text(" ".join((text[bullet.end() :] if bullet else text).split()))
    return f"{indent}{bullet[1] if bullet else ''}[{label}]({url})"


def _absolute(url: str) -> str:
    return SITE + url if url.startswith("/") and not url.startswith("//") else url
