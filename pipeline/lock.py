"""One writer at a time: an advisory file lock around everything that writes the data dir.

Dagster's concurrency pool serialises runs it knows about; this lock also covers a CLI refresh racing
a UI run, or two machines sharing a network folder with working ``flock``. The kernel drops the lock
when the holder dies (even on ``kill -9``), so a crashed run can never hold it forever.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class LockTimeout(RuntimeError):
    """Another paperlake process kept the data dir locked for longer than we were willing to wait."""


# Locks this thread already holds, by path: a stage that needs another stage (the warehouse
# rebuilding stale papers) re-enters instead of deadlocking on its own flock.
_held = threading.local()


@contextmanager
def data_dir_lock(path: Path, timeout_s: float = 600.0) -> Iterator[None]:
    """Hold the data dir's writer lock; re-entrant within one thread."""
    depth: dict[str, int] = _held.__dict__.setdefault("depth", {})
    key = str(path)
    if depth.get(key, 0) > 0:
        depth[key] += 1
        try:
            yield
        finally:
            depth[key] -= 1
        return
    with _exclusive_flock(path, timeout_s):
        depth[key] = 1
        try:
            yield
        finally:
            depth[key] = 0


@contextmanager
def _exclusive_flock(path: Path, timeout_s: float) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    holder = handle.read().strip() or "unknown"
                    raise LockTimeout(
                        f"another paperlake refresh (pid {holder}) is writing {path.parent}; "
                        f"gave up after {timeout_s:.0f} s"
                    ) from None
                time.sleep(0.1)
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(str(os.getpid()))
            handle.flush()
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
