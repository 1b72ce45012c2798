"""The whole core without Dagster: sample counts, dates, incremental refreshes, order independence."""

import os
import shutil
from datetime import date

import duckdb
import pyarrow.parquet as pq

from conftest import FIXTURES, build_all
from pipeline.config import BUNDLED_RAW_DIR, Settings
from pipeline.content_store import SIGHTING_SCHEMA
from pipeline.ingest import refresh_source_files
from pipeline.manifest import read_manifest
from pipeline.papers import canonical_shas, most_listed, schema_file, shard_files
from pipeline.parse import parse_page
from pipeline.warehouse import open_read_only


def query(settings, sql):
    with open_read_only(settings) as con:
        return con.execute(sql).fetchall()


def test_sample_pages_build_the_contracted_warehouse(settings, sample_raw):
    ingest, papers, warehouse = build_all(settings)
    assert (ingest.records, papers.papers, ingest.rejects) == (503, 451, 0)
    assert papers.sightings == 503
    assert warehouse.counts == {"source_files": 5, "sightings": 503, "papers": 451, "rejects": 0}
    assert all(c.passed for c in warehouse.checks)
    assert query(settings, "SELECT DISTINCT status FROM source_files") == [("ok",)]
    layouts = dict(query(settings, "SELECT layout, count(*) FROM source_files GROUP BY 1"))
    assert layouts == {"spaced": 4, "compact": 1}
    # Every paper has a topic from the taxonomy and 1-3 topics, primary first.
    bad = query(
        settings,
        """SELECT paper_id FROM papers WHERE topic NOT IN (SELECT topic FROM topics)
                              OR len(topics) NOT BETWEEN 1 AND 3 OR topics[1] <> topic""",
    )
    assert bad == []


def test_listing_dates_follow_the_capture_date(settings, sample_raw):
    # Capture dates from mtime: 2026-01-02 makes "Mar 14" last year's, "May 9" too.
    stamp = 1767312000  # 2026-01-02T00:00:00Z
    for page in sample_raw.iterdir():
        os.utime(page, (stamp, stamp))
    build_all(settings)
    rows = dict(query(settings, "SELECT source_file, listing_date FROM source_files"))
    assert rows["000_8e204f4297e1cc17.txt"] == date(2025, 3, 14)
    assert rows["003_918e6ff5596678c3.txt"] == date(2025, 5, 9)
    assert rows["004_5eb5cd19f5667830.txt"] is None
    sources = dict(query(settings, "SELECT source_file, date_source FROM source_files"))
    assert sources["000_8e204f4297e1cc17.txt"] == "page_date+mtime"
    assert sources["004_5eb5cd19f5667830.txt"] == "none"
    # A date in the file name wins over mtime.
    shutil.copy(sample_raw / "000_8e204f4297e1cc17.txt", sample_raw / "2027-02-01_copy.txt")
    build_all(settings)
    row = query(
        settings,
        "SELECT listing_date, date_source, status FROM source_files "
        "WHERE source_file = '2027-02-01_copy.txt'",
    )
    assert row == [(date(2026, 3, 14), "page_date+file_name", "duplicate")]


def test_rich_export_dates_and_ids_reach_the_warehouse(settings, raw_dir):
    shutil.copy(FIXTURES / "rich_2024-10-08.txt", raw_dir / "rich.txt")
    build_all(settings)
    assert query(settings, "SELECT capture_source, listing_date FROM source_files") == [
        ("exported", date(2024, 10, 8))
    ]
    rows = query(
        settings, "SELECT arxiv_id, published_date, n_authors, max_upvotes FROM papers ORDER BY arxiv_id"
    )
    assert rows == [("2410.02746", date(2024, 10, 3), 12, 19), ("2410.05258", date(2024, 10, 7), 5, 153)]


def test_refresh_parses_only_what_changed(settings, sample_raw):
    first = refresh_source_files(settings, workers=1)
    assert (first.new, first.parsed) == (5, 5)
    again = refresh_source_files(settings, workers=1)
    assert (again.unchanged, again.hashed, again.parsed) == (5, 0, 0)

    os.rename(sample_raw / "001_555dd415fc7a4787.txt", sample_raw / "renamed.txt")
    renamed = refresh_source_files(settings, workers=1)
    assert (renamed.new, renamed.deleted, renamed.parsed, renamed.records) == (1, 1, 0, 503)

    page = sample_raw / "000_8e204f4297e1cc17.txt"
    lines = page.read_text().split("\n")
    page.write_text("\n".join(lines[:-4]) + "\n")  # drop the last record
    changed = refresh_source_files(settings, workers=1)
    assert (changed.changed, changed.parsed, changed.records) == (1, 1, 502)


def test_deleted_page_retracts_its_sightings_and_lonely_papers(settings, sample_raw):
    build_all(settings)
    only_in_004 = query(
        settings,
        """SELECT count(*) FROM papers WHERE n_source_files = 1
                                     AND first_source_file = '004_5eb5cd19f5667830.txt'""",
    )[0][0]
    deleted_sha = query(
        settings, "SELECT sha256 FROM source_files WHERE source_file = '004_5eb5cd19f5667830.txt'"
    )[0][0]
    (sample_raw / "004_5eb5cd19f5667830.txt").unlink()
    build_all(settings)
    assert not list(settings.parquet_dir.rglob(f"{deleted_sha}.*"))  # its shard and summary are gone
    assert query(settings, "SELECT count(*) FROM sightings")[0][0] == 503 - 223
    assert query(settings, "SELECT count(*) FROM papers")[0][0] == 451 - only_in_004
    assert query(settings, "SELECT count(*) FROM source_files")[0][0] == 4


def test_copied_page_is_recorded_but_counted_once(settings, sample_raw):
    shutil.copy(sample_raw / "002_8bf6d8fcc8b9dadb.txt", sample_raw / "zz_copy.txt")
    build_all(settings)
    assert query(
        settings, "SELECT status, duplicate_of FROM source_files WHERE source_file = 'zz_copy.txt'"
    ) == [("duplicate", "002_8bf6d8fcc8b9dadb.txt")]
    assert query(settings, "SELECT count(*) FROM sightings")[0][0] == 503


def test_page_by_page_build_equals_one_shot_build(tmp_path, sample_raw):
    one_shot = Settings.from_env(sample_raw, tmp_path / "one")
    build_all(one_shot)
    pages = sorted(sample_raw.iterdir(), reverse=True)
    incremental_raw = tmp_path / "inc_raw"
    incremental_raw.mkdir()
    incremental = Settings.from_env(incremental_raw, tmp_path / "inc")
    for page in pages:  # arrive in reverse order, one refresh each
        shutil.copy2(page, incremental_raw / page.name)
        build_all(incremental)
    columns = "paper_id, title, abstract, n_sightings, first_listed, last_listed, topic, topics"
    sql = f"SELECT {columns} FROM papers ORDER BY paper_id"
    assert query(one_shot, sql) == query(incremental, sql)
    sql = "SELECT source_file, position, paper_id FROM sightings ORDER BY ALL"
    assert query(one_shot, sql) == query(incremental, sql)


def test_parallel_parse_gives_the_same_shards_as_serial(tmp_path, sample_raw):
    for i in range(12):  # enough files to use the process pool
        shutil.copy(sample_raw / "003_918e6ff5596678c3.txt", sample_raw / f"extra_{i:02d}.txt")
        with open(sample_raw / f"extra_{i:02d}.txt", "a") as handle:
            handle.write(f"\n\nExtra Paper {i}\n\nA long enough abstract number {i}. " + "x" * 300 + "\n")
    serial = Settings.from_env(sample_raw, tmp_path / "serial")
    parallel = Settings.from_env(sample_raw, tmp_path / "parallel")
    refresh_source_files(serial, workers=1)
    refresh_source_files(parallel, workers=2)
    a = pq.read_table(serial.source_files_path).drop_columns(["mtime"]).to_pylist()
    b = pq.read_table(parallel.source_files_path).drop_columns(["mtime"]).to_pylist()
    assert a == b
    assert sum(r["n_records"] for r in a) == 503 + 12 * 71


def test_warehouse_is_read_only_for_analysts_and_replaced_atomically(settings, sample_raw):
    build_all(settings)
    analyst = duckdb.connect(str(settings.warehouse_path), read_only=True)
    before = analyst.execute("SELECT count(*) FROM sightings").fetchone()[0]
    (sample_raw / "004_5eb5cd19f5667830.txt").unlink()
    build_all(settings)  # must not be blocked by the open reader
    assert analyst.execute("SELECT count(*) FROM sightings").fetchone()[0] == before  # old snapshot
    analyst.close()
    assert query(settings, "SELECT count(*) FROM sightings")[0][0] == before - 223
    assert not list(settings.data_dir.glob("warehouse.duckdb.tmp-*"))


def test_a_yearless_card_date_without_an_arxiv_id_takes_its_year_from_the_capture_date(settings, raw_dir):
    """``Dec 30`` on a page captured 2026-01-03 (its file name says so) is 2025-12-30."""
    records = parse_page((BUNDLED_RAW_DIR / "000_8e204f4297e1cc17.txt").read_text()).records[:2]
    cards = "\n\n".join(f"### {r.title}\n\n{r.abstract}\n\nDec 30 · 3 authors" for r in records)
    (raw_dir / "2026-01-03_minimal.md").write_text(f"# Daily Papers\n\nJan 2\n\n{cards}\n")
    build_all(settings)
    sql = "SELECT DISTINCT listing_date, published_date, published_date_text FROM sightings"
    assert query(settings, sql) == [(date(2026, 1, 2), date(2025, 12, 30), "Dec 30")]


def test_shard_lists_start_with_a_real_shard_and_read_with_no_shards_at_all(settings, sample_raw):
    """DuckDB estimates a multi-file Parquet scan as its first file's rows times the file count, so
    an empty schema file first made every shard scan look empty to the join planner (which then
    built hash tables on millions of sightings). The schema file still ends every list, so a list
    of no shards reads as an empty table with the right columns."""
    build_all(settings)
    shas = canonical_shas(read_manifest(settings))
    files = shard_files(settings, "sightings", shas)
    assert files[-1] == str(schema_file(settings, "sightings"))
    assert pq.read_metadata(files[0]).num_rows > 0
    assert len(files) == len(shas) + 1
    no_shards = shard_files(settings, "sightings", [])
    with duckdb.connect() as con:
        empty = con.read_parquet(no_shards).to_arrow_table()
    assert empty.num_rows == 0 and empty.schema.names == SIGHTING_SCHEMA.names


def test_most_listed_papers_are_the_ten_with_most_sightings(settings, sample_raw):
    """The papers asset's preview in the UI: the papers seen most often, ties by id."""
    build_all(settings)
    top = most_listed(settings).to_pylist()
    counted = query(
        settings,
        """SELECT paper_id, count(*) AS n FROM sightings GROUP BY paper_id
           ORDER BY n DESC, paper_id LIMIT 10""",
    )
    assert [(p["paper_id"], p["n_sightings"]) for p in top] == counted
    assert counted[0][1] > 1  # the samples repeat papers across pages
    assert all(p["title"] for p in top)
