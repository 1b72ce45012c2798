"""Parsing one page content: its bytes -> a ``PageSummary``, a sightings table and a rejects table.

The bytes are unwrapped (a container file may hold several pages: a WARC, a ZIP, an MHTML), decoded
and read by the reader that fits them (cards, a JSON or CSV listing, a feed, labelled fields, an HTML
page); the result is what ``pipeline.ingest`` writes as the content's shards. Nothing here touches
the data dir, so tests and benchmarks call ``summarise_bytes`` on bytes alone.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pyarrow as pa

from pipeline import raw_scan
from pipeline.containers import Document, unwrap
from pipeline.content_store import REJECT_SCHEMA, SIGHTING_SCHEMA, PageSummary
from pipeline.dates import infer_listing_date, newest_id_month
from pipeline.decode import decode_page
from pipeline.extracted_xml import is_extracted_xml
from pipeline.feed_listing import is_feed
from pipeline.fetch_tool_answers import fetch_tool_page
from pipeline.html_listing import linked_paper_ids, listing_markdown, page_markdown, unescaped
from pipeline.html_pages import MIN_CARDS_IN_MARKED_UP_TEXT, html_problem, is_html_fragment, text_without_tags
from pipeline.html_table import html_table_markdown
from pipeline.normalize import match_key, record_key
from pipeline.opml_outline import is_opml
from pipeline.page_facts import listing_day_of_url, page_kind
from pipeline.parse import card_meta_runs, once_per_page, parse_page
from pipeline.parsed_page import OTHER_NEWS_REASON, ParsedPage, Reject
from pipeline.parser_version import PARSER_VERSION
from pipeline.quality import flattened_reason, suspect_reason
from pipeline.redirect_links import redirects_unwrapped
from pipeline.web_archive import archived_copy, archived_fetch, dated_by_archive
from pipeline.xml_records import parse_xml_records


def _misread(rejects: list[Reject]) -> int:
    """The rejects that may be misread cards (a digest's other news, recognised, is not)."""
    return sum(1 for reject in rejects if reject.reason != OTHER_NEWS_REASON)


def summarise_bytes(data: bytes, sha256: str) -> tuple[PageSummary, pa.Table | None, pa.Table | None]:
    """Decode and parse one page's bytes (or the pages of a container file). Never raises on content.

    A file that trips a reader's bug (or a library's, on malformed input) gets the status
    ``parse_error`` with the exception and where it was raised, so that the rest of the folder is
    still published; the file is read again once the parser version changes."""
    try:
        return _summarise(data, sha256)
    except Exception as exc:  # one file's failure must not stop everyone's refresh
        summary = PageSummary(
            sha256=sha256, parser_version=PARSER_VERSION, size_bytes=len(data), status="parse_error"
        )
        summary.error = failure_reason(exc)
        return summary, None, None


def failure_reason(exc: BaseException) -> str:
    """One line for a file paperlake failed on: the exception, its message and the line raising it."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    message = " ".join(str(exc).split())[:300]
    return (
        f"paperlake failed on this file ({type(exc).__name__}: {message}{where}); the other files "
        "are published. Please report it with the file"
    )


def _summarise(data: bytes, sha256: str) -> tuple[PageSummary, pa.Table | None, pa.Table | None]:
    summary = PageSummary(sha256=sha256, parser_version=PARSER_VERSION, size_bytes=len(data), status="ok")
    unwrapped = unwrap(data, raw_scan.MAX_PAGE_BYTES)
    if unwrapped is not None and unwrapped.problem:
        summary.status, summary.error = unwrapped.problem, unwrapped.error
        return summary, None, None
    documents = [Document(data)] if unwrapped is None else unwrapped.documents
    if unwrapped is not None:
        pages = f"{len(documents)} pages" if len(documents) > 1 else "its page"
        note = f" ({unwrapped.note})" if unwrapped.note else ""
        summary.warnings.append(f"file is {unwrapped.kind}: {pages} read from it{note}")
    read = [_read_document(document, summary) for document in documents]
    if len(read) == 1:
        if isinstance(read[0], _Unread):
            summary.status, summary.error = read[0].status, read[0].error
            return summary, None, None
        text, page = read[0]
    else:
        text, page = _one_page_of(documents, read)
    summary.layout = page.layout
    summary.warnings = list(dict.fromkeys([*summary.warnings, *page.warnings]))  # each note once
    summary.page_date_text = page.page_date_text
    if page.page_date:
        summary.page_month, summary.page_day = page.page_date
    summary.exported = page.exported.isoformat() if page.exported else None
    summary.capture_key = page.capture_source
    summary.page_kind, summary.search_query, summary.page_url = page.page_kind, page.query, page.url
    summary.n_records, summary.n_rejects = len(page.records), len(page.rejects)
    summary.id_month = newest_id_month(r.arxiv_id for r in page.records)
    if page.not_a_listing:  # no broken listing: a text that lists no papers, its pairs kept as rejects
        summary.status, summary.error = "document", page.not_a_listing
    elif suspect := suspect_reason(text, len(page.records), _misread(page.rejects), page.linked_papers):
        summary.status, summary.error = "suspect", suspect
    elif not page.records:
        summary.status = "no_records"
        summary.error = flattened_reason(text) or (
            f"no title/abstract pairs found ({len(page.rejects)} paragraph(s) rejected; see rejects)"
            if page.rejects
            else "no records: the page holds only header/navigation text"
        )
    return summary, sightings_table(page), rejects_table(page)


@dataclass
class _Unread:
    """A document that is no page: the file status it would have alone, and why."""

    status: str
    error: str


# Layouts whose readers keep a field's text as written, Markdown escapes included
_FIELDS_AS_WRITTEN = ("labelled", "markdown_table")


def _read_document(document: Document, summary: PageSummary) -> tuple[str, ParsedPage] | _Unread:
    """One document's text and cards: decoded, an HTML listing turned into Markdown, parsed; the
    container's URL and fetch date fill in what the page does not state. Decoding notes go to
    ``summary`` (the first document's encoding names the file's)."""
    decoded = decode_page(document.data)
    summary.encoding = summary.encoding or decoded.encoding or None
    summary.warnings.extend(decoded.warnings)
    if decoded.problem:
        return _Unread(decoded.problem, decoded.error or decoded.problem)
    text = decoded.text or ""
    # a copy from the web archive: its addresses written as the site's, for the HTML's readers too
    archived = archived_copy(text) or archived_fetch(document.url, text)
    if archived is not None:
        text = archived.text
    text = redirects_unwrapped(text)  # Google Docs' and Outlook's redirecting links
    fetched = fetch_tool_page(text)  # an agent's fetch tool: its answers joined into the page
    if fetched is not None:
        text = fetched.text
        if fetched.answers > 1:
            joined = f"a fetch tool's {fetched.answers} answers joined into one page"
            summary.warnings.append(f"{joined} (line numbers are of the page)")
    page = None
    xml = is_feed(text) or is_extracted_xml(text) or is_opml(text) or parse_xml_records(text) is not None
    problem = None if xml else html_problem(text)  # a feed is XML, not an error page
    if problem is None and not xml and is_html_fragment(text):
        problem = "HTML without a page around it, and no listing of papers in it"
    linked_papers = 0
    if problem:
        linked_papers = len(linked_paper_ids(text))
        table, linked = html_table_markdown(text), listing_markdown(text)
        if table and linked:
            page, from_links = _html_text_page(table), _html_text_page(linked)
            if len(from_links.records) > len(page.records):
                table, page = None, from_links  # a page of cards holding a small table of papers
        listing = table or linked
        marked_up = _cards_of_marked_up_text(text) if listing is None else None
        unlinked = _cards_of_unlinked_html(text) if listing is None and marked_up is None else None
        if listing is not None:
            text = listing
            summary.warnings.append(
                "an HTML table of papers: each row read as a record (line numbers are of the table "
                "written as Markdown)"
                if table
                else "an HTML page: its cards read from its text and links (line numbers are of that text)"
            )
        elif marked_up is not None:
            text, page = marked_up
            summary.warnings.append("text with HTML tags in it: its cards read with the tags dropped")
        elif unlinked is not None:
            text, page = unlinked
            summary.warnings.append(
                "an HTML page without links: its cards read from its text, without arXiv ids "
                "(line numbers are of that text)"
            )
        else:
            return _Unread("html", problem)
    if page is None:
        page = _html_text_page(text) if problem else parse_page(text)
    page.linked_papers = linked_papers
    if fetched is not None and not document.url:
        page.url = fetched.url
        page.page_kind, page.query = page_kind(fetched.url)
    if document.url:  # the address the tool fetched: more specific than a page's canonical link
        page.url = document.url
        page.page_kind, page.query = page_kind(document.url)
    if document.captured and not (document.captured_is_fallback and page.exported):
        # the saving tool's own record of when it fetched the page; or, for a member of an
        # archive, its name's date or time where the page states none (as for a raw file)
        page.exported, page.capture_source = document.captured, document.capture_key
    if archived is not None:  # a copy fetched from the archive: the archive knows what it captured
        dated_by_archive(page, archived)
    return text, page


def _one_page_of(
    documents: list[Document], read: list[tuple[str, ParsedPage] | _Unread]
) -> tuple[str, ParsedPage]:
    """Several pages of one file (a WARC archive of a crawl) as one: their texts one after the
    other, line numbers counted through; each record keeps its own page's listing day, and a
    document that is no page is a reject saying what it was."""
    texts: list[str] = []
    combined = ParsedPage(layout="")
    layouts: dict[str, int] = {}
    offset = 0
    for document, outcome in zip(documents, read, strict=True):
        if isinstance(outcome, _Unread):
            shown = f"{document.url or document.name or 'a document'}: {outcome.error}"
            combined.rejects.append(
                Reject(
                    offset + 1,
                    f"a document of the file that is no page ({outcome.status})",
                    shown,
                )
            )
            texts.append("")
            offset += 1
            continue
        text, page = outcome
        listed = _listing_day(page)
        for record in page.records:
            record.line_number += offset
            record.abstract_line += offset
            record.listed_date = record.listed_date or listed
            combined.records.append(record)
        for reject in page.rejects:
            reject.line_number += offset
            combined.rejects.append(reject)
        combined.warnings.extend(page.warnings)
        layouts[page.layout] = layouts.get(page.layout, 0) + len(page.records)
        texts.append(text)
        offset += text.count("\n") + 1
    pages = [outcome[1] for outcome in read if not isinstance(outcome, _Unread)]
    combined.layout = max(layouts, key=layouts.__getitem__) if layouts else "plain"
    for name in ("page_kind", "query"):
        values = {getattr(page, name) for page in pages}
        setattr(combined, name, values.pop() if len(values) == 1 else None)
    captured = [(page.exported, page.capture_source) for page in pages if page.exported]
    if captured:
        combined.exported, combined.capture_source = max(captured, key=lambda pair: pair[0])
    combined.records = once_per_page(combined)
    for i, record in enumerate(combined.records, start=1):
        record.position = i
    return "\n".join(texts), combined


def _html_text_page(text: str) -> ParsedPage:
    """The cards of an HTML page's text: Markdown escapes taken off the fields a layout keeps as
    written."""
    page = parse_page(text)
    if page.layout in _FIELDS_AS_WRITTEN:
        for record in page.records:
            record.title, record.abstract = unescaped(record.title), unescaped(record.abstract)
    return page


def _listing_day(page: ParsedPage) -> date | None:
    """The day a page of a multi-page file lists: the day its URL names, else its day header in the
    year its capture says."""
    if day := listing_day_of_url(page.url, *(page.page_date or (None, None))):
        return day
    if page.page_date is None or page.exported is None:
        return None
    try:
        return infer_listing_date(*page.page_date, page.exported)
    except ValueError:
        return None


def _cards_of_unlinked_html(html: str) -> tuple[str, ParsedPage] | None:
    """An HTML page that links no paper, as (its text, its cards), when its text is a listing's
    cards: at least ``MIN_CARDS_IN_MARKED_UP_TEXT`` of them, each with its ``·`` and date (headings
    over paragraphs, as an article or a login wall has them, are no cards); else None."""
    text = page_markdown(html)
    if text is None or card_meta_runs(text.split("\n")) < MIN_CARDS_IN_MARKED_UP_TEXT:
        return None
    page = parse_page(text)
    return (text, page) if len(page.records) >= MIN_CARDS_IN_MARKED_UP_TEXT else None


def _cards_of_marked_up_text(text: str) -> tuple[str, ParsedPage] | None:
    """A text page with HTML tags in it, as (its text without them, its cards), when that gives a
    listing's worth of cards; None for a document that starts as HTML or too few cards."""
    untagged = text_without_tags(text)
    if untagged is None:
        return None
    page = parse_page(untagged)
    return (untagged, page) if len(page.records) >= MIN_CARDS_IN_MARKED_UP_TEXT else None


def sightings_table(page: ParsedPage) -> pa.Table | None:
    """The page's records as a table: built column by column (one list per column, the keys
    computed once per record), a quarter of the time a dict per record took."""
    records = page.records
    if not records:
        return None
    title_keys = [match_key(r.title) for r in records]
    abstract_keys = [match_key(r.abstract) for r in records]
    derived = {
        # the text as read, only where it differs from the display text (rarely: entities, odd
        # spaces, wrapped lines); stage_sightings.sql reads a missing one as the display text
        "raw_title": [r.raw_title if r.raw_title != r.title else None for r in records],
        "raw_abstract": [r.raw_abstract if r.raw_abstract != r.abstract else None for r in records],
        "title_key": title_keys,
        "abstract_key": abstract_keys,
        "record_key": [
            record_key(r.arxiv_id, t, a) for r, t, a in zip(records, title_keys, abstract_keys, strict=True)
        ],
        "code_links": [r.code_links or None for r in records],
        "abstract_length": [len(r.abstract) for r in records],
    }
    columns = {
        name: derived[name] if name in derived else [getattr(r, name) for r in records]
        for name in SIGHTING_SCHEMA.names
    }
    return pa.table(columns, schema=SIGHTING_SCHEMA)


def rejects_table(page: ParsedPage) -> pa.Table | None:
    if not page.rejects:
        return None
    return pa.table(
        {
            "line_number": [r.line_number for r in page.rejects],
            "reason": [r.reason for r in page.rejects],
            "text": [r.text for r in page.rejects],
        },
        schema=REJECT_SCHEMA,
    )
