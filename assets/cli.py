"""``paperlake`` command line: ``refresh`` runs the pipeline, ``sql`` queries, ``topics`` trains
and evaluates the topic model.

``paperlake refresh`` runs the three stages in this process without Dagster (``pipeline.refresh``:
a Dagster run would cost more than a one-page refresh's work) and appends its outcome to the data
dir's ``refresh_log.jsonl``, which the deployment's ``cli_refreshes_sensor`` reports in the UI.
``paperlake refresh --dagster`` runs ``refresh_job`` in-process against the persistent Dagster
instance (``$DAGSTER_HOME``, default ``<data dir>/dagster_home``) instead, as a run of its own.
Either exits non-zero only when the refresh fails, not when some pages were rejected.
"""

from __future__ import annotations

import argparse
import errno
import os
import shutil
import signal
import sys
import tempfile
from pathlib import Path

from assets.topics_cli import add_topics_parser, run_topics
from pipeline.config import Settings
from pipeline.progress import ENV_FLAG
from pipeline.storage import Location, is_remote, is_within

# Below this, a refresh would fail half-way (Dagster's run storage, shards, the new warehouse).
MIN_FREE_BYTES = 32 * 2**20


class UsageError(Exception):
    """A problem the user can fix, reported as one sentence without a traceback."""


# Where object-storage settings come from, for the one-sentence errors below.
S3_HINT = "S3 endpoint and credentials come from AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY"


def _one_line(exc: Exception) -> str:
    """A storage client's error as one line (botocore messages span several), or its type's name."""
    return " ".join(str(exc).split()) or type(exc).__name__


def _check_remote_raw_dir(raw: Location) -> None:
    """An object-storage raw dir must list and hold at least one object: a mistyped prefix lists as
    empty, and refreshing from an empty listing would retract every page."""
    try:
        found = raw.is_dir()
    except ImportError as exc:
        raise UsageError(str(exc)) from None
    except Exception as exc:  # botocore/aiohttp errors are not all OSError
        raise UsageError(f"raw dir {raw} cannot be listed: {_one_line(exc)} ({S3_HINT})") from None
    if not found:
        raise UsageError(f"raw dir {raw} does not exist or holds no objects ({S3_HINT})")


def _check_remote_parquet_dir(parquet: Location) -> None:
    """Write and delete one small object, so a missing bucket or read-only credentials stop the
    refresh before it parses anything."""
    probe = parquet / f".paperlake-write-test-{os.getpid()}"
    try:
        probe.write_bytes(b"")
        probe.unlink(missing_ok=True)
    except Exception as exc:  # botocore/aiohttp errors are not all OSError
        reason = _one_line(exc)
        raise UsageError(f"Parquet location {parquet} is not writable: {reason} ({S3_HINT})") from None


def _check_local_raw_dir(raw: Path) -> None:
    if not raw.exists():
        raise UsageError(f"raw dir {raw} does not exist (set PAPERLAKE_RAW_DIR to your pages folder)")
    if not raw.is_dir():
        raise UsageError(f"raw dir {raw} is not a folder")
    if not os.access(raw, os.R_OK | os.X_OK):
        raise UsageError(f"raw dir {raw} is not readable by this user")


def _check_folders(settings: Settings, allow_empty: bool = False) -> None:
    raw = settings.raw_dir
    if is_remote(raw):
        _check_remote_raw_dir(raw)
    else:
        _check_local_raw_dir(raw)
    _check_raw_dir_contents(settings, allow_empty)
    if is_remote(settings.parquet_dir):
        _check_remote_parquet_dir(settings.parquet_dir)
    _check_memory_limit(settings.duckdb_memory_limit)
    if settings.data_dir.exists() and not settings.data_dir.is_dir():
        raise UsageError(
            f"data dir {settings.data_dir} is a file, not a folder (set PAPERLAKE_DATA_DIR to a folder)"
        )
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=settings.data_dir, prefix=".write-test-"):
            pass
        free = shutil.disk_usage(settings.data_dir).free
        if free < MIN_FREE_BYTES:
            raise UsageError(
                f"data dir {settings.data_dir} is on a full disk ({free / 2**20:.1f} MB free; "
                f"a refresh needs at least {MIN_FREE_BYTES // 2**20} MB)"
            )
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise UsageError(f"data dir {settings.data_dir} is on a full disk") from None
        raise UsageError(f"data dir {settings.data_dir} is not writable: {exc.strerror or exc}") from None


def _check_memory_limit(limit: str | None) -> None:
    """``PAPERLAKE_DUCKDB_MEMORY`` as DuckDB reads it, checked before any stage runs (a typo would
    otherwise fail the papers stage after the pages were parsed)."""
    if limit is None:
        return
    import duckdb

    try:
        with duckdb.connect() as con:
            con.execute("SET memory_limit = ?", [limit])
    except duckdb.Error as exc:
        raise UsageError(
            f"PAPERLAKE_DUCKDB_MEMORY={limit!r} is no memory size DuckDB reads ({_first_line(exc)}): "
            "write it as 4GB or 512MB"
        ) from None


def _check_raw_dir_contents(settings: Settings, allow_empty: bool) -> None:
    """The data dir inside the raw dir, or a raw dir emptied since the last build (an unmounted
    drive), stop the refresh before Dagster starts; the core refuses them too (sensor, UI runs)."""
    from pipeline.ingest import RawDirRefused, check_data_dir_outside_raw_dir, check_not_emptied

    try:
        check_data_dir_outside_raw_dir(settings)
        if not allow_empty:
            check_not_emptied(settings)
    except RawDirRefused as exc:
        raise UsageError(str(exc)) from None


def _show_repairs() -> None:
    """Repairs the core makes (a damaged shard parsed again, a damaged file rebuilt) as one
    ``paperlake: …`` line each on stderr, whatever Dagster's log level."""
    import logging

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("paperlake: %(message)s"))
    logger = logging.getLogger("paperlake")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


def refresh(
    settings: Settings,
    quiet: bool = False,
    verbose: bool = False,
    progress: bool = False,
    allow_empty: bool = False,
    dagster: bool = False,
) -> int:
    """Refresh the data dir, directly or (``dagster``) as a run of ``refresh_job``; print a summary.

    ``progress`` prints files done / total and records/s on stderr while pages are parsed;
    ``allow_empty`` accepts a raw folder with no page although the last build had some.

    One CLI refresh runs at a time per data dir: a second one waits (saying for which pid) on
    ``<data dir>/.paperlake-refresh.lock`` for as long as the first runs; Ctrl-C or SIGTERM stop it.
    A direct refresh also holds the data dir's writer lock throughout, so a run from the UI waits
    between its steps. Before a Dagster run, runs of refreshes that were killed are marked failed
    and their pool slots freed (``assets.runs``).
    """
    from pipeline.ingest import ALLOW_EMPTY_ENV
    from pipeline.lock import data_dir_lock

    _check_folders(settings, allow_empty)
    _show_repairs()
    if allow_empty:
        os.environ[ALLOW_EMPTY_ENV] = "1"
    os.environ["PAPERLAKE_RAW_DIR"] = str(settings.raw_dir)
    os.environ["PAPERLAKE_DATA_DIR"] = str(settings.data_dir)
    if settings.parquet_location is not None:
        os.environ["PAPERLAKE_PARQUET_URI"] = str(settings.parquet_location)
    if progress:
        os.environ[ENV_FLAG] = "1"

    def say(text: str) -> None:
        print(f"paperlake: {text}", file=sys.stderr, flush=True)

    def waiting_for(pid: str) -> None:
        say(f"waiting for the refresh running as pid {pid} to finish; Ctrl-C stops this one")

    # Held for the whole run, and taken before the Dagster instance is first opened: two first
    # refreshes no longer race to create its tables ("alembic_version already exists").
    lock = data_dir_lock(settings.data_dir / REFRESH_LOCK, timeout_s=float("inf"), on_wait=waiting_for)
    with lock:
        if dagster:
            return _run_refresh_job(settings, quiet, verbose, say)
        return _run_refresh_directly(settings, quiet, verbose, say, waiting_for)


# One CLI refresh at a time per data dir. Not .paperlake.lock: the core stages take that one inside
# each step, while this one is held across the whole run.
REFRESH_LOCK = ".paperlake-refresh.lock"


def _run_refresh_directly(settings: Settings, quiet: bool, verbose: bool, say, waiting_for) -> int:
    """Run the stages in this process and log the outcome for the Dagster UI."""
    from pipeline.refresh import run_refresh
    from pipeline.refresh_log import append_record

    log = say if verbose else (lambda text: None)
    outcome = run_refresh(settings, log=log, on_wait=waiting_for)
    try:
        append_record(settings.refresh_log_path, outcome.record(settings))
    except OSError as exc:  # the refresh itself is done: say what the UI will miss, do not fail it
        reason = exc.strerror or exc
        say(f"this refresh is not in {settings.refresh_log_path} ({reason}): the Dagster UI will not show it")
    if not outcome.success:
        say(f"refresh failed: {outcome.failure}")
        return 1
    if not quiet:
        print(summary(settings, refresh_id=outcome.refresh_id))
        if outcome.ingest is not None:
            print(f"this refresh:     {_changes(outcome)}")
    return 0


def _changes(outcome) -> str:
    """What the refresh found changed in the raw folder, and whether it rebuilt anything."""
    ingest = outcome.ingest
    if not ingest.changed_anything:
        rebuilt = outcome.warehouse is not None and outcome.warehouse.rebuilt
        return "no file new, changed or deleted" + ("" if rebuilt else "; nothing rebuilt")
    parsed = f"{ingest.parsed} parsed"
    return f"{ingest.new} new, {ingest.changed} changed, {ingest.deleted} deleted file(s); {parsed}"


def _run_refresh_job(settings: Settings, quiet: bool, verbose: bool, say) -> int:
    """Reclaim runs of dead refreshes, wait for live ones, then run ``refresh_job`` tagged with
    this process as its owner."""
    from assets.instance import ensure_dagster_home

    ensure_dagster_home(settings)

    from dagster import DagsterInstance

    from assets.definitions import defs
    from assets.runs import owner_tags, reclaim_dead_runs, wait_for_live_runs

    job = defs().resolve_job_def("refresh_job")
    with DagsterInstance.get() as instance:
        for text in reclaim_dead_runs(instance):
            say(text)
        wait_for_live_runs(instance, say)
        log_level = "DEBUG" if verbose else "CRITICAL"
        result = job.execute_in_process(
            instance=instance,
            raise_on_error=False,
            tags={"paperlake/trigger": "cli", **owner_tags()},
            run_config={"loggers": {"console": {"config": {"log_level": log_level}}}},
        )
        if not result.success:
            say(f"refresh failed (Dagster run {result.run_id}): {_failure_sentence(result, settings)}")
            return 1
    if not quiet:
        print(summary(settings, result.run_id))
    return 0


def _failure_sentence(result, settings: Settings) -> str:
    """What failed, once: the first failed step's error (a failed blocking check with its
    description, which names the rate and the files), and what to do."""
    from pipeline.refresh import blocked_by
    from pipeline.warehouse import rejected_path

    for event in result.all_events:
        if event.event_type_value == "ASSET_CHECK_EVALUATION":
            evaluation = event.event_specific_data
            if not evaluation.passed and evaluation.severity.value == "ERROR":
                asset = evaluation.asset_key.to_user_string()
                rejected = rejected_path(settings.warehouse_path)
                return blocked_by(asset, evaluation.check_name, evaluation.description, rejected)
    for event in result.all_events:
        error = getattr(event.event_specific_data, "error", None) if event.is_failure else None
        if error is not None and event.step_key is not None:
            while error.cause is not None:  # Dagster wraps the asset's own exception
                error = error.cause
            message = " ".join(error.message.split())
            return f"step {event.step_key} failed: {message}"
    return "see the run in the Dagster UI (`make ui`)"


def _readable_summary(settings: Settings) -> str:
    """``summary``, or one sentence when there is no warehouse or it cannot be read (damaged)."""
    import duckdb

    try:
        return summary(settings)
    except FileNotFoundError as exc:
        raise UsageError(str(exc)) from None
    except duckdb.Error as exc:
        raise UsageError(
            f"{settings.warehouse_path} cannot be read ({_first_line(exc)}): run `paperlake refresh`, "
            "which rebuilds a damaged warehouse"
        ) from None


def summary(settings: Settings, run_id: str = "", refresh_id: str = "") -> str:
    from pipeline.sql import query_file
    from pipeline.warehouse import open_read_only

    with open_read_only(settings) as con:
        (facts,) = query_file(con, "queries/refresh_summary.sql")
    files = [(f["status"], f["files"]) for f in facts["files"] or []]
    n_files = sum(n for _, n in files)
    sightings, papers, rejects = facts["sightings"], facts["papers"], facts["rejects"]
    by_status = ", ".join(f"{n} {status}" for status, n in files)
    lines = [
        f"files read:       {n_files} ({by_status or 'none'})",
        f"records:          {sightings}",
        f"distinct papers:  {papers}",
        f"rejects:          {rejects}",
        f"warehouse:        {settings.warehouse_path}",
    ]
    if settings.parquet_location is not None:
        lines.append(f"parquet:          {settings.parquet_location}")
    if run_id:
        lines.append(f"dagster run:      {run_id}")
    if refresh_id:
        lines.append(f"refresh:          {refresh_id} (in {settings.refresh_log_path.name})")
    return "\n".join(lines)


def sql(settings: Settings, query: str, fmt: str, output: Path | None, allow_files: bool = False) -> int:
    """Run a query read-only against the published warehouse and print or save every result.

    Values keep their SQL types in every format: a DATE prints as ``2026-05-09`` (not a pandas
    timestamp), JSON keeps URLs readable (no ``\\/`` escapes) and non-ASCII text as is. No statement
    can write anything, nor read local files without ``allow_files`` (``pipeline.analyst``).
    """
    import duckdb

    from pipeline.analyst import RefusedQuery, analyst_connection, quiet_broken_pipe, run_query

    if fmt == "parquet" and output is None:
        raise UsageError("--format parquet needs --output FILE")
    if output is not None:
        _check_output(settings, output)
    try:
        with analyst_connection(settings, allow_files) as con:
            if fmt == "parquet":
                run_query(con, query, fmt, None, output)
            elif output is not None:  # written beside it and renamed: a failed query leaves it as it was
                from pipeline.io import atomic_target

                with atomic_target(output) as tmp, tmp.open("w", encoding="utf-8", newline="") as handle:
                    run_query(con, query, fmt, handle, None)
            else:
                run_query(con, query, fmt, sys.stdout, None)
    except (FileNotFoundError, RefusedQuery) as exc:
        raise UsageError(str(exc)) from None
    except BrokenPipeError:
        quiet_broken_pipe()
    except duckdb.PermissionException as exc:
        raise UsageError(
            f"query failed: {_first_line(exc)} (paperlake sql reads only the warehouse; "
            "add --allow-files to read local files)"
        ) from None
    except duckdb.Error as exc:
        raise UsageError(f"query failed: {_first_line(exc)}") from None
    return 0


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _check_output(settings: Settings, output: Path) -> None:
    """--output must not land on paperlake's own files (the warehouse, the Parquet dataset, Dagster's
    home): a query result written there would replace the warehouse or break the next refresh."""
    from pipeline.standby import standby_path

    target = output.expanduser().resolve()
    if target.is_dir():
        raise UsageError(f"--output {output} is a folder: give the file to write, e.g. {output}/result.csv")
    if not target.parent.is_dir():
        raise UsageError(f"--output {output}: folder {target.parent} does not exist")
    own = [settings.warehouse_path, standby_path(settings.warehouse_path)]
    own += [settings.dagster_home, settings.lock_path, settings.parquet_dir]
    for path in own:
        if is_within(target, path):
            raise UsageError(f"--output {output} would overwrite paperlake's own {path}: choose another file")


def _query_text(query: str | None, file: Path | None) -> str:
    if query is None and file is None:
        raise UsageError('give a query (paperlake sql "SELECT …") or --file FILE')
    if query is not None and file is not None:
        raise UsageError("give either a query or --file FILE, not both")
    if file is None:
        return query or ""
    try:
        return file.read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot read {file}: {exc.strerror or exc}") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="paperlake",
        description="Turn saved listing pages of research papers into Parquet and a DuckDB warehouse.",
        epilog="Run `paperlake COMMAND -h` for a command's options. `make ui` opens the Dagster UI.",
    )
    _add_folder_options(parser, None)
    commands = parser.add_subparsers(dest="command", required=True)
    refresh_cmd = commands.add_parser("refresh", help="parse new/changed pages and publish the warehouse")
    refresh_cmd.add_argument("--quiet", action="store_true", help="print nothing on success")
    refresh_cmd.add_argument("--verbose", action="store_true", help="show each stage's log")
    refresh_cmd.add_argument(
        "--dagster",
        action="store_true",
        help="run as a Dagster run of refresh_job (about 4 s more; the UI shows it as a run)",
    )
    refresh_cmd.add_argument(
        "--allow-empty",
        action="store_true",
        help="accept a raw folder with no page although the last build had some (empties the warehouse)",
    )
    refresh_cmd.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress lines on stderr (default: on when stderr is a terminal and not --quiet)",
    )
    sql_cmd = commands.add_parser("sql", help="query the published warehouse (read-only)")
    sql_cmd.add_argument("query", nargs="?", help="the SQL text (or use --file)")
    sql_cmd.add_argument("--file", type=Path, help="read the query from a .sql file (sql/examples/*.sql)")
    sql_cmd.add_argument("--format", choices=["table", "csv", "json", "parquet"], default="table")
    sql_cmd.add_argument("--output", type=Path, help="write to this file instead of stdout")
    sql_cmd.add_argument(
        "--allow-files",
        action="store_true",
        help="let the query read local files (read_csv, read_parquet, …); nothing is ever written",
    )
    commands.add_parser("summary", help="print counts of the published warehouse")
    add_topics_parser(commands)
    for command in commands.choices.values():  # also after the command: `paperlake sql --data-dir X …`
        _add_folder_options(command, argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env(args.raw_dir, args.data_dir, args.parquet_uri)
    except (ImportError, ValueError) as exc:  # an object-storage URI we cannot serve (pipeline.storage)
        print(f"paperlake: {exc}", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, _stop)  # like Ctrl-C: a waiting refresh stops at once
    try:
        if args.command == "refresh":
            show = args.progress if args.progress is not None else sys.stderr.isatty() and not args.quiet
            return refresh(
                settings,
                quiet=args.quiet,
                verbose=args.verbose,
                progress=show,
                allow_empty=args.allow_empty,
                dagster=args.dagster,
            )
        if args.command == "sql":
            query = _query_text(args.query, args.file)
            return sql(settings, query, args.format, args.output, args.allow_files)
        if args.command == "summary":
            print(_readable_summary(settings))
            return 0
        if args.command == "topics":
            return run_topics(settings, args)
    except UsageError as exc:
        print(f"paperlake: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(
            f"paperlake: {args.command} stopped by Ctrl-C or SIGTERM; nothing half-done is published, "
            "run it again when you are ready",
            file=sys.stderr,
        )
        return 130
    return 2


def _add_folder_options(parser: argparse.ArgumentParser, default: object) -> None:
    """--raw-dir, --data-dir and --parquet-uri; a command's own take over the ones before it."""
    parser.add_argument(
        "--raw-dir",
        default=default,
        help="pages folder or object-storage prefix, e.g. s3://bucket/pages "
        "(default: $PAPERLAKE_RAW_DIR or bundled pages)",
    )
    parser.add_argument(
        "--data-dir", default=default, help="output folder (default: $PAPERLAKE_DATA_DIR or var/)"
    )
    parser.add_argument(
        "--parquet-uri",
        default=default,
        help="where the Parquet dataset goes instead of <data dir>/parquet, e.g. s3://bucket/lake "
        "(default: $PAPERLAKE_PARQUET_URI)",
    )


def _stop(signum: int, frame: object) -> None:
    """SIGTERM handler: stop the way Ctrl-C does (Dagster maps SIGTERM to it during a run)."""
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())
