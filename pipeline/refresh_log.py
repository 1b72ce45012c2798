"""The log of command-line refreshes: one JSON line each, appended to ``refresh_log.jsonl``.

A refresh run from the command line is no Dagster run (``pipeline.refresh`` says why), so this
file is how the Dagster deployment learns of it: a sensor reads the lines after its cursor (a byte
offset) and reports each refresh as asset materialisations and check results. The file is also
the plain history of such refreshes for anyone without the UI (``tail refresh_log.jsonl``).
"""

from __future__ import annotations

import json
import os
from pathlib import Path


def append_record(path: Path, record: dict) -> None:
    """Append one refresh's record as a single line, flushed to disk before returning.

    Written while the refresh still holds the data dir's lock, so lines never interleave. A crash
    mid-write leaves a partial last line: the next record starts on a line of its own, and
    ``read_records`` passes the partial one over.
    """
    line = json.dumps(record, ensure_ascii=False, default=str) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+b") as handle:
        if handle.tell() > 0:
            handle.seek(handle.tell() - 1)
            if handle.read(1) != b"\n":
                line = "\n" + line
        handle.write(line.encode("utf-8"))
        handle.flush()
        os.fsync(handle.fileno())


def read_records(path: Path, offset: int, limit: int) -> tuple[list[dict], int]:
    """Up to ``limit`` complete records after byte ``offset``, and the offset after the last one.

    An offset beyond the file's end means the log was replaced or truncated: reading restarts at
    the beginning. A line that is not JSON (a torn write) is passed over.
    """
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return [], 0
    if offset > size:
        offset = 0
    records = []
    with path.open("rb") as handle:
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


def last_record(path: Path, tail_bytes: int = 1 << 16) -> dict | None:
    """The last complete record of the log (read from its end, not its start), or None."""
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
