"""A day printed one paper a paragraph, as a notebook's ``print`` loop or a cron job's text mail
writes the API's papers: the title, a line of counts with the paper's address, the abstract wrapped
below. Rendered from real days; before, the title and counts were read as a title over an abstract
(or a paragraph as the abstract of the line above) and no address was read."""

from __future__ import annotations

import textwrap

import pytest

from pipeline.parse import parse_page
from tests.support import real_rows
from tests.support.real_rows import Row, display

pytestmark = pytest.mark.skipif(not real_rows.available(), reason=real_rows.MISSING_MESSAGE)

DAYS = real_rows.sample_days(25)[3::8]


def _printed(rows: tuple[Row, ...], *, numbered: bool, separator: str) -> str:
    out = [f"Fetched {len(rows)} papers\n"]
    for n, row in enumerate(rows, start=1):
        counts = [f"⬆ {row.stars or 0}"]
        if row.authors:
            counts.append(f"{len(row.authors)} authors")
        counts.append(f"https://huggingface.co/papers/{row.arxiv_id}")
        out.append(f"{n}. {display(row.title)}" if numbered else display(row.title))
        out.append("   " + separator.join(counts))
        abstract = display(row.abstract)
        if abstract:
            out.append(textwrap.fill(abstract, 100, initial_indent="   ", subsequent_indent="   "))
        out.append("")
    return "\n".join(out)


@pytest.mark.parametrize(("numbered", "separator"), [(True, " | "), (False, " · ")], ids=["numbered", "dots"])
@pytest.mark.parametrize("day", DAYS, ids=str)
def test_a_day_printed_one_paper_a_paragraph_gives_every_card(day, numbered: bool, separator: str) -> None:
    rows = real_rows.rows_by_day()[day]
    page = parse_page(_printed(rows, numbered=numbered, separator=separator))
    assert page.layout == "card_paragraphs"
    assert [r.title for r in page.records] == [display(row.title) for row in rows]
    assert [r.arxiv_id for r in page.records] == [row.arxiv_id for row in rows]
    assert [r.upvotes for r in page.records] == [row.stars or 0 for row in rows]
    assert [r.n_authors for r in page.records] == [len(row.authors) or None for row in rows]
    assert [r.abstract for r in page.records] == [" ".join(display(row.abstract).split()) for row in rows]


def test_paragraphs_whose_second_line_is_prose_are_not_taken_for_cards() -> None:
    """A note citing papers in its prose is no printed listing: its second lines are sentences."""
    note = "\n\n".join(
        f"Reading list {n}\nSee https://huggingface.co/papers/2512.1043{n} for the details of this one.\n"
        "It argues that the method scales."
        for n in range(5)
    )
    assert parse_page(note).layout != "card_paragraphs"
