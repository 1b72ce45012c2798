"""What the ingest keeps per page content (sha256) under ``parquet/``, and how it knows it is whole.

* ``pages/<sha>.json``: the content's ``PageSummary``, written last, so it marks the shards complete;
* ``sightings/<sha>.parquet`` and ``rejects/<sha>.parquet``: its records and rejects, where it has any;
* ``_pages_index.parquet``: every current summary with its shards' sizes, so a refresh reads one file
  instead of a JSON file per page and checks each shard against one listing of the folder.

A shard that went missing or was cut short makes its content unknown again (``drop_damaged``), so the
page is parsed again rather than silently losing its records; shards no raw file holds any more are
removed (``collect_garbage``).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from dataclasses import dataclass, field, fields

import pyarrow as pa

from pipeline.io import read_json, remove_stale_staging, write_parquet_atomic
from pipeline.parser_version import PARSER_VERSION
from pipeline.storage import Location, filesystem, is_remote, read_objects, read_parquet_table, remove_objects

log = logging.getLogger("paperlake")  # repairs the user should see (the CLI prints them)

# What a content's shards hold: one row per record (sightings) and per unused line (rejects).
SIGHTING_SCHEMA = pa.schema(
    [
        ("position", pa.int32()),
        ("line_number", pa.int32()),
        ("abstract_line", pa.int32()),
        ("raw_title", pa.string()),
        ("raw_abstract", pa.string()),
        ("title", pa.string()),
        ("abstract", pa.string()),
        ("title_key", pa.string()),
        ("abstract_key", pa.string()),
        ("record_key", pa.string()),
        ("arxiv_id", pa.string()),
        ("n_authors", pa.int32()),
        ("published_date", pa.date32()),
        ("upvotes", pa.int32()),
        ("header_glued", pa.bool_()),
        ("n_comments", pa.int32()),
        ("submitted_by", pa.string()),
        ("published_date_text", pa.string()),
        ("code_links", pa.list_(pa.string())),
        ("listed_date", pa.date32()),  # the record's own listing day, else NULL (the file's)
        # len(abstract): identity shows each paper's longest abstract, and this lets it rank the
        # sightings without reading every abstract (build/papers.sql)
        ("abstract_length", pa.int32()),
    ]
)
REJECT_SCHEMA = pa.schema([("line_number", pa.int32()), ("reason", pa.string()), ("text", pa.string())])


def _shard_options(schema: pa.Schema, keys: tuple[str, ...] = ()) -> dict:
    """How a page's shard is written: a shard holds one page (~100 rows), whose titles and abstracts
    never repeat within it, so dictionary pages and min/max statistics of those texts are pure cost.
    Plain encoding, with statistics for the narrow columns and the ``keys`` only: a third less CPU
    per shard and 17% smaller files (measured on 200 pages of the variant corpus)."""
    narrow = [f.name for f in schema if not (pa.types.is_string(f.type) or pa.types.is_list(f.type))]
    return {"use_dictionary": False, "write_statistics": [*narrow, *keys]}


SIGHTING_SHARD_OPTIONS = _shard_options(SIGHTING_SCHEMA, ("record_key", "arxiv_id"))
REJECT_SHARD_OPTIONS = _shard_options(REJECT_SCHEMA)


@dataclass
class PageSummary:
    """What one distinct content parsed to. Stored as ``pages/<sha>.json``."""

    sha256: str
    parser_version: int
    size_bytes: int
    status: str
    layout: str | None = None
    encoding: str | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    page_month: int | None = None
    page_day: int | None = None
    page_date_text: str | None = None
    exported: str | None = None  # the capture date the page itself states (front matter, header line)
    capture_key: str | None = None  # the word it stated it with: exported, retrieved, captured ...
    page_kind: str | None = None
    search_query: str | None = None
    page_url: str | None = None
    n_records: int = 0
    n_rejects: int = 0
    id_month: str | None = None  # the newest arXiv YYMM the page's cards carry ("2512")


def summary_path(parquet_dir: Location, sha: str) -> Location:
    return parquet_dir / "pages" / f"{sha}.json"


def content_files(parquet_dir: Location, sha: str) -> list[Location]:
    """What parsing one content writes: its sightings and rejects shards (where it has any) and its
    summary."""
    return [parquet_dir / folder / f"{sha}{suffix}" for folder, suffix in SHARD_SUFFIXES.items()]


def load_summary(parquet_dir: Location, sha: str) -> PageSummary | None:
    """The cached summary of a content, if it was parsed by this parser version."""
    return _summary_from(read_json(summary_path(parquet_dir, sha)))


def load_summaries(
    parquet_dir: Location, shas: set[str], index: dict[str, tuple[PageSummary, ShardSizes]] | None = None
) -> dict[str, PageSummary]:
    """``load_summary`` of many contents (those with none usable are left out): from ``index``
    (``read_index``) where it has them, else from their ``pages/<sha>.json``.

    On object storage a no-op refresh needs one GET per page here when the index is missing; s3fs
    issues them concurrently, which a real object store serves in parallel. (Against moto, one
    Python process, it saves little: 1.4-1.6 s instead of 1.4-2.1 s for 200 summaries.)
    """
    index = index or {}
    out = {sha: index[sha][0] for sha in shas if sha in index}
    keys = {f"pages/{sha}.json": sha for sha in shas if sha not in out}
    for key, data in read_objects(parquet_dir, sorted(keys)).items():
        try:
            summary = _summary_from(json.loads(data))
        except ValueError:
            summary = None
        if summary is not None:
            out[keys[key]] = summary
    return out


def _summary_from(raw: object) -> PageSummary | None:
    if not isinstance(raw, dict) or raw.get("parser_version") != PARSER_VERSION:
        return None
    try:
        return PageSummary(**raw)
    except TypeError:
        return None


# The summaries of every current content in one file, with the sizes its shards had when it was
# written: a refresh reads it instead of a JSON file per page, and checks each shard against the
# folder's listing (present, same size) instead of opening it. pages/<sha>.json stays the record
# that a content's shards are complete; the index is a cache of them, rewritten when they change.
INDEX_NAME = "_pages_index.parquet"
ShardSizes = tuple[int | None, int | None]  # (sightings, rejects) shard bytes; None: not recorded


def read_index(parquet_dir: Location) -> dict[str, tuple[PageSummary, ShardSizes]]:
    """The index's summaries of this parser version with their shard sizes; {} when it is missing
    or cannot be read (the summaries are then read one by one)."""
    try:
        rows = read_parquet_table(parquet_dir / INDEX_NAME).to_pylist()
    except (OSError, pa.ArrowException, ValueError):
        return {}
    index = {}
    for row in rows:
        sizes = (row.pop("sightings_bytes", None), row.pop("rejects_bytes", None))
        summary = _summary_from(row)
        if summary is not None:
            index[summary.sha256] = (summary, sizes)
    return index


def write_index(
    parquet_dir: Location,
    summaries: dict[str, PageSummary],
    sizes: dict[str, int],
    before: dict[str, tuple[PageSummary, ShardSizes]],
) -> None:
    """Rewrite the index of ``summaries`` (shard sizes from ``sizes``, keys as listed) unless it
    already says exactly that."""
    entries = {
        sha: (summary, (sizes.get(f"sightings/{sha}.parquet"), sizes.get(f"rejects/{sha}.parquet")))
        for sha, summary in summaries.items()
    }
    if entries == before:
        return
    # vars(), not asdict(): asdict deep-copies every field (0.35 s of a refresh at 20,000 pages)
    rows = [
        {**vars(summary), "sightings_bytes": s, "rejects_bytes": r} for summary, (s, r) in entries.values()
    ]
    write_parquet_atomic(pa.Table.from_pylist(rows, schema=_INDEX_SCHEMA), parquet_dir / INDEX_NAME)


def _arrow_type(annotation: str) -> pa.DataType:
    if annotation.startswith("list"):
        return pa.list_(pa.string())
    return pa.int64() if annotation.startswith("int") else pa.string()


_INDEX_SCHEMA = pa.schema(
    [(f.name, _arrow_type(str(f.type))) for f in fields(PageSummary)]
    + [("sightings_bytes", pa.int64()), ("rejects_bytes", pa.int64())]
)


PARQUET_MAGIC = b"PAR1"


def shard_problem(
    parquet_dir: Location,
    summary: PageSummary,
    listed: dict[str, int] | None = None,
    recorded: ShardSizes = (None, None),
) -> str | None:
    """Why a parsed content's shards cannot be used (one missing, or cut short), or None.

    A page's summary promises a sightings shard when it has records and a rejects shard when it has
    rejects. A shard deleted by hand or cut short (a full disk, a bad copy) would otherwise drop its
    records from the next build silently. Given ``listed`` (key -> size from one listing of the
    folder) a shard must be listed, and keep the size the index ``recorded`` for it; without a
    recorded size (a local shard) both Parquet magic numbers are checked (8 bytes read per shard,
    ~50 ms for 2,000 local pages), or (object storage) existence only.
    """
    for folder, count, size in (
        ("sightings", summary.n_records, recorded[0]),
        ("rejects", summary.n_rejects, recorded[1]),
    ):
        if not count:
            continue
        key = f"{folder}/{summary.sha256}.parquet"
        if listed is not None and key not in listed:
            problem: str | None = "is missing"
        elif listed is not None and size is not None and listed[key] != size:
            problem = f"is damaged ({listed[key]:,} bytes, written as {size:,})"
        elif listed is not None and (size is not None or is_remote(parquet_dir)):
            problem = None
        else:
            problem = _parquet_file_problem(parquet_dir / key)
        if problem:
            return f"Parquet shard {parquet_dir / key} {problem}"
    return None


def _parquet_file_problem(path: Location) -> str | None:
    """'is missing' / 'is damaged (…)' for a Parquet file that cannot be read, else None.

    A local file is opened with ``open``: every refresh checks every shard, and fsspec's per-file
    overhead was most of the 1 s this took for a 20,000-page corpus."""
    try:
        with _open_for_magic(path) as handle:
            head = handle.read(4)
            size = handle.seek(0, os.SEEK_END)
            handle.seek(max(size - 4, 0))
            tail = handle.read(4)
    except FileNotFoundError:
        return "is missing"
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if size < 12 or head != PARQUET_MAGIC or tail != PARQUET_MAGIC:
        return f"is damaged ({size:,} bytes, not a whole Parquet file)"
    return None


def _open_for_magic(path: Location):
    if not is_remote(path):
        return open(path, "rb")
    fs, where = filesystem(path)
    return fs.open(where, "rb", cache_type="none")  # no read-ahead: 8 bytes are needed


# How many damaged contents a refresh names one by one; the rest are counted in one more line.
NAMED_DAMAGED_SHARDS = 5


def drop_damaged(
    parquet_dir: Location,
    summaries: dict[str, PageSummary],
    names: dict[str, str],
    listed: dict[str, int],
    index: dict[str, tuple[PageSummary, ShardSizes]],
) -> None:
    """Forget the summaries whose shards are missing or damaged, so their pages are parsed again.

    Removing ``pages/<sha>.json`` makes the content unknown: its files are read, hashed and parsed
    like new ones, which rewrites the shards. ``names``: a source file per content, for the message;
    ``listed``: the folder's keys and sizes; ``index``: the sizes the shards were written with.
    """
    damaged = []
    for sha in sorted(summaries):
        recorded = index[sha][1] if sha in index else (None, None)
        problem = shard_problem(parquet_dir, summaries[sha], listed, recorded)
        if problem is None:
            continue
        if len(damaged) < NAMED_DAMAGED_SHARDS:
            log.warning("%s: parsing %s again from its raw file", problem, names.get(sha, sha))
        damaged.append(sha)
        del summaries[sha]
        index.pop(sha, None)
    if len(damaged) > NAMED_DAMAGED_SHARDS:  # a deleted folder: one line, not one per page
        log.warning(
            "and %s more contents whose shards are missing or damaged: their pages are parsed again "
            "from their raw files",
            f"{len(damaged) - NAMED_DAMAGED_SHARDS:,}",
        )
    remove_objects(parquet_dir, [f"pages/{sha}.json" for sha in damaged])


SHARD_SUFFIXES = {"sightings": ".parquet", "rejects": ".parquet", "pages": ".json"}


def shard_sizes(
    parquet_dir: Location, summaries: dict[str, PageSummary], listed: dict[str, int], written: set[str]
) -> dict[str, int]:
    """The shards' sizes for the index: as listed when the refresh began, and as written since for
    the contents parsed now (a damaged shard was listed with its damage). On object storage those
    are left unrecorded until the next refresh's listing."""
    sizes = {key: size for key, size in listed.items() if key.rpartition("/")[2][:64] not in written}
    if is_remote(parquet_dir):
        return sizes
    for sha, summary in summaries.items():
        for folder, count in (("sightings", summary.n_records), ("rejects", summary.n_rejects)):
            key = f"{folder}/{sha}.parquet"
            if count and key not in sizes:
                with contextlib.suppress(OSError):
                    sizes[key] = os.stat(parquet_dir / key).st_size
    return sizes


def collect_garbage(parquet_dir: Location, referenced: set[str], listing: list) -> None:
    """Delete shards of content no file holds any more (deleted or changed pages), and temporary
    files a killed writer left behind (we hold the data-dir lock, so no write is in progress): local
    ``.<name>.<pid>-<n>.tmp`` files beside their target, and the local staging files of uploads to
    object storage. ``listing``: the folder as the refresh found it (what it wrote since is
    referenced); one batched delete."""
    remove_stale_staging()
    stale = []
    for obj in listing:
        folder, _, name = obj.key.partition("/")
        base = obj.key.rpartition("/")[2]
        suffix = SHARD_SUFFIXES.get(folder)
        sha = name[: -len(suffix)] if suffix and "/" not in name and name.endswith(suffix) else None
        if (base.startswith(".") and base.endswith(".tmp")) or (sha is not None and sha not in referenced):
            stale.append(obj.key)
    remove_objects(parquet_dir, stale)
