"""Papers kept in a data file rather than a text: Parquet, Feather (Arrow IPC), an SQLite database.

A scraper built by a data engineer keeps its records where its other data lives: ``DataFrame
.to_parquet()`` or a Hugging Face dataset's Parquet shards (the daily papers are published as
datasets too), or an SQLite database (Scrapy's item pipelines, ``sqlite-utils``, Datasette). Each
table is written as JSON Lines, a record a line, for the reader of a JSON export
(``pipeline.json_listing``, fields named by ``pipeline.record_fields``): nested values stay nested
(the API's ``{"paper": {"id": …, "authors": [{"name": …}]}}``), dates and times become ISO text, and
each record keeps its row's number as its line.

Nothing in the file is run: Parquet and Arrow files are read by pyarrow; an SQLite database is
opened from its bytes in memory, read only, and only its tables (not its views or triggers) are
selected.
"""

from __future__ import annotations

import io
import json
import sqlite3
from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal

PARQUET_MAGIC = b"PAR1"
ARROW_MAGIC = b"ARROW1"
SQLITE_MAGIC = b"SQLite format 3\x00"
_TABLES = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid"


def parquet_records(data: bytes, max_bytes: int) -> str:
    """A Parquet file's rows as JSON Lines. Raises ``ValueError`` when it cannot be read, or when its
    row groups would expand past ``max_bytes`` (a small file can hold gigabytes of repeats)."""
    import pyarrow.parquet as pq

    try:
        file = pq.ParquetFile(io.BytesIO(data))
        meta = file.metadata
        expanded = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
        table = file.read() if expanded <= max_bytes else None
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError …: all mean unreadable
        raise ValueError(" ".join(str(exc).split())[:200]) from exc
    if table is None:
        raise ValueError(f"its rows expand to {expanded:,} bytes, past the {max_bytes:,}-byte page limit")
    return json_lines(table.to_pylist())


def arrow_records(data: bytes, max_bytes: int) -> str:
    """An Arrow IPC file's rows (``DataFrame.to_feather()``: Feather v2) as JSON Lines. Raises
    ``ValueError`` when it cannot be read or its batches expand past ``max_bytes``."""
    import pyarrow as pa

    try:
        reader = pa.ipc.open_file(io.BytesIO(data))
        batches, size = [], 0
        for i in range(reader.num_record_batches):
            batch = reader.get_batch(i)  # decompressed one at a time: the limit holds before the next
            size += batch.nbytes
            if size > max_bytes:
                break
            batches.append(batch)
        records = pa.Table.from_batches(batches, schema=reader.schema).to_pylist()
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError …: all mean unreadable
        raise ValueError(" ".join(str(exc).split())[:200]) from exc
    if size > max_bytes:
        raise ValueError(f"its rows expand past the {max_bytes:,}-byte page limit")
    return json_lines(records)


def sqlite_tables(data: bytes) -> list[tuple[str, str]]:
    """(table name, its rows as JSON Lines) for every table of an SQLite database with a row, in
    the order the schema lists them. Raises ``ValueError`` when the database cannot be read."""
    con = sqlite3.connect(":memory:")
    try:
        con.deserialize(data)
        con.execute("PRAGMA query_only = ON")
        listed = con.execute(_TABLES)
        names = [row[0] for row in listed]
        tables = []
        for name in names:
            quoted = '"' + name.replace('"', '""') + '"'
            cursor = con.execute(f"SELECT * FROM {quoted}")
            columns = [column[0] for column in cursor.description]
            rows = [dict(zip(columns, values, strict=True)) for values in cursor]
            if rows:
                tables.append((name, json_lines(rows)))
        return tables
    except sqlite3.DatabaseError as exc:
        raise ValueError(" ".join(str(exc).split())[:200]) from exc
    finally:
        con.close()


def json_lines(records: Iterable[dict]) -> str:
    """Records as JSON Lines, a record a line; values JSON has no type for written as text."""
    return "".join(json.dumps(record, ensure_ascii=False, default=_as_text) + "\n" for record in records)


def _as_text(value: object) -> object:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).decode("utf-8", "replace")
    return str(value)
