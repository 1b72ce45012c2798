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
and a timeout names the process to look at. And a wait that Ctrl-C or SIGTERM stop cleanly: an
exception raised by a signal handler *inside* filelock is sometimes wrapped by its cleanup into a
``BaseExceptionGroup`` (1 in ~3,000 interrupts of a contended acquire, measured), which no
``except KeyboardInterrupt`` catches, or leaves a singleton lock half-built so that the next
``FileLock(path)`` in the process fails. While filelock runs, those signals only ask it to give up
(its ``cancel_check``); the signal is raised again as filelock returns, so its usual handler runs.
"""

from __future__ import annotations

import os
import signal
import threading
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
    acquired = False
    try:
        # A signal inside filelock's constructor or acquire can leave its state half-changed.
        with _signals_deferred() as stop_asked:  # a stop leaving this block raises its signal again
            lock = FileLock(path, is_singleton=True)
            acquired = _acquire_or_stop(lock, path, timeout_s, on_wait, stop_asked)
    except BaseException:
        if acquired:
            _release(lock)
        raise
    if not acquired:  # the signal's handler returned instead of raising
        raise KeyboardInterrupt(f"stopped while waiting for {path}")
    try:
        if lock.lock_counter == 1:  # the outermost hold says who we are; flock is on filelock's descriptor
            path.write_text(str(os.getpid()))
        yield
    finally:
        _release(lock)


def _release(lock: FileLock) -> None:
    with _signals_deferred():
        lock.release()


def _acquire_or_stop(
    lock: FileLock,
    path: Path,
    timeout_s: float,
    on_wait: Callable[[str], None] | None,
    stop_asked: Callable[[], bool],
) -> bool:
    """Take ``lock``: True once held, False if ``stop_asked()`` ended the wait."""
    try:
        lock.acquire(blocking=False)
        return True
    except Timeout:
        pass
    if on_wait is not None:
        on_wait(lock_holder(path))
    try:
        lock.acquire(timeout=timeout_s, poll_interval=0.1, cancel_check=stop_asked)
        return True
    except Timeout:
        if stop_asked():
            return False
        raise LockTimeout(
            f"another paperlake refresh (pid {lock_holder(path)}) is writing {path.parent}; "
            f"gave up after {timeout_s:.0f} s; run `paperlake refresh` again once it has finished"
        ) from None


_DEFERRED_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def _signals_deferred() -> Iterator[Callable[[], bool]]:
    """Within the block, Ctrl-C and SIGTERM only set a flag (the callable yielded reads it); on the
    way out the first such signal is raised again, so whatever handler was installed runs here.

    Python runs signal handlers in the main thread only, so elsewhere this changes nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield lambda: False
        return
    received: list[int] = []
    previous = {
        signum: handler
        for signum in _DEFERRED_SIGNALS
        if (handler := signal.getsignal(signum)) not in (signal.SIG_IGN, None)
    }

    def remember(signum: int, frame: object) -> None:
        received.append(signum)

    for signum in previous:
        signal.signal(signum, remember)
    try:
        yield lambda: bool(received)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if received:
            signal.raise_signal(received[0])
