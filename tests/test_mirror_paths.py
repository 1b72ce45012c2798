"""Pages saved by mirroring tools under the path of their URL: the address and dates their folders
give, through the whole pipeline."""

from __future__ import annotations

import hashlib
import io
import os
import time
import zipfile
from collections import Counter
from datetime import date, datetime, timedelta

import pytest

from conftest import build_all
from pipeline.content_parse import summarise_bytes
from pipeline.mirror_paths import folder_date, mirrored_url
from pipeline.warehouse import open_read_only
from tests.support import real_rows
from tests.support.exporters import PageSpec, page_url
from tests.support.html_export import render_hf_html, wayback_copy


@pytest.mark.parametrize(
    ("source_file", "url"),
    [
        ("websites/huggingface.co/papers/date/2025-12-15/index.html", "papers/date/2025-12-15"),
        ("20251216093015/huggingface.co/papers/date/2025-12-15/index.html", "papers/date/2025-12-15"),
        ("mirror/huggingface.co/papers/date/2025-12-15.html", "papers/date/2025-12-15"),
        ("huggingface.co/papers/date/2025-12-15", "papers/date/2025-12-15"),
        ("huggingface.co/papers/trending/index.html", "papers/trending"),
        ("huggingface.co/papers?q=agents", "papers?q=agents"),
        ("huggingface.co/papers@q=agents.html", "papers?q=agents"),
        ("www.huggingface.co/papers/week/2026-W01/index.html", "papers/week/2026-W01"),
    ],
)
def test_a_mirrors_folders_spell_the_pages_address(source_file: str, url: str) -> None:
    assert mirrored_url(source_file) == f"https://huggingface.co/{url}"


@pytest.mark.parametrize(
    "source_file",
    ["2025-12-15_daily.txt", "notes/huggingface.co-papers.md", "huggingface.co/models/index.html"],
)
def test_other_paths_spell_no_address(source_file: str) -> None:
    assert mirrored_url(source_file) is None


def test_a_folder_dates_a_page_whose_name_holds_no_date() -> None:
    """An archive's capture timestamp wins over the listing day the URL's folders name; else the
    nearest dated folder; digits that are no date date nothing."""
    assert folder_date("20251216093015/huggingface.co/papers/date/2025-12-15/index.html") == date(
        2025, 12, 16
    )
    assert folder_date("websites/huggingface.co/papers/date/2025-12-15/index.html") == date(2025, 12, 15)
    assert folder_date("2026-01/2026-01-05/page.txt") == date(2026, 1, 5)
    assert folder_date("2026/01/05/page.txt") is None
    assert folder_date("page.txt") is None


@pytest.mark.skipif(not real_rows.available(), reason=real_rows.MISSING_MESSAGE)
def test_wayback_downloads_are_dated_and_placed_by_their_folders(settings, raw_dir) -> None:
    """Two past days as the Wayback Machine's downloaders save them (the original HTML, no banner,
    links untouched): waybackpack under the capture's timestamp, wayback_machine_downloader under
    the site's path. Their files are index.html, downloaded a year later (mtime). Each sighting is
    on its own day, the page is known as a daily page, the capture is the archive's (waybackpack)
    or the day the folders name. Before, both were dated by the mtime and listed a year late."""
    first, second = real_rows.sample_days(25)[2], real_rows.sample_days(25)[9]
    written = {}
    for day, folder in ((first, f"{day_stamp(first)}093015"), (second, "websites")):
        spec = PageSpec(listing_date=day, captured=day + timedelta(days=1))
        html, _ = render_hf_html(spec, real_rows.rows_by_day()[day])
        path = raw_dir / folder / "huggingface.co" / "papers" / "date" / day.isoformat() / "index.html"
        path.parent.mkdir(parents=True)
        path.write_text(html, encoding="utf-8")
        later = time.mktime((datetime.combine(day, datetime.min.time()) + timedelta(days=400)).timetuple())
        os.utime(path, (later, later))
        written[path.relative_to(raw_dir).as_posix()] = day
    _, _, warehouse = build_all(settings)
    assert not warehouse.blocking_failures, warehouse.checks
    with open_read_only(settings) as con:
        files = con.execute(
            "SELECT source_file, status, page_kind, page_url, capture_source, captured_at, listing_date, "
            "date_source FROM source_files ORDER BY listing_date"
        ).fetchall()
        per_day = dict(con.execute("SELECT listing_date, count(*) FROM sightings GROUP BY 1").fetchall())
    expected_capture = {first: ("folder_name", first + timedelta(days=1)), second: ("folder_name", second)}
    assert files == [
        (
            name,
            "ok",
            "daily",
            page_url(PageSpec(listing_date=day, captured=day)),
            *expected_capture[day],
            day,
            "page_url",
        )
        for name, day in sorted(written.items(), key=lambda item: item[1])
    ]
    assert per_day == {day: len(real_rows.rows_by_day()[day]) for day in (first, second)}


def day_stamp(day: date) -> str:
    """The capture's day in an archive timestamp: the day after the listing."""
    return (day + timedelta(days=1)).strftime("%Y%m%d")


@pytest.mark.skipif(not real_rows.available(), reason=real_rows.MISSING_MESSAGE)
def test_an_archived_copy_states_its_capture_over_its_folders(settings, raw_dir) -> None:
    """A Wayback copy as served (banner, rewritten links) saved under a folder of another date:
    the archive's own record of the capture wins."""
    day = real_rows.sample_days(25)[4]
    spec = PageSpec(listing_date=day, captured=day + timedelta(days=2))
    html, _ = render_hf_html(spec, real_rows.rows_by_day()[day])
    copy = wayback_copy(html, page_url(spec), datetime.combine(spec.captured, datetime.min.time()))
    path = raw_dir / "2026-12-01" / "copy.html"
    path.parent.mkdir()
    path.write_text(copy, encoding="utf-8")
    build_all(settings)
    with open_read_only(settings) as con:
        row = con.execute("SELECT capture_source, captured_at, listing_date FROM source_files").fetchone()
    assert row == ("wayback", spec.captured, day)


@pytest.mark.skipif(not real_rows.available(), reason=real_rows.MISSING_MESSAGE)
def test_a_zipped_mirror_gives_each_page_its_address_and_day() -> None:
    """A wget mirror zipped up: each member's path spells its page's address, so the file is known
    as daily pages and each sighting is on the day its URL names."""
    days = real_rows.sample_days(25)[6:8]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for day in days:
            spec = PageSpec(listing_date=day, captured=day)
            html, _ = render_hf_html(spec, real_rows.rows_by_day()[day])
            name = f"mirror/huggingface.co/papers/date/{day}.html"
            info = zipfile.ZipInfo(name, date_time=(2027, 12, 30, 8, 0, 0))
            archive.writestr(info, html)
    data = out.getvalue()
    summary, sightings, _ = summarise_bytes(data, hashlib.sha256(data).hexdigest())
    assert (summary.status, summary.page_kind) == ("ok", "daily"), summary.error
    listed = Counter(sightings["listed_date"].to_pylist())
    assert listed == {day: len(real_rows.rows_by_day()[day]) for day in days}
