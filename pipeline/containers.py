"""Pages inside the container files real saving tools write.

A listing page does not always land as the page itself. Chrome and Edge's "Save as... Webpage,
Single File" writes MHTML (the HTML quoted-printable inside a MIME message); Safari's default "Web
Archive" is a binary property list; ``curl -i`` and scrapers that keep the raw response put the HTTP
status line and headers before the HTML; web archivers (``wget --warc-file``, Browsertrix,
ArchiveBox, Heritrix) write WARC, one record per fetched URL, usually gzip-compressed; and a crawler
or a user may gzip, bzip2 or xz any of these. Each is opened with the format's own reader (the
standard library's ``zlib``/``bz2``/``lzma``, ``email``, ``plistlib``; ``warcio`` for WARC) and
yields the documents it holds, with what the container knows about each: the URL that was fetched
and when. The documents are then read like any other page (``pipeline.ingest``).

Nothing is guessed: a file is a container only by its own signature (magic bytes, a WARC or HTTP
status line, a MIME header naming ``multipart/related``), or, for JSON a scraping service answered
with, by a page inside it (``pipeline.json_envelope``); a container that cannot be opened, or holds
no page, is reported with what it is and why.
"""

from __future__ import annotations

import bz2
import email
import email.policy
import html
import io
import lzma
import plistlib
import re
import tarfile
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING

from pipeline.data_files import (
    ARROW_MAGIC,
    PARQUET_MAGIC,
    SQLITE_MAGIC,
    arrow_records,
    parquet_records,
    sqlite_tables,
)
from pipeline.dates import date_from_name, iso_utc_day
from pipeline.json_envelope import EnvelopedPage, enveloped_pages
from pipeline.mirror_paths import folder_date, mirrored_url
from pipeline.notebook import is_notebook, notebook_outputs
from pipeline.opendocument_sheet import is_spreadsheet, spreadsheet_tables
from pipeline.rtf_document import RTF_MAGIC, rtf_text
from pipeline.workbook import is_workbook, sheet_tables

if TYPE_CHECKING:
    from warcio.recordloader import ArcWarcRecord

# A container is opened at most this deep (a gzip of a WARC of gzip-encoded responses is three).
MAX_DEPTH = 4

_HTTP_STATUS = re.compile(rb"\AHTTP/[0-9.]+ +(\d{3})[^\r\n]*\r?\n")
_MIME_START = re.compile(rb"\A(?:[A-Za-z][A-Za-z0-9-]*:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*){1,40}?\r?\n")
_MULTIPART_RELATED = re.compile(rb"^content-type:\s*multipart/related", re.I | re.M)
# An email saved as a file (.eml: a digest mailed to its reader): a sender or subject, and a body
# of text, HTML or alternatives of them.
_MAIL_HEADERS = re.compile(rb"^(?:from|subject):", re.I | re.M)
_MAIL_BODY_TYPE = re.compile(
    rb"^content-type:\s*(?:multipart/(?:alternative|mixed)|text/(?:html|plain))", re.I | re.M
)
# Response bodies worth reading as a page: a listing's HTML, text or Markdown, or a JSON export.
# SingleFile's "self-extracting" page: an HTML file whose <html data-sfz> holds a ZIP of the page
# (index.html, manifest.json, the page's resources) that its script unpacks in the browser.
_SINGLEFILE_ARCHIVE = re.compile(rb"<html\b[^>]*\bdata-sfz\b", re.I)
_PAGE_TYPES = ("text/html", "application/xhtml", "text/plain", "text/markdown", "text/x-markdown", "json")


@dataclass
class Document:
    """One document a container holds, with what the container says about it."""

    data: bytes
    url: str | None = None  # the address the saving tool fetched
    captured: date | None = None  # when it fetched it (UTC)
    capture_key: str | None = None  # which header said so: mhtml_date, http_date, warc_date
    name: str | None = None  # its name inside the container (a ZIP member)
    # Whether ``captured`` only fills in for a page that states no capture date (a ZIP member's
    # name or time, like a raw file's) rather than overrides it (a crawler's fetch time).
    captured_is_fallback: bool = False


@dataclass
class Unwrapped:
    """A container's pages, or why it gives none. ``kind`` names it for the user."""

    kind: str
    documents: list[Document]
    problem: str | None = None  # a status word for the file: "binary" (cannot be opened) or "html"
    error: str | None = None  # a sentence for the user
    note: str | None = None  # what else it held and was not read as a page


def unwrap(data: bytes, max_bytes: int) -> Unwrapped | None:
    """The documents inside ``data`` when it is a container, else None (the bytes are the page).

    ``max_bytes`` bounds what decompression may produce (a small file can expand to gigabytes)."""
    return _unwrap(data, max_bytes, MAX_DEPTH)


def _unwrap(data: bytes, max_bytes: int, depth: int) -> Unwrapped | None:
    opener = _opener(data)
    if opener is None or depth == 0:
        return None
    kind, open_container = opener
    try:
        found = open_container(data, max_bytes)
    except _Refused as exc:
        return Unwrapped(kind, [], "binary", f"file is {kind} that {exc}")
    except Exception as exc:  # a library's own error on a malformed file (warcio, zipfile, plistlib, ...)
        reason = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
        return Unwrapped(kind, [], "binary", f"file is {kind} that cannot be read ({reason})")
    if found.problem:
        return found
    documents: list[Document] = []
    kinds = [found.kind or kind]  # what the container turned out to be (a ZIP that is a workbook)
    notes = [found.note] if found.note else []
    for document in found.documents:
        inner = _unwrap(document.data, max_bytes, depth - 1)
        if inner is None:
            documents.append(document)
            continue
        if inner.problem:
            return Unwrapped(f"{kind} holding {inner.kind}", [], inner.problem, inner.error)
        kinds.append(inner.kind)
        notes += [inner.note] if inner.note else []
        documents.extend(_with_outer_facts(d, document) for d in inner.documents)
    return Unwrapped(" holding ".join(dict.fromkeys(kinds)), documents, note="; ".join(notes) or None)


def _with_outer_facts(inner: Document, outer: Document) -> Document:
    """An inner document keeps its own URL and date; the outer container's fill what it lacks."""
    if inner.captured is None:
        inner.captured, inner.capture_key = outer.captured, outer.capture_key
    inner.url = inner.url or outer.url
    return inner


def _not_read(counts: Counter[str]) -> str | None:
    """What a container held and was not read as a page, counted by kind (``not read: 2 request
    record(s), 1 robots.txt``); None when everything was."""
    return "not read: " + ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items())) if counts else None


class _Refused(ValueError):
    """The container cannot be opened: the message says why, after "file is <kind> that"."""


def _opener(data: bytes) -> tuple[str, Callable[[bytes, int], Unwrapped]] | None:
    head = data[:16]
    if head.startswith(b"\x1f\x8b"):
        return "gzip-compressed data", _decompressor(lambda: zlib.decompressobj(16 + zlib.MAX_WBITS))
    if head.startswith(b"BZh") and head[3:4].isdigit():
        return "bzip2-compressed data", _decompressor(bz2.BZ2Decompressor)
    if head.startswith(b"\xfd7zXZ\x00"):
        return "xz-compressed data", _decompressor(lzma.LZMADecompressor)
    if b"<en-export" in data[:4096]:
        return "an Evernote export", _enex_documents
    if head.startswith(b"PK\x03\x04"):
        return "a ZIP archive", _zip_documents
    if data[257:262] == b"ustar":  # POSIX and GNU tar
        return "a tar archive", _tar_documents
    if head.startswith(b"WARC/1."):
        return "a WARC web archive", _warc_documents
    if head.startswith(PARQUET_MAGIC) and data[-4:] == PARQUET_MAGIC:
        return "a Parquet file", _one_table(parquet_records)
    if head.startswith(ARROW_MAGIC):
        return "an Arrow (Feather) file", _one_table(arrow_records)
    if head.startswith(SQLITE_MAGIC):
        return "an SQLite database", _sqlite_documents
    if _HTTP_STATUS.match(data[:200]):
        return "an HTTP response", _http_document
    if head.startswith(b"bplist00") and b"WebMainResource" in data:
        return "a Safari web archive", _webarchive_document
    if (match := _MIME_START.match(data[:8192])) and _MULTIPART_RELATED.search(match.group(0)):
        return "an MHTML web page archive", _mhtml_document
    if match and _MAIL_HEADERS.search(match.group(0)) and _MAIL_BODY_TYPE.search(match.group(0)):
        return "an email", _mail_document
    if is_notebook(data):
        return "a Jupyter notebook", _notebook_documents
    if head.startswith(RTF_MAGIC):
        return "an RTF document", _rtf_document
    if _SINGLEFILE_ARCHIVE.search(data[:1024]) and b"PK\x05\x06" in data[-70_000:]:
        return "a SingleFile self-extracting page", _zip_documents
    if (pages := enveloped_pages(data)) is not None:
        kind = "JSON holding saved pages" if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[") else None
        return kind or "a table of saved pages (CSV)", _enveloped_documents(pages)
    return None


# --- compressed files -------------------------------------------------------------------------------


def _decompressor(make: Callable[[], object]) -> Callable[[bytes, int], Unwrapped]:
    def decompress(data: bytes, max_bytes: int) -> Unwrapped:
        out, cut = _bounded_decompress(make, data, max_bytes)
        note = "the compressed stream is cut short: read as far as it goes" if cut else None
        return Unwrapped("", [Document(out)], note=note)

    return decompress


def _bounded_decompress(make: Callable[[], object], data: bytes, max_bytes: int) -> tuple[bytes, bool]:
    """Every member of a (possibly multi-member, like ``.warc.gz``) stream, at most ``max_bytes``,
    and whether the stream was cut short (a download that stopped: what came is kept, as for a
    page cut short)."""
    out = bytearray()
    rest = data
    while rest:
        engine = make()
        try:
            out += engine.decompress(rest, max_bytes + 1 - len(out))  # type: ignore[attr-defined]
        except (OSError, EOFError, ValueError, zlib.error, lzma.LZMAError) as exc:
            raise _Refused(f"does not decompress ({exc})") from exc
        if len(out) > max_bytes:
            raise _Refused(
                f"decompresses to more than the {max_bytes:,}-byte page limit "
                "(raise PAPERLAKE_MAX_PAGE_BYTES to read it)"
            )
        if not engine.eof:  # type: ignore[attr-defined]
            if not out:
                raise _Refused("is cut short before any of its content")
            return bytes(out), True
        rest = engine.unused_data.lstrip(b"\x00")  # type: ignore[attr-defined]  # padding between members
    return bytes(out), False


# --- HTTP responses ----------------------------------------------------------------------------------


def _http_document(data: bytes, max_bytes: int) -> Unwrapped:
    """The body of a response saved with its status line and headers (``curl -i``, a raw dump)."""
    status = int(_HTTP_STATUS.match(data[:200])[1])  # type: ignore[index]
    end = _header_end(data)
    if end is None:
        raise _Refused("has no end to its headers (no blank line after them)")
    headers = _header_fields(data[:end])
    if not 200 <= status < 300:
        reason = data.split(b"\n", 1)[0].decode("latin-1").strip()
        return Unwrapped(
            "an HTTP response",
            [],
            "html",
            f"the saved response is `{reason}`, not a listing page (what the server sent instead)",
        )
    body = _decoded_body(data[end:], headers, max_bytes)
    return Unwrapped("", [Document(body, None, *_header_date(headers.get("date"), "http_date"))])


def _header_end(data: bytes) -> int | None:
    match = re.search(rb"\r?\n\r?\n", data)
    return match.end() if match else None


def _header_fields(block: bytes) -> dict[str, str]:
    """Header names (lower case) -> values of an HTTP header block (continuation lines joined)."""
    fields: dict[str, str] = {}
    name = None
    for raw in block.decode("latin-1").splitlines()[1:]:
        if raw[:1] in (" ", "\t") and name:
            fields[name] += " " + raw.strip()
        elif ":" in raw:
            name, _, value = raw.partition(":")
            name = name.strip().lower()
            fields[name] = value.strip()
    return fields


def _decoded_body(body: bytes, headers: dict[str, str], max_bytes: int) -> bytes:
    """A body as the server meant it: chunks joined, a gzip/deflate content encoding undone. A tool
    that decoded the body already (``curl --compressed``) keeps the header: the bytes tell."""
    if "chunked" in headers.get("transfer-encoding", "").lower():
        body = _dechunked(body)
    encoding = headers.get("content-encoding", "").lower()
    if "gzip" in encoding and body.startswith(b"\x1f\x8b"):
        body = _bounded_decompress(lambda: zlib.decompressobj(16 + zlib.MAX_WBITS), body, max_bytes)[0]
    elif "deflate" in encoding and body[:1] == b"\x78":
        body = _bounded_decompress(zlib.decompressobj, body, max_bytes)[0]
    elif encoding.split(",")[0].strip() == "br" and body.lstrip()[:1] not in (b"<", b"{", b"["):
        raise _Refused("has a brotli-compressed body, which paperlake does not decompress")
    return body


def _dechunked(body: bytes) -> bytes:
    out = bytearray()
    stream = io.BytesIO(body)
    while True:
        size_line = stream.readline()
        if not size_line:
            return bytes(out)  # cut short: keep what arrived
        try:
            size = int(size_line.split(b";")[0].strip() or b"0", 16)
        except ValueError:
            return body if not out else bytes(out)  # not chunked after all
        if size == 0:
            return bytes(out)
        out += stream.read(size)
        stream.readline()


def _header_date(value: str | None, key: str) -> tuple[date | None, str | None]:
    """The UTC day of an HTTP/MIME date (``Tue, 06 Jan 2026 10:12:33 GMT``) or an ISO one."""
    if not value:
        return None, None
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        day = iso_utc_day(value)
        return (day, key) if day else (None, None)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.date(), key


# --- WARC archives ----------------------------------------------------------------------------------


def _warc_documents(data: bytes, max_bytes: int) -> Unwrapped:
    """Every successful HTML, text or JSON response (or resource, or a WET file's text conversion)
    of a WARC file, in file order.
    Requests, metadata, redirects, error responses, images, styles, scripts and the crawler's own
    ``robots.txt`` are no pages: they are counted by kind, not read."""
    from warcio.archiveiterator import ArchiveIterator

    documents: list[Document] = []
    others: Counter[str] = Counter()
    try:
        for record in ArchiveIterator(io.BytesIO(data)):
            if reason := _not_a_page(record):
                others[reason] += 1
                continue
            body = record.content_stream().read(max_bytes + 1)
            if len(body) > max_bytes:
                raise _Refused(f"holds a response of more than the {max_bytes:,}-byte page limit")
            captured = _header_date(record.rec_headers.get_header("WARC-Date"), "warc_date")
            documents.append(Document(body, record.rec_headers.get_header("WARC-Target-URI"), *captured))
    except _Refused:
        raise
    except Exception as exc:  # cut short or malformed (warcio raises what it meets): what came
        if not documents:
            raise _Refused(f"cannot be read ({' '.join(str(exc).split())[:200]})") from exc
        others["cut short or malformed record(s), and all after"] += 1
    kind = "a WARC web archive"
    note = _not_read(others)
    if not documents:
        return Unwrapped(
            kind, [], "no_records", f"{kind} with no HTML, text or JSON page ({note or 'empty'})"
        )
    return Unwrapped("", documents, note=note)


def _not_a_page(record: ArcWarcRecord) -> str | None:
    """Why a WARC record holds no page (its kind, its content type, an error status), or None for
    a response or resource with a page's content type and a 2xx status, or a conversion (Common
    Crawl's WET files: each page's text, extracted from its response, under the page's URL and
    capture date). The ``robots.txt`` every crawler fetches first is text but no page."""
    if record.rec_type not in ("response", "resource", "conversion"):
        return f"{record.rec_type} record(s)"
    uri = (record.rec_headers.get_header("WARC-Target-URI") or "").split("?", 1)[0]
    if uri.endswith("/robots.txt"):
        return "robots.txt"
    http = record.http_headers if record.rec_type == "response" else None
    status = int(http.get_statuscode() or 0) if http is not None else 200
    if not 200 <= status < 300:
        return f"HTTP {status} response(s)"
    content_type = (http.get_header("Content-Type") if http is not None else None) or (
        record.rec_headers.get_header("Content-Type") or ""
    )
    kind = content_type.split(";")[0].strip().lower()
    return None if _is_page_type(kind) else f"{kind} response(s)"


def _is_page_type(kind: str) -> bool:
    return not kind or any(t in kind for t in _PAGE_TYPES)


# --- Evernote exports ------------------------------------------------------------------------------

# The note's content: an XML declaration and doctype around ``<en-note>`` (ENML, an XHTML subset).
_ENML_WRAPPER = re.compile(
    r"\A\s*(?:<\?xml[^>]*\?>)?\s*(?:<!DOCTYPE[^>]*>)?\s*<en-note[^>]*>(.*)</en-note>\s*\Z", re.S
)


def _enex_documents(data: bytes, max_bytes: int) -> Unwrapped:
    """Every note of an Evernote export (``.enex``: the web clipper's notes), its ENML content as
    an HTML page, the clipped page's URL (``source-url``) and the note's creation time (when it
    was clipped; ``enex_created``). Attached resources (images) are not pages."""
    import xml.etree.ElementTree as ET

    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise _Refused(f"is not well-formed XML ({exc})") from exc
    documents = []
    for note in root.iter("note"):
        content = note.findtext("content") or ""
        match = _ENML_WRAPPER.match(content)
        inner = match[1] if match else content
        title = html.escape(note.findtext("title") or "")
        page = f"<!DOCTYPE html>\n<html><head><title>{title}</title></head><body>{inner}</body></html>"
        url = note.findtext("note-attributes/source-url")
        created = _enex_day(note.findtext("created"))
        documents.append(Document(page.encode("utf-8"), url, created, "enex_created" if created else None))
    if not documents:
        return Unwrapped("an Evernote export", [], "no_records", "an Evernote export with no note")
    return Unwrapped("", documents)


def _enex_day(value: str | None) -> date | None:
    """``20261205T101500Z`` (ENEX's timestamps) as its UTC day."""
    try:
        return datetime.strptime((value or "").strip(), "%Y%m%dT%H%M%SZ").date()
    except ValueError:
        return None


# --- ZIP archives ----------------------------------------------------------------------------------

# Members that are a saved page's assets, not pages ("Webpage, complete" folders, MAFF archives).
_ASSET_SUFFIXES = (
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".ico", ".avif", ".bmp",
    ".css", ".js", ".mjs", ".map", ".woff", ".woff2", ".ttf", ".otf", ".eot",
    ".pdf", ".rdf", ".wasm", ".mp4", ".webm", ".mp3",
)  # fmt: skip
_SYSTEM_FILES = ("__MACOSX/", ".DS_Store", "Thumbs.db", "desktop.ini")
# Scrapy's HTTP cache (filesystem storage): beside each response's ``response_body``
_CACHE_METADATA = frozenset({"request_headers", "response_headers", "request_body", "meta", "pickled_meta"})
_ENCRYPTED = 0x1  # a ZIP member's general-purpose flag bit 0


def _zip_documents(data: bytes, max_bytes: int) -> Unwrapped:
    """Every page of a ZIP archive (a folder of pages zipped, a MAFF archive, a "Webpage,
    complete" folder), in archive order. Each member is dated like a raw file when the page states
    no date: a date in its name, else a dated folder in its path, else its time in the archive; a
    member saved under its URL's path (a zipped mirror) takes that address. Images, styles,
    scripts and the archiver's own files are counted, not read. An Excel workbook or an
    OpenDocument spreadsheet (ZIPs too) is read sheet by sheet; other office documents are refused."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _Refused(f"cannot be read ({exc})") from exc
    if is_workbook(archive):
        return _workbook_documents(data, members, max_bytes)
    if is_spreadsheet(archive):
        return _workbook_documents(
            data, members, max_bytes, "an OpenDocument spreadsheet", spreadsheet_tables
        )
    if _is_office_document(archive):
        raise _Refused("is an office document (Word, PowerPoint, OpenDocument text), not saved pages")
    if any(member.flag_bits & _ENCRYPTED for member in members):
        raise _Refused("is password-protected: unzip it with its password into the raw folder")
    documents: list[Document] = []
    skipped: Counter[str] = Counter()
    total = 0
    for member in members:
        if member.is_dir() or _skipped(member.filename, skipped):
            continue
        total += member.file_size
        _check_size(member.file_size, total, max_bytes)
        try:
            body = archive.read(member)
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, zlib.error) as exc:
            raise _Refused(f"has a member that cannot be read: {member.filename} ({exc})") from exc
        documents.append(_member_document(member.filename, body, date(*member.date_time[:3])))
    return _archive_pages("a ZIP archive", documents, skipped)


def _tar_documents(data: bytes, max_bytes: int) -> Unwrapped:
    """Every page of a tar archive (``tar czf pages.tar.gz pages/``; the gzip layer is taken off
    first), read and dated like a ZIP archive's members. Links and special files are not pages."""
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:") as archive:
            return _tar_members(archive, max_bytes)
    except _Refused:
        raise
    except (tarfile.TarError, OSError, ValueError, EOFError) as exc:
        raise _Refused(f"cannot be read ({exc})") from exc


def _tar_members(archive: tarfile.TarFile, max_bytes: int) -> Unwrapped:
    documents: list[Document] = []
    skipped: Counter[str] = Counter()
    total = 0
    for member in archive:
        if member.isdir():
            continue
        if not member.isfile():
            skipped["link(s) or special file(s)"] += 1
            continue
        if _skipped(member.name, skipped):
            continue
        total += member.size
        _check_size(member.size, total, max_bytes)
        extracted = archive.extractfile(member)
        body = extracted.read() if extracted is not None else b""
        documents.append(
            _member_document(member.name, body, datetime.fromtimestamp(member.mtime, UTC).date())
        )
    return _archive_pages("a tar archive", documents, skipped)


def _skipped(name: str, skipped: Counter[str]) -> bool:
    """Whether an archive's member is no page (the archiver's own files, images, styles, scripts):
    counted by kind in ``skipped``."""
    base = name.rsplit("/", 1)[-1]
    if any(part in name for part in _SYSTEM_FILES) or base.startswith("._"):
        skipped["archiver file(s)"] += 1
        return True
    if base in _CACHE_METADATA:  # Scrapy's HTTP cache: a request's headers and meta beside its body
        skipped["crawler cache metadata file(s)"] += 1
        return True
    if name == "manifest.json":  # SingleFile's list of the archive's files, a web app's manifest
        skipped["manifest file(s)"] += 1
        return True
    if base.lower().endswith(_ASSET_SUFFIXES):
        skipped["image, style or script file(s)"] += 1
        return True
    return False


def _check_size(size: int, total: int, max_bytes: int) -> None:
    if size > max_bytes or total > max_bytes:
        limit = f"{max_bytes:,}-byte page limit"
        raise _Refused(f"holds more than the {limit} (raise PAPERLAKE_MAX_PAGE_BYTES to read it)")


def _member_document(name: str, body: bytes, modified: date) -> Document:
    """An archive's member, dated and placed like a raw file: its name's date, a dated folder's, its
    time in the archive; a member saved under its URL's path (a zipped mirror) takes that address."""
    base = name.rsplit("/", 1)[-1]
    if (named := date_from_name(base)) is not None:
        captured, key = named, "file_name"
    elif (named := folder_date(name)) is not None:
        captured, key = named, "folder_name"
    else:
        captured, key = modified, "mtime"
    return Document(body, mirrored_url(name), captured, key, name=name, captured_is_fallback=True)


def _archive_pages(
    kind: str, documents: list[Document], skipped: Counter[str], nothing: str = "page"
) -> Unwrapped:
    """The pages a container held, what it held besides counted in the note; ``no_records`` saying
    so when it held ``nothing`` to read."""
    note = _not_read(skipped)
    if not documents:
        return Unwrapped(kind, [], "no_records", f"{kind} with no {nothing} ({note or 'empty'})")
    return Unwrapped("", documents, note=note)


def _workbook_documents(
    data: bytes,
    members: list[zipfile.ZipInfo],
    max_bytes: int,
    kind: str = "an Excel workbook",
    tables_of: Callable[[bytes], list[tuple[str, str]]] = sheet_tables,
) -> Unwrapped:
    """Each sheet of an Excel workbook (``pipeline.workbook``) or an OpenDocument spreadsheet
    (``pipeline.opendocument_sheet``) as a table, named by its sheet; one whose parts expand past
    the page limit is refused before it is opened."""
    if sum(member.file_size for member in members) > max_bytes:
        limit = f"{max_bytes:,}-byte page limit"
        raise _Refused(f"is {kind} larger than the {limit} (raise PAPERLAKE_MAX_PAGE_BYTES)")
    try:
        tables = tables_of(data)
    except ValueError as exc:
        raise _Refused(f"is {kind} that cannot be read ({exc})") from exc
    if not tables:
        return Unwrapped(kind, [], "no_records", f"{kind} with no cell in any sheet")
    documents = [Document(text.encode("utf-8"), name=name) for name, text in tables]
    return Unwrapped(kind, documents, note=f"{len(tables)} sheet(s), each read as a table")


# --- data files: Parquet, Feather, SQLite --------------------------------------------------------------


def _one_table(read: Callable[[bytes, int], str]) -> Callable[[bytes, int], Unwrapped]:
    """A data file of one table (Parquet, Feather): its rows, as ``read`` writes them in JSON Lines
    (``pipeline.data_files``), as one page."""

    def documents(data: bytes, max_bytes: int) -> Unwrapped:
        try:
            return Unwrapped("", [Document(read(data, max_bytes).encode("utf-8"))])
        except ValueError as exc:
            raise _Refused(f"cannot be read ({exc})") from exc

    return documents


def _sqlite_documents(data: bytes, max_bytes: int) -> Unwrapped:
    """Each table of an SQLite database as a page of JSON Lines, named by its table."""
    try:
        tables = sqlite_tables(data)
    except ValueError as exc:
        raise _Refused(f"cannot be read ({exc})") from exc
    documents = [Document(text.encode("utf-8"), name=name) for name, text in tables]
    if sum(len(document.data) for document in documents) > max_bytes:
        raise _Refused(f"holds more than the {max_bytes:,}-byte page limit of rows")
    if not documents:
        return Unwrapped(
            "an SQLite database", [], "no_records", "an SQLite database with no row in any table"
        )
    return Unwrapped("", documents, note=f"{len(documents)} table(s), each read as records")


def _is_office_document(archive: zipfile.ZipFile) -> bool:
    """Word / Excel / PowerPoint (``[Content_Types].xml``) or OpenDocument (its ``mimetype``)."""
    names = set(archive.namelist())
    if "[Content_Types].xml" in names:
        return True
    try:
        return "mimetype" in names and b"opendocument" in archive.read("mimetype")[:100]
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, zlib.error):
        return False  # a broken member: the reading below says so


# --- a scraping service's JSON response --------------------------------------------------------------


def _enveloped_documents(pages: list[EnvelopedPage]) -> Callable[[bytes, int], Unwrapped]:
    """The pages ``pipeline.json_envelope`` found, as documents (the JSON is read once)."""

    def documents(data: bytes, max_bytes: int) -> Unwrapped:
        found = [Document(p.text.encode("utf-8"), p.url, p.captured, p.capture_key) for p in pages]
        if any(len(document.data) > max_bytes for document in found):
            raise _Refused(f"holds a page of more than the {max_bytes:,}-byte page limit")
        return Unwrapped("", found)

    return documents


# --- browsers' single-file archives -----------------------------------------------------------------


def _rtf_document(data: bytes, max_bytes: int) -> Unwrapped:
    """The text of an RTF document, its links as Markdown (``pipeline/rtf_document.py``)."""
    return Unwrapped("", [Document(rtf_text(data).encode("utf-8"))])


def _notebook_documents(data: bytes, max_bytes: int) -> Unwrapped:
    """Each output of a Jupyter notebook's code cells, a page of its own (``pipeline/notebook.py``)."""
    found = notebook_outputs(data)
    if found is None:
        raise _Refused("is not a notebook after all: its JSON has no list of cells")
    documents = [Document(page.encode("utf-8")) for page in found.pages]
    return _archive_pages("a Jupyter notebook", documents, found.skipped, nothing="cell output")


def _mhtml_document(data: bytes, max_bytes: int) -> Unwrapped:
    """The page of an MHTML file: its first HTML part (the frame the browser saved), decoded."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    for part in message.walk():
        if part.get_content_type() not in ("text/html", "application/xhtml+xml"):
            continue
        payload = part.get_payload(decode=True) or b""
        payload = _as_utf8(payload, part.get_content_charset())
        url = message.get("Snapshot-Content-Location") or part.get("Content-Location")
        return Unwrapped("", [Document(payload, url, *_header_date(message.get("Date"), "mhtml_date"))])
    return Unwrapped(
        "an MHTML web page archive", [], "no_records", "an MHTML web page archive with no HTML part"
    )


def _mail_document(data: bytes, max_bytes: int) -> Unwrapped:
    """The body of an email: its HTML part, else its text part (a digest mails both or either)."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    body = message.get_body(preferencelist=("html", "plain"))
    if body is None:
        return Unwrapped("an email", [], "no_records", "an email with no text or HTML body")
    payload = _as_utf8(body.get_payload(decode=True) or b"", body.get_content_charset())
    return Unwrapped("", [Document(payload, None, *_header_date(message.get("Date"), "mail_date"))])


def _webarchive_document(data: bytes, max_bytes: int) -> Unwrapped:
    """The main resource of a Safari ``.webarchive`` (a binary property list)."""
    try:
        archive = plistlib.loads(data)
        main = archive["WebMainResource"]
        payload, url = main["WebResourceData"], main.get("WebResourceURL")
    except (plistlib.InvalidFileException, KeyError, TypeError, ValueError) as exc:
        raise _Refused(f"cannot be read ({exc})") from exc
    if not isinstance(payload, bytes):
        raise _Refused("holds no page: its main resource has no data")
    payload = _as_utf8(bytes(payload), main.get("WebResourceTextEncodingName"))
    return Unwrapped("", [Document(payload, url if isinstance(url, str) else None)])


def _as_utf8(payload: bytes, charset: str | None) -> bytes:
    """A part in the charset its archive names, as UTF-8; left as it is when that charset is
    unknown or wrong (the page decoder then says what it did)."""
    if not charset or charset.lower().replace("-", "") in ("utf8", "usascii"):
        return payload
    try:
        return payload.decode(charset).encode("utf-8")
    except (LookupError, UnicodeDecodeError):
        return payload
