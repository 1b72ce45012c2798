"""When refreshes run: a sensor for new/changed/deleted pages and an hourly schedule.

Both target the same ``refresh_job``, which is cheap when nothing changed (the core skips unchanged
files and unchanged downstream builds), so overlapping triggers cost little. The sensor requests
no run for a folder a ``paperlake refresh`` from the command line has already read as it is now
(its record in ``refresh_log.jsonl`` holds the listing's fingerprint). The sensor also records
an observation of ``raw_pages`` with the folder's fingerprint as its data version, so the UI shows
when pages changed and which assets are behind them.

The schedule's cron is read from ``PAPERLAKE_REFRESH_CRON`` when the definitions are loaded
(``assets.definitions.build_defs``), not when this module is imported.
"""

import os

from dagster import (
    AssetObservation,
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
from dagster._core.definitions.data_version import DATA_VERSION_TAG

from assets.raw_pages import raw_dir_state, raw_pages
from assets.resources import PaperlakeResource
from pipeline.refresh_log import last_record

DEFAULT_CRON = "0 * * * *"  # hourly

refresh_job = define_asset_job(
    "refresh_job",
    selection=AssetSelection.groups("paperlake", "warehouse"),
    description="Parse new/changed pages, rebuild papers and publish the warehouse if anything changed.",
)


def refresh_schedule() -> ScheduleDefinition:
    """The periodic refresh, on ``PAPERLAKE_REFRESH_CRON`` (default hourly) as set at load time."""
    return ScheduleDefinition(
        name="refresh_schedule",
        job=refresh_job,
        cron_schedule=os.environ.get("PAPERLAKE_REFRESH_CRON") or DEFAULT_CRON,
        default_status=DefaultScheduleStatus.RUNNING,
        description="Periodic refresh (PAPERLAKE_REFRESH_CRON, default hourly): catches what the sensor "
        "missed.",
    )


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
    # The new folder version, on raw_pages' timeline: the UI shows when pages changed.
    observation = AssetObservation(asset_key=raw_pages.key, tags={DATA_VERSION_TAG: state})
    context.instance.report_runless_asset_event(observation)
    last = last_record(paperlake.settings().refresh_log_path)
    if last and last.get("success") and last.get("raw_state") == state:
        return SkipReason(f"`paperlake refresh` {last['refresh_id']} already read the pages as they are now")
    return RunRequest(run_key=f"raw-{state}", tags={"paperlake/trigger": "sensor"})
