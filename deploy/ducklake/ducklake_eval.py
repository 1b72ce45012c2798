"""DuckLake smoke test: PostgreSQL catalog + local data path, two concurrent writers, 1M-row insert.

Not part of paperlake's environment: DuckDB 2.x cannot load the ducklake extension offline (see
docs/ducklake.md), so this runs in a throwaway venv with DuckDB 1.5.5 and the PyPI extension wheels:

    python3.11 -m venv /tmp/ducklake-eval/venv
    /tmp/ducklake-eval/venv/bin/pip install duckdb==1.5.5 duckdb-extension-ducklake==1.5.5 \\
        duckdb-extension-postgres-scanner==1.5.5
    /tmp/ducklake-eval/venv/bin/python deploy/ducklake/ducklake_eval.py --pg-port PORT \\
        --workdir /tmp/ducklake-eval

It needs a PostgreSQL server on 127.0.0.1:PORT with a database ``lake`` (trust auth, user postgres);
docs/ducklake.md has the initdb / pg_ctl commands. Prints one JSON document with the figures.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb

EXTENSIONS = {
    "ducklake": "duckdb_extension_ducklake",
    "postgres_scanner": "duckdb_extension_postgres_scanner",
}


def _extension_file(package: str, name: str) -> Path:
    """The .duckdb_extension binary shipped inside a duckdb-extension-* wheel."""
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise SystemExit(f"pip install {package.replace('_', '-')}=={duckdb.__version__}")
    root = Path(spec.origin).parent
    return next(root.glob(f"extensions/*/{name}.duckdb_extension"))


def connect(workdir: Path, pg_port: int, retries: int = 100) -> duckdb.DuckDBPyConnection:
    """Install the wheel-shipped extensions into a private extension dir (no network), attach the lake."""
    con = duckdb.connect(config={"extension_directory": str(workdir / "extensions")})
    for name, package in EXTENSIONS.items():
        con.execute(f"INSTALL '{_extension_file(package, name)}'")
        con.execute(f"LOAD {name}")
    catalog = f"ducklake:postgres:dbname=lake host=127.0.0.1 port={pg_port} user=postgres"
    con.execute(f"ATTACH '{catalog}' AS lake (DATA_PATH '{workdir / 'lake_data'}/')")
    con.execute(f"SET ducklake_max_retry_count = {retries}")
    return con


def writer(workdir: Path, pg_port: int, writer_id: int, batches: int, rows: int, start_at: float) -> None:
    """One writer process: ``batches`` separate INSERT transactions of ``rows`` rows each, all
    starting at the same wall-clock instant so the two writers really overlap."""
    con = connect(workdir, pg_port)
    time.sleep(max(0.0, start_at - time.time()))
    first = time.time()
    started = time.perf_counter()
    errors: list[str] = []
    for b in range(batches):
        try:
            con.execute(
                "INSERT INTO lake.sightings SELECT ?, ?, i, 'title ' || i, now() FROM range(?) t(i)",
                [writer_id, b, rows],
            )
        except duckdb.Error as exc:
            errors.append(f"{type(exc).__name__}: {exc}"[:400])
    seconds = time.perf_counter() - started
    last = time.time()
    print(
        json.dumps({"writer": writer_id, "first": first, "last": last, "seconds": seconds, "errors": errors})
    )


def _reset(workdir: Path, pg_port: int) -> None:
    """Fresh catalog database and data path, so reruns measure the same thing."""
    psql = shutil.which("psql") or "/usr/lib/postgresql/15/bin/psql"
    for sql in ("DROP DATABASE IF EXISTS lake", "CREATE DATABASE lake"):
        subprocess.run([psql, "-h", "127.0.0.1", "-p", str(pg_port), "-U", "postgres", "-c", sql], check=True)
    shutil.rmtree(workdir / "lake_data", ignore_errors=True)
    (workdir / "lake_data").mkdir(parents=True)


def _concurrent(workdir: Path, pg_port: int, batches: int, rows: int) -> dict:
    """Two OS processes inserting into the same DuckLake table at the same time."""
    cmd = [sys.executable, __file__, "--pg-port", str(pg_port), "--workdir", str(workdir), "--writer"]
    args = ["--batches", str(batches), "--rows", str(rows), "--start-at", str(time.time() + 3.0)]
    procs = [subprocess.Popen([*cmd, str(w), *args], stdout=subprocess.PIPE, text=True) for w in (1, 2)]
    outs = [json.loads(p.communicate()[0].strip().splitlines()[-1]) for p in procs]
    overlap = min(o["last"] for o in outs) - max(o["first"] for o in outs)
    span = max(o["last"] for o in outs) - min(o["first"] for o in outs)
    return {"span_s": round(span, 2), "overlap_s": round(overlap, 2), "writers": outs}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pg-port", type=int, required=True)
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/ducklake-eval"))
    ap.add_argument("--writer", type=int, default=0, help=argparse.SUPPRESS)
    ap.add_argument("--batches", type=int, default=50)
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--start-at", type=float, default=0.0, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.writer:
        writer(args.workdir, args.pg_port, args.writer, args.batches, args.rows, args.start_at)
        return 0

    _reset(args.workdir, args.pg_port)
    con = connect(args.workdir, args.pg_port)
    con.execute(
        "CREATE TABLE lake.sightings "
        "(writer INTEGER, batch INTEGER, i BIGINT, title VARCHAR, written_at TIMESTAMPTZ)"
    )
    report: dict = {"duckdb": duckdb.__version__}
    report["extensions"] = con.execute(
        "SELECT extension_name, extension_version FROM duckdb_extensions() WHERE loaded AND "
        "extension_name IN ('ducklake', 'postgres_scanner')"
    ).fetchall()
    report["concurrent"] = _concurrent(args.workdir, args.pg_port, args.batches, args.rows)
    report["read_back"] = con.execute(
        "SELECT writer, count(*), count(DISTINCT batch) FROM lake.sightings GROUP BY 1 ORDER BY 1"
    ).fetchall()
    report["expected_per_writer"] = args.batches * args.rows

    con.execute("CREATE TABLE lake.big (i BIGINT, title VARCHAR, score DOUBLE)")
    t0 = time.perf_counter()
    con.execute("INSERT INTO lake.big SELECT i, 'paper title ' || i, random() FROM range(1000000) t(i)")
    report["insert_1m_s"] = round(time.perf_counter() - t0, 3)
    t0 = time.perf_counter()
    report["big_count"] = con.execute("SELECT count(*), sum(length(title)) FROM lake.big").fetchone()
    report["scan_1m_s"] = round(time.perf_counter() - t0, 3)
    report["snapshots"] = con.execute("SELECT count(*) FROM ducklake_snapshots('lake')").fetchone()[0]
    report["data_files"] = len(list((args.workdir / "lake_data").rglob("*.parquet")))
    report["data_mb"] = round(sum(p.stat().st_size for p in (args.workdir / "lake_data").rglob("*")) / 1e6, 1)
    print(json.dumps(report, indent=1, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
