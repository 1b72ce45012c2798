"""Parse one listing page (already decoded text) into records and rejects.

Three layouts are recognised:

* **spaced** and **compact** - paragraphs, title then abstract, with no links or Markdown (the
  bundled sample pages): :mod:`pipeline.plain_reader`.
* **rich** - a page of paper cards: any exporter that keeps links or Markdown (clip, firecrawl,
  text dumps with reference links, structured and minimal Markdown). Read by
  :mod:`pipeline.page_items` (the text -> items with their links) and :mod:`pipeline.cards` (items
  -> cards); see those modules for what a card is.

Anything that is not part of a record (a title with no abstract, an abstract with no title, a line too
long to be either) becomes a :class:`pipeline.parsed_page.Reject` with its line number and a reason;
the rest of the page is kept. The parser never raises on any text.

A change that alters what a page gives must bump ``PARSER_VERSION`` (``pipeline/parser_version.py``):
every page parsed by an older version is then parsed again once.
"""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.aria_snapshot import aria_markdown, is_aria_snapshot
from pipeline.bracket_links import (
    angled_to_bracketed,
    bare_to_bracketed,
    bracketed_to_markdown,
    has_angled_links,
    has_bare_links,
    has_bracketed_images,
    has_bracketed_links,
    has_parenthesised_links,
    images_dropped,
    parenthesised_to_bracketed,
)
from pipeline.card_paragraphs import card_paragraph_listing
from pipeline.card_vocabulary import CHROME_MAX_CHARS, is_author_count, is_card_meta_line, looks_like_abstract
from pipeline.cards import Card, read_cards, resolve_published
from pipeline.chat_transcripts import chat_lines
from pipeline.citation_links import citations_to_markdown, has_citation_links
from pipeline.collapsible_cards import collapsible_to_markdown, has_collapsible_cards
from pipeline.csv_listing import (
    delimited_header,
    is_pipe_header,
    is_table_of_something_else,
    parse_csv_listing,
)
from pipeline.dates import parse_full_date, parse_page_date
from pipeline.devtools_snapshot import (
    accessibility_json_markdown,
    devtools_markdown,
    is_accessibility_json,
    is_devtools_snapshot,
)
from pipeline.extracted_xml import extracted_markdown, is_extracted_xml
from pipeline.feed_listing import is_feed, parse_feed_listing
from pipeline.fenced_json import fenced_json
from pipeline.fixed_width_table import fixed_width_listing
from pipeline.framed_headings import framed_to_markdown, has_framed_headings
from pipeline.hiccup_blocks import hiccup_to_markdown
from pipeline.json_listing import parse_json_listing
from pipeline.key_value_records import key_value_listing
from pipeline.labelled_listing import bold_item_listing, labelled_listing
from pipeline.latex_table import latex_table_listing
from pipeline.listing_evidence import NOT_A_PAPER, document_reason
from pipeline.markdown_table import markdown_table_listing
from pipeline.misread_titles import misread_titles_rejected
from pipeline.opml_outline import is_opml, opml_lines
from pipeline.page_facts import read_page_facts
from pipeline.page_items import Item, page_items
from pipeline.pandoc_markdown import is_pandoc_markdown, pandoc_to_commonmark
from pipeline.paper_meta import META_SEPARATORS
from pipeline.paper_page_titles import site_page_text_dropped
from pipeline.parsed_page import (
    OTHER_NEWS_REASON,
    TRUNCATED_WARNING,
    ParsedPage,
    Record,
    Reject,
    display_abstract,
    display_title,
    reject_text,
)
from pipeline.plain_reader import hard_wrapped, is_plain_chrome, parse_plain
from pipeline.record_fields import StructuredListing, listing_of
from pipeline.reference_labels import ends_in_definitions, has_label_references, references_to_inline
from pipeline.roam_blocks import is_roam_export, roam_lines
from pipeline.submitter_cards import submitter_card_listing
from pipeline.text_dumps import (
    WRAPPED_DAY_LABEL,
    day_label_rejoined,
    definitions_rejoined,
    has_image_placeholders,
    has_numbered_links,
    is_wrapped_dump,
    numbered_to_markdown,
    unwrapped_dump,
    wrapped_heading_width,
    wrapped_headings_joined,
)
from pipeline.text_table import text_table_listing
from pipeline.title_ids import split_title_id
from pipeline.title_markup import bold_titles_unwrapped
from pipeline.unnamed_columns import unnamed_table_listing
from pipeline.web_archive import archived_copy, dated_by_archive
from pipeline.wiki_markup import markup_syntax, markup_to_markdown
from pipeline.wiki_table import wiki_table_listing
from pipeline.wrapped_headings import heading_lines_rejoined
from pipeline.xml_records import parse_xml_records
from pipeline.yaml_listing import parse_yaml_listing

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


def split_lines(text: str) -> list[str]:
    """Split on CRLF, CR or LF only (not on the exotic separators ``str.splitlines`` knows). Most
    pages have LF only: ``str.split`` then, ten times faster than the regex."""
    lines = text.split("\n") if "\r" not in text else re.split(r"\r\n|\r|\n", text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def detect_layout(lines: list[str]) -> str:
    """``rich`` when the page has paper cards to find (paper links, Markdown links or headings),
    ``spaced`` when plain paragraphs are blank-separated, else ``compact``."""
    # every signal holds "[" or a URL: the cheap test first (the regex is tried on few lines)
    if any(("[" in s or "http" in s) and _CARD_SIGNAL.search(s) for s in lines) or _repeated_headings(lines):
        return "rich"
    if card_meta_runs(lines) >= 1 or any("·" in line and is_card_meta_line(line) for line in lines):
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
        waiting = text in META_SEPARATORS
        after_authors = is_author_count(text)
        kept_digits = kept_digits or (len(text) == 1 and text.isdigit())
    return runs or (authored if kept_digits else 0)


def _plain_layout(lines: list[str]) -> str:
    body = [s.strip() for s in lines if not is_plain_chrome(s.strip())]
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
    if blanks >= 0.2 * (len(body) - blanks) or hard_wrapped(body):
        return "spaced"
    return "compact"


def _repeated_headings(lines: list[str]) -> bool:
    """Markdown headings of one level used more than once: a minimal Markdown capture whose cards
    are ``### Title`` and the abstract below."""
    levels = [m[1] for m in map(_HEADING.match, lines) if m]
    return any(levels.count(level) >= 2 for level in set(levels))


# pandoc's plain text writes an image without alt text as ``[]``: the icons and avatars of a card,
# alone on their lines (``[]``, ``- []``) or glued before the text after them (``[]12`` comments,
# ``[]Dec 4``). On a page with at least ``_MIN_EMPTY_IMAGES`` such lines they are no text.
_EMPTY_IMAGE_LINE = re.compile(r"^[ \t]*(?:[-*+][ \t]+)?\[\][ \t]*$", re.MULTILINE)
_EMPTY_IMAGE_START = re.compile(r"^([ \t]*(?:[-*+][ \t]+)?)(?:\[\][ \t]*)+")
_MIN_EMPTY_IMAGES = 3


def _empty_images_dropped(lines: list[str]) -> list[str]:
    """The lines without pandoc's empty image notes (``[]``) where the page holds enough of them;
    a line of nothing else is blank."""
    if sum(1 for line in lines if "[]" in line and _EMPTY_IMAGE_LINE.match(line)) < _MIN_EMPTY_IMAGES:
        return lines
    out = []
    for line in lines:
        if "[]" in line and (match := _EMPTY_IMAGE_START.match(line)):
            rest = line[match.end() :]
            line = match[1] + rest if rest.strip() else ""
        out.append(line)
    return out


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
    if "*** " in text and has_framed_headings(lines):
        lines = framed_to_markdown(lines)  # the C++ html2text's ``**** Title ****``
    if "]**(" in text:  # "**[Title]**(url)": a link written around its bold, as a Markdown link
        lines = [_BOLD_AROUND_LINK.sub(r"[\1](\2)", line) if "]**(" in line else line for line in lines]
    if ("-\n" in text and "]: " in text) or "]:\n" in text:
        lines = definitions_rejoined(lines)
    if WRAPPED_DAY_LABEL.search(text, 0, 20_000):  # the day switcher is in the page's header
        lines = day_label_rejoined(lines)
    if '<a href="' in text and _RAW_ANCHOR_ONLY.search(text) and not _ANCHOR_WITH_ATTRIBUTES.search(text):
        lines = raw_anchors_to_markdown(lines)  # dom-to-semantic-markdown's raw links
    if ("{" in text or "<" in text) and is_pandoc_markdown(lines):
        lines = pandoc_to_commonmark(lines)
    if ends_in_definitions(text) and has_label_references(joined := "\n".join(lines)):
        lines = references_to_inline(joined).split("\n")  # turndown's collapsed/shortcut, pandoc's
        text = "\n".join(lines)
    angled = "<http" in text and has_angled_links(lines)
    if angled:
        lines = angled_to_bracketed(lines)  # Firefox's ``text <url>``, then as html-to-text's
        text = "\n".join(lines)
    elif ("(/papers/" in text or "(https://huggingface.co/papers/" in text) and has_parenthesised_links(
        lines
    ):
        lines = parenthesised_to_bracketed(lines)  # resiliparse's ``text (url)``, then as html-to-text's
        text = "\n".join(lines)
    elif " /papers/" in text and has_bare_links(lines):
        lines = bare_to_bracketed(lines)  # html-to-text's targets without brackets
        text = "\n".join(lines)
    if _BRACKETED_TARGET.search(text) and has_bracketed_links(lines):
        lines = bracketed_to_markdown(lines, breaks_at_hyphens=angled)
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
    archived = archived_copy(text)
    if archived is not None:
        text = archived.text
    if "hf-mirror.com/" in text or "hf.co/" in text:
        text = _SITE_MIRROR.sub(r"\1huggingface.co/\2", text)
    if (unfenced := fenced_json(text)) is not None:  # a chat model's answer: JSON in a code fence
        text = unfenced
    page = _read_page(text)
    if "Paper page" in text or "paper page" in text:
        site_page_text_dropped(page)  # a paper's page saved alone: "Paper page - <title>"
    misread_titles_rejected(page)  # a card's date line or a print header read as a title
    if "**" in text or "__" in text:
        bold_titles_unwrapped(page)  # "**Title**" on a page read as text
    reason = document_reason(page, text)
    if reason is not None:
        kept = [Reject(r.line_number, NOT_A_PAPER, f"{r.raw_title}\n{r.raw_abstract}") for r in page.records]
        page.rejects = sorted([*page.rejects, *kept], key=lambda reject: reject.line_number)
        page.records, page.not_a_listing = [], reason
    if archived is not None:
        dated_by_archive(page, archived)
    return page


def _read_page(text: str) -> ParsedPage:
    start = text[:500].lstrip()[:1]
    if start in "-#`" and is_aria_snapshot(text) and (converted := aria_markdown(text)):
        return _read_converted(*converted)
    if start in "#u" and is_devtools_snapshot(text) and (converted := devtools_markdown(text)):
        return _read_converted(*converted)
    if start == "<" and is_opml(text) and (converted := opml_lines(text)):  # WorkFlowy, Dynalist
        return _read_converted(*converted)
    if start == "[" and is_roam_export(text) and (converted := roam_lines(text)):  # Roam's JSON
        return _read_converted(*converted)
    if start in "=[0123456789\u200e" and (converted := chat_lines(text)):  # a chat exported as text
        return _read_converted(*converted)
    if text.lstrip()[:1] == "<" and is_extracted_xml(text) and (converted := extracted_markdown(text)):
        return _read_converted(*converted)
    if start == "{" and is_accessibility_json(text) and (converted := accessibility_json_markdown(text)):
        return _read_converted(*converted)
    if is_feed(text):
        return _structured_page(parse_feed_listing(text), layout="feed") or ParsedPage(layout="feed")
    if start == "<" and (page := _structured_page(parse_xml_records(text), layout="xml")) is not None:
        return page
    if text[:1] in "[{" or text.lstrip()[:1] in ("[", "{"):
        page = _structured_page(parse_json_listing(text))
        if page is not None:
            return page
    elif _table_header(text):
        page = _structured_page(parse_csv_listing(text), layout="table")
        if page is not None:
            return page
    if (page := _text_records(text)) is not None:
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
    if text[:1] not in "#<-[{" and is_table_of_something_else(text):  # said, not read as cards
        page = _structured_page(listing_of([], text), layout="table") or ParsedPage(layout="table")
        columns = text.split("\n", 1)[0].strip()[:120]
        page.not_a_listing = (
            f"a table whose columns name no paper's title with an id, URL or abstract ({columns})"
        )
        return page
    return _read_text(text)


def _text_records(text: str) -> ParsedPage | None:
    """Records written as plain text that no card reader can take apart: YAML, a MediaWiki table, a
    table printed with rules, a LaTeX table, ``name = value`` lines, a table in fixed-width
    columns, or a CSV table whose header names no field."""
    return (
        _structured_page(parse_yaml_listing(text), layout="yaml")
        or _structured_page(wiki_table_listing(text), layout="wiki_table")
        or _structured_page(text_table_listing(text), layout="text_table")
        or _structured_page(latex_table_listing(text), layout="latex_table")
        or _structured_page(key_value_listing(text), layout="key_value")
        or _structured_page(fixed_width_listing(text), layout="fixed_width")
        or _structured_page(unnamed_table_listing(text), layout="table")
    )


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
    if "[]" in text and _EMPTY_IMAGE_LINE.search(text):
        lines = _empty_images_dropped(lines)
    if "](/papers/" in text or "](https://huggingface.co/papers/" in text:
        lines = [_DAY_THEN_THUMBNAIL.sub(r"\g<day>", line) if "[![" in line else line for line in lines]
    if "#+BEGIN_EXPORT hiccup" in text:
        lines = hiccup_to_markdown(lines)  # Logseq's paste: a link around an image kept as hiccup
    if "\n#" in text:
        lines = heading_lines_rejoined(lines)  # html2text-rs: "### Title …" / "### … its end"
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
            parse_plain(lines, skip, plain)
            if plain.records:  # prose that only looked like cards: the plain reading wins
                page.layout, page.records, page.rejects = plain.layout, plain.records, plain.rejects
                page.page_date, page.page_date_text = plain.page_date, plain.page_date_text
                page.warnings.extend(plain.warnings)
    else:
        parse_plain(lines, skip, page)
    items = bold_item_listing(text) if _looks_misread(page) else None
    if items is not None and len(items.papers) >= len(page.records):
        return _labelled_page(items, text, layout="bold_items")
    printed = card_paragraph_listing(text) if _few_ids(page) else None
    if printed is not None and len(printed.papers) >= len(page.records):
        return _labelled_page(printed, text, layout="card_paragraphs")
    submitted = submitter_card_listing(text) if _few_ids(page) else None
    if submitted is not None and len(submitted.papers) >= len(page.records):
        return _labelled_page(submitted, text, layout="submitter_cards")
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
    """Whether a first line could be a table's header: a delimiter and columns that name a paper's
    title and its id, URL or abstract (``Title,URL``; ``Paper,TL;DR / Abstract``), maybe under a
    sheet's title row."""
    body = text.lstrip("\r\n")  # (a header may open with a tab: pandas' index column has no name)
    return delimited_header(body) is not None or is_pipe_header(body[:2000].split("\n", 1)[0])


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
    reasons = found.reasons
    page.rejects.extend(
        Reject(line_number=line, reason=reasons.get(line, reason), text=shown) for line, shown in found.others
    )
    page.records = once_per_page(page)
    for i, record in enumerate(page.records, start=1):
        record.position = i
    return page


def _few_ids(page: ParsedPage) -> bool:
    """Whether fewer than half the papers read have an arXiv id (or none was read)."""
    return sum(1 for r in page.records if r.arxiv_id) < 0.5 * len(page.records) or not page.records


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
    name their own). A paper a file names without a day and on one listing day (a crawler's
    storage zipped: the page's HTML and the item it scraped from it) is one sighting on that day.
    Fields the first showing lacks come from the later one."""
    days: dict[str, set] = {}
    for record in page.records:
        if record.arxiv_id and record.listed_date is not None:
            days.setdefault(record.arxiv_id, set()).add(record.listed_date)
    seen: dict[tuple, Record] = {}
    kept = []
    for record in page.records:
        listed = record.listed_date
        if listed is None and record.arxiv_id and len(found := days.get(record.arxiv_id, ())) == 1:
            listed = next(iter(found))
        key = (listed, record.arxiv_id) if record.arxiv_id else (listed, "", record.title, record.abstract)
        first = seen.get(key)
        if first is None:
            seen[key] = record
            kept.append(record)
            continue
        first.listed_date = first.listed_date or record.listed_date
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
    cites_papers = any(card.cites == "paper" for card in found.cards)
    for card in found.cards:
        if cites_papers and card.cites == "elsewhere" and card.title is not None:
            page.rejects.append(_item_reject(card.title, OTHER_NEWS_REASON))  # a newsletter's other news
            continue
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
        title=display_title(title),
        abstract=display_abstract(abstract),
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
    return Reject(line_number=item.line, reason=reason, text=reject_text(item.raw.strip() or item.text))
