"""A chat channel where a bot posts the day's papers, exported by the chat's own tool. The bots'
messages follow public bots' templates (a Slack digest ``N. <url|Title> (👍 7)``, a Discord post
``**Title**`` / ``<url>`` / ``👍 7 upvotes``, a Telegram message of bold and link entities); the
export formats are the tools' own: Slack's workspace export (a JSON list of messages a channel
and day), DiscordChatExporter's CSV (``AuthorID,Author,Date,Content,Attachments,Reactions``, its
``CsvMessageWriter``) and TXT (``PlainTextMessageWriter``: a ``[date] author`` line over each
message), Telegram Desktop's ``result.json`` (a message's text a list of strings and entities),
Element's JSON (``content.body``), Mattermost's bulk export (JSON Lines of ``post``) and WhatsApp's
"Export chat" text (``12/5/25, 9:00 AM - Name: text``)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

from tests.support.exporters import CardFacts

HF = "https://huggingface.co/papers/"


def slack_digest(cards: Sequence[CardFacts]) -> str:
    lines = ["Research Digest", "", "Today's papers (with links):"]
    lines += [f"{n}. <{HF}{c.arxiv_id}|{c.title}> (👍 {c.upvotes})" for n, c in enumerate(cards, 1)]
    message = {
        "type": "message",
        "subtype": "bot_message",
        "text": "\n".join(lines),
        "ts": "1764925200.000100",
    }
    return json.dumps([message], indent=4, ensure_ascii=False)


def slack_bot_posts(cards: Sequence[CardFacts]) -> str:
    messages = [
        {
            "type": "message",
            "text": f"<{HF}{c.arxiv_id}|*{c.title}*>",
            "bot_id": "B07",
            "ts": f"1764925{n:03d}.000100",
        }
        for n, c in enumerate(cards)
    ]
    return json.dumps(messages, indent=4, ensure_ascii=False)


def _discord_content(card: CardFacts) -> str:
    return f"**{card.title}**\n<{HF}{card.arxiv_id}>\n👍 {card.upvotes} upvotes"


def discord_csv(cards: Sequence[CardFacts]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(["AuthorID", "Author", "Date", "Content", "Attachments", "Reactions"])
    for n, card in enumerate(cards):
        stamp = f"2025-12-05T09:{n // 20:02d}:{n * 3 % 60:02d}.0000000+00:00"
        writer.writerow(["1199887766554433221", "HF Papers", stamp, _discord_content(card), "", ""])
    return out.getvalue().replace(
        '"AuthorID","Author","Date","Content","Attachments","Reactions"',
        "AuthorID,Author,Date,Content,Attachments,Reactions",
    )


def discord_txt(cards: Sequence[CardFacts]) -> str:
    rule = "=" * 62
    lines = [rule, "Guild: ML Reading Group", "Channel: Papers / hf-daily-papers", rule, ""]
    for card in cards:  # the writer drops the Markdown (its PlainTextMarkdownVisitor)
        lines += [
            "[12/5/2025 9:00 AM] HF Papers",
            card.title,
            f"{HF}{card.arxiv_id}",
            f"👍 {card.upvotes} upvotes",
            "",
            "",
        ]
    return "\n".join([*lines, rule, f"Exported {len(cards):,} message(s)", rule, ""])


def telegram_result(cards: Sequence[CardFacts]) -> str:
    messages = [
        {
            "id": 1000 + n,
            "type": "message",
            "date": "2025-12-05T09:00:00",
            "from": "HF Daily Papers",
            "text": [
                {"type": "bold", "text": card.title},
                f"\n\n📊 👍 {card.upvotes} upvotes\n\n🔗 ",
                {"type": "text_link", "text": "HuggingFace", "href": f"{HF}{card.arxiv_id}"},
            ],
        }
        for n, card in enumerate(cards)
    ]
    return json.dumps({"name": "HF Daily Papers", "type": "public_channel", "messages": messages}, indent=1)


def element_json(cards: Sequence[CardFacts]) -> str:
    events = [
        {
            "type": "m.room.message",
            "sender": "@hfpapers:matrix.org",
            "content": {"msgtype": "m.notice", "body": f"**{c.title}**\n{HF}{c.arxiv_id}\n👍 {c.upvotes}"},
            "origin_server_ts": 1764925200000 + n,
        }
        for n, c in enumerate(cards)
    ]
    return json.dumps({"room_name": "HF Daily Papers", "messages": events}, indent=4, ensure_ascii=False)


def mattermost_jsonl(cards: Sequence[CardFacts]) -> str:
    lines = [json.dumps({"type": "version", "version": 1})]
    for card in cards:
        message = f"#### [{card.title}]({HF}{card.arxiv_id})\n:+1: {card.upvotes} upvotes"
        post = {"team": "ml", "channel": "papers", "user": "hf-papers-bot", "message": message}
        lines.append(json.dumps({"type": "post", "post": post}, ensure_ascii=False))
    return "\n".join(lines) + "\n"


def whatsapp_digest(cards: Sequence[CardFacts]) -> str:
    lines = [
        "12/4/25, 9:00 AM - Messages and calls are end-to-end encrypted. Tap to learn more.",
        "12/5/25, 9:00 AM - Papers Bot: Research Digest",
        "",
        "Today's papers (with links):",
        *[f"{n}. {c.title} - {HF}{c.arxiv_id}" for n, c in enumerate(cards, 1)],
        f"12/5/25, 9:07 AM - Maya: thanks! the {cards[0].arxiv_id} one looks great",
    ]
    return "\n".join(lines) + "\n"


def whatsapp_posts(cards: Sequence[CardFacts]) -> str:
    """A post a paper, its vote count between its title and its address (a layout not read)."""
    lines = []
    for card in cards:
        lines += [
            f"12/5/25, 9:00 AM - Papers Bot: 📄 *{card.title}*",
            f"👍 {card.upvotes} upvotes",
            f"{HF}{card.arxiv_id}",
        ]
    return "\n".join(lines) + "\n"
