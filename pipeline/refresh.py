"""A whole refresh in one process, without an orchestrator: what ``paperlake refresh`` runs.

The Dagster job runs the same three stages (parse new pages, resolve papers, build and publish the
warehouse) as three steps. This module runs them in that order with the same gates: a failed
blocking check of the parsed pages stops the refresh before papers and warehouse are rebuilt, and
a failed blocking check of the new warehouse keeps the previous one published.

Why not a Dagster run from the command line: such a run costs about 4 s of its own (importing
Dagster, opening the instance, storing its ~130 event records one SQLite connection at a time),
more than the work of a one-page refresh of 2,000 pages. The outcome is kept instead as one plain
record (``RefreshOutcome.record``, appended to ``refresh_log.jsonl`` in the data dir) that the
Dagster deployment reports as the assets' materialisations and check results, so the UI still
shows every refresh.
"""

from __future__ import annotations

import dataclasses
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from pipeline.checks import describe_failures
from pipeline.config import Settings
from pipeline.ingest import IngestReport, refresh_source_files
from pipeline.lock import data_dir_lock
from pipeline.manifest import read_manifest
from pipeline.papers import PapersReport, build_papers
from pipeline.progress import Progress
from pipeline.quality import ingest_checks
from pipeline.warehouse import WarehouseReport, build_warehouse

PARSED_PAGES, PAPERS, WAREHOUSE = "parsed_pages", "papers", "warehouse"


@dataclass
class CheckResult:
    """A check's outcome in a refresh; ``asset`` is the Dagster asset key as a path."""

    asset: list[str]
    name: str
    passed: bool
    blocking: bool
    description: str
    metadata: dict = field(default_factory=dict)

    @classmethod
    def from_record(cls, fields: dict) -> CheckResult:
        """A check as ``RefreshOutcome.record`` wrote it; keys another version added are ignored."""
        return cls(**{f.name: fields[f.name] for f in dataclasses.fields(cls)})


@dataclass
class RefreshOutcome:
    """What one refresh did, stage by stage, and why it stopped if it did."""

    refresh_id: str
    started: datetime
    seconds: float = 0.0
    ingest: IngestReport | None = None
    papers: PapersReport | None = None
    warehouse: WarehouseReport | None = None
    checks: list[CheckResult] = field(default_factory=list)
    failed_stage: str | None = None
    failure: str | None = None  # one sentence a user can act on

    @property
    def success(self) -> bool:
        return self.failure is None

    def record(self, settings: Settings) -> dict:
        """The outcome as JSON-ready facts: each stage's data version, each asset's metadata, each
        check's result (what ``assets.cli_refreshes`` turns into Dagster events)."""
        versions, assets = {}, []
        if self.ingest is not None:
            versions[PARSED_PAGES] = self.ingest.fingerprint
            assets.append({"key": [PARSED_PAGES], "metadata": ingest_facts(self.ingest, settings)})
        if self.papers is not None:
            versions[PAPERS] = self.papers.fingerprint
            assets.append({"key": [PAPERS], "metadata": papers_facts(self.papers)})
        if self.warehouse is not None and self.warehouse.published:
            versions[WAREHOUSE] = self.warehouse.fingerprint  # one for every table of the build
            facts = warehouse_facts(self.warehouse)
            assets += [{"key": [WAREHOUSE, name], "metadata": f} for name, f in facts.items()]
        return {
            "refresh_id": self.refresh_id,
            "started": self.started.isoformat(timespec="seconds"),
            "seconds": round(self.seconds, 3),
            "success": self.success,
            "failed_stage": self.failed_stage,
            "failure": self.failure,
            "raw_state": self.ingest.raw_state if self.ingest is not None else None,
            "versions": versions,  # data version per stage (key[0] of each asset)
            "assets": assets,
            "checks": [vars(check) for check in self.checks],
        }


def ingest_facts(report: IngestReport, settings: Settings) -> dict:
    """The parsed pages' metadata that needs no Dagster type (the asset adds its tables)."""
    return {
        "dagster/row_count": report.records,
        "files_seen": report.files_seen,
        "new_files": report.new,
        "changed_files": report.changed,
        "unchanged_files": report.unchanged,
        "deleted_files": report.deleted,
        "contents_parsed": report.parsed,
        "files_hashed": report.hashed,
        "rejects": report.rejects,
        "files_by_status": report.by_status,
        "seconds": round(report.seconds, 3),
        "raw_dir": str(settings.raw_dir),
    }


def papers_facts(report: PapersReport) -> dict:
    return {
        "dagster/row_count": report.papers,
        "rebuilt": report.rebuilt,
        "build": report.mode,  # full, incremental (re-resolve the touched hoods only) or skipped
        **{f"scope_{what}": n for what, n in report.scope.items()},
        "sightings": report.sightings,
        "merged_record_keys": report.merged_keys,
        "identity_pairs_compared": report.candidate_pairs,  # near-duplicate search cost
        "seconds": round(report.seconds, 3),
    }


def warehouse_facts(report: WarehouseReport) -> dict[str, dict]:
    """Per table and view of the published build: its row count and how the build made it."""
    build = {"rebuilt": report.rebuilt, "build": report.mode}  # full, incremental or skipped
    facts = {name: {"dagster/row_count": t.row_count, **build} for name, t in report.tables.items()}
    if "build_info" in facts:
        facts["build_info"] |= {
            **{f"changed_{what}": n for what, n in report.scope.items()},
            # what an incremental build patched: the standby (the previous build) or a copy of the published
            **({"patched": report.base} if report.base else {}),
            "seconds": round(report.seconds, 3),
        }
    return facts


def warehouse_checks(report: WarehouseReport) -> list[CheckResult]:
    return [
        CheckResult(
            [WAREHOUSE, outcome.table],
            outcome.name,
            outcome.passed,
            outcome.blocking,
            "" if outcome.passed else describe_failures([outcome]),
            {"failing_rows": outcome.failures, "sample": repr(outcome.sample[:5])},
        )
        for outcome in report.checks
    ]


def blocked_by(asset: str, check: str, description: str, rejected: Path | str | None = None) -> str:
    """One sentence for a refresh a failed blocking check stopped: what failed and what to do.
    ``asset`` as Dagster writes its key (``warehouse/papers``); ``rejected``: the unpublished build."""
    if asset.startswith(f"{WAREHOUSE}/"):  # audited before publishing: nothing was published
        return (
            f"check {check} of {asset} failed: {description}; the new warehouse was not published, "
            f"the previous one stays (the rejected build is {rejected})"
        )
    hint = " (or raise PAPERLAKE_MAX_REJECT_RATE)" if check == "reject_rate" else ""
    return (
        f"check {check} of {asset} failed: {description}; fix or remove those files{hint} "
        "and run `paperlake refresh` again"
    )


def run_refresh(
    settings: Settings,
    *,
    workers: int | None = None,
    log: Callable[[str], None] = lambda text: None,
    on_wait: Callable[[str], None] | None = None,
) -> RefreshOutcome:
    """Parse new and changed pages, resolve papers, build, audit and publish the warehouse.

    Holds the data dir's writer lock throughout, so a Dagster run's steps never interleave with it.
    Never raises for a stage's error: the outcome names the stage and the reason (Ctrl-C and
    SIGTERM do raise, having published nothing half-done).
    """
    outcome = RefreshOutcome(uuid.uuid4().hex, datetime.now(UTC))
    started = time.perf_counter()
    with data_dir_lock(settings.lock_path, timeout_s=float("inf"), on_wait=on_wait):
        try:
            _stages(settings, outcome, workers, log)
        except Exception as exc:  # reported as the stage's failure, as a failed Dagster step is
            reason = " ".join(str(exc).split()) or type(exc).__name__
            outcome.failure = f"step {outcome.failed_stage} failed: {reason}"
    outcome.seconds = time.perf_counter() - started
    return outcome


def _stages(
    settings: Settings, outcome: RefreshOutcome, workers: int | None, log: Callable[[str], None]
) -> None:
    outcome.failed_stage = PARSED_PAGES
    report = refresh_source_files(settings, workers=workers, progress=Progress("parsing pages"))
    outcome.ingest = report
    log(report.describe())
    checks = ingest_checks(read_manifest(settings))
    outcome.checks = [
        CheckResult([PARSED_PAGES], c.name, c.passed, c.blocking, c.description, c.metadata) for c in checks
    ]
    for check in checks:
        if check.blocking and not check.passed:
            outcome.failure = blocked_by(PARSED_PAGES, check.name, check.description)
            return

    outcome.failed_stage = PAPERS
    Progress(PAPERS).note("papers: resolving identity...")
    outcome.papers = build_papers(settings)
    log(f"papers: {outcome.papers.papers} ({outcome.papers.mode} build)")

    outcome.failed_stage = WAREHOUSE
    Progress(WAREHOUSE).note("warehouse: building, checking and publishing...")
    built = build_warehouse(settings)
    outcome.warehouse = built
    outcome.checks += warehouse_checks(built)
    if not built.published:
        failed = built.blocking_failures[0]
        asset = f"{WAREHOUSE}/{failed.table}"
        outcome.failure = blocked_by(asset, failed.name, describe_failures([failed]), built.rejected_path)
        return
    log(f"warehouse at {built.path} (rebuilt={built.rebuilt}, {built.mode})")
    outcome.failed_stage = None
