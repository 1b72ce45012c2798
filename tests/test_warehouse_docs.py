"""The warehouse documents itself, and the committed data dictionary matches it."""

import pytest

from conftest import build_all
from pipeline.dictionary import DICTIONARY_PATH, render
from pipeline.warehouse import open_read_only


@pytest.fixture
def warehouse(settings, sample_raw):
    build_all(settings)
    with open_read_only(settings) as con:
        yield con


def test_every_table_and_column_has_a_comment(warehouse):
    missing = warehouse.execute(
        """SELECT table_name || '.' || column_name FROM duckdb_columns()
           WHERE NOT internal AND table_name IN (SELECT table_name FROM duckdb_tables())
             AND coalesce(comment, '') = ''"""
    ).fetchall()
    assert missing == []
    uncommented = warehouse.execute(
        "SELECT table_name FROM duckdb_tables() WHERE coalesce(comment, '') = ''"
    ).fetchall()
    assert uncommented == []


def test_committed_data_dictionary_is_current(warehouse):
    assert DICTIONARY_PATH.read_text(encoding="utf-8") == render(warehouse), (
        "docs/data-dictionary.md is stale: run `python -m pipeline.dictionary`"
    )


def test_every_analyst_view_returns_rows(warehouse):
    views = [
        v for (v,) in warehouse.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()
    ]
    assert len(views) >= 5
    for view in views:
        assert warehouse.execute(f'SELECT count(*) FROM "{view}"').fetchone()[0] > 0, view
