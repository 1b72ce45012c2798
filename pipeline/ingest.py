"""Incremental ingestion: raw folder -> content-addressed Parquet shards + the ``source_files`` manifest.

Every distinct page *content* (sha256) is parsed once. Its records go to
``parquet/sightings/<sha256>.parquet``, its rejects to ``parquet/rejects/<sha256>.parquet`` and a
small summary to ``parquet/pages/<sha256>.json``. ``parquet/source_files.parquet`` maps every raw file
(path, size, mtime, content hash) to its outcome. A refresh therefore:

* skips files whose size and mtime match the manifest (not even read),
* hashes files that are new or touched, and parses only content it has never seen,
* records renamed/copied files without parsing them again (same content, same shard),
* retracts deleted files simply by leaving them out of the new manifest.

Shards are written before the manifest, each atomically, so a crash at any point leaves either the
old manifest (plus harmless unreferenced shards) or the new one.

The raw folder may also be an object-storage prefix (``PAPERLAKE_RAW_DIR=s3://bucket/pages``): it is
listed recursively through ``pipeline.storage`` and every object is treated like a file, under the
same rules (hidden and temporary names ignored, size/mtime pre-check, read-stability check).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import multiprocessing
import os
import stat
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.config import Settings
from pipeline.containers import Document, unwrap
from pipeline.dates import (
    date_from_mtime,
    date_from_name,
    infer_listing_date,
    listing_date_by_ids,
    newest_id_month,
)
from pipeline.decode import decode_page
from pipeline.extracted_xml import is_extracted_xml
from pipeline.feed_listing import is_feed
from pipeline.html_listing import listing_markdown, page_markdown, unescaped
from pipeline.html_pages import MIN_CARDS_IN_MARKED_UP_TEXT, html_problem, is_html_fragment, text_without_tags
from pipeline.io import (
    flush_to_disk,
    read_json,
    remove_stale_staging,
    write_json_atomic,
    write_parquet_atomic,
)
from pipeline.lock import data_dir_lock
from pipeline.normalize import match_key, record_key
from pipeline.page_facts import page_kind, url_listing_day
from pipeline.parse import PARSER_VERSION, ParsedPage, Reject, card_meta_runs, once_per_page, parse_page
from pipeline.quality import flattened_reason, suspect_reason
from pipeline.storage import (
    Location,
    filesystem,
    fork_safe,
    is_remote,
    is_within,
    list_objects,
    read_object,
    read_objects,
    read_parquet_table,
    remove_objects,
    to_location,
)

# Repairs and refusals the user should see: the CLI prints them as "paperlake: …" lines; without a
# handler (a Dagster UI run) Python's last-resort handler writes them to stderr, which Dagster keeps.
log = logging.getLogger("paperlake")

MAX_PAGE_BYTES = int(os.environ.get("PAPERLAKE_MAX_PAGE_BYTES", 256 * 1024 * 1024))
_SWAP_SUFFIXES = (".swp", ".swo", ".swx", "~", ".tmp", ".part", ".crdownload", ".partial")

SIGHTING_SCHEMA = pa.schema(
    [
        ("position", pa.int32()),
        ("line_number", pa.int32()),
        ("abstract_line", pa.int32()),
        ("raw_title", pa.string()),
        ("raw_abstract", pa.string()),
        ("title", pa.string()),
        ("abstract", pa.string()),
        ("title_key", pa.string()),
        ("abstract_key", pa.string()),
        ("record_key", pa.string()),
        ("arxiv_id", pa.string()),
        ("n_authors", pa.int32()),
        ("published_date", pa.date32()),
        ("upvotes", pa.int32()),
        ("header_glued", pa.bool_()),
        ("n_comments", pa.int32()),
        ("submitted_by", pa.string()),
        ("published_date_text", pa.string()),
        ("code_links", pa.list_(pa.string())),
        ("listed_date", pa.date32()),  # the record's own listing day, else NULL (the file's)
        # len(abstract): identity shows each paper's longest abstract, and this lets it rank the
        # sightings without reading every abstract (build/papers.sql)
        ("abstract_length", pa.int32()),
    ]
)
REJECT_SCHEMA = pa.schema([("line_number", pa.int32()), ("reason", pa.string()), ("text", pa.string())])


def _shard_options(schema: pa.Schema, keys: tuple[str, ...] = ()) -> dict:
    """How a page's shard is written: a shard holds one page (~100 rows), whose titles and abstracts
    never repeat within it, so dictionary pages and min/max statistics of those texts are pure cost.
    Plain encoding, with statistics for the narrow columns and the ``keys`` only: a third less CPU
    per shard and 17% smaller files (measured on 200 pages of the variant corpus)."""
    narrow = [f.name for f in schema if not (pa.types.is_string(f.type) or pa.types.is_list(f.type))]
    return {"use_dictionary": False, "write_statistics": [*narrow, *keys]}


SIGHTING_SHARD_OPTIONS = _shard_options(SIGHTING_SCHEMA, ("record_key", "arxiv_id"))
REJECT_SHARD_OPTIONS = _shard_options(REJECT_SCHEMA)

SOURCE_FILE_SCHEMA = pa.schema(
    [
        ("source_file", pa.string()),
        ("sha256", pa.string()),
        ("size_bytes", pa.int64()),
        ("mtime", pa.timestamp("us", tz="UTC")),
        ("mtime_ns", pa.int64()),
        ("layout", pa.string()),
        ("encoding", pa.string()),
        ("status", pa.string()),
        ("n_records", pa.int32()),
        ("n_rejects", pa.int32()),
        ("error", pa.string()),
        ("warnings", pa.string()),
        ("duplicate_of", pa.string()),
        ("captured_at", pa.date32()),
        ("capture_source", pa.string()),
        ("page_date_text", pa.string()),
        ("listing_date", pa.date32()),
        ("date_source", pa.string()),
        ("exported", pa.date32()),
        ("parser_version", pa.int32()),
        ("change", pa.string()),
        ("page_kind", pa.string()),
        ("search_query", pa.string()),
        ("page_url", pa.string()),
        ("quarantined_sha256", pa.string()),
    ]
)

# Content statuses (decided by the bytes alone) and file statuses (decided by the file system).
CONTENT_STATUSES = ("ok", "no_records", "document", "suspect", "empty", "binary", "html")
# Contents whose text is kept: their records (ok) and rejects are in shards.
TEXT_STATUSES = ("ok", "no_records", "document", "suspect")
FILE_STATUSES = ("duplicate", "unreadable", "too_large", "unstable", "ignored")


@dataclass
class PageSummary:
    """What one distinct content parsed to. Stored as ``pages/<sha>.json``."""

    sha256: str
    parser_version: int
    size_bytes: int
    status: str
    layout: str | None = None
    encoding: str | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    page_month: int | None = None
    page_day: int | None = None
    page_date_text: str | None = None
    exported: str | None = None  # the capture date the page itself states (front matter, header line)
    capture_key: str | None = None  # the word it stated it with: exported, retrieved, captured ...
    page_kind: str | None = None
    search_query: str | None = None
    page_url: str | None = None
    n_records: int = 0
    n_rejects: int = 0
    id_month: str | None = None  # the newest arXiv YYMM the page's cards carry ("2512")


@dataclass
class IngestReport:
    """What a refresh of the raw folder found and did; shown in the CLI and Dagster metadata."""

    files_seen: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    deleted: int = 0
    parsed: int = 0  # distinct contents actually parsed this time
    hashed: int = 0  # files read and hashed this time
    records: int = 0
    rejects: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    fingerprint: str = ""
    seconds: float = 0.0
    deleted_files: list[str] = field(default_factory=list)
    raw_state: str = ""  # raw_listing_state of the listing this refresh read

    def describe(self) -> str:
        """What the refresh found and parsed, in one line (the stage's log)."""
        return (
            f"{self.files_seen} files: {self.new} new, {self.changed} changed, "
            f"{self.unchanged} unchanged, {self.deleted} deleted; parsed {self.parsed} contents"
        )

    @property
    def changed_anything(self) -> bool:
        return bool(self.new or self.changed or self.deleted)


# ---------------------------------------------------------------------------------------------
# parsing one content


def summarise_bytes(data: bytes, sha256: str) -> tuple[PageSummary, pa.Table | None, pa.Table | None]:
    """Decode and parse one page's bytes (or the pages of a container file). Never raises on content."""
    summary = PageSummary(sha256=sha256, parser_version=PARSER_VERSION, size_bytes=len(data), status="ok")
    unwrapped = unwrap(data, MAX_PAGE_BYTES)
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
    elif suspect := suspect_reason(text, len(page.records), len(page.rejects)):
        summary.status, summary.error = "suspect", suspect
    elif not page.records:
        summary.status = "no_records"
        summary.error = flattened_reason(text) or (
            f"no title/abstract pairs found ({len(page.rejects)} paragraph(s) rejected; see rejects)"
            if page.rejects
            else "no records: the page holds only header/navigation text"
        )
    return summary, _sightings_table(page), _rejects_table(page)


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
    page = None
    xml = is_feed(text) or is_extracted_xml(text)  # XML documents of their own readers
    problem = None if xml else html_problem(text)  # a feed is XML, not an error page
    if problem is None and not xml and is_html_fragment(text):
        problem = "HTML without a page around it, and no listing of papers in it"
    if problem:
        listing = listing_markdown(text)
        marked_up = _cards_of_marked_up_text(text) if listing is None else None
        unlinked = _cards_of_unlinked_html(text) if listing is None and marked_up is None else None
        if listing is not None:
            text = listing
            summary.warnings.append(
                "an HTML page: its cards read from its text and links (line numbers are of that text)"
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
        page = parse_page(text)
        if problem and page.layout in _FIELDS_AS_WRITTEN:  # the HTML's text, escaped as Markdown
            for record in page.records:
                record.title, record.abstract = unescaped(record.title), unescaped(record.abstract)
    if document.url:  # the address the tool fetched: more specific than a page's canonical link
        page.url = document.url
        page.page_kind, page.query = page_kind(document.url)
    if document.captured and not (document.captured_is_fallback and page.exported):
        # the saving tool's own record of when it fetched the page; or, for a member of an
        # archive, its name's date or time where the page states none (as for a raw file)
        page.exported, page.capture_source = document.captured, document.capture_key
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


def _listing_day(page: ParsedPage) -> date | None:
    """The day a page of a multi-page file lists: the day its URL names, else its day header in the
    year its capture says."""
    if day := _day_of_url(page.url, *(page.page_date or (None, None))):
        return day
    if page.page_date is None or page.exported is None:
        return None
    try:
        return infer_listing_date(*page.page_date, page.exported)
    except ValueError:
        return None


def _day_of_url(url: str | None, month: int | None, day: int | None) -> date | None:
    """The listing day a daily page's URL names, unless the page's own day header says another day
    (then the header, in the year of the capture, is the page's day)."""
    named = url_listing_day(url)
    if named is None or (month and day and (month, day) != (named.month, named.day)):
        return None
    return named


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


def _sightings_table(page: ParsedPage) -> pa.Table | None:
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


def _rejects_table(page: ParsedPage) -> pa.Table | None:
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


def _summary_path(parquet_dir: Location, sha: str) -> Location:
    return parquet_dir / "pages" / f"{sha}.json"


def _content_files(parquet_dir: Location, sha: str) -> list[Location]:
    """What parsing one content writes: its sightings and rejects shards (where it has any) and its
    summary."""
    return [parquet_dir / folder / f"{sha}{suffix}" for folder, suffix in _SHARD_SUFFIXES.items()]


def load_summary(parquet_dir: Location, sha: str) -> PageSummary | None:
    """The cached summary of a content, if it was parsed by this parser version."""
    return _summary_from(read_json(_summary_path(parquet_dir, sha)))


def load_summaries(
    parquet_dir: Location, shas: set[str], index: dict[str, tuple[PageSummary, ShardSizes]] | None = None
) -> dict[str, PageSummary]:
    """``load_summary`` of many contents (those with none usable are left out): from ``index``
    (``read_index``) where it has them, else from their ``pages/<sha>.json``.

    On object storage a no-op refresh needs one GET per page here when the index is missing; s3fs
    issues them concurrently, which a real object store serves in parallel. (Against moto, one
    Python process, it saves little: 1.4-1.6 s instead of 1.4-2.1 s for 200 summaries.)
    """
    index = index or {}
    out = {sha: index[sha][0] for sha in shas if sha in index}
    keys = {f"pages/{sha}.json": sha for sha in shas if sha not in out}
    for key, data in read_objects(parquet_dir, sorted(keys)).items():
        try:
            summary = _summary_from(json.loads(data))
        except ValueError:
            summary = None
        if summary is not None:
            out[keys[key]] = summary
    return out


def _summary_from(raw: object) -> PageSummary | None:
    if not isinstance(raw, dict) or raw.get("parser_version") != PARSER_VERSION:
        return None
    try:
        return PageSummary(**raw)
    except TypeError:
        return None


# The summaries of every current content in one file, with the sizes its shards had when it was
# written: a refresh reads it instead of a JSON file per page, and checks each shard against the
# folder's listing (present, same size) instead of opening it. pages/<sha>.json stays the record
# that a content's shards are complete; the index is a cache of them, rewritten when they change.
INDEX_NAME = "_pages_index.parquet"
ShardSizes = tuple[int | None, int | None]  # (sightings, rejects) shard bytes; None: not recorded


def read_index(parquet_dir: Location) -> dict[str, tuple[PageSummary, ShardSizes]]:
    """The index's summaries of this parser version with their shard sizes; {} when it is missing
    or cannot be read (the summaries are then read one by one)."""
    try:
        rows = read_parquet_table(parquet_dir / INDEX_NAME).to_pylist()
    except (OSError, pa.ArrowException, ValueError):
        return {}
    index = {}
    for row in rows:
        sizes = (row.pop("sightings_bytes", None), row.pop("rejects_bytes", None))
        summary = _summary_from(row)
        if summary is not None:
            index[summary.sha256] = (summary, sizes)
    return index


def _write_index(
    parquet_dir: Location,
    summaries: dict[str, PageSummary],
    sizes: dict[str, int],
    before: dict[str, tuple[PageSummary, ShardSizes]],
) -> None:
    """Rewrite the index of ``summaries`` (shard sizes from ``sizes``, keys as listed) unless it
    already says exactly that."""
    entries = {
        sha: (summary, (sizes.get(f"sightings/{sha}.parquet"), sizes.get(f"rejects/{sha}.parquet")))
        for sha, summary in summaries.items()
    }
    if entries == before:
        return
    # vars(), not asdict(): asdict deep-copies every field (0.35 s of a refresh at 20,000 pages)
    rows = [
        {**vars(summary), "sightings_bytes": s, "rejects_bytes": r} for summary, (s, r) in entries.values()
    ]
    write_parquet_atomic(pa.Table.from_pylist(rows, schema=_INDEX_SCHEMA), parquet_dir / INDEX_NAME)


def _arrow_type(annotation: str) -> pa.DataType:
    if annotation.startswith("list"):
        return pa.list_(pa.string())
    return pa.int64() if annotation.startswith("int") else pa.string()


_INDEX_SCHEMA = pa.schema(
    [(f.name, _arrow_type(str(f.type))) for f in fields(PageSummary)]
    + [("sightings_bytes", pa.int64()), ("rejects_bytes", pa.int64())]
)


def _process_file(abs_path: str, parquet_dir: str) -> dict:
    """Worker: read one file, hash it, parse it unless its content is already known.

    Runs in a worker process for large batches, so it takes and returns plain values and writes its
    own shards (sending rows back to the parent would cost more than parsing them). ``abs_path`` is
    a local path or, for a raw dir on object storage, the object's URI; ``parquet_dir`` likewise.
    """
    out = to_location(parquet_dir)
    what = "object" if is_remote(abs_path) else "file"
    try:
        data, before, after = _read_page(abs_path)
    except OSError as exc:
        return {"problem": "unreadable", "error": f"cannot read {what}: {exc.strerror or exc}"}
    if len(data) > MAX_PAGE_BYTES:  # grew past the limit after the folder was scanned
        return {"problem": "too_large", "error": _too_large_error(len(data))}
    if before != after or len(data) != after[0]:
        return {
            "problem": "unstable",
            "error": f"{what} changed while it was being read; it will be read again on the next refresh",
        }
    sha = hashlib.sha256(data).hexdigest()
    cached = load_summary(out, sha)
    if cached is not None and shard_problem(out, cached) is None:
        return {
            "sha256": sha,
            "summary": asdict(cached),
            "parsed": False,
            "mtime_ns": after[1],
            "size": after[0],
        }
    summary, sightings, rejects = summarise_bytes(data, sha)
    if sightings is not None:
        shard = out / "sightings" / f"{sha}.parquet"
        write_parquet_atomic(sightings, shard, fsync=False, **SIGHTING_SHARD_OPTIONS)
    if rejects is not None:
        write_parquet_atomic(rejects, out / "rejects" / f"{sha}.parquet", fsync=False, **REJECT_SHARD_OPTIONS)
    write_json_atomic(asdict(summary), _summary_path(out, sha))  # last: marks the shards complete
    return {
        "sha256": sha,
        "summary": asdict(summary),
        "parsed": True,
        "mtime_ns": after[1],
        "size": after[0],
    }


PARQUET_MAGIC = b"PAR1"


def shard_problem(
    parquet_dir: Location,
    summary: PageSummary,
    listed: dict[str, int] | None = None,
    recorded: ShardSizes = (None, None),
) -> str | None:
    """Why a parsed content's shards cannot be used (one missing, or cut short), or None.

    A page's summary promises a sightings shard when it has records and a rejects shard when it has
    rejects. A shard deleted by hand or cut short (a full disk, a bad copy) would otherwise drop its
    records from the next build silently. Given ``listed`` (key -> size from one listing of the
    folder) a shard must be listed, and keep the size the index ``recorded`` for it; without a
    recorded size (a local shard) both Parquet magic numbers are checked (8 bytes read per shard,
    ~50 ms for 2,000 local pages), or (object storage) existence only.
    """
    for folder, count, size in (
        ("sightings", summary.n_records, recorded[0]),
        ("rejects", summary.n_rejects, recorded[1]),
    ):
        if not count:
            continue
        key = f"{folder}/{summary.sha256}.parquet"
        if listed is not None and key not in listed:
            problem: str | None = "is missing"
        elif listed is not None and size is not None and listed[key] != size:
            problem = f"is damaged ({listed[key]:,} bytes, written as {size:,})"
        elif listed is not None and (size is not None or is_remote(parquet_dir)):
            problem = None
        else:
            problem = _parquet_file_problem(parquet_dir / key)
        if problem:
            return f"Parquet shard {parquet_dir / key} {problem}"
    return None


def _parquet_file_problem(path: Location) -> str | None:
    """'is missing' / 'is damaged (…)' for a Parquet file that cannot be read, else None.

    A local file is opened with ``open``: every refresh checks every shard, and fsspec's per-file
    overhead was most of the 1 s this took for a 20,000-page corpus."""
    try:
        with _open_for_magic(path) as handle:
            head = handle.read(4)
            size = handle.seek(0, os.SEEK_END)
            handle.seek(max(size - 4, 0))
            tail = handle.read(4)
    except FileNotFoundError:
        return "is missing"
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if size < 12 or head != PARQUET_MAGIC or tail != PARQUET_MAGIC:
        return f"is damaged ({size:,} bytes, not a whole Parquet file)"
    return None


def _open_for_magic(path: Location):
    if not is_remote(path):
        return open(path, "rb")
    fs, where = filesystem(path)
    return fs.open(where, "rb", cache_type="none")  # no read-ahead: 8 bytes are needed


def _drop_damaged(
    parquet_dir: Location,
    summaries: dict[str, PageSummary],
    names: dict[str, str],
    listed: dict[str, int],
    index: dict[str, tuple[PageSummary, ShardSizes]],
) -> None:
    """Forget the summaries whose shards are missing or damaged, so their pages are parsed again.

    Removing ``pages/<sha>.json`` makes the content unknown: its files are read, hashed and parsed
    like new ones, which rewrites the shards. ``names``: a source file per content, for the message;
    ``listed``: the folder's keys and sizes; ``index``: the sizes the shards were written with.
    """
    for sha in sorted(summaries):
        recorded = index[sha][1] if sha in index else (None, None)
        problem = shard_problem(parquet_dir, summaries[sha], listed, recorded)
        if problem is None:
            continue
        log.warning("%s: parsing %s again from its raw file", problem, names.get(sha, sha))
        remove_objects(parquet_dir, [f"pages/{sha}.json"])
        del summaries[sha]
        index.pop(sha, None)


def _read_page(abs_path: str) -> tuple[bytes, tuple[int, int], tuple[int, int]]:
    """At most ``MAX_PAGE_BYTES + 1`` bytes of a page, with its (size, mtime_ns) before and after.

    Reading one byte past the limit tells a page that grew too large from one exactly at the limit.
    """
    return read_object(abs_path, MAX_PAGE_BYTES + 1)


# ---------------------------------------------------------------------------------------------
# the raw folder


@dataclass
class RawEntry:
    source_file: str  # path relative to the raw dir, POSIX separators
    abs_path: Path | str  # a local path, or the object's URI when the raw dir is on object storage
    size_bytes: int = 0
    mtime_ns: int = 0
    status: str | None = None  # set when the entry is not a readable page
    error: str | None = None
    is_link: bool = False  # a symlink inside the raw dir: never the canonical copy of its content


def scan_raw_dir(raw_dir: Location) -> list[RawEntry]:
    """Every entry under ``raw_dir`` that could be a page, with why it is skipped if it is.

    Symlinks are followed only when they resolve inside ``raw_dir``; hidden files and folders and
    editor or download temporaries are listed as ``ignored`` rather than silently dropped (a hidden
    folder is one entry: its contents are not walked). An object-storage prefix is listed under
    the same rules (``_scan_object_store``).
    """
    return list(iter_raw_dir(raw_dir))


def raw_listing_state(entries: list[RawEntry]) -> str:
    """Fingerprint of a raw folder's listing: names, sizes, mtimes and skip reasons, no file read.
    The raw-pages sensor requests a refresh when it changes; a refresh records the one it read."""
    digest = hashlib.sha256()
    for entry in entries:
        digest.update(f"{entry.source_file}\0{entry.size_bytes}\0{entry.mtime_ns}\0{entry.status}\n".encode())
    return digest.hexdigest()[:32]


def iter_raw_dir(raw_dir: Location) -> Iterator[RawEntry]:
    """``scan_raw_dir`` one entry at a time, in the same order."""
    return _scan_object_store(raw_dir) if is_remote(raw_dir) else _walk_local(raw_dir)


def _walk_local(raw_dir: Path) -> Iterator[RawEntry]:
    """A local folder's entries, by ``os.scandir`` rather than fsspec: symlinks are pages only when
    they resolve inside the raw dir, symlinked folders are not followed, and files that are not
    regular (fifos, sockets) are named - file-system facts an fsspec listing does not give.

    Entries come folder by folder, as ``os.walk`` gives them (a folder's skipped subfolders, then its
    files, then its subfolders' entries), each list sorted by name. Names are handled as text and
    each file costs one ``stat`` (the scan runs on every refresh: 20,000 pages took 0.3 s through
    ``pathlib``)."""
    raw_dir = raw_dir.resolve()
    try:
        yield from _walk_folder(raw_dir, "", raw_dir)
    except FileNotFoundError:  # no raw dir: no pages (check_not_emptied tells an emptied one)
        return


def _walk_folder(folder: Path, prefix: str, raw_dir: Path) -> Iterator[RawEntry]:
    with os.scandir(folder) as listing:
        items = sorted(listing, key=lambda item: item.name)
    subfolders = []
    files = []
    for item in items:
        try:
            is_folder = item.is_dir()  # follows a symlink, as os.walk sorts names
        except OSError:
            is_folder = False
        (subfolders if is_folder else files).append(item)
    walked = []
    for item in subfolders:
        if item.is_symlink():
            error = "symlink to a folder; not followed"
        elif item.name.startswith("."):
            error = "hidden folder; its files are not read"
        else:
            walked.append(item)
            continue
        yield RawEntry(_rel(prefix + item.name), Path(item.path), status="ignored", error=error)
    for item in files:
        yield _entry_for(item, _rel(prefix + item.name), raw_dir)
    for item in walked:
        try:
            yield from _walk_folder(Path(item.path), f"{prefix}{item.name}/", raw_dir)
        except OSError as exc:  # a folder we may not list: named, not silently skipped
            error = f"cannot list folder: {exc.strerror or exc}"
            yield RawEntry(_rel(prefix + item.name), Path(item.path), status="unreadable", error=error)


def _rel(rel: str) -> str:
    """A path relative to the raw dir (POSIX separators) as text that can be stored anywhere, one
    text per name (lossless).

    A file name that is not valid UTF-8 (saved by a latin-1 tool, say) arrives from the file system
    with surrogate escapes, which Parquet, DuckDB and ``str.encode`` reject; its odd bytes are shown
    as ``\\xe9``. So that a latin-1 ``café.txt`` (bytes ``caf``, 0xE9, ``.txt``) and a file literally
    named ``caf\\xe9.txt`` never become one ``source_file`` (one page's records would vanish), a
    literal backslash is doubled: the usual backslash escaping, reversible, and every name without a
    backslash or an odd byte is unchanged.
    """
    if "\\" in rel:
        rel = rel.replace("\\", "\\\\")
    if rel.isascii():
        return rel
    return os.fsencode(rel).decode("utf-8", errors="backslashreplace")


def _scan_object_store(raw_dir: Location) -> Iterator[RawEntry]:
    """``scan_raw_dir`` for an object-storage prefix: one recursive listing, no object read.

    Object stores have no symlinks, permissions or special files; what is left of the local rules is
    the naming (hidden files, hidden folders as one entry, editor/download temporaries) and the size
    limit. Sizes and mtimes come from the listing, as they come from ``stat`` for a local folder.
    """
    hidden_folders: set[str] = set()
    for obj in list_objects(raw_dir):
        parts = obj.key.split("/")
        hidden = next((i for i, part in enumerate(parts[:-1]) if part.startswith(".")), None)
        if hidden is not None:
            folder = "/".join(parts[: hidden + 1])
            if folder not in hidden_folders:
                hidden_folders.add(folder)
                error = "hidden folder; its files are not read"
                yield RawEntry(folder, f"{raw_dir}/{folder}", status="ignored", error=error)
            continue
        entry = RawEntry(obj.key, obj.uri)
        ignored = _ignored_name(parts[-1])
        if ignored:
            entry.status, entry.error = "ignored", ignored
        else:
            entry.size_bytes, entry.mtime_ns = obj.size, obj.mtime_ns
            if obj.size > MAX_PAGE_BYTES:
                entry.status, entry.error = "too_large", _too_large_error(obj.size)
        yield entry


def _ignored_name(name: str) -> str | None:
    """Why a file with this name is not a page (hidden, or a temporary), or None."""
    if name.startswith("."):
        return "hidden file"
    if name.endswith(_SWAP_SUFFIXES) or name.startswith(".#"):
        return "editor swap or partial download file"
    return None


def _entry_for(item: os.DirEntry, rel: str, raw_dir: Path) -> RawEntry:
    path = Path(item.path)
    entry = RawEntry(rel, path)
    ignored = _ignored_name(item.name)
    if ignored:
        entry.status, entry.error = "ignored", ignored
        return entry
    if item.is_symlink():
        entry.is_link = True
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            entry.status, entry.error = "ignored", "broken symlink"
            return entry
        if not target.is_relative_to(raw_dir):
            entry.status, entry.error = (
                "ignored",
                f"symlink points outside the raw dir ({target}); not followed",
            )
            return entry
    try:
        st = item.stat()
    except OSError as exc:
        entry.status, entry.error = "unreadable", f"cannot stat file: {exc.strerror or exc}"
        return entry
    if not stat.S_ISREG(st.st_mode):
        entry.status, entry.error = "ignored", "not a regular file"
        return entry
    entry.size_bytes, entry.mtime_ns = st.st_size, st.st_mtime_ns
    if st.st_size > MAX_PAGE_BYTES:
        entry.status, entry.error = "too_large", _too_large_error(st.st_size)
    return entry


def _too_large_error(size: int) -> str:
    at_least = "at least " if size == MAX_PAGE_BYTES + 1 else ""  # reading stops one byte past the limit
    return (
        f"file is {at_least}{size:,} bytes, over the {MAX_PAGE_BYTES:,}-byte page limit "
        "(raise PAPERLAKE_MAX_PAGE_BYTES to read it)"
    )


def read_manifest(settings: Settings) -> pa.Table | None:
    """The ``source_files`` manifest, or None when there is none yet or it is damaged.

    A damaged manifest (cut short, overwritten) is rebuilt by the next ingest from the raw folder and
    the shards, which are keyed by content: every file is hashed again, no page is parsed again.
    """
    try:
        return read_parquet_table(settings.source_files_path)
    except FileNotFoundError:
        return None
    except (OSError, pa.ArrowException) as exc:
        log.warning(
            "%s is damaged (%s): rebuilding it from the raw folder (pages are hashed, not parsed, again)",
            settings.source_files_path,
            " ".join(str(exc).split()),
        )
        return None


# ---------------------------------------------------------------------------------------------
# refresh


# Set (to 1) by ``paperlake refresh --allow-empty``: the user says an empty raw folder is meant.
ALLOW_EMPTY_ENV = "PAPERLAKE_ALLOW_EMPTY_RAW"


class RawDirRefused(ValueError):
    """The raw folder cannot be what the user means (emptied, or holding the data folder)."""


def refresh_source_files(
    settings: Settings,
    *,
    workers: int | None = None,
    progress: Callable[[int, int, int], None] | None = None,
    allow_empty: bool | None = None,
) -> IngestReport:
    """Bring the Parquet shards and ``source_files`` manifest up to date with the raw folder.

    ``allow_empty`` (default: ``$PAPERLAKE_ALLOW_EMPTY_RAW``) accepts a raw folder with no page
    although the last build had some; otherwise that refresh is refused (``check_not_emptied``).
    """
    if not settings.raw_dir.is_dir():
        raise FileNotFoundError(f"raw dir {settings.raw_dir} does not exist or is not a folder")
    check_data_dir_outside_raw_dir(settings)
    if allow_empty is None:
        allow_empty = os.environ.get(ALLOW_EMPTY_ENV) == "1"
    with data_dir_lock(settings.lock_path):
        return _refresh_locked(settings, workers=workers, progress=progress, allow_empty=allow_empty)


def check_data_dir_outside_raw_dir(settings: Settings) -> None:
    """A data folder inside the raw folder would read its own shards, manifest and logs as pages
    (and change them while it reads them): refuse it, naming both folders."""
    raw = settings.raw_dir
    for what, path in (("data dir", settings.data_dir), ("Parquet dir", settings.parquet_dir)):
        if is_within(path, raw):
            raise RawDirRefused(
                f"{what} {path} is inside the raw dir {raw}, so paperlake would read its own files as "
                "pages: move the data dir (PAPERLAKE_DATA_DIR) out of the raw folder"
            )


def previous_page_count(settings: Settings) -> int:
    """How many files of the last manifest held a page's content (0 when there is no manifest)."""
    manifest = read_manifest(settings)
    if manifest is None or "sha256" not in manifest.column_names:
        return 0
    return manifest.num_rows - manifest.column("sha256").null_count


def check_not_emptied(settings: Settings, entries: list[RawEntry] | None = None) -> None:
    """Refuse a raw folder that holds no page although the last build read some.

    An unmounted drive or a failed sync looks exactly like this, and refreshing from it would retract
    every page and delete every shard. ``entries`` is the folder's scan when the caller has one;
    otherwise the folder is walked only until its first candidate page.
    """
    if entries is not None:
        has_page = any(e.status != "ignored" for e in entries)
    else:
        has_page = _any_candidate_page(settings.raw_dir)
    if has_page:
        return
    before = previous_page_count(settings)
    if before:
        raise RawDirRefused(
            f"raw dir {settings.raw_dir} holds no page but the last build read {before}; if it is an "
            "unmounted drive, mount it, or run `paperlake refresh --allow-empty` to empty the warehouse"
        )


def _any_candidate_page(raw_dir: Location) -> bool:
    """Whether the folder holds at least one file that is not ignored (a local walk stops at the
    first one)."""
    return any(e.status != "ignored" for e in iter_raw_dir(raw_dir))


def _refresh_locked(
    settings: Settings,
    *,
    workers: int | None,
    progress: Callable[[int, int, int], None] | None,
    allow_empty: bool = False,
) -> IngestReport:
    started = time.perf_counter()
    report = IngestReport()
    parquet_dir = settings.parquet_dir
    previous = {row["source_file"]: row for row in (read_manifest(settings) or pa.table({})).to_pylist()}
    entries = scan_raw_dir(settings.raw_dir)
    report.raw_state = raw_listing_state(entries)  # before reading files updates their sizes
    if not allow_empty:
        check_not_emptied(settings, entries)
    report.files_seen = len(entries)

    known: dict[str, tuple[str, PageSummary]] = {}  # source_file -> (sha, summary)
    problems: dict[str, tuple[str, str]] = {}
    todo: list[RawEntry] = []
    unchanged: dict[str, str] = {}  # source_file -> sha, for files whose size and mtime match
    for entry in entries:
        if entry.status:
            problems[entry.source_file] = (entry.status, entry.error or "")
            continue
        prev = previous.get(entry.source_file)
        if (
            prev
            and prev.get("sha256")
            and prev["size_bytes"] == entry.size_bytes
            and prev["mtime_ns"] == entry.mtime_ns
            and prev["status"] not in ("unstable", "unreadable")
        ):
            unchanged[entry.source_file] = prev.get("quarantined_sha256") or prev["sha256"]
    listing = list_objects(parquet_dir)  # one listing: the shard check and the garbage collection
    listed = {obj.key: obj.size for obj in listing}
    index = read_index(parquet_dir)
    indexed = dict(index)  # as read, to tell whether it must be written again
    summaries = load_summaries(parquet_dir, set(unchanged.values()), index)
    _drop_damaged(parquet_dir, summaries, {sha: name for name, sha in unchanged.items()}, listed, index)
    for entry in entries:
        if entry.status:
            continue
        sha = unchanged.get(entry.source_file)
        if sha is not None and sha in summaries:
            known[entry.source_file] = (sha, summaries[sha])
        else:
            todo.append(entry)

    mtimes: dict[str, int] = {e.source_file: e.mtime_ns for e in entries}
    written: set[str] = set()  # contents parsed now: their shards are new, whatever was listed
    for entry, result in zip(todo, _run_workers(todo, parquet_dir, workers, progress), strict=True):
        report.hashed += 1
        if "problem" in result:
            problems[entry.source_file] = (result["problem"], result["error"])
            continue
        report.parsed += int(result["parsed"])
        if result["parsed"]:
            written.add(result["sha256"])
        mtimes[entry.source_file] = result["mtime_ns"]
        entry.size_bytes = result["size"]
        known[entry.source_file] = (result["sha256"], PageSummary(**result["summary"]))

    rows = _manifest_rows(entries, known, problems, mtimes, previous)
    for row in rows:
        report.by_status[row["status"]] = report.by_status.get(row["status"], 0) + 1
        report.records += row["n_records"]
        report.rejects += row["n_rejects"] if row["status"] in TEXT_STATUSES else 0
        change = row["change"]
        if change in ("new", "changed", "unchanged"):
            setattr(report, change, getattr(report, change) + 1)
    current = {row["source_file"] for row in rows}
    report.deleted_files = sorted(set(previous) - current)
    report.deleted = len(report.deleted_files)

    table = pa.Table.from_pylist(rows, schema=SOURCE_FILE_SCHEMA)
    report.fingerprint = manifest_fingerprint(table)
    table = table.replace_schema_metadata(
        {"paperlake_fingerprint": report.fingerprint, ROWS_FINGERPRINT: rows_fingerprint(table)}
    )
    # The shards the workers wrote reach the disk before the manifest that names them.
    flush_to_disk(path for sha in sorted(written) for path in _content_files(parquet_dir, sha))
    write_parquet_atomic(table, settings.source_files_path)
    referenced = {row[c] for row in rows for c in ("sha256", "quarantined_sha256") if row.get(c)}
    _collect_garbage(parquet_dir, referenced, listing)
    current = {sha: summary for sha, summary in known.values() if sha in referenced}
    _write_index(parquet_dir, current, _shard_sizes(parquet_dir, current, listed, written), indexed)
    report.seconds = time.perf_counter() - started
    return report


def _run_workers(
    todo: list[RawEntry],
    parquet_dir: Location,
    workers: int | None,
    progress: Callable[[int, int, int], None] | None,
) -> list[dict]:
    """Process files serially for small batches, with a process pool for large ones."""
    n_workers = workers if workers is not None else min(os.cpu_count() or 1, 8)
    total_bytes = sum(e.size_bytes for e in todo)
    results: list[dict] = []
    records = 0
    if n_workers <= 1 or len(todo) < 8 or total_bytes < 8 * 1024 * 1024:
        for i, entry in enumerate(todo, start=1):
            results.append(_process_file(str(entry.abs_path), str(parquet_dir)))
            records += _records_in(results[-1])
            if progress:
                progress(i, len(todo), records)
        return results
    forkable = fork_safe(parquet_dir, *(e.abs_path for e in todo[:1]))
    context = None if forkable else multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        max_workers=n_workers, mp_context=context, initializer=_worker_init, initargs=(os.getpid(),)
    )
    with pool:
        chunk = max(1, min(64, len(todo) // (n_workers * 4)))
        mapped = pool.map(
            _process_file, [str(e.abs_path) for e in todo], [str(parquet_dir)] * len(todo), chunksize=chunk
        )
        for i, result in enumerate(mapped, start=1):
            results.append(result)
            records += _records_in(result)
            if progress:
                progress(i, len(todo), records)
    return results


PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _worker_init(parent: int) -> None:
    """A parse worker dies with the refresh that started it.

    Without this, a ``kill -9`` of the refresh left its forked workers blocked in ``Queue.get`` for
    good. (They do not hold its data-dir lock: filelock closes its descriptor in a forked child.)
    On Linux the kernel sends SIGKILL when the parent dies (``PR_SET_PDEATHSIG``); the ``getppid``
    check covers a parent that died before that was set.
    """
    import signal

    if os.uname().sysname == "Linux":
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


def _records_in(result: dict) -> int:
    return (result.get("summary") or {}).get("n_records", 0)


def _manifest_rows(
    entries: list[RawEntry],
    known: dict[str, tuple[str, PageSummary]],
    problems: dict[str, tuple[str, str]],
    mtimes: dict[str, int],
    previous: dict[str, dict],
) -> list[dict]:
    # The first real file (by name) holding a content is canonical; symlinks are its duplicates.
    links = {e.source_file for e in entries if e.is_link}
    canonical: dict[str, str] = {}
    for source_file in sorted(known, key=lambda name: (name in links, name)):
        sha, summary = known[source_file]
        if summary.status == "ok":
            canonical.setdefault(sha, source_file)
    rows = []
    for entry in entries:
        path = entry.source_file
        row: dict = {
            "source_file": path,
            "size_bytes": entry.size_bytes,
            "mtime_ns": mtimes.get(path, 0),
            "parser_version": PARSER_VERSION,
            "n_records": 0,
            "n_rejects": 0,
        }
        row["mtime"] = _ns_to_datetime(row["mtime_ns"]) if row["mtime_ns"] else None
        if path in problems:
            row["status"], row["error"] = problems[path]
            row["sha256"] = None
        else:
            sha, s = known[path]
            row.update(
                sha256=sha,
                layout=s.layout,
                encoding=s.encoding,
                status=s.status,
                error=s.error,
                warnings="; ".join(s.warnings) or None,
                page_date_text=s.page_date_text,
                exported=date.fromisoformat(s.exported) if s.exported else None,
                page_kind=s.page_kind,
                search_query=s.search_query,
                page_url=s.page_url,
                n_records=s.n_records,
                n_rejects=s.n_rejects,
            )
            if s.status == "ok" and canonical[sha] != path:
                row.update(
                    status="duplicate",
                    duplicate_of=canonical[sha],
                    n_records=0,
                    n_rejects=0,
                    error=f"same content as {canonical[sha]}; its records are counted once",
                )
            _add_dates(row, entry, s)
            if s.status == "suspect":
                row = _keep_published(row, previous.get(path), sha)
        prev = previous.get(path)
        if prev is None:
            row["change"] = "new"
        elif (
            prev.get("sha256") == row.get("sha256")
            and prev.get("status") == row["status"]
            and prev.get("quarantined_sha256") == row.get("quarantined_sha256")
        ):
            row["change"] = "unchanged"
        else:
            row["change"] = "changed"
        rows.append(row)
    return rows


def _keep_published(row: dict, prev: dict | None, sha: str) -> dict:
    """A file whose new content looks broken keeps publishing its previous good content: the row
    describes that content (status ok, its hash and counts) and names the quarantined one. Without
    good previous content the file is ``suspect`` and publishes nothing."""
    if not prev or prev.get("status") != "ok" or not prev.get("sha256"):
        return {**row, "n_records": 0, "quarantined_sha256": sha}
    now = ("source_file", "size_bytes", "mtime_ns", "mtime", "parser_version")
    kept = {**prev, **{k: row[k] for k in now}}
    kept.update(
        quarantined_sha256=sha,
        error=f"{row['error']}; its previous content (sha256 {prev['sha256'][:12]}…) stays published",
    )
    return kept


def _ns_to_datetime(ns: int):
    from datetime import UTC, datetime

    return datetime.fromtimestamp(ns / 1e9, tz=UTC)


def _add_dates(row: dict, entry: RawEntry, s: PageSummary) -> None:
    """Capture date (what the page states > a date in the file name > mtime) and the listing date.

    The exporter's own ``exported:`` / ``retrieved:`` / ``Captured (UTC):`` is the truth about when
    the page was saved; a file name may be a sync tool's, and a copy or checkout rewrites the mtime."""
    captured: date | None = date.fromisoformat(s.exported) if s.exported else None
    source = (s.capture_key or "exported") if captured else None
    if captured is None and (named := date_from_name(Path(entry.source_file).name)):
        captured, source = named, "file_name"
    if captured is None and row["mtime_ns"]:
        captured, source = date_from_mtime(row["mtime_ns"] / 1e9), "mtime"
    row["captured_at"], row["capture_source"] = captured, source if captured else None
    if day := _day_of_url(s.page_url, s.page_month, s.page_day):
        row["listing_date"], row["date_source"] = day, "page_url"
    elif s.page_month and s.page_day and captured:
        try:
            row["listing_date"] = infer_listing_date(s.page_month, s.page_day, captured)
            row["date_source"] = f"page_date+{source}"
        except ValueError:
            row["date_source"] = "invalid_page_date"
        # An mtime says only when the file was last written (a copy, a sync, a year later): a
        # yearless day header then takes the earlier year its cards' arXiv ids point to.
        by_ids = listing_date_by_ids(s.page_month, s.page_day, s.id_month, captured)
        daily = s.page_kind in (None, "daily")  # a search or trending page lists papers of any age
        if (
            source == "mtime"
            and daily
            and row.get("listing_date")
            and by_ids
            and by_ids < row["listing_date"]
        ):
            row["listing_date"], row["date_source"] = by_ids, "page_date+arxiv_ids"
    else:
        row["listing_date"] = None
        row["date_source"] = "none"


def manifest_fingerprint(table: pa.Table) -> str:
    """Hash of everything downstream depends on: which content is where, and its dates."""
    cols = [
        "source_file",
        "sha256",
        "status",
        "duplicate_of",
        "listing_date",
        "captured_at",
        "date_source",
        "quarantined_sha256",
    ]
    return _table_digest(table.select(cols), f"parser={PARSER_VERSION}")


# Metadata key of the manifest: a hash of every column but ``change``. The warehouse's source_files
# table shows them all (size, mtime, ...), so it is rebuilt when any of them changes - a touched
# but unchanged page used to leave a stale mtime - while papers follow ``manifest_fingerprint``.
ROWS_FINGERPRINT = "paperlake_rows_fingerprint"


def rows_fingerprint(table: pa.Table) -> str:
    """Hash of every manifest column except the per-run ``change``, in file order."""
    return _table_digest(table.drop_columns(["change"]), "rows")


def _table_digest(table: pa.Table, salt: str) -> str:
    """sha256 of the rows sorted by source_file, as Arrow IPC bytes: one pass in C over the columns
    (hashing each row's ``repr`` cost 0.3 s for 20,000 files on every refresh). Another pyarrow may
    write other bytes: that costs one rebuild, never a wrong skip."""
    ordered = table.take(pc.sort_indices(table, [("source_file", "ascending")]))
    ordered = ordered.replace_schema_metadata(None).combine_chunks()
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, ordered.schema) as writer:
        writer.write_table(ordered)
    digest = hashlib.sha256(salt.encode())
    digest.update(sink.getvalue())
    return digest.hexdigest()[:32]


_SHARD_SUFFIXES = {"sightings": ".parquet", "rejects": ".parquet", "pages": ".json"}


def _shard_sizes(
    parquet_dir: Location, summaries: dict[str, PageSummary], listed: dict[str, int], written: set[str]
) -> dict[str, int]:
    """The shards' sizes for the index: as listed when the refresh began, and as written since for
    the contents parsed now (a damaged shard was listed with its damage). On object storage those
    are left unrecorded until the next refresh's listing."""
    sizes = {key: size for key, size in listed.items() if key.rpartition("/")[2][:64] not in written}
    if is_remote(parquet_dir):
        return sizes
    for sha, summary in summaries.items():
        for folder, count in (("sightings", summary.n_records), ("rejects", summary.n_rejects)):
            key = f"{folder}/{sha}.parquet"
            if count and key not in sizes:
                with contextlib.suppress(OSError):
                    sizes[key] = os.stat(parquet_dir / key).st_size
    return sizes


def _collect_garbage(parquet_dir: Location, referenced: set[str], listing: list) -> None:
    """Delete shards of content no file holds any more (deleted or changed pages), and temporary
    files a killed writer left behind (we hold the data-dir lock, so no write is in progress): local
    ``.<name>.<pid>-<n>.tmp`` files beside their target, and the local staging files of uploads to
    object storage. ``listing``: the folder as the refresh found it (what it wrote since is
    referenced); one batched delete."""
    remove_stale_staging()
    stale = []
    for obj in listing:
        folder, _, name = obj.key.partition("/")
        base = obj.key.rpartition("/")[2]
        suffix = _SHARD_SUFFIXES.get(folder)
        sha = name[: -len(suffix)] if suffix and "/" not in name and name.endswith(suffix) else None
        if (base.startswith(".") and base.endswith(".tmp")) or (sha is not None and sha not in referenced):
            stale.append(obj.key)
    remove_objects(parquet_dir, stale)
