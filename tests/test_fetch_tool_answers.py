"""A day an AI agent read through the MCP fetch server (``tests/support/fetch_tool.py``), saved as
the agent got it: the server's answers one after the other, JSON Lines of its JSON-RPC responses, or
the first answer alone. The page is the server's Markdown of a real day (markdownify, as the server
converts HTML). The cards read must be the cards of the page read whole."""

from __future__ import annotations

from datetime import timedelta

import pytest

from pipeline.content_parse import summarise_bytes
from tests.support import real_rows
from tests.support.containers import daily_url, read_cards
from tests.support.exporters import PageSpec
from tests.support.fetch_tool import fetch_answers, json_rpc_lines
from tests.support.html_export import CONVERTERS, render_hf_html

pytestmark = pytest.mark.skipif(not real_rows.available(), reason=real_rows.MISSING_MESSAGE)

DAYS = real_rows.sample_days(25)[::8]  # 4 real days, 5 to 35 cards


def _page(day) -> tuple[str, str]:
    spec = PageSpec(listing_date=day, captured=day + timedelta(days=1))
    html, _ = render_hf_html(spec, real_rows.rows_by_day()[day])
    return daily_url(day), CONVERTERS["markdownify"](html)


@pytest.mark.parametrize("saved", ["one after the other", "json-rpc lines"])
@pytest.mark.parametrize("day", DAYS, ids=str)
def test_a_fetch_tools_answers_are_read_as_the_page_they_cut(day, saved: str) -> None:
    """Before: each slice was read apart (a title cut by a slice published as a paper, the notice
    as a title, an abstract's half opening with ``Contents of https://…``); now the answers are one
    page again, the URL the tool fetched its address."""
    url, page = _page(day)
    answers = fetch_answers(url, page)
    assert len(answers) >= 2  # (the day's page is longer than one answer)
    data = "\n\n".join(answers) if saved == "one after the other" else json_rpc_lines(answers)
    summary, cards = read_cards(data.encode())
    _, whole = read_cards(page.encode())
    assert summary.status == "ok", summary.error
    assert cards == whole and len(whole) == len(real_rows.rows_by_day()[day])
    assert summary.page_url == url and summary.page_kind == "daily"


@pytest.mark.parametrize("day", real_rows.sample_days(25)[2:6:3], ids=str)
def test_the_first_answer_alone_keeps_the_cards_it_holds_and_says_it_was_cut(day) -> None:
    """An agent that stopped after the first answer, cut inside a card's title (on these days):
    the cards before the cut are read, the cut card is a reject saying so, not a paper titled with
    the title's start, and the file says its capture was truncated."""
    url, page = _page(day)
    summary, sightings, rejects = summarise_bytes(fetch_answers(url, page)[0].encode(), "0" * 64)
    assert summary.status == "ok", summary.error
    assert any("truncated" in warning for warning in summary.warnings)
    rows = real_rows.rows_by_day()[day]
    got = sightings.column("arxiv_id").to_pylist()
    assert got == [row.arxiv_id for row in rows[: len(got)]] and 0 < len(got) < len(rows)
    assert sightings.column("title").to_pylist() == [row.title for row in rows[: len(got)]]
    assert any("cut off" in reason for reason in rejects.column("reason").to_pylist())
