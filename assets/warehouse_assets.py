"""The warehouse as Dagster sees it: one asset per DuckDB table and view, one build that makes them.

``warehouse`` is a ``multi_asset``: a single step builds every table into an unpublished file, audits
it with the checks of ``pipeline.checks`` (each attached to the asset of the table it tests), and
publishes it with one atomic file replace - or, when a blocking check fails, publishes nothing,
keeps the last good warehouse and fails the run naming the check. Splitting the build into a step
per table would lose both the single DuckDB build (tables share staging and topic scoring) and the
atomic publish.

The table list comes from ``sql/warehouse`` itself (``pipeline.catalog.declared_objects``), the
column schemas and row counts from the build that was published, so neither is kept by hand here.
What is declared here is where each table's rows come from (its upstream assets).
"""

from datetime import timedelta
from graphlib import TopologicalSorter

from dagster import (
    AssetCheckResult,
    AssetCheckSpec,
    AssetExecutionContext,
    AssetKey,
    AssetSpec,
    DataVersion,
    Failure,
    FreshnessPolicy,
    MaterializeResult,
    MetadataValue,
    multi_asset,
)

from assets.pipeline_assets import WRITER_POOL, papers, papers_columns, parsed_pages, parsed_pages_columns
from assets.resources import PaperlakeResource
from assets.table_metadata import check_fields, column_lineage, column_schema, metadata_values, table_metadata
from pipeline.catalog import declared_objects
from pipeline.checks import CHECKS, describe_failures
from pipeline.progress import Progress
from pipeline.refresh import warehouse_checks, warehouse_facts
from pipeline.sql import sql_text
from pipeline.warehouse import build_warehouse, open_read_only

GROUP = "warehouse"
PREFIX = "warehouse"

# Where each table's rows come from, besides other warehouse tables. A table not listed here is
# taken to derive from the papers step (every build runs after it).
TOPIC_MODEL = ["topics", "topic_terms", "topic_model_settings", "topic_model_bias"]
TOPIC_MODEL += ["topic_model_vocab", "topic_model_weights"]
INPUTS: dict[str, list] = {
    "source_files": [parsed_pages],
    "rejects": [parsed_pages],
    "sightings": [parsed_pages, papers],  # the records, and the record -> paper map
    "paper_aliases": [papers],
    "papers": [papers, *TOPIC_MODEL],
    "paper_topic_scores": [papers, *TOPIC_MODEL],
    "paper_links": [papers],
    "topics": [],  # the taxonomy and the topic model are SQL and data files of the repository
    "topic_terms": ["topics"],
    "topic_model_settings": [],
    "topic_model_bias": ["topics"],
    "topic_model_vocab": [],
    "topic_model_weights": ["topic_model_vocab", "topics"],
    "build_info": ["source_files", "sightings", "papers", "rejects"],
}
# Most consumers read the warehouse within the hour (the schedule refreshes hourly): warn after two
# hours without a successful refresh, fail after a day.
FRESHNESS = FreshnessPolicy.time_window(fail_window=timedelta(hours=26), warn_window=timedelta(hours=2))


def table_key(name: str) -> AssetKey:
    return AssetKey([PREFIX, name])


def _reads(view_sql_name: str, statement_names: list[str]) -> list[str]:
    """Tables a view reads: the declared tables named in its CREATE VIEW statement."""
    text = sql_text(f"warehouse/{view_sql_name}")
    start = text.index(f"CREATE VIEW {statement_names[0]}")
    end = text.find("CREATE VIEW", start + 1)
    body = text[start : end if end != -1 else len(text)]
    return [n for n in statement_names[1:] if f" {n} " in f" {body} ".replace("\n", " ")]


def _deps(obj, tables: list[str]) -> list:
    if obj.kind == "view":
        return [table_key(n) for n in _reads(obj.sql_file, [obj.name, *tables])]
    upstream = INPUTS.get(obj.name, [papers])
    return [table_key(d) if isinstance(d, str) else d for d in upstream]


OBJECTS = declared_objects()
TABLES = [o.name for o in OBJECTS if o.kind == "table"]
SPECS = [
    AssetSpec(
        table_key(o.name),
        deps=_deps(o, TABLES),
        description=o.description,
        group_name=GROUP,
        kinds={"duckdb", "table" if o.kind == "table" else "view"},
        metadata={"dagster/table_name": f"warehouse.main.{o.name}", "sql": f"sql/warehouse/{o.sql_file}"},
        freshness_policy=FRESHNESS,
        skippable=True,  # a build held back by a failed check materialises nothing
    )
    for o in OBJECTS
]
CHECK_SPECS = [
    AssetCheckSpec(c.name, asset=table_key(c.table), blocking=c.blocking, description=c.description)
    for c in CHECKS
]


@multi_asset(name="warehouse", specs=SPECS, check_specs=CHECK_SPECS, pool=WRITER_POOL, can_subset=False)
def warehouse(context: AssetExecutionContext, paperlake: PaperlakeResource):
    """Build every table and view into an unpublished DuckDB file, audit it, publish it atomically."""
    settings = paperlake.settings()
    Progress("warehouse").note("warehouse: building, checking and publishing...")
    report = build_warehouse(settings)
    for check in warehouse_checks(report):
        yield AssetCheckResult(asset_key=AssetKey(check.asset), **check_fields(check))
    if not report.published:
        raise Failure(
            description=f"warehouse not published, the previous one stays: blocking check failed: "
            f"{describe_failures(report.blocking_failures)}; the rejected build is {report.rejected_path}",
            metadata={"rejected_build": MetadataValue.path(str(report.rejected_path))},
        )
    context.log.info(f"warehouse at {report.path} (rebuilt={report.rebuilt}, {report.mode})")
    upstream = {
        parsed_pages.key: parsed_pages_columns(),
        papers.key: papers_columns(settings),
        **{table_key(n): [c.name for c in f.columns] for n, f in report.tables.items()},
    }
    facts_by_table = warehouse_facts(report)
    for spec in _in_dependency_order(SPECS):  # Dagster wants a multi-asset's outputs in that order
        name = spec.key.path[-1]
        facts = report.tables.get(name)
        if facts is None:  # a table the last build did not have (its SQL file is newer)
            continue
        metadata = {
            **table_metadata(f"warehouse.main.{name}", column_schema(facts), facts.row_count),
            **metadata_values(facts_by_table[name]),
        }
        dep_keys = {dep.asset_key for dep in spec.deps}
        lineage = column_lineage(facts, {k: cols for k, cols in upstream.items() if k in dep_keys})
        if lineage is not None:
            metadata["dagster/column_lineage"] = lineage
        if name == "build_info":
            metadata["path"] = MetadataValue.path(str(report.path))
        if name == "topic_summary":
            with open_read_only(settings) as con:
                preview = con.sql(sql_text("queries/topic_summary_preview.sql")).df()
            metadata["preview"] = MetadataValue.md(preview.head(20).to_markdown(index=False))
        yield MaterializeResult(
            asset_key=spec.key, metadata=metadata, data_version=DataVersion(report.fingerprint)
        )


def _in_dependency_order(specs: list[AssetSpec]) -> list[AssetSpec]:
    by_key = {spec.key: spec for spec in specs}
    graph = {spec.key: {d.asset_key for d in spec.deps if d.asset_key in by_key} for spec in specs}
    return [by_key[key] for key in TopologicalSorter(graph).static_order()]
