"""The raw folder cannot silently wipe or corrupt the warehouse (issue 19, items 5, 6 and 9):

* a raw folder emptied after a build that read pages (an unmounted drive) is refused, unless the
  user says so (``--allow-empty``);
* a data folder inside the raw folder is refused (it would read its own files as pages);
* two distinct file names always stay two ``source_file`` rows.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from conftest import ABSTRACT, build_all, spaced
from pipeline.config import Settings
from pipeline.ingest import RawDirRefused, refresh_source_files

ROOT = Path(__file__).resolve().parent.parent


def cli(settings: Settings, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("DAGSTER_HOME", None)
    env.update(PAPERLAKE_RAW_DIR=str(settings.raw_dir), PAPERLAKE_DATA_DIR=str(settings.data_dir))
    return subprocess.run(
        [sys.executable, "-m", "assets.cli", *args], env=env, cwd=ROOT, capture_output=True, text=True
    )


def _refused(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 2, (done.returncode, done.stderr[-2000:])
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("paperlake: "), done.stderr
    return lines[0]


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


@pytest.mark.slow
def test_an_emptied_raw_dir_is_refused_until_the_user_says_yes(settings, sample_raw):
    build_all(settings)
    published = settings.warehouse_path.read_bytes()
    lake = _files(settings.parquet_dir)
    for page in sample_raw.iterdir():
        page.unlink()
    (sample_raw / ".DS_Store").write_bytes(b"\0")  # what an empty mount point may still hold

    message = _refused(cli(settings, "refresh"))
    assert str(sample_raw) in message and "holds no page" in message and "--allow-empty" in message
    assert settings.warehouse_path.read_bytes() == published
    assert _files(settings.parquet_dir) == lake
    # The core refuses too (a sensor or UI run does not go through the CLI's checks).
    with pytest.raises(RawDirRefused, match="last build read 5"):
        refresh_source_files(settings, workers=1)
    assert _files(settings.parquet_dir) == lake

    done = cli(settings, "refresh", "--allow-empty")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "records:          0" in done.stdout


def test_a_raw_dir_that_was_always_empty_is_fine(settings):
    report = refresh_source_files(settings, workers=1)
    assert report.files_seen == 0


def test_a_data_dir_inside_the_raw_dir_is_refused(tmp_path, sample_raw):
    inside = Settings.from_env(sample_raw, sample_raw / "var")
    message = _refused(cli(inside, "refresh"))
    assert "inside the raw dir" in message and str(sample_raw) in message
    with pytest.raises(RawDirRefused, match="inside the raw dir"):
        refresh_source_files(inside, workers=1)
    same = Settings.from_env(sample_raw, sample_raw)
    with pytest.raises(RawDirRefused):
        refresh_source_files(same, workers=1)
    assert not (sample_raw / "var" / "parquet").exists()


def test_a_byte_name_and_its_escaped_spelling_stay_two_files(settings, raw_dir):
    """``caf\\xe9.txt`` as latin-1 bytes and a file literally named ``caf\\xe9.txt``: both pages
    keep their records (they used to collapse into one source_file)."""
    titles = {b"caf\xe9.txt": "Latin Byte Name Paper", b"caf\\xe9.txt": "Literal Backslash Name Paper"}
    for name, title in titles.items():
        with open(os.path.join(os.fsencode(raw_dir), name), "w") as out:
            out.write(spaced(title, ABSTRACT))
    (raw_dir / "plain\\name.txt").write_text(spaced("Plain Backslash Paper", ABSTRACT))
    build_all(settings)
    rows = {r["source_file"]: r for r in pq.read_table(settings.source_files_path).to_pylist()}
    assert set(rows) == {"caf\\xe9.txt", "caf\\\\xe9.txt", "plain\\\\name.txt"}
    assert all(r["status"] == "ok" and r["n_records"] == 1 for r in rows.values())
    import duckdb

    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        found = dict(con.execute("SELECT source_file, title FROM sightings").fetchall())
    assert found == {
        "caf\\xe9.txt": "Latin Byte Name Paper",
        "caf\\\\xe9.txt": "Literal Backslash Name Paper",
        "plain\\\\name.txt": "Plain Backslash Paper",
    }
