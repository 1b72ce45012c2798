"""Incremental builds: re-resolve only the identity hoods a change touched (papers), copy the
published warehouse and rebuild only what changed (warehouse).

The promise analysts rely on: whatever happened between two refreshes, an incremental build equals a
full build of the same pages - the Parquet outputs row by row, the warehouse table by table.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import FIXTURES, build_all, papers_outputs, warehouse_contents
from pipeline.config import Settings
from tests.support.corpus import SynthPaper, generate_corpus, render_spaced


def _outputs(settings: Settings) -> tuple[dict, dict[str, list[str]]]:
    """The papers stage's Parquet outputs and the warehouse's tables of one data dir."""
    return papers_outputs(settings), warehouse_contents(settings.warehouse_path)


def _full_build_of(raw: Path, tmp_path: Path, name: str) -> tuple[dict, dict[str, list[str]]]:
    """What a clean full build of ``raw`` writes (in a fresh data dir)."""
    clean = Settings.from_env(raw, tmp_path / name)
    build_all(clean)
    return _outputs(clean)


def _add_page(page, path: Path, tmp_path: Path) -> None:
    """Render one page (``tests.support.identity_families.Page``) to ``path`` plus its style's suffix."""
    from tests.support.identity_families import write_pages

    rendered = tmp_path / f"render_{path.name}"
    write_pages([page], rendered)
    (page_file,) = rendered.iterdir()
    shutil.copy(page_file, path.with_name(path.name + page_file.suffix))


def _each_step_equals_a_full_build(
    steps: dict[str, tuple[Callable[[], object], int | Callable[[], int]]], settings: Settings, tmp_path: Path
) -> None:
    """Apply each change, refresh incrementally, and hold the papers to the count expected (a number,
    or a function that knows it once the change is made) and the outputs to a clean full build's."""
    for i, (what, (change, expected)) in enumerate(steps.items()):
        change()
        _, papers, report = build_all(settings)
        assert (papers.mode, report.mode) == ("incremental", "incremental"), what
        assert papers.papers == (expected() if callable(expected) else expected), what
        assert _outputs(settings) == _full_build_of(settings.raw_dir, tmp_path, f"step{i}"), what


def test_each_kind_of_change_is_merged_like_a_full_build(tmp_path, settings, sample_raw):
    _, _, first = build_all(settings)
    assert first.mode == "full"

    steps = {
        "add a page": lambda: shutil.copy(FIXTURES / "rich_2024-10-08.txt", sample_raw / "rich.txt"),
        "edit a page": lambda: (sample_raw / "000_8e204f4297e1cc17.txt").write_text(
            "\n".join((sample_raw / "000_8e204f4297e1cc17.txt").read_text().split("\n")[:-4]) + "\n"
        ),
        "rename a page": lambda: (sample_raw / "rich.txt").rename(sample_raw / "rich_renamed.txt"),
        "copy a page": lambda: shutil.copy(sample_raw / "rich_renamed.txt", sample_raw / "rich_copy.txt"),
        "delete a page": lambda: (sample_raw / "001_555dd415fc7a4787.txt").unlink(),
    }
    for i, (what, change) in enumerate(steps.items()):
        change()
        _, papers, report = build_all(settings)
        assert (papers.mode, report.mode) == ("incremental", "incremental"), what
        # Each change patches the standby: first the copy the full build left of itself, then the file
        # the previous build replaced (two builds' changes at once).
        assert report.base == "standby", what
        expected_papers, expected_warehouse = _full_build_of(sample_raw, tmp_path, f"c{i}")
        assert papers_outputs(settings) == expected_papers, what
        assert warehouse_contents(settings.warehouse_path) == expected_warehouse, what


def _alias_rows(settings) -> dict[str, tuple]:
    """paper_keys.parquet as record_key -> (paper_id, rule, evidence): the warehouse's aliases."""
    import pyarrow.parquet as pq

    rows = pq.read_table(settings.paper_keys_path, columns=["record_key", "paper_id", "rule", "evidence"])
    return {r["record_key"]: (r["paper_id"], r["rule"], r["evidence"]) for r in rows.to_pylist()}


def test_a_page_that_bridges_two_known_papers_moves_their_old_sightings(tmp_path, settings, sample_raw):
    raw_dir = sample_raw  # the sample pages keep the new page a small share of the folder
    abstract = (
        "We measure how often listing pages repeat a paper and show that repeats follow the weekly cycle "
        "of the site, with most papers listed once and a long tail of papers listed for many weeks."
    )
    # a and b share the abstract's start but too few title words: two papers.
    (raw_dir / "a.txt").write_text(render_spaced([SynthPaper("1", "Alpha Beta Gamma Delta", abstract)], None))
    (raw_dir / "b.txt").write_text(
        render_spaced([SynthPaper("2", "Gamma Delta Epsilon Zeta", abstract + " More.")], None)
    )
    _, papers, _ = build_all(settings)
    assert papers.papers == 451 + 2
    # c is close to both, so all three become one paper and a's and b's sightings change paper_id.
    bridge = SynthPaper("3", "Alpha Beta Gamma Delta Epsilon Zeta", f"{abstract} More. Even more.")
    (raw_dir / "c.txt").write_text(render_spaced([bridge], None))
    before = _alias_rows(settings)
    _, papers, report = build_all(settings)
    assert papers.papers == 451 + 1
    assert (papers.mode, report.mode) == ("incremental", "incremental")
    assert papers.scope["touched_page_contents"] == 1
    assert papers.scope["record_keys_resolved"] == 3  # the bridge and the two papers it joins
    # The warehouse patch replaces the aliases that changed (the bridge's, and a merged key's), not
    # the hundreds of others.
    after = _alias_rows(settings)
    changed = {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
    assert report.scope["aliases"] == len(changed) >= 2
    assert len(changed) < len(after) / 100
    assert _outputs(settings) == _full_build_of(raw_dir, tmp_path, "clean")


def test_a_card_without_abstract_follows_its_title_through_incremental_builds(tmp_path, settings, sample_raw):
    """A card shown without its abstract joins its title's paper only while that title names one
    paper: a page that links a title, one that makes it name two papers and its removal each give
    what a full build gives."""
    from dataclasses import replace

    from tests.support.identity_families import Page, _long_rows

    rows = _long_rows(6, seed=5)
    shown, other = rows[:3], rows[3]

    def add(name: str, page: Page) -> None:
        _add_page(page, sample_raw / name, tmp_path)

    add("full", Page("spaced", tuple(shown)))  # abstracts, no ids
    _, papers, _ = build_all(settings)
    base = papers.papers
    steps = {
        "cards without abstract, with ids": (
            lambda: add("bare", Page("clip", tuple(replace(r, abstract=None) for r in shown))),
            base,
        ),
        "the same title with another abstract": (
            lambda: add("clash", Page("spaced", (replace(shown[0], abstract=other.abstract),))),
            base + 2,  # the new paper, and the bare card no longer knows which of two it is
        ),
        "that page removed": (lambda: (sample_raw / "clash.txt").unlink(), base),
    }
    _each_step_equals_a_full_build(steps, settings, tmp_path)


def test_a_typo_fixed_in_an_abstract_follows_its_paper_through_refreshes(tmp_path, settings, sample_raw):
    """The real listing edited one abstract's opening by a letter between two days (2602.05258).
    The older text is in another block than the newer: pages bringing it, a retitled cut copy of
    the text whose block the merge named after the other (the copy shares the block with the
    paper, not the title) and the older text's removal each give what a full build gives."""
    from dataclasses import replace

    from tests.support import real_rows
    from tests.support.identity_families import Page, _cut, _long_rows

    if not real_rows.available():
        pytest.skip(real_rows.MISSING_MESSAGE)
    cope = [r for r in real_rows.load_rows() if r.arxiv_id == "2602.05258"]
    older, newer = cope[0], cope[-1]
    assert older.abstract != newer.abstract
    others = _long_rows(4, seed=8)

    def add(name: str, page: Page) -> None:
        _add_page(page, sample_raw / name, tmp_path)

    def retitled_cut(row: real_rows.Row) -> real_rows.Row:  # a near duplicate of its own text only
        return replace(row, title=f"Revisiting {row.title}", abstract=_cut(row.abstract, "…", 200))

    chosen: list[real_rows.Row] = []

    def renamed_block_text() -> real_rows.Row:
        """The text whose key's hood is not its own block's name."""
        import pyarrow.parquet as pq

        keys = pq.read_table(settings.paper_keys_path).to_pylist()
        cope = [k for k in keys if k["record_key"] == "arxiv:2602.05258" or k["rule"] == "edited_abstract"]
        assert len(cope) == 2
        (renamed,) = [k for k in cope if k["content_hood"] is not None]  # its block is not its hood
        chosen.append(newer if renamed["record_key"] == "arxiv:2602.05258" else older)
        return chosen[0]

    add("newer", Page("clip", (newer, *others)))
    _, papers, _ = build_all(settings)
    base = papers.papers
    steps = {
        "the older text, no ids": (lambda: add("older", Page("spaced", (older, *others[:2]))), base),
        "a retitled cut copy of the text whose block the merge named after the other": (
            lambda: add("cut", Page("spaced", (retitled_cut(renamed_block_text()),))),
            base,
        ),
        # a cut copy of the older text is now a paper of its own
        "the older text's page removed": (
            lambda: (sample_raw / "older.txt").unlink(),
            lambda: base + (chosen == [older]),
        ),
    }
    _each_step_equals_a_full_build(steps, settings, tmp_path)


def test_a_typo_pair_of_one_title_changes_no_other_titles_bare_card(tmp_path, settings, sample_raw):
    """Title Y's typo-fixed pair joins two blocks that also hold two different papers of title X;
    X's bare card stays apart, whether the pair arrives by a refresh or leaves by one."""
    from dataclasses import replace

    from tests.support import real_rows
    from tests.support.identity_families import Page, two_titles_sharing_blocks

    if not real_rows.available():
        pytest.skip(real_rows.MISSING_MESSAGE)
    model = real_rows.load_rows()[0]
    cards = {
        name: replace(model, arxiv_id=f"2601.9000{k}", title=title, abstract=abstract or None)
        for k, (name, (title, abstract)) in enumerate(two_titles_sharing_blocks().items())
    }

    def add(name: str, page: Page) -> None:
        _add_page(page, sample_raw / name, tmp_path)

    add("first", Page("minimal_md_nolink", tuple(cards[n] for n in "ZACK")))
    _, papers, _ = build_all(settings)
    base = papers.papers
    steps = {
        "the typo-fixed copy of Z": (lambda: add("copy", Page("minimal_md_nolink", (cards["W"],))), base),
        "its page removed": (lambda: (sample_raw / "copy.md").unlink(), base),
    }
    _each_step_equals_a_full_build(steps, settings, tmp_path)


def test_pages_arriving_one_at_a_time_in_any_order_give_the_full_build(tmp_path):
    corpus = tmp_path / "corpus"
    generate_corpus(corpus, 12, seed=3, papers_per_page=30, perturb=True, hard_negatives=True)
    pages = sorted(corpus.glob("*.txt"))
    random.Random(5).shuffle(pages)
    raw = tmp_path / "raw"
    raw.mkdir()
    settings = Settings.from_env(raw, tmp_path / "data")
    modes, papers_modes = [], []
    for page in pages:
        shutil.copy(page, raw / page.name)
        _, papers, warehouse = build_all(settings)
        modes.append(warehouse.mode)
        papers_modes.append(papers.mode)
    assert modes.count("incremental") >= len(pages) // 2  # small first steps may go full (share rule)
    assert papers_modes.count("incremental") >= len(pages) // 2
    assert _outputs(settings) == _full_build_of(raw, tmp_path, "clean")


def test_a_warehouse_built_by_other_sql_is_rebuilt_in_full(settings, sample_raw):
    import json

    build_all(settings)
    state_path = settings.parquet_dir / "_warehouse_state.json"
    state = json.loads(state_path.read_text())
    state_path.write_text(json.dumps({**state, "sql": "built by an older sql/ folder"}))
    shutil.copy(FIXTURES / "rich_2024-10-08.txt", sample_raw / "rich.txt")
    assert build_all(settings)[2].mode == "full"


def test_a_raw_folder_copied_again_patches_only_the_files_times(tmp_path, sample_raw):
    """Copying, syncing or checking out the raw folder again gives every file a new mtime and no new
    content. A page dated by its file name keeps its sightings, so only its row's time changes: the
    warehouse is patched with the new times, not rebuilt, however many files that is (a full build
    at 20,000 pages takes minutes). A page dated by its mtime (the sample pages) has a new capture
    date, so it is staged again. Either way the warehouse equals a full build of the same folder."""
    import os

    import duckdb

    corpus = tmp_path / "corpus"
    generate_corpus(corpus, 8, seed=4, papers_per_page=20)
    raw = tmp_path / "copied"
    raw.mkdir()
    for page in sorted(corpus.glob("*.txt")):
        shutil.copy(page, raw / page.name)
    dated_by_mtime = sorted(sample_raw.glob("*.txt"))[0]
    shutil.copy(dated_by_mtime, raw / dated_by_mtime.name)
    settings = Settings.from_env(raw, tmp_path / "data")
    build_all(settings)

    later = 1_900_000_000  # 2030-03-17: every file's new time
    for page in raw.iterdir():
        os.utime(page, (later, later))
    ingest, _, report = build_all(settings)
    assert (ingest.new, ingest.changed, ingest.parsed) == (0, 0, 0)
    assert report.mode == "incremental"
    assert report.scope["file_times"] == 8  # the pages dated by their names: times only
    assert report.scope["files"] == 1  # the page dated by its mtime: a new capture date
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        (years,) = con.execute("SELECT list(DISTINCT year(mtime)) FROM source_files").fetchone()
    assert years == [2030]
    assert _outputs(settings) == _full_build_of(raw, tmp_path, "clean")
