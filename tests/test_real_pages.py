"""Real listing pages, exactly as real exporters saved them (``../shared/real-pages``), end to end.

Each card's facts are read back from the raw text with one narrow pattern per fact and per paper
id (the ``N authors](…/papers/<id>)`` link, the ``#community`` count, the login link's upvotes):
an oracle independent of the parser, which must agree with it on every card.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from conftest import query
from pipeline.decode import decode_page
from pipeline.parse import parse_page

REAL_PAGES = Path(__file__).resolve().parents[2] / "shared" / "real-pages"
PAGES = sorted(p for p in REAL_PAGES.glob("*") if p.suffix in (".txt", ".md") and p.name != "README.md")
pytestmark = pytest.mark.skipif(
    not PAGES, reason=f"{REAL_PAGES} is absent: the real pages are shared beside the repository"
)
# What each page itself states (its README, front matter and day header).
FACTS = {
    "2026-07-28_clip_intercode-bash.txt": {
        "captured_at": date(2026, 7, 28),
        "listing_date": date(2026, 3, 25),
        "page_kind": "search",
        "search_query": "Intercode Bash",
    },
    "2026-10-02_firecrawl_source-citations.md": {
        "captured_at": date(2026, 10, 2),
        "listing_date": date(2026, 10, 2),
        "page_kind": "search",
        "search_query": "source citations",
    },
}
# Link syntax, Markdown escapes, a lone "[": what an unparsed card leaves in a title or abstract.
_LINK_SYNTAX = re.compile(r"\]\(|\]\[|huggingface\.co/(papers|login)|\\[_*\[\]]|\s\\\s")
_IDS = r"huggingface\.co/papers/(\d{4}\.\d{4,5})"


def _text(path: Path) -> str:
    return decode_page(path.read_bytes()).text or ""


def _per_id(pattern: str, text: str) -> dict[str, int]:
    """{arxiv id: count} from a pattern with groups (count, id); a '-' count is 0."""
    return {arxiv: 0 if count == "-" else int(count) for count, arxiv in re.findall(pattern, text)}


@pytest.mark.parametrize("path", PAGES, ids=[p.name for p in PAGES])
def test_every_card_of_a_real_page_is_one_clean_paper_with_its_facts(path):
    text = _text(path)
    page = parse_page(text)
    by_id = {r.arxiv_id: r for r in page.records}
    assert len(by_id) == len(page.records)  # one sighting per paper
    assert set(by_id) == set(re.findall(_IDS, text))  # every paper the page links, nothing else
    for record in page.records:
        for field in (record.title, record.abstract):
            assert not _LINK_SYNTAX.search(field) and field.strip() not in ("[", "]"), field
        assert record.title and len(record.abstract) > 100
        assert record.published_date is not None and record.upvotes is not None
        assert (record.n_authors is None) != (record.submitted_by is None)  # a card shows one of them
    authors = _per_id(r"(\d+) authors\]\(https://huggingface\.co/papers/(\d{4}\.\d{4,5})\)", text)
    assert {i: r.n_authors for i, r in by_id.items() if r.n_authors is not None} == authors
    comments = _per_id(r"(\d+)\]?\(?\s*https://huggingface\.co/papers/(\d{4}\.\d{4,5})#community", text)
    assert {i: r.n_comments for i, r in by_id.items() if r.n_comments is not None} == comments
    login = r"https://huggingface\.co/login\?next=%2Fpapers%2F(\d{4}\.\d{4,5})"
    upvotes = _per_id(r"(\d+|-)\]?\(?\s*" + login, text)
    assert {i: r.upvotes for i, r in by_id.items()} == upvotes
    non_blank = sum(1 for line in text.splitlines() if line.strip())
    assert len(page.rejects) < 0.01 * non_blank, page.rejects[:5]


@pytest.mark.slow
def test_refresh_over_real_pages_is_green_with_their_dates_and_searches(settings, tmp_path):
    """The folder as shared, README included: each page's papers with their facts, and the README
    a document (before, its heading and first paragraph were published as a paper)."""
    for page in REAL_PAGES.iterdir():
        shutil.copy(page, settings.raw_dir / page.name)
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
    env.update(PAPERLAKE_RAW_DIR=str(settings.raw_dir), PAPERLAKE_DATA_DIR=str(settings.data_dir))
    done = subprocess.run(
        [sys.executable, "-m", "assets.cli", "refresh"], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr
    for page in PAGES:
        ids = set(re.findall(_IDS, _text(page)))
        rows = query(
            settings,
            "SELECT count(*), count(DISTINCT arxiv_id), count(published_date), count(upvotes) "
            "FROM sightings WHERE source_file = ?",
            [page.name],
        )
        assert rows == [(len(ids), len(ids), len(ids), len(ids))]
        facts = FACTS.get(page.name)
        if facts:
            columns = ", ".join(facts)
            got = query(settings, f"SELECT {columns} FROM source_files WHERE source_file = ?", [page.name])
            assert got == [tuple(facts.values())]
    assert query(
        settings, "SELECT source_file, status, n_records FROM source_files WHERE status <> 'ok'"
    ) == [("README.md", "document", 0)]
    ids = set().union(*(re.findall(_IDS, _text(page)) for page in PAGES))
    assert query(settings, "SELECT count(*), count(DISTINCT arxiv_id) FROM papers") == [(len(ids), len(ids))]


CAPTURES = Path(__file__).parent / "fixtures" / "captures"


def test_real_captures_by_other_tools_read_every_paper():
    """Three pages saved by other people's tools (tests/fixtures/captures): every paper once, with
    the fields each shows, no heading or image note for a title, rejects only for their headers."""

    def read(name: str):
        text = (CAPTURES / name).read_text(encoding="utf-8")
        return text, parse_page(text)

    text, page = read("structured_trending_capture.md")
    ids = set(re.findall(r"huggingface\.co/papers/(\d{4}\.\d{4,5})\)", text))
    assert len(ids) == 50 and {r.arxiv_id for r in page.records} == ids and len(page.records) == 50
    assert not [r.title for r in page.records if "图片" in r.title or r.title.startswith("[")]
    assert all(r.upvotes is not None for r in page.records)
    assert sum(r.published_date is not None for r in page.records) >= 49
    assert page.page_kind == "trending" and len(page.rejects) == 2  # the extraction's own header

    text, page = read("pwc_trending_capture.md")
    titles = set(re.findall(r"^### (.+)$", text, re.M))
    assert len(page.records) == len({r.title for r in page.records}) == len(titles) == 50
    smol = [r for r in page.records if r.title.startswith("SmolDocling")]
    assert smol[0].title.endswith("for end-to-end multi-modal document conversion")
    assert len(page.rejects) == 1  # "**URL:** … **Page Title:** …"

    text, page = read("textdump_capture.md")
    assert len(page.records) == 34 and len(page.rejects) <= 1
    gemini = next(r for r in page.records if r.title.startswith("Gemini 1.5"))
    assert (gemini.n_authors, gemini.published_date, gemini.n_comments) == (671, date(2024, 3, 8), 6)
    assert sum(r.published_date is not None for r in page.records) >= 33
    # its writer wrapped two long titles, marking the second line as a heading again
    assert not [r.title for r in page.records if "#" in r.title]
    assert any(r.title.endswith("Benchmark of Long Context Capable Approaches") for r in page.records)
