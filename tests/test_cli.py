"""`paperlake` as a user runs it: a subprocess with environment variables, a real Dagster home."""

import csv as csv_module
import os
import subprocess
import sys

import pytest


def run_cli(args, env, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "assets.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        **kwargs,
    )


@pytest.fixture
def env(settings, tmp_path):
    environment = dict(os.environ)
    environment.pop("DAGSTER_HOME", None)
    environment.update(PAPERLAKE_RAW_DIR=str(settings.raw_dir), PAPERLAKE_DATA_DIR=str(settings.data_dir))
    return environment


def test_refresh_builds_and_summarises_and_sql_reads_it(settings, sample_raw, env):
    done = run_cli(["refresh"], env)
    assert done.returncode == 0, done.stderr
    assert "records:          503" in done.stdout and "distinct papers:  451" in done.stdout
    assert "this refresh:     5 new, 0 changed, 0 deleted file(s); 5 parsed" in done.stdout
    assert settings.warehouse_path.exists()
    again = run_cli(["refresh"], env)  # nothing to do: the summary says so
    assert "this refresh:     no file new, changed or deleted; nothing rebuilt" in again.stdout

    table = run_cli(["sql", "SELECT count(*) AS n FROM papers"], env)
    assert table.returncode == 0 and "451" in table.stdout
    out = settings.data_dir / "papers.csv"
    csv = run_cli(
        ["sql", "SELECT paper_id, title FROM papers ORDER BY 1", "--format", "csv", "--output", str(out)], env
    )
    assert csv.returncode == 0
    rows = list(csv_module.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 451 and set(rows[0]) == {"paper_id", "title"}


def test_a_query_result_is_never_written_over_the_warehouse_or_its_standby(settings, sample_raw, env):
    """``--output`` on the published warehouse or on the previous build kept beside it (the next
    refresh patches that one) is refused before the query runs; both files stay as they were."""
    assert run_cli(["refresh"], env).returncode == 0
    (sample_raw / "extra.txt").write_text((sample_raw / "000_8e204f4297e1cc17.txt").read_text()[:4000])
    assert run_cli(["refresh"], env).returncode == 0
    standby = settings.data_dir / "warehouse.duckdb.standby"
    for target in (settings.warehouse_path, standby):
        before = target.stat()
        done = run_cli(["sql", "SELECT 1 AS one", "--format", "csv", "--output", str(target)], env)
        assert done.returncode == 2
        assert f"would overwrite paperlake's own {target}" in done.stderr
        assert (target.stat().st_size, target.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)


def test_rejected_pages_do_not_fail_the_refresh(settings, sample_raw, env):
    (sample_raw / "junk.txt").write_bytes(b"\x1f\x8b\x08\x00garbage")
    (sample_raw / "cut.txt").write_text("A Title Without Its Abstract\n")
    done = run_cli(["refresh"], env)
    assert done.returncode == 0, done.stderr
    assert "5 ok" in done.stdout and "1 binary" in done.stdout and "rejects:          1" in done.stdout


def test_missing_raw_dir_fails_fast_with_one_sentence(settings, env, tmp_path):
    env["PAPERLAKE_RAW_DIR"] = str(tmp_path / "nope")
    done = run_cli(["refresh"], env)
    assert done.returncode == 2
    assert done.stderr.strip().startswith("paperlake: raw dir") and "does not exist" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_sql_before_any_build_says_what_to_do(env):
    done = run_cli(["sql", "SELECT 1"], env)
    assert done.returncode == 2 and "run `paperlake refresh` first" in done.stderr


def test_bad_query_is_one_clear_line(settings, sample_raw, env):
    assert run_cli(["refresh", "--quiet"], env).returncode == 0
    done = run_cli(["sql", "SELECT nope FROM papers"], env)
    assert done.returncode == 2 and "query failed" in done.stderr


def test_refresh_progress_reports_files_and_records_per_second(tmp_path, sample_raw):
    """--progress prints throttled 'files done / total, records/s' lines on stderr; off by default
    when stderr is not a terminal (CI), so logs stay quiet."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, PAPERLAKE_RAW_DIR=str(sample_raw), PAPERLAKE_DATA_DIR=str(tmp_path / "d"))
    env.pop("DAGSTER_HOME", None)
    env.pop("PAPERLAKE_PROGRESS", None)
    loud = subprocess.run(
        [sys.executable, "-m", "assets.cli", "refresh", "--progress"], env=env, capture_output=True, text=True
    )
    assert loud.returncode == 0, loud.stderr[-2000:]
    assert "parsing pages: 5/5 files (100%), 503 records" in loud.stderr
    assert "records/s" in loud.stderr and "warehouse: building" in loud.stderr

    (sample_raw / "000_8e204f4297e1cc17.txt").unlink()
    command = [sys.executable, "-m", "assets.cli", "refresh"]
    quiet = subprocess.run(command, env=env, capture_output=True, text=True)
    assert quiet.returncode == 0, quiet.stderr[-2000:]
    assert "parsing pages" not in quiet.stderr


def test_sql_formats_keep_types_readable_and_run_example_files(settings, sample_raw, env):
    import json
    from pathlib import Path

    assert run_cli(["refresh", "--quiet"], env).returncode == 0
    query = (
        "SELECT max(first_listed) AS newest, 'https://github.com/x/y' AS url, 'Padé ✓' AS text FROM papers"
    )
    table = run_cli(["sql", query], env)
    assert table.returncode == 0, table.stderr
    assert "00:00:00" not in table.stdout and "https://github.com/x/y" in table.stdout
    record = json.loads(run_cli(["sql", query, "--format", "json"], env).stdout)[0]
    assert record["url"] == "https://github.com/x/y" and record["text"] == "Padé ✓"
    assert len(record["newest"]) == 10  # an ISO date, not a timestamp
    raw_json = run_cli(["sql", query, "--format", "json"], env).stdout
    assert "\\/" not in raw_json

    example = Path(__file__).resolve().parent.parent / "sql" / "examples" / "most_relisted_papers.sql"
    from_file = run_cli(["sql", "--file", str(example), "--format", "csv"], env)
    assert from_file.returncode == 0 and len(from_file.stdout.splitlines()) > 1
    both = run_cli(["sql", "SELECT 1", "--file", str(example)], env)
    assert both.returncode == 2 and "either a query or --file" in both.stderr


def test_a_mistyped_memory_limit_or_a_data_dir_that_is_a_file_stop_before_anything_runs(
    settings, sample_raw, env, tmp_path
):
    """Both failed late before (the memory limit after every page was parsed, inside the papers
    stage, without naming the variable); now one sentence, exit 2, nothing written."""
    done = run_cli(["refresh"], {**env, "PAPERLAKE_DUCKDB_MEMORY": "lots"})
    assert done.returncode == 2 and "PAPERLAKE_DUCKDB_MEMORY='lots'" in done.stderr, done.stderr
    assert not settings.source_files_path.exists()
    a_file = tmp_path / "not-a-folder"
    a_file.write_text("")
    done = run_cli(["refresh"], {**env, "PAPERLAKE_DATA_DIR": str(a_file)})
    assert done.returncode == 2 and "is a file, not a folder" in done.stderr, done.stderr


def test_folder_options_may_follow_the_command(settings, sample_raw, env):
    """`paperlake sql --data-dir X "…"` reads X as `paperlake --data-dir X sql "…"` does (before:
    `unrecognized arguments`)."""
    assert run_cli(["refresh", "--quiet"], env).returncode == 0
    elsewhere = {k: v for k, v in env.items() if k != "PAPERLAKE_DATA_DIR"}  # the default would be var/
    done = run_cli(
        ["sql", "--data-dir", str(settings.data_dir), "SELECT count(*) AS n FROM papers"], elsewhere
    )
    assert done.returncode == 0 and "451" in done.stdout, done.stderr
    done = run_cli(["summary", "--data-dir", str(settings.data_dir)], elsewhere)
    assert "distinct papers:  451" in done.stdout, done.stderr
