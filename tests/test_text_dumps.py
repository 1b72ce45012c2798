"""Text browsers' dumps (lynx, w3m, elinks, links) and text extractors' pages (resiliparse) beyond
the round trips of their fixture pages: a dump whose reference list was cut off, and pages that only
look like dumps."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

import pytest

from pipeline.bracket_links import has_parenthesised_links
from pipeline.dates import parse_page_date
from pipeline.parse import parse_page
from pipeline.text_dumps import has_numbered_links, numbered_to_markdown
from tests.support import real_rows
from tests.support.exporters import PageSpec, render
from tests.support.html_export import EXTRACTORS_DIR, TEXT_BROWSER_DIR, render_hf_html

pytestmark = pytest.mark.skipif(not real_rows.available(), reason=real_rows.MISSING_MESSAGE)

LYNX_PAGE = TEXT_BROWSER_DIR / "2025-12-04_lynx.txt"


def test_a_lynx_dump_cut_before_its_reference_list_still_gives_every_card() -> None:
    """The numbers stay, their targets are gone: the markers are dropped and the cards read as
    they would without links (no arXiv ids, no year on a card's date), none invented, no ``[n]``
    left in a title."""
    text = LYNX_PAGE.read_text(encoding="utf-8")
    whole = parse_page(text)
    cut = text[: text.index("\nReferences")]
    lines = cut.split("\n")
    assert has_numbered_links(lines)
    assert len(numbered_to_markdown(lines)) == len(lines)  # line numbers stay the file's

    page = parse_page(cut)

    assert [r.title for r in page.records] == [r.title for r in whole.records]
    assert [r.upvotes for r in page.records] == [r.upvotes for r in whole.records]
    # without ids the year is the capture's (the warehouse's staging adds it): month and day here
    shown = [parse_page_date(r.published_date_text or "") for r in page.records]
    assert shown == [(r.published_date.month, r.published_date.day) for r in whole.records]
    assert all(r.arxiv_id is None for r in page.records)
    assert not any(re.search(r"\[\d+\]", r.title) for r in page.records)
    assert page.page_date == whole.page_date


def test_a_lynx_dump_gives_ids_upvotes_and_abstracts_from_its_reference_list() -> None:
    page = parse_page(LYNX_PAGE.read_text(encoding="utf-8"))
    assert len(page.records) == 20
    assert all(r.arxiv_id for r in page.records)
    assert all(r.upvotes is not None for r in page.records)
    assert not page.rejects


def test_an_abstract_citing_numbered_references_is_not_a_dump() -> None:
    """Twelve ``[n]`` citations in order on one line of a Markdown page are the abstract's own."""
    day = real_rows.sample_days(3)[1]
    rows = list(real_rows.rows_by_day()[day][:10])
    cited = "We build on " + ", ".join(f"[{n}]" for n in range(1, 13)) + " and improve on all of them."
    rows[3] = replace(rows[3], abstract=cited)
    spec = PageSpec(listing_date=day, captured=day + timedelta(days=1))
    for style in ("firecrawl", "minimal_md", "clip"):
        rendered = render(style, spec, rows)
        assert not has_numbered_links(rendered.text.split("\n")), style
        page = parse_page(rendered.text)
        assert cited in [r.abstract for r in page.records], style


@pytest.mark.skipif(not real_rows.available(), reason=real_rows.MISSING_MESSAGE)
@pytest.mark.parametrize("day", real_rows.sample_days(25)[::5] if real_rows.available() else [], ids=str)
def test_html2text_without_links_gives_every_title_whole(day) -> None:
    """html2text --ignore-links wraps a heading at 78 columns ("### … via Auto-" / "Regressive
    Diffusion") and leaves no link to join it by: every title is read whole, the vote count with it."""
    import html2text

    spec = PageSpec(listing_date=day, captured=day + timedelta(days=1))
    page, facts = render_hf_html(spec, real_rows.rows_by_day()[day])
    converter = html2text.HTML2Text()
    converter.ignore_links = True
    cards = parse_page(converter.handle(page)).records
    assert [r.title for r in cards] == [f.title for f in facts]


@pytest.mark.skipif(not real_rows.available(), reason=real_rows.MISSING_MESSAGE)
@pytest.mark.parametrize(
    ("day", "title_start"),
    [
        ("2026-01-02", "Factorized Learning"),  # "Some key takeaways: [1] We emphasize ... [2] ..."
        ("2026-02-07", "CoPE"),  # "[Paper] [HF checkpoints] CoPE is ..."
        ("2026-03-28", "PixelSmile"),  # "from [@Wildminder](https://x.com/wildmindai) ..."
        ("2026-03-28", "Revisiting On-Policy"),  # "teacher feedback[1][2][3]."
    ],
)
def test_an_abstracts_own_brackets_stay_text_in_a_numbered_reference_dump(day, title_start) -> None:
    """html2text with reference links under each paragraph writes every link as ``[text][n]`` and
    leaves the abstract's own brackets as they are. Read as CommonMark, ``[1]`` is a link to
    definition 1 and ``[@name](url)`` an inline link: inside the abstract's link they broke it, and
    the card's abstract was read as ``150`` or ``HF checkpoints``. Such a writer nests no link and
    writes no shortcut reference, so those brackets are the abstract's text."""
    from tests.support.html_export import render_converted

    listed = date.fromisoformat(day)
    spec = PageSpec(listing_date=listed, captured=listed + timedelta(days=1))
    rendered = render_converted("html2text_paragraph_links", spec, real_rows.rows_by_day()[listed])
    (card,) = [c for c in rendered.cards if c.title.startswith(title_start)]
    (record,) = [r for r in parse_page(rendered.text).records if r.title == card.title]
    assert "[" in card.abstract and record.abstract == card.abstract


RESILIPARSE_PAGE = EXTRACTORS_DIR / "2025-12-15_resiliparse_links.txt"


def test_an_abstract_ending_in_a_url_in_parentheses_keeps_it_on_a_resiliparse_page() -> None:
    """resiliparse writes each link as ``text (url)``; an abstract's own ``(https://…)`` closing its
    paragraph is no link: it stays in the abstract, and every card reads as before."""
    text = RESILIPARSE_PAGE.read_text(encoding="utf-8")
    before = parse_page(text)
    card = next(r for r in before.records if len(r.abstract) > 300 and r.abstract in text)
    cited = f"{card.abstract} Code: (https://github.com/example/repo)"
    after = parse_page(text.replace(card.abstract, cited, 1))
    assert cited in [r.abstract for r in after.records]
    assert [(r.title, r.arxiv_id, r.upvotes) for r in after.records] == [
        (r.title, r.arxiv_id, r.upvotes) for r in before.records
    ]


def test_abstracts_citing_urls_in_parentheses_do_not_make_a_page_resiliparse_s() -> None:
    """A plain page whose abstracts end in ``(https://…)`` has no link to a paper in parentheses:
    it is read as it was, each URL left in its abstract."""
    day = real_rows.sample_days(3)[0]
    rows = [
        replace(row, abstract=f"{row.abstract} Code: (https://github.com/example/repo{n})")
        for n, row in enumerate(real_rows.rows_by_day()[day][:8])
    ]
    spec = PageSpec(listing_date=day, captured=day + timedelta(days=1))
    for style in ("spaced", "minimal_md", "text_dump"):
        text = render(style, spec, rows).text
        assert not has_parenthesised_links(text.split("\n")), style
        abstracts = [r.abstract for r in parse_page(text).records]
        assert all(f"(https://github.com/example/repo{n})" in a for n, a in enumerate(abstracts)), style
