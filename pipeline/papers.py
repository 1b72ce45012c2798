"""Distinct papers from all current sightings: identity resolution, then one row per paper.

Writes ``parquet/paper_keys.parquet`` (record_key -> paper_id, with the rule that merged it) and
``parquet/papers.parquet``. Skips the work when the manifest it was built from has not changed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.config import Settings
from pipeline.identity import IDENTITY_VERSION, Edge, cluster
from pipeline.ingest import REJECT_SCHEMA, SIGHTING_SCHEMA, read_manifest
from pipeline.io import write_batches_atomic, write_parquet_atomic
from pipeline.lock import data_dir_lock
from pipeline.sql import (
    folder_fingerprint,
    limit_resources,
    query_file,
    run_file,
    set_variables,
    sql_text,
)
from pipeline.storage import read_parquet_metadata, read_parquet_schema

PAPER_KEY_SCHEMA = pa.schema(
    [("record_key", pa.string()), ("paper_id", pa.string()), ("rule", pa.string()), ("evidence", pa.string())]
)


@dataclass
class PapersReport:
    rebuilt: bool
    sightings: int = 0
    papers: int = 0
    merged_keys: int = 0  # record keys that joined another key's paper
    fingerprint: str = ""
    seconds: float = 0.0


def schema_file(settings: Settings, name: str) -> Path:
    """An empty Parquet file with the shard schema, always part of the shard list.

    Reading ``[schema file, *shards]`` gives the right columns even when there are no shards yet.
    """
    path = settings.parquet_dir / "_schemas" / f"{name}.parquet"
    schema = {"sightings": SIGHTING_SCHEMA, "rejects": REJECT_SCHEMA}[name]
    if not path.exists() or read_parquet_schema(path) != schema:
        write_parquet_atomic(schema.empty_table(), path)
    return path


def shard_files(settings: Settings, name: str, manifest: pa.Table) -> list[str]:
    """Schema file plus the shard of every canonical file's content that has one."""
    files = [str(schema_file(settings, name))]
    shas = sorted(
        {
            r["sha256"]
            for r in manifest.select(["sha256", "status"]).to_pylist()
            if r["status"] in ("ok", "no_records") and r["sha256"]
        }
    )
    for sha in shas:
        path = settings.parquet_dir / name / f"{sha}.parquet"
        if path.exists():
            files.append(str(path))
    return files


def stage_connection(settings: Settings, manifest: pa.Table, con: duckdb.DuckDBPyConnection) -> None:
    """Load every current sighting into the temp table ``stage_sightings`` of ``con``."""
    set_variables(
        con,
        {
            "sighting_files": shard_files(settings, "sightings", manifest),
            "reject_files": shard_files(settings, "rejects", manifest),
            "source_files_path": str(settings.source_files_path),
            "paper_keys_path": str(settings.paper_keys_path),
        },
    )
    run_file(con, "build/stage_sightings.sql")


def manifest_fingerprint_of(settings: Settings) -> str | None:
    try:
        meta = read_parquet_schema(settings.source_files_path).metadata or {}
    except (FileNotFoundError, OSError):
        return None
    value = meta.get(b"paperlake_fingerprint")
    return value.decode() if value else None


def papers_input_fingerprint(settings: Settings) -> str:
    """What papers.parquet depends on: the manifest, the identity rules and the build SQL."""
    return f"{manifest_fingerprint_of(settings) or ''}:{IDENTITY_VERSION}:{folder_fingerprint('build')}"


def built_from(path: Path) -> str | None:
    try:
        meta = read_parquet_schema(path).metadata or {}
    except (FileNotFoundError, OSError):
        return None
    value = meta.get(b"paperlake_input_fingerprint")
    return value.decode() if value else None


def build_papers(settings: Settings, *, force: bool = False) -> PapersReport:
    """Resolve identity and write the papers table, unless it is already up to date."""
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
            limit_resources(con, settings.duckdb_memory_limit, settings.duckdb_temp_dir)
            stage_connection(settings, manifest, con)
            keys_table = _resolve_identity(con).replace_schema_metadata(meta)
            write_parquet_atomic(keys_table, settings.paper_keys_path)
            n_papers = write_batches_atomic(
                con.sql(_papers_sql()).to_arrow_reader(50_000), settings.papers_path, meta
            )
        return PapersReport(
            rebuilt=True,
            sightings=_sightings_in(manifest),
            papers=n_papers,
            merged_keys=pc.sum(pc.not_equal(keys_table["rule"], "anchor")).as_py() or 0,
            fingerprint=fingerprint,
            seconds=time.perf_counter() - started,
        )


def _sightings_in(manifest: pa.Table) -> int:
    """Staged sightings = the records of every canonical ('ok') file; the manifest counts them, so
    the staged view need not be scanned again."""
    ok = manifest.filter(pc.equal(manifest["status"], "ok"))
    return pc.sum(ok["n_records"]).as_py() or 0


def _resolve_identity(con: duckdb.DuckDBPyConnection) -> pa.Table:
    """record_key -> paper_id for all staged sightings.

    DuckDB finds the candidate merges (``build/identity_edges.sql``); only the keys in those edges
    go through the Python union-find, so memory and time follow the number of merges, not of keys.
    """
    run_file(con, "build/distinct_records.sql")
    edges = [Edge(**row) for row in query_file(con, "build/identity_edges.sql")]
    clustered = cluster(edges)
    clustered_keys = pa.table(
        {
            "record_key": [k.record_key for k in clustered],
            "paper_id": [k.paper_id for k in clustered],
            "rule": [k.rule for k in clustered],
            "evidence": [k.evidence for k in clustered],
        },
        schema=PAPER_KEY_SCHEMA,
    )
    con.register("clustered_keys", clustered_keys)
    return con.sql(sql_text("build/paper_keys.sql")).to_arrow_table().cast(PAPER_KEY_SCHEMA)


def _papers_sql() -> str:
    return sql_text("build/papers.sql")
