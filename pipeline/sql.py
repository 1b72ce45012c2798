"""Load and run the ``.sql`` files in ``sql/``: the only place DuckDB statements live.

Values (file paths, lists of shards) are passed as DuckDB variables (``SET VARIABLE``) and read in
SQL with ``getvariable('name')``, so no value is ever spliced into SQL text. Being the one door
through which paths reach SQL, ``set_variables`` also makes the connection able to read the ones on
object storage (``s3://`` when the Parquet dataset lives there).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from pipeline.config import SQL_DIR
from pipeline.storage import register_filesystems


def sql_text(relative: str) -> str:
    """The text of ``sql/<relative>``."""
    return (SQL_DIR / relative).read_text(encoding="utf-8")


def sql_files(folder: str) -> list[Path]:
    """The ``.sql`` files of ``sql/<folder>`` in run order (their names start with a number)."""
    return sorted((SQL_DIR / folder).glob("*.sql"))


# DuckDB's own default memory limit is 80% of RAM: at 20,000 pages a build connection grew to 21 GB
# and would have taken a shared machine with it. Builds spill to their temp_directory instead, and
# the topic scoring works batch by batch (sql/warehouse/055_topic_batches.sql), so a quarter of the
# machine, at most DEFAULT_MEMORY_CEILING, is enough at any corpus size (docs/scaling.md).
DEFAULT_MEMORY_SHARE = 0.25
DEFAULT_MEMORY_CEILING = 2 * 2**30
DEFAULT_MEMORY_FLOOR = 256 * 2**20
# The papers stage's ceiling. Identity holds every distinct record's title and abstract in one hash
# table (sql/build/distinct_records.sql: ~1.2 GB at 20,000 pages), which a 2 GiB cap squeezes: in
# full builds of 20,000 pages the stage took 47.7 s under it and 37.7 s under 3 GiB (14.9x -> 11.8x
# its 2,000-page time), at a peak of 2.9 GB. The warehouse works in batches and keeps 2 GiB: under
# 3 GiB it peaked at 3.7 GB, too near the 4 GB goal (docs/scaling.md, session 25).
IDENTITY_MEMORY_CEILING = 3 * 2**30


def machine_memory() -> int:
    """Bytes of memory this process may use: the machine's RAM, or the container's cgroup limit."""
    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    for cgroup_file in ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"):
        try:
            text = Path(cgroup_file).read_text().strip()
        except OSError:
            continue
        if text.isdigit():
            total = min(total, int(text))
    return total


def default_memory_limit(ceiling: int = DEFAULT_MEMORY_CEILING) -> str:
    """DuckDB memory limit when ``PAPERLAKE_DUCKDB_MEMORY`` is not set, e.g. ``'2048MiB'``: a share
    of the machine, at most ``ceiling``."""
    limit = min(int(machine_memory() * DEFAULT_MEMORY_SHARE), ceiling)
    return f"{max(limit, DEFAULT_MEMORY_FLOOR) // 2**20}MiB"


def limit_resources(
    con: duckdb.DuckDBPyConnection,
    memory_limit: str | None,
    temp_dir: Path,
    ceiling: int = DEFAULT_MEMORY_CEILING,
) -> None:
    """Cap a build connection's memory (``memory_limit``, else ``default_memory_limit(ceiling)``)
    and let it spill to ``temp_dir``."""
    temp_dir.mkdir(parents=True, exist_ok=True)
    con.execute("SET memory_limit = ?", [memory_limit or default_memory_limit(ceiling)])
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


def query_file_arrow(con: duckdb.DuckDBPyConnection, relative: str) -> pa.Table:
    """Run an SQL file and return its last statement's rows as an Arrow table, in its ORDER BY order.

    The last statement goes through ``con.sql``: under ``preserve_insertion_order = false``
    (``limit_resources``), DuckDB 2.0's ``con.execute(...).to_arrow_table()`` returns the rows of
    an ordered query out of order (checked on this machine: 3M rows; ``fetchall``, ``df`` and
    ``con.sql`` keep it)."""
    *leading, last = con.extract_statements(sql_text(relative))
    for statement in leading:
        con.execute(statement)
    return con.sql(last.query).to_arrow_table()


def folder_fingerprint(*folders: str) -> str:
    """Hash of the SQL that shapes the warehouse; editing it makes the warehouse out of date."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sql_files(folder):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:32]
