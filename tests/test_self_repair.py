"""The lake verifies itself (issue 19, items 3 and 7): a deleted or damaged Parquet shard is parsed
again from its raw page, and a damaged derived file (manifest, papers, paper keys, warehouse) is
rebuilt from what is intact, each with a message naming the file - never a wrong warehouse with
exit 0. Damage is done as it happens: files deleted, or cut short or overwritten in place (which the
hard links under ``_warehouse_inputs/`` and ``_identity/`` share)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from conftest import ABSTRACT, build_all, copy_sample_pages, spaced, warehouse_contents
from pipeline.config import Settings
from pipeline.ingest import refresh_source_files
from pipeline.papers import ShardMissing, build_papers

ROOT = Path(__file__).resolve().parent.parent
ADDED = "2026-02-02_added.txt"


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> dict:
    """The sample pages built once (``before``), and a second raw folder with one page more,
    built clean (``after``): every repaired lake must equal these."""
    base = tmp_path_factory.mktemp("repair")
    raw = copy_sample_pages(base / "raw")
    before = Settings.from_env(raw, base / "before")
    build_all(before)
    raw2 = base / "raw2"
    shutil.copytree(raw, raw2)
    (raw2 / ADDED).write_text(spaced("Self Repairing Lakes", ABSTRACT), encoding="utf-8")
    after = Settings.from_env(raw2, base / "after")
    build_all(after)
    return {
        "base": base,
        "before": before,
        "raw2": raw2,
        "expected": warehouse_contents(before.warehouse_path),
        "expected_after": warehouse_contents(after.warehouse_path),
    }


def _copy(world: dict, data: Path) -> Settings:
    """A copy of the built lake at ``data`` (a test's own ``tmp_path``: removed when it passes)."""
    shutil.copytree(world["before"].data_dir, data)
    return Settings.from_env(world["before"].raw_dir, data)


def _a_shard(settings: Settings) -> tuple[Path, str]:
    """The sightings shard of the biggest page, and that page's name."""
    rows = pq.read_table(settings.source_files_path).to_pylist()
    row = max((r for r in rows if r["status"] == "ok"), key=lambda r: r["n_records"])
    return settings.parquet_dir / "sightings" / f"{row['sha256']}.parquet", row["source_file"]


def cut(path: Path) -> None:
    """Cut a file short in place (a full disk, an interrupted copy): its hard links see it too."""
    with open(path, "r+b") as handle:
        handle.truncate(path.stat().st_size // 2)


def overwrite_middle(path: Path) -> None:
    with open(path, "r+b") as handle:
        handle.seek(path.stat().st_size // 2)
        handle.write(os.urandom(4096))


def _then_an_added_page_builds_right(world: dict, settings: Settings) -> None:
    """The next refresh after the repair (an incremental one) is right too."""
    later = Settings.from_env(world["raw2"], settings.data_dir)
    build_all(later)
    assert warehouse_contents(later.warehouse_path) == world["expected_after"]


@pytest.mark.parametrize("damage", ["delete", "cut"])
@pytest.mark.parametrize("next_build", ["same pages", "page added", "forced full"])
def test_a_damaged_shard_is_parsed_again(world, tmp_path, damage, next_build, caplog):
    settings = _copy(world, tmp_path / f"shard-{damage}-{next_build.replace(' ', '_')}")
    shard, page = _a_shard(settings)
    shard.unlink() if damage == "delete" else cut(shard)

    if next_build == "page added":
        settings = Settings.from_env(world["raw2"], settings.data_dir)
        expected = world["expected_after"]
    else:
        expected = world["expected"]
    ingest = refresh_source_files(settings, workers=1)
    assert ingest.parsed >= 1
    build_papers(settings, force=next_build == "forced full")
    from pipeline.warehouse import build_warehouse

    build_warehouse(settings, force=next_build == "forced full")
    assert warehouse_contents(settings.warehouse_path) == expected
    assert pq.read_table(shard).num_rows > 0
    message = next(r.getMessage() for r in caplog.records if str(shard) in r.getMessage())
    assert page in message and "again" in message


def test_a_deleted_shard_folder_is_reported_in_a_few_lines(tmp_path, caplog):
    """Every shard gone (a folder deleted, a bad sync): every page is parsed again, and the refresh
    says so in a few lines - the first pages by name, then how many more - not one line a page."""
    raw = copy_sample_pages(tmp_path / "raw")
    for i in range(4):  # nine contents in all: more than are named one by one
        title = f"Shard Folder Lost Number {i}"
        (raw / f"2026-02-0{i + 1}_extra.txt").write_text(spaced(title, ABSTRACT), encoding="utf-8")
    settings = Settings.from_env(raw, tmp_path / "data")
    build_all(settings)
    expected = warehouse_contents(settings.warehouse_path)
    shutil.rmtree(settings.parquet_dir / "sightings")

    caplog.clear()
    build_all(settings)
    assert warehouse_contents(settings.warehouse_path) == expected
    said = [r.getMessage() for r in caplog.records if "again from" in r.getMessage()]
    assert len(said) == 6, said  # five pages by name, one line for the rest
    assert "and 4 more contents whose shards are missing or damaged" in said[-1]


def test_a_shard_vanishing_after_the_ingest_stops_the_build_naming_it(world, tmp_path):
    settings = _copy(world, tmp_path / "shard-vanishes")
    refresh_source_files(settings, workers=1)
    shard, _ = _a_shard(settings)
    shard.unlink()
    with pytest.raises(ShardMissing, match=str(shard)):
        build_papers(settings, force=True)


@pytest.mark.parametrize("name", ["source_files.parquet", "papers.parquet", "paper_keys.parquet"])
def test_a_damaged_derived_parquet_file_is_rebuilt(world, tmp_path, name, caplog):
    settings = _copy(world, tmp_path / f"derived-{name}")
    damaged = settings.parquet_dir / name
    cut(damaged)  # hard links under _identity/ and _warehouse_inputs/ are cut with it
    build_all(settings)
    assert warehouse_contents(settings.warehouse_path) == world["expected"]
    assert pq.read_table(damaged).num_rows > 0
    assert any(str(damaged) in r.getMessage() and "damaged" in r.getMessage() for r in caplog.records)
    _then_an_added_page_builds_right(world, settings)


@pytest.mark.parametrize("damage", [cut, overwrite_middle], ids=["cut", "overwritten"])
def test_a_damaged_warehouse_is_rebuilt(world, tmp_path, damage, caplog):
    settings = _copy(world, tmp_path / f"warehouse-{damage.__name__}")
    damage(settings.warehouse_path)
    _, _, report = build_all(settings)
    assert report.rebuilt and report.mode == "full"
    assert warehouse_contents(settings.warehouse_path) == world["expected"]
    assert any(str(settings.warehouse_path) in r.getMessage() for r in caplog.records)
    _then_an_added_page_builds_right(world, settings)


def test_damaged_warehouse_before_an_incremental_build_gets_a_full_one(world, tmp_path):
    settings = _copy(world, tmp_path / "warehouse-then-page")
    overwrite_middle(settings.warehouse_path)
    _then_an_added_page_builds_right(world, settings)


@pytest.mark.slow
def test_the_cli_names_the_repaired_shard_and_publishes_every_sighting(world, tmp_path):
    settings = _copy(world, tmp_path / "cli-shard")
    shard, page = _a_shard(settings)
    shard.unlink()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("DAGSTER_HOME", None)
    env.update(PAPERLAKE_RAW_DIR=str(settings.raw_dir), PAPERLAKE_DATA_DIR=str(settings.data_dir))
    done = subprocess.run(
        [sys.executable, "-m", "assets.cli", "refresh"], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "records:          503" in done.stdout
    lines = [line for line in done.stderr.splitlines() if str(shard) in line]
    assert len(lines) == 1 and lines[0].startswith("paperlake: ") and page in lines[0], done.stderr


def test_summary_of_a_damaged_warehouse_is_one_sentence(world, tmp_path):
    settings = _copy(world, tmp_path / "summary-damaged")
    settings.warehouse_path.write_bytes(b"a,b\n1,2\n")  # what a COPY … TO it used to leave
    env = dict(os.environ, PYTHONPATH=str(ROOT), PAPERLAKE_DATA_DIR=str(settings.data_dir))
    done = subprocess.run(
        [sys.executable, "-m", "assets.cli", "summary"], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and str(settings.warehouse_path) in lines[0] and "paperlake refresh" in lines[0]
