"""The package's layers import one way: ``assets`` (Dagster) -> ``pipeline`` (plain Python) -> the SQL
files. ``pipeline`` never imports Dagster or ``assets``, so the core runs and is tested without an
orchestrator; product code never imports ``bench`` or ``tests``, and the tests never import ``bench``.

Read from the source (every ``import``, also inside functions), so a lazy import cannot slip by.
The last two tests hold what the layers buy at run time: the later stages and a refresh with nothing
new never load the page readers.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import build_all, spaced
from pipeline.config import PROJECT_ROOT


def _imported_packages(path: Path) -> set[str]:
    """The top-level names of every module ``path`` imports (relative imports excluded)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def _offenders(folder: str, forbidden: set[str]) -> dict[str, set[str]]:
    found = {}
    for path in sorted((PROJECT_ROOT / folder).rglob("*.py")):
        bad = _imported_packages(path) & forbidden
        if bad:
            found[str(path.relative_to(PROJECT_ROOT))] = bad
    return found


@pytest.mark.parametrize(
    ("folder", "forbidden"),
    [
        ("pipeline", {"dagster", "dagster_webserver", "assets", "bench", "tests", "conftest"}),
        ("assets", {"bench", "tests", "conftest"}),
        ("tests", {"bench"}),
    ],
)
def test_imports_run_one_way(folder: str, forbidden: set[str]) -> None:
    assert _offenders(folder, forbidden) == {}


def test_the_check_finds_a_forbidden_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from dagster import asset\n    import bench.scale_bench\n")
    assert _imported_packages(module) >= {"dagster", "bench"}


def test_the_warehouse_and_papers_stages_load_without_the_parser() -> None:
    """``paperlake summary`` and the warehouse step import ``pipeline.warehouse``; what they need of the
    ingest is the manifest (``pipeline.manifest``) and the shard schemas (``pipeline.content_store``),
    not the page readers (importing those took a third of a second more)."""
    readers = ("pipeline.parse", "pipeline.ingest", "pipeline.cards")
    loaded = f"print([m for m in {readers} if m in sys.modules])"
    code = "import sys, pipeline.warehouse, pipeline.papers\n" + loaded
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


def test_a_refresh_with_nothing_new_loads_no_page_reader(settings, sample_raw) -> None:
    """The sensor's and the schedule's usual refresh finds nothing new; it should not pay for
    importing the page readers (~0.2 s of a ~0.8 s no-op `paperlake refresh`). A new page does
    load them."""
    build_all(settings)
    code = (
        "import sys\n"
        "from pipeline.config import Settings\n"
        "from pipeline.refresh import run_refresh\n"
        f"settings = Settings.from_env({str(sample_raw)!r}, {str(settings.data_dir)!r})\n"
        "outcome = run_refresh(settings, workers=1)\n"
        "print(outcome.success, 'pipeline.parse' in sys.modules)\n"
    )

    def refresh() -> str:
        run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_ROOT)
        assert run.returncode == 0, run.stderr
        return run.stdout.strip()

    assert refresh() == "True False"
    (sample_raw / "new.txt").write_text(spaced("A New Paper", "An abstract long enough to be one. " * 3))
    assert refresh() == "True True"
