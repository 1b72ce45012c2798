"""The Dagster definitions of paperlake: ``dg dev``, ``dg check defs`` and ``dagster dev -w
workspace.yaml`` all load ``defs`` from here.

``defs`` is built when Dagster loads it (``@definitions``), not when this module is imported, so
settings read from the environment (the schedule's cron) are those of the process that loads it.
"""

from __future__ import annotations

from dagster import Definitions, definitions

from assets.automation import raw_pages_sensor, refresh_job, refresh_schedule
from assets.cli_refreshes import cli_refreshes_sensor
from assets.pipeline_assets import papers, parsed_pages
from assets.raw_pages import raw_pages
from assets.reports import reports_automation_sensor, topic_trends_report
from assets.resources import PaperlakeResource
from assets.warehouse_assets import warehouse


@definitions
def defs() -> Definitions:
    return Definitions(
        assets=[raw_pages, parsed_pages, papers, warehouse, topic_trends_report],
        jobs=[refresh_job],
        schedules=[refresh_schedule()],
        sensors=[raw_pages_sensor, reports_automation_sensor, cli_refreshes_sensor],
        resources={"paperlake": PaperlakeResource()},
    )
