"""The previous warehouse kept beside the published one, so an incremental build need not copy it.

An incremental build patches a copy of the published warehouse, never the file analysts read. A
copy of the whole file (1.6 GB at 20,000 pages) for a change of one page made every small refresh
cost in proportion to the corpus. So when a build is published, the file it replaces is kept as
``warehouse.duckdb.standby`` (a hard link taken before the atomic ``os.replace``: no copy, no
moment without a published file), with the inputs it was built from. The next incremental build
starts from that file, patching in the changes of two builds instead of one, and publishes it.
A full build (a new parser, a large batch of pages) is the exception: the file it replaces is that
whole batch behind, so it leaves a copy of itself as the standby instead (``copy_as_standby``), and
the first small refresh after it patches that copy as the later ones patch theirs.

The standby was the published file: analysts may still have it open. DuckDB locks a file it opens
(shared for read-only connections, exclusive for writers) per process, so a build takes the
standby only if it can open it for writing and no connection of its own process reads it; else it
copies the published file as before. A standby that is not exactly what was recorded (size, mtime,
build fingerprint, SQL and code version, readable inputs) is deleted and never patched.
``PAPERLAKE_WAREHOUSE_STANDBY=0`` turns it off (the data dir then holds one warehouse, not two).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import pyarrow as pa

from pipeline.config import Settings
from pipeline.io import keep_copy
from pipeline.sql import query_file
from pipeline.storage import Location, read_parquet_schema

INPUT_NAMES = ("source_files.parquet", "papers.parquet", "paper_keys.parquet")


def standby_path(target: Path) -> Path:
    return target.with_name(f"{target.name}.standby")


def inputs_dir(settings: Settings) -> Location:
    """The manifest and papers the published warehouse was built from: the next build diffs against them."""
    return settings.parquet_dir / "_warehouse_inputs"


def standby_inputs_dir(settings: Settings) -> Location:
    """The manifest and papers the standby warehouse was built from."""
    return inputs_dir(settings) / "standby"


def file_identity(path: Path) -> list[int]:
    """Size and mtime: paperlake never writes a published or standby file in place (it is replaced
    whole), so any change to them means something else wrote or cut it."""
    st = path.stat()
    return [st.st_size, st.st_mtime_ns]


def readable_parquet(path: Location) -> bool:
    """Whether a kept input can be read (a hard link shares any damage done to its source)."""
    try:
        read_parquet_schema(path)
    except (OSError, pa.ArrowException):
        return False
    return True


def built_fingerprint(path: Path) -> str | None:
    """The input fingerprint recorded inside a warehouse file (None if it does not open)."""
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            rows = query_file(con, "queries/built_fingerprint.sql")
    except duckdb.Error:
        return None
    return rows[0]["input_fingerprint"] if rows else None


def take_standby(
    settings: Settings,
    entry: dict | None,
    compatible: dict,
    inputs_fingerprint: Callable[[Location], str],
    target: Path,
    tmp: Path,
) -> bool:
    """Move the standby warehouse to ``tmp`` for an incremental build to patch; False if there is
    none that can be patched (the caller then copies the published file to ``tmp``).

    ``entry`` is what the state recorded about the standby; ``compatible`` the SQL and code version
    the current build needs (a standby built otherwise is stale); ``inputs_fingerprint`` gives the
    warehouse fingerprint of the inputs kept in a folder (they must be the standby's own).
    """
    path = standby_path(target)
    if not settings.keep_standby or entry is None or not path.exists():
        return False
    if not _is_recorded_standby(settings, entry, compatible, inputs_fingerprint, target, path):
        path.unlink(missing_ok=True)
        return False
    os.replace(path, tmp)
    if _open_in_this_process(tmp) or not _writable(tmp):
        # An analyst's connection still reads it: it stays theirs (unlinked, it lives until closed).
        tmp.unlink(missing_ok=True)
        return False
    return True


def _is_recorded_standby(
    settings: Settings,
    entry: dict,
    compatible: dict,
    inputs_fingerprint: Callable[[Location], str],
    target: Path,
    path: Path,
) -> bool:
    inputs = standby_inputs_dir(settings)
    return (
        not os.path.samefile(path, target)
        and entry.get("published") == file_identity(path)
        and built_as_recorded(path, entry, compatible, inputs)
        and inputs_fingerprint(inputs) == entry.get("fingerprint")
    )


def built_as_recorded(path: Path, record: dict, compatible: dict, inputs: Location) -> bool:
    """Whether the warehouse at ``path`` is the build ``record`` describes (its fingerprint inside
    the file), made with the SQL and code ``compatible`` names, and the inputs it was built from
    are still readable in ``inputs``: then a build may patch it with what changed since."""
    return (
        all(record.get(key) == value for key, value in compatible.items())
        and all(readable_parquet(inputs / name) for name in INPUT_NAMES)
        and built_fingerprint(path) == record.get("fingerprint")
    )


def _open_in_this_process(path: Path) -> bool:
    """Whether a file descriptor of this process refers to ``path`` (DuckDB's file locks do not
    protect a connection from a writer in its own process). Linux's /proc; elsewhere False."""
    fd_dir = Path("/proc/self/fd")
    if not fd_dir.is_dir():
        return False
    st = path.stat()
    for fd in os.listdir(fd_dir):
        try:
            other = os.stat(int(fd))
        except (OSError, ValueError):
            continue
        if (other.st_dev, other.st_ino) == (st.st_dev, st.st_ino):
            return True
    return False


def _writable(path: Path) -> bool:
    """Whether DuckDB can open ``path`` for writing: another process's connection holds its lock."""
    try:
        duckdb.connect(str(path)).close()
    except duckdb.IOException:
        return False
    return True


def _standby_staging(target: Path) -> Path:
    """Where the standby is made before it is renamed into place: a ``warehouse.duckdb.tmp-*`` name,
    which the next build removes if this process dies first."""
    return target.with_name(f"{target.name}.tmp-{os.getpid()}-standby")


def publish_keeping_standby(tmp: Path, target: Path, keep: bool) -> bool:
    """Replace ``target`` with ``tmp`` atomically; with ``keep``, the replaced file becomes the standby
    (hard-linked first, so the published name is never missing). Returns whether it was kept."""
    link = _standby_staging(target)
    kept = False
    if keep and target.exists():
        try:
            os.link(target, link)
            kept = True
        except OSError:  # a file system without hard links: no standby, the next build copies
            kept = False
    os.replace(tmp, target)
    if kept:
        os.replace(link, standby_path(target))
    else:
        standby_path(target).unlink(missing_ok=True)
    return kept


def copy_as_standby(target: Path) -> list[int] | None:
    """Make the standby a copy of the just-published ``target`` (after a full build): the standby the
    publish would keep, the file it replaced, is a whole batch of pages behind, and the next small
    refresh would copy the published file instead (0.1 s at 2,000 pages, 2-5 s at 20,000 with its
    checkpoint). Written under a temporary name, fsynced like the published file, then renamed.
    Returns its file identity; None, and no standby, when it cannot be written (a full disk)."""
    path = standby_path(target)
    tmp = _standby_staging(target)
    try:
        shutil.copyfile(target, tmp)
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)
        path.unlink(missing_ok=True)
        return None
    return file_identity(path)


def keep_standby_inputs(settings: Settings) -> None:
    """The inputs kept beside the published warehouse become the standby's: after a publish that
    kept the replaced file, the previous build's (before this build's replace them); after a full
    build's copy of itself, this build's."""
    for name in INPUT_NAMES:
        keep_copy(inputs_dir(settings) / name, standby_inputs_dir(settings) / name)
