"""`paperlake refresh` without a Dagster run, and how its refreshes still reach the Dagster UI.

The command runs the stages in its own process (no Dagster import, no run record) and appends one
JSON record per refresh to ``refresh_log.jsonl``; ``cli_refreshes_sensor`` reports each record
into the Dagster instance as materialisations and check results. The tests run the real command as
a subprocess, then evaluate the sensor against a real instance and store its events there the way
the daemon does, and read them back as the UI would.
"""

from __future__ import annotations

import json

import pytest
from dagster import AssetCheckKey, AssetKey, DagsterInstance, SkipReason

from conftest import query
from pipeline.refresh_log import append_record, last_record, read_records, rotated_path
from tests.support.sensor_ticks import report_cli_refreshes
from tests.test_cli import env, run_cli  # noqa: F401 - env is a fixture

pytestmark = pytest.mark.usefixtures("sample_raw")


def records(settings) -> list[dict]:
    return [json.loads(line) for line in settings.refresh_log_path.read_text(encoding="utf-8").splitlines()]


def warehouse_count(settings, table: str) -> int:
    return query(settings, f"SELECT count(*) FROM {table}")[0][0]


def report(instance: DagsterInstance, settings, cursor: str | None = None):
    return report_cli_refreshes(instance, settings.data_dir, cursor)


@pytest.fixture
def instance(tmp_path):
    """A real, persistent Dagster instance of its own (the one a deployment's daemon writes to)."""
    home = tmp_path / "dagster"
    home.mkdir()
    with DagsterInstance.local_temp(str(home)) as instance:
        yield instance


def latest(instance: DagsterInstance, *key: str):
    event = instance.get_latest_materialization_event(AssetKey(list(key)))
    return None if event is None else event.asset_materialization


def test_a_refresh_runs_without_dagster_and_logs_what_it_built(settings, env):  # noqa: F811
    done = run_cli(["refresh"], env)
    assert done.returncode == 0, done.stderr
    assert "distinct papers:  451" in done.stdout
    assert not settings.dagster_home.exists()  # no instance opened, no run recorded
    (record,) = records(settings)
    assert record["success"] and record["refresh_id"] in done.stdout
    built = {tuple(a["key"]): a["metadata"] for a in record["assets"]}
    assert built[("parsed_pages",)]["dagster/row_count"] == 503
    assert built[("papers",)]["dagster/row_count"] == 451
    assert built[("warehouse", "papers")]["dagster/row_count"] == warehouse_count(settings, "papers")
    assert built[("warehouse", "sightings")]["dagster/row_count"] == 503
    assert {(tuple(c["asset"]), c["name"]) for c in record["checks"]} >= {
        (("parsed_pages",), "reject_rate"),
        (("warehouse", "papers"), "unique_paper_ids"),
    }
    assert all(c["passed"] for c in record["checks"])


def test_the_sensor_reports_each_refresh_once_as_the_ui_shows_runs(settings, env, instance):  # noqa: F811
    from assets.definitions import defs

    assert defs().resolve_sensor_def("cli_refreshes_sensor")  # the deployment's daemon runs it
    assert run_cli(["refresh"], env).returncode == 0
    result, cursor = report(instance, settings)
    (record,) = records(settings)
    papers = latest(instance, "warehouse", "papers")
    assert papers.metadata["dagster/row_count"].value == warehouse_count(settings, "papers")
    assert papers.tags["paperlake/trigger"] == "cli"
    assert papers.tags["paperlake/refresh_id"] == record["refresh_id"]
    assert papers.tags["dagster/data_version"] == record["versions"]["warehouse"]
    columns = [c.name for c in papers.metadata["dagster/column_schema"].schema.columns]
    assert "paper_id" in columns and "topic" in columns  # the UI shows the table's columns
    assert latest(instance, "parsed_pages").metadata["files_by_status"].value == {"ok": 5}
    history = instance.event_log_storage.get_asset_check_execution_history(
        AssetCheckKey(AssetKey(["parsed_pages"]), "reject_rate"), limit=5
    )
    assert [h.event.asset_check_evaluation.passed for h in history] == [True]

    again, cursor = report(instance, settings, cursor)
    assert isinstance(again, SkipReason)  # nothing new: nothing reported twice

    (settings.raw_dir / "extra.txt").write_text(
        (settings.raw_dir / "000_8e204f4297e1cc17.txt").read_text()[:4000], encoding="utf-8"
    )
    assert run_cli(["refresh"], env).returncode == 0
    result, cursor = report(instance, settings, cursor)
    second = records(settings)[1]
    assert latest(instance, "parsed_pages").tags["paperlake/refresh_id"] == second["refresh_id"]
    assert latest(instance, "parsed_pages").metadata["new_files"].value == 1
    assert {e.tags.get("paperlake/refresh_id") for e in result.asset_events if hasattr(e, "tags")} == {
        second["refresh_id"]
    }


def test_a_refresh_stopped_by_a_blocking_check_is_logged_and_reported_as_failed(settings, env, instance):  # noqa: F811
    links = "\n".join(f"https://huggingface.co/papers/2401.{i:05d}" for i in range(12))
    for i in range(6):  # more exports that lost their cards than good pages: the batch collapsed
        (settings.raw_dir / f"scraper_{i}.md").write_text(f"Daily Papers\n\n{links}\n", encoding="utf-8")
    done = run_cli(["refresh"], env)
    assert done.returncode == 1
    assert "check batch_not_collapsed of parsed_pages failed" in done.stderr
    assert not settings.warehouse_path.exists()
    (record,) = records(settings)
    assert not record["success"] and record["failed_stage"] == "parsed_pages"
    assert [a["key"] for a in record["assets"]] == [["parsed_pages"]]  # papers and warehouse not built
    report(instance, settings)
    assert latest(instance, "papers") is None
    history = instance.event_log_storage.get_asset_check_execution_history(
        AssetCheckKey(AssetKey(["parsed_pages"]), "batch_not_collapsed"), limit=5
    )
    evaluation = history[0].event.asset_check_evaluation
    assert not evaluation.passed and "6 of the 11 files" in evaluation.description


def test_dagster_flag_runs_the_refresh_as_a_dagster_run(settings, env):  # noqa: F811
    done = run_cli(["refresh", "--dagster"], env)
    assert done.returncode == 0, done.stderr
    assert "dagster run:" in done.stdout and "distinct papers:  451" in done.stdout
    from dagster._core.instance.ref import InstanceRef

    with DagsterInstance.from_ref(InstanceRef.from_dir(str(settings.dagster_home))) as instance:
        (run,) = instance.get_runs()
        assert run.tags["paperlake/trigger"] == "cli" and run.is_success
        assert latest(instance, "warehouse", "papers").metadata["dagster/row_count"].value == 451
    assert not settings.refresh_log_path.exists()  # the run itself is the record


def test_a_torn_last_line_costs_no_other_record(tmp_path):
    """A refresh killed while writing its record leaves part of a line: the next record still
    starts on its own line, and the reader passes the torn one over."""
    log = tmp_path / "refresh_log.jsonl"
    append_record(log, {"refresh_id": "a"})
    with log.open("a", encoding="utf-8") as handle:
        handle.write('{"refresh_id": "torn", "asse')
    found, cursor = read_records(log, None, 10)
    assert [r["refresh_id"] for r in found] == ["a"]  # the torn line may still be being written
    append_record(log, {"refresh_id": "b"})
    found, cursor = read_records(log, cursor, 10)
    assert [r["refresh_id"] for r in found] == ["b"] and read_records(log, cursor, 10)[0] == []
    replaced = tmp_path / "other.jsonl"
    append_record(replaced, {"refresh_id": "c"})
    replaced.replace(log)  # a replaced log is read from its start
    assert [r["refresh_id"] for r in read_records(log, cursor, 10)[0]] == ["c"]


def test_the_log_is_rotated_and_a_reader_misses_no_record_across_it(tmp_path):
    """The log keeps its last part and the one before; a reader (the sensor, 3 records a tick here)
    that was inside the part rotated away reads its rest, then the new part: each record once."""
    log = tmp_path / "refresh_log.jsonl"
    record = {"refresh_id": "r00", "assets": ["x" * 100]}
    max_bytes = 10 * (len(json.dumps(record)) + 1)  # ten records a part
    seen, cursor = [], None

    def tick() -> None:
        nonlocal cursor
        while True:
            found, cursor = read_records(log, cursor, 3)
            if not found:
                return
            seen.extend(r["refresh_id"] for r in found)

    for i in range(40):
        append_record(log, {**record, "refresh_id": f"r{i:02d}"}, max_bytes=max_bytes)
        if i % 7 == 6:
            tick()
    tick()
    assert seen == [f"r{i:02d}" for i in range(40)]
    assert log.stat().st_size <= max_bytes and rotated_path(log).stat().st_size <= max_bytes
    assert last_record(log)["refresh_id"] == "r39"
    log.unlink()  # a refresh killed between the rotation and its own line: the last is the old part's
    assert last_record(log)["refresh_id"] == "r29"


def test_the_raw_pages_sensor_requests_no_run_for_pages_a_refresh_already_read(settings, env, instance):  # noqa: F811
    """After `paperlake refresh` the folder changed since the sensor's last tick, but the refresh read
    it as it is: a run would redo nothing. A page added after the refresh still starts one."""
    from dagster import RunRequest

    from assets.resources import PaperlakeResource
    from conftest import sensor_ticks

    assert run_cli(["refresh"], env).returncode == 0
    resource = PaperlakeResource(raw_dir=str(settings.raw_dir), data_dir=str(settings.data_dir))
    page = (settings.raw_dir / "000_8e204f4297e1cc17.txt").read_text()[:4000]
    first, _, quiet, changed = sensor_ticks(
        instance, resource, lambda: (settings.raw_dir / "extra.txt").write_text(page, encoding="utf-8")
    )
    (record,) = records(settings)
    assert isinstance(first, SkipReason) and record["refresh_id"] in first.skip_message
    assert isinstance(quiet, SkipReason)
    assert isinstance(changed, RunRequest)
