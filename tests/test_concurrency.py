"""Real processes: an analyst never blocks a refresh, and concurrent refreshes converge.

Every refresh here runs in its own Python process (``subprocess``), exactly like a CLI run racing a
Dagster run or a notebook holding the warehouse open.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from conftest import FIXTURES, build_all
from pipeline.config import Settings

ROOT = Path(__file__).resolve().parent.parent

# The core refresh, as the Dagster assets run it: ingest, papers, warehouse (each under its flock).
# argv: raw_dir data_dir [go_file]; with a go file it waits for it, so two runs start together.
CORE_REFRESH = """
import os, sys, time
from pipeline.config import Settings
from pipeline.ingest import refresh_source_files
from pipeline.papers import build_papers
from pipeline.warehouse import build_warehouse
go = sys.argv[3] if len(sys.argv) > 3 else None
if go:
    print("ready", flush=True)
while go and not os.path.exists(go):
    time.sleep(0.002)
settings = Settings.from_env(sys.argv[1], sys.argv[2])
refresh_source_files(settings, workers=1)
build_papers(settings)
build_warehouse(settings)
"""

# An analyst: one read-only connection held open for the whole test; answers "counts" on stdin.
ANALYST = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
def counts(c):
    return ",".join(
        str(c.execute(f"SELECT count(*) FROM {t}").fetchone()[0])
        for t in ("source_files", "sightings", "papers")
    )
print("ready", counts(con), flush=True)
for line in sys.stdin:
    if line.strip() == "counts":
        print("counts", counts(con), flush=True)
    elif line.strip() == "reconnect":  # a second connection while the first one is still open
        with duckdb.connect(sys.argv[1], read_only=True) as second:
            print("reconnect", counts(second), flush=True)
    elif line.strip() == "quit":
        break
con.close()
"""

SNAPSHOT = {
    "papers": "SELECT paper_id, title, n_sightings, topic FROM papers ORDER BY ALL",
    "sightings": "SELECT source_file, position, paper_id FROM sightings ORDER BY ALL",
    "source_files": "SELECT source_file, status, n_records FROM source_files ORDER BY ALL",
}


def _env(settings: Settings | None = None) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("DAGSTER_HOME", None)
    if settings is not None:
        env["PAPERLAKE_RAW_DIR"] = str(settings.raw_dir)
        env["PAPERLAKE_DATA_DIR"] = str(settings.data_dir)
    return env


def snapshot(warehouse: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return {name: con.execute(sql).fetchall() for name, sql in SNAPSHOT.items()}


def counts(warehouse: Path) -> tuple[int, int, int]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return tuple(
            con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("source_files", "sightings", "papers")
        )


def refresh_command(how: str, settings: Settings) -> list[str]:
    if how == "core":
        return [sys.executable, "-c", CORE_REFRESH, str(settings.raw_dir), str(settings.data_dir)]
    return [sys.executable, "-m", "assets.cli", "refresh", "--quiet"]


@pytest.mark.slow
@pytest.mark.parametrize("how", ["core", "cli"])
def test_refresh_never_waits_for_an_open_analyst_connection(how, tmp_path, settings, sample_raw):
    build_all(settings)
    before = counts(settings.warehouse_path)
    assert before == (5, 503, 451)

    analyst = subprocess.Popen(
        [sys.executable, "-c", ANALYST, str(settings.warehouse_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=_env(),
    )
    try:
        assert analyst.stdout.readline().split() == ["ready", "5,503,451"]

        # A page disappears and another arrives while the analyst is connected.
        (sample_raw / "004_5eb5cd19f5667830.txt").unlink()
        shutil.copy(FIXTURES / "rich_2024-10-08.txt", sample_raw / "rich_2024-10-08.txt")
        started = time.monotonic()
        done = subprocess.run(
            refresh_command(how, settings),
            cwd=ROOT,
            env=_env(settings),
            capture_output=True,
            text=True,
            timeout=120,
        )
        elapsed = time.monotonic() - started
        assert done.returncode == 0, done.stderr[-3000:]
        # The refresh finished while the analyst still held the file open: it did not wait for them.
        assert analyst.poll() is None
        assert elapsed < 90

        # The open connection keeps its snapshot ...
        analyst.stdin.write("counts\n")
        analyst.stdin.flush()
        assert analyst.stdout.readline().split() == ["counts", "5,503,451"]
        # Caveat worth documenting: DuckDB caches the database instance per path and process, so a
        # new connection opened *while the old one is still open in the same process* shares the
        # old snapshot; analysts must close every connection to see a refresh.
        analyst.stdin.write("reconnect\n")
        analyst.stdin.flush()
        assert analyst.stdout.readline().split() == ["reconnect", "5,503,451"]
        # ... and a new connection sees the new build: 004 (223 sightings) out, 2 rich papers in.
        after = counts(settings.warehouse_path)
        assert after[:2] == (5, 503 - 223 + 2)
        assert after[2] < 451

        # The refreshed warehouse equals a clean build of the same raw folder.
        clean = Settings.from_env(sample_raw, tmp_path / "clean")
        build_all(clean)
        assert snapshot(settings.warehouse_path) == snapshot(clean.warehouse_path)
    finally:
        if analyst.poll() is None:
            analyst.stdin.write("quit\n")
            analyst.stdin.flush()
        analyst.wait(timeout=30)
    assert analyst.returncode == 0


def _start_together(settings: Settings, tmp_path: Path, n: int = 2) -> list[subprocess.CompletedProcess]:
    go = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", CORE_REFRESH, str(settings.raw_dir), str(settings.data_dir), str(go)],
            cwd=ROOT,
            env=_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(n)
    ]
    for proc in procs:  # both have imported the pipeline and are polling for the go file
        assert proc.stdout.readline().strip() == "ready"
    go.touch()
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=180)
        results.append(subprocess.CompletedProcess(proc.args, proc.returncode, out, err))
    return results


def _leftovers(data_dir: Path) -> list[str]:
    return sorted(
        str(p.relative_to(data_dir))
        for p in data_dir.rglob("*")
        if ".tmp" in p.name and p.is_file() and "dagster_home" not in p.parts
    )


@pytest.mark.slow
def test_two_refreshes_started_together_both_succeed_and_equal_a_clean_build(tmp_path, settings, sample_raw):
    # From nothing: both race the full build.
    for result in _start_together(settings, tmp_path):
        assert result.returncode == 0, result.stderr[-3000:]
    clean = Settings.from_env(sample_raw, tmp_path / "clean")
    build_all(clean)
    assert snapshot(settings.warehouse_path) == snapshot(clean.warehouse_path)
    assert _leftovers(settings.data_dir) == []

    # Then both race the same incremental refresh (one page deleted, one added, one edited).
    (sample_raw / "001_555dd415fc7a4787.txt").unlink()
    shutil.copy(FIXTURES / "rich_2024-10-08.txt", sample_raw / "rich_2024-10-08.txt")
    page = sample_raw / "000_8e204f4297e1cc17.txt"
    page.write_text("\n".join(page.read_text().split("\n")[:-4]) + "\n")
    (tmp_path / "go").unlink()
    for result in _start_together(settings, tmp_path):
        assert result.returncode == 0, result.stderr[-3000:]
    clean2 = Settings.from_env(sample_raw, tmp_path / "clean2")
    build_all(clean2)
    assert snapshot(settings.warehouse_path) == snapshot(clean2.warehouse_path)
    assert _leftovers(settings.data_dir) == []


def test_refresh_survives_another_ingest_between_its_stages(settings, sample_raw):
    from pipeline.ingest import refresh_source_files
    from pipeline.papers import build_papers
    from pipeline.warehouse import build_warehouse

    refresh_source_files(settings, workers=1)  # refresh A
    build_papers(settings)  # refresh A
    shutil.copy(FIXTURES / "rich_2024-10-08.txt", sample_raw / "rich_2024-10-08.txt")
    refresh_source_files(settings, workers=1)  # refresh B's first stage takes the lock here
    report = build_warehouse(settings)  # refresh A's last stage: must not fail, nor publish stale papers
    assert report.rebuilt
    clean = Settings.from_env(sample_raw, settings.data_dir.parent / "clean_between")
    build_all(clean)
    assert snapshot(settings.warehouse_path) == snapshot(clean.warehouse_path)
