"""``paperlake`` command line: ``refresh`` runs the pipeline through Dagster, ``sql`` queries,
``topics`` trains and evaluates the topic model.

``paperlake refresh`` materialises the whole asset graph in-process against the persistent Dagster
instance (``$DAGSTER_HOME``, default ``<data dir>/dagster_home``), so its runs appear in the UI.
It exits non-zero only when the run fails, not when some pages were rejected.
"""

from __future__ import annotations

import argparse
import errno
import os
import shutil
import sys
import tempfile
from pathlib import Path

from assets.topics_cli import add_topics_parser, run_topics
from pipeline.config import Settings
from pipeline.progress import ENV_FLAG
from pipeline.storage import Location, is_remote

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


def _check_folders(settings: Settings) -> None:
    raw = settings.raw_dir
    if is_remote(raw):
        _check_remote_raw_dir(raw)
    else:
        _check_local_raw_dir(raw)
    if is_remote(settings.parquet_dir):
        _check_remote_parquet_dir(settings.parquet_dir)
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


def refresh(settings: Settings, quiet: bool = False, verbose: bool = False, progress: bool = False) -> int:
    """Run ``refresh_job`` in-process on the persistent instance; print a summary.

    ``progress`` prints files done / total and records/s on stderr while pages are parsed.
    """
    _check_folders(settings)
    from assets.instance import ensure_dagster_home

    os.environ["PAPERLAKE_RAW_DIR"] = str(settings.raw_dir)
    os.environ["PAPERLAKE_DATA_DIR"] = str(settings.data_dir)
    if settings.parquet_location is not None:
        os.environ["PAPERLAKE_PARQUET_URI"] = str(settings.parquet_location)
    if progress:
        os.environ[ENV_FLAG] = "1"
    ensure_dagster_home(settings)

    from dagster import DagsterInstance

    from assets.definitions import defs

    job = defs.resolve_job_def("refresh_job")
    with DagsterInstance.get() as instance:
        log_level = "DEBUG" if verbose else "WARNING"
        result = job.execute_in_process(
            instance=instance,
            raise_on_error=False,
            tags={"paperlake/trigger": "cli"},
            run_config={"loggers": {"console": {"config": {"log_level": log_level}}}},
        )
        if not result.success:
            for event in result.all_events:
                if event.is_failure and event.event_specific_data is not None:
                    error = getattr(event.event_specific_data, "error", None)
                    if error is not None:
                        print(
                            f"paperlake: step {event.step_key} failed: {error.message.strip()}",
                            file=sys.stderr,
                        )
            print(f"paperlake: refresh failed (Dagster run {result.run_id})", file=sys.stderr)
            return 1
    if not quiet:
        print(summary(settings, result.run_id))
    return 0


def summary(settings: Settings, run_id: str = "") -> str:
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
    return "\n".join(lines)


def sql(settings: Settings, query: str, fmt: str, output: Path | None) -> int:
    """Run one query read-only against the published warehouse and print or save the result.

    Values keep their SQL types in every format: a DATE prints as ``2026-05-09`` (not a pandas
    timestamp), JSON keeps URLs readable (no ``\\/`` escapes) and non-ASCII text as is.
    """
    import duckdb

    from pipeline.warehouse import open_read_only

    if fmt == "parquet" and output is None:
        raise UsageError("--format parquet needs --output FILE")
    try:
        con = open_read_only(settings)
    except FileNotFoundError as exc:
        raise UsageError(str(exc)) from None
    with con:
        try:
            relation = con.sql(query)
            if relation is None:
                raise UsageError("the query returned no result set (paperlake sql only reads)")
            if fmt == "parquet":
                relation.to_parquet(str(output))
                return 0
            names, rows = relation.columns, relation.fetchall()
        except duckdb.Error as exc:
            raise UsageError(f"query failed: {exc}") from None
    text = _render(names, rows, fmt)
    if output:
        output.write_text(text.rstrip("\n") + "\n", encoding="utf-8")
    else:
        print(text)
    return 0


def _render(names: list[str], rows: list[tuple], fmt: str) -> str:
    import csv
    import io
    import json

    from tabulate import tabulate

    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(names)
        writer.writerows([["" if v is None else _plain(v) for v in row] for row in rows])
        return buffer.getvalue()
    if fmt == "json":
        records = [dict(zip(names, row, strict=True)) for row in rows]
        return json.dumps(records, default=_plain, ensure_ascii=False, indent=1)
    if not rows:
        return "(no rows)"
    table = tabulate([[_plain(v) for v in row] for row in rows], headers=names, tablefmt="pipe")
    return f"{table}\n({len(rows)} row{'s' if len(rows) != 1 else ''})"


def _plain(value: object) -> object:
    """Dates and times as ISO text, decimals as floats, lists as JSON-ish text; the rest unchanged."""
    import datetime as dt
    import decimal

    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, list | dict):
        import json

        return json.dumps(value, default=_plain, ensure_ascii=False)
    return value


def _query_text(query: str | None, file: Path | None) -> str:
    if (query is None) == (file is None):
        raise UsageError("give either a query or --file FILE, not both")
    if file is None:
        return query or ""
    try:
        return file.read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot read {file}: {exc.strerror or exc}") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="paperlake", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--raw-dir",
        help="pages folder or object-storage prefix, e.g. s3://bucket/pages "
        "(default: $PAPERLAKE_RAW_DIR or bundled pages)",
    )
    parser.add_argument("--data-dir", help="output folder (default: $PAPERLAKE_DATA_DIR or var/)")
    parser.add_argument(
        "--parquet-uri",
        help="where the Parquet dataset goes instead of <data dir>/parquet, e.g. s3://bucket/lake "
        "(default: $PAPERLAKE_PARQUET_URI)",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    refresh_cmd = commands.add_parser("refresh", help="parse new/changed pages and publish the warehouse")
    refresh_cmd.add_argument("--quiet", action="store_true", help="print nothing on success")
    refresh_cmd.add_argument("--verbose", action="store_true", help="show Dagster's step log")
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
    commands.add_parser("summary", help="print counts of the published warehouse")
    add_topics_parser(commands)
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env(args.raw_dir, args.data_dir, args.parquet_uri)
    except (ImportError, ValueError) as exc:  # an object-storage URI we cannot serve (pipeline.storage)
        print(f"paperlake: {exc}", file=sys.stderr)
        return 2
    try:
        if args.command == "refresh":
            show = args.progress if args.progress is not None else sys.stderr.isatty() and not args.quiet
            return refresh(settings, quiet=args.quiet, verbose=args.verbose, progress=show)
        if args.command == "sql":
            return sql(settings, _query_text(args.query, args.file), args.format, args.output)
        if args.command == "summary":
            print(summary(settings))
            return 0
        if args.command == "topics":
            return run_topics(settings, args)
    except UsageError as exc:
        print(f"paperlake: {exc}", file=sys.stderr)
        return 2
    return 2


if __name__ == "__main__":
    sys.exit(main())
