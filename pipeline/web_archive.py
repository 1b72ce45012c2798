"""A listing page as a web archive serves it: the Wayback Machine's copy of a past day.

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
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from itertools import islice

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


@dataclass(frozen=True)
class ArchivedCopy:
    """A page as the archive served it, with the site's addresses back."""

    text: str  # the page with its archived addresses written as the original ones
    url: str | None  # the address the archive captured (the listing's own URL)
    captured: date | None  # the day the archive captured it (UTC)


def archived_copy(text: str) -> ArchivedCopy | None:
    """The page behind an archive's copy of it, or None when ``text`` is no such copy."""
    if "/web/" not in text:
        return None
    stamps = Counter(match["ts"] for match in islice(_ARCHIVED_URL.finditer(text), 10_000))
    url, stamp = _captured_address(text)
    if stamp is None and sum(stamps.values()) < MIN_ARCHIVED_LINKS:
        return None
    stamp = stamp or stamps.most_common(1)[0][0]  # the page's links carry the capture's timestamp
    unbannered = _BANNER.sub(lambda banner: "\n" * banner[0].count("\n"), text)  # lines kept
    return ArchivedCopy(_ARCHIVED_URL.sub(_original_unless_image, unbannered), url, _timestamp_day(stamp))


def archived_fetch(url: str | None, text: str) -> ArchivedCopy | None:
    """A page fetched from an archived address that left its links alone (the archive's ``id_``
    copy, the original bytes, which downloaders such as waybackpack fetch; a WARC of such
    fetches): the address and day the archive captured, from the fetched URL."""
    match = _ARCHIVED_URL.match(url or "")
    if match is None or url is None:
        return None
    return ArchivedCopy(text, _original(match) + url[match.end() :], _timestamp_day(match["ts"]))


def dated_by_archive(page: ParsedPage, copy: ArchivedCopy) -> None:
    """Give ``page`` the address and capture day the archive recorded: they beat what the page or
    the tool that saved the copy says (a clipper's date is the day the copy was saved, not the day
    the listing was captured)."""
    if copy.url:
        page.url = copy.url
        page.page_kind, page.query = page_kind(copy.url)
    if copy.captured:
        page.exported, page.capture_source = copy.captured, "wayback"


def playback_record(html: str) -> tuple[str, date | None] | None:
    """(URL, day) the archive's playback script in a copy's HTML names: the saved page's own
    record of where and when it was captured, as a single-file saver writes one."""
    if "__wm." not in html or (match := _PLAYBACK.search(html)) is None:
        return None
    return match["url"], _timestamp_day(match["ts"])


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
    scheme = (match["scheme"] or "https:").lower().replace("%3a", ":")
    return f"{scheme}//{match['host']}"


def _timestamp_day(stamp: str) -> date | None:
    """The day of an archive timestamp (``20251216093015``: YYYYMMDDhhmmss); None when it is cut
    short of a day (the archive accepts ``/web/2025/…`` and redirects it)."""
    try:
        return date(int(stamp[:4]), int(stamp[4:6]), int(stamp[6:8])) if len(stamp) >= 8 else None
    except ValueError:
        return None
