"""Screenshots of the Dagster UI for the docs, taken by headless Chromium against a real webserver.

    python -m tests.support.ui_screenshot [--out docs/img] [--keep]

Builds the bundled sample pages into a throwaway data dir and Dagster home (``paperlake refresh
--dagster``, then the ``topic_trends_report`` asset), starts ``dagster-webserver -w
workspace.yaml`` on a free localhost port and saves ``dagster-ui.png`` (the asset graph with its
checks) and ``dagster-report-preview.png`` (the report's metadata preview). Needs Debian's ``chromium``
package at /usr/bin/chromium (Playwright's own browser download is not used) and the ``dev`` extra.

The helpers here (``webserver``, ``launch_chromium``) are shared with ``tests/test_ui.py``.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.config import BUNDLED_RAW_DIR, PROJECT_ROOT

if TYPE_CHECKING:  # playwright is a dev-only dependency
    from playwright.sync_api import Browser, Page, Playwright

CHROMIUM = Path("/usr/bin/chromium")
# Flags that keep a root, GPU-less CI container quiet: no sandbox (root), no GPU, no phoning home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def paperlake_env(data_dir: Path, dagster_home: Path, raw_dir: Path = BUNDLED_RAW_DIR) -> dict[str, str]:
    """Environment for child processes: private data dir and Dagster home, nothing of var/."""
    return {
        **os.environ,
        "PAPERLAKE_RAW_DIR": str(raw_dir),
        "PAPERLAKE_DATA_DIR": str(data_dir),
        "DAGSTER_HOME": str(dagster_home),
    }


@contextmanager
def webserver(env: dict[str, str], timeout_s: float = 180.0) -> Iterator[str]:
    """Run ``dagster-webserver`` (no daemon, so the sensor and schedule never start a run) and yield
    its base URL once it answers; stop it and its code server afterwards."""
    Path(env["DAGSTER_HOME"]).mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = tempfile.NamedTemporaryFile(prefix="dagster-webserver-", suffix=".log", delete=False)  # noqa: SIM115
    proc = subprocess.Popen(
        [str(BIN / "dagster-webserver"), "-w", "workspace.yaml", "-h", "127.0.0.1", "-p", str(port)],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: we stop the code server it spawns too
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"dagster-webserver exited with {proc.returncode}; log: {log.name}")
            try:
                with urllib.request.urlopen(f"{base}/server_info", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"dagster-webserver did not answer within {timeout_s:.0f} s; log: {log.name}"
                )
            time.sleep(0.5)
        yield base
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        log.close()


def launch_chromium(playwright: Playwright) -> Browser:
    """Debian's Chromium, headless, driven by Playwright (no browser download needed)."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def dismiss_welcome(page: Page) -> None:
    """A fresh Dagster home greets the first visitor with a newsletter dialog; skip it if shown."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    skip = page.get_by_role("button", name="Skip")
    try:
        skip.wait_for(state="visible", timeout=5000)
    except PlaywrightTimeout:  # absent is the normal case after the first visit
        return
    skip.click()


def build_sample(env: dict[str, str]) -> None:
    """Materialise everything once so the screenshots show real statuses and check results."""
    refresh = [str(BIN / "paperlake"), "refresh", "--quiet", "--dagster"]  # a run, as the UI shows runs
    subprocess.run(refresh, cwd=PROJECT_ROOT, env=env, check=True)
    subprocess.run(
        [
            str(BIN / "dagster"),
            "asset",
            "materialize",
            "-m",
            "assets.definitions",
            "--select",
            "topic_trends_report",
        ],
        cwd=PROJECT_ROOT,
        env=env,
        check=True,
        capture_output=True,
    )


def screenshots(base: str, out: Path) -> list[Path]:
    """The lineage from raw pages to the report (every table asset on the way), a table asset's
    columns, and the report's preview."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    graph, table = out / "dagster-ui.png", out / "dagster-table.png"
    preview = out / "dagster-report-preview.png"
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": 1500, "height": 1000})
        page.goto(f"{base}/assets")
        dismiss_welcome(page)
        page.get_by_text("Hide navigation").click()  # more room, so the graph is fitted larger
        page.goto(f"{base}/assets/topic_trends_report?view=lineage&lineageScope=upstream&lineageDepth=5")
        page.get_by_text("parsed_pages", exact=True).first.wait_for(timeout=60_000)
        page.mouse.move(5, 5)  # no hover highlight on a node
        page.wait_for_timeout(2500)  # let the graph finish its zoom-to-fit animation
        page.screenshot(path=str(graph))
        page.set_viewport_size({"width": 1400, "height": 1000})
        page.goto(f"{base}/assets/warehouse/papers")
        page.get_by_text("Stable id: a hash of the paper").first.wait_for(timeout=60_000)
        page.wait_for_timeout(500)
        page.screenshot(path=str(table))
        page.goto(f"{base}/assets/topic_trends_report")
        page.get_by_text("[Show Markdown]").click(timeout=60_000)
        page.locator('img[src^="data:image/png"]').first.wait_for(timeout=30_000)
        page.wait_for_timeout(500)
        page.screenshot(path=str(preview))
        browser.close()
    return [graph, table, preview]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.support.ui_screenshot", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "docs" / "img")
    parser.add_argument("--keep", action="store_true", help="keep the temporary data dir and print it")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"error: {CHROMIUM} not found (apt-get install -y chromium)", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="paperlake-ui-"))
    env = paperlake_env(work / "data", work / "dagster_home")
    build_sample(env)
    with webserver(env) as base:
        for path in screenshots(base, args.out):
            print(f"wrote {path}")
    if args.keep:
        print(f"data dir: {work}")
    else:
        import shutil

        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
