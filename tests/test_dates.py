"""Year inference for yearless page dates, and the capture-date sources."""

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.dates import date_from_name, infer_listing_date, parse_full_date, parse_page_date


@pytest.mark.parametrize(
    ("month", "day", "captured", "expected"),
    [
        (12, 31, date(2026, 1, 2), date(2025, 12, 31)),
        (3, 14, date(2026, 3, 14), date(2026, 3, 14)),
        (3, 14, date(2026, 3, 12), date(2025, 3, 14)),
        # One day after the capture date is this year's page: saved at 08:00 in Tokyo on Mar 14,
        # the file's UTC capture date is Mar 13 (time zones, CAPTURE_SKEW_DAYS).
        (3, 14, date(2026, 3, 13), date(2026, 3, 14)),
        (1, 1, date(2025, 12, 31), date(2026, 1, 1)),
        (1, 2, date(2025, 12, 31), date(2025, 1, 2)),
        (2, 29, date(2026, 6, 1), date(2024, 2, 29)),
        (2, 29, date(2024, 2, 27), date(2020, 2, 29)),
        (2, 29, date(2024, 2, 28), date(2024, 2, 29)),
        (2, 29, date(2101, 1, 1), date(2096, 2, 29)),
    ],
)
def test_listing_date_examples(month, day, captured, expected):
    assert infer_listing_date(month, day, captured) == expected


@given(
    st.dates(min_value=date(1910, 1, 1), max_value=date(2200, 12, 31)), st.integers(1, 12), st.integers(1, 31)
)
def test_listing_date_is_the_latest_matching_date_not_after_the_day_after_capture(captured, month, day):
    if day > (29 if month == 2 else calendar.monthrange(2001, month)[1]):
        with pytest.raises(ValueError):
            infer_listing_date(month, day, captured)
        return
    got = infer_listing_date(month, day, captured)
    latest = captured + timedelta(days=1)
    assert (got.month, got.day) == (month, day)
    assert got <= latest
    # No later date with the same month/day lies on or before the day after the capture date.
    for year in range(got.year + 1, latest.year + 1):
        if month == 2 and day == 29 and not calendar.isleap(year):
            continue
        assert date(year, month, day) > latest


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 1, 1)))
def test_every_day_of_the_year_round_trips_through_its_page_text(day):
    text = f"{calendar.month_abbr[day.month]} {day.day}"
    assert parse_page_date(text) == (day.month, day.day)
    # Captured that day, the day before (time zones) or up to 200 days later: the same date back.
    for lag in (-1, 0, 1, 200):
        assert infer_listing_date(*parse_page_date(text), day + timedelta(days=lag)) == day


def test_page_date_rejects_impossible_dates():
    assert parse_page_date("Apr 31") is None and parse_page_date("Feb 29") == (2, 29)
    assert parse_page_date("Marching 4") is None


def test_capture_date_from_file_names():
    assert date_from_name("2025-03-14_000123.txt") == date(2025, 3, 14)
    assert date_from_name("papers_20240229.txt") == date(2024, 2, 29)
    assert date_from_name("papers_20230229.txt") is None
    assert date_from_name("000_8e204f4297e1cc17.txt") is None
    # Digits of a content hash are not a date, even when they read like one.
    assert date_from_name("000_8e20241008ab4f2c.txt") is None
    assert date_from_name("page20241005.txt") == date(2024, 10, 5)
    assert date_from_name("a1b2c3_2024-10-08.txt") == date(2024, 10, 8)


def test_full_dates_on_rich_pages():
    assert parse_full_date("Oct 7, 2024") == date(2024, 10, 7)
    assert parse_full_date("Published on Feb 29, 2023") is None
    assert parse_full_date("7 Oct 2024") == parse_full_date("Published on 7 Oct, 2024") == date(2024, 10, 7)
    assert parse_full_date("31 Sep 2024") is None


def test_published_month_comes_from_the_page_else_from_the_arxiv_id(tmp_path):
    """A rich page states each paper's publication day; when a paper's date line is missing, the
    month its arXiv id encodes (2410.02746 -> 2024-10) is the fallback, and date_source says which."""
    import duckdb

    from conftest import FIXTURES, build_all
    from pipeline.config import Settings

    raw = tmp_path / "raw"
    raw.mkdir()
    lines = (FIXTURES / "rich_2024-10-08.txt").read_text().split("\n")
    lines.remove("Oct 3, 2024")  # the second paper (arXiv 2410.02746) loses its date line
    (raw / "rich_2024-10-08.txt").write_text("\n".join(lines))
    settings = Settings.from_env(raw, tmp_path / "data")
    build_all(settings)
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        rows = dict(
            ((arxiv, (str(day) if day else None, str(month), source)))
            for arxiv, day, month, source in con.execute(
                "SELECT arxiv_id, published_date, published_month, published_date_source FROM papers"
            ).fetchall()
        )
    assert rows["2410.05258"] == ("2024-10-07", "2024-10-01", "page")
    assert rows["2410.02746"] == (None, "2024-10-01", "arxiv_id")


def test_listing_year_from_arxiv_ids_when_only_the_mtime_dates_the_page(tmp_path):
    """A page copied a year after it was saved (its mtime now, no capture date in it or its name):
    the day header ``Dec 4`` is the Dec 4 its cards' arXiv ids point to, not the last one before
    the copy; a page whose ids agree with the mtime keeps it, and the source says which."""
    import os
    from datetime import datetime

    import duckdb

    from conftest import build_all
    from pipeline.config import Settings

    raw = tmp_path / "raw"
    raw.mkdir()

    def page(day: str, ids: list[str]) -> str:
        cards = [
            f"[1](https://huggingface.co/login?next=%2Fpapers%2F{a})\n\n"
            f"### [Paper {a}](https://huggingface.co/papers/{a})\n\n"
            f"[An abstract about paper {a}, long enough to read as one.](https://huggingface.co/papers/{a})\n\n"
            "·\n\nNov 30"
            for a in ids
        ]
        return f"# Daily Papers\n\n{day}\n\n" + "\n\n".join(cards) + "\n"

    old, recent = raw / "copied.md", raw / "recent.md"
    old.write_text(page("Dec 4", ["2512.00001", "2512.00002", "2511.00003"]))
    recent.write_text(page("Nov 28", ["2611.00001", "2611.00002"]))
    copied_on = datetime(2026, 12, 10, 12).timestamp()
    for path in (old, recent):
        os.utime(path, (copied_on, copied_on))
    settings = Settings.from_env(raw, tmp_path / "data")
    build_all(settings)
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        rows = dict(
            (name, (str(day), source))
            for name, day, source in con.execute(
                "SELECT source_file, listing_date, date_source FROM source_files"
            ).fetchall()
        )
    assert rows["copied.md"] == ("2025-12-04", "page_date+arxiv_ids")
    assert rows["recent.md"] == ("2026-11-28", "page_date+mtime")


def test_a_daily_page_fetched_a_year_later_lists_the_day_its_url_names(tmp_path):
    """A backfill of past days: the real daily page of a day fetched 400 days later, its URL
    ``/papers/date/<day>`` in the clip's front matter. The day header alone (``Dec 4``) would put
    it in the capture's year; the URL names the year. A page whose header names another day than
    its URL keeps the header's day."""
    import duckdb

    from conftest import build_all
    from pipeline.config import Settings
    from tests.support import real_rows
    from tests.support.exporters import PageSpec, fmt_day, render_clip

    if not real_rows.available():
        pytest.skip(real_rows.MISSING_MESSAGE)
    day = real_rows.sample_days(25)[0]
    rows = real_rows.rows_by_day()[day]
    raw = tmp_path / "raw"
    raw.mkdir()
    text = render_clip(PageSpec(listing_date=day, captured=day + timedelta(days=400)), rows).text
    (raw / "backfill.txt").write_text(text)
    other = day - timedelta(days=3)
    (raw / "other_day.txt").write_text(text.replace(f"date/{day.isoformat()}", f"date/{other.isoformat()}"))
    assert fmt_day(day) in text and f"papers/date/{day.isoformat()}" in text
    settings = Settings.from_env(raw, tmp_path / "data")
    build_all(settings)
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        found = {
            name: (listed, source)
            for name, listed, source in con.execute(
                "SELECT source_file, listing_date, date_source FROM source_files"
            ).fetchall()
        }
        listed = con.execute("SELECT DISTINCT listing_date FROM sightings WHERE source_file = 'backfill.txt'")
        assert listed.fetchall() == [(day,)]
    assert found["backfill.txt"] == (day, "page_url")
    header_day = infer_listing_date(day.month, day.day, day + timedelta(days=400))
    assert found["other_day.txt"] == (header_day, "page_date+exported")
