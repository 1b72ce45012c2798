"""Reports drawn from the published warehouse: ``topic_trends_report`` (charts + a small HTML page).

Kept out of the ``paperlake`` group on purpose: ``refresh_job`` (CLI, sensor, schedule) stays the
data pipeline only, and a report that fails to render can never fail a refresh. Instead the report
follows the warehouse on its own: ``AutomationCondition.eager()`` requests it after each new
warehouse materialisation, evaluated by ``reports_automation_sensor`` under ``dagster dev``.
It reads the warehouse read-only and writes only ``<data dir>/reports``, so it is not in the
``paperlake_writer`` pool and never waits for, or blocks, a refresh.
"""

from dagster import (
    AssetExecutionContext,
    AssetSelection,
    AutomationCondition,
    AutomationConditionSensorDefinition,
    DataVersion,
    DefaultSensorStatus,
    MaterializeResult,
    MetadataValue,
    asset,
)

from assets.resources import PaperlakeResource
from assets.warehouse_assets import table_key

GROUP = "reports"


@asset(
    deps=[table_key("papers"), table_key("sightings"), table_key("build_info")],  # what it reads
    group_name=GROUP,
    kinds={"python", "html"},
    automation_condition=AutomationCondition.eager(),
)
def topic_trends_report(context: AssetExecutionContext, paperlake: PaperlakeResource) -> MaterializeResult:
    """Charts of papers per topic per listing week and of the most re-listed papers, as PNG files
    and ``index.html`` in ``<data dir>/reports``; the preview below is a small copy."""
    from pipeline.report import build_report  # matplotlib: imported only when a report is drawn

    result = build_report(paperlake.settings())
    context.log.info(f"report written to {result.html} ({result.n_weeks} weeks with listings)")
    return MaterializeResult(
        metadata={
            "preview": MetadataValue.md(result.preview_markdown()),
            "html": MetadataValue.path(str(result.html)),
            "topic_trends_png": MetadataValue.path(str(result.trend_png)),
            "top_relisted_png": MetadataValue.path(str(result.relisted_png)),
            "weeks_with_listings": result.n_weeks,
            "undated_sightings": result.n_undated_sightings,
            "relisted_papers": result.n_relisted_papers,
            "top_topics": MetadataValue.json(result.top_topics),
            "warehouse_built_at": result.built_at,
        },
        # The same warehouse build gives the same charts, so Dagster can tell a redraw from a change.
        data_version=DataVersion(result.warehouse_fingerprint or "unknown"),
    )


reports_automation_sensor = AutomationConditionSensorDefinition(
    "reports_automation_sensor",
    target=AssetSelection.groups(GROUP),
    default_status=DefaultSensorStatus.RUNNING,
    description="Redraws the reports after the warehouse is published (their eager automation conditions).",
)
