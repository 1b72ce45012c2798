"""`paperlake sql` is a read-only analyst tool (issue 19, item 4): no statement writes anything or
reads local files unless asked, every statement's result is shown, results stream, and a closed
pipe (`| head`) ends quietly. Each test runs the real CLI against a real warehouse file."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import build_all
from pipeline.config import BUNDLED_RAW_DIR, Settings

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Settings:
    """One warehouse built from the sample pages, shared by the tests (none may change it)."""
    base = tmp_path_factory.mktemp("sql")
    raw = base / "raw"
    raw.mkdir()
    for page in sorted(BUNDLED_RAW_DIR.glob("*.txt")):
        (raw / page.name).write_bytes(page.read_bytes())
    settings = Settings.from_env(raw, base / "data")
    build_all(settings)
    return settings


def _env(settings: Settings) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("DAGSTER_HOME", None)
    env.update(PAPERLAKE_RAW_DIR=str(settings.raw_dir), PAPERLAKE_DATA_DIR=str(settings.data_dir))
    return env


def sql(settings: Settings, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "assets.cli", "sql", *args],
        env=_env(settings),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _digests(settings: Settings) -> dict[str, str]:
    """Every file of the data dir by content: nothing a query does may change one."""
    return {
        str(p.relative_to(settings.data_dir)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(settings.data_dir.rglob("*"))
        if p.is_file() and ".paperlake.lock" not in p.name
    }


def _one_sentence(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 2, (done.returncode, done.stdout[-500:], done.stderr[-2000:])
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("paperlake: "), done.stderr
    return lines[0]


@pytest.mark.parametrize(
    "statement",
    [
        "COPY (SELECT 1) TO '{data}/warehouse.duckdb' (FORMAT csv)",
        "COPY papers TO '{data}/parquet/source_files.parquet' (FORMAT parquet)",
        "EXPORT DATABASE '{data}/exported'",
        "ATTACH '{data}/other.duckdb' AS other",
        "INSTALL httpfs",
        "LOAD httpfs",
        "CREATE TEMP TABLE t AS SELECT 1",
        "SELECT 1; COPY (SELECT 1) TO '{data}/out.csv'",
    ],
)
def test_statements_that_write_are_refused_and_nothing_changes(built, statement):
    before = _digests(built)
    message = _one_sentence(sql(built, statement.format(data=built.data_dir)))
    assert "only reads" in message and "refused" in message
    assert _digests(built) == before
    assert not (built.data_dir / "exported").exists() and not (built.data_dir / "other.duckdb").exists()
    assert sql(built, "SELECT count(*) AS n FROM papers").stdout.count("451") == 1


def test_local_files_are_read_only_with_allow_files_and_never_written(built, tmp_path):
    secret = tmp_path / "secret.csv"
    secret.write_text("who,what\nme,password\n", encoding="utf-8")
    query = f"SELECT what FROM read_csv('{secret}')"
    message = _one_sentence(sql(built, query))
    assert "--allow-files" in message and "password" not in message

    allowed = sql(built, "--allow-files", query, "--format", "csv")
    assert allowed.returncode == 0, allowed.stderr
    assert allowed.stdout.splitlines() == ["what", "password"]
    # --allow-files opens files for reading only: writing is still refused.
    _one_sentence(sql(built, "--allow-files", f"COPY (SELECT 1) TO '{tmp_path}/x.csv'"))
    assert not (tmp_path / "x.csv").exists()


def test_output_onto_paperlakes_own_files_is_refused(built):
    before = _digests(built)
    for target in (built.warehouse_path, built.parquet_dir / "source_files.parquet"):
        message = _one_sentence(sql(built, "SELECT 1 AS a", "--format", "csv", "--output", str(target)))
        assert str(target) in message and "choose another file" in message
    assert _digests(built) == before


def test_every_statements_result_is_shown(built):
    done = sql(built, "SELECT 'first' AS a; SELECT count(*) AS n_papers FROM papers")
    assert done.returncode == 0, done.stderr
    assert "first" in done.stdout and "n_papers" in done.stdout and "451" in done.stdout
    message = _one_sentence(sql(built, "SELECT 1; SELECT 2", "--format", "csv"))
    assert "one at a time" in message


def test_a_parquet_export_keeps_types_and_says_nothing_on_stderr(built, tmp_path):
    """`--format parquet --output F`: every row, SQL types kept, no temporary left, a quiet stderr."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = tmp_path / "papers.parquet"
    query = "SELECT paper_id, title, first_listed, n_sightings FROM papers ORDER BY paper_id"
    done = sql(built, query, "--format", "parquet", "--output", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    table = pq.read_table(out)
    assert table.num_rows == 451
    assert table.schema.field("first_listed").type == pa.date32()
    assert pa.types.is_integer(table.schema.field("n_sightings").type)
    assert table.column("paper_id").to_pylist() == sorted(table.column("paper_id").to_pylist())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["papers.parquet"]
    message = _one_sentence(sql(built, "SELECT 1 AS a", "--format", "parquet"))
    assert "--output" in message


def test_a_closed_pipe_ends_quietly(built):
    """`paperlake sql … | head -n 3`: the reader goes away after three lines."""
    command = [sys.executable, "-m", "assets.cli", "sql", "SELECT range AS n FROM range(500000)"]
    with subprocess.Popen(
        command, env=_env(built), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as proc:
        head = subprocess.run(["head", "-n", "3"], stdin=proc.stdout, capture_output=True, timeout=300)
        proc.stdout.close()
        err = proc.stderr.read().decode()
        proc.wait(timeout=300)
    assert len(head.stdout.splitlines()) == 3
    assert "Traceback" not in err and "BrokenPipe" not in err, err
    assert proc.returncode == 0


MEASURE = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
"""


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["csv", "table"])
def test_results_are_streamed_not_loaded_whole(built, fmt):
    """A 1 GB result (1M rows of 1,000 characters) passes through in a few hundred MB of memory."""
    query = "SELECT range AS n, repeat(chr(120 + (range % 3)::INT), 1000) AS text FROM range(1000000)"
    cli = [sys.executable, "-m", "assets.cli", "sql", query, "--format", fmt]
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *cli], env=_env(built), cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    peak_mb = int(done.stdout.strip())
    assert peak_mb < 500, f"peak RSS {peak_mb} MB"


@pytest.mark.parametrize("fmt", ["csv", "json", "table", "parquet"])
def test_a_failed_query_leaves_the_output_file_as_it_was(built, tmp_path, fmt):
    """The result is written beside the file and renamed over it once the query has run: a typo or
    a cast that fails at run time must not empty yesterday's export."""
    out = tmp_path / f"result.{fmt}"
    out.write_text("yesterday's result\n")
    for query in ("SELEC 1", "SELECT 'a'::INTEGER AS n"):
        message = _one_sentence(sql(built, query, "--format", fmt, "--output", str(out)))
        assert "query failed" in message
    assert out.read_text() == "yesterday's result\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]  # no temporary left


def test_output_that_is_a_folder_or_in_no_folder_is_one_sentence(built, tmp_path):
    for fmt in ("csv", "parquet"):
        message = _one_sentence(sql(built, "SELECT 1 AS a", "--format", fmt, "--output", str(tmp_path)))
        assert "is a folder" in message
        missing = tmp_path / "nowhere" / f"x.{fmt}"
        message = _one_sentence(sql(built, "SELECT 1 AS a", "--format", fmt, "--output", str(missing)))
        assert "does not exist" in message and not missing.parent.exists()


def test_a_refused_statement_is_quoted_as_written(built):
    message = _one_sentence(sql(built, "ATTACH '/tmp/Some/Path.db' AS other"))
    assert "`ATTACH '/tmp/Some/Path.db'" in message and "--output" not in message
    assert "--output FILE" in _one_sentence(sql(built, "COPY (SELECT 1) TO 'x.csv'"))


def test_sql_without_a_query_says_how_to_give_one(built):
    message = _one_sentence(sql(built))
    assert "give a query" in message and "not both" not in message
