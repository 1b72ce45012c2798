"""The ingest's index of page summaries: a refresh with nothing new opens no page's summary and no
shard (its cost is one listing and one file, not three reads per page), and still finds a shard cut
short or a lost index."""

from __future__ import annotations

import os
import sys

import pytest

from pipeline.content_store import INDEX_NAME
from pipeline.ingest import refresh_source_files

_watch: dict = {"dir": None, "opened": []}


def _audit(event: str, args: tuple) -> None:
    if event == "open" and _watch["dir"] and args and isinstance(args[0], str | bytes | os.PathLike):
        path = os.fsdecode(args[0])
        if path.startswith(_watch["dir"]):
            _watch["opened"].append(path)


sys.addaudithook(_audit)


def _opened_during(settings, action) -> list[str]:
    _watch.update(dir=str(settings.parquet_dir) + os.sep, opened=[])
    try:
        action()
    finally:
        _watch["dir"] = None
    return _watch["opened"]


@pytest.fixture
def ingested(settings, sample_raw):
    refresh_source_files(settings, workers=1)
    return settings


def test_a_refresh_with_nothing_new_opens_no_summary_and_no_shard(ingested) -> None:
    opened = _opened_during(ingested, lambda: refresh_source_files(ingested, workers=1))
    per_page = ("/pages/", "/sightings/", "/rejects/")
    read = [path for path in opened if any(folder in path for folder in per_page)]
    assert read == []
    assert (ingested.parquet_dir / INDEX_NAME).exists()


def test_a_lost_index_is_written_again_from_the_summaries_without_parsing(ingested) -> None:
    (ingested.parquet_dir / INDEX_NAME).unlink()
    report = refresh_source_files(ingested, workers=1)
    assert (report.parsed, report.hashed) == (0, 0)
    assert (ingested.parquet_dir / INDEX_NAME).exists()


def test_a_shard_cut_short_is_found_by_its_size_and_parsed_again(ingested, caplog) -> None:
    shard = next((ingested.parquet_dir / "sightings").glob("*.parquet"))
    with open(shard, "r+b") as handle:  # same magic numbers at both ends: only the size tells
        data = handle.read()
        handle.seek(0)
        handle.truncate()
        handle.write(data[: len(data) // 2 - 4] + data[-4:])
    report = refresh_source_files(ingested, workers=1)
    assert report.parsed == 1
    assert any("written as" in record.getMessage() for record in caplog.records)


def test_a_shard_written_again_is_indexed_with_its_new_size(ingested) -> None:
    """The repair of a damaged shard records the repaired size: the next refresh parses nothing."""
    shard = next((ingested.parquet_dir / "sightings").glob("*.parquet"))
    with open(shard, "r+b") as handle:
        handle.truncate(shard.stat().st_size // 2)
    assert refresh_source_files(ingested, workers=1).parsed == 1
    assert refresh_source_files(ingested, workers=1).parsed == 0
