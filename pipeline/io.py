"""Small file helpers: atomic writes, so a crash never leaves a half-written file behind."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq


def _tmp_path(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    return Path(tmp)


@contextmanager
def atomic_target(path: Path, *, fsync: bool = False, mode: int | None = None) -> Iterator[Path]:
    """A temporary path beside ``path`` to write to; on success it is (fsynced,) chmod-ed and
    renamed over ``path``, on any failure removed. Readers see the old file or the new one, never
    half of one. ``mode``: mkstemp makes files private (0600); pass 0o644 for files others read."""
    tmp = _tmp_path(path)
    try:
        yield tmp
        if fsync:
            with open(tmp, "rb") as handle:
                os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_parquet_atomic(table: pa.Table, path: Path, *, fsync: bool = True) -> None:
    """Write Parquet under a temporary name in the same folder, fsync, then rename over ``path``.

    ``fsync=False`` is for the many small shards of one ingest, which flushes them all with a single
    ``os.sync()`` before it writes the manifest that points at them (one fsync per shard was a fifth
    of a worker's time). A killed process loses nothing either way; fsync guards against power loss.
    """
    with atomic_target(path, fsync=fsync) as tmp:
        pq.write_table(table, tmp, compression="zstd")


def write_batches_atomic(
    batches: pa.RecordBatchReader, path: Path, metadata: dict[str, str] | None = None
) -> int:
    """Stream record batches into one Parquet file (atomically, like ``write_parquet_atomic``).

    For results too large to hold as one table (papers at 20,000 pages is ~1.6 GB of text).
    Returns the number of rows written.
    """
    schema = batches.schema.with_metadata(metadata or {})
    rows = 0
    with atomic_target(path, fsync=True) as tmp, pq.ParquetWriter(tmp, schema, compression="zstd") as writer:
        for batch in batches:
            writer.write_batch(batch.replace_schema_metadata(schema.metadata))
            rows += batch.num_rows
    return rows


def write_json_atomic(value: Any, path: Path) -> None:
    with atomic_target(path) as tmp:
        tmp.write_text(json.dumps(value, indent=1, sort_keys=True, default=str), encoding="utf-8")


def write_bytes_atomic(data: bytes, path: Path, *, mode: int | None = None) -> None:
    with atomic_target(path, mode=mode) as tmp:
        tmp.write_bytes(data)


def keep_link(source: Path, kept: Path) -> None:
    """Make ``kept`` name the same file as ``source`` now (atomically), to diff against later.

    A hard link costs nothing: our outputs are only ever replaced (a new file renamed over the old
    name), never rewritten in place, so the kept name keeps the old content. Copies where the
    filesystem has no hard links.
    """
    kept.parent.mkdir(parents=True, exist_ok=True)
    tmp = kept.with_name(f".{kept.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        os.link(source, tmp)
    except OSError:
        shutil.copyfile(source, tmp)
    os.replace(tmp, kept)


def read_json(path: Path) -> Any | None:
    """The JSON in ``path``, or None when it is missing or unreadable (a cache miss, not an error)."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
