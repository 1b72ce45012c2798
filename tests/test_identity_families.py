"""Identity on each hard family of repeats and near-misses, from real rows in real exporters' styles.

A user's corpus mixes pages that show arXiv ids with pages that do not, cut abstracts, shouting
titles, numbered series and bot messages pasted as abstracts. Each family must come out with every
repeat merged (recall) and no two different papers merged (precision): F1 >= 0.995, 0 wrong merges.
"""

from __future__ import annotations

import pytest

from tests.support import real_rows
from tests.support.identity_families import FAMILIES, run_family

pytestmark = pytest.mark.skipif(not real_rows.available(), reason=real_rows.MISSING_MESSAGE)


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_family_is_resolved(family, tmp_path):
    result = run_family(family, papers=24, seed=1, workdir=tmp_path)
    assert result["unmatched"] == 0, "every sighting comes from a rendered card"
    assert result["true_papers"] >= 24
    assert result["wrong_merges"] == 0, result
    assert result["f1"] >= 0.995, result
    assert result["papers"] == result["true_papers"], result


def test_real_repeats_across_days_are_every_repeat_merged_and_nothing_else(tmp_path):
    """Two months of real listings, pages with and without ids, papers shown one day without an
    abstract (or with a bot's message) and another day on a page without ids."""
    result = run_family("real_repeats", papers=0, seed=0, workdir=tmp_path, days=60)
    assert result["sightings"] > 1000
    assert result["wrong_merges"] == 0, result
    assert result["f1"] >= 0.995, result


def test_real_days_on_pages_with_ids_give_one_paper_per_arxiv_id(tmp_path):
    """Two months of the real listing, every page in a style that shows ids: papers match arXiv ids
    one to one, whatever each day's card showed of the abstract."""
    import duckdb

    from pipeline.config import Settings
    from pipeline.ingest import refresh_source_files
    from pipeline.papers import build_papers
    from pipeline.warehouse import build_warehouse
    from tests.support.identity_families import ID_PAGE_STYLES
    from tests.support.real_corpus import write_corpus

    raw = tmp_path / "raw"
    write_corpus(raw, days=60, styles=dict.fromkeys(ID_PAGE_STYLES, 1), seed=2)
    (raw / "expected.jsonl").unlink()  # not a page
    settings = Settings.from_env(raw, tmp_path / "data")
    refresh_source_files(settings)
    build_papers(settings)
    build_warehouse(settings)
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        papers, ids, without_id = con.execute(
            "SELECT count(*), count(DISTINCT arxiv_id), count(*) FILTER (WHERE arxiv_id IS NULL) FROM papers"
        ).fetchone()
        listed_ids = con.execute("SELECT count(DISTINCT arxiv_id) FROM sightings").fetchone()[0]
    assert papers > 500
    assert (papers, without_id) == (ids, 0)
    assert ids == listed_ids


def test_paper_listed_with_and_without_its_abstract_matches_a_page_without_ids(tmp_path):
    """The real listing shows a paper with no abstract one day and its abstract another (74 ids do):
    a page without ids that shows the abstract joins that paper, whichever day came first."""
    from dataclasses import replace

    from pipeline.config import Settings
    from pipeline.ingest import refresh_source_files
    from pipeline.papers import build_papers
    from tests.support.identity_families import Page, _long_rows, write_pages

    rows = _long_rows(12, seed=3)
    bare = [replace(r, abstract=None) for r in rows]
    raw = tmp_path / "raw"
    write_pages([Page("clip", tuple(bare)), Page("firecrawl", tuple(rows)), Page("spaced", tuple(rows))], raw)
    settings = Settings.from_env(raw, tmp_path / "data")
    refresh_source_files(settings)
    assert build_papers(settings).papers == 12
