"""Pages that a scraping service hands back inside JSON, saved as the service sent them.

Scraping APIs answer with the page inside a JSON document: Firecrawl's ``/scrape``
(``{"success": true, "data": {"markdown": …, "html": …, "metadata": {"sourceURL": …}}}``) and
``/crawl`` (``"data": [ … ]``), Jina Reader's JSON mode (``{"data": {"content": …, "url": …}}``),
crawl4ai's ``CrawlResult`` (``"markdown": {"raw_markdown": …}``, ``"html"``), an Apify dataset
(``[{"url": …, "crawl": {"loadedTime": …}, "markdown": …, "text": …}]``), a scraper's JSON Lines of
``{"url": …, "html": …}``. A user who keeps the response keeps the page, and its papers are the
page's, not the JSON's. The same dataset exported as CSV (or a workbook, whose sheets are read as
CSV) is a row per page, its nested fields flattened into columns (``crawl/loadedTime``,
``metadata.title``): read the same way.

The JSON is read for what it holds, not for one service's field names: a string is a page when it
links at least ``MIN_PAPER_LINKS`` different papers (and is no paper's field: an abstract may cite
papers), or when a field named like a page's body
(``markdown``, ``content``, ``html``, ``text``, …) holds a text of many lines (a page's text without
links). Each element of a list is a page of its own (a crawl); one object gives one page, the
string that links the most papers (Markdown before text before HTML when they tie: the other forms
of the same page are not read again). The page's address and fetch date are the fields beside it
(``sourceURL``, ``url``, ``loadedUrl``; ``scraped_at``, ``loadedTime``, ``timestamp``) or around it.

A JSON listing of papers (``pipeline.json_listing``) is never taken for one: the JSON is a page's
envelope only when its pages link more papers than its own paper records number.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import pairwise
from typing import Any

from pipeline.chat_messages import slack_links_written, telegram_text, title_votes_link_post
from pipeline.csv_listing import DELIMITERS, header_cells, parse_csv_listing
from pipeline.dates import iso_utc_day
from pipeline.fetch_tool_answers import continues_answer
from pipeline.json_listing import json_stream, parse_json_listing
from pipeline.record_fields import FIELD_NAMES

MIN_PAPER_LINKS = 3  # different papers a string links to be a listing page
MIN_TEXT_LINES = 20  # lines of a page's body without links (a browser's text of the page)
_MIN_BODY = 200  # characters: a shorter string is a field, not a page
_MIN_OVERLAP = 30  # characters a chunk repeats of the one before, at least, to be its continuation
_MIN_OVERLAP_WITHOUT_SOURCE = 100  # where no URL says the texts are of one page
_MAX_CHUNK = 8000  # characters: a retrieval chunk is a few thousand at most, a day's page more
_MAX_CSV_BYTES = 512 * 1024 * 1024  # a table is read whole; the page limit applies to each page

_JSON_START = re.compile(rb"(?:\xef\xbb\xbf)?\s*[{\[]")
# A paper's page (root-relative too, as saved HTML and its Markdown write it) or its arXiv page.
_PAPER_LINK = re.compile(r"(?:/papers/|arxiv\.org/(?:abs|pdf)/)(\d{4}\.\d{4,5})")
# Names of a page's body, by preference when one object holds several forms of the page
# (compared without case, underscores and dashes).
_BODY_NAMES = (
    "markdown",
    "rawmarkdown",
    "markdowncontent",  # Olostep
    "content",
    "rawcontent",  # Tavily's extract and search answers (``results[].raw_content``)
    "markdownwithcitations",
    "fitmarkdown",
    "pagecontent",
    "text",
    "textcontent",  # a Google Keep note in Takeout
    "innertext",
    "html",
    "rawhtml",
    "cleanedhtml",
    "browserhtml",  # Zyte API
    "htmlcontent",  # Olostep
    "pagehtml",
    "textcontenthtml",  # Google Keep
    "httpresponsebody",  # Zyte API's HTTP mode: base64, decoded where it is read
    "body",
    "responsebody",
    "source",
)
_URL_NAMES = (
    "sourceurl",
    "source",  # LangChain's ``metadata.source`` (a loader's URL); a longer text so named is a body
    "nodeid",  # LlamaIndex: a node's source document (``relationships``), a web reader's URL
    "url",
    "loadedurl",
    "finalurl",
    "retrievedurl",
    "pageurl",
    "targeturl",
    "requesturl",
    "resolvedurl",  # ScrapingBee
    "urltoscrape",  # Olostep
    "websiteurl",  # ScrapeGraphAI
    "webscraperstarturl",  # webscraper.io's export: the page the sitemap started on
)
_DATE_NAMES = (
    "scrapedat",
    "fetchedat",
    "crawledat",
    "retrievedat",
    "capturedat",
    "savedat",
    "loadedtime",
    "timestamp",
    "createdat",
)


@dataclass
class EnvelopedPage:
    """One page found inside the JSON, with what the fields around it say about it."""

    text: str
    url: str | None
    captured: date | None
    capture_key: str | None  # the field that dated it, as the JSON names it (``loadedTime``)


def enveloped_pages(data: bytes) -> list[EnvelopedPage] | None:
    """The pages inside ``data`` when it is JSON (or JSON Lines, or a CSV table with a column named
    like a page's body) holding saved pages, else None. Never raises."""
    documents = _documents(data) if _JSON_START.match(data) else _csv_rows(data)
    if not documents:
        return None
    groups: dict[tuple[int, ...], _Group] = {}
    try:
        for document, at in documents:
            _walk(document, at, None, groups, "")
    except RecursionError:  # nested deeper than any service's answer
        return None
    _chunks_joined(list(groups.values()))
    pages = [page for group in groups.values() if (page := group.page(groups))]
    if not pages and (chat := _chat_page(list(groups.values()), _chat_export(data))) is not None:
        pages = [chat]
    if not pages:
        return None
    most_linked = max(len(set(_PAPER_LINK.findall(page.text))) for page in pages)
    text = data.decode("utf-8-sig", errors="replace")
    if _JSON_START.match(data):
        listing = parse_json_listing(text)
        if listing is not None and listing.papers and len(listing.papers) >= max(most_linked, 1):
            return None  # a listing of papers whose records hold long texts
    elif (listing := parse_csv_listing(text)) is not None and any(p["arxiv_id"] for p in listing.papers):
        return None  # a table of papers (rows naming their ids) with their full texts
    return pages


def _documents(data: bytes) -> list[tuple[Any, tuple[int, ...]]]:
    """The JSON document, or each line of JSON Lines (its line as its place); [] for no JSON."""
    try:
        return [(json.loads(data), ())]
    except (ValueError, RecursionError):
        pass
    end = data.find(b"\n")
    first_line = data if end < 0 else data[:end]
    if not _JSON_START.match(first_line):  # text opening with a bracket: a page, not JSON Lines
        return _streamed(data)
    documents = []
    for number, line in enumerate(data.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            documents.append((json.loads(line), (number,)))
        except (ValueError, RecursionError):  # values over many lines, one after another
            return _streamed(data)
    return documents


def _streamed(data: bytes) -> list[tuple[Any, tuple[int, ...]]]:
    """Each of the JSON values written one after another (``json_listing.json_stream``); []."""
    return [(value, (line,)) for line, value in json_stream(data.decode("utf-8-sig", "replace")) or []]


def _csv_rows(data: bytes) -> list[tuple[Any, tuple[int, ...]]]:
    """Each row of a CSV/TSV table (its line as its place) whose header names a column like a page's
    body (``markdown``, ``text``, ``html``); [] for any other text."""
    head = data[:65536].decode("utf-8-sig", errors="replace")
    header = head[: head.find("\n")] if "\n" in head else ""
    delimiter = next((d for d in DELIMITERS if d in header), None)
    names = header_cells(header, delimiter) if delimiter else []
    web_scraper = names[:1] == ["web-scraper-order"]
    if not web_scraper and not any(_normalised(name) in _BODY_NAMES for name in names):
        return []
    text = data[:_MAX_CSV_BYTES].decode("utf-8-sig", errors="replace")
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        line = reader.line_num
        for row in reader:
            cells = {k: v for k, v in row.items() if isinstance(k, str)}
            rows.append((_selector_text_named(cells) if web_scraper else cells, (line + 1,)))
            line = reader.line_num
    except csv.Error:
        return []
    return rows


_PAGE_TEXT_LINES = 20  # line breaks in a cell that holds a page's text, not a field of one card


def _selector_text_named(row: dict[str, str]) -> dict[str, str]:
    """A webscraper.io row with the page's text under a body's name: a Text selector on the whole
    list of cards (named as the user named it, ``papers``) exports that text in one cell."""
    texts = [
        (len(v), k)
        for k, v in row.items()
        if not k.startswith("web-scraper-") and v.count("\n") >= _PAGE_TEXT_LINES
    ]
    if not texts:
        return row
    _, longest = max(texts)
    return {("text" if k == longest else k): v for k, v in row.items()}


class _Group:
    """An object's page strings and its scalar fields; the objects nested in it (not in its lists)
    are the same group. ``parent`` is the group around the list it is an element of."""

    def __init__(self, parent: tuple[int, ...] | None) -> None:
        self.parent = parent
        self.bodies: list[tuple[str, str]] = []  # (normalised field name, text)
        self.messages: list[str] = []  # texts under a message's name, any length (a chat's posts)
        self.urls: dict[str, str] = {}
        self.dates: dict[str, tuple[str, date]] = {}  # normalised name -> (name as written, day)

    def body(self) -> tuple[str, str] | None:
        """The group's longest text under a body's name (``page_content``, ``text``): a page, or a
        chunk of one."""
        named = [(name, text) for name, text in self.bodies if name in _BODY_NAMES]
        return max(named, key=lambda body: len(body[1])) if named else None

    def extend_body(self, text: str) -> None:
        """Add ``text`` to the end of the group's body (the next chunk of its page)."""
        name, body = self.body() or ("", "")
        self.bodies[self.bodies.index((name, body))] = (name, body + text)

    def page(self, groups: dict[tuple[int, ...], _Group]) -> EnvelopedPage | None:
        candidates = [
            (name, text) for name, text in self.bodies if len(text) >= _MIN_BODY and _is_page(name, text)
        ]
        if not candidates:
            return None
        _, text = max(candidates, key=lambda c: (len(set(_PAPER_LINK.findall(c[1]))), -_rank(c[0])))
        url, dated = _first(self.urls, _URL_NAMES), _first(self.dates, _DATE_NAMES)
        group = self
        while (url is None or dated is None) and group.parent is not None:  # fields around the list
            group = groups[group.parent]
            url = url or _first(group.urls, _URL_NAMES)
            dated = dated or _first(group.dates, _DATE_NAMES)
        key, captured = dated or (None, None)
        return EnvelopedPage(slack_links_written(text), url, captured, key)


def _walk(value: Any, at: tuple[int, ...], parent: tuple[int, ...] | None, groups: dict, key: str) -> None:
    """Sort ``value`` (found under ``key``) into the groups: strings long enough to be a page, URLs,
    dates; a list's elements each start a group of their own."""
    group = groups.setdefault(at, _Group(parent))
    name = _normalised(key)
    if isinstance(value, dict) and _is_map(value):  # objects keyed by their ids: elements, as a list's
        for i, item in enumerate(value.values()):
            _walk(item, (*at, i), at, groups, key)
    elif isinstance(value, dict):
        if value.get("encoding") == "base64" and isinstance(value.get("text"), str):  # a HAR's body
            value = {**value, "text": _base64_text(value["text"])}
        for inner_key, item in value.items():
            _walk(item, at, parent, groups, str(inner_key))
    elif isinstance(value, list) and name == "text" and (joined := telegram_text(value)) is not None:
        _walk(joined, at, parent, groups, key)  # Telegram's text: strings and link entities
    elif isinstance(value, list):  # a list's numbers and short strings (ids, links) are no page
        for i, item in enumerate(value):
            if isinstance(item, (dict, list)) or (isinstance(item, str) and len(item) >= _MIN_BODY):
                _walk(item, (*at, i), at, groups, key)
    elif isinstance(value, str):
        if name in _URL_NAMES and value.startswith(("http://", "https://")):
            group.urls.setdefault(name, value.strip())
        elif name in _DATE_NAMES and (day := iso_utc_day(value)):
            group.dates.setdefault(name, (key, day))
        elif len(value) >= _MIN_BODY or (name in _BODY_NAMES and value.strip()):
            # (a short text under a body's name is no page, but may be a chunk of one: a card's end)
            group.bodies.append((name, _base64_text(value) if name == "httpresponsebody" else value))
        if name in _MESSAGE_NAMES and value.strip():
            group.messages.append(value)
    elif name in _DATE_NAMES and (day := _epoch_day(value)):
        group.dates.setdefault(name, (key, day))


_MESSAGE_NAMES = frozenset({"text", "content", "body", "message"})


# DiscordChatExporter's CSV: its header names the file a channel's export (one message is one too)
_DISCORD_CSV_HEADER = b"AuthorID,Author,Date,Content,Attachments,Reactions"


def _chat_export(data: bytes) -> bool:
    """Whether ``data`` says it is a chat exporter's file, whatever it links."""
    return data.removeprefix(b"\xef\xbb\xbf").startswith(_DISCORD_CSV_HEADER)


def _chat_page(groups: list[_Group], exported_chat: bool = False) -> EnvelopedPage | None:
    """A chat's messages (``chat_messages``) in order as one page, when together they link at least
    ``MIN_PAPER_LINKS`` papers and no message is a page alone; in a file a chat exporter names as
    its own (``exported_chat``), a message linking one paper is enough (a day of one paper)."""
    messages = [title_votes_link_post(slack_links_written(m)) for group in groups for m in group.messages]
    text = "\n\n".join(message.strip() for message in messages)
    least_messages, least_links = (1, 1) if exported_chat else (2, MIN_PAPER_LINKS)
    if len(messages) < least_messages or len(set(_PAPER_LINK.findall(text))) < least_links:
        return None
    return EnvelopedPage(text, None, None, None)


def _base64_text(value: str) -> str:
    """A response body sent base64-encoded (Zyte's API, a HAR's ``"encoding": "base64"``), as text
    (the value itself if it is none)."""
    try:
        return base64.b64decode(value, validate=True).decode("utf-8", errors="replace")
    except ValueError:
        return value


def _is_map(value: dict) -> bool:
    """An object whose values are objects of one shape (a store's records keyed by their ids,
    LlamaIndex's ``docstore/data``), not an object's own fields."""
    shapes = {frozenset(item) if isinstance(item, dict) else None for item in value.values()}
    return len(value) >= 2 and len(shapes) == 1 and None not in shapes


def _chunks_joined(groups: list[_Group]) -> None:
    """A page cut into overlapping chunks, as a retrieval pipeline stores it (LangChain's text
    splitters, LlamaIndex's node parsers: each chunk opens with the end of the one before), made one
    page again, in the group of the first chunk. A run of texts under one source (URL and dates) is
    such a page when one of them continues the one before: then each is joined to the one before
    without the overlap, or after a blank line where the splitter cut at a paragraph too long to
    repeat (while both are short). A page saved twice is two pages: nothing of one repeats the other's
    end. Each chunk alone is too short to be a page, and read as one it cut cards in two."""
    run: list[tuple[_Group, tuple[str, str]]] = []
    for group in groups:
        chunk = group.body()
        if chunk is None:
            continue
        if run and (chunk[0] != run[-1][1][0] or not _same_source(run[-1][0], group)):
            _join_run(run)
            run = []
        run.append((group, chunk))
    _join_run(run)


def _same_source(one: _Group, other: _Group) -> bool:
    """Whether two groups name the same source URL (or none) and the same dates."""
    return _first(one.urls, _URL_NAMES) == _first(other.urls, _URL_NAMES) and one.dates == other.dates


def _join_run(run: list[tuple[_Group, tuple[str, str]]]) -> None:
    """Join a run of texts of one source when it is a chunked page (see ``_chunks_joined``)."""
    if len(run) < 2:
        return
    least = _MIN_OVERLAP if _first(run[0][0].urls, _URL_NAMES) else _MIN_OVERLAP_WITHOUT_SOURCE
    overlaps = [_overlap(a[1][1], b[1][1], least) for a, b in pairwise(run)]
    answered = [continues_answer(a[1][1], b[1][1]) for a, b in pairwise(run)]
    if not any(overlaps) and not any(answered):
        return
    first = run[0][0]
    pairs = zip(pairwise(run), overlaps, answered, strict=True)
    for ((_, before), (group, chunk)), overlap, answer in pairs:
        if answer:  # an agent's fetch tool: its next answer (``fetch_tool_answers`` joins them)
            first.extend_body("\n\n" + chunk[1])
            group.bodies.remove(chunk)
            continue
        if not overlap and max(len(before[1]), len(chunk[1])) > _MAX_CHUNK:
            first = group  # a whole page after a chunked one: the next run starts here
            continue
        first.extend_body(chunk[1][overlap:] if overlap else "\n\n" + chunk[1])
        group.bodies.remove(chunk)


def _overlap(before: str, after: str, least: int) -> int:
    """The length of the longest end of ``before`` that ``after`` opens with (at least ``least``
    characters, and less than all of ``after``), else 0."""
    probe = after[:least]
    if len(probe) < least:
        return 0
    at = before.find(probe, max(0, len(before) - len(after) + 1))  # (a copy is no continuation)
    while at >= 0:
        if after.startswith(before[at:]):
            return len(before) - at
        at = before.find(probe, at + 1)
    return 0


def _is_page(name: str, text: str) -> bool:
    if name in FIELD_NAMES:  # a paper's own field (an abstract citing papers, the Librarian Bot's list)
        return False
    if len(set(_PAPER_LINK.findall(text))) >= MIN_PAPER_LINKS:
        return True
    return name in _BODY_NAMES and text.count("\n") + 1 >= MIN_TEXT_LINES


def _rank(name: str) -> int:
    return _BODY_NAMES.index(name) if name in _BODY_NAMES else len(_BODY_NAMES)


def _first(found: dict[str, Any], names: tuple[str, ...]) -> Any:
    return next((found[name] for name in names if name in found), None)


def _normalised(key: str) -> str:
    """``source_url`` -> ``sourceurl``; a key's last part where it is a path, as a flattened export
    (Apify's CSV) names nested fields: ``crawl/loadedTime`` -> ``loadedtime`` (in JSON too)."""
    return re.split(r"[/.]", key)[-1].replace("_", "").replace("-", "").lower()


def _epoch_day(value: Any) -> date | None:
    """A Unix time in seconds or milliseconds (a crawler's ``timestamp``), as its UTC day."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return None
    seconds = value / 1000 if value > 1e11 else value
    if not 1e9 <= seconds <= 4e9:
        return None
    return datetime.fromtimestamp(seconds, UTC).date()
