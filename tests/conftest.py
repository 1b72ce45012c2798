"""Shared fixtures: temporary raw/data folders, a plain-Python build of the whole pipeline, and a real
S3-compatible server (moto) for the object-storage tests."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline.config import BUNDLED_RAW_DIR, Settings
from pipeline.ingest import refresh_source_files
from pipeline.papers import build_papers
from pipeline.warehouse import build_warehouse, open_read_only
from tests.support.moto_server import moto_server

FIXTURES = Path(__file__).parent / "fixtures"

# Building blocks of hand-made spaced-layout pages.
ABSTRACT = (
    "We study a problem that matters. Our method improves results across many benchmarks and "
    "settings, and we release code. Experiments on five datasets show consistent gains over "
    "strong baselines while using less compute than prior work."
)
HEADER = (
    "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\n"
    "byAK and the research community\n\nMar 14\n\n"
)
HEADER_LINES = HEADER.count("\n")  # the first block starts on line HEADER_LINES + 1


def spaced(*blocks: str) -> str:
    """A spaced-layout page: header, then the blocks separated by blank lines."""
    return HEADER + "\n\n".join(blocks) + "\n"


@pytest.fixture
def raw_dir(tmp_path: Path) -> Path:
    path = tmp_path / "raw"
    path.mkdir()
    return path


@pytest.fixture
def settings(tmp_path: Path, raw_dir: Path) -> Settings:
    return Settings.from_env(raw_dir, tmp_path / "data")


@pytest.fixture
def sample_raw(raw_dir: Path) -> Path:
    """A private copy of the bundled sample pages."""
    return copy_sample_pages(raw_dir)


def copy_sample_pages(raw: Path) -> Path:
    """The bundled sample pages copied into ``raw`` (created if missing), mtimes kept: their
    listing year comes from the mtime, so every copy dates them alike."""
    raw.mkdir(parents=True, exist_ok=True)
    for page in sorted(BUNDLED_RAW_DIR.glob("*.txt")):
        shutil.copy2(page, raw / page.name)
    return raw


def build_all(settings: Settings, workers: int | None = 1):
    """Run the three core stages the way the Dagster assets do; returns their reports."""
    ingest = refresh_source_files(settings, workers=workers)
    papers = build_papers(settings)
    warehouse = build_warehouse(settings)
    return ingest, papers, warehouse


def sensor_ticks(instance, resource, change: Callable[[], object]) -> tuple:
    """The raw-pages sensor evaluated three times: a first tick, a tick with nothing changed (same
    cursor), and a tick after ``change()``. Returns (first, cursor, quiet, changed)."""
    from dagster import build_sensor_context  # only the Dagster tests pay for the import

    from assets.automation import raw_pages_sensor

    resources = {"paperlake": resource}
    context = build_sensor_context(instance=instance, resources=resources)
    first = raw_pages_sensor(context)
    cursor = context.cursor

    def tick():
        return raw_pages_sensor(build_sensor_context(instance=instance, cursor=cursor, resources=resources))

    quiet = tick()
    change()
    return first, cursor, quiet, tick()


def papers_outputs(settings: Settings) -> dict[str, tuple[str, list[dict]]]:
    """papers.parquet, paper_keys.parquet and the key -> shard index as (schema, rows in file order):
    an incremental papers build must write exactly what a full build writes."""
    import pyarrow.parquet as pq

    from pipeline.papers import key_shards_path

    out = {}
    for path in (settings.papers_path, settings.paper_keys_path, key_shards_path(settings)):
        table = pq.read_table(path)
        out[path.name] = (str(table.schema.remove_metadata()), table.to_pylist())
    return out


# Columns that describe the run rather than the data: they differ between two correct builds.
RUN_COLUMNS = {"source_files": ["change"], "build_info": ["built_at"]}


def warehouse_contents(path: Path) -> dict[str, list[str]]:
    """Every table of a warehouse as sorted rows (run-specific columns left out), for comparing builds."""
    import duckdb

    with duckdb.connect(str(path), read_only=True) as con:
        tables = [t for (t,) in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
        out = {}
        for table in tables:
            exclude = RUN_COLUMNS.get(table)
            columns = f"* EXCLUDE ({', '.join(exclude)})" if exclude else "*"
            out[table] = sorted(map(repr, con.execute(f'SELECT {columns} FROM "{table}"').fetchall()))
        return out


# ---------------------------------------------------------------------------------------------
# object storage: a real S3-compatible server on loopback


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    """``moto.server`` (an S3 imitation that speaks the real HTTP API) in its own process on a free
    loopback port, for the whole session; its URL. Skips only when moto is not installed."""
    pytest.importorskip(
        "moto.server",
        reason="moto is not installed, so the S3 tests cannot start a server: pip install -e '.[dev]'",
    )
    with moto_server() as endpoint:
        yield endpoint


S3_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}


@dataclass
class Bucket:
    """A fresh bucket on the test server, and the client an uploader would use (boto3)."""

    name: str
    client: object
    endpoint: str

    def uri(self, prefix: str = "") -> str:
        return f"s3://{self.name}/{prefix}".rstrip("/")

    def put(self, key: str, data: bytes | str, **kwargs) -> None:
        body = data.encode() if isinstance(data, str) else data
        self.client.put_object(Bucket=self.name, Key=key, Body=body, **kwargs)

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.name, Key=key)

    def keys(self, prefix: str = "") -> list[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.name, Prefix=prefix)
        return sorted(obj["Key"] for page in pages for obj in page.get("Contents", []))

    def upload_folder(self, folder: Path, prefix: str) -> None:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                self.put(f"{prefix}/{path.relative_to(folder).as_posix()}", path.read_bytes())

    def mirror(self, prefix: str, dest: Path) -> Path:
        """Download every object under ``prefix`` into ``dest``, each with its ``LastModified`` as
        mtime: the local folder that holds exactly what the bucket holds."""
        dest.mkdir(parents=True, exist_ok=True)
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.name, Prefix=f"{prefix}/")
        for obj in (obj for page in pages for obj in page.get("Contents", [])):
            target = dest / obj["Key"][len(prefix) + 1 :]
            target.parent.mkdir(parents=True, exist_ok=True)
            body = self.client.get_object(Bucket=self.name, Key=obj["Key"])["Body"].read()
            target.write_bytes(body)
            seconds = int(obj["LastModified"].timestamp())
            os.utime(target, ns=(seconds * 10**9, seconds * 10**9))
        return dest


@pytest.fixture
def s3_bucket(moto_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> Bucket:
    """A new, empty bucket, with the standard AWS variables pointing this process (and every
    subprocess it starts) at the test server."""
    import boto3

    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_endpoint)
    for name, value in S3_ENV.items():
        monkeypatch.setenv(name, value)
    for name in ("AWS_PROFILE", "AWS_ENDPOINT_URL_S3", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    client = boto3.client("s3", endpoint_url=moto_endpoint, region_name="us-east-1")
    name = f"paperlake-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=name)
    return Bucket(name, client, moto_endpoint)


def query(settings: Settings, sql: str, params: list | None = None) -> list[tuple]:
    """Rows of ``sql`` on the published warehouse, opened read-only as an analyst would."""
    with open_read_only(settings) as con:
        return con.execute(sql, params or []).fetchall()
