"""Small file helpers: atomic writes, so a crash never leaves a half-written file behind.

Every writer also takes a location on object storage (a ``UPath``, see ``pipeline.storage``): the
file is written to a local temporary first and uploaded whole when it is complete, because S3 has no
rename - publishing an object *is* its PUT, which readers see entirely or not at all.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.storage import Location, copy_object, is_remote, upload

_TMP_NUMBERS = itertools.count()


def _tmp_path(path: Path) -> Path:
    """A name beside ``path`` that no other writer uses (this process's id and a counter), named
    ``.<name>.<pid>-<n>.tmp`` so that garbage collection knows it. The writer creates the file:
    creating it here first (``mkstemp``), closing it and reopening it doubled a small file's cost."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return path.with_name(f".{path.name}.{os.getpid()}-{next(_TMP_NUMBERS)}.tmp")


def _default_mode() -> int:
    """The mode ``open()`` would give a new file (0666 less the umask, 0644 usually). Set on every
    published file: a private one (0600, as ``mkstemp`` makes them) would be unreadable to the
    other users the README invites to read the dataset."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


DEFAULT_FILE_MODE = _default_mode()


@contextmanager
def atomic_target(path: Location, *, fsync: bool = False, mode: int | None = None) -> Iterator[Path]:
    """A temporary path beside ``path`` to write to; on success it is (fsynced,) chmod-ed and
    renamed over ``path``, on any failure removed. Readers see the old file or the new one, never
    half of one. ``mode``: default, what ``open()`` would give (``DEFAULT_FILE_MODE``).

    For an object-storage ``path`` the temporary is local (in ``$TMPDIR``) and is uploaded on
    success; ``fsync`` and ``mode`` do not apply (a PUT that succeeded is durable)."""
    if is_remote(path):
        with _uploaded_on_success(path) as tmp:
            yield tmp
        return
    tmp = _tmp_path(path)
    try:
        yield tmp
        if fsync:
            with open(tmp, "rb") as handle:
                os.fsync(handle.fileno())
        os.chmod(tmp, DEFAULT_FILE_MODE if mode is None else mode)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


# Local staging files of uploads: named by the writer's pid, so that a file whose writer died (kill -9)
# before uploading it can be recognised and removed (``remove_stale_staging``).
STAGING_PREFIX = "paperlake-staging-"


@contextmanager
def _uploaded_on_success(target: Location) -> Iterator[Path]:
    fd, name = tempfile.mkstemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", suffix=f"-{target.name}")
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        upload(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def write_parquet_atomic(table: pa.Table, path: Location, *, fsync: bool = True, **options: Any) -> None:
    """Write Parquet under a temporary name in the same folder, fsync, then rename over ``path``.

    ``fsync=False`` is for the many small shards of one ingest, which flushes them all at once
    (``flush_to_disk``) before it writes the manifest that points at them (one fsync per shard in the
    workers was a fifth of a worker's time). A killed process loses nothing either way; fsync guards
    against power loss.
    ``options`` go to ``pyarrow.parquet.write_table``.
    """
    with atomic_target(path, fsync=fsync) as tmp:
        pq.write_table(table, tmp, compression="zstd", **options)


# Above this many files one ``os.sync()`` is cheaper than an fsync of each; below it, os.sync() costs
# more than the files: it flushes every dirty page of the machine (0.75 s after a one-page refresh of
# 20,000 pages, whose warehouse copy was still being written back).
FSYNC_EACH_MAX = 64


def flush_to_disk(paths: Iterable[Location]) -> None:
    """Make files written with ``fsync=False`` durable, and their renames with them: an fsync of each
    file and then of each folder, or one ``os.sync()`` for many files. Objects in storage need none."""
    local = [Path(path) for path in paths if not is_remote(path)]
    local = [path for path in local if path.exists()]
    if len(local) > FSYNC_EACH_MAX:
        os.sync()
        return
    for path in [*local, *sorted({path.parent for path in local})]:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_batches_atomic(
    batches: pa.RecordBatchReader, path: Location, metadata: dict[str, str] | None = None
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


def write_json_atomic(value: Any, path: Location) -> None:
    with atomic_target(path) as tmp:
        tmp.write_text(json.dumps(value, indent=1, sort_keys=True, default=str), encoding="utf-8")


def write_bytes_atomic(data: bytes, path: Path, *, mode: int | None = None) -> None:
    with atomic_target(path, mode=mode) as tmp:
        tmp.write_bytes(data)


def read_json(path: Location) -> Any | None:
    """The JSON in ``path``, or None when it is missing or unreadable (a cache miss, not an error)."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def remove_stale_staging() -> list[str]:
    """Remove the staging files of paperlake processes that no longer run; returns their names.

    Such a file can never be uploaded any more, and papers.parquet's is as large as the papers.
    A live process (ours, or another refresh of another data dir) keeps its files.
    """
    removed = []
    for path in Path(tempfile.gettempdir()).glob(f"{STAGING_PREFIX}*"):
        pid = path.name[len(STAGING_PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and not _process_alive(int(pid)):
            path.unlink(missing_ok=True)
            removed.append(path.name)
    return removed


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def keep_copy(source: Location, kept: Location) -> None:
    """Replace ``kept`` with a copy of ``source`` (atomically), as cheaply as the storage allows.

    Locally a hard link costs nothing (paperlake only ever replaces these files, never rewrites them
    in place), with a byte copy where links are not possible; on object storage a server-side copy.
    """
    if is_remote(kept):
        copy_object(source, kept)
        return
    tmp = _tmp_path(kept)
    try:
        os.link(source, tmp)
    except OSError:
        shutil.copyfile(source, tmp)
    try:
        os.replace(tmp, kept)
    finally:
        # rename() between two links of one file does nothing and succeeds (POSIX): when ``kept``
        # already was a link of ``source`` (the same inputs kept twice), the new link stays behind.
        tmp.unlink(missing_ok=True)
