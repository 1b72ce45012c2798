"""The standby warehouse: an incremental build patches the file the previous build replaced (after a
full build, the copy of itself it left) instead of copying the published one, and never writes a
file someone still reads or that changed.

What users rely on: the published warehouse is always complete and right (equal to a clean full
build), an analyst's open connection keeps its snapshot whatever refreshes run, and a refresh after a
small change does not copy the whole warehouse.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap

import duckdb
import pytest

from conftest import FIXTURES, build_all, warehouse_contents
from pipeline.config import PROJECT_ROOT, Settings
from pipeline.standby import standby_path

PAPERS = "SELECT count(*), sum(n_sightings) FROM papers"


def _papers_of(path) -> tuple:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(PAPERS).fetchone()


def _clean_build(raw, tmp_path, name: str) -> dict:
    clean = Settings.from_env(raw, tmp_path / name)
    build_all(clean)
    return warehouse_contents(clean.warehouse_path)


def _add_page(raw, name: str) -> None:
    shutil.copy(FIXTURES / "rich_2024-10-08.txt", raw / name)


def test_the_replaced_warehouse_is_kept_and_patched_by_the_next_build(tmp_path, settings, sample_raw):
    build_all(settings)
    standby = standby_path(settings.warehouse_path)
    # A full build leaves a copy of itself as the standby: a file of its own with the same contents.
    first, copy = os.stat(settings.warehouse_path), os.stat(standby)
    assert copy.st_ino != first.st_ino
    assert warehouse_contents(standby) == warehouse_contents(settings.warehouse_path)

    _add_page(sample_raw, "rich.txt")
    *_, report = build_all(settings)
    assert (report.mode, report.base) == ("incremental", "standby")
    assert os.stat(settings.warehouse_path).st_ino == copy.st_ino  # the copy was patched and published
    # The first build's file, not a copy of it: the same inode under the standby name.
    assert os.stat(standby).st_ino == first.st_ino
    kept = os.stat(settings.warehouse_path)

    (sample_raw / "001_555dd415fc7a4787.txt").unlink()
    *_, report = build_all(settings)
    assert (report.mode, report.base) == ("incremental", "standby")
    assert os.stat(settings.warehouse_path).st_ino == first.st_ino  # the standby was patched and published
    assert os.stat(standby).st_ino == kept.st_ino
    assert warehouse_contents(settings.warehouse_path) == _clean_build(sample_raw, tmp_path, "clean")


def test_after_a_full_build_the_next_small_change_patches_its_standby(tmp_path, settings, sample_raw):
    """A large batch of pages makes a full build. The file it replaced is that batch behind, so the
    build leaves a copy of itself as the standby instead: the next one-page refresh patches that copy
    with the one page, neither building everything again nor copying the published file then."""
    build_all(settings)
    for i in range(12):  # more files than an incremental build takes (MIN_UNITS_FOR_SHARE_RULE)
        _add_page(sample_raw, f"batch_{i:02d}.txt")
    *_, report = build_all(settings)
    assert report.mode == "full"
    assert _papers_of(standby_path(settings.warehouse_path)) == _papers_of(settings.warehouse_path)

    page = (FIXTURES / "rich_2024-10-08.txt").read_text(encoding="utf-8")
    (sample_raw / "one_more.txt").write_text(page + "\n", encoding="utf-8")  # not a copy of the batch's
    *_, report = build_all(settings)
    assert (report.mode, report.base) == ("incremental", "standby")
    assert report.scope["files"] == 1
    assert warehouse_contents(settings.warehouse_path) == _clean_build(sample_raw, tmp_path, "clean")


READER = textwrap.dedent(
    """
    import sys, duckdb
    con = duckdb.connect(sys.argv[1], read_only=True)
    print(con.execute(sys.argv[2]).fetchone(), flush=True)
    sys.stdin.readline()  # hold the file open until told
    print(con.execute(sys.argv[2]).fetchone(), flush=True)
    """
)


def test_a_warehouse_an_analyst_still_reads_is_never_patched(tmp_path, settings, sample_raw):
    """An analyst opened the warehouse before two refreshes: the second would patch that very file
    (now the standby), so it copies the published one instead, and the analyst's answers hold."""
    build_all(settings)
    analyst = subprocess.Popen(
        [sys.executable, "-c", READER, str(settings.warehouse_path), PAPERS],
        cwd=PROJECT_ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        before = analyst.stdout.readline()
        _add_page(sample_raw, "rich.txt")
        build_all(settings)
        (sample_raw / "001_555dd415fc7a4787.txt").unlink()
        *_, report = build_all(settings)
        assert (report.mode, report.base) == ("incremental", "copy")
        analyst.stdin.write("\n")
        analyst.stdin.flush()
        assert analyst.stdout.readline() == before  # the analyst's snapshot, untouched
    finally:
        analyst.kill()
        analyst.wait()
    assert warehouse_contents(settings.warehouse_path) == _clean_build(sample_raw, tmp_path, "clean")
    # Once the analyst is gone, the next refresh patches the standby again.
    _add_page(sample_raw, "rich_again.txt")
    *_, report = build_all(settings)
    assert report.base == "standby"


def test_a_connection_of_the_refreshing_process_is_respected_too(tmp_path, settings, sample_raw):
    """DuckDB's file locks do not stop a writer in the reader's own process (a notebook that queries
    and refreshes): that reader is found by its open file and keeps its answers. The notebook opened
    the warehouse under a name of its own, a hard link (through the published name, DuckDB would hand
    the refresh that same open database, whose stale build makes the refresh build in full)."""
    build_all(settings)
    shortcut = tmp_path / "my_warehouse.duckdb"
    os.link(settings.warehouse_path, shortcut)
    with duckdb.connect(str(shortcut), read_only=True) as reader:
        before = reader.execute(PAPERS).fetchone()
        _add_page(sample_raw, "rich.txt")
        build_all(settings)
        (sample_raw / "001_555dd415fc7a4787.txt").unlink()
        *_, report = build_all(settings)
        assert (report.mode, report.base) == ("incremental", "copy")
        assert reader.execute(PAPERS).fetchone() == before


@pytest.mark.parametrize("damage", ["appended", "touched", "replaced"])
def test_a_standby_that_changed_since_it_was_kept_is_thrown_away(tmp_path, settings, sample_raw, damage):
    build_all(settings)
    _add_page(sample_raw, "rich.txt")
    build_all(settings)
    standby = standby_path(settings.warehouse_path)
    if damage == "appended":
        with open(standby, "ab") as handle:
            handle.write(b"\0" * 4096)
    elif damage == "touched":
        os.utime(standby, ns=(0, 0))
    else:  # another warehouse put in its place: the published one, which has other contents
        shutil.copy(settings.warehouse_path, standby)
    (sample_raw / "001_555dd415fc7a4787.txt").unlink()
    *_, report = build_all(settings)
    assert (report.mode, report.base) == ("incremental", "copy")
    assert warehouse_contents(settings.warehouse_path) == _clean_build(sample_raw, tmp_path, "clean")


def test_the_standby_can_be_turned_off(monkeypatch, settings, sample_raw):
    monkeypatch.setenv("PAPERLAKE_WAREHOUSE_STANDBY", "0")
    build_all(settings)
    _add_page(sample_raw, "rich.txt")
    *_, report = build_all(settings)
    assert report.base == "copy"
    assert not standby_path(settings.warehouse_path).exists()
    assert _papers_of(settings.warehouse_path)[0] > 451
