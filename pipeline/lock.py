"""One writer at a time: an advisory file lock around everything that writes the data dir.

Dagster's concurrency pool serialises runs it knows about; this lock also covers a CLI refresh racing
a UI run, or two machines sharing a network folder with working ``flock``.

The lock itself is ``filelock.FileLock`` (``flock(2)`` on Linux): the kernel drops it when the holder
dies, even on ``kill -9``, so a crashed run can never hold it forever; one instance per path
(``is_singleton``) makes it re-entrant within a thread, so a stage that needs another stage (the
warehouse rebuilding stale papers) re-enters instead of deadlocking on its own lock; and filelock
closes its descriptors in a forked child, so an ingest pool worker that outlives a killed refresh
does not keep the data dir locked.

What filelock does not do, and this module adds: say *who* holds the lock. The holder writes its
pid into the lock file, so a waiting refresh can print "waiting for the refresh running as pid N"
and a timeout names the process to look at.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout


class LockTimeout(RuntimeError):
    """Another paperlake process kept the data dir locked for longer than we were willing to wait."""


def lock_holder(path: Path) -> str:
    """The pid written by the current holder of the lock at ``path`` ('unknown' if none is written)."""
    try:
        return path.read_text().strip() or "unknown"
    except OSError:
        return "unknown"


@contextmanager
def data_dir_lock(
    path: Path, timeout_s: float = 600.0, on_wait: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the data dir's writer lock; re-entrant within one thread.

    ``on_wait(holder_pid)`` is called once if the lock is busy, so a caller can say for whom it waits.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(path, is_singleton=True)
    try:
        lock.acquire(blocking=False)
    except Timeout:
        if on_wait is not None:
            on_wait(lock_holder(path))
        try:
            lock.acquire(timeout=timeout_s, poll_interval=0.1)
        except Timeout:
            raise LockTimeout(
                f"another paperlake refresh (pid {lock_holder(path)}) is writing {path.parent}; "
                f"gave up after {timeout_s:.0f} s; run `paperlake refresh` again once it has finished"
            ) from None
    try:
        if lock.lock_counter == 1:  # the outermost hold says who we are; flock is on filelock's descriptor
            path.write_text(str(os.getpid()))
        yield
    finally:
        lock.release()
