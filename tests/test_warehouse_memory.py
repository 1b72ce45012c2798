"""Bounded memory: topic scoring in batches of papers, and a DuckDB memory cap on by default."""

from __future__ import annotations

import shutil

import duckdb
import pytest

import pipeline.sql
import pipeline.warehouse
from conftest import build_all, warehouse_contents
from pipeline.config import Settings
from pipeline.sql import IDENTITY_MEMORY_CEILING, default_memory_limit, limit_resources
from pipeline.warehouse import build_warehouse
from tests.support.corpus import generate_corpus


def _batch_sizes_seen(monkeypatch) -> list[int]:
    """Record, for every batch the topic files run on, how many papers it holds."""
    seen: list[int] = []
    original = pipeline.warehouse.run_file

    def run_file(con, relative: str) -> None:
        original(con, relative)
        if relative == "warehouse/062_topic_tokens.sql":
            seen.append(con.execute("SELECT count(*) FROM topic_batch_ids").fetchone()[0])

    monkeypatch.setattr(pipeline.warehouse, "run_file", run_file)
    return seen


def test_scoring_topics_in_small_batches_builds_the_same_warehouse(
    settings, sample_raw, tmp_path, monkeypatch
):
    """Every topic output depends on one paper's text only, so the batch size changes nothing."""
    build_all(settings)
    one_batch = warehouse_contents(settings.warehouse_path)
    kept = tmp_path / "one_batch.duckdb"
    shutil.copyfile(settings.warehouse_path, kept)

    monkeypatch.setattr(pipeline.warehouse, "TOPIC_BATCH_PAPERS", 40)
    seen = _batch_sizes_seen(monkeypatch)
    assert build_warehouse(settings, force=True).rebuilt
    assert len(seen) == 12 and max(seen) == 40 and sum(seen) == 451  # 451 papers in batches of <= 40
    assert warehouse_contents(settings.warehouse_path) == one_batch


def test_incremental_build_with_batches_equals_a_full_one(tmp_path, monkeypatch):
    """The scoped (incremental) build runs the same batched SQL and merges to the full build's tables."""
    corpus = tmp_path / "corpus"
    generate_corpus(corpus, 6, seed=4, papers_per_page=30, perturb=True)
    pages = sorted(corpus.glob("*.txt"))
    monkeypatch.setattr(pipeline.warehouse, "TOPIC_BATCH_PAPERS", 25)
    raw = tmp_path / "raw"
    raw.mkdir()
    settings = Settings.from_env(raw, tmp_path / "data")
    for page in pages[:-1]:
        shutil.copy(page, raw / page.name)
    build_all(settings)
    shutil.copy(pages[-1], raw / pages[-1].name)
    assert build_all(settings)[2].mode == "incremental"

    full = Settings.from_env(raw, tmp_path / "full")
    build_all(full)
    assert warehouse_contents(settings.warehouse_path) == warehouse_contents(full.warehouse_path)


def test_the_warehouse_builds_under_a_small_memory_cap(tmp_path, monkeypatch):
    """A 6,000-record corpus through every stage with DuckDB capped at 96 MB (it spills instead).
    At 64 MB the papers write ran out of memory in one CI run of six (2026-12-06): DuckDB's threads
    fill the result of ``to_arrow_reader`` in an order that varies, and 61 MiB was at the edge."""
    corpus = tmp_path / "raw"
    generate_corpus(corpus, 60, seed=1, papers_per_page=100)
    monkeypatch.setenv("PAPERLAKE_DUCKDB_MEMORY", "96MB")
    monkeypatch.setattr(pipeline.warehouse, "TOPIC_BATCH_PAPERS", 1_000)
    settings = Settings.from_env(corpus, tmp_path / "data")
    _, papers, report = build_all(settings, workers=1)
    assert report.rebuilt and all(check.passed for check in report.checks)
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM papers").fetchone()[0] == papers.papers
        scored = con.execute("SELECT count(DISTINCT paper_id) FROM paper_topic_scores").fetchone()[0]
    assert scored > 0.9 * papers.papers


@pytest.mark.parametrize(
    ("machine", "expected"),
    [(24 * 2**30, "2048MiB"), (4 * 2**30, "1024MiB"), (512 * 2**20, "256MiB")],
)
def test_default_memory_limit_is_a_share_of_the_machine_with_a_ceiling(monkeypatch, machine, expected):
    monkeypatch.setattr(pipeline.sql, "machine_memory", lambda: machine)
    assert default_memory_limit() == expected


@pytest.mark.parametrize(("machine", "expected"), [(24 * 2**30, "3072MiB"), (4 * 2**30, "1024MiB")])
def test_identity_may_use_more_of_a_large_machine(monkeypatch, machine, expected):
    """The papers stage's identity holds every distinct text in one hash table: its ceiling is higher,
    its share of a small machine the same."""
    monkeypatch.setattr(pipeline.sql, "machine_memory", lambda: machine)
    assert default_memory_limit(IDENTITY_MEMORY_CEILING) == expected


def test_build_connections_are_capped_unless_told_otherwise(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline.sql, "machine_memory", lambda: 4 * 2**30)
    with duckdb.connect() as con:
        limit_resources(con, None, tmp_path / "tmp")
        assert con.execute("SELECT current_setting('memory_limit')").fetchone()[0] == "1.0 GiB"
        assert con.execute("SELECT current_setting('temp_directory')").fetchone()[0] == str(tmp_path / "tmp")
    with duckdb.connect() as con:
        limit_resources(con, "300MB", tmp_path / "tmp")  # PAPERLAKE_DUCKDB_MEMORY wins
        assert con.execute("SELECT current_setting('memory_limit')").fetchone()[0] == "286.1 MiB"
