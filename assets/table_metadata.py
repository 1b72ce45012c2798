"""Catalog metadata for table assets: ``dagster/column_schema``, ``dagster/row_count``,
``dagster/table_name`` and ``dagster/column_lineage``, from a real build or a real Parquet schema;
and the pipeline's plain facts and check outcomes in Dagster's terms.

Lineage is matched by column name: a warehouse column depends on the upstream assets' columns of
the same name. That is how the SQL is written (columns keep their names from Parquet to warehouse
to views), and it is free to derive; renamed or computed columns simply get no lineage.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import pyarrow as pa
from dagster import (
    AssetCheckSeverity,
    AssetKey,
    MetadataValue,
    TableColumn,
    TableColumnConstraints,
    TableColumnDep,
    TableColumnLineage,
    TableSchema,
)

from pipeline.catalog import TableFacts

if TYPE_CHECKING:
    from pipeline.quality import IngestCheck
    from pipeline.refresh import CheckResult


def column_schema(facts: TableFacts) -> TableSchema:
    """The columns of a warehouse table or view as DuckDB reports them, with their COMMENT ON text."""
    return TableSchema(
        columns=[
            TableColumn(
                name=c.name,
                type=c.type,
                description=c.description or None,
                constraints=TableColumnConstraints(nullable=c.nullable, unique=c.is_key),
            )
            for c in facts.columns
        ]
    )


def arrow_schema(schema: pa.Schema) -> TableSchema:
    """The columns of a Parquet dataset (its Arrow schema)."""
    return TableSchema(
        columns=[
            TableColumn(
                name=f.name, type=str(f.type), constraints=TableColumnConstraints(nullable=f.nullable)
            )
            for f in schema
        ]
    )


def column_lineage(
    facts: TableFacts, upstream: Mapping[AssetKey, Sequence[str]]
) -> TableColumnLineage | None:
    """Each column's same-named columns in the upstream assets (``{asset key: column names}``)."""
    deps = {
        c.name: [
            TableColumnDep(asset_key=key, column_name=c.name)
            for key, names in upstream.items()
            if c.name in names
        ]
        for c in facts.columns
    }
    deps = {column: found for column, found in deps.items() if found}
    return TableColumnLineage(deps_by_column=deps) if deps else None


def table_metadata(table_name: str, schema: TableSchema, row_count: int) -> dict[str, MetadataValue]:
    return {
        "dagster/table_name": MetadataValue.text(table_name),
        "dagster/column_schema": MetadataValue.table_schema(schema),
        "dagster/row_count": MetadataValue.int(row_count),
    }


def metadata_values(facts: Mapping[str, object]) -> dict[str, object]:
    """Plain facts (``pipeline.refresh``) as Dagster metadata: lists and mappings as JSON."""
    return {k: MetadataValue.json(v) if isinstance(v, dict | list) else v for k, v in facts.items()}


def check_fields(check: IngestCheck | CheckResult) -> dict[str, object]:
    """A check's outcome as the keyword arguments Dagster's ``AssetCheckResult`` and
    ``AssetCheckEvaluation`` share: a blocking check fails as an error, any other as a warning."""
    return {
        "check_name": check.name,
        "passed": check.passed,
        "severity": AssetCheckSeverity.ERROR if check.blocking else AssetCheckSeverity.WARN,
        "description": check.description or None,
        "metadata": metadata_values(check.metadata),
    }
