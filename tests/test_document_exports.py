"""A day pasted into a document or received by mail, and papers saved one page at a time
(``tests/support/document_exports.py``), each from a real day through the ingest: the cards must
be the day's, with their ids and titles."""

from __future__ import annotations

import html as html_module
from datetime import timedelta

import pytest

from pipeline.content_parse import summarise_bytes
from tests.support import real_rows
from tests.support.containers import read_cards
from tests.support.document_exports import (
    google_docs_markdown,
    outline_opml,
    paper_page_bookmarks,
    redirected_html,
    roam_json,
    zotero_csl_json,
)
from tests.support.exporters import PageSpec
from tests.support.html_export import CONVERTERS, render_hf_html

pytestmark = pytest.mark.skipif(not real_rows.available(), reason=real_rows.MISSING_MESSAGE)

DAYS = real_rows.sample_days(25)[1::8]  # 3 real days


def _day(day) -> tuple[str, list[real_rows.Row]]:
    rows = real_rows.rows_by_day()[day]
    return render_hf_html(PageSpec(listing_date=day, captured=day + timedelta(days=1)), rows)[0], rows


def _ids_and_titles(cards: list[tuple]) -> list[tuple[str, str]]:
    return [(card[0], card[1]) for card in cards]


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_google_docs_markdown_reads_as_the_page_its_images_referenced(day) -> None:
    """Before: the thumbnail's link, ``[![][image3]](…/papers/<id>)``, was each card's title
    (every title ``![][image4]``, published ``ok``)."""
    html, rows = _day(day)
    summary, cards = read_cards(google_docs_markdown(CONVERTERS["markdownify"](html)).encode())
    assert summary.status == "ok", summary.error
    assert _ids_and_titles(cards) == [(row.arxiv_id, real_rows.display(row.title)) for row in rows]


@pytest.mark.parametrize("through", ["google", "outlook"])
@pytest.mark.parametrize("day", DAYS, ids=str)
def test_links_through_a_redirector_lead_to_their_papers(day, through: str) -> None:
    """Google Docs' web-page download and Outlook's Safe Links: before, no link named a paper and
    the page's Markdown links were read as titles (1,003 invented records on 25 days, ``ok``)."""
    html, rows = _day(day)
    summary, cards = read_cards(redirected_html(html, through).encode())
    assert summary.status == "ok", summary.error
    assert _ids_and_titles(cards) == [(row.arxiv_id, real_rows.display(row.title)) for row in rows]


@pytest.mark.parametrize("saved", [paper_page_bookmarks, zotero_csl_json], ids=["bookmarks", "zotero"])
def test_papers_saved_one_page_at_a_time_have_their_own_titles(saved) -> None:
    """Each paper's page saved alone: ``Paper page - `` is the site's, not the title, and the site's
    ``Join the discussion on this paper page`` no abstract."""
    rows = real_rows.rows_by_day()[DAYS[0]]
    summary, cards = read_cards(saved(rows).encode())
    assert summary.status == "ok", summary.error
    assert _ids_and_titles(cards) == [(row.arxiv_id, real_rows.display(row.title)) for row in rows]
    assert {card[2] for card in cards} <= {"", None}


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_a_day_pasted_into_an_outliner_and_exported_as_opml_gives_its_cards(day) -> None:
    """WorkFlowy's and Dynalist's OPML of a pasted day (its text, no links): before, read as an HTML
    error page ("login page"), 0 of 485 cards on 25 days. Each card on its outline's line."""
    html, rows = _day(day)
    opml = outline_opml(
        CONVERTERS["inner_text"](html),
        "Daily Papers - Hugging Face",
        f"https://huggingface.co/papers/date/{day}",
    )
    summary, sightings, _ = summarise_bytes(opml.encode(), "0" * 64)
    assert summary.status == "ok", summary.error
    got = sightings.to_pydict()
    assert got["title"] == [real_rows.display(row.title) for row in rows]
    lines = opml.split("\n")
    assert all(
        html_module.escape(title, quote=True)[:40] in lines[n - 1]
        for title, n in zip(got["title"], got["line_number"], strict=True)
    )


def test_a_feed_readers_opml_of_subscriptions_is_no_listing() -> None:
    opml = (
        '<?xml version="1.0"?>\n<opml version="1.0"><head><title>Feeds</title></head><body>\n'
        '<outline text="HF Daily Papers" type="rss" xmlUrl="https://rsshub.app/huggingface/daily-papers"/>\n'
        '<outline text="arXiv cs.CL" type="rss" xmlUrl="https://rss.arxiv.org/rss/cs.CL"/>\n</body></opml>\n'
    )
    summary, sightings, _ = summarise_bytes(opml.encode(), "0" * 64)
    assert sightings is None and summary.status in ("no_records", "document")


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_a_day_pasted_into_roam_and_exported_as_json_gives_its_cards(day) -> None:
    """Roam's JSON of a pasted day (its Markdown, a block a paragraph): before, quarantined (its
    blocks no JSON reader's papers), 0 of 485 cards on 25 days."""
    html, rows = _day(day)
    markdown = CONVERTERS["markdownify"](html)
    summary, cards = read_cards(roam_json(markdown, "Daily Papers - Hugging Face").encode())
    assert summary.status == "ok", summary.error
    assert cards == read_cards(markdown.encode())[1]
    assert _ids_and_titles(cards) == [(row.arxiv_id, real_rows.display(row.title)) for row in rows]
