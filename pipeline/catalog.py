"""What a warehouse holds, as a catalog sees it: each table and view, its columns and row count.

Two sources, for two moments:

* ``declared_objects()`` reads ``sql/warehouse`` itself (``CREATE TABLE``/``VIEW`` and ``COMMENT ON``),
  so the orchestrator knows every table before anything is built;
* ``describe_build(con)`` asks a real build (``duckdb_columns()``, ``duckdb_constraints()``): the
  column names, types, comments and keys the analysts will actually get, and the row counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import duckdb

from pipeline.sql import query_file, sql_files, sql_text

_CREATE = re.compile(r"^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(TABLE|VIEW)\s+(\w+)", re.IGNORECASE | re.MULTILINE)
_COMMENT = re.compile(r"^\s*COMMENT\s+ON\s+(TABLE|VIEW)\s+(\w+)\s+IS\s+'((?:[^']|'')*)'", re.I | re.M)


@dataclass(frozen=True)
class DeclaredObject:
    name: str
    kind: str  # "table" or "view"
    description: str
    sql_file: str  # the file of sql/warehouse that creates it


def declared_objects() -> list[DeclaredObject]:
    """Every persistent table and view ``sql/warehouse`` creates (temporary ones excluded), in
    build order, with its ``COMMENT ON`` text."""
    comments: dict[str, str] = {}
    created: list[tuple[str, str, str]] = []
    for path in sql_files("warehouse"):
        text = path.read_text(encoding="utf-8")
        created += [(name, kind.lower(), path.name) for kind, name in _CREATE.findall(text)]
        comments |= {name: comment.replace("''", "'") for _, name, comment in _COMMENT.findall(text)}
    return [DeclaredObject(name, kind, comments.get(name, ""), file) for name, kind, file in created]


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str
    nullable: bool
    is_key: bool


@dataclass
class TableFacts:
    name: str
    kind: str
    description: str
    row_count: int
    columns: list[Column] = field(default_factory=list)


def describe_build(con: duckdb.DuckDBPyConnection) -> dict[str, TableFacts]:
    """Tables and views of the database ``con`` points at, with their columns and row counts.

    Every object is counted in one query (a UNION ALL of ``queries/row_count.sql``, one query per
    object cost ~20 ms more per build): a table's count is a metadata read, a view is run (the
    views count in a quarter of a second at 20,000 pages).
    """
    objects = query_file(con, "queries/catalog_objects.sql")
    counting = sql_text("queries/row_count.sql")
    counts = dict(
        con.execute("\nUNION ALL\n".join(counting.format(name=row["name"]) for row in objects)).fetchall()
        if objects
        else []
    )
    facts = {
        row["name"]: TableFacts(row["name"], row["kind"], row["comment"] or "", counts[row["name"]])
        for row in objects
    }
    for row in query_file(con, "queries/catalog_columns.sql"):
        if row["name"] in facts:
            facts[row["name"]].columns.append(
                Column(row["column"], row["type"], row["comment"] or "", row["nullable"], row["is_key"])
            )
    return facts
