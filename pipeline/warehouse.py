"""Build the analysts' DuckDB warehouse from the Parquet dataset and publish it atomically.

Write, audit, publish: each build goes into a temporary file next to the published one - from
scratch the first time, later from the previous build (the standby file of ``pipeline.standby``,
or a copy of the published file) with only what changed rebuilt and merged in - and is checked
(``pipeline.checks``), checkpointed, closed and only then moved over ``warehouse.duckdb`` with
``os.replace``. A build that fails a blocking check is not published: it is kept as
``warehouse.duckdb.rejected`` for inspection and the last good warehouse stays.
Analysts with the old file open keep reading their snapshot; new connections see the new build;
nobody ever sees a half-built file, and a crash leaves the last published warehouse untouched.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.catalog import Column, TableFacts, describe_build
from pipeline.checks import CheckOutcome, blocking_failures, run_checks
from pipeline.config import Settings
from pipeline.io import keep_copy, read_json, write_json_atomic, write_parquet_atomic
from pipeline.lock import data_dir_lock
from pipeline.manifest import ROWS_FINGERPRINT, read_manifest
from pipeline.papers import (
    build_papers,
    built_from,
    papers_input_fingerprint,
    stage_connection,
    too_much_changed,
)
from pipeline.sql import (
    folder_fingerprint,
    limit_resources,
    query_file,
    run_file,
    set_variables,
    sql_files,
    sql_text,
)
from pipeline.standby import (
    built_as_recorded,
    copy_as_standby,
    file_identity,
    inputs_dir,
    keep_standby_inputs,
    publish_keeping_standby,
    standby_inputs_dir,
    standby_path,
    take_standby,
)
from pipeline.storage import Location, read_parquet_schema
from pipeline.topic_model import model_dir, model_fingerprint

log = logging.getLogger("paperlake")  # repairs the user should see (the CLI prints them)


@dataclass
class WarehouseReport:
    rebuilt: bool
    path: Path
    counts: dict[str, int] = field(default_factory=dict)
    checks: list[CheckOutcome] = field(default_factory=list)
    fingerprint: str = ""
    seconds: float = 0.0
    mode: str = "skipped"  # "full", "incremental" or "skipped" (already up to date)
    scope: dict[str, int] = field(default_factory=dict)  # incremental: touched files and papers
    base: str = ""  # incremental: "standby" (patched the previous warehouse) or "copy" (of the published)
    tables: dict[str, TableFacts] = field(default_factory=dict)  # what the build holds, per table/view
    published: bool = True  # False: a blocking check failed, the previous warehouse stays
    rejected_path: Path | None = None  # where the unpublished build was kept

    @property
    def blocking_failures(self) -> list[CheckOutcome]:
        return blocking_failures(self.checks)


def _package_version() -> str:
    try:
        return version("paperlake")
    except PackageNotFoundError:
        return "unknown"


def warehouse_fingerprint(settings: Settings) -> str:
    """Inputs of the warehouse: the papers build's manifest, every manifest column (``source_files``
    shows them all, mtime included), every SQL file that shapes it and the topic model's data files."""
    return _fingerprint_of(settings.source_files_path, settings.papers_path)


def _fingerprint_of(source_files_path: Location, papers_path: Location) -> str:
    try:
        meta = read_parquet_schema(source_files_path).metadata or {}
    except (OSError, pa.ArrowException):
        meta = {}
    rows = meta.get(ROWS_FINGERPRINT.encode(), b"").decode()
    sql = folder_fingerprint("build", "warehouse")
    return f"{built_from(papers_path) or ''}:{rows}:{sql}:{model_fingerprint()}"


def _fingerprint_of_kept(folder: Location) -> str:
    """The fingerprint of the inputs a build kept in ``folder`` (they are what it was built from)."""
    return _fingerprint_of(folder / "source_files.parquet", folder / "papers.parquet")


def build_warehouse(settings: Settings, *, force: bool = False) -> WarehouseReport:
    """Rebuild and publish the warehouse unless it is already built from the same inputs."""
    with data_dir_lock(settings.lock_path):
        started = time.perf_counter()
        if papers_input_fingerprint(settings) != built_from(settings.papers_path):
            # Another refresh ingested pages after our papers stage (each stage locks on its own).
            # Rebuild papers under the lock we hold, so the warehouse is never built from stale papers.
            build_papers(settings)
        fingerprint = warehouse_fingerprint(settings)
        state_path = _state_path(settings)
        state = read_json(state_path) or {}
        target = settings.warehouse_path
        intact = _published_intact(target, state)
        if not force and state.get("fingerprint") == fingerprint and intact:
            return WarehouseReport(
                rebuilt=False,
                path=target,
                counts=state.get("counts", {}),
                checks=[CheckOutcome(**c) for c in state.get("checks", [])],
                fingerprint=fingerprint,
                seconds=time.perf_counter() - started,
                tables=_tables_from_state(state),
            )
        _remove_stale_temporaries(target)
        tmp = target.with_name(f"{target.name}.tmp-{os.getpid()}")
        incremental = not force and intact and _can_build_incrementally(settings, state, target)
        try:
            patched = _patch_incrementally(settings, state, target, tmp, fingerprint) if incremental else None
            if patched is None:
                base, scope = "", {}
                counts, checks, tables = _build_into(settings, tmp, fingerprint)
            else:
                base, (counts, checks, tables, scope) = patched
            report = WarehouseReport(
                rebuilt=True,
                path=target,
                counts=counts,
                checks=checks,
                fingerprint=fingerprint,
                mode="full" if patched is None else "incremental",
                scope=scope,
                tables=tables,
                base=base,
            )
            if blocking_failures(checks):
                rejected = rejected_path(target)
                os.replace(tmp, rejected)  # audit failed: keep it to look at, publish nothing
                report.rebuilt, report.published, report.rejected_path = False, False, rejected
                report.seconds = time.perf_counter() - started
                return report
            full = patched is None
            kept = publish_keeping_standby(tmp, target, keep=intact and settings.keep_standby and not full)
            rejected_path(target).unlink(missing_ok=True)
        finally:
            tmp.unlink(missing_ok=True)
            Path(f"{tmp}.wal").unlink(missing_ok=True)
            for name in SCOPED_INPUTS:
                _scoped_path(settings, name).unlink(missing_ok=True)
        standby = None
        if kept:  # the file just replaced, and what it was built from
            keep_standby_inputs(settings)
            standby = {key: state.get(key) for key in ("fingerprint", "published", *_compatible())}
        _keep_inputs_of_this_build(settings)
        if full and settings.keep_standby:  # a copy of this build, built from this build's inputs
            copied = copy_as_standby(target)
            if copied is not None:
                keep_standby_inputs(settings)
                standby = {"fingerprint": fingerprint, "published": copied, **_compatible()}
        write_json_atomic(
            {
                "fingerprint": fingerprint,
                **_compatible(),
                "counts": counts,
                "checks": [asdict(c) for c in checks],
                "tables": {name: asdict(facts) for name, facts in tables.items()},
                "published": file_identity(target),
                "standby": standby,
            },
            state_path,
        )
        report.seconds = time.perf_counter() - started
        return report


def rejected_path(target: Path) -> Path:
    """Where a build that failed a blocking check is kept for inspection, beside the published one."""
    return target.with_name(f"{target.name}.rejected")


def _patch_incrementally(
    settings: Settings, state: dict, target: Path, tmp: Path, fingerprint: str
) -> tuple[str, tuple[dict[str, int], list[CheckOutcome], dict[str, TableFacts], dict[str, int]]] | None:
    """Patch the standby warehouse, or else a copy of the published one, at ``tmp`` with what changed
    since it was built: which file was patched and the merge's result; None when a full build is
    the better deal or the file patched is damaged (``tmp`` is then removed)."""
    for may_take_standby in (True, False):
        base = "copy"
        try:
            base, previous = _patch_base(settings, state, target, tmp, may_take_standby)
            return base, _merge_changes_into(settings, tmp, fingerprint, previous)
        except _TooMuchChanged:
            tmp.unlink(missing_ok=True)
            if base != "standby":
                return None
            # The standby is one build older than the published file: after a full build (a new
            # parser, a large batch of pages) it is far behind where the published file may be one
            # page behind. Patch a copy of that instead.
        except duckdb.Error as exc:  # the file patched is damaged where the merge reads it
            damaged = standby_path(target) if base == "standby" else target
            log.warning("%s is damaged (%s): building it in full", damaged, _one_line(exc))
            tmp.unlink(missing_ok=True)
            return None
    return None


def _patch_base(
    settings: Settings, state: dict, target: Path, tmp: Path, may_take_standby: bool = True
) -> tuple[str, Location]:
    """Put the file an incremental build patches at ``tmp``: the standby warehouse when it can be
    taken, else a copy of the published one. Returns which, and where that file's inputs are kept."""
    if may_take_standby and take_standby(
        settings, state.get("standby"), _compatible(), _fingerprint_of_kept, target, tmp
    ):
        return "standby", standby_inputs_dir(settings)
    shutil.copyfile(target, tmp)
    return "copy", inputs_dir(settings)


def published_tables(settings: Settings) -> dict[str, TableFacts]:
    """The catalog (tables, views, their columns) of the published warehouse, as its build recorded
    it; empty before the first build."""
    return _tables_from_state(read_json(_state_path(settings)) or {})


def _state_path(settings: Settings) -> Location:
    """What the published build was made of and holds (``build_warehouse`` writes it)."""
    return settings.parquet_dir / "_warehouse_state.json"


def _tables_from_state(state: dict) -> dict[str, TableFacts]:
    """The catalog of the published build as its state file recorded it (no need to reopen it)."""
    tables = {}
    for name, facts in (state.get("tables") or {}).items():
        columns = [Column(**c) for c in facts.pop("columns")]
        tables[name] = TableFacts(**facts, columns=columns)
    return tables


def _build_into(
    settings: Settings, path: Path, fingerprint: str
) -> tuple[dict[str, int], list[CheckOutcome], dict[str, TableFacts]]:
    """Full build: every SQL file of ``sql/warehouse`` over all current sightings and papers."""
    manifest = read_manifest(settings)
    assert manifest is not None
    with duckdb.connect(str(path)) as con:
        limit_resources(con, settings.duckdb_memory_limit, settings.duckdb_temp_dir)
        # No automatic checkpoints while building: the file is unpublished (a crash discards it), and
        # DuckDB checkpointed after each topic batch's inserts, at a cost that grew with the tables
        # (1.7 instead of 0.3 s per batch at 20,000 pages). _count_and_check checkpoints once.
        con.execute("SET checkpoint_threshold = '1TB'")
        stage_connection(settings, manifest, con)
        _set_build_variables(con, settings, fingerprint)
        run_warehouse_sql(con)
        counts, checks, tables = _count_and_check(con)
    return counts, checks, tables


# Topic scoring runs once per batch of papers (sql/warehouse/055_topic_batches.sql says why): these
# files, in this order, for each range of paper ids. Their results depend on each paper's own text
# only, so the batch size changes the memory a build needs, not what it builds.
TOPIC_BATCH_FILES = ("062_topic_tokens.sql", "064_topic_rule_hits.sql", "070_paper_topics.sql")
# ~50,000 papers tokenise into ~9M words: a few hundred MB of DuckDB memory per batch (measured at
# 2,000 and 20,000 pages, docs/scaling.md). Larger batches only save the per-batch overhead.
TOPIC_BATCH_PAPERS = 50_000


# What a patch's scoped run leaves out: the keys and comments belong to the warehouse file being
# patched, which has them; the merge's INSERTs into it check its keys on every changed row.
CATALOG_ONLY_FILES = ("085_keys.sql", "095_comments.sql")


def run_warehouse_sql(
    con: duckdb.DuckDBPyConnection, batch_papers: int | None = None, skip: tuple[str, ...] = ()
) -> None:
    """Run every file of ``sql/warehouse`` in order but those named in ``skip``, the topic files once
    per batch of papers (``batch_papers``, default ``TOPIC_BATCH_PAPERS``)."""
    set_variables(
        con, {"topic_batch_papers": batch_papers or TOPIC_BATCH_PAPERS, "topic_model_dir": str(model_dir())}
    )
    for sql_path in sql_files("warehouse"):
        if sql_path.name in skip:
            continue
        if sql_path.name not in TOPIC_BATCH_FILES:
            run_file(con, f"warehouse/{sql_path.name}")
        elif sql_path.name == TOPIC_BATCH_FILES[0]:
            for batch in query_file(con, "queries/topic_batch_ranges.sql"):
                first, last = batch["first_paper_id"], batch["last_paper_id"]
                set_variables(con, {"topic_batch_first": first, "topic_batch_last": last})
                for name in TOPIC_BATCH_FILES:
                    run_file(con, f"warehouse/{name}")


def _set_build_variables(con: duckdb.DuckDBPyConnection, settings: Settings, fingerprint: str) -> None:
    set_variables(
        con,
        {
            "papers_path": str(settings.papers_path),
            "built_at": datetime.now(UTC).isoformat(),
            "input_fingerprint": fingerprint,
            "paperlake_version": _package_version(),
        },
    )


SUMMARY_TABLES = ("source_files", "sightings", "papers", "rejects")


def _count_and_check(
    con: duckdb.DuckDBPyConnection, *, patched: bool = False
) -> tuple[dict[str, int], list[CheckOutcome], dict[str, TableFacts]]:
    """Audit the unpublished build: its catalog (columns, comments, row counts) and every check (of
    a patched build: on the rows the patch wrote)."""
    tables = describe_build(con)
    counts = {table: tables[table].row_count for table in SUMMARY_TABLES}
    checks = run_checks(con, patched=patched)
    con.execute("CHECKPOINT")
    return counts, checks, tables


# --- incremental builds ---------------------------------------------------------------------------
# The published warehouse is copied, the warehouse SQL runs in memory on the changed rows only (the
# sightings of touched files, the papers whose row changed), and each resulting table is merged into
# the copy by its key. A full build is the same SQL over everything; tests hold the two equal.

# Tables the scoped run rebuilds whole (their inputs are not scoped), merged by their primary key.
REPLACED_BY_KEY = {"source_files": "source_file"}
# Merged by the record keys whose alias changed (scope_record_key, delta/010_scope.sql).
MERGED_BY_RECORD_KEY = {"paper_aliases": "delta/merge_paper_aliases.sql"}
# Tables recomputed inside the merged copy (they summarise the whole warehouse).
RECOMPUTED = {"build_info": "warehouse/090_build_info.sql"}


class _TooMuchChanged(Exception):
    """So much changed that a full build is the cheaper way."""


# The inputs a patch's warehouse SQL reads scoped to what changed: variable -> the sql/delta file
# that selects its rows (written to a file of this process, removed when the build ends).
SCOPED_INPUTS = {"papers_path": "delta/scoped_papers.sql", "paper_keys_path": "delta/scoped_paper_keys.sql"}


def _scoped_path(settings: Settings, name: str) -> Path:
    return settings.parquet_dir / f"_scoped_{name}-{os.getpid()}.parquet"


def _sql_fingerprint() -> str:
    """SQL and model data: a merge into the old warehouse is valid only if both are unchanged."""
    return folder_fingerprint("build", "warehouse", "delta", "checks", "queries") + ":" + model_fingerprint()


def _compatible() -> dict[str, str]:
    """What a warehouse file must have been built with for a build to patch it: the same SQL, model
    data and code."""
    return {"sql": _sql_fingerprint(), "version": _package_version()}


def _published_intact(target: Path, state: dict) -> bool:
    """Whether the published warehouse is the file the last build published and it opens; a damaged
    or changed file is named on stderr and then rebuilt in full (never patched: the merge would
    copy its damage)."""
    if not target.exists():
        return False
    recorded, now = state.get("published"), file_identity(target)
    if recorded is not None and recorded != now:
        log.warning(
            "%s was written to since it was published (%s bytes, published with %s): rebuilding it "
            "from the Parquet dataset",
            target,
            f"{now[0]:,}",
            f"{recorded[0]:,}",
        )
        return False
    try:
        with duckdb.connect(str(target), read_only=True) as con:
            query_file(con, "queries/built_fingerprint.sql")
    except duckdb.Error as exc:
        log.warning("%s is damaged (%s): rebuilding it from the Parquet dataset", target, _one_line(exc))
        return False
    return True


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:300]


def _can_build_incrementally(settings: Settings, state: dict, target: Path) -> bool:
    """Only on top of a warehouse we built, from inputs we kept, with the same SQL and code."""
    return target.exists() and built_as_recorded(target, state, _compatible(), inputs_dir(settings))


def _keep_inputs_of_this_build(settings: Settings) -> None:
    """Keep the manifest, papers and paper keys this warehouse was built from: the next build diffs
    against them."""
    for source in (settings.source_files_path, settings.papers_path, settings.paper_keys_path):
        keep_copy(source, inputs_dir(settings) / source.name)


def _merge_changes_into(
    settings: Settings, path: Path, fingerprint: str, previous: Location
) -> tuple[dict[str, int], list[CheckOutcome], dict[str, TableFacts], dict[str, int]]:
    """Apply what changed since an earlier build to ``path``, a copy of that build (the published
    warehouse, or the standby one build older), whose inputs were kept in ``previous``."""
    manifest = read_manifest(settings)
    assert manifest is not None
    with duckdb.connect() as con:
        limit_resources(con, settings.duckdb_memory_limit, settings.duckdb_temp_dir)
        con.execute("ATTACH ? AS wh", [str(path)])
        _set_build_variables(con, settings, fingerprint)
        set_variables(
            con,
            {
                "source_files_path": str(settings.source_files_path),
                "previous_source_files_path": str(previous / "source_files.parquet"),
                "previous_papers_path": str(previous / "papers.parquet"),
                "previous_paper_keys_path": str(previous / "paper_keys.parquet"),
                "paper_keys_path": str(settings.paper_keys_path),
            },
        )
        (changed,) = query_file(con, "delta/010_scope.sql")
        touched = set(changed["files"])
        scope = {"files": len(touched), **{k: changed[k] for k in ("papers", "file_times", "aliases")}}
        if too_much_changed(len(touched), manifest.num_rows):
            raise _TooMuchChanged(f"{len(touched)} of {manifest.num_rows} files changed")
        in_scope = pc.is_in(manifest["source_file"], pa.array(sorted(touched), pa.string()))
        touched_rows = manifest.filter(in_scope)
        set_variables(con, {"scope_files": sorted(touched)})
        stage_connection(settings, touched_rows, con)
        scoped = {name: _scoped_path(settings, name) for name in SCOPED_INPUTS}
        for name, query in SCOPED_INPUTS.items():  # each query reads the whole inputs
            write_parquet_atomic(con.sql(sql_text(query)).to_arrow_table(), scoped[name], fsync=False)
        set_variables(con, {name: str(path) for name, path in scoped.items()})
        run_warehouse_sql(con, skip=CATALOG_ONLY_FILES)
        run_file(con, "delta/050_replaced_sightings.sql")
        _merge_tables(con)
        con.execute("USE wh")
        run_file(con, "delta/080_file_times.sql")
        run_file(con, "delta/090_fix_up.sql")
        for relative in RECOMPUTED.values():
            run_file(con, relative)
        counts, checks, tables = _count_and_check(con, patched=True)
    return counts, checks, tables, scope


def _merge_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Merge each table of the scoped run into ``wh``: by source file, by paper, or by primary key.

    A table with a ``source_file`` column holds rows per file; one with ``paper_id`` rows per paper.
    tests/test_incremental.py holds an incremental build equal to a full one, table by table.
    """
    for row in query_file(con, "delta/scratch_tables.sql"):
        table, columns = row["table_name"], row["columns"]
        if table in RECOMPUTED:
            continue
        if table in MERGED_BY_RECORD_KEY:
            run_file(con, MERGED_BY_RECORD_KEY[table])
        elif table in REPLACED_BY_KEY:
            key = REPLACED_BY_KEY[table]
            con.execute(sql_text("delta/replace_changed_rows.sql").format(table=table, key=key))
        elif "source_file" in columns:
            con.execute(sql_text("delta/merge_table.sql").format(table=table, key="source_file"))
        elif "paper_id" in columns:
            con.execute(sql_text("delta/merge_table.sql").format(table=table, key="paper_id"))
        # Anything else (the topic taxonomy, rule and model tables) comes from the SQL text alone,
        # which is unchanged: incremental builds require the same SQL fingerprint.


def _remove_stale_temporaries(target: Path) -> None:
    """Temporary builds left by a killed run (we hold the lock, so none is in progress)."""
    for stale in target.parent.glob(f"{target.name}.tmp-*"):
        stale.unlink(missing_ok=True)


def open_read_only(settings: Settings) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published warehouse, as analysts should open it."""
    if not settings.warehouse_path.exists():
        raise FileNotFoundError(f"no warehouse at {settings.warehouse_path}: run `paperlake refresh` first")
    return duckdb.connect(str(settings.warehouse_path), read_only=True)
