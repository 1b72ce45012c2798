"""Every analyst example in sql/examples runs on the sample warehouse and gives a sensible answer.

New example files are picked up automatically: each must start with a comment that asks its
question and must return rows on the bundled sample pages.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from conftest import build_all
from pipeline.config import BUNDLED_RAW_DIR, SQL_DIR, Settings
from pipeline.warehouse import open_read_only

EXAMPLES = sorted((SQL_DIR / "examples").glob("*.sql"))


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory):
    """One sample warehouse for the whole module (examples only read it)."""
    root = tmp_path_factory.mktemp("examples")
    shutil.copytree(BUNDLED_RAW_DIR, root / "raw")
    settings = Settings.from_env(root / "raw", root / "data")
    build_all(settings)
    with open_read_only(settings) as con:
        yield con


def run(con: duckdb.DuckDBPyConnection, name: str) -> pd.DataFrame:
    return con.sql((SQL_DIR / "examples" / name).read_text(encoding="utf-8")).df()


def header(path: Path) -> str:
    lines = path.read_text(encoding="utf-8").splitlines()
    comment = []
    for line in lines:
        if not line.startswith("--"):
            break
        comment.append(line.removeprefix("--").strip())
    return " ".join(comment)


def test_there_are_examples():
    names = {p.stem for p in EXAMPLES}
    assert {
        "topics_per_month",
        "most_relisted_papers",
        "new_this_week",
        "papers_with_code",
        "topic_cooccurrence",
        "first_seen_trends",
    } <= names


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_states_its_question_and_returns_rows(warehouse, path: Path):
    assert "?" in header(path), f"{path.name} must start with a comment asking its question"
    frame = run(warehouse, path.name)
    assert len(frame) > 0, f"{path.name} returned no rows on the sample"
    for column in frame.columns:
        if column.startswith("n_"):
            assert (frame[column] >= 0).all(), f"{path.name}: negative {column}"


def test_topics_per_month(warehouse):
    frame = run(warehouse, "topics_per_month.sql")
    assert frame["month"].notna().all() and (frame["n_papers"] > 0).all()
    assert not frame.duplicated(["month", "topic"]).any()
    shares = frame.groupby("month")["pct_of_month"].sum()
    assert shares.between(99.5, 100.5).all()


def test_most_relisted_papers(warehouse):
    frame = run(warehouse, "most_relisted_papers.sql")
    assert (frame["n_sightings"] > 1).all()
    assert frame["n_sightings"].is_monotonic_decreasing
    assert (frame["first_listed"] <= frame["last_listed"]).all()


def test_new_this_week_is_relative_to_the_newest_listing(warehouse):
    frame = run(warehouse, "new_this_week.sql")
    newest = warehouse.execute("SELECT max(listing_date) FROM sightings").fetchall()[0][0]
    first = frame["first_listed"].map(lambda v: v.date() if hasattr(v, "date") else v)
    assert all(newest - dt.timedelta(days=7) < d <= newest for d in first)
    assert not frame["title"].duplicated().any()


def test_papers_with_code(warehouse):
    frame = run(warehouse, "papers_with_code.sql")
    assert frame["url"].str.startswith(("https://", "http://")).all()
    assert frame["host"].isin(["github.com", "gitlab.com", "gitee.com", "bitbucket.org"]).any()
    assert not frame["url"].str.contains(r"[.,;)\]}]$").any(), "trailing punctuation left in a URL"


def test_topic_cooccurrence_pairs_are_unordered_and_unique(warehouse):
    frame = run(warehouse, "topic_cooccurrence.sql")
    assert (frame["topic_a"] < frame["topic_b"]).all()
    assert not frame.duplicated(["topic_a", "topic_b"]).any()
    assert (frame["n_papers"] > 0).all()
    assert frame["share_of_a"].between(0, 100).all()
    assert frame["n_papers"].is_monotonic_decreasing


def test_first_seen_trends_add_up(warehouse):
    frame = run(warehouse, "first_seen_trends.sql")
    assert frame["week"].is_monotonic_increasing
    assert (frame["n_new"] + frame["n_seen_before"] == frame["n_papers_listed"]).all()
    assert frame["n_papers_seen_so_far"].is_monotonic_increasing
    dated = warehouse.execute("SELECT count(*) FROM papers WHERE first_listed IS NOT NULL").fetchall()[0][0]
    assert frame["n_papers_seen_so_far"].iloc[-1] == dated
