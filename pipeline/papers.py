"""Distinct papers from all current sightings: identity resolution, then one row per paper.

Writes ``parquet/paper_keys.parquet`` (record_key -> paper_id, with the rule that merged it and the
key's hood), ``parquet/papers.parquet`` and, for the next incremental build, the key -> shard index
``parquet/_identity/key_shards.parquet`` plus a hard link to the manifest it was built from. Skips
the work when that manifest has not changed; patches the previous build when a few pages changed.
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.config import Settings
from pipeline.content_store import REJECT_SCHEMA, SIGHTING_SCHEMA
from pipeline.identity import IDENTITY_VERSION, EdgeColumns, cluster_columns
from pipeline.io import keep_copy, write_batches_atomic, write_parquet_atomic
from pipeline.lock import data_dir_lock
from pipeline.manifest import TEXT_STATUSES, read_manifest
from pipeline.sql import (
    IDENTITY_MEMORY_CEILING,
    folder_fingerprint,
    limit_resources,
    query_file,
    query_file_arrow,
    run_file,
    set_variables,
    sql_text,
)
from pipeline.storage import read_parquet_metadata, read_parquet_schema

log = logging.getLogger("paperlake")  # repairs the user should see (the CLI prints them)

PAPER_KEY_SCHEMA = pa.schema(
    [
        ("record_key", pa.string()),
        ("paper_id", pa.string()),
        ("rule", pa.string()),
        ("evidence", pa.string()),
        ("hood", pa.string()),  # see sql/build/distinct_records.sql
        ("content_hood", pa.string()),  # the key's own block where it is not its hood (else null)
        ("title_group", pa.string()),  # the title's hash: an incremental build re-resolves touched titles
    ]
)

# Both incremental builds (papers here, the warehouse) give up past this share of changed units
# (page contents, files): patching then costs about what a full build does. A handful is cheap
# either way.
MAX_INCREMENTAL_SHARE = 0.3
MIN_UNITS_FOR_SHARE_RULE = 10


@dataclass
class PapersReport:
    rebuilt: bool
    sightings: int = 0
    papers: int = 0
    merged_keys: int = 0  # record keys that joined another key's paper
    candidate_pairs: int = 0  # near-duplicate candidate pairs compared (identity's search cost)
    fingerprint: str = ""
    seconds: float = 0.0
    mode: str = "skipped"  # "full", "incremental" or "skipped" (already up to date)
    scope: dict[str, int] = field(default_factory=dict)  # incremental: what was re-resolved


def schema_file(settings: Settings, name: str) -> Path:
    """An empty Parquet file with the shard schema, always part of the shard list.

    Reading ``[*shards, schema file]`` gives the right columns even when there are no shards yet.
    """
    path = settings.parquet_dir / "_schemas" / f"{name}.parquet"
    schema = {"sightings": SIGHTING_SCHEMA, "rejects": REJECT_SCHEMA}[name]
    if not path.exists() or read_parquet_schema(path) != schema:
        write_parquet_atomic(schema.empty_table(), path)
    return path


def canonical_shas(manifest: pa.Table) -> list[str]:
    """The content hash of every canonical file (its shards hold the current records and rejects;
    a suspect file's rejects are shown although its records are not)."""
    return sorted(
        {
            r["sha256"]
            for r in manifest.select(["sha256", "status"]).to_pylist()
            if r["status"] in TEXT_STATUSES and r["sha256"]
        }
    )


class ShardMissing(FileNotFoundError):
    """A shard the manifest needs vanished after the ingest checked it (it re-parses such pages)."""


def shard_files(
    settings: Settings, name: str, shas: list[str], required: frozenset[str] = frozenset()
) -> list[str]:
    """The ``name`` shard of each of these contents that has one, then the schema file.

    The schema file comes last: DuckDB estimates a Parquet scan's rows as the first file's times the
    number of files, and an empty first file made every scan look empty to the join planner, which
    then built its hash tables on the millions of sightings instead of the thousands of pages (3.5x
    the time of the identity keys' scan at 20,000 pages). Shards are written with the same schema.

    A content in ``required`` must have its shard (an 'ok' page always has sightings): building
    without it would publish a warehouse missing that page's records, so its absence is an error.
    """
    found = []
    for sha in shas:
        path = settings.parquet_dir / name / f"{sha}.parquet"
        if path.exists():
            found.append(str(path))
        elif sha in required:
            raise ShardMissing(
                f"Parquet shard {path} is missing: run `paperlake refresh` again (it parses the page again)"
            )
    return [*found, str(schema_file(settings, name))]


def ok_shas(manifest: pa.Table) -> frozenset[str]:
    """Contents with records (status 'ok'): each must have a sightings shard."""
    ok = manifest.filter(pc.equal(manifest["status"], "ok"))
    return frozenset(sha for sha in ok["sha256"].to_pylist() if sha)


def stage_connection(
    settings: Settings, manifest: pa.Table, con: duckdb.DuckDBPyConnection, shas: list[str] | None = None
) -> None:
    """Point the view ``stage_sightings`` of ``con`` at every current sighting, or only at those
    of the contents ``shas`` (an incremental build)."""
    shas = canonical_shas(manifest) if shas is None else shas
    set_variables(
        con,
        {
            "sighting_files": shard_files(settings, "sightings", shas, ok_shas(manifest)),
            "reject_files": shard_files(settings, "rejects", shas),
            "source_files_path": str(settings.source_files_path),
            "paper_keys_path": str(settings.paper_keys_path),
        },
    )
    run_file(con, "build/stage_sightings.sql")


def key_shards_path(settings: Settings) -> Path:
    return settings.parquet_dir / "_identity" / "key_shards.parquet"


def kept_manifest_path(settings: Settings) -> Path:
    """The manifest the current papers were built from (kept by ``keep_copy``): the next build diffs
    against it."""
    return settings.parquet_dir / "_identity" / "source_files.parquet"


def manifest_fingerprint_of(path: Path) -> str | None:
    try:
        meta = read_parquet_schema(path).metadata or {}
    except (OSError, pa.ArrowException):  # missing or damaged: rebuilt
        return None
    value = meta.get(b"paperlake_fingerprint")
    return value.decode() if value else None


def papers_input_fingerprint(settings: Settings) -> str:
    """What papers.parquet depends on: the manifest, the identity rules and the build SQL."""
    manifest = manifest_fingerprint_of(settings.source_files_path) or ""
    return f"{manifest}:{IDENTITY_VERSION}:{folder_fingerprint('build')}"


def built_from(path: Path) -> str | None:
    """The input fingerprint a build output was made from; None when it is missing or damaged
    (either way it is rebuilt: a damaged one is named on stderr once)."""
    try:
        meta = read_parquet_schema(path).metadata or {}
    except FileNotFoundError:
        return None
    except (OSError, pa.ArrowException) as exc:
        _warn_damaged_once(path, exc)
        return None
    value = meta.get(b"paperlake_input_fingerprint")
    return value.decode() if value else None


_damage_reported: set[str] = set()


def _warn_damaged_once(path: Path, exc: Exception) -> None:
    if str(path) not in _damage_reported:
        _damage_reported.add(str(path))
        reason = " ".join(str(exc).split())
        log.warning("%s is damaged (%s): rebuilding it from the Parquet shards", path, reason)


def build_papers(settings: Settings, *, force: bool = False) -> PapersReport:
    """Resolve identity and write the papers table, unless it is already up to date.

    When the previous build is a consistent base (same identity rules and build SQL, its outputs
    and kept manifest agree) and few pages changed, only the hoods the change touched are
    re-resolved and only their papers rebuilt (``mode="incremental"``); the result is the same
    as a full build's, row for row (tests/test_incremental.py).
    """
    with data_dir_lock(settings.lock_path):
        started = time.perf_counter()
        manifest = read_manifest(settings)
        if manifest is None:
            raise FileNotFoundError(f"{settings.source_files_path} is missing: ingest pages first")
        fingerprint = papers_input_fingerprint(settings)
        if (
            not force
            and built_from(settings.papers_path) == fingerprint
            and built_from(settings.paper_keys_path) == fingerprint
        ):
            papers = read_parquet_metadata(settings.papers_path).num_rows
            return PapersReport(
                rebuilt=False, papers=papers, fingerprint=fingerprint, seconds=time.perf_counter() - started
            )
        meta = {"paperlake_input_fingerprint": fingerprint}
        with duckdb.connect() as con:
            limit_resources(
                con, settings.duckdb_memory_limit, settings.duckdb_temp_dir, ceiling=IDENTITY_MEMORY_CEILING
            )
            scope, pairs = None, 0
            if not force and _has_consistent_base(settings):
                scope, pairs = _scope_change(con, settings, manifest) or (None, 0)
            if scope is None:
                stage_connection(settings, manifest, con)
                run_file(con, "build/identity_input_all.sql")
                pairs = _resolve_identity(con)
                run_file(con, "build/papers.sql")
                run_file(con, "build/kept_nothing.sql")
            else:
                run_file(con, "build/papers.sql")
                run_file(con, "build/delta_kept.sql")
            run_file(con, "build/release_identity.sql")
            keys_table = con.sql(sql_text("build/write_paper_keys.sql")).to_arrow_table()
            keys_table = keys_table.cast(PAPER_KEY_SCHEMA).replace_schema_metadata(meta)
            # pyarrow compresses and writes without the GIL: the key table, already in memory, goes
            # out on a second thread while DuckDB streams the other two files (its 0.4 s at 20,000
            # pages overlap them).
            with ThreadPoolExecutor(1, thread_name_prefix="paper-keys") as background:
                keys_written = background.submit(write_parquet_atomic, keys_table, settings.paper_keys_path)
                write_batches_atomic(
                    con.sql(sql_text("build/write_key_shards.sql")).to_arrow_reader(100_000),
                    key_shards_path(settings),
                    meta,
                )
                papers = con.sql(sql_text("build/write_papers.sql")).to_arrow_reader(50_000)
                n_papers = write_batches_atomic(papers, settings.papers_path, meta)
                keys_written.result()
        keep_copy(settings.source_files_path, kept_manifest_path(settings))
        return PapersReport(
            rebuilt=True,
            sightings=_sightings_in(manifest),
            papers=n_papers,
            merged_keys=pc.sum(pc.not_equal(keys_table["rule"], "anchor")).as_py() or 0,
            candidate_pairs=pairs,
            fingerprint=fingerprint,
            seconds=time.perf_counter() - started,
            mode="full" if scope is None else "incremental",
            scope=scope or {},
        )


def most_listed(settings: Settings) -> pa.Table:
    """The ten papers seen most often (ties by id) in papers.parquet, with title and first listing.

    DuckDB's top-N reads ten titles; reading every title into pandas to sort them took 1.3 s at
    500,000 papers, on every refresh.
    """
    with duckdb.connect() as con:
        set_variables(con, {"papers_path": str(settings.papers_path)})
        return query_file_arrow(con, "build/most_listed_papers.sql")


def _sightings_in(manifest: pa.Table) -> int:
    """Staged sightings = the records of every canonical ('ok') file; the manifest counts them, so
    the staged view need not be scanned again."""
    ok = manifest.filter(pc.equal(manifest["status"], "ok"))
    return pc.sum(ok["n_records"]).as_py() or 0


def too_much_changed(changed: int, total: int) -> bool:
    """Whether a change is better built in full than patched (see MAX_INCREMENTAL_SHARE)."""
    return changed > max(MIN_UNITS_FOR_SHARE_RULE, MAX_INCREMENTAL_SHARE * total)


def _has_consistent_base(settings: Settings) -> bool:
    """Whether the previous build can be patched: its three outputs come from one build, made by the
    current identity rules and build SQL, from the manifest kept beside them."""
    previous = built_from(settings.papers_path)
    kept = manifest_fingerprint_of(kept_manifest_path(settings))
    return (
        previous is not None
        and kept is not None
        and built_from(settings.paper_keys_path) == previous
        and built_from(key_shards_path(settings)) == previous
        and previous == f"{kept}:{IDENTITY_VERSION}:{folder_fingerprint('build')}"
    )


def _scope_change(
    con: duckdb.DuckDBPyConnection, settings: Settings, manifest: pa.Table
) -> tuple[dict[str, int], int] | None:
    """Re-resolve identity for the hoods touched since the previous build (tables paper_key_rows,
    key_shards, previous_keys, affected_hoods in ``con``): what was re-resolved and how many
    candidate pairs were compared; None when a full build is the better deal.

    Two small reads: the shards of the touched keys (to learn their hoods now), then the shards
    of every key in the touched hoods (to re-cluster them).
    """
    set_variables(
        con,
        {
            "previous_source_files_path": str(kept_manifest_path(settings)),
            "source_files_path": str(settings.source_files_path),
            "previous_key_shards_path": str(key_shards_path(settings)),
            "previous_paper_keys_path": str(settings.paper_keys_path),
            "previous_papers_path": str(settings.papers_path),
        },
    )
    touched = query_file(con, "build/delta_touched.sql")
    current = pc.sum(pc.equal(manifest["status"], "ok")).as_py() or 0
    if too_much_changed(len(touched), current):
        return None
    added = [r["sha256"] for r in touched if r["added"]]
    needed = ok_shas(manifest)
    set_variables(con, {"added_shard_files": shard_files(settings, "sightings", added, needed)})
    (touched_keys,) = query_file(con, "build/delta_keys.sql")
    _stage_scope(con, settings, manifest, touched_keys["shards"])
    run_file(con, "build/distinct_records.sql")
    (scope,) = query_file(con, "build/delta_affected.sql")
    _stage_scope(con, settings, manifest, scope["shards"])
    pairs = _resolve_identity(con)
    resolved = {
        "touched_page_contents": len(touched),
        "touched_record_keys": touched_keys["n_keys"],
        "record_keys_resolved": scope["n_keys"],
        "shards_read": len(scope["shards"]),
    }
    return resolved, pairs


def _stage_scope(
    con: duckdb.DuckDBPyConnection, settings: Settings, manifest: pa.Table, shas: list[str]
) -> None:
    """Point stage_sightings at these shards only and identity_sightings at the keys in scope_keys."""
    stage_connection(settings, manifest, con, shas)
    run_file(con, "build/identity_input_scoped.sql")


def _resolve_identity(con: duckdb.DuckDBPyConnection) -> int:
    """record_key -> paper_id (temp table paper_key_rows) for the keys of identity_sightings;
    returns how many candidate pairs were compared.

    DuckDB finds the candidate merges (``build/identity_edges.sql``); only the keys in those edges
    go through the Python union-find, so memory and time follow the number of merges, not of keys.
    """
    run_file(con, "build/distinct_records.sql")
    found = query_file_arrow(con, "build/identity_edges.sql")
    (counted,) = query_file(con, "build/identity_pairs_examined.sql")
    keys = {name: found[name] for name in ("a", "b")}  # numbered in Arrow (identity._numbered)
    rest = {name: found[name].to_pylist() for name in found.column_names if name not in keys}
    clustered = cluster_columns(EdgeColumns(**keys, **rest))
    clustered_keys = pa.table(
        {
            "record_key": clustered.record_key,
            "anchor": clustered.anchor,
            "rule": clustered.rule,
            "evidence": clustered.evidence,
        },
        schema=pa.schema([(name, pa.string()) for name in ("record_key", "anchor", "rule", "evidence")]),
    )
    con.register("clustered_keys", clustered_keys)
    run_file(con, "build/paper_keys.sql")
    con.unregister("clustered_keys")
    return counted["pairs"]
