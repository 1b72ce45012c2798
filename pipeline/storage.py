"""Local folders and object-storage URIs behind one small interface.

paperlake's raw pages can live in a local folder (``/data/pages``) or under an object-storage prefix
(``s3://bucket/pages``). A *location* is therefore either a ``pathlib.Path`` (local: every caller
keeps using ``os``/``pathlib`` exactly as before) or a ``upath.UPath`` backed by an fsspec
filesystem (remote). Remote paths deliberately have no ``__fspath__``: handing one to ``open``,
``os.link`` or pyarrow without a ``filesystem`` fails loudly instead of creating a local file called
``s3:/bucket/...``.

S3 settings come from the standard AWS variables, read by botocore (s3fs) as for any AWS tool:
``AWS_ENDPOINT_URL`` (or ``AWS_ENDPOINT_URL_S3``) for S3-compatible servers (MinIO, Ceph, moto),
``AWS_ACCESS_KEY_ID`` / ``AWS_SECRET_ACCESS_KEY`` / ``AWS_SESSION_TOKEN`` or ``AWS_PROFILE``, and
``AWS_DEFAULT_REGION``. Other fsspec protocols (``gs://``, ``az://``, ...) take the same code path
once their fsspec package is installed, but only S3 is tested.

Every operation on a location goes through its fsspec filesystem (``filesystem(location)``: a
UPath's own, or fsspec's ``LocalFileSystem`` for a local path), so ingest, io and the CLI run the same
code for both. Local storage keeps a few things fsspec does not give it, each in one named place
with its reason: nanosecond mtimes (``read_object``), listing and reading thousands of small files
without fsspec's per-path overhead (``list_objects``, ``read_objects``, the shard check in
``pipeline.ingest``), atomic rename and hard links (``pipeline.io``),
the local raw-dir walker's symlink rules (``pipeline.ingest``), forked worker processes
(``fork_safe``), and DuckDB's native local reads (``register_filesystems``).

What object storage changes (docs/scaling.md, "Object storage"):

* modification times have one-second resolution (S3 ``LastModified``), so every remote mtime is
  floored to whole seconds, in listings and reads alike, to compare equal between the two;
* an object is replaced whole by a PUT, and one GET returns one version, so a read cannot mix two
  versions; the size/mtime check around the read still notices a replacement that lands between
  the listing and the read, exactly as for a local file being rewritten.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pipeline.config imports this module: keep its import cheap
    import duckdb
    import pyarrow as pa
    import pyarrow.parquet as pq
    from fsspec import AbstractFileSystem
    from upath import UPath

    Location = Path | UPath
else:
    Location = Any

# "s3://", "gs://", "memory://": a scheme of two or more characters (so "C:\\x" is not one).
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+)://")
_LOCAL_SCHEMES = {"file", "local"}

# fsspec's default keeps directory listings in memory for the life of the filesystem instance, and
# instances are cached per process: a long-lived process (the Dagster daemon's sensor) would keep
# seeing the pages of its first listing. paperlake lists to find changes, so it never caches.
_STORAGE_OPTIONS: dict[str, Any] = {"use_listings_cache": False}

NANOS = 1_000_000_000


def is_remote(location: object) -> bool:
    """True for an object-storage URI (``s3://bucket/prefix``) or a UPath of one; False for local
    paths, including ``file://`` URIs."""
    if isinstance(location, Path):
        return False
    match = _SCHEME.match(os.fspath(location) if isinstance(location, os.PathLike) else str(location))
    return bool(match) and match.group(1).lower() not in _LOCAL_SCHEMES


def filesystem(location: Location | str) -> tuple[AbstractFileSystem, str]:
    """The fsspec filesystem of a location and the path on it: a UPath's own for object storage,
    fsspec's ``LocalFileSystem`` (one cached instance) and the plain path for a local one."""
    if is_remote(location):
        remote = location if hasattr(location, "fs") else to_location(location)
        return remote.fs, remote.path
    from fsspec.implementations.local import LocalFileSystem

    return LocalFileSystem(), os.fspath(location)


def is_within(path: Location, folder: Location) -> bool:
    """Whether ``path`` is ``folder`` or below it. Local paths are compared resolved (a symlinked
    folder is where it points); URIs as text, since UPath's ``is_relative_to`` does not compare
    them; a local path is never within a URI or the other way round."""
    if is_remote(path) != is_remote(folder):
        return False
    if not is_remote(folder):
        return Path(path).resolve().is_relative_to(Path(folder).resolve())
    return f"{str(path).rstrip('/')}/".startswith(f"{str(folder).rstrip('/')}/")


def fork_safe(*locations: Location | str) -> bool:
    """Whether worker processes that use these locations may be forked.

    Forking starts a worker in milliseconds and is how a local refresh parses thousands of pages
    in parallel; fsspec's object-storage clients (botocore/aiohttp threads and event loops) are
    not safe to fork, so workers that talk to object storage start as fresh interpreters (~1 s)."""
    return not any(is_remote(location) for location in locations)


def to_location(value: str | os.PathLike) -> Location:
    """A folder or file as a user gives it: a resolved local ``Path``, or a ``UPath`` for a URI.

    ``file:///x`` is the local path ``/x``; a trailing slash on a URI is dropped (``s3://b/p/`` and
    ``s3://b/p`` are the same prefix).
    """
    if not isinstance(value, Path) and is_remote(value):
        from upath import UPath

        text = str(value)
        try:
            location = UPath(text, **_STORAGE_OPTIONS)
            location.fs  # noqa: B018 - make the filesystem now: a missing package is a config error
        except ImportError as exc:  # fsspec names the package to install for the protocol
            raise ImportError(f"{text}: {exc} (paperlake's S3 extra: pip install 'paperlake[s3]')") from exc
        except ValueError as exc:  # a protocol fsspec does not know
            raise ValueError(f"{text}: {exc}") from exc
        return location
    text = os.fspath(value)
    match = _SCHEME.match(text)
    if match and match.group(1).lower() in _LOCAL_SCHEMES:
        text = text[len(match.group(0)) :]
        text = text if text.startswith("/") else f"/{text}"
    return Path(text).expanduser().resolve()


@dataclass(frozen=True)
class ObjectInfo:
    """One object under a listed prefix."""

    key: str  # relative to the listed prefix, '/'-separated: the raw page's ``source_file``
    uri: str  # full URI, what a worker process is given to read
    size: int
    mtime_ns: int  # floored to whole seconds (see the module docstring)


def list_objects(folder: Location) -> list[ObjectInfo]:
    """Every file or object under a folder (recursively), sorted by key.

    Keys ending in ``/`` are the empty "folder" markers some tools create: folders, not pages, so
    they are left out (os.walk does not list folders as files either).
    """
    if not is_remote(folder):
        return _list_local(Path(folder))
    fs, root = filesystem(folder)
    root, base = root.rstrip("/"), str(folder).rstrip("/")
    found = fs.find(root, detail=True, withdirs=False)
    objects = []
    for name, info in found.items():
        if name.endswith("/") or info.get("type") == "directory" or not name.startswith(f"{root}/"):
            continue
        key = name[len(root) + 1 :]
        size = int(info.get("size") or 0)
        objects.append(ObjectInfo(key=key, uri=f"{base}/{key}", size=size, mtime_ns=mtime_ns(info)))
    return sorted(objects, key=lambda o: o.key)


def _list_local(root: Path) -> list[ObjectInfo]:
    """``list_objects`` of a local folder with ``os.scandir``, not fsspec: every refresh lists the
    Parquet folder (three files per page), and fsspec's walk took 0.8 s for a 20,000-page corpus.
    Same answer: files only (symlinks followed for size and mtime, not descended into), mtimes
    floored to whole seconds."""
    objects = []
    pending = [(root, "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            key = f"{prefix}{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                pending.append((Path(entry.path), f"{key}/"))
                continue
            try:
                st = entry.stat()
            except FileNotFoundError:  # removed since the listing, or a dangling symlink
                continue
            if not stat.S_ISDIR(st.st_mode):
                floored = st.st_mtime_ns // NANOS * NANOS
                objects.append(ObjectInfo(key=key, uri=entry.path, size=st.st_size, mtime_ns=floored))
    return sorted(objects, key=lambda o: o.key)


def read_object(location: Location | str, limit: int) -> tuple[bytes, tuple[int, int], tuple[int, int]]:
    """Read at most ``limit`` bytes of one file or object; also its (size, mtime_ns) before and after.

    If the two stats differ, or the bytes read are not the size, it changed while it was read: one
    rule for a local file being rewritten and an object replaced by a PUT. On object storage the
    bytes come from a single GET (one object version). Raises ``OSError`` for a missing or
    unreadable file, with a short reason in ``strerror`` (or the message).
    """
    if not is_remote(location):
        return _read_local(os.fspath(location), limit)
    fs, path = filesystem(location)
    try:
        before = _stat(fs, path)
        # A ranged GET caps what a page that grew past the limit costs; S3 refuses a range on an
        # empty object (416), so an empty one is fetched whole.
        data = fs.cat_file(path, start=0, end=limit) if before[0] > 0 else fs.cat_file(path)
        after = _stat(fs, path)
    except FileNotFoundError:
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(location)) from None
    return data, before, after


def _read_local(path: str, limit: int) -> tuple[bytes, tuple[int, int], tuple[int, int]]:
    """``read_object`` of a local file with ``os.stat`` and ``open``, not fsspec: its local ``info``
    has float seconds, and a page rewritten twice within a second with the same size must still
    look changed (``st_mtime_ns``); and this is the innermost loop of a refresh's parse workers."""
    before = os.stat(path)
    with open(path, "rb") as handle:
        data = handle.read(limit)
    after = os.stat(path)
    return data, (before.st_size, before.st_mtime_ns), (after.st_size, after.st_mtime_ns)


def _stat(fs: AbstractFileSystem, path: str) -> tuple[int, int]:
    info = fs.info(path)
    if info.get("type") == "directory":
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
    return int(info.get("size") or 0), mtime_ns(info)


def mtime_ns(info: dict[str, Any]) -> int:
    """An fsspec info dict's modification time as whole seconds in nanoseconds (0 if it has none).

    Implementations name it differently: s3fs ``LastModified``, local ``mtime``, gcsfs ``updated``.
    """
    for key in ("LastModified", "mtime", "last_modified", "updated", "modified", "created"):
        value = info.get(key)
        if value is None:
            continue
        if isinstance(value, str):
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        seconds = value.timestamp() if isinstance(value, datetime) else float(value)
        return int(seconds) * NANOS
    return 0


# ---------------------------------------------------------------------------------------------
# the Parquet dataset on object storage (PAPERLAKE_PARQUET_URI)


def read_parquet_schema(path: Location) -> pa.Schema:
    """``pq.read_schema`` of a local or remote file (pyarrow reads a local one natively)."""
    import pyarrow.parquet as pq

    fs, where = filesystem(path)
    return pq.read_schema(where, filesystem=fs)


def read_parquet_metadata(path: Location) -> pq.FileMetaData:
    import pyarrow.parquet as pq

    fs, where = filesystem(path)
    return pq.read_metadata(where, filesystem=fs)


def read_parquet_table(path: Location, columns: list[str] | None = None) -> pa.Table:
    """One Parquet file as a table. Read with ``ParquetFile``, not ``pq.read_table``: that goes
    through ``pyarrow.dataset``, whose first import takes ~0.2 s (it loads pandas), and one file
    needs nothing of a dataset."""
    import pyarrow.parquet as pq

    fs, where = filesystem(path)
    with pq.ParquetFile(where, filesystem=fs) as parquet_file:
        return parquet_file.read(columns=columns)


def upload(local: Path, target: Location) -> None:
    """Put a finished local file at ``target`` in one request sequence that publishes it whole.

    S3 has no rename: the object appears when its PUT (or, above s3fs's multipart threshold, its
    CompleteMultipartUpload) succeeds, with all its bytes, replacing the previous version for every
    later reader. A writer killed before that leaves the old object (an unfinished multipart upload
    stays invisible; a bucket lifecycle rule should abort those).
    """
    target.fs.put_file(str(local), target.path)


def copy_object(source: Location, target: Location) -> None:
    """Server-side copy (S3 CopyObject): no byte passes through this machine."""
    source.fs.copy(source.path, target.path)


def read_objects(folder: Location, keys: list[str]) -> dict[str, bytes]:
    """The bytes of files under ``folder`` by relative key; missing ones are left out. On object
    storage fsspec issues the GETs concurrently, which a real object store serves in parallel; a
    local folder is read with ``open`` (fsspec's per-path overhead was 0.7 s for 20,000 summaries)."""
    if not is_remote(folder):
        return _read_local_files(Path(folder), keys)
    fs, root = filesystem(folder)
    paths = {fs._strip_protocol(f"{root}/{key}"): key for key in keys}
    found = fs.cat(list(paths), on_error="omit") if paths else {}
    return {paths[path]: data for path, data in found.items() if not isinstance(data, Exception)}


def _read_local_files(folder: Path, keys: list[str]) -> dict[str, bytes]:
    found = {}
    for key in keys:
        try:
            with open(folder / key, "rb") as handle:
                found[key] = handle.read()
        except OSError:  # missing or unreadable: left out, as fsspec's cat(on_error="omit") does
            continue
    return found


def remove_objects(folder: Location, keys: list[str]) -> None:
    """Delete files under ``folder`` by relative key, missing ones included (batched on object
    storage: S3 deletes 1,000 per request)."""
    if not keys:
        return
    fs, root = filesystem(folder)
    paths = [f"{root}/{key}" for key in keys]
    try:
        fs.rm(paths)
    except FileNotFoundError:  # locally one at a time: a file already gone is fine
        for path in paths:
            with contextlib.suppress(FileNotFoundError):
                fs.rm_file(path)


def register_filesystems(con: duckdb.DuckDBPyConnection, value: object) -> None:
    """Make ``con`` able to read the object-storage URIs in ``value`` (a string or a list of them).

    DuckDB 2.x here has no httpfs (it cannot be installed offline), but it reads any fsspec
    filesystem registered on the connection (docs/scaling.md, "Object storage probe"). One
    registration per protocol per connection; DuckDB refuses a second one.
    """
    values = value if isinstance(value, list | tuple) else [value]
    registered = set(con.list_filesystems())
    for item in values:
        if not isinstance(item, str) or not is_remote(item):
            continue
        fs = to_location(item).fs
        name = fs.protocol if isinstance(fs.protocol, str) else fs.protocol[0]
        if name not in registered:
            con.register_filesystem(fs)
            registered.add(name)
