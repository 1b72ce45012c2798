"""Parse one listing page (already decoded text) into records and rejects.

Three layouts are recognised:

* **spaced** - header block, a yearless page date (``Mar 14``), then title / blank / abstract blocks.
  Abstracts may be wrapped over several lines; a block of consecutive lines is one paragraph (a
  hard-wrapped page has few blank lines, but its lines start lower-case mid-sentence: still spaced).
  A Markdown heading, bullet or number before a title (``### ``, ``- ``, ``12. ``) is not part of it,
  nor is an ``Abstract:`` label part of the abstract. A title line directly followed by its abstract
  (no blank line) is split; a paper's metadata line (``Published on Mar 3, 2024 · 5 authors``) is
  the paper's, not a reject (unless it follows a rejected paragraph or belongs to a rejected
  title: then it is a reject too, never given to a neighbour). A compact page whose lines are
  hard-wrapped cannot be paired reliably: its lines become rejects with that reason.
* **compact** - no date, no blank lines, the header glued to the first title
  (``SubscribeSimple and Controllable...``); title line / abstract line alternate.
* **rich** - a page of paper cards: any exporter that keeps links or Markdown (clip, firecrawl,
  text dumps with reference links, structured and minimal Markdown). Read by
  :mod:`pipeline.page_items` (the text -> items with their links) and :mod:`pipeline.cards` (items
  -> cards); see those modules for what a card is.

Anything that is not part of a record (a title with no abstract, an abstract with no title, a line too
long to be either) becomes a :class:`Reject` with its line number and a reason; the rest of the page
is kept. The parser never raises on any text.

A change that alters what a page gives must bump ``PARSER_VERSION`` (``pipeline/parser_version.py``):
every page parsed by an older version is then parsed again once.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import pairwise

from pipeline.aria_snapshot import aria_markdown, is_aria_snapshot
from pipeline.bracket_links import (
    bracketed_to_markdown,
    has_bracketed_images,
    has_bracketed_links,
    has_parenthesised_links,
    images_dropped,
    parenthesised_to_bracketed,
)
from pipeline.cards import (
    CHROME_MAX_CHARS,
    MAX_TITLE_CHARS,
    PAGE_CHROME,
    TRUNCATION_NOTICE,
    Card,
    is_author_count,
    joins_at_hyphen,
    looks_like_abstract,
    read_cards,
    resolve_published,
)
from pipeline.citation_links import citations_to_markdown, has_citation_links
from pipeline.collapsible_cards import collapsible_to_markdown, has_collapsible_cards
from pipeline.csv_listing import parse_csv_listing
from pipeline.dates import parse_full_date, parse_page_date
from pipeline.devtools_snapshot import (
    accessibility_json_markdown,
    devtools_markdown,
    is_accessibility_json,
    is_devtools_snapshot,
)
from pipeline.extracted_xml import extracted_markdown, is_extracted_xml
from pipeline.feed_listing import is_feed, parse_feed_listing
from pipeline.json_listing import parse_json_listing
from pipeline.labelled_listing import bold_item_listing, labelled_listing
from pipeline.listing_evidence import NOT_A_PAPER, document_reason
from pipeline.markdown_table import markdown_table_listing
from pipeline.normalize import clean_display, normalize_arxiv_id
from pipeline.page_facts import read_page_facts
from pipeline.page_items import Item, page_items
from pipeline.pandoc_markdown import is_pandoc_markdown, pandoc_to_commonmark
from pipeline.record_fields import StructuredListing
from pipeline.reference_labels import ends_in_definitions, has_label_references, references_to_inline
from pipeline.text_dumps import (
    definitions_rejoined,
    has_image_placeholders,
    has_numbered_links,
    is_wrapped_dump,
    numbered_to_markdown,
    unwrapped_dump,
    wrapped_heading_width,
    wrapped_headings_joined,
)
from pipeline.title_ids import split_title_id
from pipeline.wiki_markup import markup_syntax, markup_to_markdown

# Page chrome. Compared after stripping; ``PAGE_CHROME`` (pipeline.cards) case-insensitively.
_CHROME_EXACT = {"new", "Subscribe", "·", "-", "|"}
_CHROME_PHRASE_LONGEST = max(map(len, PAGE_CHROME))
# MarkDownload's note template quotes the page's description under "## Excerpt".
_EXCERPT = re.compile(r"^>\s*#{1,6}\s*Excerpt\s*$", re.IGNORECASE)
_RULE = re.compile(r"^(?:-[ \t]*){3,}$|^(?:\*[ \t]*){3,}$|^(?:_[ \t]*){3,}$")  # Markdown's thematic break
_IMAGE_ONLY = re.compile(r"^!\[[^\]]*\]\(\S*\)?$")  # a Markdown image (wrapped: its first line)
TRUNCATED_WARNING = "the capture says its content was truncated: the last card may be incomplete"
# The period switcher of a weekly or monthly page, where a daily page shows its day.
_MONTH_NAMES = "|".join(calendar.month_name[1:])
_PERIOD_HEADER = re.compile(rf"^(?:Week \d{{1,2}}(?:,? \d{{4}})?|(?:{_MONTH_NAMES}) \d{{4}})$")
_PERIOD_STARTS = frozenset("WJFMASOND")
# Header text that may be glued to the first title when a page is flattened.
_GLUE_PREFIXES = (
    "Get trending papers in your email inbox once a day!",
    "Get trending papers in your email inbox!",
    "byAK and the research community",
    "Subscribe",
)
# What makes a page one of cards: a Hugging Face paper or vote link written as a line of its own or
# as a Markdown link target, a line that starts with a Markdown link (``### [Title](https://…)``,
# ``[Title][12]``), or a reference definition. A link in the middle of an abstract ("see
# https://huggingface.co/papers/…", "[repo](https://…)", citations "[1][2]") is not one.
_HF_CARD_LINK = r"(?:https?://(?:www\.)?huggingface\.co)?/(?:papers/|login\?next=(?:%2F|/)papers(?:%2F|/))"
_CARD_SIGNAL = re.compile(
    rf"^\s*<?{_HF_CARD_LINK}\S*>?\s*$|\]\(\s*<?{_HF_CARD_LINK}|\]:\s*<?{_HF_CARD_LINK}"
    r"|^ {0,3}(?:#{1,6}\s+|[-*+]\s+|\d{1,3}[.)]\s+)?(?:\*\*|__)?\[.*(?:\]\(\s*<?https?://|\]\s?\[[^\]]{1,40}\]\s*$)"
    r"|^ {0,3}\[[^\]]{1,40}\]:\s*<?https?://"
)
_HEADING = re.compile(r"^ {0,3}(#{1,6})\s+\S")
_PAPER_ID_URL = re.compile(r"(?:arxiv\.org/(?:abs|pdf)|huggingface\.co/papers)/([^\s?#>]+?)(?:\.pdf)?/?$")
_AUTHORS = re.compile(r"^(\d+)\s+authors?$", re.IGNORECASE)
_COUNT = r"(\d+(?:\.\d+)?k|\d+)"  # "153", and "1.2k" as popular papers show it
_UPVOTES = re.compile(rf"^\[-\]\s*{_COUNT}$|^{_COUNT}$|^▲\s*{_COUNT}$|^{_COUNT}\s+upvotes?$", re.IGNORECASE)
_META_SEPARATORS = "·•"
_META_SEPARATOR = re.compile(f"[{_META_SEPARATORS}]")
_BARE_NUMBER = re.compile(r"^\d+$")
# "Abstract: ..." (a label some exports put before the text); "Abstract reasoning is ..." keeps it.
_ABSTRACT_LABEL = re.compile(r"^abstract\s*[:.—–-]\s*", re.IGNORECASE)
# A Markdown heading, bullet or number in front of a title ("### ", "- ", "12. "); not part of it.
_LIST_MARKER = re.compile(r"^(?:#{1,6}|[-*+•]|\d{1,3}[.)])\s+")
_URL_LINE = re.compile(r"^<?https?://\S+>?$")
# A line that is only an HTML comment: a converter's placeholder (Docling's ``<!-- image -->`` where
# a thumbnail or avatar was), never a card's text.
_HTML_COMMENT = re.compile(r"\s*<!--(?:(?!-->).)*-->\s*")
# Whitespace and invisible format characters: a line holding only these is a blank line (a scraper
# may leave a zero-width space or a BOM where the page had an empty paragraph).
_BLANK_CHARS = (
    " \t\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u180e\u2028\u2029\u202f\u205f\u3000\ufeff\u00ad"
    + "".join(map(chr, range(0x2000, 0x200B)))  # en quad ... hair space
    + "".join(map(chr, range(0x200B, 0x2010)))  # zero-width space, (non-)joiners, direction marks
    + "".join(map(chr, range(0x2060, 0x2065)))  # word joiner, invisible operators
)
_SENTENCE_END = re.compile(r"[.!?…][\"')\]]?$")
# How a complete abstract ends: a sentence, a closing bracket/quote, or a link/path/domain.
_COMPLETE_END = re.compile(r"(?:[.!?…:;)\]}\"'”’»]|\S*[/.]\S*)$")

WRAPPED_SHARE = 0.3  # lines continuing a sentence in lower case: at least this share = hard-wrapped
ALTERNATION_SHARE = 0.5  # abstract-like share of every other unit for a page to pair strictly
MAX_ABSTRACT_CHARS = 20_000  # a "paragraph" longer than this is junk, not an abstract
REJECT_TEXT_CHARS = 2_000  # rejects keep this much text (plus where to find the rest)


@dataclass
class Record:
    """One paper as seen on one page."""

    position: int
    line_number: int
    raw_title: str
    raw_abstract: str
    title: str
    abstract: str
    abstract_line: int
    header_glued: bool = False
    arxiv_id: str | None = None
    n_authors: int | None = None
    published_date: date | None = None
    upvotes: int | None = None
    n_comments: int | None = None
    submitted_by: str | None = None  # the organisation or user the card names
    published_date_text: str | None = None  # the card's date as shown (``May 29``, ``Oct 7, 2024``)
    code_links: list[str] = field(default_factory=list)
    # The listing day the record itself names (a JSON export of several days); else the page's.
    listed_date: date | None = None


@dataclass
class Reject:
    """Text that was not part of any record, and why."""

    line_number: int
    reason: str
    text: str


@dataclass
class ParsedPage:
    layout: str
    records: list[Record] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    page_date: tuple[int, int] | None = None  # (month, day) of a yearless "Mar 14"
    page_date_text: str | None = None
    exported: date | None = None  # the capture date the exporter wrote (front matter or header line)
    capture_source: str | None = None  # which key said so: exported / retrieved / captured ...
    url: str | None = None
    page_kind: str | None = None  # daily / weekly / monthly / trending / search
    query: str | None = None  # the search query of a search page
    warnings: list[str] = field(default_factory=list)
    not_a_listing: str | None = None  # why the text is a document, not a listing (its pairs are rejects)

    @property
    def captured_at(self) -> date | None:
        return self.exported


@dataclass
class _Unit:
    """A paragraph: consecutive non-blank lines joined with spaces."""

    line: int
    raw: str  # as read, lines joined with "\n"
    text: str  # whitespace-tidied, header glue removed
    glued: bool = False


def split_lines(text: str) -> list[str]:
    """Split on CRLF, CR or LF only (not on the exotic separators ``str.splitlines`` knows). Most
    pages have LF only: ``str.split`` then, ten times faster than the regex."""
    lines = text.split("\n") if "\r" not in text else re.split(r"\r\n|\r|\n", text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def join_wrapped(lines: Iterable[str]) -> str:
    """One paragraph from its lines: joined with spaces, except after a line ending in a hyphen
    between letters (``over-`` + ``relying``), where a wrapping tool broke a hyphenated word (not
    before ``and`` / ``or``: ``Compute-`` + ``and Data-Optimal`` keeps its space)."""
    text = ""
    for line in (s.strip() for s in lines):
        if not text:
            text = line
        elif joins_at_hyphen(text, line):
            text += line
        else:
            text += " " + line
    return text


def _is_chrome(stripped: str) -> bool:
    """Chrome text. Lower-casing never shortens a text: a line longer than every phrase is not
    lower-cased (most lines are titles and abstracts)."""
    return stripped in _CHROME_EXACT or (
        len(stripped) <= _CHROME_PHRASE_LONGEST and stripped.lower() in PAGE_CHROME
    )


def _unglue(stripped: str) -> tuple[str, bool]:
    """``"SubscribeSimple and ..."`` -> ``("Simple and ...", True)``; also a title that opens in
    lower case with a capital in its first word or a letter that is not English (``SubscribemHC:
    …``, ``SubscribedLLM``, ``Subscribeδ-mem``), not a word the prefix begins (``Subscribers``)."""
    for prefix in _GLUE_PREFIXES:
        if stripped.startswith(prefix) and len(stripped) > len(prefix):
            rest = stripped[len(prefix) :]
            letters = _LEADING_LETTERS.match(rest)[0]
            if not (letters and letters.isascii() and letters.islower()):
                inner, _ = _unglue(rest.lstrip())
                return inner, True
    return stripped, False


_LEADING_LETTERS = re.compile(r"[^\W\d_]*")


def detect_layout(lines: list[str]) -> str:
    """``rich`` when the page has paper cards to find (paper links, Markdown links or headings),
    ``spaced`` when plain paragraphs are blank-separated, else ``compact``."""
    # every signal holds "[" or a URL: the cheap test first (the regex is tried on few lines)
    if any(("[" in s or "http" in s) and _CARD_SIGNAL.search(s) for s in lines) or _repeated_headings(lines):
        return "rich"
    if card_meta_runs(lines) >= 1:
        return "rich"
    return _plain_layout(lines)


# What only Markdown writes: a link (``](``), a reference link or definition, a heading. Not code an
# abstract quotes: ``f(x)[ 1 ][ "key" ]`` (a space inside the brackets) is no reference link.
_MARKDOWN_SYNTAX = re.compile(r"\]\((?!\s)|\]\[(?:[^\s\]][^\]]*)?\]|^ {0,3}#{1,6}\s|^ {0,3}\[[^\]]+\]:\s")


def _has_markdown(lines: list[str]) -> bool:
    """Whether a page of cards is Markdown. One with no link, reference or heading anywhere is the text
    a browser or ``get_text`` gave: read as Markdown, the backticks of an abstract's ``quotes''
    would make a code span of the lines up to the next abstract's, and ``[1][2]`` links."""
    return not _few_markdown_lines(lines, most=0)


def _few_markdown_lines(lines: list[str], most: int = 2) -> bool:
    """At most ``most`` lines with a Markdown link, reference or heading (an abstract in a page's
    text may quote one)."""
    found = 0
    for line in lines:
        if ("]" in line or "#" in line) and _MARKDOWN_SYNTAX.search(line):
            found += 1
            if found > most:
                return False
    return True


def card_meta_runs(lines: list[str]) -> int:
    """How many times a line holding only ``·`` is followed by a date: a card's metadata as a page's
    text shows it when the links are gone (a browser's innerText, BeautifulSoup's get_text). On a
    page with no ``·`` that kept its vote counts ``0``-``9``, an author count followed by a date
    (``is_author_count``)."""
    runs = authored = 0
    waiting = after_authors = kept_digits = False
    for line in lines:
        text = line.strip()
        if not text:
            continue
        if (waiting or after_authors) and (parse_page_date(text) or parse_full_date(text)):
            runs += waiting
            authored += after_authors
        waiting = text in _META_SEPARATORS
        after_authors = is_author_count(text)
        kept_digits = kept_digits or (len(text) == 1 and text.isdigit())
    return runs or (authored if kept_digits else 0)


def _plain_layout(lines: list[str]) -> str:
    body = [s.strip() for s in lines if not _is_chrome(s.strip())]
    # Ignore leading/trailing blanks; in the spaced layout about every other line is blank.
    while body and not body[0]:
        body.pop(0)
    while body and not body[-1]:
        body.pop()
    blanks = sum(1 for s in body if not s)
    if not blanks:
        return "compact"
    # Few blank lines are either stray ones in a compact page, or a spaced page whose abstracts are
    # hard-wrapped over many lines (a paragraph of 20 lines per blank). Wrapped prose breaks inside
    # sentences, so many lines start lower-case; a compact page's lines are whole titles and abstracts.
    if blanks >= 0.2 * (len(body) - blanks) or _hard_wrapped(body):
        return "spaced"
    return "compact"


def _repeated_headings(lines: list[str]) -> bool:
    """Markdown headings of one level used more than once: a minimal Markdown capture whose cards
    are ``### Title`` and the abstract below."""
    levels = [m[1] for m in map(_HEADING.match, lines) if m]
    return any(levels.count(level) >= 2 for level in set(levels))


def _hard_wrapped(body: list[str]) -> bool:
    """Lines broken by a wrapping tool: many continue a sentence in lower case, and hardly any holds a
    whole abstract (in a compact page every abstract is one long line; titles may start lower-case)."""
    following = [line for before, line in pairwise(body) if before and line]
    if not following or sum(1 for line in following if line[0].islower()) < WRAPPED_SHARE * len(following):
        return False  # the common case, decided without looking at every line's length
    text = [line for line in body if line]
    return sum(1 for line in text if looks_like_abstract(line)) < 0.1 * len(text)


def _in_card_markdown(text: str, lines: list[str]) -> list[str]:
    """The lines rewritten where a writer's own syntax hides the cards' Markdown (``<details>``
    digests, pandoc, html-to-text's ``text [url]``, crawl4ai's ``⟨n⟩``, text browsers' dumps).
    Each detector runs only when the whole text holds its telltale characters: most pages hold
    none, and are not scanned again."""
    # single characters first: a page is searched for one in C at memchr speed, for a word far slower
    if "<" in text and "summary>" in text and has_collapsible_cards(lines):
        lines = collapsible_to_markdown(lines)
    if syntax := markup_syntax(text):
        lines = markup_to_markdown(lines, syntax)
    if "]**(" in text:  # "**[Title]**(url)": a link written around its bold, as a Markdown link
        lines = [_BOLD_AROUND_LINK.sub(r"[\1](\2)", line) if "]**(" in line else line for line in lines]
    if "-\n" in text and "]: " in text:
        lines = definitions_rejoined(lines)
    if '<a href="' in text and _RAW_ANCHOR_ONLY.search(text) and not _ANCHOR_WITH_ATTRIBUTES.search(text):
        lines = raw_anchors_to_markdown(lines)  # dom-to-semantic-markdown's raw links
    if ("{" in text or "<" in text) and is_pandoc_markdown(lines):
        lines = pandoc_to_commonmark(lines)
    if ends_in_definitions(text) and has_label_references(joined := "\n".join(lines)):
        lines = references_to_inline(joined).split("\n")  # turndown's collapsed/shortcut, pandoc's
        text = "\n".join(lines)
    if ("(/papers/" in text or "(https://huggingface.co/papers/" in text) and has_parenthesised_links(lines):
        lines = parenthesised_to_bracketed(lines)  # resiliparse's ``text (url)``, then as html-to-text's
        text = "\n".join(lines)
    if _BRACKETED_TARGET.search(text) and has_bracketed_links(lines):
        lines = bracketed_to_markdown(lines)
    elif "[http" in text and has_bracketed_images(lines):
        lines = images_dropped(lines)  # html-to-text's ignoreHref: images kept, no link
    elif "⟨" in text and has_citation_links(lines):
        lines = citations_to_markdown(lines)
    elif _NUMBERED_MARKER.search(text) and has_numbered_links(lines):
        lines = numbered_to_markdown(lines)
    elif "·" in text and _wrapped_cards_without_links(lines):
        lines = unwrapped_dump(lines)
    elif "\n#" in text and (width := wrapped_heading_width(lines)):
        lines = wrapped_headings_joined(lines, width)
    return lines


# Anchors with nothing but an href; a page with other anchors (pandoc's carry a class) is left to the
# readers of its HTML.
_RAW_ANCHOR_ONLY = re.compile(r'<a href="[^"<>\s]*">')
_ANCHOR_WITH_ATTRIBUTES = re.compile(r'<a\s(?!href="[^"<>\s]*">)')
_RAW_ANCHOR = re.compile(r'<a href="(?P<url>[^"<>\s]*)">(?P<text>(?:(?!<a |</a>).)*)</a>')
_RAW_ANCHOR_TAG = re.compile(r'<a href="[^"<>\s]*">|</a>')
_RAW_ANCHOR_OPEN = re.compile(r'<a href="(?P<url>[^"<>\s]*)">(?!.*</a>)')


def raw_anchors_to_markdown(lines: list[str]) -> list[str]:
    """Markdown that writes a link around block content as raw HTML (dom-to-semantic-markdown:
    ``<a href="/papers/2511.21631">![](thumb.png)</a>``, an organisation's ``<a href="/cis-lmu">``
    avatar on one line and its name and ``</a>`` on the next): an anchor closed on its line, or on
    the next, becomes ``[text](url)`` (on the line it closes on, the lines keep their numbers);
    the tags of a longer one (an abstract with the authors' avatars listed inside) are dropped,
    its lines kept as text. Read with the tags, the thumbnail's line was every card's title."""
    out = list(lines)
    for i, line in enumerate(out):
        if "<a " not in line and "</a>" not in line:
            continue
        line = _RAW_ANCHOR.sub(r"[\g<text>](\g<url>)", line)
        opened = _RAW_ANCHOR_OPEN.search(line)
        if opened is not None and i + 1 < len(out) and "</a>" in out[i + 1] and "<a " not in out[i + 1]:
            inner, _, after = out[i + 1].partition("</a>")
            text = f"{line[opened.end() :].strip()} {inner.strip()}".strip()
            line, out[i + 1] = line[: opened.start()], f"[{text}]({opened['url']}){after}"
        out[i] = _RAW_ANCHOR_TAG.sub("", line)
    return out


_BOLD_AROUND_LINK = re.compile(r"\*\*\[([^\[\]\n]+)\]\*\*\((https?://[^)\s]+)\)")


def _wrapped_cards_without_links(lines: list[str]) -> bool:
    """A text browser's dump without link numbers: cards' ``·`` + date runs, (nearly) no Markdown,
    lines wrapped at one width, or images as ``[IMG]`` / ``[name]`` lines (at 200 columns few lines
    wrap, and a thumbnail's ``[2604]`` between a card's comment count and the next card's votes was
    read as a paper)."""
    if not (_few_markdown_lines(lines) and card_meta_runs(lines) >= 2):
        return False
    return is_wrapped_dump(lines) or has_image_placeholders(lines)


_BRACKETED_TARGET = re.compile(r"\[(?:/|http)")
_NUMBERED_MARKER = re.compile(r"\[[1-5]\][^(:]")


# The site under another name: hf-mirror.com (a mirror much used where huggingface.co is slow to
# reach; digests link their papers there) and the short domain hf.co. Their paper and login links
# are the site's, read as such.
_SITE_MIRROR = re.compile(r"(https?://)(?:www\.)?(?:hf-mirror\.com|hf\.co)/(papers/|login\b)")


def parse_page(text: str) -> ParsedPage:
    """Parse decoded page text. Never raises. A text that only pairs headings or short lines with
    paragraphs and shows nothing else of a listing is judged by ``pipeline.listing_evidence``: a
    README, a licence or a script gives rejects, not papers."""
    if "hf-mirror.com/" in text or "hf.co/" in text:
        text = _SITE_MIRROR.sub(r"\1huggingface.co/\2", text)
    page = _read_page(text)
    reason = document_reason(page, text)
    if reason is not None:
        kept = [Reject(r.line_number, NOT_A_PAPER, f"{r.raw_title}\n{r.raw_abstract}") for r in page.records]
        page.rejects = sorted([*page.rejects, *kept], key=lambda reject: reject.line_number)
        page.records, page.not_a_listing = [], reason
    return page


def _read_page(text: str) -> ParsedPage:
    start = text[:500].lstrip()[:1]
    if start in "-#`" and is_aria_snapshot(text) and (converted := aria_markdown(text)):
        return _read_converted(*converted)
    if start in "#u" and is_devtools_snapshot(text) and (converted := devtools_markdown(text)):
        return _read_converted(*converted)
    if text.lstrip()[:1] == "<" and is_extracted_xml(text) and (converted := extracted_markdown(text)):
        return _read_converted(*converted)
    if start == "{" and is_accessibility_json(text) and (converted := accessibility_json_markdown(text)):
        return _read_converted(*converted)
    if is_feed(text):
        return _structured_page(parse_feed_listing(text), layout="feed") or ParsedPage(layout="feed")
    if text[:1] in "[{" or text.lstrip()[:1] in ("[", "{"):
        page = _structured_page(parse_json_listing(text))
        if page is not None:
            return page
    elif _table_header(text):
        page = _structured_page(parse_csv_listing(text), layout="table")
        if page is not None:
            return page
    labelled = labelled_listing(text)
    if labelled is not None:
        page = _labelled_page(labelled, text)
        # A card page whose abstracts hold a few labelled lines reads as labelled too: a few papers
        # that swallow the rest (a real day's page of text: 2 papers against 38 cards; a bookmarks
        # file whose descriptions open with "Code:", its folder's heading taken for a marked
        # title: 1 against 24). The page's text read as cards or pairs must not give more than three
        # times as many papers (it gives up to twice as many on labelled pages).
        read = _read_text(text)
        return page if 3 * len(page.records) >= len(read.records) else read
    table = markdown_table_listing(text)
    if table is not None:
        return _labelled_page(table, text, layout="markdown_table")
    return _read_text(text)


def _read_converted(lines: list[str], origin: list[int]) -> ParsedPage:
    """The page written as ``lines`` of Markdown, its records and rejects on the file's lines
    (``origin``: the file's line of each)."""
    page = _read_text("\n".join(lines))

    def at(line: int | None) -> int | None:
        return origin[line - 1] if line is not None and 0 < line <= len(origin) else line

    for record in page.records:
        record.line_number, record.abstract_line = at(record.line_number), at(record.abstract_line)
    page.rejects = [replace(reject, line_number=at(reject.line_number)) for reject in page.rejects]
    return page


def _read_text(text: str) -> ParsedPage:
    """A page of text (Markdown, a dump, pairs of lines): its cards, or its title/abstract pairs."""
    lines = [
        ""
        if line and (not line.strip(_BLANK_CHARS) or (line[-1] in " \t" and _empty_list_item(line)))
        else line
        for line in split_lines(text)
    ]
    if "<!--" in text:
        lines = ["" if _HTML_COMMENT.fullmatch(line) else line for line in lines]
    _drop_avatar_alts(lines)
    if "](/papers/" in text or "](https://huggingface.co/papers/" in text:
        lines = [_DAY_THEN_THUMBNAIL.sub(r"\g<day>", line) if "[![" in line else line for line in lines]
    lines = _in_card_markdown(text, lines)
    facts = read_page_facts(lines)
    skip = facts.body_start
    layout = detect_layout(lines[skip:])
    page = ParsedPage(layout=layout, exported=facts.captured_at, capture_source=facts.capture_source)
    page.url, page.page_kind, page.query = facts.url, facts.page_kind, facts.query
    if facts.capture_text and facts.captured_at is None:
        page.warnings.append(f"'{facts.capture_source}: {facts.capture_text}' is not a YYYY-MM-DD date")
    if layout == "rich":
        _parse_cards(lines, skip, page)
        if not page.records:
            plain = ParsedPage(layout=_plain_layout(lines[skip:]))
            _parse_plain(lines, skip, plain)
            if plain.records:  # prose that only looked like cards: the plain reading wins
                page.layout, page.records, page.rejects = plain.layout, plain.records, plain.rejects
                page.page_date, page.page_date_text = plain.page_date, plain.page_date_text
                page.warnings.extend(plain.warnings)
    else:
        _parse_plain(lines, skip, page)
    items = bold_item_listing(text) if _looks_misread(page) else None
    if items is not None and len(items.papers) >= len(page.records):
        return _labelled_page(items, text, layout="bold_items")
    _take_ids_from_titles(page.records)
    page.records = once_per_page(page)
    if facts.paper_id and len(page.records) == 1 and page.records[0].arxiv_id is None:
        page.records[0].arxiv_id = facts.paper_id  # a paper's own page: its URL names the paper
    for i, record in enumerate(page.records, start=1):
        record.position = i
    return page


def _empty_list_item(line: str) -> bool:
    """``- `` and nothing else: a list item whose only content was an image (Docling's text export
    writes an author's avatar so, three a card), no text. Read as text, the ``-`` looked like the
    ``·`` between a card's authors and its date. A ``-`` without the space stays a separator."""
    head = line.lstrip()
    return len(head) >= 2 and head[0] in "-*+" and not head[1:].strip() and head[1] in " \t"


_EXPORT_NO_PAPER = "a record of the export that is no paper (no title, or neither id nor abstract)"
_EXPORT_NO_LISTING = "an export without a list of papers (records with a title and an id or abstract)"


# A card's day with the next card's thumbnail link glued after it (html-to-md writes the
# inline link on the day's line): the day is the card's date, the image says nothing.
_DAY_THEN_THUMBNAIL = re.compile(
    r"^(?P<day>\s*(?:·\s*)?[A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})?)\s+\[!\[[^\]]*\]\([^)\s]*\)\]"
    r"\((?:https://huggingface\.co)?/papers/[^)\s]*\)\s*$"
)
_PROFILE_LINK = re.compile(r"\[[^\]]+\]\((?:https?://(?:www\.)?huggingface\.co)?/(?P<slug>[\w.-]+)/?\)")


def _drop_avatar_alts(lines: list[str]) -> None:
    """Blank a line that is only the alt text of an organisation's avatar: a converter that writes
    images as their alt text (Docling, unstructured) puts the slug on a line of its own, before the
    link to the profile it names (``google`` over ``[Google](/google)``); read as text it ended
    the abstract above it."""
    for i, line in enumerate(lines):
        if not (line.startswith("[") and line.rstrip().endswith(")")):
            continue
        link = _PROFILE_LINK.fullmatch(line.rstrip())
        if link is None:
            continue
        before = next((k for k in range(i - 1, max(i - 6, -1), -1) if lines[k].strip()), None)
        if before is not None and lines[before].strip().lower() == link["slug"].lower():
            lines[before] = ""


def _table_header(text: str) -> bool:
    """Whether the first line could be a table's header: a delimiter and a column named like a title."""
    first = text.lstrip()[:2000].split("\n", 1)[0]
    return "title" in first.lower() and ("," in first or "\t" in first or ";" in first)


def _structured_page(found: StructuredListing | None, layout: str = "json") -> ParsedPage | None:
    """A listing saved as JSON or as a table (``pipeline.record_fields``), or None when it is not."""
    if found is None:
        return None
    facts = found.facts
    page = ParsedPage(layout=layout, exported=facts.get("captured"), capture_source=facts.get("captured_key"))
    if (listed := facts.get("listed")) is not None:
        page.page_date, page.page_date_text = (listed.month, listed.day), facts["listed_text"]
    page.warnings.extend(found.warnings)
    for fields in found.papers:
        line = fields.pop("line_number")
        page.records.append(Record(position=0, line_number=line, abstract_line=line, **fields))
    reason = _EXPORT_NO_PAPER if found.papers else _EXPORT_NO_LISTING
    page.rejects.extend(Reject(line_number=line, reason=reason, text=shown) for line, shown in found.others)
    page.records = once_per_page(page)
    for i, record in enumerate(page.records, start=1):
        record.position = i
    return page


def _looks_misread(page: ParsedPage) -> bool:
    """Whether the card and plain readers left Markdown of a paper list in the titles (a bullet,
    bold markers, a link's syntax) or an abstract opening with a bold list item (the next papers
    taken for one's abstract), read most papers without an abstract, or read no paper at all."""
    if not page.records:
        return True
    marked = sum(1 for r in page.records if _markdown_left(r.title, r.abstract))
    bare = sum(1 for r in page.records if not r.abstract)  # "1. [Title](…) - abstract": the rest unread
    return marked >= 0.3 * len(page.records) or bare >= 0.6 * len(page.records)


def _markdown_left(title: str, abstract: str) -> bool:
    """First characters first: this runs for every record of every page."""
    if "](" in title or (title[:1] in _MARK_STARTS and _MARKDOWN_IN_TITLE.match(title)):
        return True
    return abstract[:1] in _MARK_STARTS and _BOLD_ITEM_START.match(abstract) is not None


_MARK_STARTS = frozenset("*_-+•0123456789")
_MARKDOWN_IN_TITLE = re.compile(r"\*\*|__|[-*+•] |\d{1,3}[.)] ")
_BOLD_ITEM_START = re.compile(r"(?:[-*+•] |\d{1,3}[.)] )?(?:\*\*|__)")


def _labelled_page(found: StructuredListing, text: str, layout: str = "labelled") -> ParsedPage:
    """A page of labelled fields (``pipeline.labelled_listing``), with what its front matter and
    header say: the capture date, the page's URL and kind, and its day (``Apr 23`` or
    ``2026-04-23`` above the first paper) when the papers name none."""
    page = _structured_page(found, layout=layout)
    assert page is not None  # the labelled readers return only listings with papers
    lines = split_lines(text)
    facts = read_page_facts(lines)
    page.exported = page.exported or facts.captured_at
    page.capture_source = page.capture_source or facts.capture_source
    page.url, page.page_kind, page.query = facts.url, facts.page_kind, facts.query
    first = min(r.line_number for r in page.records)
    if page.page_date is None:
        for line in lines[facts.body_start : first - 1]:
            if found_day := _header_day(line):
                page.page_date, page.page_date_text = found_day
                break
    _take_ids_from_titles(page.records)
    return page


# "2026-04-23", or as Chinese digests write a day: "2025年12月04日"
_ISO_DAY_IN_LINE = re.compile(r"(?<!\d)(\d{4})(?:-|年)(\d{1,2})(?:-|月)(\d{1,2})(?:日|(?!\d))")


def _header_day(line: str) -> tuple[tuple[int, int], str] | None:
    """((month, day), as written) of a header line naming the listing's day, else None."""
    text = line.strip().strip("#*_ ")
    if (yearless := parse_page_date(text)) is not None:
        return yearless, text
    match = _ISO_DAY_IN_LINE.search(text)
    if match and 1 <= int(match[2]) <= 12 and 1 <= int(match[3]) <= 31:
        return (int(match[2]), int(match[3])), match[0]
    return None


_SHOWN_FIELDS = (  # what a card shows besides its title and abstract
    "n_authors",
    "submitted_by",
    "published_date",
    "published_date_text",
    "upvotes",
    "n_comments",
)


def _take_ids_from_titles(records: list[Record]) -> None:
    """An arXiv id written into the title line (``pipeline.title_ids``) is the card's id, not part
    of its title (``raw_title`` keeps the line as read); an id that contradicts the card's own
    link is left where it is."""
    for record in records:
        rest, arxiv_id = split_title_id(record.title)
        if arxiv_id is not None and record.arxiv_id in (None, arxiv_id):
            record.title, record.arxiv_id = rest, arxiv_id


def once_per_page(page: ParsedPage) -> list[Record]:
    """A paper shown twice on one page (trending pages repeat cards) is one sighting: the same
    arXiv id, or without one the same title and abstract (on the same listing day, where records
    name their own). Fields the first showing lacks come from the later one."""
    seen: dict[tuple, Record] = {}
    kept = []
    for record in page.records:
        key = (
            (record.listed_date, record.arxiv_id)
            if record.arxiv_id
            else (record.listed_date, "", record.title, record.abstract)
        )
        first = seen.get(key)
        if first is None:
            seen[key] = record
            kept.append(record)
            continue
        for name in _SHOWN_FIELDS:
            if getattr(first, name) is None:
                setattr(first, name, getattr(record, name))
        if not first.abstract and record.abstract:
            first.abstract, first.raw_abstract = record.abstract, record.raw_abstract
            first.abstract_line = record.abstract_line
        page.warnings.append(
            f"line {record.line_number}: paper shown again (first at line {first.line_number})"
        )
    return kept


# ---------------------------------------------------------------------------------------------
# spaced and compact


def _units(lines: list[str], start: int, layout: str, page: ParsedPage) -> Iterator[_Unit]:
    """Paragraph units after chrome is removed. In ``compact`` every line is its own unit.

    The header can only be glued to the page's first unit or to one right after header chrome (two
    pages saved into one file): a title such as ``SubscribeGPT`` after an abstract is its own title.
    """
    block: list[tuple[int, str]] = []
    seen_content = False
    glue_possible = True  # nothing but header/chrome lines since the start or the last unit
    block_glue = False
    image_open = False  # a picture's line whose URL goes on on the next line
    excerpt = False  # inside a quoted "## Excerpt" of the page

    def flush() -> Iterator[_Unit]:
        if block:
            raw = "\n".join(s for _, s in block)
            text, glued = join_wrapped(s for _, s in block), False
            if block_glue:
                text, glued = _unglue(text)
            yield _Unit(line=block[0][0], raw=raw, text=clean_display(text), glued=glued)
            block.clear()

    for index in range(start, len(lines)):
        raw = lines[index]
        stripped = raw.strip().strip("\u00a0\ufeff")
        if not stripped:
            yield from flush()
            continue
        if _is_chrome(stripped) or (stripped[:1] in "*-•#" and _is_chrome(stripped.lstrip("*-•#").strip())):
            yield from flush()
            glue_possible = True
            continue
        if stripped[:1] == ">" and (excerpt or _EXCERPT.match(stripped)):
            yield from flush()  # a clipper's quoted excerpt of the page (MarkDownload's template)
            excerpt = True
            continue
        excerpt = False
        if stripped[:1] in "-*_" and _RULE.match(stripped):
            yield from flush()  # a rule between parts of a note (a clipper's template), no text
            glue_possible = True
            continue
        if stripped[:2] == "![" and _IMAGE_ONLY.match(stripped):
            yield from flush()  # a picture (a thumbnail), no text of a card
            image_open = not stripped.endswith(")")  # its URL wrapped onto the next line
            continue
        if image_open and " " not in stripped and stripped.endswith(")"):
            image_open = False  # the rest of a wrapped picture's URL
            continue
        image_open = False
        if "runcated" in stripped and TRUNCATION_NOTICE.match(stripped):
            yield from flush()  # "[Content truncated]": the capture's note, not a title
            if TRUNCATED_WARNING not in page.warnings:
                page.warnings.append(TRUNCATED_WARNING)
            continue
        if stripped[:1] in _PERIOD_STARTS and _PERIOD_HEADER.match(stripped):
            yield from flush()  # a weekly or monthly page's header ("Week 6", "February 2026")
            glue_possible = True
            continue
        page_date = parse_page_date(stripped)
        if page_date:
            yield from flush()
            if page.page_date is None and not seen_content:
                page.page_date, page.page_date_text = page_date, stripped
            elif page_date != page.page_date:
                page.warnings.append(f"line {index + 1}: second page date {stripped!r} ignored")
            continue
        seen_content = True
        if layout == "compact":
            yield from flush()
        if not block:
            block_glue, glue_possible = glue_possible, False
        block.append((index + 1, raw))
    yield from flush()


def _plausible_short_abstract(text: str) -> bool:
    """A short unit where an abstract is expected: prose-like (ends a sentence, several words) and
    not written in Title Case (a question-titled paper after a title is the next title)."""
    return bool(_SENTENCE_END.search(text)) and text.count(" ") >= 7 and not _title_case(text)


def _note_or_copy(text: str, title: str) -> bool:
    """A short unit under a title that no title is: a submitter's note holding a link (``Code:
    https://…``, a project page's URL; a title never holds one), or the title again (a listing
    shows the title where a paper has no abstract). 132 and 31 of the cards the plain layouts lost
    on the 262 real days."""
    return "://" in text or text == title


def _title_case(text: str) -> bool:
    """Most longer words capitalised, as in a title (``What Makes Good Supervision for Hard ...``);
    prose capitalises a few names."""
    words = [w for w in re.findall(r"[^\W\d_][\w'-]*", text) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.75 * len(words)


def _parse_plain(lines: list[str], start: int, page: ParsedPage) -> None:
    units = list(_units(lines, start, page.layout, page))
    if page.layout == "compact" and _hard_wrapped([s.strip() for s in lines[start:]]):
        reason = "hard-wrapped lines and no blank line between papers: cannot tell titles from abstracts"
        for unit in units:  # kept as rejects: nothing is lost, nothing is invented
            _reject(page, unit, reason)
        return
    if _strictly_alternating(units):
        for title, abstract in zip(units[::2], units[1::2], strict=True):
            _add_record(page, title, abstract)
        _warn_if_cut(page, page.records[-1])
        return
    pending: _Unit | None = None
    pending_meta: list[tuple[_Unit, dict[str, int | date]]] = []  # pending's metadata lines, parsed
    last_made_record = False  # the previous unit (metadata aside) completed page.records[-1]

    def reject_pending(reason: str) -> None:
        nonlocal pending, pending_meta
        assert pending is not None
        _reject(page, pending, reason)
        for meta_unit, _ in pending_meta:  # kept: a rejected title's metadata is not dropped
            _reject(page, meta_unit, "paper metadata of a title without abstract")
        pending, pending_meta = None, []

    def add_record(title: _Unit, abstract: _Unit) -> None:
        nonlocal pending, pending_meta, last_made_record
        record = _add_record(page, title, abstract)
        for _, meta in pending_meta:
            _set_meta(record, meta)
        pending, pending_meta, last_made_record = None, [], True

    for i, unit in enumerate(units):
        is_last = i == len(units) - 1
        meta = _paper_meta(unit.text, in_text=True)
        if meta is not None:  # "Published on Mar 3, 2024 · 5 authors · ▲ 12": belongs to a paper
            if pending is not None:
                pending_meta.append((unit, meta))
            elif last_made_record:
                _set_meta(page.records[-1], meta)
            elif page.records:  # after a rejected paragraph: whose it is cannot be told
                _reject(page, unit, "paper metadata after text that is not a record")
            else:
                _reject(page, unit, "paper metadata before any paper")
            continue
        last_made_record = False
        if len(unit.text) > MAX_ABSTRACT_CHARS:
            if pending:
                reject_pending("title without abstract (next paragraph is not an abstract)")
            _reject(page, unit, f"paragraph of {len(unit.text):,} characters is too long to be an abstract")
            continue
        if looks_like_abstract(unit.text):
            if pending is None:
                split = _split_title_line(unit)
                if split is None:
                    _reject(page, unit, "abstract without a title")
                    continue
                pending, unit = split
            add_record(pending, unit)
            continue
        # Title-like unit.
        never_a_title = pending is not None and _note_or_copy(unit.text, pending.text)
        if pending is not None and (
            never_a_title or _plausible_short_abstract(unit.text) or (is_last and not _title_case(unit.text))
        ):
            if not never_a_title and not is_last and looks_like_abstract(units[i + 1].text):
                # Title, short, abstract: the short one is the abstract's title, not pending's
                # abstract (pending is a note such as "Code: https://..." after the last abstract).
                reject_pending("title without abstract (followed by another title)")
                pending = unit
                continue
            add_record(pending, unit)
            continue
        if pending is not None:
            reject_pending("title without abstract (followed by another title)")
        pending = unit
    if pending is not None:
        reject_pending("title without abstract at end of page (page cut off?)")
    elif units and page.records and page.records[-1].abstract_line == units[-1].line:
        _warn_if_cut(page, page.records[-1])


def _strictly_alternating(units: list[_Unit]) -> bool:
    """A page that is title, abstract, title, abstract ... throughout: every other unit reads like an
    abstract (ALTERNATION_SHARE of them at least) and none in between does, and no metadata lines.
    There the alternation itself says which is which, so a short abstract (a submitter's one-line
    summary, a copy of the title) is paired with its title instead of being taken for the next one."""
    if len(units) < 4 or len(units) % 2 or any(_paper_meta(u.text, in_text=True) is not None for u in units):
        return False
    titles, abstracts = units[::2], units[1::2]
    if any(looks_like_abstract(t.text) or len(t.text) > MAX_TITLE_CHARS for t in titles):
        return False
    if any(len(a.text) > MAX_ABSTRACT_CHARS for a in abstracts):
        return False
    return sum(looks_like_abstract(a.text) for a in abstracts) >= ALTERNATION_SHARE * len(abstracts)


def _split_title_line(unit: _Unit) -> tuple[_Unit, _Unit] | None:
    """A paragraph that is a title line followed by its abstract, with no blank line between them
    (``Title`` / ``We study ...``). Not when the first line is prose broken off by wrapping: it
    would then end a sentence, or the next line would continue it in lower case."""
    raw_lines = unit.raw.split("\n")
    if len(raw_lines) < 2:
        return None
    first, second = raw_lines[0].strip(), raw_lines[1].strip()
    if looks_like_abstract(first) or (_SENTENCE_END.search(first) and not first.endswith("?")):
        return None
    if not (_title_case(first) or second[:1].isupper()):
        return None
    abstract = _paragraph(list(enumerate(raw_lines[1:], start=unit.line + 1)))
    if not looks_like_abstract(abstract.text):
        return None
    title_text, glued = _unglue(first) if unit.glued else (first, False)
    return _Unit(unit.line, raw_lines[0], clean_display(title_text), glued), abstract


def _warn_if_cut(page: ParsedPage, last: Record) -> None:
    """A page saved before it finished loading ends mid-abstract. The record is kept (a listing may
    truncate abstracts too), but the file's warnings say where to look."""
    if not _COMPLETE_END.search(last.abstract):
        tail = last.abstract[-30:]
        page.warnings.append(
            f"line {last.abstract_line}: last abstract ends mid-sentence ({tail!r}; page cut off?)"
        )


def _add_record(page: ParsedPage, title: _Unit, abstract: _Unit) -> Record:
    title_text, linked_id = _title_without_links(title)
    record = Record(
        position=0,
        line_number=title.line,
        raw_title=title.raw,
        raw_abstract=abstract.raw,
        title=_LIST_MARKER.sub("", title_text, count=1) or title_text,
        arxiv_id=normalize_arxiv_id(linked_id),
        abstract=_ABSTRACT_LABEL.sub("", abstract.text, count=1) or abstract.text,
        abstract_line=abstract.line,
        header_glued=title.glued,
    )
    page.records.append(record)
    return record


def _title_without_links(title: _Unit) -> tuple[str, str | None]:
    """A title paragraph with a link line under the title (``https://arxiv.org/abs/2410.05258``):
    the link is not part of the title; an arXiv or Hugging Face papers link gives the arXiv id."""
    lines = title.raw.split("\n")
    links = [s.strip().strip("<>") for s in lines if _URL_LINE.match(s.strip())]
    if not links or len(links) == len(lines):
        return title.text, None
    text = join_wrapped(s for s in lines if not _URL_LINE.match(s.strip()))
    if title.glued:
        text, _ = _unglue(text)
    ids = [m[1] for m in map(_PAPER_ID_URL.search, links) if m]
    return clean_display(text), ids[0] if ids else None


def _reject(page: ParsedPage, unit: _Unit, reason: str) -> None:
    page.rejects.append(Reject(line_number=unit.line, reason=reason, text=_reject_text(unit.raw)))


def _reject_text(text: str) -> str:
    """A reject keeps REJECT_TEXT_CHARS of its text and says how much more there was."""
    if len(text) <= REJECT_TEXT_CHARS:
        return text
    return text[:REJECT_TEXT_CHARS] + f" … [{len(text) - REJECT_TEXT_CHARS:,} more characters]"


# ---------------------------------------------------------------------------------------------
# paper cards (any exporter that keeps links or headings)


def _parse_cards(lines: list[str], start: int, page: ParsedPage) -> None:
    """Cards from a page with links or headings (``pipeline.page_items`` + ``pipeline.cards``)."""
    markdown = _has_markdown(lines[start:])
    found = read_cards(page_items(lines, start, markdown=markdown), markdown=markdown)
    page.page_date, page.page_date_text = found.page_date, found.page_date_text
    page.warnings.extend(found.warnings)
    if found.truncated:
        page.warnings.append(TRUNCATED_WARNING)
    for item, reason in found.unused:
        page.rejects.append(_item_reject(item, reason))
    linked = sum(card.arxiv_id is not None for card in found.cards)
    mostly_linked = linked >= 1 and 2 * linked >= len(found.cards)
    for card in found.cards:
        if mostly_linked and _bare_heading(card):
            # a section of something else: a short heading is page furniture (as short text outside
            # cards is); a longer one, which could have been a title, is a reject. Its text is no paper's.
            if len(card.title_text) > CHROME_MAX_CHARS:
                reason = "a heading with neither a paper link nor metadata"
                page.rejects.append(_item_reject(card.title, reason))
            continue
        _card_to_record(card, page)
    page.rejects.sort(key=lambda r: r.line_number)


def _bare_heading(card: Card) -> bool:
    """A card with no arXiv id, no metadata at all and no prose under it: on a page whose cards
    carry ids, a section of something else (a digest's archive table under "### Quick Access"), not
    a paper."""
    text = card.abstract_text if card.abstract is not None else ""
    prose = looks_like_abstract(text) or (text.endswith((".", "!", "?")) and text.count(" ") >= 7)
    return (
        not prose
        and card.arxiv_id is None
        and card.title is not None
        and card.upvotes is None
        and card.n_authors is None
        and card.published is None
        and card.n_comments is None
        and card.submitted_by is None
        and not card.code_links
    )


def _card_to_record(card: Card, page: ParsedPage) -> None:
    for extra, reason in card.extra:
        page.rejects.append(_item_reject(extra, reason))
    if card.title is None:
        what = card.abstract or next(iter(card.meta_items), None)
        if what is not None:
            page.rejects.append(_item_reject(what, "paper card without a title"))
        elif card.arxiv_id:
            page.warnings.append(f"line {card.line}: card of {card.arxiv_id} shows no title (page cut off?)")
        return
    if card.abstract is None and card.arxiv_id is None and not card.meta_items and card.upvotes is None:
        page.rejects.append(_item_reject(card.title, "title without abstract"))
        for meta in card.meta_items:
            page.rejects.append(_item_reject(meta, "paper metadata of a title without abstract"))
        return
    title, abstract = card.title_text, card.abstract_text
    record = Record(
        position=0,
        line_number=card.title.line,
        raw_title=card.title.raw.strip() or card.title_text,
        raw_abstract=card.abstract.raw.strip() if card.abstract else "",
        title=_LIST_MARKER.sub("", title, count=1) or title,
        abstract=_ABSTRACT_LABEL.sub("", abstract, count=1) or abstract,
        abstract_line=card.abstract.line if card.abstract else card.title.line,
        arxiv_id=card.arxiv_id,
        n_authors=card.n_authors,
        published_date=resolve_published(card, page.captured_at),
        published_date_text=card.published_text,
        upvotes=card.upvotes,
        n_comments=card.n_comments,
        submitted_by=card.submitted_by,
        code_links=list(card.code_links),
    )
    page.records.append(record)


def _item_reject(item: Item, reason: str) -> Reject:
    return Reject(line_number=item.line, reason=reason, text=_reject_text(item.raw.strip() or item.text))


def _paragraph(lines: list[tuple[int, str]]) -> _Unit:
    """A unit of (line number, raw line) pairs: starts at the first line, text joined like a paragraph."""
    raw = "\n".join(s for _, s in lines)
    return _Unit(lines[0][0], raw, clean_display(join_wrapped(s for _, s in lines)))


def _paper_meta(stripped: str, *, in_text: bool) -> dict[str, int | date] | None:
    """A paper's metadata line: ``5 authors``, ``Oct 7, 2024``, `` [-] 19``, or several joined by
    ``·`` (``Published on Oct 7, 2024 · 5 authors · ▲ 10``); None when any part is something else.
    ``in_text``: the line sits where abstract text may be, so a bare number is text, not upvotes.
    A line of separators only (``·``) is metadata with nothing in it: ``{}``."""
    meta: dict[str, int | date] = {}
    # most texts tested are abstracts without a separator: no regex split over a kilobyte then
    has_separator = any(separator in stripped for separator in _META_SEPARATORS)
    parts = _META_SEPARATOR.split(stripped) if has_separator else [stripped]
    for part in (p.strip() for p in parts):
        if not part:
            continue
        authors, published, upvotes = _AUTHORS.match(part), parse_full_date(part), _UPVOTES.match(part)
        if authors:
            meta["n_authors"] = int(authors[1])
        elif published:
            meta["published_date"] = published
        elif upvotes and not (in_text and _BARE_NUMBER.match(part)):
            count = next(g for g in upvotes.groups() if g is not None).lower()
            meta["upvotes"] = round(float(count[:-1]) * 1000) if count.endswith("k") else int(count)
        else:
            return None
    return meta


def _set_meta(paper: Record, meta: dict[str, int | date]) -> None:
    """Metadata fields onto a record; absent fields unchanged."""
    paper.n_authors = meta.get("n_authors", paper.n_authors)
    paper.published_date = meta.get("published_date", paper.published_date)
    paper.upvotes = meta.get("upvotes", paper.upvotes)
