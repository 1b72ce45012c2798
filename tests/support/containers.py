"""Container files as real saving tools write them, around pages rendered from real rows.

Chrome's "Save as... Webpage, Single File" (MHTML, as Blink writes it), Safari's "Web Archive" (a
binary property list), a response saved with its headers (``curl -i``), Evernote's export of web
clips (``.enex``), and a WARC archive written
by ``warcio`` (the library behind Webrecorder and pywb) with the request, response, robots.txt and
image records a crawl leaves. ``pipeline/containers.py`` reads them; ``read_cards`` says what the
ingest reads back from any saved file's bytes.
"""

from __future__ import annotations

import gzip
import io
import plistlib
import quopri
import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime

from pipeline.content_parse import summarise_bytes
from pipeline.content_store import PageSummary


def daily_url(day: date) -> str:
    """The address of a day's listing, as a saving tool fetched it."""
    return f"https://huggingface.co/papers/date/{day.isoformat()}"


def fetched_late(day: date) -> datetime:
    """When a tool fetched a day's listing: late on the day it lists (UTC)."""
    return datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=23)


def read_cards(data: bytes) -> tuple[PageSummary, list[tuple]]:
    """What the ingest reads from a saved file's bytes: its summary, and (id, title, abstract,
    upvotes, authors) of each sighting."""
    summary, sightings, _ = summarise_bytes(data, "0" * 64)
    rows = [] if sightings is None else sightings.to_pylist()
    return summary, [(r["arxiv_id"], r["title"], r["abstract"], r["upvotes"], r["n_authors"]) for r in rows]


BLINK_BOUNDARY = "----MultipartBoundary--kQv8g0Kb6Bz0QxOyT8mNq3rWnhpT0Ss1ZBv6cyV8XK----"


def chrome_mhtml(
    html: str, url: str, saved: datetime, *, title: str = "Daily Papers - Hugging Face"
) -> bytes:
    """The page as Chrome saves it: MIME headers, the HTML quoted-printable, its stylesheet after."""
    body = quopri.encodestring(html.encode("utf-8")).decode("ascii").replace("\n", "\r\n")
    b = BLINK_BOUNDARY
    return (
        "From: <Saved by Blink>\r\n"
        f"Snapshot-Content-Location: {url}\r\n"
        f"Subject: {title}\r\n"
        f"Date: {format_datetime(saved)}\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: multipart/related;\r\n"
        '\ttype="text/html";\r\n'
        f'\tboundary="{b}"\r\n\r\n\r\n'
        f"--{b}\r\n"
        "Content-Type: text/html\r\n"
        "Content-ID: <frame-5D1B0A6E8A4E2B8F3C0D9E7F1A2B3C4D@mhtml.blink>\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n"
        f"Content-Location: {url}\r\n\r\n"
        f"{body}\r\n\r\n"
        f"--{b}\r\n"
        "Content-Type: text/css\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n"
        "Content-Location: cid:css-0b1e4a7d-1f5c-4c8e-9d6a-2b7f3e8c9a10@mhtml.blink\r\n\r\n"
        "@charset =22utf-8=22;\r\n\r\n.x { color: red; }\r\n"
        f"--{b}--\r\n"
    ).encode("ascii")


def safari_webarchive(html: str, url: str) -> bytes:
    """The page as Safari's "Web Archive" keeps it: the main resource and its subresources."""
    archive = {
        "WebMainResource": {
            "WebResourceData": html.encode("utf-8"),
            "WebResourceFrameName": "",
            "WebResourceMIMEType": "text/html",
            "WebResourceTextEncodingName": "UTF-8",
            "WebResourceURL": url,
        },
        "WebSubresources": [
            {
                "WebResourceData": b"\x89PNG\r\n\x1a\n" + bytes(64),
                "WebResourceMIMEType": "image/png",
                "WebResourceURL": "https://huggingface.co/front/assets/huggingface_logo.png",
            }
        ],
    }
    return plistlib.dumps(archive, fmt=plistlib.FMT_BINARY)


def http_response(
    body: bytes,
    fetched: datetime,
    *,
    status: str = "200 OK",
    content_type: str = "text/html; charset=utf-8",
    chunked: bool = False,
    gzipped: bool = False,
) -> bytes:
    """A response as ``curl -i`` saves it: status line, headers, blank line, body (gzipped and in
    chunks when the transfer says so, as ``curl -i --raw`` keeps it)."""
    headers = [
        f"HTTP/1.1 {status}",
        f"Content-Type: {content_type}",
        f"Date: {format_datetime(fetched, usegmt=True)}",
    ]
    if gzipped:
        body = gzip.compress(body, mtime=0)
        headers.append("Content-Encoding: gzip")
    if chunked:
        headers.append("Transfer-Encoding: chunked")
        body = b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in _parts(body, 4096)) + b"0\r\n\r\n"
    else:
        headers.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(headers) + "\r\n\r\n").encode("latin-1") + body


def _parts(data: bytes, size: int) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)]


def wet_archive(pages: Sequence[tuple[str, str, datetime]]) -> bytes:
    """Common Crawl's WET file of ``pages`` (url, text, fetched): a warcinfo record, then per page a
    ``conversion`` record holding the page's extracted text (``text/plain``, the capture's
    ``WARC-Date``, the language identified), gzip members as Common Crawl publishes them."""
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    info = {
        "software": "Apache Nutch 1.19 (modified, https://commoncrawl.org/)",
        "format": "WARC File Format 1.1",
    }
    writer.write_record(writer.create_warcinfo_record("CC-MAIN-20251205-00000.warc.wet.gz", info))
    for url, text, fetched in pages:
        headers = {
            "WARC-Date": fetched.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "WARC-Identified-Content-Language": "eng",
            "Content-Type": "text/plain",
        }
        record = writer.create_warc_record(
            url, "conversion", payload=io.BytesIO(text.encode()), warc_headers_dict=headers
        )
        writer.write_record(record)
    return out.getvalue()


def warc_archive(pages: Sequence[tuple[str, str, datetime]], *, gzipped: bool = True) -> bytes:
    """A crawl of ``pages`` (url, html, fetched) as ``warcio`` writes it: a warcinfo record, then per
    page its request and response (the body gzip-encoded, as the server sent it), and the
    robots.txt and a logo image a crawler also fetches."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzipped)
    writer.write_record(writer.create_warcinfo_record("crawl.warc.gz", {"software": "warcio"}))
    first = pages[0][2]

    def response(url: str, body: bytes, content_type: str, when: datetime, *, encoded: bool) -> None:
        fields = [("Content-Type", content_type)]
        if encoded:
            body = gzip.compress(body, mtime=0)
            fields.append(("Content-Encoding", "gzip"))
        fields.append(("Content-Length", str(len(body))))
        http = StatusAndHeaders("200 OK", fields, protocol="HTTP/1.1")
        stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
        request = StatusAndHeaders(
            f"GET {url.split('huggingface.co', 1)[1] or '/'} HTTP/1.1",
            [("Host", "huggingface.co")],
            is_http_request=True,
        )
        writer.write_record(
            writer.create_warc_record(
                url, "request", http_headers=request, warc_headers_dict={"WARC-Date": stamp}
            )
        )
        writer.write_record(
            writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body),
                http_headers=http,
                warc_headers_dict={"WARC-Date": stamp},
            )
        )

    response(
        "https://huggingface.co/robots.txt",
        b"User-agent: *\nDisallow: /api/\n",
        "text/plain",
        first,
        encoded=False,
    )
    for url, html, fetched in pages:
        response(url, html.encode("utf-8"), "text/html; charset=utf-8", fetched, encoded=True)
    response(
        "https://huggingface.co/front/assets/huggingface_logo.svg",
        b"<svg></svg>",
        "image/svg+xml",
        first,
        encoded=False,
    )
    return out.getvalue()


def evernote_export(pages: Sequence[tuple[str, str, datetime]]) -> bytes:
    """Web clips of ``pages`` (url, html, clipped) exported from Evernote (``.enex``, DTD
    evernote-export4): one ``<note>`` per page, its body as ENML (scripts gone, ``class`` / ``id``
    and ``data-`` attributes stripped, as the clipper keeps no styling) inside CDATA, the page's URL
    in ``source-url``, the clip's time in ``created``."""
    notes = []
    for url, html, clipped in pages:
        body = re.search(r"<body[^>]*>(.*)</body>", html, re.S)[1]  # type: ignore[index]
        body = re.sub(r"<script.*?</script>", "", body, flags=re.S)
        body = re.sub(r'\s(?:class|id|data-[\w-]+)="[^"]*"', "", body)
        stamp = clipped.strftime("%Y%m%dT%H%M%SZ")
        notes.append(
            "  <note>\n    <title>Daily Papers - Hugging Face</title>\n"
            f"    <created>{stamp}</created>\n    <updated>{stamp}</updated>\n"
            "    <note-attributes>\n      <source>web.clip7</source>\n"
            f"      <source-url>{url}</source-url>\n    </note-attributes>\n"
            "    <content>\n      <![CDATA["
            '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
            '<!DOCTYPE en-note SYSTEM "http://xml.evernote.com/pub/enml2.dtd">\n'
            f"<en-note><div>{body}</div></en-note>]]>\n    </content>\n  </note>\n"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE en-export SYSTEM "http://xml.evernote.com/pub/evernote-export4.dtd">\n'
        '<en-export export-date="20261205T101500Z" application="Evernote" version="10.105.4">\n'
        + "".join(notes)
        + "</en-export>\n"
    ).encode("utf-8")
