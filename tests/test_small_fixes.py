"""Smaller reliability fixes of issue 19, item 9: a touched page's mtime reaches the warehouse,
Parquet files are readable by others, and a failed refresh ends with one sentence naming the check,
the rate and the file."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from conftest import build_all, warehouse_contents
from pipeline.config import Settings
from pipeline.io import DEFAULT_FILE_MODE

ROOT = Path(__file__).resolve().parent.parent
PAGE = "000_8e204f4297e1cc17.txt"


def test_a_touched_unchanged_page_updates_source_files_mtime(tmp_path, settings, sample_raw):
    build_all(settings)
    page = sample_raw / PAGE
    st = page.stat()
    touched = st.st_mtime_ns + 2 * 10**9  # same day: the capture date does not change
    os.utime(page, ns=(st.st_atime_ns, touched))
    _, papers, warehouse = build_all(settings)
    assert not papers.rebuilt  # no paper depends on a file's mtime
    assert warehouse.rebuilt
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        (mtime,) = con.execute("SELECT mtime FROM source_files WHERE source_file = ?", [PAGE]).fetchone()
    assert mtime == datetime.fromtimestamp(touched / 1e9, tz=UTC)
    clean = Settings.from_env(sample_raw, tmp_path / "clean")
    build_all(clean)
    assert warehouse_contents(settings.warehouse_path) == warehouse_contents(clean.warehouse_path)


def test_parquet_files_get_the_umask_mode_not_0600(settings, sample_raw):
    umask = os.umask(0o022)
    os.umask(umask)
    assert 0o666 & ~umask == DEFAULT_FILE_MODE
    build_all(settings)
    files = [p for p in settings.parquet_dir.rglob("*") if p.is_file()]
    assert files
    modes = {str(p.relative_to(settings.parquet_dir)): stat.S_IMODE(p.stat().st_mode) for p in files}
    assert set(modes.values()) == {DEFAULT_FILE_MODE}, modes


def _log_file(path: Path) -> None:
    lines = [
        f"2026-01-01 12:{i // 60 % 60:02d}:{i % 60:02d} INFO worker-{i % 7} batch {i}" for i in range(4000)
    ]
    path.write_text("\n".join(lines) + "\n")


def _refresh(settings, raw_dir: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("DAGSTER_HOME", None)
    env.update(PAPERLAKE_RAW_DIR=str(raw_dir), PAPERLAKE_DATA_DIR=str(settings.data_dir))
    return subprocess.run(
        [sys.executable, "-m", "assets.cli", "refresh"], env=env, cwd=ROOT, capture_output=True, text=True
    )


def _broken_export(path: Path) -> None:
    """A page of an exporter that lost the cards: it links twelve papers, and no card can be read."""
    links = [f"https://huggingface.co/papers/2401.{i:05d}" for i in range(12)]
    path.write_text("Daily Papers\n\n" + "\n".join(links) + "\n")


def test_a_stray_log_file_is_no_listing_and_the_pages_beside_it_are_published(settings, sample_raw):
    """A log lists no papers: it is reported as such (status document), its lines are not counted
    as a listing's rejects, and the pages beside it are published."""
    _log_file(sample_raw / "scraper.log")
    done = _refresh(settings, sample_raw)
    assert done.returncode == 0, done.stderr
    assert "1 document" in done.stdout and "records:          503" in done.stdout


def test_a_collapsed_batch_fails_with_one_sentence_naming_check_and_files(settings, sample_raw):
    for i in range(6):  # more broken exports than pages: the batch as a whole looks broken
        _broken_export(sample_raw / f"scraper_{i}.md")
    done = _refresh(settings, sample_raw)
    assert done.returncode == 1
    said = [line for line in done.stderr.splitlines() if line.startswith("paperlake:")]
    assert len(said) == 1, done.stderr
    assert "step None" not in done.stderr
    sentence = said[0]
    assert "batch_not_collapsed" in sentence and "scraper_0.md" in sentence
    assert sentence.endswith("run `paperlake refresh` again")


def test_keeping_the_same_inputs_twice_leaves_no_temporary_file(tmp_path):
    """Two refreshes racing each other may keep the same warehouse inputs beside the standby twice;
    the second keep renames a second hard link of one file onto the first, which POSIX makes a no-op
    that succeeds. The data dir must not collect `.tmp` files from it."""
    from pipeline.io import keep_copy

    source, kept = tmp_path / "paper_keys.parquet", tmp_path / "standby" / "paper_keys.parquet"
    kept.parent.mkdir()
    source.write_bytes(b"PAR1")
    keep_copy(source, kept)
    keep_copy(source, kept)
    assert sorted(p.name for p in kept.parent.iterdir()) == ["paper_keys.parquet"]
    assert kept.read_bytes() == b"PAR1"
