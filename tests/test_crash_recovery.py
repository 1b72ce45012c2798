"""``kill -9`` at chosen points of a refresh, then refresh again: nothing is lost or half-published.

A small driver runs the core stages in a subprocess and sends itself SIGKILL at a deterministic
point (between stages, inside the N-th Parquet write, after the N-th warehouse SQL file, ...). After
the kill the previously published warehouse must still open and be unchanged; a normal refresh
must then produce exactly what a clean build of the same raw folder produces.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from conftest import build_all, copy_sample_pages
from pipeline.config import Settings
from tests.support.corpus import SynthPaper, render_spaced

ROOT = Path(__file__).resolve().parent.parent

# argv: raw_dir data_dir point n
DRIVER = """
import os, signal, sys
import pipeline.ingest as ingest, pipeline.papers as papers, pipeline.warehouse as warehouse
from pipeline.config import Settings

raw, data, point, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
settings = Settings.from_env(raw, data)

def die():
    os.kill(os.getpid(), signal.SIGKILL)

def kill_on_call(module, name, n, half_write=False):
    real, calls = getattr(module, name), [0]
    def wrapper(*args, **kwargs):
        calls[0] += 1
        if calls[0] == n:
            if half_write:  # the temporary file is written, the rename never happens
                import pyarrow.parquet as pq
                from pipeline.io import _tmp_path
                table, path = args
                pq.write_table(table, _tmp_path(path))
            die()
        return real(*args, **kwargs)
    setattr(module, name, wrapper)

if point == "ingest_write":
    kill_on_call(ingest, "write_parquet_atomic", n, half_write=True)
elif point == "papers_write":
    kill_on_call(papers, "write_parquet_atomic", n, half_write=True)
elif point == "papers_stream":  # key_shards (1st) and papers.parquet (2nd) are streamed: die half-way
    real_stream, streams = papers.write_batches_atomic, [0]
    def stream_then_die(batches, path, metadata=None):
        streams[0] += 1
        if streams[0] < n:
            return real_stream(batches, path, metadata)
        import pyarrow.parquet as pq
        from pipeline.io import _tmp_path
        writer = pq.ParquetWriter(_tmp_path(path), batches.schema)
        writer.write_batch(next(iter(batches)))
        die()
    papers.write_batches_atomic = stream_then_die
elif point == "papers_keep":  # every output written, the manifest they came from not yet kept
    kill_on_call(papers, "keep_copy", n)
elif point == "warehouse_sql":
    kill_on_call(warehouse, "run_file", n)
elif point == "warehouse_checks":
    real_checks = warehouse.run_checks
    def checks_then_die(con, **options):
        real_checks(con, **options)
        die()
    warehouse.run_checks = checks_then_die
elif point == "warehouse_state":
    kill_on_call(warehouse, "write_json_atomic", n)

ingest.refresh_source_files(settings, workers=1)
if point == "after_ingest":
    die()
papers.build_papers(settings)
if point == "after_papers":
    die()
warehouse.build_warehouse(settings)
print("no kill point reached", file=sys.stderr)
sys.exit(3)
"""

SNAPSHOT = {
    "papers": "SELECT paper_id, title, n_sightings, topic FROM papers ORDER BY ALL",
    "sightings": "SELECT source_file, position, paper_id FROM sightings ORDER BY ALL",
    "source_files": "SELECT source_file, status, n_records FROM source_files ORDER BY ALL",
}

ADDED = "2026-01-05_added.txt"
EDITED = "000_8e204f4297e1cc17.txt"


def snapshot(warehouse: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return {name: con.execute(sql).fetchall() for name, sql in SNAPSHOT.items()}


def _added_page() -> str:
    papers = [
        SynthPaper(
            f"t{i}",
            f"Crash-Safe Incremental Refresh Number {i} for Parquet Warehouses",
            f"We study refresh number {i}: shards are written atomically and the manifest last.",
        )
        for i in range(7)
    ]
    from datetime import date

    return render_spaced(papers, date(2026, 1, 5))


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """Raw folder before/after the change, the published state before it and a clean build after."""
    base = tmp_path_factory.mktemp("crash")
    raw = copy_sample_pages(base / "raw")
    before = Settings.from_env(raw, base / "before")
    build_all(before)
    published = snapshot(before.warehouse_path)

    # The change: one page added, one edited (last record dropped), so the refresh writes 2 shards.
    (raw / ADDED).write_text(_added_page(), encoding="utf-8")
    edited = raw / EDITED
    edited.write_text("\n".join(edited.read_text().split("\n")[:-4]) + "\n")
    clean = Settings.from_env(raw, base / "clean")
    build_all(clean)
    expected = snapshot(clean.warehouse_path)
    assert expected != published
    assert len(expected["source_files"]) == 6
    return {"base": base, "raw": raw, "before": before, "published": published, "expected": expected}


KILL_POINTS = [
    ("ingest_write", 1),  # half-way through the first new shard
    ("ingest_write", 3),  # shards done, manifest half-written
    ("after_ingest", 0),
    ("papers_stream", 1),  # the key -> shard index half-streamed
    ("papers_write", 1),  # key index written, paper_keys.parquet half-written
    ("papers_stream", 2),  # key index and paper_keys written, papers.parquet half-streamed
    ("papers_keep", 1),  # all papers outputs written, their manifest not kept: next build goes full
    ("after_papers", 0),
    ("warehouse_sql", 4),  # after three warehouse SQL files ran into the temporary file
    ("warehouse_checks", 0),  # warehouse fully built and checked, not yet published
]


def _kill_refresh(world, data: Path, point: str, n: int) -> Settings:
    """The built lake copied to ``data`` (in a test's own ``tmp_path``), then a refresh of it killed."""
    shutil.copytree(world["before"].data_dir, data)
    settings = Settings.from_env(world["raw"], data)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, str(world["raw"]), str(data), point, str(n)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr[-3000:]
    return settings


@pytest.mark.slow
@pytest.mark.parametrize(("point", "n"), KILL_POINTS, ids=[f"{p}-{n}" for p, n in KILL_POINTS])
def test_kill_9_then_refresh_equals_a_clean_build(world, tmp_path, point, n):
    settings = _kill_refresh(world, tmp_path / "data", point, n)

    # The last published warehouse survived the crash untouched and still opens.
    assert snapshot(settings.warehouse_path) == world["published"]

    # A normal refresh (lock released by the kernel) repairs everything.
    build_all(settings)
    assert snapshot(settings.warehouse_path) == world["expected"]
    assert list(settings.data_dir.glob("warehouse.duckdb.tmp-*")) == []
    # Every shard the manifest points at is complete and readable (no half-written shard is used).
    ingest, papers, warehouse = build_all(settings)
    assert (ingest.hashed, papers.rebuilt, warehouse.rebuilt) == (0, False, False)


@pytest.mark.slow
def test_kill_9_after_publishing_but_before_recording_state(world, tmp_path):
    """The window between ``os.replace`` and ``_warehouse_state.json``: the new build is whole."""
    settings = _kill_refresh(world, tmp_path / "data", "warehouse_state", 1)
    assert snapshot(settings.warehouse_path) == world["expected"]
    build_all(settings)
    assert snapshot(settings.warehouse_path) == world["expected"]


@pytest.mark.slow
def test_temporaries_of_a_killed_writer_are_collected(world, tmp_path):
    settings = _kill_refresh(world, tmp_path / "data", "ingest_write", 1)
    build_all(settings)
    leftovers = [p.name for p in settings.parquet_dir.rglob("*.tmp")]
    assert leftovers == []
