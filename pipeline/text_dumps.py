"""Pages as text browsers dump them (lynx, w3m, elinks, links), rewritten for the card reader:
links written as numbered references become Markdown links, wrapped lines are joined again.

``lynx -dump`` (and elinks, links) puts ``[n]`` before each link's text and lists the targets at
the end under ``References`` (``Visible links:`` / ``  16. https://huggingface.co/papers/…``);
``w3m -dump`` with link numbers does the same with ``[16] https://…`` lines. The text between
is the page's text: body lines indented, lines wrapped at the terminal's width, a vote count alone
on the line after its link's marker, the abstract in a paragraph after a marker of its own, empty
list items (``*``, ``•``) where avatars were.

So, on a page whose ``[n]`` markers follow each other in order and whose list gives their targets:

* wrapped lines are joined first (``_unwrapped``: a title over two lines is one line again);
* a marker with text after it links that text, up to the next marker; a link whose text starts
  with the slug it goes to loses it (an avatar's alt text before the organisation's name);
* a marker alone on its line links the paragraph right below it (the vote count), or the one after
  a blank line (the block the link held: the abstract);
* a marker whose number is out of order is text (an image's name in w3m, ``[2511]``), one whose
  target the list lost (a dump cut short) is dropped, and so is a link to an image (``[IMG]``);
* the reference list is blanked, lines are dedented (an indented line is no code block) and empty
  list items are blanked. ``file://`` targets (the dump of a saved page) point at huggingface.co.

Without link numbers (``w3m -dump``, ``links -dump``) the page is the wrapped text alone, images
as ``[IMG]`` or ``[name]``: on a page whose lines of words mostly reach one width, the lines are
joined the same way and the image placeholders dropped; its cards are then read as a page's text.

The page keeps its line count, so line numbers stay those of the file.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from pipeline.card_vocabulary import CHROME_MAX_CHARS
from pipeline.page_items import SITE, escape_link_text

MIN_MARKERS = 5
# Numbers a dump may skip between two shown markers (links without text, w3m's image links).
MAX_GAP = 5
# A line this long (of the longest line of words at its indent) was wrapped: tools differ by a
# column or two in where they break (elinks breaks before the longest lines' width).
FULL_LINE = 0.85
# The narrowest width a page is wrapped at (text at a deeper indent may be a list of short items).
MIN_WIDTH = 40
# How far below the width most lines of a wrapped text end (the longest word that did not fit).
WRAP_SLACK = 15
# A text wrapped wide: this many lines within WRAP_SLACK of the width, PEAK_RATIO times as many as
# in the 2 * WRAP_SLACK columns below (lines of a page's own text end anywhere).
MIN_PEAK = 10
PEAK_RATIO = 4

_HEADING = re.compile(r"^\s*(?:References|Visible links|Hidden links)\s*:?\s*$")
_TARGET = re.compile(r"^\s*(?:(?P<lynx>\d+)\.|\[(?P<w3m>\d+)\])\s+(?P<url>\S+)\s*$")
# Not a Markdown reference (``[Title][32]``), link (``[7](url)``) or definition (``[32]: url``).
_MARKER = re.compile(r"(?<!\])\[(\d{1,5})\](?![(:])")
_EMPTY_ITEM = re.compile(r"^\s*[*•+◦▪]\s*$")
_BULLET = re.compile(r"^\s*[•◦▪]\s")  # w3m's; lynx indents its list items deeper than text
_ANY_BULLET = re.compile(r"^\s*[*•+◦▪]\s")
# What w3m shows of an image: its name in brackets (``[2512]`` for 2512.04082.png), in a list item.
_IMAGE_ONLY = re.compile(r"^[*•+◦▪\s]*(?:\[[^\]\s]{1,40}\]\s*)+$")
# A card's field on a line of its own, never the end of a wrapped line: the separator, the author
# count, the day.
_FIELD = re.compile(r"^\s*(?:[·•|]|\d+ authors?|[A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})?)\s*$")
# An image's name glued to the text after it, at the start of a line (w3m).
_GLUED_IMAGE = re.compile(r"^\s*\[[^\]\s]{1,40}\](?=\w)")
# An organisation's slug in lower case glued to its name: "uwnlpUniversity of Washington NLP".
_GLUED_SLUG = re.compile(r"^[a-z0-9][a-z0-9_.-]+(?=[A-Z])")
# An image without alt text in links and elinks.
_IMG = re.compile(r"\[IMG\]")
_FILE_URL = re.compile(r"^file://(?:localhost)?/")


def _reference_list(lines: list[str]) -> tuple[int, dict[int, str]]:
    """Where the reference list starts (its ``References`` heading) and its targets by number;
    (len, {}) when the page ends in none. One walk up from the end: a line of other text above
    targets ends the list looking up, so targets count only under the heading that starts them."""
    targets: dict[int, str] = {}
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        if not line.strip():
            continue
        match = _TARGET.match(line)
        if match:
            targets[int(match["lynx"] or match["w3m"])] = match["url"]
        elif _HEADING.match(line):
            if "eferences" in line and len(targets) >= MIN_MARKERS:
                return i, targets
        else:
            targets = {}
    return len(lines), {}


def _markers_in_order(texts: list[str], targets: dict[int, str]) -> dict[int, list[tuple[int, int, int]]]:
    """Index of a text -> (column, number, length) of each marker in it that follows the one before
    it in order (and has a target, when the list is there)."""
    found: dict[int, list[tuple[int, int, int]]] = {}
    last = 0
    for i, text in enumerate(texts):
        if "[" not in text:
            continue
        for match in _MARKER.finditer(text):
            number = int(match[1])
            if last < number <= last + MAX_GAP and (not targets or number in targets):
                found.setdefault(i, []).append((match.start(), number, match.end() - match.start()))
                last = number
    return found


def is_wrapped_dump(lines: list[str]) -> bool:
    """Whether the page's text was wrapped at a terminal's width: most of its lines of words (30
    characters or more) end within a few columns of the longest ones, or, wrapped wide (``w3m -cols
    200``: titles and short abstracts fit whole), at least ``MIN_PEAK`` lines end there and far
    fewer just short of it. A page's text as a browser gives it (a line per element) has no such
    width."""
    lengths = [len(line.rstrip()) for line in lines if len(line.strip()) >= 30 and _prose(line)]
    if len(lengths) < 10:
        return False
    width = _width(lengths)
    near = sum(1 for length in lengths if length >= width - WRAP_SLACK)
    short_of = sum(1 for length in lengths if width - 3 * WRAP_SLACK <= length < width - WRAP_SLACK)
    peak = near >= MIN_PEAK and near >= PEAK_RATIO * short_of
    return MIN_WIDTH <= width <= 200 and (near >= 0.5 * len(lengths) or peak)


def unwrapped_dump(lines: list[str]) -> list[str]:
    """The page's lines joined where the terminal wrapped them, image placeholders dropped (same
    number of lines)."""
    out = [""] * len(lines)
    texts = [_IMG.sub("", line) if "[IMG]" in line else line for line in lines]
    w3m = texts == lines  # links writes images as [IMG]; w3m by their names, and breaks URLs at a /
    if w3m:  # an organisation's avatar before its name: "[cis-lmu]CIS, LMU Munich"
        texts = [_GLUED_IMAGE.sub("", line) if "]" in line else line for line in texts]
    following = ""  # the next line with text, walking up from the end
    for first, text in reversed(_unwrapped(texts, at_slash=w3m)):
        if following == "·" and len(text) <= CHROME_MAX_CHARS:  # the organisation, before the ·
            text = _without_glued_slug(text)
        out[first] = "" if _IMAGE_ONLY.match(text) else text
        following = text or following
    return _closed_up(out, lines)


def has_image_placeholders(lines: list[str]) -> bool:
    """Whether at least ``MIN_MARKERS`` lines are only an image's placeholder (``[IMG]`` in links
    and elinks, the file's name in w3m: ``[2604]``): a dump whose lines mostly fit its width
    (``w3m -cols 200``) still shows them where the thumbnails were."""
    found = 0
    for line in lines:
        if "]" in line and _IMAGE_ONLY.match(line):
            found += 1
            if found >= MIN_MARKERS:
                return True
    return False


def _closed_up(out: list[str], lines: list[str]) -> list[str]:
    """``out`` with the texts of each paragraph of ``lines`` (lines with no blank line between)
    moved up together: a join leaves its taken lines blank, and a blank line inside a paragraph
    would split it (an abstract whose next line was not joined would lose its second half)."""
    closed = list(out)
    start = 0
    while start < len(lines):
        if not lines[start].strip():
            start += 1
            continue
        end = start
        while end + 1 < len(lines) and lines[end + 1].strip():
            end += 1
        texts = [text for text in out[start : end + 1] if text]
        closed[start : end + 1] = texts + [""] * (end + 1 - start - len(texts))
        start = end + 1
    return closed


def _without_glued_slug(text: str) -> str:
    """An organisation's name without its avatar's alt text, the slug, glued before it (w3m and
    links show both): the name starts again with the slug's first three letters (``kyutaiKyutai``,
    ``cis-lmuCIS, LMU Munich``, ``PhalaCloudPhala``), or follows a lower-case slug
    (``uwnlpUniversity of Washington NLP``)."""
    head = text[:3].lower()
    if len(head) == 3 and head.isalnum():
        again = text.lower().find(head, 3)
        if again > 0 and " " not in text[:again]:
            return text[again:]
    return _GLUED_SLUG.sub("", text)


def _w3m_list(references: list[str]) -> bool:
    """Whether the reference list is w3m's (``[16] url``), not lynx's (``16. url``)."""
    return any((match := _TARGET.match(line)) is not None and match["w3m"] for line in references)


def has_numbered_links(lines: list[str]) -> bool:
    """Whether the page is a text browser's dump: ``[n]`` markers in order with their reference list
    at the end, or, the list cut off, markers in order on at least ``2 * MIN_MARKERS`` lines of a
    page without Markdown links (an abstract citing ``[1]`` to ``[12]`` holds them on a few lines)."""
    start, targets = _reference_list(lines)
    found = _markers_in_order(lines[:start], targets)
    if targets:
        markers = sum(len(on_line) for on_line in found.values())
        return markers >= MIN_MARKERS and markers >= len(targets) // 3
    markdown_links = sum(1 for line in lines if "](" in line)
    return len(found) >= 2 * MIN_MARKERS and markdown_links < MIN_MARKERS


def numbered_to_markdown(lines: list[str]) -> list[str]:
    """The page's lines with numbered links as Markdown links (same number of lines)."""
    start, targets = _reference_list(lines)
    out = [""] * len(lines)
    logical = _unwrapped(lines[:start], at_slash=_w3m_list(lines[start:]))
    markers = _markers_in_order([text for _, text in logical], targets)
    for n, (first, text) in enumerate(logical):
        found = markers.get(n, [])
        if not found:
            out[first] = "" if _IMAGE_ONLY.match(text) else text
        elif len(found) == 1 and _alone(text, found[0]):
            # a marker alone links the paragraph below it: the vote count, or, a blank line between,
            # the block the link held (the abstract)
            below = n + 1 if n + 1 < len(logical) and logical[n + 1][1] else n + 2
            if below < len(logical) and below not in markers and logical[below][1]:
                logical[below] = (logical[below][0], _link(logical[below][1], _url(targets, found[0][1])))
        else:
            pieces = [text[: found[0][0]]]
            for k, (column, number, length) in enumerate(found):
                end = found[k + 1][0] if k + 1 < len(found) else len(text)
                url = _url(targets, number)
                following = _url(targets, found[k + 1][1]) if k + 1 < len(found) else None
                if url is not None and url == following and _is_slug_of(text[column + length : end], url):
                    continue  # an avatar's alt text, linked like the name after it (elinks)
                pieces.append(_link(_without_alt_slug(text[column + length : end], url), url))
            joined = " ".join(piece.strip() for piece in pieces if piece.strip())
            out[first] = "" if _EMPTY_ITEM.match(joined) else joined
    return _closed_up(out, lines)


def _slug(url: str) -> str:
    """The last segment of a link's path: an organisation's name on the site (``/cis-lmu``)."""
    return url.rstrip("/").rsplit("/", 1)[-1]


def _is_slug_of(text: str, url: str) -> bool:
    return bool(text.strip()) and _slug(url) == text.strip()


def _without_alt_slug(text: str, url: str | None) -> str:
    """A link's text without the avatar's alt text before the name, the slug the link goes to
    (lynx: ``[37]cis-lmu CIS, LMU Munich``; w3m: ``[41]googleGoogle``)."""
    slug = _slug(url) if url else ""
    name = text.strip()
    if slug and name.startswith(slug) and name[len(slug) :].strip():
        return name[len(slug) :].strip()
    return text


def _alone(text: str, marker: tuple[int, int, int]) -> bool:
    column, _, length = marker
    return not text[:column].strip() and not text[column + length :].strip()


def _unwrapped(body: list[str], at_slash: bool) -> list[tuple[int, str]]:
    """(first line, text) of each line as written before wrapping: a line goes on over the next
    one (same indent, no marker, list item or card field starting it) when the next one's first
    word would not have fitted on it, or the line is nearly full. The width is the longest line of
    words at that indent that another line follows (``_width``), in characters (lynx) or in
    columns (w3m, Emacs): a line is wrapped when either says so. A word cut by the wrap (longer than a
    line, or a URL broken at a ``/``) joins without a space. Empty list items are blank."""
    lengths: dict[tuple[int, bool], list[int]] = {}
    for n, line in enumerate(body):
        # a paragraph's last line says nothing of the width: a heading the writer does not wrap
        # (pandoc's plain text) may run past it, and a word longer than the width is a line of its own
        if " " in line.strip() and n + 1 < len(body) and body[n + 1].strip():
            for columns in (False, True):
                lengths.setdefault((_indent(line), columns), []).append(_length(line.rstrip(), columns))
    widths = {key: _width(found) for key, found in lengths.items()}
    logical: list[tuple[int, str]] = []
    i = 0
    while i < len(body):
        parts, last = [body[i].strip()], i
        while last + 1 < len(body) and _continues(body[last], body[last + 1], widths):
            piece = body[last + 1].strip()
            parts.append(piece if _cut_word(body[last], piece, widths, at_slash) else " " + piece)
            last += 1
        text = "".join(parts)
        logical.append((i, "" if _EMPTY_ITEM.match(text) else text))
        i = last + 1
    return logical


# a reference definition whose URL the writer wrapped after a hyphen ("[18]: https://…/social-"), and
# the rest of the URL on the next line
_CUT_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+-$")
_URL_REST = re.compile(r"^\s*[\w./%?=&#~+-]+$")
_BARE_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:$")
_URL_ALONE = re.compile(r"^\s*(?:https?://|/)\S*$")


def definitions_rejoined(lines: list[str]) -> list[str]:
    """Reference definitions html2text wrapped (with ``links_each_paragraph`` the definitions stand
    between the cards, where a wrapped part would read as a card's text): a URL broken after a
    hyphen has its rest joined on, and a URL too long for the line's width, which html2text puts
    on the line under its label (``[20]:`` / ``https://…``, as CommonMark allows), joins its label;
    the line it came from is left blank."""
    out = list(lines)
    for i in range(len(out) - 1):
        line, url_at = out[i], i + 1
        if line.endswith(":") and _BARE_DEFINITION.match(line) and _URL_ALONE.match(out[i + 1]):
            out[i], out[i + 1] = f"{line} {out[i + 1].strip()}", ""
            line, url_at = out[i], i + 2  # the URL may be cut after a hyphen too
        if (
            line.endswith("-")
            and url_at < len(out)
            and _CUT_DEFINITION.match(line)
            and _URL_REST.match(out[url_at])
        ):
            out[i], out[url_at] = line + out[url_at].strip(), ""
    return out


_ENDS_IN_MONTH = re.compile(r"(?:^|[\s)])(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)$")
_DAY_NUMBER = re.compile(r"^\s*\d{1,2}\s*$")
# The day switcher's label after its arrow link, wrapped after its month: ``[](/papers/date/…)Jul`` /
# ``21`` (html2text at 78 columns, where the link's URL is long: an archived copy's; pandoc).
WRAPPED_DAY_LABEL = re.compile(r"\)(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\n\s*\d{1,2}\s*$", re.M)


def day_label_rejoined(lines: list[str]) -> list[str]:
    """Lines with a day label wrapped after its month (``…)Dec`` / ``4``) joined on the first
    (same number of lines: the second is left blank)."""
    out = list(lines)
    for i in range(len(out) - 1):
        if _DAY_NUMBER.match(out[i + 1]) and _ENDS_IN_MONTH.search(out[i]):
            out[i], out[i + 1] = f"{out[i]} {out[i + 1].strip()}", ""
    return out


_PLAIN_HEADING = re.compile(r"^#{1,6}\s+[^\[\s]")  # a Markdown heading with no link in it


def wrapped_heading_width(lines: list[str]) -> int | None:
    """The width a Markdown page was wrapped at (html2text's 78 columns) when a plain heading goes
    on over the next line, else None: html2text with ``ignore_links`` writes ``### LiveTalk: …
    Improved`` / ``On-Policy Distillation``, and only the first line is the heading in Markdown.

    A day of short abstracts may have too few full lines to show its width: there no line of words
    may be longer than html2text's default width, and every heading that goes on must do so where
    that width broke it."""
    going_on = [
        i
        for i, line in enumerate(lines)
        if line.startswith("#") and _PLAIN_HEADING.match(line) and i + 1 < len(lines) and lines[i + 1].strip()
    ]
    if not going_on:
        return None
    if is_wrapped_dump(lines):
        lengths = [len(line.rstrip()) for line in lines if not _indent(line) and _prose(line)]
        return _width(lengths) if lengths else HTML2TEXT_WIDTH
    fits = all(len(line.rstrip()) <= HTML2TEXT_WIDTH for line in lines if _prose(line))
    if fits and all(_broken_at(lines[i], lines[i + 1], HTML2TEXT_WIDTH) for i in going_on):
        return HTML2TEXT_WIDTH
    return None


HTML2TEXT_WIDTH = 78  # html2text's default body_width


def _broken_at(line: str, following: str, width: int) -> bool:
    """``line`` fits ``width`` and the next line's first word would not have: a wrap at ``width``."""
    length = len(line.rstrip())
    return length <= width < length + 1 + len(following.split()[0]) and len(following.rstrip()) <= width


def wrapped_headings_joined(lines: list[str], width: int) -> list[str]:
    """Each plain heading with the lines it was wrapped onto (the next one's first word would not
    have fitted on it, at the page's ``width``: ``wrapped_heading_width``) joined on its line,
    without a space after a hyphen the line broke at; those lines left blank, so the page keeps its
    line count. Markup the wrap put at the start of a paragraph's line is escaped first
    (``_wrapped_markup_escaped``)."""
    widths = {(0, columns): width for columns in (False, True)}
    lines = _wrapped_markup_escaped(lines, widths)
    out = list(lines)
    for i, line in enumerate(lines):
        if not (line.startswith("#") and _PLAIN_HEADING.match(line)):
            continue
        last = i
        while (
            last + 1 < len(lines)
            and not lines[last + 1].startswith("#")
            and _continues(lines[last], lines[last + 1], widths)
        ):
            last += 1
        if last > i:
            text = lines[i].strip()
            for part in lines[
                i + 1 : last + 1
            ]:  # a break after a hyphen ("Auto-" / "Regressive") joins tight
                text += ("" if text.endswith("-") and text[-2:-1].isalpha() else " ") + part.strip()
            out[i] = text
            out[i + 1 : last + 1] = [""] * (last - i)
    return out


# Markdown that ends a paragraph when a line starts with it: a heading, a bullet, an ordered item
# numbered 1 (only those may interrupt a paragraph), a quote, a rule or a setext underline.
_INTERRUPTING_MARKUP = re.compile(
    r"^(?:#{1,6}(?:\s|$)|1[.)](?:\s|$)|[-*+]\s|>|(?:-{3,}|={3,}|\*{3,}|_{3,})\s*$)"
)
_LEADING_DIGITS = re.compile(r"^\d+")


def _wrapped_markup_escaped(lines: list[str], widths: dict[tuple[int, bool], int]) -> list[str]:
    """A paragraph's line that starts with Markdown only because the wrap put it there (html2text
    escapes such text where the paragraph starts, not where it wraps it) escaped as text: an
    abstract's ``1) We achieve …`` or a quoted comment ``# discrete indices …`` would end the
    abstract as a list or a heading, and the card's counts after it would be read as the next
    card's. Such a line goes on from a full line of text above it. A backslash the wrap left at
    a line's end (``… eval.py \\`` / ``--bs=16``) would be a hard break there: it starts the next
    line instead, where it is text (two at a line's end are Firecrawl's hard break: ``page_items``
    drops them)."""
    out = list(lines)
    for i in range(1, len(lines)):
        line, above = lines[i], lines[i - 1]
        if not _INTERRUPTING_MARKUP.match(line) or above.startswith("#"):
            continue
        if _continues(above, line, widths):
            digits = _LEADING_DIGITS.match(line)
            out[i] = line[: digits.end()] + "\\" + line[digits.end() :] if digits else "\\" + line
    for i in range(len(lines) - 1):  # a shell command's "\" the wrap left at a line's end
        trailing = len(lines[i]) - len(lines[i].rstrip("\\"))
        if trailing % 2 and out[i + 1].strip() and _continues(lines[i], lines[i + 1], widths):
            out[i], out[i + 1] = out[i][:-1].rstrip(), "\\ " + out[i + 1].lstrip()
    return out


def _prose(line: str) -> bool:
    """A line of words that shows the width a page was wrapped at. A line holding an address does
    not: a wrapper breaks an address only after a hyphen, so its line may run past the width, and
    a web archive's copy, whose long addresses were wrapped, has them written short again
    (``pipeline.web_archive``)."""
    return " " in line.strip() and "://" not in line


def _width(lengths: list[int]) -> int:
    """The wrapping width shown by these line lengths: the longest one that several lines reach (a
    line or two may overflow it, with a non-breaking space or a long word)."""
    several = max(1, min(5, len(lengths) // 10))
    return sorted(lengths)[-several]


def _continues(line: str, following: str, widths: dict[tuple[int, bool], int]) -> bool:
    words = following.split(maxsplit=1)
    if not line.strip() or not words or _indent(line) != _indent(following):
        return False
    if _MARKER.match(words[0]) or _BULLET.match(following) or _FIELD.match(following):
        return False
    if _IMAGE_ONLY.match(following) or (_ANY_BULLET.match(line) and _ANY_BULLET.match(following)):
        return False  # an image, or the next item of a list
    for columns in (False, True):
        length, width = _length(line.rstrip(), columns), widths.get((_indent(line), columns), 0)
        if width < MIN_WIDTH:
            return False  # lines this short at this indent were never wrapped (a menu's items)
        if length + 1 + _length(words[0], columns) > width or length >= FULL_LINE * width:
            return True
    return False


def _cut_word(line: str, piece: str, widths: dict[tuple[int, bool], int], at_slash: bool) -> bool:
    """Whether the wrap cut a word: one longer than a line (it filled the line from its indent), or,
    ``at_slash``, a word broken after a ``/`` or ``\\`` or before a ``/`` (w3m breaks a URL, a LaTeX
    command or ``and/or`` there, lynx does not)."""
    if " " not in line.strip() and _length(line.rstrip(), False) == widths.get((_indent(line), False), 0):
        return True  # lynx cuts a word longer than a line at the width (w3m lets it overflow)
    if not at_slash or piece.startswith(("http://", "https://")):
        return False  # a new address after one that ended the line, not the rest of it
    last = line.split()[-1]
    if last.endswith("\\") or (last.endswith("/") and (len(last) > 1 or line.strip() == "/")):
        return True  # not after a lone "/" between words ("actions /" then "recurring")
    return piece.startswith("/") and not piece.startswith("/ ")


def _length(text: str, columns: bool) -> int:
    """``text``'s length in characters, or in columns as a terminal counts them: combining marks
    and format characters (an emoji's variation selector, a keycap's enclosing mark) take none, a
    wide character (an emoji such as 🚀, a CJK ideograph) two."""
    if not columns or text.isascii():
        return len(text)
    return sum(_columns(char) for char in text)


@functools.lru_cache(maxsize=4096)
def _columns(char: str) -> int:
    if unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _url(targets: dict[int, str], number: int) -> str | None:
    url = targets.get(number)
    if url is None:
        return None
    return _FILE_URL.sub(SITE + "/", url)


def _link(text: str, url: str | None) -> str:
    text = " ".join(text.split())
    if _IMAGE_ONLY.match(text) or _EMPTY_ITEM.match(text):
        return ""  # an image link, or a list item's bullet inside a link (elinks)
    if url is None or not text:
        return text
    return f"[{escape_link_text(text)}]({url})"
