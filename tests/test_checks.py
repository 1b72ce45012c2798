"""The warehouse's data checks find what they promise to find.

A clean build of the sample passes every check; then a copy of it is damaged the way a bug in a
build step would damage it, and each check must name the broken rows.
"""

from __future__ import annotations

import shutil

import duckdb
import pytest

from conftest import build_all
from pipeline.warehouse import run_checks


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
    assert len(report.checks) == 4


def test_a_whitespace_only_abstract_is_caught(built, tmp_path):
    damage = "UPDATE papers SET abstract = ' \t ' WHERE paper_id = (SELECT min(paper_id) FROM papers)"
    failed = _failures_after(built, tmp_path, damage)
    assert list(failed) == ["non_empty_titles"]
    assert failed["non_empty_titles"][0][0] == "papers"


def test_a_duplicated_paper_and_a_lost_sighting_are_caught(built, tmp_path):
    failed = _failures_after(
        built,
        tmp_path,
        "INSERT INTO papers SELECT * FROM papers WHERE paper_id = (SELECT min(paper_id) FROM papers);"
        "DELETE FROM sightings WHERE rowid = (SELECT min(rowid) FROM sightings);",
    )
    assert set(failed) == {"unique_paper_ids", "sightings_match_papers", "source_files_accounted"}
