"""No kill wedges the pipeline (issue 19, items 1, 2 and 8), through the real CLI with the pool.

A driver runs ``paperlake refresh`` (``assets.cli.main``) in its own process and parks it at a chosen
point inside a stage - holding the data-dir lock (and, with ``--dagster``, the ``paperlake_writer``
pool slot), or with the parse workers started - like tests/test_crash_recovery.py parks the core.
The test then sends the real SIGKILL (or SIGTERM) and checks that no process outlives its parent
and that the next refresh finishes (with ``--dagster``, reclaiming the dead run) and equals a clean
build.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from conftest import build_all, copy_sample_pages, warehouse_contents
from pipeline.config import Settings
from tests.support.corpus import SynthPaper, render_spaced

ROOT = Path(__file__).resolve().parent.parent

# argv: point. Parks the refresh at ``point`` (printing "parked <point> <pid>") until it is killed.
DRIVER = """
import os, sys, time
import pipeline.ingest as ingest, pipeline.papers as papers, pipeline.warehouse as warehouse

point = sys.argv[1]

def park(*args, **kwargs):
    os.write(1, f"parked {point} {os.getpid()}\\n".encode())  # one write: workers share the pipe
    while True:
        time.sleep(3600)

if point == "parsed_pages":  # inside the step, holding the pool slot and .paperlake.lock
    ingest.scan_raw_dir = park
elif point == "pool":  # every parse worker parks: the parent waits on the pool
    ingest._process_file = park
elif point == "papers":
    papers.read_manifest = park
elif point == "warehouse":
    warehouse.papers_input_fingerprint = park

from assets.cli import main
sys.exit(main(["refresh", "--quiet", *sys.argv[2:]]))
"""


def _env(settings: Settings) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for name in ("DAGSTER_HOME", "PAPERLAKE_PROGRESS", "PAPERLAKE_ALLOW_EMPTY_RAW"):
        env.pop(name, None)
    env.update(PAPERLAKE_RAW_DIR=str(settings.raw_dir), PAPERLAKE_DATA_DIR=str(settings.data_dir))
    return env


def start(settings: Settings, point: str | None, extra: tuple[str, ...] = ()) -> subprocess.Popen:
    command = (
        [sys.executable, "-c", DRIVER, point, *extra]
        if point
        else [sys.executable, "-m", "assets.cli", "refresh", *extra]
    )
    return subprocess.Popen(
        command, env=_env(settings), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def parked(proc: subprocess.Popen, n: int = 1) -> list[int]:
    """Wait for ``n`` "parked" lines (the driver reached its point); their pids."""
    pids = []
    while len(pids) < n:
        line = proc.stdout.readline()
        assert line, f"driver ended before parking: {proc.wait()} {proc.stderr.read()[-3000:]}"
        pids.extend(int(pid) for pid in re.findall(r"parked \S+ (\d+)", line))
    return pids


def alive(pid: int) -> bool:
    """Whether ``pid`` still runs (a zombie has exited: it only waits for its parent to reap it)."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def wait_gone(pids: list[int], limit_s: float = 60.0) -> list[int]:
    """The pids still alive after waiting up to ``limit_s`` for them to die."""
    import time

    deadline = time.monotonic() + limit_s
    while any(alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    return [p for p in pids if alive(p)]


def refresh(settings: Settings, extra: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "assets.cli", "refresh", "--quiet", *extra],
        env=_env(settings),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )


def _pool_pages(raw: Path) -> None:
    """Eight pages of ~1.1 MB: enough files and bytes for ingest to parse with the process pool."""
    for page in range(8):
        papers = [
            SynthPaper(
                f"p{page}-{i}",
                f"Pool Page {page} Paper {i}: Workers That Die With Their Parent",
                f"Page {page} record {i}. " + "We study process lifetimes under SIGKILL. " * 50,
            )
            for i in range(500)
        ]
        (raw / f"2026-03-0{page + 1}_pool.txt").write_text(render_spaced(papers, date(2026, 3, page + 1)))


@pytest.fixture(scope="module")
def corpora(tmp_path_factory) -> dict[str, tuple[Path, dict]]:
    """Two raw folders (the samples; the pool pages) and each one's clean build."""
    base = tmp_path_factory.mktemp("kill")
    out = {}
    for name in ("samples", "pool"):
        raw = base / name
        raw.mkdir()
        if name == "samples":
            copy_sample_pages(raw)
        else:
            _pool_pages(raw)
        clean = Settings.from_env(raw, base / f"{name}-clean")
        build_all(clean)
        out[name] = (raw, warehouse_contents(clean.warehouse_path))
    return out


# (point, corpus, refresh options): every stage of a plain refresh; a Dagster run killed while it
# holds its pool slot.
POINTS = [
    ("parsed_pages", "samples", ()),
    ("pool", "pool", ()),
    ("papers", "samples", ()),
    ("warehouse", "samples", ()),
    ("parsed_pages", "samples", ("--dagster",)),
]


@pytest.mark.slow
@pytest.mark.parametrize(("point", "corpus", "extra"), POINTS, ids=[p + "".join(e) for p, _, e in POINTS])
def test_sigkill_inside_each_step_then_refresh_equals_a_clean_build(corpora, tmp_path, point, corpus, extra):
    raw, expected = corpora[corpus]
    settings = Settings.from_env(raw, tmp_path / "data")
    victim = start(settings, point, extra)
    try:
        if point == "pool":
            workers = parked(victim, 2)
            assert victim.pid not in workers
        else:
            assert parked(victim) == [victim.pid]
            workers = []
    finally:
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=60)
        victim.stdout.close()
        victim.stderr.close()
    # No parse worker outlives the refresh that started it.
    survivors = wait_gone(workers)
    for pid in survivors:  # do not leave them parked if this fails
        os.kill(pid, signal.SIGKILL)
    assert survivors == []

    done = refresh(settings, extra)
    assert done.returncode == 0, done.stderr[-3000:]
    assert warehouse_contents(settings.warehouse_path) == expected
    if not extra:
        assert not settings.dagster_home.exists()
        return
    assert f"pid {victim.pid}, which no longer runs, marked failed" in done.stderr

    from dagster import DagsterInstance, DagsterRunStatus
    from dagster._core.instance.ref import InstanceRef

    with DagsterInstance.from_ref(InstanceRef.from_dir(str(settings.dagster_home))) as instance:
        statuses = sorted(run.status.value for run in instance.get_runs())
        assert statuses == sorted([DagsterRunStatus.FAILURE.value, DagsterRunStatus.SUCCESS.value])
        assert instance.event_log_storage.get_concurrency_run_ids() == set()


@pytest.mark.slow
def test_a_waiting_refresh_says_for_whom_stops_on_sigterm_and_its_kill_wedges_nothing(corpora, tmp_path):
    raw, expected = corpora["samples"]
    settings = Settings.from_env(raw, tmp_path / "data")
    holder = start(settings, "parsed_pages")
    try:
        parked(holder)
        # A second refresh waits, saying for whom; SIGTERM (or Ctrl-C) stops it at once.
        waiter = start(settings, None)
        line = waiter.stderr.readline()
        assert f"waiting for the refresh running as pid {holder.pid}" in line, line
        waiter.send_signal(signal.SIGTERM)
        code = waiter.wait(timeout=60)
        rest = waiter.stderr.read().strip().splitlines()
        assert code == 130, rest
        assert rest[-1].startswith("paperlake: refresh stopped by Ctrl-C or SIGTERM"), rest
        waiter.stdout.close()
        waiter.stderr.close()
        # A waiting refresh killed outright leaves nothing behind either.
        killed = start(settings, None)
        assert "waiting for" in killed.stderr.readline()
        killed.send_signal(signal.SIGKILL)
        killed.wait(timeout=60)
        killed.stdout.close()
        killed.stderr.close()
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=60)
        holder.stdout.close()
        holder.stderr.close()
    done = refresh(settings)
    assert done.returncode == 0, done.stderr[-3000:]
    assert warehouse_contents(settings.warehouse_path) == expected


@pytest.mark.slow
def test_first_refreshes_started_together_without_a_dagster_home_all_succeed(corpora, tmp_path):
    """Several refreshes on a data dir with no dagster_home/ yet: none crashes creating it."""
    raw, expected = corpora["samples"]
    settings = Settings.from_env(raw, tmp_path / "data")
    procs = [start(settings, None, ("--dagster",)) for _ in range(3)]
    for proc in procs:
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err[-3000:]
        assert "alembic" not in err
    assert warehouse_contents(settings.warehouse_path) == expected
