"""The warehouse's data checks find what they promise to find.

A clean build of the sample passes every check; then a copy of it is damaged the way a bug in a
build step would damage it, and each check must name the broken rows.
"""

from __future__ import annotations

import shutil

import duckdb
import pytest

from conftest import build_all
from pipeline.checks import CHECKS, run_checks


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from pipeline.config import BUNDLED_RAW_DIR, Settings

    settings = Settings.from_env(BUNDLED_RAW_DIR, tmp_path_factory.mktemp("checks") / "data")
    _, _, report = build_all(settings)
    return settings, report


def _failures_after(built, tmp_path, damage: str) -> dict[str, list]:
    settings, _ = built
    copy = tmp_path / "damaged.duckdb"
    shutil.copyfile(settings.warehouse_path, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute(damage)
        return {c.name: c.sample for c in run_checks(con) if c.failures}


def test_a_clean_build_passes_every_check(built):
    _, report = built
    assert {c.name: c.failures for c in report.checks} == {c.name: 0 for c in report.checks}
    assert [c.name for c in report.checks] == [c.name for c in CHECKS]
    assert len(report.checks) == 12 and all(c.blocking for c in report.checks)


def test_a_whitespace_only_title_is_caught(built, tmp_path):
    damage = "UPDATE papers SET title = ' \t ' WHERE paper_id = (SELECT min(paper_id) FROM papers)"
    failed = _failures_after(built, tmp_path, damage)
    assert list(failed) == ["non_empty_titles"]
    assert failed["non_empty_titles"][0][0] == "papers"


def test_a_paper_without_an_abstract_is_no_failure(built, tmp_path):
    """Real listings show papers without an abstract: publishing must not stop for them."""
    damage = "UPDATE papers SET abstract = '' WHERE paper_id = (SELECT min(paper_id) FROM papers)"
    assert _failures_after(built, tmp_path, damage) == {}


def test_a_duplicated_paper_is_refused_by_the_primary_key(built, tmp_path):
    settings, _ = built
    copy = tmp_path / "damaged.duckdb"
    shutil.copyfile(settings.warehouse_path, copy)
    with duckdb.connect(str(copy)) as con, pytest.raises(duckdb.ConstraintException, match="primary key"):
        con.execute(
            "INSERT INTO papers SELECT * FROM papers WHERE paper_id = (SELECT min(paper_id) FROM papers)"
        )


def test_a_lost_sighting_is_caught(built, tmp_path):
    failed = _failures_after(
        built, tmp_path, "DELETE FROM sightings WHERE rowid = (SELECT min(rowid) FROM sightings)"
    )
    assert set(failed) == {"sightings_match_papers", "source_files_accounted"}


@pytest.mark.parametrize(
    ("damage", "check"),
    [
        (
            "UPDATE sightings SET listing_date = captured_at + INTERVAL 3 DAY WHERE position = 1",
            "listing_dates_in_capture_window",
        ),
        (
            "UPDATE papers SET topics = ['no_such_topic'] "
            "WHERE paper_id = (SELECT min(paper_id) FROM papers)",
            "paper_topics_in_taxonomy",
        ),
        (
            "INSERT INTO paper_topic_scores (paper_id, topic, score) VALUES ('p-gone', 'vision', 0.5)",
            "topic_scores_match",
        ),
        (
            "INSERT INTO paper_links (paper_id, url, kind) VALUES ('p-gone', 'https://x.org', 'other')",
            "links_match_papers",
        ),
        (
            "INSERT INTO paper_aliases (record_key, paper_id) VALUES ('k-new', 'p-gone')",
            "aliases_match_papers",
        ),
        ("INSERT INTO rejects (source_file, line_number) VALUES ('gone.txt', 1)", "rejects_accounted"),
        ("INSERT INTO sightings SELECT * FROM sightings WHERE rowid = 0", "unique_sighting_keys"),
    ],
)
def test_each_table_check_names_the_rows_it_tests(built, tmp_path, damage, check):
    failed = _failures_after(built, tmp_path, damage)
    assert failed.get(check)
