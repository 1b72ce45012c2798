"""The Dagster ``Definitions`` of paperlake: load with ``dagster dev -w workspace.yaml``."""

from __future__ import annotations

from dagster import Definitions

from assets.automation import raw_pages_sensor, refresh_job, refresh_schedule
from assets.pipeline_assets import papers, parsed_pages, raw_pages, warehouse
from assets.resources import PaperlakeResource

defs = Definitions(
    assets=[raw_pages, parsed_pages, papers, warehouse],
    jobs=[refresh_job],
    schedules=[refresh_schedule],
    sensors=[raw_pages_sensor],
    resources={"paperlake": PaperlakeResource()},
)
