"""The log of command-line refreshes: one JSON line each, appended to ``refresh_log.jsonl``.

A refresh run from the command line is no Dagster run (``pipeline.refresh`` says why), so this
file is how the Dagster deployment learns of it: a sensor reads the lines after its cursor (the
file and a byte offset in it) and reports each refresh as asset materialisations and check
results. The file is also the plain history of such refreshes for anyone without the UI (``tail
refresh_log.jsonl``).

The log does not grow without end: a record that would take it past ``MAX_LOG_BYTES`` (~2,500
refreshes) first renames it to ``refresh_log.1.jsonl`` (replacing the one before), so the data dir
keeps the last 2,500-5,000 records. A reader whose cursor is in the renamed file finishes it first:
no record is skipped.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

MAX_LOG_BYTES = 16 * 1024 * 1024


def rotated_path(path: Path) -> Path:
    """Where the log's previous part is kept: ``refresh_log.1.jsonl`` beside ``refresh_log.jsonl``."""
    return path.with_name(f"{path.stem}.1{path.suffix}")


def append_record(path: Path, record: dict, max_bytes: int = MAX_LOG_BYTES) -> None:
    """Append one refresh's record as a single line, flushed to disk before returning.

    Written while the refresh still holds the data dir's lock, so lines never interleave and
    rotation races no other writer. A crash mid-write leaves a partial last line: the next record
    starts on a line of its own, and ``read_records`` passes the partial one over.
    """
    data = (json.dumps(record, ensure_ascii=False, default=str) + "\n").encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        size = 0
    if size and size + len(data) > max_bytes:
        os.replace(path, rotated_path(path))
    with path.open("a+b") as handle:
        if handle.tell() > 0:
            handle.seek(handle.tell() - 1)
            if handle.read(1) != b"\n":
                data = b"\n" + data
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def read_records(path: Path, cursor: str | None, limit: int) -> tuple[list[dict], str]:
    """Up to ``limit`` complete records after ``cursor``, and the cursor after the last one.

    A cursor is ``"<inode>:<offset>"``, the file read and the byte offset reached in it (a bare
    offset, as older versions wrote, is taken as one in the current file). When the log was rotated
    since, the rest of the rotated file comes first. A cursor into a file that is neither (the log
    was replaced or deleted), or an offset beyond the file's end, restarts at the current file's
    beginning. A line that is not JSON (a torn write) is passed over.
    """
    file_id, offset = _parse_cursor(cursor)
    current = _inode(path)
    records: list[dict] = []
    if file_id is not None and file_id != current:
        rotated = rotated_path(path)
        if file_id == _inode(rotated):
            records, offset = _read_from(rotated, offset, limit)
            if len(records) == limit:
                return records, f"{file_id}:{offset}"
        offset = 0
    if current is None:
        return records, "0"
    more, offset = _read_from(path, offset, limit - len(records))
    return records + more, f"{current}:{offset}"


def last_record(path: Path, tail_bytes: int = 1 << 16) -> dict | None:
    """The last complete record of the log (read from its end, not its start), or None; just after
    a rotation, the last one of the rotated part."""
    for part in (path, rotated_path(path)):
        record = _last_in(part, tail_bytes)
        if record is not None:
            return record
    return None


def _parse_cursor(cursor: str | None) -> tuple[int | None, int]:
    if not cursor:
        return None, 0
    file_id, _, offset = cursor.rpartition(":")
    return (int(file_id) if file_id else None), int(offset)


def _inode(path: Path) -> int | None:
    try:
        return path.stat().st_ino
    except FileNotFoundError:
        return None


def _read_from(path: Path, offset: int, limit: int) -> tuple[list[dict], int]:
    """The complete records of ``path`` after byte ``offset`` (from 0 if it is past the end)."""
    records: list[dict] = []
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        return records, 0
    with handle:
        if offset > handle.seek(0, os.SEEK_END):
            offset = 0
        handle.seek(offset)
        while len(records) < limit:
            line = handle.readline()
            if not line.endswith(b"\n"):  # end of file, or a line still being written
                break
            offset += len(line)
            try:
                records.append(json.loads(line))
            except ValueError:
                continue
    return records, offset


def _last_in(path: Path, tail_bytes: int) -> dict | None:
    try:
        with path.open("rb") as handle:
            size = handle.seek(0, os.SEEK_END)
            handle.seek(max(0, size - tail_bytes))
            tail = handle.read()
    except FileNotFoundError:
        return None
    for line in reversed(tail.split(b"\n")[1 if size > tail_bytes else 0 :]):
        try:
            return json.loads(line)
        except ValueError:
            continue
    return None
