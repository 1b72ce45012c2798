"""A bot's posts of a real day's papers in a chat channel, exported by the chat's own tool
(``tests/support/chat_exports.py``): every paper with its id and title, and a layout no reader
knows is quarantined, never published with wrong titles."""

from __future__ import annotations

from datetime import timedelta

import pytest

from pipeline.content_parse import summarise_bytes
from tests.support import chat_exports, real_rows
from tests.support.exporters import PageSpec
from tests.support.html_export import render_hf_html

pytestmark = pytest.mark.skipif(not real_rows.available(), reason=real_rows.MISSING_MESSAGE)

DAYS = real_rows.sample_days(25)[4:20:7]  # 3 real days


def _cards(day):
    return render_hf_html(
        PageSpec(listing_date=day, captured=day + timedelta(days=1)), real_rows.rows_by_day()[day]
    )[1]


EXPORTS = {
    "slack digest": (chat_exports.slack_digest, True),
    "slack bot posts": (chat_exports.slack_bot_posts, False),
    "discordchatexporter csv": (chat_exports.discord_csv, True),
    "discordchatexporter txt": (chat_exports.discord_txt, True),
    "telegram result.json": (chat_exports.telegram_result, True),
    "element json": (chat_exports.element_json, True),
    "mattermost jsonl": (chat_exports.mattermost_jsonl, True),
    "whatsapp digest": (chat_exports.whatsapp_digest, False),
}


@pytest.mark.parametrize("export", list(EXPORTS))
@pytest.mark.parametrize("day", DAYS, ids=str)
def test_a_bots_posts_exported_from_the_chat_give_the_days_papers(day, export: str) -> None:
    """Before: Slack's ``<url|Title>`` kept in titles and no id, DiscordChatExporter's CSV titled
    by the author's id and its TXT by the ``[date] author`` line, WhatsApp's digest without ids (all
    published ``ok``); Telegram's, Element's and Mattermost's messages never read."""
    write, shows_votes = EXPORTS[export]
    cards = _cards(day)
    got = _read_back(write(cards), cards)
    if shows_votes:
        assert got["upvotes"] == [c.upvotes for c in cards]


def _read_back(exported: str, cards) -> dict[str, list]:
    """The export's sightings, held to the cards' ids and titles in order."""
    summary, sightings, _ = summarise_bytes(exported.encode(), "0" * 64)
    assert summary.status == "ok", summary.error
    got = sightings.to_pydict()
    assert list(zip(got["arxiv_id"], got["title"], strict=True)) == [(c.arxiv_id, c.title) for c in cards]
    return got


def test_a_layout_no_reader_knows_is_quarantined_not_published_with_vote_counts_as_titles() -> None:
    """WhatsApp posts with the vote count between title and address: before the guard, published
    with ``👍 0 upvotes`` as titles."""
    summary, sightings, _ = summarise_bytes(chat_exports.whatsapp_posts(_cards(DAYS[0])).encode(), "0" * 64)
    titles = [] if sightings is None else sightings.column("title").to_pylist()
    assert not [t for t in titles if "upvotes" in t]
    assert summary.status != "ok" or titles == [c.title for c in _cards(DAYS[0])]


SMALL_DAYS = sorted(day for day, rows in real_rows.rows_by_day().items() if len(rows) <= 2)[::2]


@pytest.mark.parametrize("export", ["discordchatexporter csv", "discordchatexporter txt"])
@pytest.mark.parametrize("day", SMALL_DAYS, ids=str)
def test_a_day_of_one_or_two_papers_exported_by_discordchatexporter_gives_them(day, export: str) -> None:
    """The exporter's own banner or header names the file a channel's export, so one message is a
    transcript too. Before: with fewer than 3 messages the TXT was read as a page (titles with
    ``[12/5/2025 9:00 AM] HF Papers`` glued on, the closing rule as an abstract) and the CSV as a
    table of junk (its header as the title), both published ``ok``."""
    write, _ = EXPORTS[export]
    cards = _cards(day)
    got = _read_back(write(cards), cards)
    assert got["upvotes"] == [c.upvotes for c in cards]
    assert not [a for a in got["abstract"] if a and "===" in a]
