"""Pages inside the container files real saving tools write: compressed files, Chrome's MHTML,
Safari's web archive, a response saved with its headers, a WARC archive of a crawl, Evernote's
export of web clips, a ZIP archive of pages; and the page
facts a single-file saver writes into the HTML itself (SingleFile's header comment).

Each page is a real day of the listing rendered as the site's HTML (``tests/support/html_export``);
the container around it is written the way the tool writes it (``tests/support/containers``). The
cards read from the container must be the cards read from the bare HTML, with the URL and fetch
date the container knows.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import plistlib
import tarfile
import zipfile
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from conftest import build_all
from pipeline.containers import unwrap
from pipeline.content_parse import summarise_bytes
from pipeline.ingest import refresh_source_files
from pipeline.warehouse import open_read_only
from tests.support import real_rows
from tests.support.containers import (
    chrome_mhtml,
    daily_url,
    evernote_export,
    fetched_late,
    http_response,
    read_cards,
    safari_webarchive,
    warc_archive,
    wet_archive,
)
from tests.support.exporters import PageSpec, render_firecrawl, render_minimal_md
from tests.support.html_export import CONVERTERS, render_hf_html
from tests.support.real_rows import display

pytestmark = pytest.mark.skipif(not real_rows.available(), reason=real_rows.MISSING_MESSAGE)

DAYS = real_rows.sample_days(25)[:3]
LIMIT = 256 * 1024 * 1024
FIXTURES = Path(__file__).parent / "fixtures"


def _page(day: date) -> tuple[str, str, datetime]:
    """(url, html, fetched) of one real day, fetched late on the day it lists."""
    spec = PageSpec(listing_date=day, captured=day + timedelta(days=1))
    html, _ = render_hf_html(spec, real_rows.rows_by_day()[day])
    return daily_url(day), html, fetched_late(day)


URL, HTML, FETCHED = _page(DAYS[0])
BARE_SUMMARY, BARE_CARDS = read_cards(HTML.encode())


def test_the_bare_html_page_is_read_card_for_card() -> None:
    """The reference the containers are held to: every real card of the day."""
    assert BARE_SUMMARY.status == "ok"
    assert [card[0] for card in BARE_CARDS] == [row.arxiv_id for row in real_rows.rows_by_day()[DAYS[0]]]


@pytest.mark.parametrize(
    ("name", "data", "url", "captured", "key"),
    [
        ("mhtml", chrome_mhtml(HTML, URL, FETCHED), URL, FETCHED.date(), "mhtml_date"),
        ("webarchive", safari_webarchive(HTML, URL), URL, None, None),
        ("curl -i", http_response(HTML.encode(), FETCHED), None, FETCHED.date(), "http_date"),
        (
            "raw chunked gzip body",
            http_response(HTML.encode(), FETCHED, chunked=True, gzipped=True),
            None,
            FETCHED.date(),
            "http_date",
        ),
        ("gzip", gzip.compress(HTML.encode()), None, None, None),
        ("bzip2", bz2.compress(HTML.encode()), None, None, None),
        ("xz", lzma.compress(HTML.encode()), None, None, None),
        ("gzip of mhtml", gzip.compress(chrome_mhtml(HTML, URL, FETCHED)), URL, FETCHED.date(), "mhtml_date"),
        ("warc.gz", warc_archive([(URL, HTML, FETCHED)]), URL, FETCHED.date(), "warc_date"),
        ("enex", evernote_export([(URL, HTML, FETCHED)]), URL, FETCHED.date(), "enex_created"),
        ("warc", warc_archive([(URL, HTML, FETCHED)], gzipped=False), URL, FETCHED.date(), "warc_date"),
    ],
    ids=lambda value: value if isinstance(value, str) and len(value) < 30 else "",
)
def test_a_page_inside_a_container_gives_the_same_cards_and_the_containers_facts(
    name: str, data: bytes, url: str | None, captured: date | None, key: str | None
) -> None:
    summary, cards = read_cards(data)
    assert summary.status == "ok", summary.error
    assert cards == BARE_CARDS
    assert summary.page_url == url
    assert summary.page_kind == ("daily" if url else None)
    assert summary.exported == (captured.isoformat() if captured else None)
    assert summary.capture_key == key
    assert (summary.page_month, summary.page_day) == (BARE_SUMMARY.page_month, BARE_SUMMARY.page_day)
    assert any(w.startswith("file is ") and "read from it" in w for w in summary.warnings), summary.warnings


def test_a_compressed_markdown_page_is_read_like_the_page() -> None:
    text = (real_rows.REAL_PAGES / "2026-10-02_firecrawl_source-citations.md").read_bytes()
    assert read_cards(gzip.compress(text))[1] == read_cards(text)[1] != []


def test_a_crawls_warc_keeps_each_page_on_its_own_day_and_reads_no_other_record() -> None:
    """Three daily pages, their requests, robots.txt and an image: three pages' cards, each on the
    day its page lists (the year from its fetch date), nothing invented from the other records."""
    pages = [_page(day) for day in DAYS]
    summary, sightings, rejects = summarise_bytes(warc_archive(pages), "0" * 64)
    assert summary.status == "ok" and rejects is None
    rows = real_rows.rows_by_day()
    assert sightings.column("arxiv_id").to_pylist() == [row.arxiv_id for day in DAYS for row in rows[day]]
    assert Counter(sightings.column("listed_date").to_pylist()) == {day: len(rows[day]) for day in DAYS}
    assert summary.page_month is None  # the file lists several days: each sighting says its own
    lines = sightings.column("line_number").to_pylist()
    assert lines == sorted(lines) and len(set(lines)) == len(lines)  # counted through the pages
    assert "3 pages read from it" in summary.warnings[0] and "robots.txt" in summary.warnings[0]


def test_a_common_crawl_wet_file_gives_each_pages_cards_on_its_day() -> None:
    """Common Crawl publishes each crawled page's text as a WET file's ``conversion`` record (no
    link left). Three real days' pages in one: every card of each, each on the day its URL names,
    dated by the crawl. Before, conversion records were counted as no page: the file had none."""
    pages = [(url, CONVERTERS["inner_text"](html), fetched) for url, html, fetched in map(_page, DAYS)]
    data = wet_archive(pages)
    summary, sightings, _ = summarise_bytes(data, "wet")
    assert (summary.status, summary.capture_key, summary.page_kind) == ("ok", "warc_date", "daily"), (
        summary.error
    )
    rows = real_rows.rows_by_day()
    assert Counter(sightings["listed_date"].to_pylist()) == {day: len(rows[day]) for day in DAYS}
    assert sorted(sightings["title"].to_pylist()) == sorted(
        display(r.title) for day in DAYS for r in rows[day]
    )


def test_container_files_through_the_pipeline_keep_every_sighting_and_its_day(settings, raw_dir) -> None:
    """A WARC of three days and an MHTML of a fourth in the raw folder: the warehouse has every
    card on its day, the files are ok and say which container dated them."""
    fourth = real_rows.sample_days(25)[5]
    (raw_dir / "crawl.warc.gz").write_bytes(warc_archive([_page(day) for day in DAYS]))
    url, html, fetched = _page(fourth)
    (raw_dir / "Daily Papers - Hugging Face.mhtml").write_bytes(chrome_mhtml(html, url, fetched))
    _, _, warehouse = build_all(settings)
    assert not warehouse.blocking_failures, warehouse.checks
    with open_read_only(settings) as con:
        per_day = dict(con.execute("SELECT listing_date, count(*) FROM sightings GROUP BY 1").fetchall())
        files = con.execute(
            "SELECT source_file, status, capture_source, listing_date FROM source_files ORDER BY 1"
        ).fetchall()
    rows = real_rows.rows_by_day()
    assert per_day == {day: len(rows[day]) for day in [*DAYS, fourth]}
    assert files == [
        ("Daily Papers - Hugging Face.mhtml", "ok", "mhtml_date", fourth),
        ("crawl.warc.gz", "ok", "warc_date", None),
    ]


@pytest.mark.parametrize(
    ("data", "status", "needle"),
    [
        (
            gzip.compress(HTML.encode())[:5],
            "binary",
            "gzip-compressed data that is cut short before any",
        ),
        (b"\x1f\x8b\x08\x00" + bytes(range(200)), "binary", "gzip-compressed data that does not decompress"),
        (
            http_response(
                b"<html><title>429</title>slow down</html>", FETCHED, status="429 Too Many Requests"
            ),
            "html",
            "`HTTP/1.1 429 Too Many Requests`",
        ),
        (
            warc_archive([(URL, HTML, FETCHED)])[:300],
            "no_records",
            "a WARC web archive with no HTML, text or JSON",
        ),
        (
            chrome_mhtml(HTML, URL, FETCHED).replace(
                b"Content-Type: text/html\r\n", b"Content-Type: text/css\r\n"
            ),
            "no_records",
            "MHTML web page archive with no HTML part",
        ),
    ],
    ids=["gzip cut short", "not gzip after all", "HTTP 429", "WARC cut short", "MHTML without HTML"],
)
def test_a_container_that_gives_no_page_says_what_it_is_and_why(
    data: bytes, status: str, needle: str
) -> None:
    summary, sightings, _ = summarise_bytes(data, "0" * 64)
    assert sightings is None
    assert summary.status == status
    assert needle in summary.error


def test_a_warc_with_no_page_among_its_records_says_so() -> None:
    archive = warc_archive([(URL, HTML, FETCHED)], gzipped=False).replace(b"text/html", b"image/png")
    summary, sightings, _ = summarise_bytes(archive, "0" * 64)
    assert sightings is None and summary.status == "no_records"
    assert "WARC web archive with no HTML, text or JSON page" in summary.error


def test_a_download_cut_short_keeps_the_cards_that_arrived_and_says_so() -> None:
    summary, cards = read_cards(gzip.compress(HTML.encode())[:-2000])
    assert summary.status == "ok" and 0 < len(cards) < len(BARE_CARDS)
    assert cards == BARE_CARDS[: len(cards) - 1] + cards[-1:]  # the last card may have lost its end
    assert "the compressed stream is cut short" in summary.warnings[0]


def test_decompression_stops_at_the_page_limit() -> None:
    """A small file that expands past the limit is refused, not expanded into memory."""
    bomb = gzip.compress(b"A" * 5_000_000)
    found = unwrap(bomb, max_bytes=1_000_000)
    assert found is not None and found.problem == "binary"
    assert "decompresses to more than the 1,000,000-byte page limit" in found.error
    assert len(bomb) < 10_000


def test_text_that_only_looks_like_headers_is_not_a_container() -> None:
    """A scraper's labelled fields (``Title: …``) or a page of prose is the page itself."""
    assert unwrap(b"Title: A paper\nURL: https://arxiv.org/abs/2401.00001\n\nAn abstract.\n", LIMIT) is None
    assert unwrap(b"HTTP/1.1 is a protocol. This paper studies it.\n", LIMIT) is None
    assert unwrap(HTML.encode(), LIMIT) is None


def test_a_gzipped_page_in_the_raw_folder_is_read(settings, raw_dir) -> None:
    """A crawler's ``page.html.gz`` (a file paperlake used to quarantine as binary) gives its cards."""
    (raw_dir / "page.html.gz").write_bytes(gzip.compress(HTML.encode()))
    report = refresh_source_files(settings, workers=1)
    assert report.by_status == {"ok": 1} and report.records == len(BARE_CARDS)


def test_a_singlefile_save_gives_its_url_and_saved_day() -> None:
    """SingleFile (and the archivers built on it) opens the HTML with a comment naming the URL and
    the saver's local date, as JavaScript writes it."""
    comment = (
        "<!--\n Page saved with SingleFile \n url: https://huggingface.co/papers?date=2025-12-04 \n"
        " saved date: Fri Dec 05 2025 01:12:33 GMT+0100 (Central European Standard Time)\n-->"
    )
    summary, cards = read_cards(HTML.replace("<html>", "<html>" + comment, 1).encode())
    assert cards == BARE_CARDS
    assert (summary.page_url, summary.page_kind) == ("https://huggingface.co/papers?date=2025-12-04", "daily")
    assert (summary.exported, summary.capture_key) == ("2025-12-05", "saved")


def test_a_save_page_we_save_gives_its_url_and_saved_day() -> None:
    """The Save Page WE extension writes meta tags at the end of the page's head, after the site's
    own (its URL with ``&amp;`` as HTML writes it)."""
    tags = (
        '<meta name="savepage-url" content="https://huggingface.co/papers?date=2025-12-04&amp;q=1">\n'
        '<meta name="savepage-title" content="Daily Papers - Hugging Face">\n'
        '<meta name="savepage-from" content="https://huggingface.co/papers?date=2025-12-04&amp;q=1">\n'
        '<meta name="savepage-date" content="Fri Dec 05 2025 01:12:33 GMT+0100 '
        '(Central European Standard Time)">\n'
    )
    page = HTML.replace("</head>", tags + "</head>", 1)
    assert page != HTML
    summary, cards = read_cards(page.encode())
    assert cards == BARE_CARDS
    assert summary.page_url == "https://huggingface.co/papers?date=2025-12-04&q=1"
    assert (summary.exported, summary.capture_key) == ("2025-12-05", "saved")


def test_an_httrack_mirror_gives_its_url_and_mirrored_day() -> None:
    """HTTrack writes the address it mirrored (no scheme) and the day in GMT as a comment."""
    comment = (
        "\n<!-- Mirrored from huggingface.co/papers/date/2025-12-04 by HTTrack Website Copier/3.x "
        "[XR&CO'2014], Fri, 05 Dec 2025 09:41:07 GMT -->\n"
        '<!-- Added by HTTrack --><meta http-equiv="content-type" content="text/html;charset=UTF-8" />'
        "<!-- /Added by HTTrack -->\n"
    )
    summary, cards = read_cards(HTML.replace("<html>", "<html>" + comment, 1).encode())
    assert cards == BARE_CARDS
    assert summary.page_url == "https://huggingface.co/papers/date/2025-12-04"
    assert (summary.exported, summary.capture_key) == ("2025-12-05", "saved")


def test_a_warc_response_over_the_page_limit_is_refused_not_dropped() -> None:
    """The limit a single page has holds for each page of an archive; the file says so."""
    small = HTML[: HTML.index("<main>")] + "</html>"  # a first page well under the limit
    archive = warc_archive([(URL, small, FETCHED), (URL, HTML, FETCHED)], gzipped=False)
    found = unwrap(archive, max_bytes=len(small.encode()) + 100)
    assert found is not None and found.problem == "binary"
    assert "holds a response of more than the" in found.error


def _digest_email(day: date, rows: list) -> bytes:
    """A digest mailed as HTML and saved as .eml (the public repository LinghaoChan/hf-daily-autoemail
    mails its summary so): ``<h2>`` titles, ``Authors:``, a line of links, the abstract; a body
    fragment without ``<html>``, base64 inside ``multipart/alternative``."""
    from email.message import EmailMessage
    from html import escape

    from tests.support.real_rows import display

    body = [f"<h1>Daily Papers Summary for {day.isoformat()}</h1>"]
    for row in rows:
        authors = ", ".join(row.authors) or "Unknown"
        body += [
            f"<h2>{escape(display(row.title))}</h2>",
            f"<p><strong>Authors:</strong> {escape(authors)}</p>",
        ]
        body.append(
            f'<p><a href="https://huggingface.co/papers/{row.arxiv_id}">Open in Hugging Face</a> | '
            f'<a href="https://arxiv.org/pdf/{row.arxiv_id}">Open PDF</a></p>'
        )
        body += [f"<p>{escape(display(row.abstract))}</p>", '<p><img alt="image" src="img" /></p>']
    message = EmailMessage()
    message["From"], message["To"] = "digest@example.com", "me@example.com"
    message["Subject"] = f"Hugging Face Daily Papers Summary {day:%Y%m%d}"
    message["Date"] = f"{day:%a, %d %b %Y} 15:00:03 +0000"
    message.set_content("\n".join(body), subtype="html", cte="base64")
    return message.as_bytes()


def test_a_digest_saved_as_an_email_gives_its_papers_and_the_days_date() -> None:
    """A saved email (.eml) was no container: its base64 body was one rejected paragraph and its
    headers candidate titles. Its HTML body is read, and its ``Date:`` is the capture date."""
    from tests.support.real_rows import display

    day = DAYS[1]
    rows = [r for r in real_rows.rows_by_day()[day] if r.abstract][:8]
    summary, sightings, _ = summarise_bytes(_digest_email(day, rows), "0" * 64)
    assert summary.status == "ok", summary.error
    read = sightings.to_pylist()
    assert [(r["title"], r["arxiv_id"], r["abstract"]) for r in read] == [
        (display(r.title), r.arxiv_id, display(r.abstract)) for r in rows
    ]
    assert (summary.exported, summary.capture_key) == (day.isoformat(), "mail_date")


def test_a_static_page_of_papers_linked_to_arxiv_is_read_not_refused() -> None:
    """A mirror's static page (the public repository saffee666/hf-daily-papers-mirror builds one a
    day): ``<article class="paper">`` with the title linked to arxiv.org, ``▲ 135`` upvotes and the
    summary. Without links to the site it was taken for an error page ("HTML page … instead of a
    listing"): every paper refused. A page linking at least three arXiv papers is a listing."""
    from html import escape

    from tests.support.real_rows import display

    day = DAYS[2]
    rows = [r for r in real_rows.rows_by_day()[day] if r.abstract][:6]
    articles = [
        f'<article class="paper"><h2><a href="https://arxiv.org/abs/{r.arxiv_id}">{escape(display(r.title))}</a></h2>'
        f'<div class="meta"><span class="upvotes">▲ {40 - n}</span></div>'
        f'<div class="summary">{escape(display(r.abstract))}</div></article>'
        for n, r in enumerate(rows)
    ]
    page = (
        f"<!doctype html><html><head><title>HF Daily Papers Mirror — {day.isoformat()}</title></head><body>"
        f"<h1>HF Daily Papers — {day.isoformat()}</h1><main>{''.join(articles)}</main></body></html>"
    )
    summary, cards = read_cards(page.encode())
    assert summary.status == "ok", summary.error
    assert [(c[0], c[1], c[2]) for c in cards] == [
        (r.arxiv_id, display(r.title), display(r.abstract)) for r in rows
    ]


def _zipped(members: list[tuple[str, str | bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return out.getvalue()


def test_a_zip_of_pages_gives_every_page_each_on_its_own_day() -> None:
    """A folder of saved pages zipped (macOS adds ``__MACOSX``, a saved page brings its images):
    three real days in three forms, each card on the day its page lists. Pages that state no
    capture date take it from their name in the archive, as a raw file would; before, the whole
    archive was refused as binary."""
    rows = real_rows.rows_by_day()
    first, second, third = DAYS
    spec = PageSpec(listing_date=second, captured=second + timedelta(days=1))
    data = _zipped(
        [
            (
                f"pages/{first.isoformat()}.md",
                render_minimal_md(PageSpec(listing_date=first, captured=first), rows[first]).text,
            ),
            ("pages/firecrawl.md", render_firecrawl(spec, rows[second]).text),
            (f"pages/{third.isoformat()}.html", _page(third)[1]),
            ("pages/avatar.png", b"\x89PNG\r\n"),
            ("__MACOSX/pages/._firecrawl.md", b"\x00\x05\x16\x07"),
        ]
    )
    summary, sightings, rejects = summarise_bytes(data, "0" * 64)
    assert summary.status == "ok", summary.error
    assert rejects is None
    assert sightings.column("arxiv_id").to_pylist() == [r.arxiv_id for day in DAYS for r in rows[day]]
    assert Counter(sightings.column("listed_date").to_pylist()) == {day: len(rows[day]) for day in DAYS}
    warning = summary.warnings[0]
    assert "ZIP archive: 3 pages read from it" in warning
    assert "1 archiver file(s)" in warning and "1 image, style or script file(s)" in warning


def test_an_office_document_is_refused_with_what_it_is() -> None:
    word = _zipped([("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>")])
    summary, sightings, _ = summarise_bytes(word, "0" * 64)
    assert (summary.status, sightings) == ("binary", None)
    assert "ZIP archive that is an office document" in summary.error


def test_an_evernote_export_of_several_clips_keeps_each_on_its_own_day() -> None:
    """Three days clipped to Evernote and exported as one ``.enex``: every card, each on its day.
    Before: the CDATA around the clipped page hid it (0 of 24 cards, one rejected paragraph)."""
    summary, sightings, _ = summarise_bytes(evernote_export([_page(day) for day in DAYS]), "0" * 64)
    assert summary.status == "ok", summary.error
    rows = real_rows.rows_by_day()
    assert sightings.column("arxiv_id").to_pylist() == [row.arxiv_id for day in DAYS for row in rows[day]]
    assert Counter(sightings.column("listed_date").to_pylist()) == {day: len(rows[day]) for day in DAYS}


def _tarred(members: list[tuple[str, bytes]], modified: datetime) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as archive:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size, info.mtime = len(data), modified.timestamp()
            archive.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo("pages/latest.md")
        link.type, link.linkname = tarfile.SYMTYPE, members[0][0]
        archive.addfile(link)
    return out.getvalue()


def test_a_tarball_of_pages_gives_every_page_each_on_its_own_day() -> None:
    """``tar czf pages.tar.gz pages/``: read like a ZIP of the same pages (before, the tar stream was
    read as one text: its headers as rejects, every listing day lost)."""
    rows = real_rows.rows_by_day()
    first, second, third = DAYS
    data = _tarred(
        [
            (
                f"pages/{first.isoformat()}.md",
                render_minimal_md(PageSpec(first, captured=first), rows[first]).text.encode(),
            ),
            (f"pages/{third.isoformat()}.html", _page(third)[1].encode()),
            (
                "pages/firecrawl.md",
                render_firecrawl(
                    PageSpec(second, captured=second + timedelta(days=1)), rows[second]
                ).text.encode(),
            ),
        ],
        FETCHED,
    )
    summary, sightings, rejects = summarise_bytes(data, "0" * 64)
    assert summary.status == "ok", summary.error
    assert rejects is None
    assert Counter(sightings.column("listed_date").to_pylist()) == {day: len(rows[day]) for day in DAYS}
    assert sorted(sightings.column("arxiv_id").to_pylist()) == sorted(
        r.arxiv_id for day in DAYS for r in rows[day]
    )
    assert "gzip-compressed data holding a tar archive: 3 pages read from it" in summary.warnings[0]
    assert "1 link(s) or special file(s)" in summary.warnings[0]


def _encrypted(zipped: bytes) -> bytes:
    """A ZIP whose member is marked encrypted (``zip -P``): the flag bit set in its local and its
    central header (Python's zipfile cannot write encrypted members)."""
    data = bytearray(zipped)
    for signature, flags_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.index(signature) + flags_at
        data[at] |= 0x1
    return bytes(data)


def _with_text_page(webarchive: bytes) -> bytes:
    """A web archive whose main resource holds a string where Safari writes the page's bytes."""
    archive = plistlib.loads(webarchive)
    archive["WebMainResource"]["WebResourceData"] = "not the page's bytes"
    return plistlib.dumps(archive, fmt=plistlib.FMT_BINARY)


MALFORMED = {
    "password-protected ZIP": (
        _encrypted(_zipped([("page.html", HTML)])),
        "ZIP archive that is password-protected",
    ),
    "WARC response without its address": (
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 22\r\n\r\nHTTP/1.1 200 OK\r\n\r\nhi\r\n\r\n",
        "WARC web archive that cannot be read",
    ),
    "Safari archive whose page is text": (
        _with_text_page(safari_webarchive(HTML, URL)),
        "Safari web archive that holds no page",
    ),
}


@pytest.mark.parametrize("name", list(MALFORMED))
def test_a_malformed_container_is_refused_with_why_and_the_other_pages_are_published(
    name: str, settings, raw_dir
) -> None:
    """Each of these made the whole refresh fail with a library's error naming no file; now the
    file is ``binary`` with what it is and why, and the folder's other pages are published."""
    data, needle = MALFORMED[name]
    (raw_dir / "bad.bin").write_bytes(data)
    (raw_dir / "page.html").write_text(HTML)
    _, _, warehouse = build_all(settings)
    assert not warehouse.blocking_failures, warehouse.checks
    with open_read_only(settings) as con:
        files = {
            f: (status, error)
            for f, status, error in con.execute(
                "SELECT source_file, status, error FROM source_files"
            ).fetchall()
        }
        cards = con.execute("SELECT count(*) FROM sightings WHERE source_file = 'page.html'").fetchone()[0]
    status, error = files["bad.bin"]
    assert status == "binary" and needle in error, error
    assert files["page.html"] == ("ok", None)
    assert cards == len(BARE_CARDS)


def test_a_singlefile_self_extracting_page_gives_the_page_zipped_inside_it() -> None:
    """SingleFile's "self-extracting ZIP" format (``--compress-content``) is an HTML file whose
    script unpacks a ZIP held in its own bytes: the page is the ZIP's ``index.html``. Before, its
    loader script was read as the page and called a rate-limit page, with no card."""
    saved = FIXTURES / "singlefile" / "2025-12-04_singlefile_sfx.html"
    summary, cards = read_cards(saved.read_bytes())
    assert summary.status == "ok", summary.error
    assert cards == BARE_CARDS
    assert (summary.page_url, summary.page_kind) == ("http://huggingface.co/papers/date/2025-12-04", "daily")
    assert (summary.exported, summary.capture_key) == ("2026-12-07", "saved")
    assert "file is a SingleFile self-extracting page: its page read from it" in summary.warnings[0]
