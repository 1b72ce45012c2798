"""Command-line refreshes in the Dagster UI: a sensor reports each as the assets' events.

``paperlake refresh`` runs the pipeline without a Dagster run (``pipeline.refresh``) and appends
what it did to ``refresh_log.jsonl``. This sensor reads the records after its cursor and reports
each one as a materialisation of every asset it built (with its row count, build mode and data
version) and the result of every check it ran, tagged with the refresh's id. A refresh that failed
reports its checks and what it did materialise before it stopped.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import datetime

import pyarrow as pa
from dagster import (
    AssetCheckEvaluation,
    AssetKey,
    AssetMaterialization,
    DefaultSensorStatus,
    MetadataValue,
    SensorEvaluationContext,
    SensorResult,
    SkipReason,
    sensor,
)
from dagster._core.definitions.data_version import DATA_VERSION_TAG

from assets.resources import PaperlakeResource
from assets.table_metadata import arrow_schema, check_fields, column_schema, metadata_values
from pipeline.config import Settings
from pipeline.content_store import SIGHTING_SCHEMA
from pipeline.refresh import PAPERS, PARSED_PAGES, WAREHOUSE, CheckResult
from pipeline.refresh_log import read_records
from pipeline.storage import read_parquet_schema
from pipeline.warehouse import published_tables

RECORDS_PER_TICK = 20  # ~40 events each, stored one by one: a tick stays short after days without the daemon
TRIGGER_TAG = "paperlake/trigger"
REFRESH_TAG = "paperlake/refresh_id"


def current_schemas(settings: Settings) -> dict[tuple[str, ...], dict]:
    """Each asset's table name and column schema as now published, so a reported materialisation
    shows its columns in the UI as a run's does (the log keeps no schema: 27 KB a refresh)."""
    schemas = {(PARSED_PAGES,): (str(settings.pages_dir), arrow_schema(SIGHTING_SCHEMA))}
    with contextlib.suppress(OSError, pa.ArrowException):  # no papers yet
        papers = read_parquet_schema(settings.papers_path)
        schemas[(PAPERS,)] = (str(settings.papers_path), arrow_schema(papers))
    for name, facts in published_tables(settings).items():
        schemas[(WAREHOUSE, name)] = (f"warehouse.main.{name}", column_schema(facts))
    return {
        key: {"dagster/table_name": table, "dagster/column_schema": schema}
        for key, (table, schema) in schemas.items()
    }


def refresh_events(
    record: dict, schemas: dict[tuple[str, ...], dict] | None = None
) -> Iterator[AssetMaterialization | AssetCheckEvaluation]:
    """The materialisations and check results one command-line refresh stands for."""
    tags = {TRIGGER_TAG: "cli", REFRESH_TAG: record["refresh_id"]}
    for asset in record["assets"]:
        metadata = {**(schemas or {}).get(tuple(asset["key"]), {}), **metadata_values(asset["metadata"])}
        metadata["refreshed_at"] = MetadataValue.timestamp(datetime.fromisoformat(record["started"]))
        version = record.get("versions", {}).get(asset["key"][0])
        yield AssetMaterialization(
            asset_key=AssetKey(asset["key"]),
            description=f"paperlake refresh from the command line ({record['refresh_id']})",
            metadata=metadata,
            tags={**tags, DATA_VERSION_TAG: version} if version else tags,
        )
    for fields in record["checks"]:
        check = CheckResult.from_record(fields)
        yield AssetCheckEvaluation(asset_key=AssetKey(check.asset), **check_fields(check))


@sensor(
    minimum_interval_seconds=30,
    default_status=DefaultSensorStatus.RUNNING,
    description="Reports each `paperlake refresh` run from the command line (refresh_log.jsonl in "
    "the data dir) as the materialisations and check results of the assets it built.",
)
def cli_refreshes_sensor(context: SensorEvaluationContext, paperlake: PaperlakeResource):
    settings = paperlake.settings()
    path = settings.refresh_log_path
    records, cursor = read_records(path, context.cursor, RECORDS_PER_TICK)
    if not records:
        skip = SkipReason(f"no command-line refresh since the last report ({path})")
        return SensorResult(skip_reason=skip, cursor=cursor) if cursor != context.cursor else skip
    events, schemas = [], current_schemas(settings)
    for record in records:
        try:
            events += refresh_events(record, schemas)
        except (KeyError, TypeError, ValueError) as exc:  # a record another version wrote, or edited
            context.log.warning(f"refresh record not reported ({type(exc).__name__}: {exc}): {record!r:.200}")
    context.log.info(f"reporting {len(records)} command-line refresh(es): {len(events)} events")
    return SensorResult(asset_events=events, cursor=cursor)
