"""A refresh can always make progress: runs of dead processes are reclaimed, live ones waited for.

``paperlake refresh --dagster`` runs ``refresh_job`` in-process, so no Dagster daemon watches it: when such a
process is killed (``kill -9``, OOM, a closed laptop), its run stays STARTED and keeps its
``paperlake_writer`` pool slot - or its place in the slot queue - for ever, and the next refresh
spun in Dagster's claim loop, deaf to Ctrl-C. So each CLI run is tagged with its owner (host, pid and
the pid's start time, which a recycled pid does not share), and before starting, the next refresh

* marks every run whose owner process is gone as failed and frees its slots and queue entries;
* frees the slots still held by runs that already ended (the daemon would after a minute);
* waits for any other live run, saying which one, in a loop that Ctrl-C and SIGTERM stop.

Runs started elsewhere (the UI, the daemon) have no owner tags: they are waited for, never touched;
the daemon's run monitoring is what notices their death.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable

from dagster import DagsterInstance, DagsterRun, DagsterRunStatus, RunsFilter

OWNER_HOST, OWNER_PID, OWNER_START = "paperlake/host", "paperlake/pid", "paperlake/pid_start"
ACTIVE = [DagsterRunStatus.STARTING, DagsterRunStatus.STARTED, DagsterRunStatus.CANCELING]
POLL_SECONDS = 0.5


def process_start(pid: int) -> str | None:
    """When process ``pid`` started (clock ticks since boot, from /proc), or None if it does not run.

    On systems without /proc, "1" for any live pid: a recycled pid is then taken for its owner.
    """
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            fields = handle.read().rsplit(b")", 1)[1].split()
        return fields[19].decode()  # field 22, starttime; fields[0] is field 3
    except FileNotFoundError:
        return None
    except OSError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        pass
    return "1"


def owner_tags() -> dict[str, str]:
    """Tags naming this process as the owner of the run it starts."""
    pid = os.getpid()
    return {OWNER_HOST: socket.gethostname(), OWNER_PID: str(pid), OWNER_START: process_start(pid) or ""}


def owner_alive(run: DagsterRun) -> bool | None:
    """True/False for a run this tool started on this host; None when it cannot tell (no tags, or
    another host: a data dir on a shared drive)."""
    tags = run.tags
    if OWNER_PID not in tags or tags.get(OWNER_HOST) != socket.gethostname():
        return None
    started = process_start(int(tags[OWNER_PID]))
    return started is not None and started == tags.get(OWNER_START, started)


def reclaim_dead_runs(instance: DagsterInstance) -> list[str]:
    """Fail the runs whose owner process is gone and free every slot a finished run still holds;
    returns one sentence per run reclaimed."""
    said = []
    for run in instance.get_runs(filters=RunsFilter(statuses=ACTIVE)):
        if owner_alive(run) is False:
            pid = run.tags[OWNER_PID]
            gone = f"The process running this refresh (pid {pid}) is gone; marked failed by a later refresh."
            instance.report_run_failed(run, gone)
            instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
            said.append(f"Dagster run {run.run_id} of pid {pid}, which no longer runs, marked failed")
    for run_id in instance.event_log_storage.get_concurrency_run_ids():
        run = instance.get_run_by_id(run_id)
        if run is None or run.is_finished:
            instance.event_log_storage.free_concurrency_slots_for_run(run_id)
    return said


def wait_for_live_runs(instance: DagsterInstance, say: Callable[[str], None]) -> None:
    """Return once no other run is active; say once for which run it waits.

    A run of a dead owner found while waiting is reclaimed (its process may die while we wait).
    """
    waiting_for = None
    while True:
        reclaim_dead_runs(instance)
        active = instance.get_runs(filters=RunsFilter(statuses=ACTIVE), limit=1)
        if not active:
            return
        run = active[0]
        if run.run_id != waiting_for:
            waiting_for = run.run_id
            owner = f"pid {run.tags[OWNER_PID]}" if OWNER_PID in run.tags else "started from the Dagster UI"
            say(
                f"waiting for Dagster run {run.run_id} ({owner}) to finish; Ctrl-C stops this refresh "
                "(a UI run that died is freed by the daemon's run monitoring, or mark it failed in the UI)"
            )
        time.sleep(POLL_SECONDS)
