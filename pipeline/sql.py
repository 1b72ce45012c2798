"""Load and run the ``.sql`` files in ``sql/``: the only place DuckDB statements live.

Values (file paths, lists of shards) are passed as DuckDB variables (``SET VARIABLE``) and read in
SQL with ``getvariable('name')``, so no value is ever spliced into SQL text. Being the one door
through which paths reach SQL, ``set_variables`` also makes the connection able to read the ones on
object storage (``s3://`` when the Parquet dataset lives there).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import duckdb

from pipeline.config import SQL_DIR
from pipeline.storage import register_filesystems


def sql_text(relative: str) -> str:
    """The text of ``sql/<relative>``."""
    return (SQL_DIR / relative).read_text(encoding="utf-8")


def sql_files(folder: str) -> list[Path]:
    """The ``.sql`` files of ``sql/<folder>`` in run order (their names start with a number)."""
    return sorted((SQL_DIR / folder).glob("*.sql"))


def limit_resources(con: duckdb.DuckDBPyConnection, memory_limit: str | None, temp_dir: Path) -> None:
    """Let a build connection spill to ``temp_dir``, capped at ``memory_limit`` if given (see Settings)."""
    temp_dir.mkdir(parents=True, exist_ok=True)
    if memory_limit:
        con.execute("SET memory_limit = ?", [memory_limit])
    con.execute("SET temp_directory = ?", [str(temp_dir)])
    con.execute("SET preserve_insertion_order = false")  # lets large scans and copies stream


def set_variables(con: duckdb.DuckDBPyConnection, variables: Mapping[str, Any]) -> None:
    for name, value in variables.items():
        register_filesystems(con, value)  # no-op for local paths
        con.execute(f"SET VARIABLE {name} = ?", [value])


def run_file(con: duckdb.DuckDBPyConnection, relative: str) -> None:
    """Run every statement of one SQL file (results, if any, are discarded)."""
    con.execute(sql_text(relative))


def query_file(con: duckdb.DuckDBPyConnection, relative: str, params: list | None = None) -> list[dict]:
    """Run a single-SELECT SQL file and return its rows as dicts (fully fetched)."""
    cursor = con.execute(sql_text(relative), params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def folder_fingerprint(*folders: str) -> str:
    """Hash of the SQL that shapes the warehouse; editing it makes the warehouse out of date."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sql_files(folder):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:32]
