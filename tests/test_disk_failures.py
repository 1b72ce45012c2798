"""A full disk or a read-only data dir: `paperlake refresh` says so in one sentence and the last
published warehouse stays exactly as it was (analysts keep querying it).

Uses a real small tmpfs mounted by the test (needs root, as in CI here; skipped where mounting is
not allowed) - not a simulated OSError.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES
from pipeline.config import BUNDLED_RAW_DIR


def _mount_tmpfs(path: Path, size: str) -> bool:
    path.mkdir(parents=True, exist_ok=True)
    command = ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)]
    done = subprocess.run(command, capture_output=True)
    return done.returncode == 0


@pytest.fixture
def small_disk(tmp_path):
    mount_point = tmp_path / "disk"
    if os.geteuid() != 0 or shutil.which("mount") is None or not _mount_tmpfs(mount_point, "96m"):
        pytest.skip("needs permission to mount a tmpfs")
    yield mount_point
    subprocess.run(["umount", "-l", str(mount_point)], check=False)


def _refresh(raw: Path, data: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PAPERLAKE_RAW_DIR=str(raw), PAPERLAKE_DATA_DIR=str(data))
    env.pop("DAGSTER_HOME", None)
    return subprocess.run(
        [sys.executable, "-m", "assets.cli", "refresh", "--quiet"], env=env, capture_output=True, text=True
    )


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def published(small_disk, tmp_path):
    """A warehouse built from the sample pages on the small disk, and a new page waiting."""
    raw = tmp_path / "raw"
    shutil.copytree(BUNDLED_RAW_DIR, raw)
    data = small_disk / "data"
    first = _refresh(raw, data)
    assert first.returncode == 0, first.stderr[-2000:]
    shutil.copy(FIXTURES / "rich_2024-10-08.txt", raw / "rich_2024-10-08.txt")
    warehouse = data / "warehouse.duckdb"
    return raw, data, warehouse, _digest(warehouse)


@pytest.mark.slow
def test_full_disk_fails_fast_and_keeps_the_published_warehouse(published, small_disk):
    raw, data, warehouse, before = published
    fd = os.open(small_disk / "filler", os.O_WRONLY | os.O_CREAT)  # fill the disk to the last byte
    for chunk in (1 << 20, 4096, 1):
        try:
            while True:
                os.write(fd, b"\0" * chunk)
        except OSError:
            pass
    os.close(fd)
    done = _refresh(raw, data)
    assert done.returncode == 2, done.stderr[-2000:]
    line = done.stderr.strip()
    assert line.startswith(f"paperlake: data dir {data} is on a full disk (0.0 MB free") and "\n" not in line
    assert _digest(warehouse) == before
    (small_disk / "filler").unlink()
    assert _refresh(raw, data).returncode == 0  # space is back: the next refresh just works
    assert _digest(warehouse) != before


@pytest.mark.slow
def test_read_only_data_dir_fails_fast_and_keeps_the_published_warehouse(published, small_disk):
    raw, data, warehouse, before = published
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    done = _refresh(raw, data)
    assert done.returncode == 2, done.stderr[-2000:]
    line = done.stderr.strip()
    assert line.startswith(f"paperlake: data dir {data} is not writable") and "\n" not in line
    assert _digest(warehouse) == before
