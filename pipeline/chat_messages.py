"""A chat channel's messages as one page: a bot that posts the day's papers into Slack, Discord,
Telegram, Matrix or Mattermost, the channel exported (Slack's export, DiscordChatExporter's JSON
and CSV, Telegram Desktop's ``result.json``, Element's JSON, Mattermost's JSON Lines).

Each message holds one paper or a digest of them in its text, too short to be a page alone; the
messages in order are the page the bot wrote (``json_envelope`` joins them). Slack writes links
as ``<url|text>`` and Telegram a message's text as a list of strings and entities
(``{"type": "text_link", "text", "href"}``): both are written back as Markdown here. A post of a
title, its vote count and the paper's link (``📄 Title`` / ``👍 7 upvotes`` / ``🔗 <url>``) is
written as the card it is, its title linked: read as they stood, each link was taken for the
start of the next card, every title shifted onto the paper after it."""

from __future__ import annotations

import re
from typing import Any

from pipeline.card_vocabulary import UPVOTE

_SLACK_LINK = re.compile(r"<(https?://[^|>\s]+)\|([^>]*)>")


def slack_links_written(text: str) -> str:
    """``<https://…|Title>`` -> ``[Title](https://…)`` (``<https://…>`` is Markdown's own)."""
    if "<http" not in text or "|" not in text:
        return text
    return _SLACK_LINK.sub(lambda m: f"[{m[2]}]({m[1]})", text)


def telegram_text(parts: list[Any]) -> str | None:
    """A Telegram export's message text (strings and entities) as one Markdown string, or None
    for a list that is no such text."""
    out = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
        elif isinstance(part, dict) and isinstance(part.get("text"), str):
            href = part.get("href")
            out.append(f"[{part['text']}]({href})" if isinstance(href, str) else part["text"])
        else:
            return None
    return "".join(out)


_PAPER_URL = re.compile(
    r"https?://(?:huggingface\.co/papers|arxiv\.org/(?:abs|pdf))/(\d{4}\.\d{4,5})[^\s)>\]|]*"
)
_LINKS = re.compile(r"\[[^\]]*\]\([^)]*\)|<https?://[^>]*>|https?://\S+")
_LEADING_SYMBOLS = re.compile(r"^[^\w\[\"'“‘(]+")
MAX_LINK_LINE_TEXT = 30  # characters beside its links on a line that only points at the paper ("Read more:")


def title_votes_link_post(message: str) -> str:
    """A post of a title line, vote counts and lines only pointing at one paper, as ``### [title](url)``
    over its counts; any other message as it is."""
    urls = list(_PAPER_URL.finditer(message))
    lines = [line.strip() for line in message.strip().split("\n") if line.strip()]
    if not urls or len({url[1] for url in urls}) != 1 or len(lines) < 2 or _PAPER_URL.search(lines[0]):
        return message
    title = _LEADING_SYMBOLS.sub("", lines[0]).strip("*_ ").strip()
    votes = []
    for line in lines[1:]:
        bare = _LEADING_SYMBOLS.sub("", line).strip()
        if _PAPER_URL.search(line) and len(_LINKS.sub("", line).strip()) < MAX_LINK_LINE_TEXT:
            continue
        if not UPVOTE.match(bare) and not UPVOTE.match(f"👍 {bare}"):
            return message  # more than a title, its votes and its link: left as written
        votes.append(f"👍 {bare}" if bare[:1].isdigit() else bare)
    if not title or "[" in title:
        return message
    return "\n\n".join([f"### [{title}]({urls[0][0]})", *votes])
