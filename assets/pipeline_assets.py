"""The Parquet assets: raw_pages -> parsed_pages -> papers (then the warehouse tables,
``assets.warehouse_assets``).

No partitions, on purpose. Dagster's bookkeeping costs ~280 ms per partition run (~21 ms even in a
single-run backfill), more than parsing a page takes; at thousands of daily files it would dominate.
Incrementality lives in the core instead: ``parsed_pages`` hashes files and parses only content it
has not seen, and its metadata shows every file's outcome. Each downstream asset skips its work when
its input fingerprint is unchanged and reports that as ``rebuilt: false``.

All writing assets share the ``paperlake_writer`` pool (limit 1 in the instance's dagster.yaml), and
the core holds a file lock too, so two refreshes never write at once.
"""

import pandas as pd
import pyarrow as pa
from dagster import (
    AssetCheckResult,
    AssetCheckSpec,
    AssetExecutionContext,
    DataVersion,
    MaterializeResult,
    MetadataValue,
    asset,
)

from assets.raw_pages import raw_pages
from assets.resources import PaperlakeResource
from assets.table_metadata import arrow_schema, check_fields, metadata_values, table_metadata
from pipeline.config import Settings
from pipeline.content_store import SIGHTING_SCHEMA
from pipeline.ingest import refresh_source_files
from pipeline.manifest import read_manifest
from pipeline.papers import build_papers, most_listed
from pipeline.progress import Progress
from pipeline.quality import MAX_OVERALL_REJECT_RATE, ingest_checks
from pipeline.refresh import ingest_facts, papers_facts
from pipeline.storage import read_parquet_schema

WRITER_POOL = "paperlake_writer"
GROUP = "paperlake"


def parsed_pages_columns() -> list[str]:
    return SIGHTING_SCHEMA.names


def papers_columns(settings: Settings) -> list[str]:
    try:
        return read_parquet_schema(settings.papers_path).names
    except (OSError, pa.ArrowException):
        return []


def _markdown(frame: pd.DataFrame, limit: int = 20) -> MetadataValue:
    if frame.empty:
        return MetadataValue.md("_(none)_")
    return MetadataValue.md(frame.head(limit).to_markdown(index=False))


@asset(
    deps=[raw_pages],
    group_name=GROUP,
    pool=WRITER_POOL,
    kinds={"python", "parquet"},
    check_specs=[
        AssetCheckSpec(
            "reject_rate",
            asset="parsed_pages",
            blocking=True,
            description=f"Overall reject share <= {MAX_OVERALL_REJECT_RATE:.0%} "
            "(set PAPERLAKE_MAX_REJECT_RATE), without one or a few mostly-rejected files (those only "
            "warn); a jump means the page layout changed upstream.",
        ),
        AssetCheckSpec(
            "files_mostly_rejected",
            asset="parsed_pages",
            description="Warns about single files where most paragraphs were rejected.",
        ),
        AssetCheckSpec(
            "suspect_files",
            asset="parsed_pages",
            description="Warns about files whose extraction looks broken (paper links but few cards "
            "read, or mostly rejects): quarantined, the rest of the batch is published.",
        ),
        AssetCheckSpec(
            "batch_not_collapsed",
            asset="parsed_pages",
            blocking=True,
            description="Blocks publishing when most files new or changed in this run look broken.",
        ),
    ],
)
def parsed_pages(context: AssetExecutionContext, paperlake: PaperlakeResource) -> MaterializeResult:
    """Every raw file's outcome (``source_files.parquet``) and the records of every distinct page
    content as Parquet shards. Only new or changed content is parsed."""
    settings = paperlake.settings()
    progress = Progress("parsing pages")
    report = refresh_source_files(settings, workers=paperlake.worker_count(), progress=progress)
    manifest = read_manifest(settings)
    files = manifest.to_pandas() if manifest is not None else pd.DataFrame()
    context.log.info(report.describe())
    per_file = (
        files[["source_file", "status", "change", "layout", "n_records", "n_rejects", "error"]]
        if not files.empty
        else files
    )
    not_ok = per_file[per_file["status"] != "ok"] if not files.empty else per_file
    touched = per_file[per_file["change"] != "unchanged"] if not files.empty else per_file
    return MaterializeResult(
        metadata={
            **table_metadata(str(settings.pages_dir), arrow_schema(SIGHTING_SCHEMA), report.records),
            **metadata_values(ingest_facts(report, settings)),
            "files_changed_this_run": _markdown(touched, 50),
            "files_not_ok": _markdown(not_ok, 50),
            "deleted": MetadataValue.md("\n".join(f"- {f}" for f in report.deleted_files[:50]) or "_(none)_"),
        },
        data_version=DataVersion(report.fingerprint),
        check_results=[AssetCheckResult(**check_fields(check)) for check in ingest_checks(manifest)],
    )


@asset(deps=[parsed_pages], group_name=GROUP, pool=WRITER_POOL, kinds={"python", "parquet"})
def papers(context: AssetExecutionContext, paperlake: PaperlakeResource) -> MaterializeResult:
    """One row per distinct paper (``papers.parquet``) and the record-key -> paper map
    (``paper_keys.parquet``): arXiv ids first, then normalised title + abstract."""
    settings = paperlake.settings()
    Progress("papers").note("papers: resolving identity...")
    report = build_papers(settings)
    preview = most_listed(settings).to_pandas()
    context.log.info(f"papers: {report.papers} ({report.mode} build{_scope_note(report.scope)})")
    return MaterializeResult(
        metadata={
            **table_metadata(
                str(settings.papers_path),
                arrow_schema(read_parquet_schema(settings.papers_path)),
                report.papers,
            ),
            **metadata_values(papers_facts(report)),
            "most_listed": _markdown(preview, 10),
        },
        data_version=DataVersion(report.fingerprint),
    )


def _scope_note(scope: dict[str, int]) -> str:
    return "".join(f", {n} {what.replace('_', ' ')}" for what, n in scope.items())
