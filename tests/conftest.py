"""Shared fixtures: temporary raw/data folders and a plain-Python build of the whole pipeline."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.config import BUNDLED_RAW_DIR, Settings
from pipeline.ingest import refresh_source_files
from pipeline.papers import build_papers
from pipeline.warehouse import build_warehouse

FIXTURES = Path(__file__).parent / "fixtures"

# Building blocks of hand-made spaced-layout pages.
ABSTRACT = (
    "We study a problem that matters. Our method improves results across many benchmarks and "
    "settings, and we release code. Experiments on five datasets show consistent gains over "
    "strong baselines while using less compute than prior work."
)
HEADER = (
    "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\n"
    "byAK and the research community\n\nMar 14\n\n"
)
HEADER_LINES = HEADER.count("\n")  # the first block starts on line HEADER_LINES + 1


def spaced(*blocks: str) -> str:
    """A spaced-layout page: header, then the blocks separated by blank lines."""
    return HEADER + "\n\n".join(blocks) + "\n"


@pytest.fixture
def raw_dir(tmp_path: Path) -> Path:
    path = tmp_path / "raw"
    path.mkdir()
    return path


@pytest.fixture
def settings(tmp_path: Path, raw_dir: Path) -> Settings:
    return Settings.from_env(raw_dir, tmp_path / "data")


@pytest.fixture
def sample_raw(raw_dir: Path) -> Path:
    """A private copy of the bundled sample pages."""
    for page in sorted(BUNDLED_RAW_DIR.glob("*.txt")):
        shutil.copy2(page, raw_dir / page.name)
    return raw_dir


def build_all(settings: Settings, workers: int | None = 1):
    """Run the three core stages the way the Dagster assets do; returns their reports."""
    ingest = refresh_source_files(settings, workers=workers)
    papers = build_papers(settings)
    warehouse = build_warehouse(settings)
    return ingest, papers, warehouse


def papers_outputs(settings: Settings) -> dict[str, tuple[str, list[dict]]]:
    """papers.parquet, paper_keys.parquet and the key -> shard index as (schema, rows in file order):
    an incremental papers build must write exactly what a full build writes."""
    import pyarrow.parquet as pq

    from pipeline.papers import key_shards_path

    out = {}
    for path in (settings.papers_path, settings.paper_keys_path, key_shards_path(settings)):
        table = pq.read_table(path)
        out[path.name] = (str(table.schema.remove_metadata()), table.to_pylist())
    return out


# Columns that describe the run rather than the data: they differ between two correct builds.
RUN_COLUMNS = {"source_files": ["change"], "build_info": ["built_at"]}


def warehouse_contents(path: Path) -> dict[str, list[str]]:
    """Every table of a warehouse as sorted rows (run-specific columns left out), for comparing builds."""
    import duckdb

    with duckdb.connect(str(path), read_only=True) as con:
        tables = [t for (t,) in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
        out = {}
        for table in tables:
            exclude = RUN_COLUMNS.get(table)
            columns = f"* EXCLUDE ({', '.join(exclude)})" if exclude else "*"
            out[table] = sorted(map(repr, con.execute(f'SELECT {columns} FROM "{table}"').fetchall()))
        return out
