"""A real day as the no-code scrapers people point at a listing export it: their own field names
(``title_link``, ``Title_URL``, ``paper-href``), their generic ones (Octoparse's ``Field1``,
``Text``; ParseHub's ``name``, ``selection2``), and Web Scraper's page text in one cell.

The exports are written the way each tool's documentation and users' published exports show them.
Before, these lost every arXiv id, every abstract or every vote, gave no record at all, or read a
two-column table as text (on 25 real days, 485 cards: ParseHub's two columns gave 249 records and
no id); each is read here through the ingest's own path (``summarise_bytes``)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import timedelta

import pyarrow as pa
import pytest

from pipeline.content_parse import summarise_bytes
from tests.support import real_rows
from tests.support.exporters import CardFacts, PageSpec
from tests.support.html_export import CONVERTERS, render_hf_html

pytestmark = pytest.mark.skipif(not real_rows.available(), reason=real_rows.MISSING_MESSAGE)

DAY = real_rows.sample_days(25)[4]
SPEC = PageSpec(listing_date=DAY, captured=DAY + timedelta(days=1))
HTML, CARDS = render_hf_html(SPEC, real_rows.rows_by_day()[DAY])
URL = f"https://huggingface.co/papers/date/{DAY.isoformat()}"


def _url(card: CardFacts) -> str:
    return f"https://huggingface.co/papers/{card.arxiv_id}"


def _read(data: str) -> pa.Table:
    raw = data.encode("utf-8")
    summary, sightings, _ = summarise_bytes(raw, hashlib.sha256(raw).hexdigest())
    assert summary.status == "ok", (summary.status, summary.error)
    assert sightings is not None
    return sightings


def _csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _octoparse(cards: list[CardFacts]) -> str:
    """Octoparse's names where it cannot tell a field: ``Field1`` (the votes), ``Text`` (the
    abstract), ``Field2`` (``5 authors``), ``Field3`` (the date), ``Field4`` (the comments)."""
    return _csv(
        [
            {
                "Image": f"https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/{c.arxiv_id}.png",
                "Field1": c.upvotes,
                "Title": c.title,
                "Title_URL": _url(c),
                "Text": c.abstract or "",
                "Field2": f"{c.n_authors} authors" if c.n_authors else "",
                "Field3": "Dec 4",
                "Field4": c.n_comments or "",
                "Page_URL": URL,
            }
            for c in cards
        ]
    )


def _parsehub(cards: list[CardFacts]) -> str:
    """ParseHub's JSON with its default names: ``name`` and ``url`` of the clicked link,
    ``selection2`` and ``selection3`` for the relative selections (the summary, the votes)."""
    rows = [
        {"name": c.title, "url": _url(c), "selection2": c.abstract or "", "selection3": str(c.upvotes)}
        for c in cards
    ]
    return json.dumps({"selection1": rows}, ensure_ascii=False, indent=1)


def _web_scraper_jsonl(cards: list[CardFacts]) -> str:
    """Web Scraper Cloud's JSON Lines with a user's selector ids (``paper`` a link selector:
    ``paper`` and ``paper-href``)."""
    return "\n".join(
        json.dumps(
            {
                "web-scraper-order": f"1764838800-{n}",
                "web-scraper-start-url": URL,
                "paper": c.title,
                "paper-href": _url(c),
                "summary": c.abstract or "",
                "votes": str(c.upvotes),
            },
            ensure_ascii=False,
        )
        for n, c in enumerate(cards, start=1)
    )


def _simplescraper(cards: list[CardFacts]) -> str:
    rows = [{"title": c.title, "title_link": _url(c), "abstract": c.abstract or ""} for c in cards]
    return json.dumps(rows, ensure_ascii=False)


def _parsehub_two_columns(cards: list[CardFacts]) -> str:
    return _csv([{"selection1_name": c.title, "selection1_url": _url(c)} for c in cards])


EXPORTS = {
    "octoparse csv": (_octoparse, ("abstract", "upvotes", "n_authors", "n_comments")),
    "parsehub json": (_parsehub, ("abstract", "upvotes")),
    "web scraper jsonl": (_web_scraper_jsonl, ("abstract", "upvotes")),
    "simplescraper json": (_simplescraper, ("abstract",)),
    "parsehub csv, two columns": (_parsehub_two_columns, ()),
}


@pytest.mark.parametrize("export", list(EXPORTS))
def test_a_no_code_scrapers_export_gives_every_card_with_its_fields(export: str) -> None:
    write, fields = EXPORTS[export]
    got = _read(write(CARDS)).to_pydict()
    assert got["arxiv_id"] == [c.arxiv_id for c in CARDS]
    assert got["title"] == [c.title for c in CARDS]
    expected = {
        "abstract": [c.abstract or None for c in CARDS],
        "upvotes": [c.upvotes for c in CARDS],
        "n_authors": [c.n_authors for c in CARDS],
        "n_comments": [c.n_comments for c in CARDS],
    }
    for field in fields:
        values = [value or None for value in got[field]] if field == "abstract" else got[field]
        assert values == expected[field], field


def test_web_scrapers_page_text_in_one_cell_gives_the_pages_cards() -> None:
    """A Text selector on the whole list of cards exports the page's text in one quoted cell: read
    as the page it is (before: the CSV's quoting read as text, a card titled ``"``, doubled quotes
    in titles and abstracts)."""
    text = CONVERTERS["inner_text"](HTML)
    export = _csv([{"web-scraper-order": "1764838800-1", "web-scraper-start-url": URL, "papers": text}])
    got, direct = _read(export).to_pydict(), _read(text).to_pydict()
    assert got["title"] == direct["title"] == [c.title for c in CARDS]
    assert got["abstract"] == direct["abstract"]
    assert any('"' in (abstract or "") for abstract in got["abstract"])


def test_columns_a_person_named_are_never_taken_for_a_field_they_do_not_name() -> None:
    """Only generic columns (``Field1``, ``Text``) are read by their values: ``Citations`` (whole
    numbers on every row) is not the votes, ``My notes`` (long text) not the abstract."""
    rows = [
        {"title": c.title, "url": _url(c), "Citations": n * 3, "My notes": f"Read this one. {c.abstract}"}
        for n, c in enumerate(CARDS)
    ]
    got = _read(_csv(rows)).to_pydict()
    assert got["arxiv_id"] == [c.arxiv_id for c in CARDS]
    assert set(got["upvotes"]) == {None} and not any(got["abstract"])
