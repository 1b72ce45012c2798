"""What crawler frameworks and dev tools leave, from real days: JSON values written one after
another (``jq '.[]'``, ``cat`` of Crawlee's per-item files), a Scrapy feed exported onto its file
three times (``scrapy crawl -o``: Scrapy's docs warn that ``-o`` appends), and a HAR whose bodies
are base64 (Playwright before 1.19, Splash, BrowserMob)."""

from __future__ import annotations

import base64
import csv
import io
import json
import zipfile
from datetime import timedelta

import pytest

from pipeline.content_parse import summarise_bytes
from tests.support import real_rows
from tests.support.exporters import PageSpec
from tests.support.html_export import render_hf_html

pytestmark = pytest.mark.skipif(not real_rows.available(), reason=real_rows.MISSING_MESSAGE)

DAYS = real_rows.sample_days(25)[1:4]


def _items(day) -> list[dict]:
    return [
        {
            "url": f"https://huggingface.co/papers/{row.arxiv_id}",
            "title": row.title,
            "abstract": real_rows.display(row.abstract) if row.abstract else "",
            "upvotes": row.stars,
        }
        for row in real_rows.rows_by_day()[day]
    ]


def _ids(data: bytes) -> list[str]:
    summary, sightings, _ = summarise_bytes(data, "0" * 64)
    assert summary.status == "ok", summary.error
    return sightings.column("arxiv_id").to_pylist()


def _expected(days) -> list[str]:
    return [row.arxiv_id for day in days for row in real_rows.rows_by_day()[day]]


def test_json_objects_written_one_after_another_are_each_a_paper() -> None:
    """``jq '.[]' items.json``: before, read as text, records titled ``{`` and ``}{`` (``ok``)."""
    stream = "\n".join(json.dumps(item, indent=2, ensure_ascii=False) for item in _items(DAYS[0]))
    assert _ids(stream.encode()) == _expected(DAYS[:1])


def test_a_json_feed_exported_onto_its_file_again_keeps_every_run() -> None:
    """``]`` then ``[``: before, quarantined with 0 papers read."""
    runs = "\n".join(json.dumps(_items(day), indent=4, ensure_ascii=False) for day in DAYS)
    assert _ids(runs.encode()) == _expected(DAYS)


def test_a_csv_feed_exported_onto_its_file_again_reads_its_header_once() -> None:
    """Each run writes its header again: before, a paper titled ``title`` (``ok``)."""
    out = io.StringIO()
    for day in DAYS:
        writer = csv.DictWriter(
            out, fieldnames=["title", "url", "abstract", "upvotes"], lineterminator="\r\n"
        )
        writer.writeheader()
        writer.writerows(_items(day))
    summary, sightings, _ = summarise_bytes(out.getvalue().encode(), "0" * 64)
    assert summary.status == "ok", summary.error
    assert sightings.column("arxiv_id").to_pylist() == _expected(DAYS)
    assert "title" not in sightings.column("title").to_pylist()


def test_a_har_with_base64_bodies_gives_the_pages_cards() -> None:
    day = DAYS[0]
    html = render_hf_html(
        PageSpec(listing_date=day, captured=day + timedelta(days=1)), real_rows.rows_by_day()[day]
    )[0]
    url = f"https://huggingface.co/papers/date/{day}"
    entry = {
        "startedDateTime": f"{day + timedelta(days=1)}T09:00:00.000Z",
        "request": {"method": "GET", "url": url, "headers": []},
        "response": {
            "status": 200,
            "content": {
                "size": len(html),
                "mimeType": "text/html",
                "encoding": "base64",
                "text": base64.b64encode(html.encode()).decode(),
            },
        },
    }
    har = {"log": {"version": "1.2", "creator": {"name": "BrowserMob Proxy"}, "entries": [entry]}}
    assert _ids(json.dumps(har).encode()) == _expected([day])


def test_a_crawlers_storage_zipped_counts_each_card_once() -> None:
    """Crawlee's ``storage/``: the page's HTML in its key-value store and each item it scraped in its
    dataset. Before, each card was two sightings: the page's, on its day, and the item's, undated."""
    day = DAYS[0]
    rows = real_rows.rows_by_day()[day]
    html = render_hf_html(PageSpec(listing_date=day, captured=day + timedelta(days=1)), rows)[0]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(f"storage/key_value_stores/default/page-{day}.html", html)
        for n, item in enumerate(_items(day), start=1):
            archive.writestr(f"storage/datasets/default/{n:09d}.json", json.dumps(item, indent=2))
    summary, sightings, _ = summarise_bytes(out.getvalue(), "0" * 64)
    assert summary.status == "ok", summary.error
    assert sorted(sightings.column("arxiv_id").to_pylist()) == sorted(row.arxiv_id for row in rows)
    assert set(sightings.column("listed_date").to_pylist()) == {day}
