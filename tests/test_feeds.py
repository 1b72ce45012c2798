"""A listing saved as an RSS or Atom feed, as the services that publish feeds of the daily papers
write them (``tests/support/feeds.py``), from real days of the listing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from conftest import build_all
from pipeline.content_parse import summarise_bytes
from pipeline.parse import parse_page
from pipeline.warehouse import open_read_only
from tests.support import real_rows
from tests.support.exporters import paper_date
from tests.support.feeds import json_feed, rsshub_atom, rsshub_rss, takara_rss
from tests.support.real_rows import display

pytestmark = pytest.mark.skipif(not real_rows.available(), reason=real_rows.MISSING_MESSAGE)

DAYS = real_rows.sample_days(25)
FEEDS = {"rsshub_rss": rsshub_rss, "rsshub_atom": rsshub_atom, "takara_rss": takara_rss}
ITEM_TAG = {"rsshub_rss": "<item>", "rsshub_atom": "<entry>", "takara_rss": "<item>"}


@pytest.mark.parametrize("feed", FEEDS)
@pytest.mark.parametrize("day", DAYS, ids=str)
def test_a_feed_gives_every_paper_of_the_day_with_its_fields(feed: str, day) -> None:
    rows = real_rows.rows_by_day()[day]
    built = day + timedelta(days=1)
    text = FEEDS[feed](built, rows)
    page = parse_page(text)
    assert page.layout == "feed"
    assert [r.arxiv_id for r in page.records] == [row.arxiv_id for row in rows]
    assert [r.title for r in page.records] == [display(row.title) for row in rows]
    assert [r.abstract for r in page.records] == [display(row.abstract) for row in rows]
    if feed != "takara_rss":  # takara's feed names no authors
        assert [r.n_authors for r in page.records] == [len(row.authors) or None for row in rows]
        assert [r.published_date for r in page.records] == [paper_date(row) for row in rows]
    assert page.exported == built  # the feed's lastBuildDate / updated
    item_lines = [n for n, line in enumerate(text.split("\n"), start=1) if line.strip() == ITEM_TAG[feed]]
    assert [r.line_number for r in page.records] == item_lines
    assert page.rejects == []


@pytest.mark.parametrize("day", DAYS[::5], ids=str)
def test_a_json_feed_gives_every_paper_with_its_abstract_date_and_authors(day) -> None:
    rows = real_rows.rows_by_day()[day]
    page = parse_page(json_feed(day, rows))
    assert page.layout == "json"
    assert [r.arxiv_id for r in page.records] == [row.arxiv_id for row in rows]
    assert [r.abstract for r in page.records] == [display(row.abstract) for row in rows]
    assert [r.published_date for r in page.records] == [paper_date(row) for row in rows]
    assert [r.n_authors for r in page.records] == [len(row.authors) or None for row in rows]


def test_a_feed_is_read_as_a_listing_not_reported_as_an_html_page() -> None:
    day = DAYS[0]
    rows = real_rows.rows_by_day()[day]
    summary, _, _ = summarise_bytes(rsshub_rss(day, rows).encode(), "0" * 64)
    assert (summary.status, summary.layout, summary.n_records) == ("ok", "feed", len(rows))
    assert summary.exported == day.isoformat() and summary.capture_key == "lastbuilddate"


def test_a_sloppy_feed_is_read_as_feed_readers_read_it() -> None:
    """A bare ``&`` in a title and a control character in an abstract make the XML invalid; RSS
    readers accept both, and so does paperlake (the browser shows no control character either)."""
    rows = real_rows.rows_by_day()[DAYS[1]]
    text = takara_rss(DAYS[1], rows).replace("&amp;", "&").replace("</description>", "\x0b</description>", 1)
    page = parse_page(text)
    assert [r.title for r in page.records] == [display(row.title) for row in rows]


def test_a_feed_cut_short_keeps_the_items_before_the_cut_and_says_so() -> None:
    rows = real_rows.rows_by_day()[DAYS[2]]
    text = rsshub_rss(DAYS[2], rows)
    cut = text[: text.index("<item>", text.index("<item>") + 1000) + 40]  # inside an item
    page = parse_page(cut)
    kept = cut.count("</item>")
    assert 0 < kept < len(rows)
    assert [r.arxiv_id for r in page.records] == [row.arxiv_id for row in rows[:kept]]
    assert any("the feed breaks off at line" in w for w in page.warnings), page.warnings


def test_a_feed_that_is_no_xml_at_all_is_one_reject_saying_where_it_breaks() -> None:
    page = parse_page('<?xml version="1.0"?>\n<rss version="2.0"><channel><title>x</title>\n<<<\n')
    assert page.records == []
    assert len(page.rejects) == 1 and "not well-formed XML" in page.rejects[0].text


def test_a_feed_in_the_raw_folder_reaches_the_warehouse(settings, raw_dir) -> None:
    """Each day's feed saved by a reader: every paper once, its sightings dated by the feed's
    build day (a feed names no listing day)."""
    days = DAYS[:2]
    for day in days:
        (raw_dir / f"hf-daily-{day}.xml").write_text(rsshub_rss(day, real_rows.rows_by_day()[day]))
    _, _, warehouse = build_all(settings)
    assert not warehouse.blocking_failures, warehouse.checks
    with open_read_only(settings) as con:
        (sightings,) = con.execute("SELECT count(*) FROM sightings").fetchone()
        ids = {row[0] for row in con.execute("SELECT arxiv_id FROM papers").fetchall()}
        layouts = con.execute("SELECT DISTINCT layout, status FROM source_files").fetchall()
    rows = [row for day in days for row in real_rows.rows_by_day()[day]]
    assert sightings == len(rows) and ids == {row.arxiv_id for row in rows}
    assert layouts == [("feed", "ok")]
