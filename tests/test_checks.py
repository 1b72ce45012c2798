"""The warehouse's data checks find what they promise to find.

A clean build of the sample passes every check; then a copy of it is damaged the way a bug in a
build step would damage it, and each check must name the broken rows.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager

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


@contextmanager
def _damaged(built, tmp_path, damage: str) -> Iterator[duckdb.DuckDBPyConnection]:
    """A copy of the clean build with ``damage`` done to it, open."""
    settings, _ = built
    copy = tmp_path / "damaged.duckdb"
    shutil.copyfile(settings.warehouse_path, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute(damage)
        yield con


def _failures_after(built, tmp_path, damage: str) -> dict[str, list]:
    with _damaged(built, tmp_path, damage) as con:
        return {c.name: c.sample for c in run_checks(con) if c.failures}


def test_a_clean_build_passes_every_check(built):
    _, report = built
    assert {c.name: c.failures for c in report.checks} == {c.name: 0 for c in report.checks}
    assert [c.name for c in report.checks] == [c.name for c in CHECKS]
    assert len(report.checks) == 12 and all(c.blocking for c in report.checks)


_BLANK_TITLE = "UPDATE papers SET title = ' \t ' WHERE paper_id = (SELECT min(paper_id) FROM papers)"
_LOST_SIGHTING = "DELETE FROM sightings WHERE rowid = (SELECT min(rowid) FROM sightings)"


def test_a_whitespace_only_title_is_caught(built, tmp_path):
    failed = _failures_after(built, tmp_path, _BLANK_TITLE)
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
    failed = _failures_after(built, tmp_path, _LOST_SIGHTING)
    assert set(failed) == {"sightings_match_papers", "source_files_accounted"}


_DAMAGES = [
    (
        "UPDATE sightings SET listing_date = captured_at + INTERVAL 3 DAY WHERE position = 1",
        "listing_dates_in_capture_window",
    ),
    (
        "UPDATE papers SET topics = ['no_such_topic'] WHERE paper_id = (SELECT min(paper_id) FROM papers)",
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
]


@pytest.mark.parametrize(("damage", "check"), _DAMAGES)
def test_each_table_check_names_the_rows_it_tests(built, tmp_path, damage, check):
    failed = _failures_after(built, tmp_path, damage)
    assert failed.get(check)


# A patched build (a small refresh) checks only the rows it wrote: the tables' other rows are those
# of a build that passed. Here the scope is what a patch would have written to make the damage:
# the keys of every row that differs from the clean build, and the papers the clean build's
# sightings of those files had (sql/delta/050_replaced_sightings.sql).
_PATCHED_TABLES = {
    "source_files": "source_file",
    "sightings": "source_file",
    "rejects": "source_file",
    "papers": "paper_id",
    "paper_topic_scores": "paper_id",
    "paper_links": "paper_id",
    "paper_aliases": "paper_id",
}


def _patched_failures_after(built, tmp_path, damage: str) -> dict[str, list]:
    settings, _ = built
    with _damaged(built, tmp_path, damage) as con:
        con.execute("ATTACH ? AS clean (READ_ONLY)", [str(settings.warehouse_path)])
        changed = {"source_file": set(), "paper_id": set()}
        for table, key in _PATCHED_TABLES.items():
            rows = con.execute(
                f"(SELECT {key} FROM (FROM {table} EXCEPT ALL FROM clean.{table})) "
                f"UNION (SELECT {key} FROM (FROM clean.{table} EXCEPT ALL FROM {table}))"
            ).fetchall()
            changed[key] |= {key_value for (key_value,) in rows}
        replaced = con.execute(
            "SELECT DISTINCT paper_id FROM clean.sightings WHERE list_contains(?, source_file)",
            [sorted(changed["source_file"])],
        ).fetchall()
        con.execute("DETACH clean")
        scope = "CREATE TEMP TABLE {} AS SELECT unnest(?::VARCHAR[]) AS {}"
        con.execute(scope.format("scope_source_file", "source_file"), [sorted(changed["source_file"])])
        con.execute("CREATE TEMP TABLE scope_file_times AS FROM scope_source_file LIMIT 0")
        con.execute("CREATE TEMP TABLE changed_source_files AS FROM scope_source_file LIMIT 0")
        con.execute(scope.format("scope_paper_id", "paper_id"), [sorted(changed["paper_id"])])
        con.execute("CREATE TEMP TABLE changed_paper_aliases AS FROM scope_paper_id LIMIT 0")
        con.execute(scope.format("replaced_sighting_papers", "paper_id"), [[p for (p,) in replaced]])
        return {c.name: c.sample for c in run_checks(con, patched=True) if c.failures}


@pytest.mark.parametrize("damage", [damage for damage, _ in _DAMAGES] + [_LOST_SIGHTING, _BLANK_TITLE])
def test_a_patched_build_finds_the_damage_in_the_rows_it_wrote(built, tmp_path, damage):
    assert _patched_failures_after(built, tmp_path, damage) == _failures_after(built, tmp_path, damage) != {}


def test_a_patched_build_looks_only_at_the_rows_it_wrote(built, tmp_path):
    """Damage outside a patch's scope is the previous build's, which passed: not looked at again
    (the scope here is empty)."""
    with _damaged(built, tmp_path, _BLANK_TITLE) as con:
        for table, column in [
            ("scope_source_file", "source_file"),
            ("scope_file_times", "source_file"),
            ("changed_source_files", "source_file"),
            ("scope_paper_id", "paper_id"),
            ("changed_paper_aliases", "paper_id"),
            ("replaced_sighting_papers", "paper_id"),
        ]:
            con.execute(f"CREATE TEMP TABLE {table} ({column} VARCHAR)")
        assert [c.name for c in run_checks(con, patched=True) if c.failures] == []
        assert [c.name for c in run_checks(con) if c.failures] == ["non_empty_titles"]
