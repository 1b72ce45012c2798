"""A day pasted into Logseq: its Markdown keeps every link around an image as an Org export block of
hiccup (``#+BEGIN_EXPORT hiccup`` … ``#+END_EXPORT``), which ``pipeline/hiccup_blocks.py`` writes
back as the Markdown an HTML converter writes for the link."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pipeline.content_parse import summarise_bytes
from pipeline.hiccup_blocks import hiccup_to_markdown
from tests.support import real_rows
from tests.support.exporters import PageSpec
from tests.support.html_export import render_hf_html

PASTE = Path(__file__).parent / "fixtures" / "logseq" / "2025-12-04_logseq_paste.md"


@pytest.mark.skipif(not real_rows.available(), reason=real_rows.MISSING_MESSAGE)
def test_a_day_pasted_into_logseq_gives_every_card_with_its_author_count() -> None:
    """Before, the hiccup block after an abstract was taken for it (84 of 641 abstracts wrong in the
    hunt, 14 of 25 days published ``ok``) and every author count, inside a block, was lost."""
    summary, sightings, _ = summarise_bytes(PASTE.read_bytes(), "0" * 64)
    day = date(2025, 12, 4)
    _, cards = render_hf_html(PageSpec(listing_date=day, captured=day), real_rows.rows_by_day()[day])
    assert summary.status == "ok", summary.error
    assert sightings["arxiv_id"].to_pylist() == [card.arxiv_id for card in cards]
    assert [a or None for a in sightings["abstract"].to_pylist()] == [card.abstract or None for card in cards]
    assert sightings["n_authors"].to_pylist() == [card.n_authors for card in cards]


def test_a_hiccup_block_becomes_the_links_markdown_and_keeps_the_text_around_it() -> None:
    lines = [
        "- ## by #+BEGIN_EXPORT hiccup",
        '  [:a {:href "https://huggingface.co/akhaliq"} [:img {:alt "", :src "https://x/by.png"}] "AK"]',
        "  #+END_EXPORT  and the research community",
        '  #+BEGIN_EXPORT hiccup [:a {:href "/papers/2512.02834"} [:div {} "5 authors"]] #+END_EXPORT',
    ]
    assert hiccup_to_markdown(lines) == [
        "- ## by [![](https://x/by.png) AK](https://huggingface.co/akhaliq)  and the research community",
        "",
        "",
        "  [5 authors](/papers/2512.02834)",
    ]


def test_a_block_that_is_no_hiccup_is_left_as_written() -> None:
    lines = ["#+BEGIN_EXPORT hiccup", '[:a {:href "unclosed"', "#+END_EXPORT", "text"]
    assert hiccup_to_markdown(lines) == lines
