"""Where a full ``paperlake refresh`` spends its time: py-spy over the real CLI, pool workers included.

    python -m bench.profile_refresh [--pages 200] [--rate 100] [--top 10] [--out-dir DIR] [--native]
    python -m bench.profile_refresh --pages 20000 --sql-only     # seconds per SQL file, no py-spy
    python -m bench.profile_refresh --pages 20000 --sql-only --stage papers   # that stage only
    python -m bench.profile_refresh --pages 2000 --corpus variants --sql-only  # the numbered-variant corpus

Runs ``py-spy record --subprocesses --idle --format raw`` around ``<venv>/bin/paperlake refresh
--quiet`` on a cached synthetic corpus (the same one ``bench.scale_bench`` uses) with a fresh data
dir, then ranks the collapsed stacks:

* main thread of the ``paperlake`` process, idle samples included, so a percentage is a share of
  its wall time. Idle samples matter: while DuckDB runs a query on its own C++ threads, or the
  ingest pool works, the main thread waits in the calling Python line, and that line is where the
  time goes. Time inside DuckDB, pyarrow or regex C code is charged to the Python line that called
  it (``--native`` shows the C++ frames of the main thread instead). Two rankings: self time (the
  innermost frame) and inclusive time of paperlake's own functions (``pipeline/``, ``assets/``);
* the ingest pool's worker processes (CPU view): self time of the innermost frame.

Then (unless ``--no-sql-timings``) it rebuilds ``papers`` and ``warehouse`` in-process from that
run's data dir with ``force=True``, running every SQL file that goes through ``run_file`` statement
by statement, so the main thread's hottest line (the DuckDB call in ``pipeline/sql.py``) is split
by SQL file and statement, with wall and CPU seconds (CPU is the steadier figure on a shared
machine) and the process's peak RSS. ``--sql-only`` skips py-spy: it ingests the corpus into
``DIR/data`` once (kept for the next run) and times the rebuild only.

``DIR/profile.txt`` is in Brendan Gregg's collapsed-stack format: open it in
https://www.speedscope.app or feed it to flamegraph.pl. py-spy needs ptrace rights (root, or
``--cap-add SYS_PTRACE`` in a container).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from bench.scale_bench import (
    DEFAULT_CACHE,
    ROOT,
    _clean_env,
    ensure_corpus,
    paperlake_command,
    warm_page_cache,
)

FRAME_RE = re.compile(r"^(?P<func>.*) \((?P<file>[^()]*?)(?::(?P<line>\d+))?\)$")
OWN_PREFIXES = ("pipeline/", "assets/")


def short_path(path: str) -> str:
    """Project files relative to the repo, libraries relative to site-packages."""
    if path.startswith(str(ROOT) + os.sep):
        return path[len(str(ROOT)) + 1 :]
    marker = "site-packages" + os.sep
    if marker in path:
        return path.split(marker, 1)[1]
    return path


def parse_frame(frame: str) -> tuple[str, str, str]:
    """``func (file:line)`` -> (func, short file, line); native frames may lack a file."""
    match = FRAME_RE.match(frame.strip())
    if not match:
        return frame.strip(), "", ""
    return match["func"], short_path(match["file"]), match["line"] or ""


Stack = tuple[int, list[str], int]  # (pid, frames, samples)


def read_stacks(raw: Path) -> list[Stack]:
    """Collapsed stacks ``process A;process B;frame;frame N`` -> (pid B, frames, samples).

    With ``--subprocesses`` a child's stacks start with its ancestors' ``process`` labels."""
    stacks = []
    for line in raw.read_text(errors="replace").splitlines():
        head, _, count = line.rpartition(" ")
        if not head or not count.isdigit():
            continue
        frames = head.split(";")
        pid = 0
        while frames and frames[0].startswith("process "):
            pid = int(frames.pop(0).split()[1].split(":")[0])
        if frames:
            stacks.append((pid, frames, int(count)))
    return stacks


def split_views(stacks: list[Stack]) -> tuple[list[Stack], list[Stack], int]:
    """(main thread of the root process, ingest pool workers, samples of everything else).

    The root is the pid with the most samples on a stack through ``assets/cli.py``'s ``refresh``
    that is not a pool worker; its main thread is the one whose stack starts at ``<module>``."""
    workers = {pid for pid, frames, _ in stacks if any("_process_worker" in f for f in frames)}
    roots = Counter(pid for pid, frames, n in stacks if pid not in workers for _ in range(n))
    root = roots.most_common(1)[0][0] if roots else 0
    main = [s for s in stacks if s[0] == root and s[1][0].startswith("<module>")]
    pool = [s for s in stacks if s[0] in workers]
    other = sum(n for _, _, n in stacks) - sum(n for _, _, n in main) - sum(n for _, _, n in pool)
    return main, pool, other


def self_time(stacks: list[Stack]) -> tuple[Counter, Counter, int]:
    """Samples per (function, file) of the leaf frame, and per (function, file, line)."""
    by_func: Counter = Counter()
    by_line: Counter = Counter()
    total = 0
    for _, frames, n in stacks:
        func, file, line = parse_frame(frames[-1])
        by_func[(func, file)] += n
        by_line[(func, file, line)] += n
        total += n
    return by_func, by_line, total


def inclusive_own(stacks: list[Stack]) -> Counter:
    """Samples with each paperlake function anywhere on the stack (counted once per stack)."""
    counts: Counter = Counter()
    for _, frames, n in stacks:
        seen = set()
        for frame in frames:
            func, file, _ = parse_frame(frame)
            if file.startswith(OWN_PREFIXES) and (func, file) not in seen:
                seen.add((func, file))
                counts[(func, file)] += n
    return counts


def _self_table(stacks: list[Stack], top: int, title: str) -> list[str]:
    by_func, by_line, total = self_time(stacks)
    lines = [
        f"{title} ({total:,} samples):",
        "",
        "| # | function | file:hottest line | % |",
        "|---|---|---|---|",
    ]
    for rank, ((func, file), n) in enumerate(by_func.most_common(top), 1):
        hottest = max((k for k in by_line if k[:2] == (func, file)), key=lambda k: by_line[k])
        lines.append(f"| {rank} | `{func}` | {file}:{hottest[2]} | {100 * n / max(total, 1):.1f} |")
    return [*lines, ""]


def hot_spots_markdown(stacks: list[Stack], top: int) -> str:
    main, pool, other = split_views(stacks)
    if not main:
        return "(no samples of the main thread)"
    total = sum(n for _, _, n in main)
    lines = _self_table(main, top, f"Main thread, self time incl. waiting, top {top}")
    lines += [f"Main thread, inclusive time of paperlake functions, top {top}:", ""]
    lines += ["| # | function | file | % |", "|---|---|---|---|"]
    for rank, ((func, file), n) in enumerate(inclusive_own(main).most_common(top), 1):
        lines.append(f"| {rank} | `{func}` | {file} | {100 * n / total:.1f} |")
    lines.append("")
    if pool:
        lines += _self_table(pool, top, f"Ingest pool workers, self time, top {top}")
    lines.append(f"Other threads/processes: {other:,} samples (Dagster helpers; mostly idle).")
    return "\n".join(lines)


def record(pages_dir: Path, out_dir: Path, rate: int, native: bool) -> tuple[Path, float]:
    """py-spy record around the CLI with a fresh data dir; returns the raw profile and wall time."""
    py_spy = shutil.which("py-spy", path=str(Path(sys.executable).parent)) or shutil.which("py-spy")
    if py_spy is None:
        raise SystemExit("py-spy not found: pip install -e '.[dev]'")
    data = out_dir / "data"
    shutil.rmtree(data, ignore_errors=True)
    raw = out_dir / "profile.txt"
    cmd = [
        py_spy,
        "record",
        "--subprocesses",
        "--idle",
        "--format",
        "raw",
        "--rate",
        str(rate),
        "-o",
        str(raw),
    ]
    cmd += ["--native"] if native else []
    env = _clean_env(PAPERLAKE_RAW_DIR=str(pages_dir), PAPERLAKE_DATA_DIR=str(data))
    started = time.perf_counter()
    cmd += ["--", *paperlake_command()]
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0 or not raw.exists():
        raise SystemExit(f"py-spy / paperlake failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return raw, time.perf_counter() - started


def _first_line(statement: str) -> str:
    """The statement's first non-comment line, to name it in the report."""
    for line in statement.splitlines():
        line = line.strip()
        if line and not line.startswith("--"):
            return line[:70]
    return "?"


def _cpu_seconds() -> float:
    """User + system CPU seconds of this process so far (DuckDB's threads included)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


Timing = tuple[str, str, float, float]  # SQL file, statement, wall s, CPU s


def _timed_run_file(original, sql_text, timings: list[Timing]):
    """A ``run_file`` that executes the file statement by statement and times each one (the same
    statements in the same order on the same connection; falls back to the original call)."""

    def run(con, relative: str, *args, **kwargs):
        started, cpu = time.perf_counter(), _cpu_seconds()
        try:
            statements = con.extract_statements(sql_text(relative)) if not (args or kwargs) else None
        except Exception:  # the core changed how run_file reads its SQL: time the file as a whole
            statements = None
        if not statements:
            result = original(con, relative, *args, **kwargs)
            timings.append((relative, "(whole file)", time.perf_counter() - started, _cpu_seconds() - cpu))
            return result
        con.execute("SET enable_progress_bar = false")  # keep the report readable
        for statement in statements:
            t0, c0 = time.perf_counter(), _cpu_seconds()
            con.execute(statement)
            timings.append(
                (relative, _first_line(statement.query), time.perf_counter() - t0, _cpu_seconds() - c0)
            )
        return None

    return run


class _Segments:
    """Wall/CPU time between marks, charged to the last mark's name: times the papers stage's SQL
    that runs outside ``run_file`` (``query_file``, the Python union-find, and the writes of
    ``con.sql(sql_text(...))``, whose time runs until the next mark: the Parquet write included)."""

    def __init__(self, timings: list[Timing]) -> None:
        self.timings = timings
        self.name: str | None = None
        self.what = ""
        self.started = self.cpu = 0.0

    def mark(self, name: str | None, what: str = "") -> None:
        now, cpu = time.perf_counter(), _cpu_seconds()
        if self.name is not None:
            self.timings.append((self.name, self.what, now - self.started, cpu - self.cpu))
        self.name, self.what, self.started, self.cpu = name, what, now, cpu

    def wrap(self, function, name_of, *, until_next_mark: bool = False):
        """``function`` timed under ``name_of(args)``; ``until_next_mark``: its work goes on after it
        returns (``sql_text``: the ``con.sql(...)`` it feeds runs next), so the segment stays open."""

        def wrapped(*args, **kwargs):
            self.mark(name_of(*args, **kwargs), "(outside run_file)")
            try:
                return function(*args, **kwargs)
            finally:
                if not until_next_mark:
                    self.mark(None)

        return wrapped


STAGES = ("papers", "warehouse")


def sql_timings(pages_dir: Path, data_dir: Path, stages: tuple[str, ...] = STAGES) -> list[Timing]:
    """Seconds per SQL statement of a forced rebuild of ``stages`` (papers, then warehouse).

    ``run_file`` is replaced wherever the core imported it, and the papers stage's ``query_file``,
    ``query_file_arrow``, ``sql_text`` and ``cluster_columns`` (see ``_Segments``); other SQL the
    core runs is only in the stage totals (rows named ``= papers total`` / ``= warehouse total``)."""
    import importlib

    from pipeline.config import Settings

    timings: list[Timing] = []
    sql, papers, warehouse = (
        importlib.import_module(m) for m in ("pipeline.sql", "pipeline.papers", "pipeline.warehouse")
    )
    original = sql.run_file
    patched = [m for m in (sql, papers, warehouse) if getattr(m, "run_file", None) is original]
    timed_run_file = _timed_run_file(original, sql.sql_text, timings)
    segments = _Segments(timings)
    for module in patched:
        module.run_file = segments.wrap(timed_run_file, lambda con, relative, *a, **k: None)
    wrapped = ("query_file", "query_file_arrow", "sql_text", "cluster_columns")
    originals = {name: getattr(papers, name) for name in wrapped}
    papers.query_file = segments.wrap(originals["query_file"], lambda con, relative, *a, **k: relative)
    papers.query_file_arrow = segments.wrap(
        originals["query_file_arrow"], lambda con, relative, *a, **k: relative
    )
    papers.sql_text = segments.wrap(originals["sql_text"], lambda relative: relative, until_next_mark=True)
    papers.cluster_columns = segments.wrap(
        originals["cluster_columns"], lambda *a, **k: "identity.cluster (Python)"
    )
    try:
        settings = Settings.from_env(pages_dir, data_dir)
        builds = {"papers": papers.build_papers, "warehouse": warehouse.build_warehouse}
        for stage in (s for s in STAGES if s in stages):
            build = builds[stage]
            started, cpu = time.perf_counter(), _cpu_seconds()
            build(settings, force=True)
            segments.mark(None)
            timings.append((f"= {stage} total", "", time.perf_counter() - started, _cpu_seconds() - cpu))
    finally:
        for module in patched:
            module.run_file = original
        for name, function in originals.items():
            setattr(papers, name, function)
    return timings


def sql_markdown(timings: list[Timing], top: int = 10) -> str:
    """Per-file totals in run order (a file run once per batch is summed), then the slowest statements."""
    files: dict[str, list[float]] = {}
    for name, _, seconds, cpu in timings:
        total = files.setdefault(name, [0.0, 0.0])
        total[0] += seconds
        total[1] += cpu
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    lines = [
        "SQL, forced in-process rebuild of papers + warehouse "
        f"(DuckDB memory limit {os.environ.get('PAPERLAKE_DUCKDB_MEMORY') or 'default'}; "
        f"peak RSS of this process {peak_mb:,} MB):",
        "",
        "| SQL file | s | CPU s |",
        "|---|---|---|",
    ]
    lines += [f"| {name} | {seconds:.2f} | {cpu:.2f} |" for name, (seconds, cpu) in files.items()]
    statements = sorted((t for t in timings if not t[0].startswith("=")), key=lambda t: -t[2])[:top]
    lines += [
        "",
        f"Slowest {len(statements)} statements:",
        "",
        "| SQL file | statement | s | CPU s |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {name} | `{first}` | {seconds:.2f} | {cpu:.2f} |" for name, first, seconds, cpu in statements
    ]
    return "\n".join(lines)


def _ingest_once(pages_dir: Path, data_dir: Path) -> None:
    """Parse the corpus into ``data_dir`` unless that was done already (ingest is incremental)."""
    from pipeline.config import Settings
    from pipeline.ingest import refresh_source_files

    refresh_source_files(Settings.from_env(pages_dir, data_dir))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.profile_refresh", description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--corpus", choices=("bench", "variants"), default="bench", help="which synthetic corpus")
    ap.add_argument("--reuse-corpus", type=Path, default=DEFAULT_CACHE, metavar="DIR")
    ap.add_argument("--out-dir", type=Path, default=None, help="default DIR/profile-p<pages>")
    ap.add_argument("--rate", type=int, default=100, help="samples per second")
    ap.add_argument("--top", type=int, default=10)
    ap.add_argument("--native", action="store_true", help="include C/C++ frames (DuckDB, pyarrow)")
    ap.add_argument("--no-sql-timings", action="store_true", help="skip the per-SQL-file rebuild")
    ap.add_argument(
        "--sql-only", action="store_true", help="no py-spy: ingest into DIR/data once, time the SQL rebuild"
    )
    ap.add_argument(
        "--stage",
        choices=STAGES,
        action="append",
        default=None,
        help="time only this stage's rebuild (repeatable; default both)",
    )
    ap.add_argument("--report", type=Path, default=None, help="re-rank an existing profile.txt; no run")
    args = ap.parse_args(argv)

    if args.report:
        print(hot_spots_markdown(read_stacks(args.report), args.top))
        return 0
    stages = tuple(args.stage or STAGES)
    corpus = ensure_corpus(args.reuse_corpus, args.pages, args.seed, kind=args.corpus)
    warm_page_cache(corpus.pages_dir)
    out_dir = args.out_dir or args.reuse_corpus / f"profile-{args.corpus}-p{args.pages}"
    out_dir.mkdir(parents=True, exist_ok=True)
    if args.sql_only:
        _ingest_once(corpus.pages_dir, out_dir / "data")
        print(sql_markdown(sql_timings(corpus.pages_dir, out_dir / "data", stages), args.top))
        return 0
    raw, wall = record(corpus.pages_dir, out_dir, args.rate, args.native)
    print(f"paperlake refresh of {args.pages} pages under py-spy: {wall:.1f} s wall; profile {raw}\n")
    print(hot_spots_markdown(read_stacks(raw), args.top))
    if not args.no_sql_timings:
        print()
        print(sql_markdown(sql_timings(corpus.pages_dir, out_dir / "data", stages), args.top))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
