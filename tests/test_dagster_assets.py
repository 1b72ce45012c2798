"""The Dagster layer against a real temporary instance: assets, checks, sensor, definitions."""

import os
import shutil

import duckdb
import pyarrow.parquet as pq
import pytest
from dagster import AssetKey, DagsterEventType, DagsterInstance, materialize

from assets.cli import main
from assets.definitions import defs
from assets.pipeline_assets import papers, parsed_pages
from assets.resources import PaperlakeResource
from assets.warehouse_assets import table_key, warehouse
from conftest import FIXTURES, query, sensor_ticks
from pipeline.ingest import refresh_source_files
from pipeline.papers import build_papers

WAREHOUSE_CHECKS = {
    "unique_source_files": "source_files",
    "source_files_accounted": "source_files",
    "unique_sighting_keys": "sightings",
    "sightings_match_papers": "sightings",
    "listing_dates_in_capture_window": "sightings",
    "unique_paper_ids": "papers",
    "non_empty_titles": "papers",
    "paper_topics_in_taxonomy": "papers",
    "topic_scores_match": "paper_topic_scores",
    "links_match_papers": "paper_links",
    "aliases_match_papers": "paper_aliases",
    "rejects_accounted": "rejects",
}


@pytest.fixture
def instance():
    with DagsterInstance.ephemeral() as inst:
        yield inst


def resource(settings):
    return PaperlakeResource(raw_dir=str(settings.raw_dir), data_dir=str(settings.data_dir), workers=1)


def test_definitions_load_with_the_expected_graph():
    loaded = defs()
    job = loaded.resolve_job_def("refresh_job")
    keys = {key.to_user_string() for key in job.asset_layer.executable_asset_keys}
    tables = ["sightings", "papers", "source_files", "rejects", "paper_links", "paper_aliases"]
    tables += ["paper_topic_scores", "topics", "paper_listings", "topic_summary", "papers_with_code"]
    assert {"parsed_pages", "papers"} | {f"warehouse/{t}" for t in tables} <= keys
    assert "warehouse" not in keys  # no single asset standing for the whole file any more
    assert loaded.resolve_schedule_def("refresh_schedule").cron_schedule
    assert loaded.resolve_sensor_def("raw_pages_sensor")
    graph = loaded.resolve_asset_graph()
    assert {k.to_user_string() for k in graph.get(papers.key).parent_keys} == {"parsed_pages"}
    parents = {k.to_user_string() for k in graph.get(table_key("paper_listings")).parent_keys}
    assert parents == {"warehouse/sightings", "warehouse/papers"}


def test_the_schedule_cron_is_read_when_the_definitions_load(monkeypatch):
    monkeypatch.setenv("PAPERLAKE_REFRESH_CRON", "*/5 * * * *")
    assert defs().resolve_schedule_def("refresh_schedule").cron_schedule == "*/5 * * * *"


def test_materialize_reports_counts_checks_and_file_outcomes(settings, sample_raw, instance):
    result = materialize(
        [parsed_pages, papers, warehouse], instance=instance, resources={"paperlake": resource(settings)}
    )
    assert result.success
    parsed = result.asset_materializations_for_node("parsed_pages")[0].metadata
    assert parsed["dagster/row_count"].value == 503
    assert parsed["new_files"].value == 5 and parsed["contents_parsed"].value == 5
    assert "000_8e204f4297e1cc17.txt" in parsed["files_changed_this_run"].value
    wh = {m.asset_key: m.metadata for m in result.asset_materializations_for_node("warehouse")}
    assert wh[table_key("papers")]["dagster/row_count"].value == 451
    assert wh[table_key("sightings")]["dagster/row_count"].value == 503
    checks = {
        (e.asset_key.to_user_string(), e.check_name): e.passed for e in result.get_asset_check_evaluations()
    }
    parsed_checks = ["reject_rate", "files_mostly_rejected", "suspect_files", "batch_not_collapsed"]
    assert checks == {
        **{("parsed_pages", name): True for name in parsed_checks},
        **{(f"warehouse/{table}", name): True for name, table in WAREHOUSE_CHECKS.items()},
    }

    again = materialize(
        [parsed_pages, papers, warehouse], instance=instance, resources={"paperlake": resource(settings)}
    )
    assert again.asset_materializations_for_node("parsed_pages")[0].metadata["contents_parsed"].value == 0
    assert again.asset_materializations_for_node("warehouse")[0].metadata["rebuilt"].value is False
    assert len(again.get_asset_check_evaluations()) == len(checks)  # the unchanged build's results

    # A new page: the UI shows that papers and warehouse were patched, not rebuilt, and how much.
    shutil.copy(FIXTURES / "rich_2024-10-08.txt", sample_raw / "rich.txt")
    third = materialize(
        [parsed_pages, papers, warehouse], instance=instance, resources={"paperlake": resource(settings)}
    )
    paper_meta = third.asset_materializations_for_node("papers")[0].metadata
    assert paper_meta["build"].value == "incremental"
    assert paper_meta["scope_touched_page_contents"].value == 1
    assert third.asset_materializations_for_node("warehouse")[0].metadata["build"].value == "incremental"


def _broken_page(path) -> None:
    """A page whose layout the parser no longer understands: every paragraph becomes a reject."""
    long = "This paragraph is long prose that reads like an abstract and nothing else at all. " * 5
    path.write_text("\n\n".join([long] * 60) + "\n")


def test_one_broken_page_is_quarantined_and_the_rest_is_published(settings, sample_raw, instance):
    _broken_page(sample_raw / "broken_layout.txt")
    result = materialize(
        [parsed_pages, papers, warehouse], instance=instance, resources={"paperlake": resource(settings)}
    )
    assert result.success
    checks = {e.check_name: e for e in result.get_asset_check_evaluations()}
    assert checks["reject_rate"].passed and checks["batch_not_collapsed"].passed
    suspect = checks["suspect_files"]
    assert not suspect.passed and "broken_layout.txt" in suspect.description
    sql = "SELECT status, n_records FROM source_files WHERE source_file = 'broken_layout.txt'"
    assert query(settings, sql) == [("suspect", 0)]
    assert query(settings, "SELECT count(*) FROM sightings") == [(503,)]
    assert query(settings, "SELECT count(*) FROM rejects WHERE source_file = 'broken_layout.txt'") == [(60,)]


def test_a_page_that_turns_broken_keeps_its_previous_content_published(settings, sample_raw, instance):
    run = lambda: materialize(  # noqa: E731
        [parsed_pages, papers, warehouse], instance=instance, resources={"paperlake": resource(settings)}
    )
    assert run().success
    _broken_page(sample_raw / "000_8e204f4297e1cc17.txt")  # the exporter broke on a re-capture
    assert run().success
    (row,) = query(
        settings,
        "SELECT status, n_records, quarantined_sha256 <> sha256, error FROM source_files "
        "WHERE source_file = '000_8e204f4297e1cc17.txt'",
    )
    assert row[:2] == ("suspect", 74) and row[2] and "stays published" in row[3]
    assert query(settings, "SELECT count(*) FROM sightings") == [(503,)]


def test_the_batch_check_blocks_the_warehouse_when_most_new_pages_look_broken(settings, sample_raw, instance):
    for i in range(6):  # six broken pages beside five good ones in one run: the exporter changed
        _broken_page(sample_raw / f"broken_{i}.txt")
    result = materialize(
        [parsed_pages, papers, warehouse],
        instance=instance,
        resources={"paperlake": resource(settings)},
        raise_on_error=False,
    )
    assert not result.success
    (evaluation,) = [e for e in result.get_asset_check_evaluations() if e.check_name == "batch_not_collapsed"]
    assert not evaluation.passed and "6 of the 11 files" in evaluation.description
    assert "rejects" in evaluation.description  # says what to look at
    assert not result.asset_materializations_for_node("warehouse")
    assert not settings.warehouse_path.exists()


def test_sensor_requests_a_run_only_when_the_folder_changes(settings, sample_raw, instance):
    first, cursor, quiet, changed = sensor_ticks(
        instance,
        resource(settings),
        lambda: shutil.copy(sample_raw / "000_8e204f4297e1cc17.txt", sample_raw / "new_page.txt"),
    )
    assert first.run_key and cursor
    assert quiet.skip_message
    assert changed.run_key and changed.run_key != first.run_key
    # each new folder version is on raw_pages' timeline, with the fingerprint as its data version
    records = instance.fetch_observations(AssetKey("raw_pages"), limit=10).records
    versions = [r.asset_observation.tags["dagster/data_version"] for r in records]
    assert len(versions) == 2 and versions[-1] == cursor and versions[0] != cursor


def test_every_table_asset_shows_the_published_tables_columns_and_row_count(settings, sample_raw, instance):
    result = materialize(
        [parsed_pages, papers, warehouse], instance=instance, resources={"paperlake": resource(settings)}
    )
    tables = {m.asset_key.path[-1]: m.metadata for m in result.asset_materializations_for_node("warehouse")}
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        published = con.sql(
            "SELECT table_name, list(column_name ORDER BY column_index), list(comment ORDER BY column_index) "
            "FROM duckdb_columns() WHERE schema_name = 'main' AND NOT internal GROUP BY table_name"
        ).fetchall()
        assert {name for name, _, _ in published} == set(tables)  # 14 tables and 6 views
        for name, columns, comments in published:
            meta = tables[name]
            assert meta["dagster/table_name"].value == f"warehouse.main.{name}"
            schema = meta["dagster/column_schema"].value
            assert [c.name for c in schema.columns] == columns
            assert [c.description for c in schema.columns] == [c or None for c in comments]
            (count,) = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()
            assert meta["dagster/row_count"].value == count, name
    papers_schema = {c.name: c for c in tables["papers"]["dagster/column_schema"].value.columns}
    assert papers_schema["paper_id"].constraints.unique and not papers_schema["paper_id"].constraints.nullable
    assert "Stable id" in papers_schema["paper_id"].description
    lineage = tables["sightings"]["dagster/column_lineage"].value.deps_by_column
    assert {d.asset_key for d in lineage["raw_title"]} == {parsed_pages.key}
    assert {d.asset_key for d in lineage["paper_id"]} == {papers.key}
    parquet = result.asset_materializations_for_node("papers")[0].metadata["dagster/column_schema"].value
    assert "paper_id" in [c.name for c in parquet.columns]


def _lose_a_paper(settings) -> str:
    """A bug in the papers step: one paper is missing from papers.parquet, its sightings are not."""
    table = pq.read_table(settings.papers_path)
    lost = table["paper_id"][0].as_py()
    damaged = settings.papers_path.with_name("damaged.parquet")
    pq.write_table(table.slice(1), damaged)  # the schema keeps its metadata: papers looks up to date
    os.replace(damaged, settings.papers_path)
    return lost


def test_a_failing_blocking_check_keeps_the_last_good_warehouse_published(settings, sample_raw, instance):
    run = lambda: materialize(  # noqa: E731
        [parsed_pages, papers, warehouse],
        instance=instance,
        resources={"paperlake": resource(settings)},
        raise_on_error=False,
    )
    assert run().success
    published = settings.warehouse_path.read_bytes()
    shutil.copy(FIXTURES / "rich_2024-10-08.txt", sample_raw / "rich.txt")
    refresh_source_files(settings, workers=1)
    build_papers(settings)
    _lose_a_paper(settings)

    result = run()
    assert not result.success  # the run is red
    failed = [e for e in result.get_asset_check_evaluations() if not e.passed]
    assert {(e.asset_key, e.check_name): e.description for e in failed}.keys() == {
        (table_key("sightings"), "sightings_match_papers"),  # its sightings point nowhere
        (table_key("paper_aliases"), "aliases_match_papers"),  # and so do its record keys
    }
    failed = [e for e in failed if e.check_name == "sightings_match_papers"]
    assert "sighting without paper" in failed[0].description
    assert not result.asset_materializations_for_node("warehouse")  # no table claims a new version
    (failure,) = [e for e in result.all_events if e.event_type == DagsterEventType.STEP_FAILURE]
    message = failure.step_failure_data.user_failure_data.description
    assert "not published" in message and "sightings_match_papers" in message
    assert settings.warehouse_path.read_bytes() == published  # analysts still read the last good build
    assert query(settings, "SELECT count(*) FROM sightings") == [(503,)]
    assert settings.warehouse_path.with_name("warehouse.duckdb.rejected").exists()


def test_refresh_exits_non_zero_and_names_the_failed_check(settings, sample_raw, monkeypatch, capsys):
    monkeypatch.setenv("DAGSTER_HOME", str(settings.data_dir / "dagster_home"))
    for name in ("PAPERLAKE_RAW_DIR", "PAPERLAKE_DATA_DIR", "PAPERLAKE_PARQUET_URI"):
        monkeypatch.delenv(name, raising=False)  # refresh() sets them for its run; restored after
    args = ["--raw-dir", str(settings.raw_dir), "--data-dir", str(settings.data_dir), "refresh", "--quiet"]
    assert main(args) == 0
    shutil.copy(FIXTURES / "rich_2024-10-08.txt", sample_raw / "rich.txt")
    refresh_source_files(settings, workers=1)
    build_papers(settings)
    _lose_a_paper(settings)

    assert main(args) == 1
    err = capsys.readouterr().err
    assert "check sightings_match_papers of warehouse/sightings failed" in err
    assert "the previous one stays" in err
    assert query(settings, "SELECT count(*) FROM sightings") == [(503,)]
