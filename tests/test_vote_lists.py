"""A day's papers as a list a script writes: each title (linked, or with the paper's URL on the next
line) and its vote count after it on the line. The count is the paper's upvotes, never part of its
title or its abstract (before: ``Title — 12 upvotes`` was the title, and the count in every
notation below was lost). Rendered from real days."""

from __future__ import annotations

import pytest

from pipeline.parse import parse_page
from tests.support import real_rows
from tests.support.real_rows import display

pytestmark = pytest.mark.skipif(not real_rows.available(), reason=real_rows.MISSING_MESSAGE)

DAYS = real_rows.sample_days(25)[2::8]
NOTATIONS = {
    "parenthesised": "- [{title}]({url}) ({votes} upvotes)",
    "after a dash": "- [{title}]({url}) — {votes} upvotes",
    "arrow emoji": "- [{title}]({url}) ⬆️ {votes}",
    "numbered, votes": "{n}. [{title}]({url}) ({votes} votes)",
    "task list": "- [ ] [{title}]({url}) · ▲ {votes}",
    "URL on the next line": "{n}. {title} — {votes} upvotes\n   {url}\n",
}


@pytest.mark.parametrize("notation", list(NOTATIONS))
@pytest.mark.parametrize("day", DAYS, ids=str)
def test_a_vote_count_after_the_title_is_the_papers_upvotes(day, notation: str) -> None:
    rows = real_rows.rows_by_day()[day]
    lines = [
        NOTATIONS[notation].format(
            n=n,
            title=display(row.title),
            url=f"https://huggingface.co/papers/{row.arxiv_id}",
            votes=row.stars or 0,
        )
        for n, row in enumerate(rows, start=1)
    ]
    page = parse_page(f"# HF daily papers {day}\n\n" + "\n".join(lines) + "\n")
    assert [r.title for r in page.records] == [display(row.title) for row in rows]
    assert [r.arxiv_id for r in page.records] == [row.arxiv_id for row in rows]
    assert [r.upvotes for r in page.records] == [row.stars or 0 for row in rows]
    assert not any(r.abstract for r in page.records)
