"""Incremental ingestion: raw folder -> content-addressed Parquet shards + the ``source_files`` manifest.

Every distinct page *content* (sha256) is parsed once. Its records go to
``parquet/sightings/<sha256>.parquet``, its rejects to ``parquet/rejects/<sha256>.parquet`` and a
small summary to ``parquet/pages/<sha256>.json``. ``parquet/source_files.parquet`` maps every raw file
(path, size, mtime, content hash) to its outcome. A refresh therefore:

* skips files whose size and mtime match the manifest (not even read),
* hashes files that are new or touched, and parses only content it has never seen,
* records renamed/copied files without parsing them again (same content, same shard),
* retracts deleted files simply by leaving them out of the new manifest.

Shards are written before the manifest, each atomically, so a crash at any point leaves either the
old manifest (plus harmless unreferenced shards) or the new one.

The raw folder may also be an object-storage prefix (``PAPERLAKE_RAW_DIR=s3://bucket/pages``): it is
listed recursively through ``pipeline.storage`` and every object is treated like a file, under the
same rules (hidden and temporary names ignored, size/mtime pre-check, read-stability check).

The listing of the raw folder is ``pipeline/raw_scan.py``; what is kept per content and how a damaged
shard is noticed, ``pipeline/content_store.py``; how one content is parsed, ``pipeline/content_parse.py``.
This module runs the refresh: it finds what changed, has it parsed, and writes the manifest, whose
schema and reader (what the later stages use) are ``pipeline/manifest.py``.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import date

import pyarrow as pa

from pipeline import raw_scan
from pipeline.config import Settings
from pipeline.content_store import (
    REJECT_SHARD_OPTIONS,
    SIGHTING_SHARD_OPTIONS,
    PageSummary,
    collect_garbage,
    content_files,
    drop_damaged,
    load_summaries,
    load_summary,
    read_index,
    shard_problem,
    shard_sizes,
    summary_path,
    write_index,
)
from pipeline.dates import date_from_mtime, date_from_name, infer_listing_date, listing_date_by_ids
from pipeline.io import flush_to_disk, write_json_atomic, write_parquet_atomic
from pipeline.lock import data_dir_lock
from pipeline.manifest import (
    ROWS_FINGERPRINT,
    SOURCE_FILE_SCHEMA,
    TEXT_STATUSES,
    manifest_fingerprint,
    read_manifest,
    rows_fingerprint,
)
from pipeline.mirror_paths import folder_date, mirrored_url
from pipeline.page_facts import listing_day_of_url, page_kind
from pipeline.parser_version import PARSER_VERSION
from pipeline.raw_scan import RawEntry, iter_raw_dir, raw_listing_state, scan_raw_dir, too_large_error
from pipeline.storage import (
    Location,
    fork_safe,
    is_remote,
    is_within,
    list_objects,
    read_object,
    to_location,
)


@dataclass
class IngestReport:
    """What a refresh of the raw folder found and did; shown in the CLI and Dagster metadata."""

    files_seen: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    deleted: int = 0
    parsed: int = 0  # distinct contents actually parsed this time
    hashed: int = 0  # files read and hashed this time
    records: int = 0
    rejects: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    fingerprint: str = ""
    seconds: float = 0.0
    deleted_files: list[str] = field(default_factory=list)
    raw_state: str = ""  # raw_listing_state of the listing this refresh read

    def describe(self) -> str:
        """What the refresh found and parsed, in one line (the stage's log)."""
        return (
            f"{self.files_seen} files: {self.new} new, {self.changed} changed, "
            f"{self.unchanged} unchanged, {self.deleted} deleted; parsed {self.parsed} contents"
        )

    @property
    def changed_anything(self) -> bool:
        return bool(self.new or self.changed or self.deleted)


def _process_file(abs_path: str, parquet_dir: str) -> dict:
    """Worker: read one file, hash it, parse it unless its content is already known.

    Runs in a worker process for large batches, so it takes and returns plain values and writes its
    own shards (sending rows back to the parent would cost more than parsing them). ``abs_path`` is
    a local path or, for a raw dir on object storage, the object's URI; ``parquet_dir`` likewise.
    """
    out = to_location(parquet_dir)
    what = "object" if is_remote(abs_path) else "file"
    try:
        data, before, after = _read_page(abs_path)
    except OSError as exc:
        return {"problem": "unreadable", "error": f"cannot read {what}: {exc.strerror or exc}"}
    if len(data) > raw_scan.MAX_PAGE_BYTES:  # grew past the limit after the folder was scanned
        return {"problem": "too_large", "error": too_large_error(len(data))}
    if before != after or len(data) != after[0]:
        return {
            "problem": "unstable",
            "error": f"{what} changed while it was being read; it will be read again on the next refresh",
        }
    sha = hashlib.sha256(data).hexdigest()
    cached = load_summary(out, sha)
    if cached is not None and shard_problem(out, cached) is None:
        return {
            "sha256": sha,
            "summary": asdict(cached),
            "parsed": False,
            "mtime_ns": after[1],
            "size": after[0],
        }
    # Imported here: the page readers take ~0.2 s to import, which a refresh with no new content
    # (the sensor's and the schedule's usual case) never needs.
    from pipeline.content_parse import summarise_bytes

    summary, sightings, rejects = summarise_bytes(data, sha)
    if sightings is not None:
        shard = out / "sightings" / f"{sha}.parquet"
        write_parquet_atomic(sightings, shard, fsync=False, **SIGHTING_SHARD_OPTIONS)
    if rejects is not None:
        write_parquet_atomic(rejects, out / "rejects" / f"{sha}.parquet", fsync=False, **REJECT_SHARD_OPTIONS)
    write_json_atomic(asdict(summary), summary_path(out, sha))  # last: marks the shards complete
    return {
        "sha256": sha,
        "summary": asdict(summary),
        "parsed": True,
        "mtime_ns": after[1],
        "size": after[0],
    }


def _read_page(abs_path: str) -> tuple[bytes, tuple[int, int], tuple[int, int]]:
    """At most ``MAX_PAGE_BYTES + 1`` bytes of a page, with its (size, mtime_ns) before and after.

    Reading one byte past the limit tells a page that grew too large from one exactly at the limit.
    """
    return read_object(abs_path, raw_scan.MAX_PAGE_BYTES + 1)


# ---------------------------------------------------------------------------------------------
# refresh


# Set (to 1) by ``paperlake refresh --allow-empty``: the user says an empty raw folder is meant.
ALLOW_EMPTY_ENV = "PAPERLAKE_ALLOW_EMPTY_RAW"


class RawDirRefused(ValueError):
    """The raw folder cannot be what the user means (emptied, or holding the data folder)."""


def refresh_source_files(
    settings: Settings,
    *,
    workers: int | None = None,
    progress: Callable[[int, int, int], None] | None = None,
    allow_empty: bool | None = None,
) -> IngestReport:
    """Bring the Parquet shards and ``source_files`` manifest up to date with the raw folder.

    ``allow_empty`` (default: ``$PAPERLAKE_ALLOW_EMPTY_RAW``) accepts a raw folder with no page
    although the last build had some; otherwise that refresh is refused (``check_not_emptied``).
    """
    if not settings.raw_dir.is_dir():
        raise FileNotFoundError(f"raw dir {settings.raw_dir} does not exist or is not a folder")
    check_data_dir_outside_raw_dir(settings)
    if allow_empty is None:
        allow_empty = os.environ.get(ALLOW_EMPTY_ENV) == "1"
    with data_dir_lock(settings.lock_path):
        return _refresh_locked(settings, workers=workers, progress=progress, allow_empty=allow_empty)


def check_data_dir_outside_raw_dir(settings: Settings) -> None:
    """A data folder inside the raw folder would read its own shards, manifest and logs as pages
    (and change them while it reads them): refuse it, naming both folders."""
    raw = settings.raw_dir
    for what, path in (("data dir", settings.data_dir), ("Parquet dir", settings.parquet_dir)):
        if is_within(path, raw):
            raise RawDirRefused(
                f"{what} {path} is inside the raw dir {raw}, so paperlake would read its own files as "
                "pages: move the data dir (PAPERLAKE_DATA_DIR) out of the raw folder"
            )


def previous_page_count(settings: Settings) -> int:
    """How many files of the last manifest held a page's content (0 when there is no manifest)."""
    manifest = read_manifest(settings)
    if manifest is None or "sha256" not in manifest.column_names:
        return 0
    return manifest.num_rows - manifest.column("sha256").null_count


def check_not_emptied(settings: Settings, entries: list[RawEntry] | None = None) -> None:
    """Refuse a raw folder that holds no page although the last build read some.

    An unmounted drive or a failed sync looks exactly like this, and refreshing from it would retract
    every page and delete every shard. ``entries`` is the folder's scan when the caller has one;
    otherwise the folder is walked only until its first candidate page.
    """
    if entries is not None:
        has_page = any(e.status != "ignored" for e in entries)
    else:
        has_page = _any_candidate_page(settings.raw_dir)
    if has_page:
        return
    before = previous_page_count(settings)
    if before:
        raise RawDirRefused(
            f"raw dir {settings.raw_dir} holds no page but the last build read {before}; if it is an "
            "unmounted drive, mount it, or run `paperlake refresh --allow-empty` to empty the warehouse"
        )


def _any_candidate_page(raw_dir: Location) -> bool:
    """Whether the folder holds at least one file that is not ignored (a local walk stops at the
    first one)."""
    return any(e.status != "ignored" for e in iter_raw_dir(raw_dir))


def _refresh_locked(
    settings: Settings,
    *,
    workers: int | None,
    progress: Callable[[int, int, int], None] | None,
    allow_empty: bool = False,
) -> IngestReport:
    started = time.perf_counter()
    report = IngestReport()
    parquet_dir = settings.parquet_dir
    previous = {row["source_file"]: row for row in (read_manifest(settings) or pa.table({})).to_pylist()}
    entries = scan_raw_dir(settings.raw_dir)
    report.raw_state = raw_listing_state(entries)  # before reading files updates their sizes
    if not allow_empty:
        check_not_emptied(settings, entries)
    report.files_seen = len(entries)

    known: dict[str, tuple[str, PageSummary]] = {}  # source_file -> (sha, summary)
    problems: dict[str, tuple[str, str]] = {}
    todo: list[RawEntry] = []
    unchanged: dict[str, str] = {}  # source_file -> sha, for files whose size and mtime match
    for entry in entries:
        if entry.status:
            problems[entry.source_file] = (entry.status, entry.error or "")
            continue
        prev = previous.get(entry.source_file)
        if (
            prev
            and prev.get("sha256")
            and prev["size_bytes"] == entry.size_bytes
            and prev["mtime_ns"] == entry.mtime_ns
            and prev["status"] not in ("unstable", "unreadable")
        ):
            unchanged[entry.source_file] = prev.get("quarantined_sha256") or prev["sha256"]
    listing = list_objects(parquet_dir)  # one listing: the shard check and the garbage collection
    listed = {obj.key: obj.size for obj in listing}
    index = read_index(parquet_dir)
    indexed = dict(index)  # as read, to tell whether it must be written again
    summaries = load_summaries(parquet_dir, set(unchanged.values()), index)
    drop_damaged(parquet_dir, summaries, {sha: name for name, sha in unchanged.items()}, listed, index)
    for entry in entries:
        if entry.status:
            continue
        sha = unchanged.get(entry.source_file)
        if sha is not None and sha in summaries:
            known[entry.source_file] = (sha, summaries[sha])
        else:
            todo.append(entry)

    mtimes: dict[str, int] = {e.source_file: e.mtime_ns for e in entries}
    written: set[str] = set()  # contents parsed now: their shards are new, whatever was listed
    for entry, result in zip(todo, _run_workers(todo, parquet_dir, workers, progress), strict=True):
        report.hashed += 1
        if "problem" in result:
            problems[entry.source_file] = (result["problem"], result["error"])
            continue
        report.parsed += int(result["parsed"])
        if result["parsed"]:
            written.add(result["sha256"])
        mtimes[entry.source_file] = result["mtime_ns"]
        entry.size_bytes = result["size"]
        known[entry.source_file] = (result["sha256"], PageSummary(**result["summary"]))

    rows = _manifest_rows(entries, known, problems, mtimes, previous)
    for row in rows:
        report.by_status[row["status"]] = report.by_status.get(row["status"], 0) + 1
        report.records += row["n_records"]
        report.rejects += row["n_rejects"] if row["status"] in TEXT_STATUSES else 0
        change = row["change"]
        if change in ("new", "changed", "unchanged"):
            setattr(report, change, getattr(report, change) + 1)
    current = {row["source_file"] for row in rows}
    report.deleted_files = sorted(set(previous) - current)
    report.deleted = len(report.deleted_files)

    table = pa.Table.from_pylist(rows, schema=SOURCE_FILE_SCHEMA)
    report.fingerprint = manifest_fingerprint(table)
    table = table.replace_schema_metadata(
        {"paperlake_fingerprint": report.fingerprint, ROWS_FINGERPRINT: rows_fingerprint(table)}
    )
    # The shards the workers wrote reach the disk before the manifest that names them.
    flush_to_disk(path for sha in sorted(written) for path in content_files(parquet_dir, sha))
    write_parquet_atomic(table, settings.source_files_path)
    referenced = {row[c] for row in rows for c in ("sha256", "quarantined_sha256") if row.get(c)}
    collect_garbage(parquet_dir, referenced, listing)
    current = {sha: summary for sha, summary in known.values() if sha in referenced}
    write_index(parquet_dir, current, shard_sizes(parquet_dir, current, listed, written), indexed)
    report.seconds = time.perf_counter() - started
    return report


def _run_workers(
    todo: list[RawEntry],
    parquet_dir: Location,
    workers: int | None,
    progress: Callable[[int, int, int], None] | None,
) -> list[dict]:
    """Process files serially for small batches, with a process pool for large ones."""
    n_workers = workers if workers is not None else min(os.cpu_count() or 1, 8)
    total_bytes = sum(e.size_bytes for e in todo)
    results: list[dict] = []
    records = 0
    if n_workers <= 1 or len(todo) < 8 or total_bytes < 8 * 1024 * 1024:
        for i, entry in enumerate(todo, start=1):
            results.append(_process_file(str(entry.abs_path), str(parquet_dir)))
            records += _records_in(results[-1])
            if progress:
                progress(i, len(todo), records)
        return results
    forkable = fork_safe(parquet_dir, *(e.abs_path for e in todo[:1]))
    context = None if forkable else multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        max_workers=n_workers, mp_context=context, initializer=_worker_init, initargs=(os.getpid(),)
    )
    with pool:
        chunk = max(1, min(64, len(todo) // (n_workers * 4)))
        mapped = pool.map(
            _process_file, [str(e.abs_path) for e in todo], [str(parquet_dir)] * len(todo), chunksize=chunk
        )
        for i, result in enumerate(mapped, start=1):
            results.append(result)
            records += _records_in(result)
            if progress:
                progress(i, len(todo), records)
    return results


PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _worker_init(parent: int) -> None:
    """A parse worker dies with the refresh that started it.

    Without this, a ``kill -9`` of the refresh left its forked workers blocked in ``Queue.get`` for
    good. (They do not hold its data-dir lock: filelock closes its descriptor in a forked child.)
    On Linux the kernel sends SIGKILL when the parent dies (``PR_SET_PDEATHSIG``); the ``getppid``
    check covers a parent that died before that was set.
    """
    import signal

    if os.uname().sysname == "Linux":
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


def _records_in(result: dict) -> int:
    return (result.get("summary") or {}).get("n_records", 0)


def _manifest_rows(
    entries: list[RawEntry],
    known: dict[str, tuple[str, PageSummary]],
    problems: dict[str, tuple[str, str]],
    mtimes: dict[str, int],
    previous: dict[str, dict],
) -> list[dict]:
    # The first real file (by name) holding a content is canonical; symlinks are its duplicates.
    links = {e.source_file for e in entries if e.is_link}
    canonical: dict[str, str] = {}
    for source_file in sorted(known, key=lambda name: (name in links, name)):
        sha, summary = known[source_file]
        if summary.status == "ok":
            canonical.setdefault(sha, source_file)
    rows = []
    for entry in entries:
        path = entry.source_file
        row: dict = {
            "source_file": path,
            "size_bytes": entry.size_bytes,
            "mtime_ns": mtimes.get(path, 0),
            "parser_version": PARSER_VERSION,
            "n_records": 0,
            "n_rejects": 0,
        }
        row["mtime"] = _ns_to_datetime(row["mtime_ns"]) if row["mtime_ns"] else None
        if path in problems:
            row["status"], row["error"] = problems[path]
            row["sha256"] = None
        else:
            sha, s = known[path]
            row.update(
                sha256=sha,
                layout=s.layout,
                encoding=s.encoding,
                status=s.status,
                error=s.error,
                warnings="; ".join(s.warnings) or None,
                page_date_text=s.page_date_text,
                exported=date.fromisoformat(s.exported) if s.exported else None,
                page_kind=s.page_kind,
                search_query=s.search_query,
                page_url=s.page_url,
                n_records=s.n_records,
                n_rejects=s.n_rejects,
            )
            if s.page_url is None and (mirrored := mirrored_url(path)):  # a mirror's folders spell it
                row["page_url"] = mirrored
                row["page_kind"], row["search_query"] = page_kind(mirrored)
            if s.status == "ok" and canonical[sha] != path:
                row.update(
                    status="duplicate",
                    duplicate_of=canonical[sha],
                    n_records=0,
                    n_rejects=0,
                    error=f"same content as {canonical[sha]}; its records are counted once",
                )
            _add_dates(row, entry, s)
            if s.status == "suspect":
                row = _keep_published(row, previous.get(path), sha)
        prev = previous.get(path)
        if prev is None:
            row["change"] = "new"
        elif (
            prev.get("sha256") == row.get("sha256")
            and prev.get("status") == row["status"]
            and prev.get("quarantined_sha256") == row.get("quarantined_sha256")
        ):
            row["change"] = "unchanged"
        else:
            row["change"] = "changed"
        rows.append(row)
    return rows


def _keep_published(row: dict, prev: dict | None, sha: str) -> dict:
    """A file whose new content looks broken keeps publishing its previous good content: the row
    describes that content (status ok, its hash and counts) and names the quarantined one. Without
    good previous content the file is ``suspect`` and publishes nothing."""
    if not prev or prev.get("status") != "ok" or not prev.get("sha256"):
        return {**row, "n_records": 0, "quarantined_sha256": sha}
    now = ("source_file", "size_bytes", "mtime_ns", "mtime", "parser_version")
    kept = {**prev, **{k: row[k] for k in now}}
    kept.update(
        quarantined_sha256=sha,
        error=f"{row['error']}; its previous content (sha256 {prev['sha256'][:12]}…) stays published",
    )
    return kept


def _ns_to_datetime(ns: int):
    from datetime import UTC, datetime

    return datetime.fromtimestamp(ns / 1e9, tz=UTC)


def _add_dates(row: dict, entry: RawEntry, s: PageSummary) -> None:
    """Capture date (what the page states > a date in the file name > a date a folder above it
    names, ``pipeline.mirror_paths`` > mtime) and the listing date (a daily page's URL, or the one
    its mirror's folders spell, else its day header in the capture's year).

    The exporter's own ``exported:`` / ``retrieved:`` / ``Captured (UTC):`` is the truth about when
    the page was saved; a file name may be a sync tool's, and a copy or checkout rewrites the mtime."""
    captured: date | None = date.fromisoformat(s.exported) if s.exported else None
    source = (s.capture_key or "exported") if captured else None
    if captured is None and (named := date_from_name(entry.source_file.rpartition("/")[2])):
        captured, source = named, "file_name"
    if captured is None and (named := folder_date(entry.source_file)):
        captured, source = named, "folder_name"
    if captured is None and row["mtime_ns"]:
        captured, source = date_from_mtime(row["mtime_ns"] / 1e9), "mtime"
    row["captured_at"], row["capture_source"] = captured, source if captured else None
    if day := listing_day_of_url(row.get("page_url"), s.page_month, s.page_day):
        row["listing_date"], row["date_source"] = day, "page_url"
    elif s.page_month and s.page_day and captured:
        try:
            row["listing_date"] = infer_listing_date(s.page_month, s.page_day, captured)
            row["date_source"] = f"page_date+{source}"
        except ValueError:
            row["date_source"] = "invalid_page_date"
        # An mtime says only when the file was last written (a copy, a sync, a year later): a
        # yearless day header then takes the earlier year its cards' arXiv ids point to.
        by_ids = listing_date_by_ids(s.page_month, s.page_day, s.id_month, captured)
        daily = row.get("page_kind") in (None, "daily")  # a search or trending page lists any age
        if (
            source == "mtime"
            and daily
            and row.get("listing_date")
            and by_ids
            and by_ids < row["listing_date"]
        ):
            row["listing_date"], row["date_source"] = by_ids, "page_date+arxiv_ids"
    else:
        row["listing_date"] = None
        row["date_source"] = "none"
