"""``paperlake sql``: a read-only analyst's query tool over the published warehouse.

Three walls, so that no query can change or leak anything:

* the warehouse is opened ``read_only`` (no CREATE/INSERT/UPDATE on it);
* DuckDB's file system is closed (``enable_external_access = false``, then ``lock_configuration``,
  so no later ``SET`` can reopen it): no ``read_csv('/etc/passwd')``, no ``COPY … TO``, ``EXPORT``,
  ``ATTACH``, ``INSTALL`` or ``LOAD``. ``--allow-files`` opens local files for *reading* only
  (``allowed_directories``), which is why the third wall exists:
* only statements that read are run (SELECT, EXPLAIN, PRAGMA, CALL); any other is refused before
  anything runs, naming it.

Results are fetched in batches and written as they come (a 3M-row result no longer needs 1.6 GB),
and every statement's result is shown, not only the last one's.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import duckdb

from pipeline.config import Settings

# Statement types that only read. PRAGMA and CALL that would change a setting fail on the locked
# configuration; CHECKPOINT (a CALL) fails on the read-only database.
READING_STATEMENTS = {"SELECT", "EXPLAIN", "PRAGMA", "CALL"}
# Statements that save a result somewhere: the refusal says how paperlake saves one instead.
WRITING_RESULTS = {"COPY", "EXPORT", "CREATE", "INSERT"}
BATCH_ROWS = 10_000
# A table's column widths come from its first rows (a later, longer value widens its own line only).
WIDTH_SAMPLE_ROWS = 1_000


class RefusedQuery(Exception):
    """A query that ``paperlake sql`` will not run, with one sentence saying why and what to do."""


@contextmanager
def analyst_connection(settings: Settings, allow_files: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """The published warehouse, read-only, with DuckDB's file access closed (or read-only for
    ``allow_files``) and the configuration locked; spills go to a private folder removed on exit."""
    if not settings.warehouse_path.exists():
        raise FileNotFoundError(f"no warehouse at {settings.warehouse_path}: run `paperlake refresh` first")
    spill = tempfile.mkdtemp(prefix="paperlake-sql-")
    try:
        con = duckdb.connect(str(settings.warehouse_path), read_only=True)
        try:
            # allowed_directories can only be set while external access is still on.
            allowed = ["/"] if allow_files else []
            con.execute("SET temp_directory = ?", [spill])
            con.execute("SET allowed_directories = ?", [[*allowed, f"{spill}/"]])
            con.execute("SET enable_external_access = false")
            con.execute("SET lock_configuration = true")
            yield con
        finally:
            con.close()
    finally:
        shutil.rmtree(spill, ignore_errors=True)


def reading_statements(con: duckdb.DuckDBPyConnection, query: str) -> list:
    """The statements of ``query``, or RefusedQuery naming the first that would write."""
    statements = con.extract_statements(query)
    if not statements:
        raise RefusedQuery("the query is empty: give a SELECT statement")
    for statement in statements:
        kind = statement.type.name
        if kind not in READING_STATEMENTS:
            words = " ".join(statement.query.split()[:2])
            hint = (
                "; save a result with --format csv|json|parquet --output FILE"
                if kind in WRITING_RESULTS
                else ""
            )
            raise RefusedQuery(f"paperlake sql only reads: `{words} …` is refused ({kind} statement){hint}")
    return statements


def run_query(
    con: duckdb.DuckDBPyConnection, query: str, fmt: str, out: IO[str] | None, parquet_path: Path | None
) -> None:
    """Run every statement of ``query`` and write each result, streamed batch by batch.

    Text formats go to ``out``; ``parquet`` writes one file (so it takes one statement). Several
    results in csv or json would not parse as one file, so those take one statement too.
    """
    statements = reading_statements(con, query)
    if len(statements) > 1 and fmt != "table":
        raise RefusedQuery(
            f"--format {fmt} writes one result but the query has {len(statements)} statements: "
            "run them one at a time"
        )
    for i, statement in enumerate(statements):
        if fmt == "parquet":
            assert parquet_path is not None
            _write_parquet(con, statement.query, parquet_path)
            continue
        cursor = con.execute(statement)
        names = [d[0] for d in cursor.description or []]
        assert out is not None
        if i:
            out.write("\n")
        {"csv": _write_csv, "json": _write_json, "table": _write_table}[fmt](names, _batches(cursor), out)
        out.flush()


def _batches(cursor: duckdb.DuckDBPyConnection) -> Iterator[list[tuple]]:
    """Rows in batches: DuckDB produces the next batch only when it is asked for it."""
    while rows := cursor.fetchmany(BATCH_ROWS):
        yield rows


def _write_parquet(con: duckdb.DuckDBPyConnection, query: str, path: Path) -> None:
    """Write the result with pyarrow, batch by batch (DuckDB itself may not write files here).

    Read as a relation, not through a cursor: DuckDB copies a DB-API result's rows once more to
    give them as Arrow, and warns about it on stderr.
    """
    from pipeline.io import write_batches_atomic  # pyarrow: only a Parquet export needs it

    relation = con.sql(query)
    if relation is None:
        raise RefusedQuery("the statement gives no result to write: give a SELECT statement")
    write_batches_atomic(relation.to_arrow_reader(BATCH_ROWS), path)


def _write_csv(names: list[str], batches: Iterator[list[tuple]], out: IO[str]) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    for rows in batches:
        writer.writerows([["" if v is None else plain(v) for v in row] for row in rows])


def _write_json(names: list[str], batches: Iterator[list[tuple]], out: IO[str]) -> None:
    """A JSON array, one object per line, written as rows arrive."""
    out.write("[")
    first = True
    for rows in batches:
        for row in rows:
            record = json.dumps(dict(zip(names, row, strict=True)), default=plain, ensure_ascii=False)
            out.write(("\n" if first else ",\n") + record)
            first = False
    out.write("\n]\n" if not first else "]\n")


def _write_table(names: list[str], batches: Iterator[list[tuple]], out: IO[str]) -> None:
    """A Markdown (pipe) table, streamed: widths and alignment come from the first rows."""
    pending: list[list[str]] = []
    numeric = [True] * len(names)
    count = 0
    widths: list[int] | None = None
    for rows in batches:
        cells = [[_cell(v) for v in row] for row in rows]
        count += len(rows)
        if widths is None:
            pending.extend(cells)
            for row in rows:
                for j, value in enumerate(row):
                    if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
                        numeric[j] = False
            if len(pending) < WIDTH_SAMPLE_ROWS:
                continue
            widths = _start_table(names, pending, numeric, out)
        else:
            _table_rows(cells, widths, numeric, out)
    if widths is None and pending:
        _start_table(names, pending, numeric, out)
    if count == 0:
        out.write("(no rows)\n")
    else:
        out.write(f"({count} row{'s' if count != 1 else ''})\n")


def _start_table(names: list[str], rows: list[list[str]], numeric: list[bool], out: IO[str]) -> list[int]:
    widths = [max([len(name), *(len(r[j]) for r in rows)]) for j, name in enumerate(names)]
    _table_rows([names], widths, numeric, out)
    pairs = zip(widths, numeric, strict=True)
    rule = ("-" * (w + 1) + ":" if num else ":" + "-" * (w + 1) for w, num in pairs)
    out.write("|" + "|".join(rule) + "|\n")
    _table_rows(rows, widths, numeric, out)
    return widths


def _table_rows(rows: list[list[str]], widths: list[int], numeric: list[bool], out: IO[str]) -> None:
    for row in rows:
        cells = (c.rjust(w) if num else c.ljust(w) for c, w, num in zip(row, widths, numeric, strict=True))
        out.write("| " + " | ".join(cells) + " |\n")


def _cell(value: object) -> str:
    """One table cell on one line (a newline inside an abstract would break the table)."""
    if value is None:
        return ""
    return " ".join(str(plain(value)).splitlines())


def plain(value: object) -> object:
    """Dates and times as ISO text, decimals as floats, lists as JSON-ish text; the rest unchanged."""
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, list | dict):
        return json.dumps(value, default=plain, ensure_ascii=False)
    return value


def quiet_broken_pipe() -> None:
    """The reader of our stdout went away (``paperlake sql … | head``): stop without a traceback.

    Python flushes stdout again at exit, which would raise once more; point it at /dev/null first.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
