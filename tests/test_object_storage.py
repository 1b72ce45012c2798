"""Object storage against a real S3-compatible server (``moto.server``), with no mocks.

Raw pages: ``PAPERLAKE_RAW_DIR=s3://bucket/prefix`` must give the warehouse a local folder gives
when it holds the same pages with the same modification times (``Bucket.mirror`` downloads the
bucket into such a folder, each file dated with its object's ``LastModified``). That must hold in
the core functions, in worker processes, through the ``paperlake`` CLI and in the sensor. The
hostile cases keep their behaviour (unreadable objects quarantined with the server's reason, objects
replaced or deleted between listing and reading).

The Parquet dataset: ``PAPERLAKE_PARQUET_URI=s3://bucket/lake`` puts shards, manifest, papers and
paper keys there. The warehouse is the same, incremental refreshes and garbage collection work, and
a refresh killed at any publication point leaves the published objects as they were.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import duckdb
import pytest
from dagster import DagsterInstance

import pipeline.ingest
import pipeline.raw_scan
from assets.resources import PaperlakeResource
from conftest import (
    ABSTRACT,
    FIXTURES,
    Bucket,
    build_all,
    copy_sample_pages,
    sensor_ticks,
    spaced,
    warehouse_contents,
)
from pipeline.config import BUNDLED_RAW_DIR, PROJECT_ROOT, Settings
from pipeline.ingest import refresh_source_files
from pipeline.io import STAGING_PREFIX
from pipeline.storage import read_parquet_table
from pipeline.warehouse import open_read_only

PREFIX = "pages"
SAMPLE = BUNDLED_RAW_DIR / "003_918e6ff5596678c3.txt"
SAMPLE_RECORDS = 70


def upload_sample(bucket: Bucket) -> None:
    """The five bundled pages, one of them in a nested "folder" (listing is recursive)."""
    for page in sorted(BUNDLED_RAW_DIR.glob("*.txt")):
        key = f"2024/10/{page.name}" if page.name.startswith("004") else page.name
        bucket.put(f"{PREFIX}/{key}", page.read_bytes())


def local_build(bucket: Bucket, tmp_path: Path, name: str) -> dict[str, list[str]]:
    """The warehouse built from a local folder holding what the bucket holds now."""
    settings = Settings.from_env(bucket.mirror(PREFIX, tmp_path / f"{name}-raw"), tmp_path / name)
    build_all(settings)
    return warehouse_contents(settings.warehouse_path)


def manifest(settings: Settings) -> dict[str, dict]:
    return {r["source_file"]: r for r in read_parquet_table(settings.source_files_path).to_pylist()}


def titles_of(settings: Settings, source_file: str) -> list[str]:
    with open_read_only(settings) as con:
        rows = con.execute(
            "SELECT title FROM sightings WHERE source_file = ? ORDER BY position", [source_file]
        ).fetchall()
    return [r[0] for r in rows]


def good_page(*titles: str) -> str:
    return spaced(*[part for title in titles for part in (title, ABSTRACT)])


# ---------------------------------------------------------------------------------------------
# the same warehouse as from a local folder


def test_warehouse_from_s3_equals_the_one_from_a_local_folder_of_the_same_pages(s3_bucket, tmp_path):
    upload_sample(s3_bucket)
    settings = Settings.from_env(s3_bucket.uri(PREFIX) + "/", tmp_path / "s3")  # trailing slash is fine
    ingest, papers, warehouse = build_all(settings)
    assert ingest.by_status == {"ok": 5} and ingest.records == 503
    assert papers.papers == 451 and warehouse.mode == "full"
    assert sorted(manifest(settings)) == [
        "000_8e204f4297e1cc17.txt",
        "001_555dd415fc7a4787.txt",
        "002_8bf6d8fcc8b9dadb.txt",
        "003_918e6ff5596678c3.txt",
        "2024/10/004_5eb5cd19f5667830.txt",
    ]
    assert warehouse_contents(settings.warehouse_path) == local_build(s3_bucket, tmp_path, "local")


def test_refresh_from_s3_picks_up_added_changed_and_deleted_objects(s3_bucket, tmp_path):
    upload_sample(s3_bucket)
    settings = Settings.from_env(s3_bucket.uri(PREFIX), tmp_path / "s3")
    build_all(settings)

    quiet = refresh_source_files(settings, workers=1)
    assert (quiet.hashed, quiet.changed_anything) == (0, False)  # listed, not one object read

    s3_bucket.put(f"{PREFIX}/rich.txt", (FIXTURES / "rich_2024-10-08.txt").read_bytes())
    edited = SAMPLE.read_text(encoding="utf-8").split("\n")[:-4]
    s3_bucket.put(f"{PREFIX}/003_918e6ff5596678c3.txt", "\n".join(edited) + "\n")
    s3_bucket.delete(f"{PREFIX}/001_555dd415fc7a4787.txt")
    ingest, _, warehouse = build_all(settings)
    assert (ingest.new, ingest.changed, ingest.deleted, ingest.hashed) == (1, 1, 1, 2)
    assert ingest.deleted_files == ["001_555dd415fc7a4787.txt"]
    assert warehouse.mode == "incremental"
    assert warehouse_contents(settings.warehouse_path) == local_build(s3_bucket, tmp_path, "after")


def test_worker_processes_read_objects_like_the_serial_path_reads_files(s3_bucket, tmp_path):
    """Enough bytes (>= 8 files, >= 8 MB) for ingest to use its process pool."""
    long_abstract = " ".join([ABSTRACT] * 8)
    for i in range(10):
        blocks = [part for j in range(450) for part in (f"Pool Paper {i}-{j}", long_abstract)]
        s3_bucket.put(f"{PREFIX}/pool_{i:02d}.txt", spaced(*blocks))
    remote = Settings.from_env(s3_bucket.uri(PREFIX), tmp_path / "s3")
    local = Settings.from_env(s3_bucket.mirror(PREFIX, tmp_path / "mirror"), tmp_path / "local")
    assert sum(p.stat().st_size for p in local.raw_dir.iterdir()) >= 8 * 2**20  # the pool's threshold
    pooled = refresh_source_files(remote, workers=2)
    serial = refresh_source_files(local, workers=1)
    assert pooled.records == serial.records == 10 * 450
    assert manifest(remote) == manifest(local)


# ---------------------------------------------------------------------------------------------
# the CLI and the sensor


def run_cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "assets.cli", *args],
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def cli_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DAGSTER_HOME", "PAPERLAKE_RAW_DIR")}
    return env | {"PAPERLAKE_DATA_DIR": str(data_dir), **extra}


def test_paperlake_refresh_reads_pages_from_s3_by_env_var_and_by_flag(s3_bucket, tmp_path):
    upload_sample(s3_bucket)
    data_dir = tmp_path / "data"
    done = run_cli(["refresh"], cli_env(data_dir, PAPERLAKE_RAW_DIR=s3_bucket.uri(PREFIX)))
    assert done.returncode == 0, done.stderr
    assert "files read:       5 (5 ok)" in done.stdout and "distinct papers:  451" in done.stdout
    published = Settings.from_env(s3_bucket.uri(PREFIX), data_dir).warehouse_path
    assert warehouse_contents(published) == local_build(s3_bucket, tmp_path, "local")

    s3_bucket.put(f"{PREFIX}/rich.txt", (FIXTURES / "rich_2024-10-08.txt").read_bytes())
    again = run_cli(["--raw-dir", s3_bucket.uri(PREFIX), "refresh"], cli_env(data_dir))
    assert again.returncode == 0, again.stderr
    assert "files read:       6 (6 ok)" in again.stdout
    assert warehouse_contents(published) == local_build(s3_bucket, tmp_path, "after")


@pytest.mark.parametrize("where", ["empty prefix", "missing bucket"])
def test_cli_refuses_an_s3_raw_dir_with_nothing_to_list_in_one_sentence(s3_bucket, tmp_path, where):
    """An empty listing would retract every page from the warehouse: a mistyped prefix must stop."""
    uri = (
        s3_bucket.uri("no/such/prefix") if where == "empty prefix" else "s3://paperlake-no-such-bucket/pages"
    )
    done = run_cli(["--raw-dir", uri, "refresh"], cli_env(tmp_path / "data"))
    assert done.returncode == 2
    message = done.stderr.strip()
    assert message.count("\n") == 0 and "Traceback" not in message
    assert f"raw dir {uri} does not exist or holds no objects" in message
    assert "AWS_ENDPOINT_URL" in message


def test_sensor_requests_a_run_only_when_objects_change(s3_bucket, tmp_path):
    upload_sample(s3_bucket)
    res = PaperlakeResource(raw_dir=s3_bucket.uri(PREFIX), data_dir=str(tmp_path / "data"), workers=1)
    with DagsterInstance.ephemeral() as instance:
        first, cursor, quiet, changed = sensor_ticks(
            instance, res, lambda: s3_bucket.put(f"{PREFIX}/new_page.txt", good_page("Sensor Paper"))
        )
    assert first.run_key and cursor
    assert quiet.skip_message
    assert changed.run_key and changed.run_key != first.run_key


# ---------------------------------------------------------------------------------------------
# hostile objects


def test_hostile_objects_are_quarantined_or_ignored_with_a_reason(s3_bucket, tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline.raw_scan, "MAX_PAGE_BYTES", 150_000)
    put = s3_bucket.put
    put(f"{PREFIX}/good.txt", SAMPLE.read_bytes())
    put(f"{PREFIX}/archived.txt", good_page("Archived Paper"), StorageClass="GLACIER")  # GET is refused
    put(f"{PREFIX}/.hidden.txt", good_page("Hidden Paper"))
    put(f"{PREFIX}/.cache/page.txt", good_page("Cached Paper"))
    put(f"{PREFIX}/.cache/more/page.txt", good_page("Cached Paper"))
    put(f"{PREFIX}/page.txt.swp", good_page("Swap Paper"))
    put(f"{PREFIX}/empty.txt", b"")
    put(f"{PREFIX}/big.txt", good_page(*[f"Big Paper {i}" for i in range(800)]))
    put(f"{PREFIX}/café 論文 ✓.txt", good_page("Named Paper"))
    put(f"{PREFIX}/2024/10/deep page.txt", good_page("Deep Paper"))
    put(f"{PREFIX}/folder/", b"")  # a "folder" marker object, as consoles create them
    put(f"{PREFIX}-other/outside.txt", good_page("Outside Paper"))  # same leading characters, not inside
    settings = Settings.from_env(s3_bucket.uri(PREFIX), tmp_path / "s3")
    build_all(settings, workers=1)
    rows = manifest(settings)
    outcome = {name: (row["status"], row["error"]) for name, row in rows.items()}
    assert outcome == {
        "good.txt": ("ok", None),
        "archived.txt": (
            "unreadable",
            "cannot read object: The operation is not valid for the object's storage class",
        ),
        ".hidden.txt": ("ignored", "hidden file"),
        ".cache": ("ignored", "hidden folder; its files are not read"),
        "page.txt.swp": ("ignored", "editor swap or partial download file"),
        "empty.txt": ("empty", outcome["empty.txt"][1]),
        "big.txt": ("too_large", outcome["big.txt"][1]),
        "café 論文 ✓.txt": ("ok", None),
        "2024/10/deep page.txt": ("ok", None),
    }
    assert "over the 150,000-byte page limit" in outcome["big.txt"][1]
    assert rows["good.txt"]["n_records"] == SAMPLE_RECORDS
    assert titles_of(settings, "café 論文 ✓.txt") == ["Named Paper"]
    assert titles_of(settings, "2024/10/deep page.txt") == ["Deep Paper"]

    s3_bucket.client.restore_object(  # restored from the archive: the next refresh reads it
        Bucket=s3_bucket.name, Key=f"{PREFIX}/archived.txt", RestoreRequest={"Days": 1}
    )
    ingest, _, _ = build_all(settings, workers=1)
    assert ingest.hashed == 1
    assert titles_of(settings, "archived.txt") == ["Archived Paper"]


def test_object_deleted_between_listing_and_reading(s3_bucket, tmp_path, monkeypatch):
    s3_bucket.put(f"{PREFIX}/good.txt", SAMPLE.read_bytes())
    s3_bucket.put(f"{PREFIX}/doomed.txt", good_page("Doomed Paper"))
    scan = pipeline.ingest.scan_raw_dir

    def scan_then_delete(path):
        entries = scan(path)
        s3_bucket.delete(f"{PREFIX}/doomed.txt")
        return entries

    monkeypatch.setattr(pipeline.ingest, "scan_raw_dir", scan_then_delete)
    settings = Settings.from_env(s3_bucket.uri(PREFIX), tmp_path / "s3")
    refresh_source_files(settings, workers=1)
    row = manifest(settings)["doomed.txt"]
    assert (row["status"], row["error"]) == ("unreadable", "cannot read object: No such file or directory")
    monkeypatch.undo()
    refresh_source_files(settings, workers=1)
    assert set(manifest(settings)) == {"good.txt"}


def test_object_replaced_between_listing_and_reading_is_read_as_the_new_version(
    s3_bucket, tmp_path, monkeypatch
):
    """A PUT replaces an object whole, and a GET returns one version: the refresh records the version
    it read (its size and LastModified), so the next refresh neither misses nor re-reads it."""
    s3_bucket.put(f"{PREFIX}/good.txt", SAMPLE.read_bytes())
    s3_bucket.put(f"{PREFIX}/live.txt", good_page("First Paper"))
    scan = pipeline.ingest.scan_raw_dir

    def scan_then_replace(path):
        entries = scan(path)
        s3_bucket.put(f"{PREFIX}/live.txt", good_page("First Paper", "Second Paper"))
        return entries

    monkeypatch.setattr(pipeline.ingest, "scan_raw_dir", scan_then_replace)
    settings = Settings.from_env(s3_bucket.uri(PREFIX), tmp_path / "s3")
    build_all(settings, workers=1)
    assert titles_of(settings, "live.txt") == ["First Paper", "Second Paper"]
    assert manifest(settings)["live.txt"]["size_bytes"] == len(good_page("First Paper", "Second Paper"))
    monkeypatch.undo()
    assert refresh_source_files(settings, workers=1).hashed == 0


def test_writer_replacing_an_object_while_refreshes_run_never_loses_records(s3_bucket, tmp_path):
    """A real concurrent uploader: whatever a refresh caught, the next quiet refresh has everything."""
    s3_bucket.put(f"{PREFIX}/good.txt", SAMPLE.read_bytes())
    titles = [f"Live Paper {i}" for i in range(30)]

    def writer():
        for n in range(1, len(titles) + 1):  # each version one paper longer: every size differs
            s3_bucket.put(f"{PREFIX}/live.txt", good_page(*titles[:n]))

    settings = Settings.from_env(s3_bucket.uri(PREFIX), tmp_path / "s3")
    thread = threading.Thread(target=writer)
    thread.start()
    while thread.is_alive():
        refresh_source_files(settings, workers=1)  # must never raise, whatever it catches
    thread.join()
    build_all(settings, workers=1)
    assert manifest(settings)["live.txt"]["status"] == "ok"
    assert titles_of(settings, "live.txt") == titles


# ---------------------------------------------------------------------------------------------
# the Parquet dataset on object storage (PAPERLAKE_PARQUET_URI)

LAKE = "lake"
# What stays in the data dir: the lock, DuckDB's spill folder, the warehouse and the standby copy
# a full build leaves for the next small refresh to patch.
LOCAL_STATE = [".paperlake.lock", "duckdb_tmp", "warehouse.duckdb", "warehouse.duckdb.standby"]


def lake_keys(bucket: Bucket, prefix: str = LAKE) -> set[str]:
    return {key[len(prefix) + 1 :] for key in bucket.keys(f"{prefix}/")}


def content_keys(settings: Settings) -> set[str]:
    """The shard and summary objects of every content the manifest names."""
    shas = {row["sha256"] for row in manifest(settings).values() if row["sha256"]}
    return {f"sightings/{sha}.parquet" for sha in shas} | {f"pages/{sha}.json" for sha in shas}


def test_parquet_dataset_on_s3_gives_the_same_warehouse_and_only_local_state_stays_local(s3_bucket, tmp_path):
    upload_sample(s3_bucket)
    settings = Settings.from_env(s3_bucket.uri(PREFIX), tmp_path / "data", s3_bucket.uri(LAKE))
    _, papers, warehouse = build_all(settings)
    assert (papers.papers, warehouse.mode) == (451, "full")
    assert warehouse_contents(settings.warehouse_path) == local_build(s3_bucket, tmp_path, "local")

    keys = lake_keys(s3_bucket)
    assert {"source_files.parquet", "papers.parquet", "paper_keys.parquet"} <= keys
    assert content_keys(settings) <= keys and len(content_keys(settings)) == 10
    assert sorted(p.name for p in settings.data_dir.iterdir()) == LOCAL_STATE

    ingest, papers, warehouse = build_all(settings)  # nothing changed: nothing read or rebuilt
    assert (ingest.hashed, papers.rebuilt, warehouse.rebuilt) == (0, False, False)


def test_incremental_refresh_and_garbage_collection_with_the_dataset_on_s3(s3_bucket, tmp_path):
    upload_sample(s3_bucket)
    settings = Settings.from_env(s3_bucket.uri(PREFIX), tmp_path / "data", s3_bucket.uri(LAKE))
    build_all(settings)
    deleted_sha = manifest(settings)["001_555dd415fc7a4787.txt"]["sha256"]

    s3_bucket.put(f"{PREFIX}/rich.txt", (FIXTURES / "rich_2024-10-08.txt").read_bytes())
    edited = SAMPLE.read_text(encoding="utf-8").split("\n")[:-4]
    s3_bucket.put(f"{PREFIX}/003_918e6ff5596678c3.txt", "\n".join(edited) + "\n")
    s3_bucket.delete(f"{PREFIX}/001_555dd415fc7a4787.txt")
    ingest, _, warehouse = build_all(settings)
    assert (ingest.new, ingest.changed, ingest.deleted) == (1, 1, 1)
    assert warehouse.mode == "incremental"
    assert warehouse_contents(settings.warehouse_path) == local_build(s3_bucket, tmp_path, "after")

    keys = lake_keys(s3_bucket)
    assert content_keys(settings) <= keys
    assert not {k for k in keys if deleted_sha in k}  # the deleted page's shard and summary are gone
    stale = {k for k in keys if k.startswith(("sightings/", "rejects/", "pages/"))} - content_keys(settings)
    assert stale == set()


def test_paperlake_refresh_and_sql_with_the_dataset_on_s3(s3_bucket, tmp_path):
    data_dir = tmp_path / "data"
    env = cli_env(data_dir, PAPERLAKE_RAW_DIR=str(BUNDLED_RAW_DIR))
    done = run_cli(["--parquet-uri", s3_bucket.uri(LAKE), "refresh"], env)
    assert done.returncode == 0, done.stderr
    assert "distinct papers:  451" in done.stdout
    assert f"parquet:          {s3_bucket.uri(LAKE)}" in done.stdout
    assert "papers.parquet" in lake_keys(s3_bucket)
    # The CLI also keeps its whole-run lock there (one CLI refresh per data dir at a time), and
    # the log of its refreshes (for the Dagster UI).
    expected = [*LOCAL_STATE, ".paperlake-refresh.lock", "refresh_log.jsonl"]
    assert sorted(p.name for p in data_dir.iterdir()) == sorted(expected)

    query = run_cli(["sql", "SELECT count(*) AS n FROM papers"], env)  # analysts read the local file
    assert query.returncode == 0 and "451" in query.stdout
    again = run_cli(["refresh"], env | {"PAPERLAKE_PARQUET_URI": s3_bucket.uri(LAKE)})  # by env var
    assert again.returncode == 0, again.stderr
    assert "distinct papers:  451" in again.stdout


def test_cli_refuses_a_parquet_uri_it_cannot_write_in_one_sentence(s3_bucket, tmp_path):
    uri = "s3://paperlake-no-such-bucket/lake"
    env = cli_env(tmp_path / "data", PAPERLAKE_RAW_DIR=str(BUNDLED_RAW_DIR), PAPERLAKE_PARQUET_URI=uri)
    done = run_cli(["refresh"], env)
    assert done.returncode == 2
    message = done.stderr.strip()
    assert message.count("\n") == 0 and "Traceback" not in message
    assert message.startswith(f"paperlake: Parquet location {uri} is not writable")


def staging_files_of_dead_writers() -> list[str]:
    files = Path(tempfile.gettempdir()).glob(f"{STAGING_PREFIX}*")
    return [
        p.name for p in files if not Path(f"/proc/{p.name[len(STAGING_PREFIX) :].split('-')[0]}").exists()
    ]


# A refresh in a subprocess that kills itself (SIGKILL) at one publication point of the dataset on S3.
# argv: raw_dir data_dir parquet_uri point
CRASH_DRIVER = """
import os, signal, sys
import pipeline.io as io, pipeline.ingest as ingest, pipeline.papers as papers
import pipeline.warehouse as warehouse
from pipeline.config import Settings

raw, data, lake, point = sys.argv[1:5]
settings = Settings.from_env(raw, data, lake)

def die():
    os.kill(os.getpid(), signal.SIGKILL)

if point.startswith("upload:"):  # the file is complete in the local staging area, never PUT
    name, real_upload = point.split(":", 1)[1], io.upload
    def upload_or_die(local, target):
        if target.name == name:
            die()
        real_upload(local, target)
    io.upload = upload_or_die
elif point == "papers_stream":  # half of papers.parquet streamed into the staging file
    def stream_then_die(batches, path, metadata=None):
        import pyarrow.parquet as pq
        with io.atomic_target(path) as tmp:
            writer = pq.ParquetWriter(tmp, batches.schema)
            writer.write_batch(next(iter(batches)))
            die()
    papers.write_batches_atomic = stream_then_die

ingest.refresh_source_files(settings, workers=1)
papers.build_papers(settings)
warehouse.build_warehouse(settings)
print("no kill point reached", file=sys.stderr)
sys.exit(3)
"""

# (kill point, the object being published there). Objects published earlier in the same refresh may
# be new already (e.g. paper_keys.parquet before papers.parquet): the input fingerprints in their
# metadata make the next refresh rebuild what is inconsistent, as with local files.
CRASH_POINTS = [
    ("upload:source_files.parquet", "source_files.parquet"),
    ("papers_stream", "papers.parquet"),
    ("upload:papers.parquet", "papers.parquet"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("point", "publishing"), CRASH_POINTS, ids=[p for p, _ in CRASH_POINTS])
def test_kill_9_while_publishing_to_s3_leaves_the_published_objects_then_refresh_repairs(
    s3_bucket, tmp_path, point, publishing, monkeypatch
):
    # A temporary folder of this test's own: another refresh on the machine (any process cleans the
    # staging files of dead writers in $TMPDIR) must not remove the killed writer's file under it.
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(private_tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(private_tmp))
    raw = copy_sample_pages(tmp_path / "raw")
    settings = Settings.from_env(raw, tmp_path / "data", s3_bucket.uri(LAKE))
    build_all(settings)
    objects = {
        key: s3_bucket.client.get_object(Bucket=s3_bucket.name, Key=key)["Body"].read()
        for key in s3_bucket.keys(f"{LAKE}/")
    }
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        published = con.execute("SELECT count(*) FROM papers").fetchone()

    (raw / "rich.txt").write_bytes((FIXTURES / "rich_2024-10-08.txt").read_bytes())
    (raw / "001_555dd415fc7a4787.txt").unlink()
    done = subprocess.run(
        [sys.executable, "-c", CRASH_DRIVER, str(raw), str(settings.data_dir), s3_bucket.uri(LAKE), point],
        cwd=PROJECT_ROOT,
        env=dict(os.environ, PYTHONPATH=str(PROJECT_ROOT)),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr[-3000:]

    # The object being published, the warehouse's state and inputs: byte for byte what they were.
    kept = [f"{LAKE}/{publishing}", f"{LAKE}/_warehouse_state.json"]
    kept += [key for key in objects if key.startswith(f"{LAKE}/_warehouse_inputs/")]
    after = {key: s3_bucket.client.get_object(Bucket=s3_bucket.name, Key=key)["Body"].read() for key in kept}
    assert after == {key: objects[key] for key in kept}
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM papers").fetchone() == published

    assert staging_files_of_dead_writers()  # the killed writer's complete or half file, never uploaded
    build_all(settings)  # a normal refresh repairs everything
    assert staging_files_of_dead_writers() == []  # the killed writer's local staging file is gone
    clean = Settings.from_env(raw, tmp_path / "clean")
    build_all(clean)
    assert warehouse_contents(settings.warehouse_path) == warehouse_contents(clean.warehouse_path)
    ingest, papers, warehouse = build_all(settings)
    assert (ingest.hashed, papers.rebuilt, warehouse.rebuilt) == (0, False, False)


def test_a_shard_deleted_from_the_lake_is_parsed_again(s3_bucket, tmp_path, caplog):
    """Issue 19, item 3, with the dataset on S3: one listing finds the missing shard."""
    upload_sample(s3_bucket)
    settings = Settings.from_env(s3_bucket.uri(PREFIX), tmp_path / "data", s3_bucket.uri(LAKE))
    build_all(settings)
    shard = sorted(k for k in lake_keys(s3_bucket) if k.startswith("sightings/"))[0]
    s3_bucket.delete(f"{LAKE}/{shard}")
    ingest, _, _ = build_all(settings)
    assert ingest.parsed == 1 and shard in lake_keys(s3_bucket)
    assert any(shard in r.getMessage() and "again" in r.getMessage() for r in caplog.records)
    from pipeline.warehouse import build_warehouse

    build_warehouse(settings, force=True)  # a full build reads every shard: none is missing
    assert warehouse_contents(settings.warehouse_path) == local_build(s3_bucket, tmp_path, "local")
