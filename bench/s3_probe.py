"""Can paperlake keep its Parquet on S3-compatible storage with DuckDB 2.x and no httpfs? A probe.

    pip install 'moto[server]' s3fs          # not project dependencies (yet)
    python -m bench.s3_probe [--parquet-dir DIR] [--copies 6] [--repeats 3] [--json out.json]

Starts ``moto_server`` (an S3 imitation) on a free loopback port and checks, against paperlake's
real ``sightings/<sha256>.parquet`` shards:

1. ``pyarrow.fs.S3FileSystem(endpoint_override=...)`` writes and reads the shards back unchanged;
2. DuckDB 2.x, which cannot install httpfs offline here, queries ``s3://`` through an fsspec
   filesystem (``con.register_filesystem(s3fs.S3FileSystem(...))`` + ``read_parquet``);
3. read throughput of ~100 MB of shards (the shards copied ``--copies`` times) through that route,
   through pyarrow's own S3 client, and from local disk; as one-shard-per-page files (how ingest
   writes them) and compacted into 4 files.

moto is a single Python process, so absolute S3 numbers are a floor for real object storage; the
comparison between routes and file layouts is the point. ``--parquet-dir`` defaults to the shards
of the newest benchmark data dir under /tmp/paperlake-scale, else a 200-page corpus is ingested.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
from pyarrow import fs as pafs

CACHE = Path("/tmp/paperlake-scale")
BUCKET = "paperlake"
KEY, SECRET, REGION = "testing", "testing", "us-east-1"
SCAN = (
    "SELECT count(*) AS n, sum(length(raw_title) + length(raw_abstract) + length(title) + length(abstract)"
    " + length(title_key) + length(abstract_key) + length(record_key)) AS chars FROM read_parquet('{}')"
)


# --------------------------------------------------------------------------------------------
# Setup


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_moto(port: int) -> subprocess.Popen:
    """``moto_server`` from this venv on 127.0.0.1:port; returns once it accepts connections."""
    exe = Path(sys.executable).parent / "moto_server"
    proc = subprocess.Popen(
        [str(exe), "-H", "127.0.0.1", "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return proc
        except OSError:
            if proc.poll() is not None:
                raise SystemExit(f"moto_server exited with {proc.returncode}") from None
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("moto_server did not start within 30 s")


def find_shards(explicit: Path | None) -> Path:
    """A folder of paperlake sightings shards: given, newest under /tmp/paperlake-scale, or made."""
    if explicit:
        return explicit
    found = sorted(CACHE.glob("**/parquet/sightings"), key=lambda p: p.stat().st_mtime)
    if found:
        return found[-1]
    from bench.scale_bench import ensure_corpus
    from pipeline.config import Settings
    from pipeline.ingest import refresh_source_files

    corpus = ensure_corpus(CACHE, 200, 0)
    settings = Settings.from_env(corpus.pages_dir, CACHE / "s3-probe-data")
    refresh_source_files(settings)
    return settings.parquet_dir / "sightings"


def pyarrow_s3(port: int) -> pafs.S3FileSystem:
    return pafs.S3FileSystem(
        access_key=KEY,
        secret_key=SECRET,
        region=REGION,
        scheme="http",
        endpoint_override=f"127.0.0.1:{port}",
        allow_bucket_creation=True,
    )


def fsspec_s3(port: int):
    """A fresh s3fs instance (no fsspec instance cache, so no listing cache carried between runs)."""
    import s3fs

    return s3fs.S3FileSystem(
        key=KEY,
        secret=SECRET,
        endpoint_url=f"http://127.0.0.1:{port}",
        client_kwargs={"region_name": REGION},
        skip_instance_cache=True,
    )


def build_layouts(shards: Path, local: Path, copies: int) -> dict[str, int]:
    """``local/sharded/copy=k/<sha>.parquet`` (ingest's layout, ``copies`` times) and
    ``local/compacted/part-<i>.parquet`` (the same rows in 4 files); returns bytes per layout."""
    shutil.rmtree(local, ignore_errors=True)
    files = sorted(shards.glob("*.parquet"))
    for k in range(copies):
        dest = local / "sharded" / f"copy={k}"
        dest.mkdir(parents=True)
        for f in files:
            shutil.copyfile(f, dest / f.name)
    table = pa.concat_tables([pq.read_table(f) for f in files] * copies, promote_options="default")
    (local / "compacted").mkdir(parents=True)
    step = -(-table.num_rows // 4)
    for i in range(4):
        pq.write_table(table.slice(i * step, step), local / "compacted" / f"part-{i}.parquet")
    return {
        name: sum(p.stat().st_size for p in (local / name).rglob("*.parquet"))
        for name in ("sharded", "compacted")
    }


# --------------------------------------------------------------------------------------------
# Checks


def check_pyarrow_roundtrip(s3: pafs.S3FileSystem, local: Path) -> dict:
    """Upload both layouts with pyarrow's S3 client; read one copy back and compare to local."""
    started = time.perf_counter()
    s3.create_dir(BUCKET)
    pafs.copy_files(
        str(local), f"{BUCKET}/data", source_filesystem=pafs.LocalFileSystem(), destination_filesystem=s3
    )
    upload_s = time.perf_counter() - started
    here = ds.dataset(local / "sharded" / "copy=0", format="parquet").to_table()
    there = ds.dataset(f"{BUCKET}/data/sharded/copy=0", filesystem=s3, format="parquet").to_table()
    key = [("record_key", "ascending"), ("line_number", "ascending")]
    same = here.sort_by(key).equals(there.sort_by(key))
    one = next((local / "sharded" / "copy=0").glob("*.parquet"))
    pq.write_table(pq.read_table(one), f"{BUCKET}/written/{one.name}", filesystem=s3)
    single_ok = pq.read_table(f"{BUCKET}/written/{one.name}", filesystem=s3).equals(pq.read_table(one))
    return {"upload_s": upload_s, "rows_copy0": there.num_rows, "roundtrip_equal": same and single_ok}


def check_duckdb_fsspec(port: int, local: Path) -> dict:
    """DuckDB reads s3:// through a registered fsspec filesystem; httpfs stays unloaded."""
    con = duckdb.connect()
    con.register_filesystem(fsspec_s3(port))
    remote = con.execute(SCAN.format(f"s3://{BUCKET}/data/sharded/*/*.parquet")).fetchone()
    here = con.execute(SCAN.format(f"{local}/sharded/*/*.parquet")).fetchone()
    httpfs = con.execute("SELECT loaded FROM duckdb_extensions() WHERE extension_name = 'httpfs'").fetchone()
    duckdb.connect(str(local / "probe.duckdb")).execute("CREATE OR REPLACE TABLE t AS SELECT 1 AS i").close()
    pafs.copy_files(
        str(local / "probe.duckdb"), f"{BUCKET}/probe.duckdb", destination_filesystem=pyarrow_s3(port)
    )
    return {
        "duckdb": duckdb.__version__,
        "s3_rows_chars": list(remote),
        "local_rows_chars": list(here),
        "equal": remote == here,
        "httpfs_loaded": bool(httpfs and httpfs[0]),
        "other_operations": {what: _outcome(con, sql) for what, sql in WRITE_PROBES.items()},
    }


WRITE_PROBES = {
    "COPY TO one s3:// file": f"COPY (SELECT range AS i FROM range(1000)) TO 's3://{BUCKET}/w/one.parquet'",
    "read it back": f"SELECT count(*) FROM read_parquet('s3://{BUCKET}/w/one.parquet')",
    "COPY PARTITION_BY to s3://": (
        "COPY (SELECT range AS i, range % 3 AS p FROM range(9)) "
        f"TO 's3://{BUCKET}/w/parts' (PARTITION_BY (p))"
    ),
    "ATTACH a .duckdb file on s3://": f"ATTACH 's3://{BUCKET}/probe.duckdb' AS remote (READ_ONLY)",
}


def _outcome(con: duckdb.DuckDBPyConnection, sql: str) -> str:
    """``ok`` (with the rows, if any) or the error's type and last line, for the report."""
    try:
        rows = con.execute(sql).fetchall()
    except Exception as exc:  # duckdb.Error, or an fsspec error surfaced through DuckDB
        lines = [line for line in str(exc).strip().splitlines() if line.strip()]
        return f"{type(exc).__name__}: {lines[-1][:200] if lines else ''}"
    return f"ok {rows}" if rows else "ok"


def _duckdb_scan(port: int | None, path: str) -> Callable[[], None]:
    def run() -> None:
        con = duckdb.connect()
        if port is not None:
            con.register_filesystem(fsspec_s3(port))
        con.execute(SCAN.format(path)).fetchone()
        con.close()

    return run


def _arrow_scan(port: int, path: str) -> Callable[[], None]:
    def run() -> None:
        ds.dataset(path, filesystem=pyarrow_s3(port), format="parquet").to_table()

    return run


def timed(fn: Callable[[], None], repeats: int) -> float:
    """Median seconds of ``repeats`` runs (each with fresh clients, so no cross-run caching)."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def throughput(port: int, local: Path, sizes: dict[str, int], repeats: int) -> list[dict]:
    rows = []
    for layout, pattern in (("sharded", "*/*.parquet"), ("compacted", "*.parquet")):
        routes = {
            "duckdb local disk": _duckdb_scan(None, f"{local}/{layout}/{pattern}"),
            "duckdb + fsspec s3fs": _duckdb_scan(port, f"s3://{BUCKET}/data/{layout}/{pattern}"),
            "pyarrow S3FileSystem": _arrow_scan(port, f"{BUCKET}/data/{layout}"),
        }
        files = len(list((local / layout).rglob("*.parquet")))
        for route, fn in routes.items():
            seconds = timed(fn, repeats)
            mb = sizes[layout] / 1e6
            rows.append(
                {
                    "layout": layout,
                    "files": files,
                    "mb": mb,
                    "route": route,
                    "s": seconds,
                    "mb_s": mb / seconds,
                }
            )
            print(
                f"  {layout:<9} {files:>5} files {route:<22} {seconds:7.2f} s {mb / seconds:8.1f} MB/s",
                flush=True,
            )
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.s3_probe", description=__doc__.splitlines()[0])
    ap.add_argument("--parquet-dir", type=Path, default=None, help="folder of sightings shards")
    ap.add_argument("--copies", type=int, default=6, help="copies of the shards (~18 MB each at 200 pages)")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--workdir", type=Path, default=CACHE / "s3-probe")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)

    shards = find_shards(args.parquet_dir)
    sizes = build_layouts(shards, args.workdir / "local", args.copies)
    print(f"shards: {shards} x {args.copies}; sharded {sizes['sharded'] / 1e6:.1f} MB", flush=True)
    port = free_port()
    moto = start_moto(port)
    try:
        report: dict = {"versions": _versions(), "port": port, "bytes": sizes}
        report["pyarrow_roundtrip"] = check_pyarrow_roundtrip(pyarrow_s3(port), args.workdir / "local")
        print(f"1. pyarrow S3FileSystem round trip: {report['pyarrow_roundtrip']}", flush=True)
        report["duckdb_fsspec"] = check_duckdb_fsspec(port, args.workdir / "local")
        print(f"2. DuckDB via register_filesystem(s3fs): {report['duckdb_fsspec']}", flush=True)
        print(f"3. read throughput (median of {args.repeats}):", flush=True)
        report["throughput"] = throughput(port, args.workdir / "local", sizes, args.repeats)
    finally:
        moto.terminate()
        moto.wait(timeout=10)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1))
    ok = report["pyarrow_roundtrip"]["roundtrip_equal"] and report["duckdb_fsspec"]["equal"]
    return 0 if ok else 1


def _versions() -> dict[str, str]:
    from importlib.metadata import version

    names = ("duckdb", "pyarrow", "s3fs", "fsspec", "aiobotocore", "botocore", "moto")
    return {n: version(n) for n in names} | {"python": sys.version.split()[0], "pid": str(os.getpid())}


if __name__ == "__main__":
    raise SystemExit(main())
