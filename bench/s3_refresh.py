"""What a refresh costs when the raw pages (and the Parquet dataset) live on S3-compatible storage.

    python -m bench.s3_refresh [--pages 0] [--repeats 3] [--json out.json]

Starts ``moto.server`` on a free loopback port (as the tests do), uploads the pages to a bucket and
mirrors them back into a local folder with the objects' ``LastModified`` as mtimes, so both sides
hold the same pages with the same dates. Then times the core stages in-process (ingest, papers,
warehouse) for the same scenarios on three sides - local folder; raw pages on S3; raw pages and the
Parquet dataset (``PAPERLAKE_PARQUET_URI``) on S3 - each in its own fresh data dir: a full build,
a no-op refresh (listing only) and a refresh after one page was added. ``--pages 0`` (default) uses
the five bundled pages; ``--pages N`` a synthetic corpus of N pages (``tests/support/corpus.py``).

moto is a single Python process on the same (shared) cores, so the S3 figures are a floor for the
overhead of real object storage's latency, not a prediction of it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from pipeline.config import BUNDLED_RAW_DIR, Settings
from pipeline.ingest import refresh_source_files
from pipeline.papers import build_papers
from pipeline.warehouse import build_warehouse
from tests.support.moto_server import moto_server

BUCKET = "paperlake-bench"
PREFIX = "pages"
CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "bench",
    "AWS_SECRET_ACCESS_KEY": "bench",
    "AWS_DEFAULT_REGION": "us-east-1",
}


def _client(endpoint: str):
    import boto3

    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")


def upload_and_mirror(pages: list[Path], endpoint: str, mirror: Path, spare: Path) -> None:
    """All pages but the last go to the bucket and into ``mirror`` (same bytes, same mtimes); the last
    waits in ``spare`` for the add-one-page scenario."""
    client = _client(endpoint)
    client.create_bucket(Bucket=BUCKET)
    mirror.mkdir(parents=True)
    spare.mkdir(parents=True)
    shutil.copy(pages[-1], spare / pages[-1].name)
    for page in pages[:-1]:
        _put_and_copy(client, page, mirror)


def _put_and_copy(client, page: Path, mirror: Path) -> None:
    key = f"{PREFIX}/{page.name}"
    client.put_object(Bucket=BUCKET, Key=key, Body=page.read_bytes())
    seconds = int(client.head_object(Bucket=BUCKET, Key=key)["LastModified"].timestamp())
    shutil.copy(page, mirror / page.name)
    os.utime(mirror / page.name, ns=(seconds * 10**9, seconds * 10**9))


def timed_build(settings: Settings) -> dict[str, float]:
    """Seconds of each core stage, run the way the Dagster assets run them."""
    out = {}
    for stage, fn in (
        ("ingest", lambda: refresh_source_files(settings)),
        ("papers", lambda: build_papers(settings)),
        ("warehouse", lambda: build_warehouse(settings)),
    ):
        started = time.perf_counter()
        fn()
        out[stage] = time.perf_counter() - started
    out["total"] = sum(out.values())
    return out


def run_once(workdir: Path, pages: list[Path], endpoint: str) -> dict[str, dict[str, dict[str, float]]]:
    mirror, spare = workdir / "mirror", workdir / "spare"
    upload_and_mirror(pages, endpoint, mirror, spare)
    sides = {
        "local folder": Settings.from_env(mirror, workdir / "data-local"),
        "s3 raw": Settings.from_env(f"s3://{BUCKET}/{PREFIX}", workdir / "data-s3"),
        "s3 raw + lake": Settings.from_env(
            f"s3://{BUCKET}/{PREFIX}", workdir / "data-lake", f"s3://{BUCKET}/lake-{workdir.name}"
        ),
    }
    results: dict[str, dict[str, dict[str, float]]] = {side: {} for side in sides}
    for scenario in ("full", "no_op", "add_one_page"):
        if scenario == "add_one_page":
            _put_and_copy(_client(endpoint), next(spare.iterdir()), mirror)
        for side, settings in sides.items():
            results[side][scenario] = timed_build(settings)
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.s3_refresh", description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=0, help="synthetic pages (0 = the five bundled pages)")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)

    runs = []
    with tempfile.TemporaryDirectory(prefix="paperlake-s3-refresh-") as tmp:
        if args.pages:
            from tests.support.corpus import generate_corpus

            generate_corpus(Path(tmp) / "corpus", args.pages + 1, seed=7)
            pages = sorted((Path(tmp) / "corpus").glob("*.txt"))
        else:
            pages = sorted(BUNDLED_RAW_DIR.glob("*.txt"))
        for repeat in range(args.repeats):
            with moto_server() as endpoint:
                os.environ.update(CREDENTIALS, AWS_ENDPOINT_URL=endpoint)
                _forget_s3_clients()
                runs.append(run_once(Path(tmp) / f"run{repeat}", pages, endpoint))
    summary = _median(runs)
    print(f"{len(pages) - 1} pages (+1 added later), median of {len(runs)} runs, seconds:")
    print(f"{'side':<14} {'scenario':<13} {'ingest':>7} {'papers':>7} {'warehouse':>9} {'total':>7}")
    for side, scenarios in summary.items():
        for scenario, t in scenarios.items():
            print(
                f"{side:<14} {scenario:<13} {t['ingest']:7.2f} {t['papers']:7.2f} "
                f"{t['warehouse']:9.2f} {t['total']:7.2f}"
            )
    if args.json:
        args.json.write_text(json.dumps({"pages": len(pages) - 1, "runs": runs, "median": summary}, indent=1))
    return 0


def _forget_s3_clients() -> None:
    """fsspec keeps one S3 filesystem per process, configured when first made: a new server on a new
    port (each repeat) needs a new one. A real deployment has one endpoint per process."""
    import s3fs

    s3fs.S3FileSystem.clear_instance_cache()


def _median(runs: list[dict]) -> dict:
    first = runs[0]
    return {
        side: {
            scenario: {stage: statistics.median(r[side][scenario][stage] for r in runs) for stage in stages}
            for scenario, stages in scenarios.items()
        }
        for side, scenarios in first.items()
    }


if __name__ == "__main__":
    sys.exit(main())
