"""The Dagster layer against a real temporary instance: assets, checks, sensor, definitions."""

import shutil

import pytest
from dagster import DagsterInstance, materialize

from assets.definitions import defs
from assets.pipeline_assets import papers, parsed_pages, warehouse
from assets.resources import PaperlakeResource
from conftest import FIXTURES, query, sensor_ticks


@pytest.fixture
def instance():
    with DagsterInstance.ephemeral() as inst:
        yield inst


def resource(settings):
    return PaperlakeResource(raw_dir=str(settings.raw_dir), data_dir=str(settings.data_dir), workers=1)


def test_definitions_load_with_the_expected_graph():
    job = defs.resolve_job_def("refresh_job")
    keys = {key.to_user_string() for key in job.asset_layer.executable_asset_keys}
    assert keys == {"parsed_pages", "papers", "warehouse"}
    assert defs.resolve_schedule_def("refresh_schedule").cron_schedule
    assert defs.resolve_sensor_def("raw_pages_sensor")
    graph = defs.resolve_asset_graph()
    assert {k.to_user_string() for k in graph.get(papers.key).parent_keys} == {"parsed_pages"}


def test_materialize_reports_counts_checks_and_file_outcomes(settings, sample_raw, instance):
    result = materialize(
        [parsed_pages, papers, warehouse], instance=instance, resources={"paperlake": resource(settings)}
    )
    assert result.success
    parsed = result.asset_materializations_for_node("parsed_pages")[0].metadata
    assert parsed["dagster/row_count"].value == 503
    assert parsed["new_files"].value == 5 and parsed["contents_parsed"].value == 5
    assert "000_8e204f4297e1cc17.txt" in parsed["files_changed_this_run"].value
    wh = result.asset_materializations_for_node("warehouse")[0].metadata
    assert wh["rows_papers"].value == 451 and wh["rows_sightings"].value == 503
    checks = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}
    assert checks == {
        "reject_rate": True,
        "files_mostly_rejected": True,
        "suspect_files": True,
        "batch_not_collapsed": True,
        "unique_paper_ids": True,
        "non_empty_titles": True,
        "sightings_match_papers": True,
        "source_files_accounted": True,
    }

    again = materialize(
        [parsed_pages, papers, warehouse], instance=instance, resources={"paperlake": resource(settings)}
    )
    assert again.asset_materializations_for_node("parsed_pages")[0].metadata["contents_parsed"].value == 0
    assert again.asset_materializations_for_node("warehouse")[0].metadata["rebuilt"].value is False

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


def test_the_batch_check_blocks_the_warehouse_when_most_new_pages_look_broken(
    settings, sample_raw, instance
):
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
