"""Build the analysts' DuckDB warehouse from the Parquet dataset and publish it atomically.

The warehouse is rebuilt from scratch into a temporary file next to the published one, checked,
checkpointed, closed and then moved over ``warehouse.duckdb`` with ``os.replace``. Analysts with the
old file open keep reading their snapshot; new connections see the new build; nobody ever sees a
half-built file, and a crash leaves the last published warehouse untouched.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import duckdb

from pipeline.config import Settings
from pipeline.ingest import read_manifest
from pipeline.io import read_json, write_json_atomic
from pipeline.lock import data_dir_lock
from pipeline.papers import build_papers, built_from, papers_input_fingerprint, stage_connection
from pipeline.sql import folder_fingerprint, run_file, set_variables, sql_files

CHECKS = {
    "unique_paper_ids": "checks/unique_paper_ids.sql",
    "non_empty_titles": "checks/non_empty_titles.sql",
    "sightings_match_papers": "checks/sightings_match_papers.sql",
    "source_files_accounted": "checks/source_files_accounted.sql",
}


@dataclass
class CheckOutcome:
    name: str
    failures: int
    sample: list[tuple] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.failures == 0


@dataclass
class WarehouseReport:
    rebuilt: bool
    path: Path
    counts: dict[str, int] = field(default_factory=dict)
    checks: list[CheckOutcome] = field(default_factory=list)
    fingerprint: str = ""
    seconds: float = 0.0


def _package_version() -> str:
    try:
        return version("paperlake")
    except PackageNotFoundError:
        return "unknown"


def warehouse_fingerprint(settings: Settings) -> str:
    """Inputs of the warehouse: the papers build's manifest and every SQL file that shapes it."""
    return f"{built_from(settings.papers_path) or ''}:{folder_fingerprint('build', 'warehouse')}"


def build_warehouse(settings: Settings, *, force: bool = False) -> WarehouseReport:
    """Rebuild and publish the warehouse unless it is already built from the same inputs."""
    with data_dir_lock(settings.lock_path):
        started = time.perf_counter()
        if papers_input_fingerprint(settings) != built_from(settings.papers_path):
            # Another refresh ingested pages after our papers stage (each stage locks on its own).
            # Rebuild papers under the lock we hold, so the warehouse is never built from stale papers.
            build_papers(settings)
        fingerprint = warehouse_fingerprint(settings)
        state_path = settings.parquet_dir / "_warehouse_state.json"
        state = read_json(state_path) or {}
        target = settings.warehouse_path
        if not force and state.get("fingerprint") == fingerprint and target.exists():
            return WarehouseReport(
                rebuilt=False,
                path=target,
                counts=state.get("counts", {}),
                checks=[CheckOutcome(n, f) for n, f in state.get("checks", {}).items()],
                fingerprint=fingerprint,
                seconds=time.perf_counter() - started,
            )
        _remove_stale_temporaries(target)
        tmp = target.with_name(f"{target.name}.tmp-{os.getpid()}")
        try:
            counts, checks = _build_into(settings, tmp, fingerprint)
            os.replace(tmp, target)
        finally:
            tmp.unlink(missing_ok=True)
            Path(f"{tmp}.wal").unlink(missing_ok=True)
        write_json_atomic(
            {"fingerprint": fingerprint, "counts": counts, "checks": {c.name: c.failures for c in checks}},
            state_path,
        )
        return WarehouseReport(
            rebuilt=True,
            path=target,
            counts=counts,
            checks=checks,
            fingerprint=fingerprint,
            seconds=time.perf_counter() - started,
        )


def _build_into(
    settings: Settings, path: Path, fingerprint: str
) -> tuple[dict[str, int], list[CheckOutcome]]:
    manifest = read_manifest(settings)
    assert manifest is not None
    with duckdb.connect(str(path)) as con:
        stage_connection(settings, manifest, con)
        set_variables(
            con,
            {
                "papers_path": str(settings.papers_path),
                "built_at": datetime.now(UTC).isoformat(),
                "input_fingerprint": fingerprint,
                "paperlake_version": _package_version(),
            },
        )
        for sql_path in sql_files("warehouse"):
            run_file(con, f"warehouse/{sql_path.name}")
        counts = {
            table: con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            for table in ("source_files", "sightings", "papers", "rejects")
        }
        checks = run_checks(con)
        con.execute("CHECKPOINT")
    return counts, checks


def run_checks(con: duckdb.DuckDBPyConnection) -> list[CheckOutcome]:
    """Run every data check in ``sql/checks``; each returns its failing rows."""
    from pipeline.sql import sql_text

    outcomes = []
    for name, relative in CHECKS.items():
        rows = con.execute(sql_text(relative)).fetchall()
        outcomes.append(CheckOutcome(name, len(rows), rows[:5]))
    return outcomes


def _remove_stale_temporaries(target: Path) -> None:
    """Temporary builds left by a killed run (we hold the lock, so none is in progress)."""
    for stale in target.parent.glob(f"{target.name}.tmp-*"):
        stale.unlink(missing_ok=True)


def open_read_only(settings: Settings) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published warehouse, as analysts should open it."""
    if not settings.warehouse_path.exists():
        raise FileNotFoundError(f"no warehouse at {settings.warehouse_path}: run `paperlake refresh` first")
    return duckdb.connect(str(settings.warehouse_path), read_only=True)
