"""The topic-trends report: materialised by Dagster on a real instance, files valid, tables right."""

import base64
import re
import struct

import pandas as pd
import pytest
from dagster import DagsterInstance, materialize

from assets.definitions import defs
from assets.pipeline_assets import papers, parsed_pages
from assets.reports import topic_trends_report
from assets.resources import PaperlakeResource
from assets.warehouse_assets import warehouse
from pipeline.report import REMAINDER, png_bytes, relisted_figure, trend_figure, weekly_table

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_MAGIC, "not a PNG"
    width, height = struct.unpack(">II", data[16:24])  # IHDR follows the signature
    return width, height


def test_report_is_downstream_of_the_warehouse_and_outside_refresh_job():
    loaded = defs()
    graph = loaded.resolve_asset_graph()
    parents = {k.to_user_string() for k in graph.get(topic_trends_report.key).parent_keys}
    assert parents == {"warehouse/papers", "warehouse/sightings", "warehouse/build_info"}  # what it reads
    refresh = loaded.resolve_job_def("refresh_job").asset_layer.executable_asset_keys
    assert topic_trends_report.key not in refresh
    assert loaded.resolve_sensor_def("reports_automation_sensor")


def test_report_materialises_with_files_and_a_preview(settings, sample_raw):
    resource = PaperlakeResource(raw_dir=str(settings.raw_dir), data_dir=str(settings.data_dir), workers=1)
    with DagsterInstance.ephemeral() as instance:
        result = materialize(
            [parsed_pages, papers, warehouse, topic_trends_report],
            instance=instance,
            resources={"paperlake": resource},
        )
    assert result.success
    meta = result.asset_materializations_for_node("topic_trends_report")[0].metadata
    reports = settings.data_dir / "reports"
    for name in ("topic_trends.png", "top_relisted.png", "index.html"):
        assert (reports / name).is_file(), name
    for name in ("topic_trends.png", "top_relisted.png"):
        data = (reports / name).read_bytes()
        width, height = png_size(data)
        assert width >= 800 and height >= 300 and len(data) > 20_000, (name, width, height, len(data))
    assert meta["topic_trends_png"].value == str(reports / "topic_trends.png")
    assert meta["weeks_with_listings"].value == 2  # the samples list Mar 13-14 and May 9
    assert meta["undated_sightings"].value == 223  # the compact sample page has no date
    assert meta["relisted_papers"].value == 43
    preview = meta["preview"].value
    images = re.findall(r"data:image/png;base64,([A-Za-z0-9+/=]+)\)", preview)
    assert len(images) == 2 and len(preview) < 150_000
    assert all(base64.b64decode(i).startswith(PNG_MAGIC) for i in images)
    page = (reports / "index.html").read_text(encoding="utf-8")
    assert 'src="topic_trends.png"' in page and 'src="top_relisted.png"' in page


def weekly(rows: list[tuple[str, str, int]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["week", "topic", "n_papers"])


def test_weekly_table_fills_gaps_and_folds_small_topics():
    table, columns = weekly_table(
        weekly(
            [
                ("2024-01-01", "vision", 5),
                ("2024-01-01", "other", 9),
                ("2024-01-01", "graphs", 1),
                ("2024-01-22", "theory", 4),
                ("2024-01-22", "vision", 2),
            ]
        ),
        top_topics=2,
    )
    assert columns == ["vision", "theory", REMAINDER]  # 'other' is never a top topic
    assert [d.strftime("%Y-%m-%d") for d in table.index] == [
        "2024-01-01",
        "2024-01-08",
        "2024-01-15",
        "2024-01-22",
    ]
    assert table.loc["2024-01-01", REMAINDER] == 10
    assert table.loc["2024-01-08"].sum() == 0
    assert int(table.to_numpy().sum()) == 21


@pytest.mark.parametrize("empty", [True, False])
def test_charts_render_even_without_data(empty):
    table, columns = weekly_table(weekly([] if empty else [("2024-01-01", "vision", 3)]), top_topics=3)
    colours = {c: "#4e79a7" for c in columns} | {REMAINDER: "#bab0ac"}
    relisted = pd.DataFrame(columns=["title", "topic", "n_sightings", "n_source_files"])
    for fig in (trend_figure(table, colours, undated=0), relisted_figure(relisted, colours, 0)):
        assert png_bytes(fig, 40).startswith(PNG_MAGIC)
