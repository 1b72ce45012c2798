"""The Dagster UI loads our definitions: a real ``dagster-webserver`` seen through headless Chromium.

Needs Debian's Chromium at /usr/bin/chromium (``apt-get install -y chromium``) and Playwright (dev
extra); skipped with the reason otherwise. One ``paperlake refresh`` runs first and a tick of the
sensor that reports command-line refreshes stores its events, so the table assets have a
materialisation with their columns; the webserver has no daemon, so the sensors and schedule stay
idle otherwise. Set PAPERLAKE_UI_SCREENSHOT=path.png to keep a screenshot of the asset list (the docs'
screenshots come from ``python -m tests.support.ui_screenshot``).
"""

import os
import subprocess
from pathlib import Path

import pytest
from dagster import DagsterInstance
from dagster._core.instance.ref import InstanceRef

from tests.support.sensor_ticks import report_cli_refreshes
from tests.support.ui_screenshot import BIN, CHROMIUM, PROJECT_ROOT, launch_chromium, paperlake_env, webserver

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} missing: apt-get install -y chromium"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright missing: pip install -e '.[dev]'")

ASSETS = ["raw_pages", "parsed_pages", "papers", "topic_trends_report"]
CHECKS = {
    "parsed_pages": ["reject_rate", "files_mostly_rejected", "suspect_files", "batch_not_collapsed"],
    "warehouse/sightings": ["unique_sighting_keys", "sightings_match_papers"],
    "warehouse/papers": ["unique_paper_ids", "non_empty_titles", "paper_topics_in_taxonomy"],
}
# listing_dates_in_capture_window is the third check of sightings: the UI shortens its name on screen
CHECK_COUNTS = {"parsed_pages": 4, "warehouse/sightings": 3, "warehouse/papers": 3}


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("ui")
    env = paperlake_env(root / "data", root / "dagster_home")
    subprocess.run([str(BIN / "paperlake"), "refresh", "--quiet"], cwd=PROJECT_ROOT, env=env, check=True)
    Path(env["DAGSTER_HOME"]).mkdir(parents=True)
    with DagsterInstance.from_ref(InstanceRef.from_dir(env["DAGSTER_HOME"])) as instance:
        report_cli_refreshes(instance, root / "data")  # what the daemon's sensor tick stores
    with webserver(env) as base, sync_api.sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        tab = browser.new_page(viewport={"width": 1400, "height": 900})
        tab.set_default_timeout(60_000)
        tab.base = base  # type: ignore[attr-defined]
        yield tab
        browser.close()


def test_asset_list_shows_every_asset_and_group(page):
    page.goto(f"{page.base}/assets")
    for name in ASSETS:
        page.get_by_text(name, exact=True).first.wait_for()
    body = page.inner_text("body")
    assert "paperlake" in body and "reports" in body and "warehouse" in body
    shot = os.environ.get("PAPERLAKE_UI_SCREENSHOT")
    if shot:
        Path(shot).parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=shot)


@pytest.mark.parametrize("asset", sorted(CHECKS))
def test_asset_checks_are_listed(page, asset):
    page.goto(f"{page.base}/assets/{asset}?view=checks")
    page.get_by_text(f"Checks ({CHECK_COUNTS[asset]})").wait_for()
    for check in CHECKS[asset]:  # rows render one by one: wait for each rather than read the page once
        page.get_by_text(check, exact=True).first.wait_for()


def test_a_table_asset_shows_its_columns_and_their_descriptions(page):
    page.goto(f"{page.base}/assets/warehouse/papers")
    page.get_by_text("Columns").first.wait_for()
    for column in ("paper_id", "first_listed", "topic"):
        page.get_by_text(column, exact=True).first.wait_for()
    page.get_by_text("Stable id: a hash of the paper").first.wait_for()  # its COMMENT ON text
    body = page.inner_text("body")
    assert "warehouse.main.papers" in body  # the table name
    assert "451" in body  # its row count


def test_lineage_shows_the_report_downstream_of_the_warehouse(page):
    page.goto(f"{page.base}/assets/topic_trends_report?view=lineage&lineageScope=upstream&lineageDepth=5")
    page.get_by_text("parsed_pages", exact=True).first.wait_for()
    body = page.inner_text("body")
    for name in ASSETS:
        # the graph may shorten long names to fit the node ("topic_tren…_report")
        assert name in body or name[:10] in body, name
