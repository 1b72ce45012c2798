"""Pages fetched from the Wayback Machine: the site's addresses back, the capture's day and URL.

The round trips of whole real days through every converter are in ``tests/test_exporter_roundtrip.py``
(``test_wayback_copies_round_trip``); these pin the rules of ``pipeline/web_archive.py`` and read an
archived copy's HTML the way ingest does."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta

import pytest

from pipeline.content_parse import summarise_bytes
from pipeline.page_facts import listing_day_of_url
from pipeline.parse import parse_page
from pipeline.text_dumps import definitions_rejoined
from pipeline.web_archive import archived_copy
from tests.support import real_rows
from tests.support.containers import warc_archive
from tests.support.exporters import PageSpec, page_url
from tests.support.html_export import archive_today_copy, render_hf_html, render_wayback, wayback_copy
from tests.support.real_rows import display

ARCHIVE = "https://web.archive.org/web/20251216093015"


def _links(n: int, prefix: str = "/web/20251216093015") -> str:
    return "\n\n".join(f"[Paper {i}]({prefix}/https://huggingface.co/papers/2512.1000{i})" for i in range(n))


def test_every_archived_address_is_the_sites_again_and_lines_are_kept() -> None:
    text = (
        f"The Wayback Machine - {ARCHIVE}/https://huggingface.co/papers/date/2025-12-15\n\n"
        + _links(2)
        + "\n\n![](/web/20251216093015im_/https://cdn-thumbnails.huggingface.co/x.png)"
        + "\n\n[About](//web.archive.org/web/20251216093015if_/http://huggingface.co:80/huggingface)"
    )
    copy = archived_copy(text)
    assert copy is not None
    assert copy.url == "https://huggingface.co/papers/date/2025-12-15"
    assert copy.captured == date(2025, 12, 16)
    assert copy.text.count("\n") == text.count("\n")
    assert "web.archive.org" not in copy.text and "The Wayback Machine" not in copy.text
    assert "(https://huggingface.co/papers/2512.10000)" in copy.text
    # an image's address stays as the converter wrapped it: no card reads it
    assert "(/web/20251216093015im_/https://cdn-thumbnails.huggingface.co/x.png)" in copy.text
    assert "(http://huggingface.co/huggingface)" in copy.text  # the archive's default port dropped


def test_a_page_citing_an_archived_address_or_two_is_no_copy() -> None:
    """An abstract may cite the archive; the page is a copy only where its links were rewritten."""
    text = (
        "### [A Survey of Link Rot](https://huggingface.co/papers/2512.10001)\n\n"
        f"Dead links ({ARCHIVE}/https://example.org/a and {ARCHIVE}/https://example.org/b) ...\n"
    )
    assert archived_copy(text) is None
    assert archived_copy(_links(3)) is not None


def test_an_address_inside_another_address_is_left_alone() -> None:
    text = _links(3) + "\n\nsee https://example.org/web/20200101000000/https://example.com/x"
    copy = archived_copy(text)
    assert copy is not None
    assert "https://example.org/web/20200101000000/https://example.com/x" in copy.text


def test_without_its_banner_the_links_date_the_copy() -> None:
    copy = archived_copy(_links(4))
    assert copy is not None and copy.url is None and copy.captured == date(2025, 12, 16)
    cut_short = archived_copy(_links(4, prefix="/web/2025"))  # the archive redirects such a request
    assert cut_short is not None and cut_short.captured is None
    assert "(https://huggingface.co/papers/2512.10003)" in cut_short.text


def test_a_text_copy_without_links_is_dated_by_its_banner() -> None:
    """A browser's text of an archived page keeps only the banner: it still names the capture."""
    text = (
        f"The Wayback Machine - {ARCHIVE}/https://huggingface.co/papers/date/2025-12-15\n"
        "Daily Papers\nDec 15\n12\nA Title Here\nAn abstract that goes on for a while about models.\n"
        "3 authors\n·\nDec 12\n"
    )
    page = parse_page(text)
    assert (page.captured_at, page.capture_source) == (date(2025, 12, 16), "wayback")
    assert (page.url, page.page_kind) == ("https://huggingface.co/papers/date/2025-12-15", "daily")
    assert "Wayback" not in " ".join(r.title for r in page.records)


@pytest.mark.skipif(not real_rows.available(), reason=real_rows.MISSING_MESSAGE)
@pytest.mark.parametrize("saved_by_browser", [False, True], ids=["as_served", "saved_by_browser"])
@pytest.mark.parametrize("day", real_rows.sample_days(25)[::8] if real_rows.available() else [], ids=str)
def test_an_archived_copy_saved_as_html_is_read_as_the_sites_page(day: date, saved_by_browser: bool) -> None:
    """The HTML as the archive serves it (or as a browser saves it) through ingest: every card with
    its id, title and upvotes, dated by the capture, and the listing's day from the URL captured.
    Before, the rewritten links named no paper: 0 ids, the banner and the menu read as papers."""
    rows = real_rows.rows_by_day()[day]
    spec = PageSpec(listing_date=day, captured=day + timedelta(days=1))
    html, _ = render_hf_html(spec, rows)
    captured = datetime.combine(spec.captured, datetime.min.time()) + timedelta(hours=9, minutes=30)
    data = wayback_copy(html, page_url(spec), captured, saved_by_browser=saved_by_browser).encode()
    summary, sightings, _ = summarise_bytes(data, hashlib.sha256(data).hexdigest())
    assert summary.status == "ok", summary.error
    assert (summary.exported, summary.capture_key) == (spec.captured.isoformat(), "wayback")
    assert (summary.page_url, summary.page_kind) == (page_url(spec), "daily")
    read = [(s["arxiv_id"], s["title"], s["upvotes"]) for s in sightings.to_pylist()]
    assert read == [(row.arxiv_id, display(row.title), row.stars) for row in rows]
    assert listing_day_of_url(summary.page_url, summary.page_month, summary.page_day) == day


@pytest.mark.skipif(not real_rows.available(), reason=real_rows.MISSING_MESSAGE)
def test_a_crawl_of_the_archives_original_copies_is_dated_by_the_archive() -> None:
    """Downloaders fetch the archive's ``id_`` copy (the page's own bytes, links untouched); a WARC
    of such fetches records the archived address: the listing's URL and capture day come from it,
    not from the crawl's own fetch date."""
    day = real_rows.sample_days(25)[3]
    spec = PageSpec(listing_date=day, captured=day + timedelta(days=2))
    html, _ = render_hf_html(spec, real_rows.rows_by_day()[day])
    fetched_from = f"https://web.archive.org/web/{spec.captured:%Y%m%d}101500id_/{page_url(spec)}"
    data = warc_archive([(fetched_from, html, datetime(2026, 12, 6, 8, 0))])
    summary, sightings, _ = summarise_bytes(data, hashlib.sha256(data).hexdigest())
    assert summary.status == "ok", summary.error
    assert (summary.exported, summary.capture_key) == (spec.captured.isoformat(), "wayback")
    assert (summary.page_url, summary.page_kind) == (page_url(spec), "daily")
    assert sightings.num_rows == len(real_rows.rows_by_day()[day])


def test_html2text_definitions_whose_url_went_under_their_label_are_joined() -> None:
    """html2text puts a URL longer than its line under the definition's label (an archived
    address is), and may cut it after a hyphen too: the rest would read as a card's text."""
    lines = ["   [20]:", "https://huggingface.co/terms-of-", "service", ""]
    lines += ["   [21]:", "/papers/2512.10430", ""]
    assert definitions_rejoined(lines) == [
        "   [20]: https://huggingface.co/terms-of-service",
        "",
        "",
        "",
        "   [21]: /papers/2512.10430",
        "",
        "",
    ]
    prose = ["Our findings:", "https://example.org shows it"]  # no label: prose stays as written
    assert definitions_rejoined(prose) == prose


@pytest.mark.skipif(not real_rows.available(), reason=real_rows.MISSING_MESSAGE)
def test_wrapped_heading_links_over_label_like_lines_are_still_cards() -> None:
    """A real day whose html2text copy (from the archive, so wrapped around long addresses) opens
    13 of its cards with a heading link cut by the wrap, over abstracts with lines the wrap began at
    ``Target:`` or ``comment: @librarian-bot``: it was read as a page of labelled fields, 22 cards
    lost. Every card is read, with its id."""
    day = date(2026, 7, 26)
    rows = real_rows.rows_by_day()[day]
    rendered = render_wayback("html2text", PageSpec(listing_date=day, captured=day + timedelta(days=1)), rows)
    page = parse_page(rendered.text)
    assert page.layout == "rich"
    assert [(r.arxiv_id, r.title) for r in page.records] == [(c.arxiv_id, c.title) for c in rendered.cards]


SNAPSHOT_HEADER = (
    # the text of archive.today's header, in its order, as a real capture's text shows it
    "Daily Papers - Hugging Face\nhuggingface.co\narchived 16 Dec 2025 09:30:15 UTC\narchive.today\n"
    "webpage capture\nSaved from\nno other snapshots from this url\n16 Dec 2025 09:30:15 UTC\n"
    "All snapshots\nfrom host\nhuggingface.co\nWebpage\nScreenshot\nshare\ndownload .zip\n"
    "report bug or abuse\nBuy me a coffee\nReddit\nVKontakte\nTwitter\nshort link\nlong link\n"
    "markdown\nhtml code\n huggingface.co archived 16 Dec 2025 09:30:15 UTC\nwiki code\n"
    "{{cite web\n| title = Daily Papers - Hugging Face\n| url = https://huggingface.co/papers/date/2025-12-15\n"
    "| date = 2025-12-16\n| archiveurl = http://archive.today/Pe55U\n| archivedate = 2025-12-16 }}\n"
)


def test_an_archive_today_snapshot_gives_the_sites_links_and_its_capture() -> None:
    """Links leading out through archive.today (the scheme sometimes dropped) are the site's again;
    the header is blanked, lines kept, and names the capture and the address captured; the page's
    own dates and counts after it stay."""
    body = (
        "Dec 15\n\n[12](https://archive.ph/o/Pe55U/https://huggingface.co/login?next=%2Fpapers%2F2512.10430)\n\n"
        "### [T-pro 2.0](https://archive.ph/o/Pe55U/https://huggingface.co/papers/2512.10430)\n\n"
        "[An open-weight Russian LLM.](https://archive.ph/o/Pe55U/huggingface.co/papers/2512.10430)\n\n"
        "3 authors\n\n·\n\nDec 8\n"
    )
    copy = archived_copy(SNAPSHOT_HEADER + body)
    assert copy is not None
    assert (copy.url, copy.captured, copy.archive) == (
        "https://huggingface.co/papers/date/2025-12-15",
        date(2025, 12, 16),
        "archive_today",
    )
    header, _, rest = copy.text.partition("Dec 15\n")  # the snapshot's title, the page's too, stays
    assert header.strip() == "Daily Papers - Hugging Face" and header.count("\n") == SNAPSHOT_HEADER.count(
        "\n"
    )
    assert "(https://huggingface.co/papers/2512.10430)" in rest and "archive.ph" not in rest
    page = parse_page(SNAPSHOT_HEADER + body)
    assert [(r.arxiv_id, r.title, r.upvotes, r.n_authors) for r in page.records] == [
        ("2512.10430", "T-pro 2.0", 12, 3)
    ]
    assert (page.captured_at, page.capture_source, page.page_kind) == (
        date(2025, 12, 16),
        "archive_today",
        "daily",
    )
    assert not page.rejects


def test_a_page_citing_an_archive_today_snapshot_is_no_snapshot() -> None:
    text = "[A paywalled story](https://archive.ph/o/AbCdE/https://example.com/story) about models.\n"
    assert archived_copy(text) is None


@pytest.mark.skipif(not real_rows.available(), reason=real_rows.MISSING_MESSAGE)
def test_an_archive_today_snapshot_saved_as_html_is_read_as_the_sites_page() -> None:
    day = real_rows.sample_days(25)[12]
    rows = real_rows.rows_by_day()[day]
    spec = PageSpec(listing_date=day, captured=day + timedelta(days=1))
    html, _ = render_hf_html(spec, rows)
    data = archive_today_copy(
        html, page_url(spec), datetime.combine(spec.captured, datetime.min.time())
    ).encode()
    summary, sightings, _ = summarise_bytes(data, hashlib.sha256(data).hexdigest())
    assert summary.status == "ok", summary.error
    assert (summary.exported, summary.capture_key) == (spec.captured.isoformat(), "archive_today")
    assert (summary.page_url, summary.page_kind, summary.n_rejects) == (page_url(spec), "daily", 0)
    read = [(s["arxiv_id"], s["title"], s["upvotes"]) for s in sightings.to_pylist()]
    assert read == [(row.arxiv_id, display(row.title), row.stars) for row in rows]
