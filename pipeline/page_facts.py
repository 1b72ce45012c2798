"""Facts about a page as a whole: when it was captured, from which URL, what kind of listing it is.

Exporters say when they saved a page in different words: front matter (``exported:``,
``retrieved:``, ``date:``, ``captured:``) or a header line (``Captured (UTC): 2026-06-29T16:31:22Z``,
``Retrieved: …``). What the exporter wrote beats the file name and the file's mtime, which a copy or
a sync rewrites. The URL tells the page kind (daily, weekly, monthly, trending, search) and the
search query, which analysts ask about ("which search did this page come from?").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from urllib.parse import parse_qs, unquote, urlsplit

# Front-matter keys naming the capture date, best first.
CAPTURE_KEYS = ("exported", "retrieved", "captured", "saved", "scraped", "fetched", "date", "created")
URL_KEYS = ("url", "source", "source_url", "sourceurl", "og_url", "link", "original_url")
_FRONT_MATTER_KEY = re.compile(r"^([A-Za-z_][\w-]*):\s*(.*)$")
# "Captured (UTC): 2026-06-29T16:31:22Z", "Retrieved on: 2026-10-02", "Saved at 2026-01-05 10:00"
_HEADER_DATE = re.compile(
    r"^\W*(?P<key>exported|retrieved|captured|saved|scraped|fetched|crawled|accessed|date)\b[^:\d]{0,20}"
    r"[:\s]\s*(?P<value>\d{4}-\d{2}-\d{2})",
    re.IGNORECASE,
)
_HEADER_URL = re.compile(r"^\W*(?:url|source|link|page)\b[^:]{0,12}:\s*<?(?P<url>https?://\S+?)>?\s*$", re.I)
_HEADER_LINES = 40  # header lines are looked for this far into the page
_PAPER_PATH = re.compile(r"^/papers/(\d{4}\.\d{4,5})(?:v\d+)?/$")
_PAPER_URL = re.compile(
    r"(?:huggingface\.co/papers|arxiv\.org/(?:abs|pdf))/(\d{4}\.\d{4,5})(?:v\d+)?(?:\.pdf)?/?(?:[?#]|$)"
)
_URL_DAY = re.compile(r"^/papers/date/(\d{4}-\d{2}-\d{2})/?$")
_PATH_KINDS = (("/papers/date/", "daily"), ("/papers/week/", "weekly"), ("/papers/month/", "monthly"))


@dataclass
class PageFacts:
    """What the exporter wrote about the page; every field may be None."""

    body_start: int = 0  # index of the first line after front matter
    captured_at: date | None = None
    capture_source: str | None = None  # "exported", "retrieved", "captured" ...: the key that said so
    capture_text: str | None = None  # the value as written, for a warning when it is not a date
    url: str | None = None
    page_kind: str | None = None  # daily / weekly / monthly / trending / search / paper
    query: str | None = None
    paper_id: str | None = None  # the arXiv id of a paper's own page (page_kind "paper")


def read_page_facts(lines: list[str]) -> PageFacts:
    """Front matter and header lines of a page (lines already split, blank-normalised)."""
    skip, front = front_matter(lines)
    facts = PageFacts(body_start=skip)
    for key in CAPTURE_KEYS:
        if front.get(key):
            facts.capture_source, facts.capture_text = key, front[key]
            facts.captured_at = iso_date(front[key])
            break
    facts.url = next((front[k] for k in URL_KEYS if front.get(k, "").startswith("http")), None)
    for line in lines[skip : skip + _HEADER_LINES]:
        stripped = line.strip()
        if facts.captured_at is None and (match := _HEADER_DATE.match(stripped)):
            facts.capture_source, facts.capture_text = match["key"].lower(), match["value"]
            facts.captured_at = iso_date(match["value"])
        if facts.url is None and (match := _HEADER_URL.match(stripped)):
            facts.url = match["url"]
    facts.page_kind, facts.query = page_kind(facts.url)
    if facts.page_kind == "paper" and (match := _PAPER_URL.search(facts.url or "")):
        facts.paper_id = match[1]
    return facts


def front_matter(lines: list[str]) -> tuple[int, dict[str, str]]:
    """Length of a leading ``---`` ... ``---`` block (blank lines before it allowed) and its
    key/value pairs (keys lower-cased, quotes removed).

    The block must open with a ``key: value`` line, as YAML front matter does: a converter that
    writes the page's first horizontal rule as ``---`` (dom-to-semantic-markdown) starts the page
    itself there, and its header (with the listing's day) up to the next rule is no front matter."""
    first = next((i for i, line in enumerate(lines[:20]) if line.strip()), None)
    if first is None or lines[first].strip() != "---":
        return 0, {}
    values: dict[str, str] = {}
    for i in range(first + 1, min(len(lines), first + 200)):
        if lines[i].strip() == "---":
            return i + 1, values
        match = _FRONT_MATTER_KEY.match(lines[i].strip())
        if match:
            values[match[1].lower()] = match[2].strip().strip("\"'")
        elif not values and lines[i].strip():
            return 0, {}
    return 0, {}


def iso_date(value: str) -> date | None:
    """``2026-07-28``, ``2026-06-29T16:31:22Z`` -> the date; anything else -> None."""
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


@lru_cache(maxsize=4096)  # asked once per file on every refresh; daily URLs repeat
def url_listing_day(url: str | None) -> date | None:
    """The day a daily listing's URL names (``/papers/date/2025-12-04``, ``/papers?date=2025-12-04``),
    with its year: a page fetched a year later (a backfill of past days) still lists that day."""
    if page_kind(url)[0] != "daily":
        return None
    parts = urlsplit(url)  # type: ignore[arg-type]
    path_day = _URL_DAY.match(parts.path)
    text = path_day[1] if path_day else (parse_qs(parts.query).get("date") or [""])[0]
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def listing_day_of_url(url: str | None, month: int | None, day: int | None) -> date | None:
    """The listing day a daily page's URL names, unless the page's own day header says another day
    (then the header, in the year of the capture, is the page's day)."""
    named = url_listing_day(url)
    if named is None or (month and day and (month, day) != (named.month, named.day)):
        return None
    return named


@lru_cache(maxsize=4096)  # asked once per file on every refresh; daily URLs repeat
def page_kind(url: str | None) -> tuple[str | None, str | None]:
    """(kind, search query) of a Hugging Face papers URL; (None, None) for anything else."""
    if not url or "huggingface.co/papers" not in url:
        return None, None
    parts = urlsplit(url)
    params = parse_qs(parts.query)
    if params.get("q"):
        return "search", unquote(params["q"][0]).strip() or None
    path = parts.path.rstrip("/") + "/"
    if _PAPER_PATH.match(path):
        return "paper", None  # one paper's own page, as scrapers that save a file per paper keep it
    if path.startswith("/papers/trending"):
        return "trending", None
    for prefix, kind in _PATH_KINDS:
        if path.startswith(prefix):
            return kind, None
    if "week" in params:
        return "weekly", None
    if "month" in params:
        return "monthly", None
    return "daily", None  # /papers and /papers?date=...: the daily listing
