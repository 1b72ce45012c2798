"""One tick of ``cli_refreshes_sensor`` as the Dagster daemon runs it: evaluate, then store each
reported event in the instance (``dagster._daemon.sensor`` calls ``report_runless_asset_event``
for every event of a sensor result)."""

from __future__ import annotations

from pathlib import Path

from dagster import DagsterInstance, SensorResult, SkipReason, build_sensor_context

from assets.cli_refreshes import cli_refreshes_sensor
from assets.resources import PaperlakeResource


def report_cli_refreshes(
    instance: DagsterInstance, data_dir: Path, cursor: str | None = None
) -> tuple[SensorResult | SkipReason, str | None]:
    """The sensor's result and the cursor the daemon would keep for the next tick."""
    resource = PaperlakeResource(data_dir=str(data_dir))
    context = build_sensor_context(instance=instance, cursor=cursor, resources={"paperlake": resource})
    result = cli_refreshes_sensor(context)
    if isinstance(result, SkipReason):
        return result, cursor
    for event in result.asset_events:
        instance.report_runless_asset_event(event)
    return result, result.cursor
