"""When refreshes run: a sensor for new/changed/deleted pages and an hourly schedule.

Both target the same ``refresh_job``, which is cheap when nothing changed (the core skips unchanged
files and unchanged downstream builds), so overlapping triggers cost little.
"""

import hashlib
import os

from dagster import (
    AssetSelection,
    DefaultScheduleStatus,
    DefaultSensorStatus,
    RunRequest,
    ScheduleDefinition,
    SensorEvaluationContext,
    SkipReason,
    define_asset_job,
    sensor,
)

from assets.resources import PaperlakeResource
from pipeline.ingest import scan_raw_dir

REFRESH_CRON = os.environ.get("PAPERLAKE_REFRESH_CRON", "0 * * * *")  # hourly by default

refresh_job = define_asset_job(
    "refresh_job",
    selection=AssetSelection.groups("paperlake"),
    description="Parse new/changed pages, rebuild papers and publish the warehouse if anything changed.",
)

refresh_schedule = ScheduleDefinition(
    name="refresh_schedule",
    job=refresh_job,
    cron_schedule=REFRESH_CRON,
    default_status=DefaultScheduleStatus.RUNNING,
    description="Periodic refresh (PAPERLAKE_REFRESH_CRON, default hourly); catches what the sensor missed.",
)


def raw_dir_state(paperlake: PaperlakeResource) -> str:
    """Fingerprint of the raw folder from file names, sizes and mtimes - no file is read."""
    digest = hashlib.sha256()
    for entry in scan_raw_dir(paperlake.settings().raw_dir):
        digest.update(f"{entry.source_file}\0{entry.size_bytes}\0{entry.mtime_ns}\0{entry.status}\n".encode())
    return digest.hexdigest()[:32]


@sensor(
    job=refresh_job,
    minimum_interval_seconds=30,
    default_status=DefaultSensorStatus.RUNNING,
    description="Requests a refresh when a page is added, changed or deleted in the raw folder.",
)
def raw_pages_sensor(context: SensorEvaluationContext, paperlake: PaperlakeResource):
    settings = paperlake.settings()
    if not settings.raw_dir.is_dir():
        return SkipReason(f"raw dir {settings.raw_dir} does not exist")
    state = raw_dir_state(paperlake)
    if state == context.cursor:
        return SkipReason("no page added, changed or deleted since the last request")
    context.update_cursor(state)
    return RunRequest(run_key=f"raw-{state}", tags={"paperlake/trigger": "sensor"})
