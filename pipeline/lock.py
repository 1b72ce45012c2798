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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


class LockTimeout(RuntimeError):
    """Another paperlake process kept the data dir locked for longer than we were willing to wait."""


# Locks this thread already holds, by path: a stage that needs another stage (the warehouse
# rebuilding stale papers) re-enters instead of deadlocking on its own flock.
_held = threading.local()


# File descriptors of the locks this process holds. A forked worker inherits them, and flock(2) is
# released only when every descriptor of the open file is closed: a worker outliving its parent
# would keep the data dir locked. Workers drop them first thing (``forget_inherited_locks``).
_held_fds: set[int] = set()


def forget_inherited_locks() -> None:
    """In a forked child: let go of the parent's lock descriptors (the parent keeps the lock)."""
    if not _held_fds:
        return
    devnull = os.open(os.devnull, os.O_RDONLY)
    for fd in list(_held_fds):
        os.dup2(devnull, fd)  # the child's copy now points at /dev/null; the parent's is untouched
    os.close(devnull)
    _held_fds.clear()


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
    depth: dict[str, int] = _held.__dict__.setdefault("depth", {})
    key = str(path)
    if depth.get(key, 0) > 0:
        depth[key] += 1
        try:
            yield
        finally:
            depth[key] -= 1
        return
    with _exclusive_flock(path, timeout_s, on_wait):
        depth[key] = 1
        try:
            yield
        finally:
            depth[key] = 0


@contextmanager
def _exclusive_flock(path: Path, timeout_s: float, on_wait: Callable[[str], None] | None) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        deadline = time.monotonic() + timeout_s
        waiting = False
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if on_wait is not None and not waiting:
                    on_wait(lock_holder(path))
                waiting = True
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    holder = handle.read().strip() or "unknown"
                    raise LockTimeout(
                        f"another paperlake refresh (pid {holder}) is writing {path.parent}; "
                        f"gave up after {timeout_s:.0f} s; run `paperlake refresh` again once it has finished"
                    ) from None
                time.sleep(0.1)
        _held_fds.add(handle.fileno())
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(str(os.getpid()))
            handle.flush()
            yield
        finally:
            _held_fds.discard(handle.fileno())
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
