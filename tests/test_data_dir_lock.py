"""The data-dir lock: a wait says for whom, gives up with the holder's pid, and Ctrl-C / SIGTERM stop
it with a plain KeyboardInterrupt wherever they land (never an exception group from inside filelock,
which the CLI could not report as "stopped by Ctrl-C or SIGTERM")."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.lock import LockTimeout, data_dir_lock

ROOT = Path(__file__).resolve().parent.parent

HOLDER = """
import sys, time
from pathlib import Path
from pipeline.lock import data_dir_lock
with data_dir_lock(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(3600)
"""


@pytest.fixture
def held(tmp_path) -> Iterator[tuple[Path, subprocess.Popen]]:
    """A lock file held by another process; (its path, the holder)."""
    path = tmp_path / ".paperlake.lock"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        yield path, holder
    finally:
        holder.kill()
        holder.wait(timeout=60)
        holder.stdout.close()


def _signal_self_after(seconds: float, signum: int) -> threading.Timer:
    timer = threading.Timer(seconds, os.kill, (os.getpid(), signum))
    timer.start()
    return timer


def test_a_busy_lock_says_who_holds_it_and_times_out_naming_them(held):
    path, holder = held
    pid = holder.pid
    told = []
    with (
        pytest.raises(LockTimeout, match=rf"pid {pid}\) is writing"),
        data_dir_lock(path, timeout_s=0.3, on_wait=told.append),
    ):
        pass
    assert told == [str(pid)]


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_a_signal_stops_a_wait_with_a_keyboard_interrupt_and_restores_the_handler(held, signum):
    path, _ = held

    def stop(signum: int, frame: object) -> None:  # what the CLI installs for SIGTERM
        raise KeyboardInterrupt

    before = signal.signal(signal.SIGTERM, stop)
    try:
        timer = _signal_self_after(0.3, signum)
        with pytest.raises(KeyboardInterrupt), data_dir_lock(path, timeout_s=30):
            pytest.fail("took a lock another process holds")
        timer.join()
        assert signal.getsignal(signal.SIGTERM) is stop
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    finally:
        signal.signal(signal.SIGTERM, before)


def test_interrupts_anywhere_in_a_wait_are_plain_keyboard_interrupts(held):
    """Interrupts landing at random points of the wait (filelock's own polling included)."""
    path, _ = held
    rng = random.Random(7)
    for _ in range(40):
        timer = _signal_self_after(rng.uniform(0.0, 0.12), signal.SIGINT)
        try:
            with data_dir_lock(path, timeout_s=30):
                pytest.fail("took a lock another process holds")
        except KeyboardInterrupt:
            pass
        finally:
            timer.join()


def test_after_a_stopped_wait_the_same_lock_is_taken_once_its_holder_is_gone(held):
    path, holder = held
    timer = _signal_self_after(0.2, signal.SIGINT)
    with pytest.raises(KeyboardInterrupt), data_dir_lock(path, timeout_s=30):
        pass
    timer.join()
    holder.kill()
    holder.wait(timeout=60)
    with data_dir_lock(path, timeout_s=10), data_dir_lock(path, timeout_s=1):  # re-entrant in one thread
        assert path.read_text() == str(os.getpid())
