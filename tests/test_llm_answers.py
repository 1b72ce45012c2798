"""A day's papers as a chat model or an LLM scraper writes them when asked for JSON: a fenced
block under a sentence, ``"NA"`` where a card shows nothing (ScrapeGraphAI's prompts ask for it),
fields named as the model pleased (``arxiv``, ``pdf``, ``id: "arXiv:…"``), counts with their words
(``"12 upvotes"``), authors as prose (``Alice Smith, Bob Li and 3 others``). Each is read from a
real day through the ingest (``summarise_bytes``)."""

from __future__ import annotations

import json

import pytest

from pipeline.content_parse import summarise_bytes
from tests.support import real_rows

pytestmark = pytest.mark.skipif(not real_rows.available(), reason=real_rows.MISSING_MESSAGE)

DAY = real_rows.sample_days(25)[6]  # 47 papers, some without an abstract
ROWS = real_rows.rows_by_day()[DAY]


def _read(text: str) -> dict[str, list]:
    summary, sightings, _ = summarise_bytes(text.encode(), "0" * 64)
    assert summary.status == "ok", (summary.status, summary.error)
    return sightings.to_pydict()


def _paper(row: real_rows.Row, rank: int) -> dict:
    return {
        "title": row.title,
        "link": f"https://huggingface.co/papers/{row.arxiv_id}",
        "upvotes": rank,
        "authors": ", ".join(row.authors) if row.authors else "NA",
        "abstract": real_rows.display(row.abstract) if row.abstract else "NA",
    }


def test_json_in_a_code_fence_under_a_sentence_gives_the_papers_on_their_lines() -> None:
    """Before: read as Markdown, its lines were cards: ``"upvotes": 0,`` and ``]`` published as
    titles (``ok`` on a small day), or the file quarantined."""
    papers = [_paper(row, n) for n, row in enumerate(ROWS)]
    fenced = json.dumps({"papers": papers}, indent=2, ensure_ascii=False)
    intro = f"Here are the papers listed on https://huggingface.co/papers/date/{DAY}:"
    text = f"{intro}\n\n```json\n{fenced}\n```\n"
    got = _read(text)
    assert got["arxiv_id"] == [row.arxiv_id for row in ROWS]
    assert got["title"] == [row.title for row in ROWS]
    lines = text.split("\n")  # each paper on its object's line in the file
    assert [lines[n - 1].strip() for n in got["line_number"]] == ["{"] * len(ROWS)
    links = [lines[n + 1] for n in got["line_number"]]
    assert all(f"/papers/{row.arxiv_id}" in link for row, link in zip(ROWS, links, strict=True))


def test_placeholders_for_what_a_card_does_not_show_are_no_values() -> None:
    """``"NA"``, ``"N/A"``, ``"Not available"`` where a paper has no abstract or no authors: no
    abstract, no author count (before: the placeholder was published as the abstract)."""
    placeholders = ["NA", "N/A", "Not available", "None", "-"]
    records = [
        {**_paper(row, n), "abstract": placeholders[n % 5], "authors": placeholders[(n + 1) % 5]}
        for n, row in enumerate(ROWS)
    ]
    got = _read(json.dumps(records))
    assert got["arxiv_id"] == [row.arxiv_id for row in ROWS]
    assert set(got["abstract"]) <= {"", None} and set(got["n_authors"]) == {None}


@pytest.mark.parametrize(
    "key, value",
    [
        ("arxiv", "https://arxiv.org/abs/{id}"),
        ("pdf", "https://arxiv.org/pdf/{id}"),
        ("id", "arXiv:{id}"),
        ("source", "https://huggingface.co/papers/{id}"),
    ],
)
def test_a_papers_address_under_another_name_gives_its_id(key: str, value: str) -> None:
    records = [{"title": row.title, key: value.format(id=row.arxiv_id), "upvotes": 3} for row in ROWS]
    assert _read(json.dumps(records))["arxiv_id"] == [row.arxiv_id for row in ROWS]


def test_counts_and_authors_written_as_words_are_counted() -> None:
    records = [
        {
            "title": row.title,
            "url": f"https://huggingface.co/papers/{row.arxiv_id}",
            "upvotes": f"{n} upvotes",
            "comments": f"{n % 4} comments",
            "authors": "Alice Smith, Bob Li and 3 others" if n % 2 else "A. Smith et al.",
        }
        for n, row in enumerate(ROWS)
    ]
    got = _read(json.dumps(records))
    assert got["upvotes"] == list(range(len(ROWS)))
    assert got["n_comments"] == [n % 4 for n in range(len(ROWS))]
    assert got["n_authors"] == [5 if n % 2 else None for n in range(len(ROWS))]
