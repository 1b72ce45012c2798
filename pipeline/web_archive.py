"""A listing page as a web archive keeps it: the Wayback Machine's or archive.today's copy of a day.

A user who backfills days they never saved fetches them from the Internet Archive
(``https://web.archive.org/web/20251216093015/https://huggingface.co/papers/date/2025-12-15``) and
keeps the HTML as served, or as a browser saves it, or runs a converter over it. The archive rewrites
every address on the page to its own copy of it: a paper's link ``/papers/2512.10430`` becomes
``/web/20251216093015/https://huggingface.co/papers/2512.10430`` (absolute,
``https://web.archive.org/web/…``, once a browser has saved it), an image's
``/web/20251216093015im_/…``. No such link names a paper of the site, so the cards lost their ids and
titles, and the archive's banner line (``The Wayback Machine - https://web.archive.org/web/…``) was
read as a paper.

``archived_copy`` recognises such a page by its banner, its playback script or its rewritten links
(at least ``MIN_ARCHIVED_LINKS``: an abstract citing an archived page or two leaves a page alone)
and gives the page back with every address but an image's as the site wrote it (lines and line
count kept, the banner blanked), with what the archive says about the copy: the address it
captured, which gives the listing's day, and when it captured it (the timestamp in its addresses,
UTC), which is the page's capture date (``source_files.capture_source = 'wayback'``).

archive.today (archive.ph) keeps a snapshot whose links lead out through
``https://archive.ph/o/<id>/<address>``, under a header naming the capture (``archived 16 Dec 2025
09:30:15 UTC``) and offering a citation with the address captured (``{{cite web | … | url = …}}``):
the links are the site's again, the header is blanked, and its day and address are the page's
(``capture_source = 'archive_today'``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from itertools import islice

from pipeline.dates import MONTHS
from pipeline.page_facts import page_kind
from pipeline.parsed_page import ParsedPage

MIN_ARCHIVED_LINKS = 3
# An archived address: the archive's prefix (absolute, protocol-relative or root-relative; then not
# inside another address), the capture's timestamp with an optional kind of copy (``im_`` an image,
# ``js_`` a script, ``mp_``, ``if_`` …), then the original address, its colon percent-encoded where a
# converter quoted the link (markitdown: ``/web/…/https%3A//huggingface.co/…``). The archive keeps a
# default port it was given (``http://huggingface.co:80/``); the site's own links never show one.
_ARCHIVED_URL = re.compile(
    r"(?:(?:https?:)?//web\.archive\.org|(?<![\w.~%/-]))/web/(?P<ts>\d{4,14})(?P<kind>[a-z]{2}_)?/"
    r"(?P<scheme>https?(?::|%3A))?//(?P<host>[A-Za-z0-9.-]+)(?::(?:80|443)\b)?",
    re.IGNORECASE,
)
# The archive's banner: a line of text printed above the page (``wm-ipp-print``); converters keep it
# (html2text wraps the address onto the next line).
_BANNER = re.compile(r"The Wayback Machine -\s+(?P<url>\S+)")
# The archive's script in the page's head names the capture: __wm.wombat("URL", "TIMESTAMP", …) and,
# in its toolbar, __wm.bt(…, "web", "URL", "TIMESTAMP", …).
_PLAYBACK = re.compile(r"""__wm\.(?:wombat\(|bt\([^"]*"web",\s*)"(?P<url>[^"]+)",\s*"(?P<ts>\d{4,14})\"""")


# archive.today (archive.ph, .is, .li, .vn, .fo, .md): a snapshot's links lead out through
# https://archive.ph/o/<snapshot id>/<original address>, the address's scheme sometimes dropped.
_OUTLINK = re.compile(
    r"(?:https?:)?//archive\.(?:today|ph|is|li|vn|fo|md)/o/[A-Za-z0-9]{4,8}/(?P<scheme>https?(?::|%3A))?(?://)?"
    r"(?=[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)",
    re.IGNORECASE,
)
_ARCHIVED_ON = re.compile(
    r"\barchived (?P<day>\d{1,2}) (?P<month>[A-Z][a-z]{2}) (?P<year>\d{4}) \d\d:\d\d:\d\d UTC"
)
_CITED_URL = re.compile(r"\{\{cite web\b[^}]*?\|\s*url\s*=\s*(?P<url>[^\s|}]+)")
_HEADER_LINES = 120  # archive.today's header is this far into a snapshot's text at most
# Markup around a header's words: a link's or reference's target goes, its text stays; table cells
_LINK_OR_IMAGE = re.compile(r"!?\[|\]\([^)]*\)|\]\[[^\]]*\]|\]|\*\*|\|")
# The words of archive.today's header, menus and share box; with host names, dates and times.
_HEADER_TEXT = (
    "archive.today webpage capture saved from no other snapshots this url all host screenshot share "
    "download .zip report bug or abuse buy me a coffee reddit vkontakte twitter pinboard livejournal "
    "short long link markdown html code wiki archived utc prior next"
)
_HEADER_WORDS = frozenset(_HEADER_TEXT.split())
_HEADER_ENDS = ("wiki code", "html code", "report bug or abuse", "webpage capture", "all snapshots")
_HEADER_TOKEN = re.compile(r"\d{1,4}|\d\d:\d\d(?::\d\d)?|←prior|next→|[\w-]+(?:\.[\w-]+)+\.?", re.IGNORECASE)


@dataclass(frozen=True)
class ArchivedCopy:
    """A page as the archive served it, with the site's addresses back."""

    text: str  # the page with its archived addresses written as the original ones
    url: str | None  # the address the archive captured (the listing's own URL)
    captured: date | None  # the day the archive captured it (UTC)
    archive: str = "wayback"  # which archive: source_files.capture_source names it


def archived_copy(text: str) -> ArchivedCopy | None:
    """The page behind an archive's copy of it (the Wayback Machine's, archive.today's), or None
    when ``text`` is no such copy."""
    return _wayback_copy(text) or _archive_today_copy(text)


def _wayback_copy(text: str) -> ArchivedCopy | None:
    if "/web/" not in text:
        return None
    stamps = Counter(match["ts"] for match in islice(_ARCHIVED_URL.finditer(text), 10_000))
    url, stamp = _captured_address(text)
    if stamp is None and sum(stamps.values()) < MIN_ARCHIVED_LINKS:
        return None
    stamp = stamp or stamps.most_common(1)[0][0]  # the page's links carry the capture's timestamp
    unbannered = _BANNER.sub(lambda banner: "\n" * banner[0].count("\n"), text)  # lines kept
    return ArchivedCopy(_ARCHIVED_URL.sub(_original_unless_image, unbannered), url, timestamp_day(stamp))


def _archive_today_copy(text: str) -> ArchivedCopy | None:
    """archive.today's snapshot: its links lead out through ``https://archive.ph/o/<id>/<address>``,
    its header names the capture (``archived 24 Sep 2026 01:26:47 UTC``) and, in the citation it
    offers (``{{cite web | … | url = <address> | …}}``), the address captured."""
    if "archive." not in text:
        return None
    outlinks = sum(1 for _ in islice(_OUTLINK.finditer(text), MIN_ARCHIVED_LINKS))
    header = _snapshot_header(text)
    if outlinks < MIN_ARCHIVED_LINKS and header is None:
        return None
    restored = _OUTLINK.sub(lambda link: f"{_scheme(link)}//", text)
    url, captured = header or (None, None)
    return ArchivedCopy(_without_snapshot_header(restored), url, captured, archive="archive_today")


def _snapshot_header(text: str) -> tuple[str | None, date | None] | None:
    """(URL, day) archive.today's header records (the address its citation names, the day it
    archived the page), or None when the text holds no such header."""
    archived = _ARCHIVED_ON.search(text) if "webpage capture" in text else None
    if archived is None:
        return None
    cited = _CITED_URL.search(text)
    return (cited["url"] if cited else None), _archived_day(archived)


def _without_snapshot_header(text: str) -> str:
    """archive.today's header (its name, the capture's time, its menus and share box, the citation
    it offers) blanked, lines kept: it is the archive's text, not the page's. It ends with the
    citation, else with the last of its own phrases; the page's text begins after it. A line is
    blanked when it holds nothing but the header's words, or, glued into one (a text of the page
    whose elements run together), most of its phrases; an HTML page, which may hold everything on
    one line, keeps its lines."""
    lines = text.split("\n")
    head = min(len(lines), _HEADER_LINES)
    cite = next((i for i in range(head) if lines[i].lstrip(" >`").startswith("{{cite web")), None)
    cite_end = None
    if cite is not None:
        cite_end = next((i for i in range(cite, head) if lines[i].rstrip(" `").endswith("}}")), None)
    end = cite_end if cite_end is not None else -1
    if end < 0:
        end = max((i for i in range(head) if any(mark in lines[i] for mark in _HEADER_ENDS)), default=-1)
    for i in range(end + 1):
        line = lines[i]
        words = _LINK_OR_IMAGE.sub(" ", line).split()
        glued = "<" not in line and sum(phrase in line.lower() for phrase in _HEADER_ENDS) >= 3
        if (cite_end is not None and cite <= i) or glued or (words and all(map(_header_word, words))):
            lines[i] = ""
    return "\n".join(lines)


def _header_word(word: str) -> bool:
    """A word archive.today's header is made of: its own, a month, a date, a time, a host."""
    word = word.strip("*()|#-").lower()
    return not word or word in _HEADER_WORDS or word in MONTHS or _HEADER_TOKEN.fullmatch(word) is not None


def archived_fetch(url: str | None, text: str) -> ArchivedCopy | None:
    """A page fetched from an archived address that left its links alone (the archive's ``id_``
    copy, the original bytes, which downloaders such as waybackpack fetch; a WARC of such
    fetches): the address and day the archive captured, from the fetched URL."""
    match = _ARCHIVED_URL.match(url or "")
    if match is None or url is None:
        return None
    return ArchivedCopy(text, _original(match) + url[match.end() :], timestamp_day(match["ts"]))


def dated_by_archive(page: ParsedPage, copy: ArchivedCopy) -> None:
    """Give ``page`` the address and capture day the archive recorded: they beat what the page or
    the tool that saved the copy says (a clipper's date is the day the copy was saved, not the day
    the listing was captured)."""
    if copy.url:
        page.url = copy.url
        page.page_kind, page.query = page_kind(copy.url)
    if copy.captured:
        page.exported, page.capture_source = copy.captured, copy.archive


def archive_record(html: str) -> tuple[str | None, date | None] | None:
    """(URL, day) an archive's copy records of its capture in its HTML (the Wayback Machine's
    playback script, archive.today's header and citation): the saved page's own record of where
    and when it was captured, as a single-file saver writes one."""
    if "__wm." in html and (match := _PLAYBACK.search(html)):
        return match["url"], timestamp_day(match["ts"])
    return _snapshot_header(html)


def _captured_address(text: str) -> tuple[str | None, str | None]:
    """(URL, timestamp) the archive's script or banner names; (None, None) when neither is there."""
    if match := _PLAYBACK.search(text):
        return match["url"], match["ts"]
    for match in _BANNER.finditer(text):
        if banner := _ARCHIVED_URL.match(match["url"]):
            return _original(banner) + match["url"][banner.end() :], banner["ts"]
    return None, None


def _original_unless_image(match: re.Match[str]) -> str:
    """An archived address written as the original, except an image's (``im_``): no card reads an
    image's address, and a converter that wrapped its lines at a width (html2text's 78 columns)
    wrapped them with these addresses in them; the readers that judge a page's width by its lines
    must see them as long as they were."""
    return match[0] if match["kind"] == "im_" else _original(match)


def _original(match: re.Match[str]) -> str:
    """The original scheme and host of an archived address (its path follows the match)."""
    return f"{_scheme(match)}//{match['host']}"


def _scheme(match: re.Match[str]) -> str:
    """An archived address's scheme as the site wrote it (``https:`` where the archive dropped it,
    the colon a converter percent-encoded written back)."""
    return (match["scheme"] or "https:").lower().replace("%3a", ":")


def _archived_day(archived: re.Match[str]) -> date | None:
    """The day of archive.today's ``archived 24 Sep 2026 01:26:47 UTC``."""
    month = MONTHS.get(archived["month"].lower())
    try:
        return date(int(archived["year"]), month, int(archived["day"])) if month else None
    except ValueError:
        return None


def timestamp_day(stamp: str) -> date | None:
    """The day of an archive timestamp (``20251216093015``: YYYYMMDDhhmmss); None when it is cut
    short of a day (the archive accepts ``/web/2025/…`` and redirects it)."""
    try:
        return date(int(stamp[:4]), int(stamp[4:6]), int(stamp[6:8])) if len(stamp) >= 8 else None
    except ValueError:
        return None
