"""A listing page saved as HTML (``wget``, ``curl``, a browser's "Save page as", a scraper that keeps
the response body): its text and links as Markdown, for the card reader.

The site serves its cards in the HTML, so nothing is lost by reading them there: every block element
becomes a paragraph, a heading keeps its level, a link keeps its target (root-relative as the site
writes it) and the text inside it however many blocks it spans (the abstract's ``<p>`` inside its
link), images, scripts, styles and SVG icons are left out. Text is escaped so that an abstract's own
brackets, asterisks or a leading ``1.`` stay text. Only a page that links at least
``MIN_PAPER_LINKS`` papers (on the site or on arXiv: a mirror's static page links arXiv) is read this
way; any other HTML page is what a scraper got instead of
the listing (a login wall, a rate limit) and is reported as such (``pipeline.html_pages``).

Line numbers of such a page's records are those of this text, not of the HTML file: one line of
minified HTML may hold every card.

Tools that save a page as one HTML file write where and when they saved it into the file, and
those become the page's ``url`` and ``saved`` date: the SingleFile extension (and the many
archivers built on it) in a comment at the top (``saved date: Wed Sep 24 2026 10:12:33 GMT+0200
(…)``, JavaScript's date text, the saver's local day), the Save Page WE extension in
``savepage-url`` and ``savepage-date`` meta tags (the same date text), and the HTTrack website
copier in a comment (``Mirrored from huggingface.co/papers by HTTrack Website Copier/3.x
[XR&CO'2014], Sat, 05 Dec 2026 10:12:33 GMT``); a web archive's copy names the address and time it
captured (the Wayback Machine's playback script, archive.today's header).
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

from pipeline.dates import MONTHS
from pipeline.web_archive import archive_record

MIN_PAPER_LINKS = 3
# A paper's link: the site's (root-relative, as it writes them, or absolute) or arXiv's (a mirror or a
# digest of the listing links the papers there).
_PAPER_LINK = re.compile(
    r"""href\s*=\s*["']?(?:(?:https?://(?:www\.)?huggingface\.co)?/papers/|https?://arxiv\.org/(?:abs|pdf)/)"""
    r"\d{4}\.\d{4,5}",
    re.IGNORECASE,  # attribute names have no case: HREF= in a bookmarks file, old hand-written HTML
)
_BLOCK_TAGS = """address article aside blockquote body br dd div dl dt fieldset figcaption figure footer
form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table tbody td tfoot th thead tr ul"""
_BLOCKS = frozenset(_BLOCK_TAGS.split())
_SKIPPED = frozenset(("script", "style", "svg", "noscript", "template", "head", "iframe", "select"))
_VOID = frozenset(("br", "hr", "img", "input", "meta", "link", "source", "wbr", "area", "base", "col"))
_ESCAPED = re.compile(r"([\\`*_\[\]<>])")
_ESCAPE = re.compile(r"\\([\\`*_\[\]<>])")


def unescaped(text: str) -> str:
    """Text with the escapes ``listing_markdown`` put before Markdown's characters taken off: what a
    reader that keeps a field's text as written (a labelled page's abstract) must show."""
    return _ESCAPE.sub(r"\1", text) if "\\" in text else text


_LINE_START_MARKER = re.compile(r"^(?:#{1,6}\s|[-+*=]\s|>)")
_NUMBERED = re.compile(r"^(\d{1,9})([.)]\s)")
_SINGLEFILE = re.compile(
    r"<!--\s*(?:Page saved with|Archive processed by) SingleFile\b(?P<fields>.*?)-->", re.S
)
_SINGLEFILE_URL = re.compile(r"^\s*url:\s*(\S+)", re.M)
# JavaScript's Date.toString(): "Wed Sep 24 2026 10:12:33 GMT+0200 (...)"
_JS_DAY = r"(?:[A-Z][a-z]{2}\s+)?(?P<month>[A-Z][a-z]{2})\s+(?P<day>\d{1,2})\s+(?P<year>\d{4})"
_SINGLEFILE_SAVED = re.compile(rf"^\s*saved date:\s*{_JS_DAY}", re.M)
_SAVEPAGE_URL = re.compile(r"""<meta\s+name=["']?savepage-url["']?\s+content=["']([^"']+)""")
_SAVEPAGE_DATE = re.compile(rf"""<meta\s+name=["']?savepage-date["']?\s+content=["']\s*{_JS_DAY}""")
_HTTRACK = re.compile(
    r"<!--\s*Mirrored from (?P<url>\S+) by HTTrack Website Copier/[^,]*,\s*(?:[A-Z][a-z]{2},\s*)?"
    r"(?P<day>\d{1,2})\s+(?P<month>[A-Z][a-z]{2})\s+(?P<year>\d{4})"
)


# A link to one of the site's paper pages, absolute or root-relative, in an href attribute.
_PAPER_HREF = re.compile(
    r"""href\s*=\s*["']?(?:https?://(?:www\.)?huggingface\.co)?/papers/(\d{4}\.\d{4,5})(?=["'\s>#?/])"""
)


def linked_paper_ids(html: str) -> set[str]:
    """The arXiv ids of every link to a paper's page in ``html``, image-only links (a card's
    thumbnail) included: the text written from the HTML shows only links with text, and an
    extractor that cut the cards' titles (Readability) left their thumbnails."""
    return set(_PAPER_HREF.findall(html)) if "/papers/" in html else set()


def listing_markdown(html: str) -> str | None:
    """The page as Markdown when it is a listing of papers, else None."""
    if len(_PAPER_LINK.findall(html, 0, 5_000_000)) < MIN_PAPER_LINKS:
        return None
    return page_markdown(html)


def page_markdown(html: str) -> str | None:
    """Any HTML page as Markdown (its blocks as paragraphs, its links kept); None when it cannot be
    parsed. ``listing_markdown`` takes a page that links papers; ingest tries this on one that
    links none (an extractor's simplified HTML with every link gone: readabilipy's
    ``plain_content``) and keeps it only if its text shows cards."""
    if html.count("<") > 2 * html.count(">") + 100:  # tags that never close: no page, and html.parser
        return None  # would rescan the rest of the text at each one (its length squared)
    reader = _Reader()
    try:
        reader.feed(html)
        reader.close()
    except Exception:  # html.parser raises on some broken markup: then it is no listing
        return None
    reader.flush()
    saved_url, saved = _saver_facts(html)
    url = " ".join((saved_url or reader.url or "").split())  # one line, whatever the page put in it
    fields = [f"url: {url}"] * bool(url) + [f"saved: {saved}"] * bool(saved)
    front = "---\n" + "\n".join(fields) + "\n---\n\n" if fields else ""
    return front + "\n\n".join(reader.paragraphs) + "\n"


def _saver_facts(html: str) -> tuple[str | None, str | None]:
    """(URL, ISO day) a single-file saver wrote into the page (SingleFile, Save Page WE, HTTrack),
    or a web archive's copy records (``pipeline.web_archive``); (None, None) when none did."""
    if archived := archive_record(html):
        return archived[0], archived[1].isoformat() if archived[1] else None
    if match := _SINGLEFILE.search(html, 0, 20_000):
        url = _SINGLEFILE_URL.search(match["fields"])
        return (url[1] if url else None), _iso_day(_SINGLEFILE_SAVED.search(match["fields"]))
    if match := _HTTRACK.search(html, 0, 20_000):
        url = match["url"]
        return (url if "://" in url else f"https://{url}"), _iso_day(match)
    url = _SAVEPAGE_URL.search(html, 0, 5_000_000)
    saved = _SAVEPAGE_DATE.search(html, 0, 5_000_000)
    return (unescape(url[1]) if url else None), _iso_day(saved)


def _iso_day(match: re.Match[str] | None) -> str | None:
    """The ISO day of a match with ``year``, ``month`` (English abbreviation) and ``day`` groups."""
    if match is None or not (month := MONTHS.get(match["month"].lower())):
        return None
    return f"{match['year']}-{month:02d}-{int(match['day']):02d}"


def markdown_target(href: str) -> str:
    """A link's target as a Markdown link holds it: on one line, no space in it, no bare ``)``."""
    return "".join(href.split()).replace(")", "%29")


def escape_markdown(text: str) -> str:
    """Text with the characters Markdown gives a meaning to escaped: it reads back as itself."""
    return _ESCAPED.sub(r"\\\1", text)


class _Reader(HTMLParser):
    """Paragraphs of Markdown from HTML events."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.words: list[str] = []  # the paragraph being read
        self.heading = 0
        self.skipping: list[str] = []  # open elements whose content is left out
        self.link: tuple[str, list[str]] | None = None  # (href, its words) while inside a link
        self.url: str | None = None  # the page's own address (canonical link or og:url)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("link", "meta") and self.url is None:
            self._page_url(dict(attrs))
        if self.skipping:
            if tag == self.skipping[-1] and tag not in _VOID:
                self.skipping.append(tag)
            return
        if tag in _SKIPPED:
            if tag not in _VOID:
                self.skipping.append(tag)
            return
        if tag == "a" and self.link is None:
            self.link = (dict(attrs).get("href") or "", [])
        elif tag in _BLOCKS and self.link is not None:
            self.link[1].append(" ")  # blocks inside a link: its text goes on
        elif tag in _BLOCKS:
            self.flush()
            if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                self.heading = int(tag[1])

    def _page_url(self, attrs: dict[str, str | None]) -> None:
        if attrs.get("rel") == "canonical" and attrs.get("href"):
            self.url = attrs["href"]
        elif attrs.get("property") == "og:url" and attrs.get("content"):
            self.url = attrs["content"]

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        if tag == "a" and self.link is not None:
            href, words = self.link
            self.link = None
            text = " ".join("".join(words).split())
            if text:  # an image-only link (thumbnail, avatar) shows nothing
                self.words.append(f"[{text}]({markdown_target(href)})")
        elif tag in _BLOCKS and self.link is not None:
            self.link[1].append(" ")
        elif tag in _BLOCKS:
            self.flush()

    def handle_data(self, data: str) -> None:
        if self.skipping or not data.strip():
            if data and not self.skipping:
                (self.link[1] if self.link else self.words).append(" ")
            return
        (self.link[1] if self.link else self.words).append(escape_markdown(data))

    def flush(self) -> None:
        text = " ".join("".join(self.words).split())
        self.words = []
        if text:
            if self.heading:
                text = "#" * self.heading + " " + text
            elif _LINE_START_MARKER.match(text):
                text = "\\" + text
            else:
                text = _NUMBERED.sub(r"\1\\\2", text, count=1)
            self.paragraphs.append(text)
        self.heading = 0
