"""The Dagster ``Definitions`` of paperlake: load with ``dagster dev -w workspace.yaml``."""

from __future__ import annotations

from dagster import Definitions

from assets.automation import raw_pages_sensor, refresh_job, refresh_schedule
from assets.pipeline_assets import papers, parsed_pages, raw_pages, warehouse
from assets.reports import reports_automation_sensor, topic_trends_report
from assets.resources import PaperlakeResource

defs = Definitions(
    assets=[raw_pages, parsed_pages, papers, warehouse, topic_trends_report],
    jobs=[refresh_job],
    schedules=[refresh_schedule],
    sensors=[raw_pages_sensor, reports_automation_sensor],
    resources={"paperlake": PaperlakeResource()},
)
