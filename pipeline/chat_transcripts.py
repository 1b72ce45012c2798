"""A chat exported as text, where a bot posted the day's papers: DiscordChatExporter's TXT (each
message under a ``[12/5/2025 9:00 AM] HF Papers`` line, embeds under ``{Embed}``) and WhatsApp's
"Export chat" (``12/5/25, 9:00 AM - Papers Bot: text``, or ``[12/5/25, 9:00:00 AM] Papers Bot:
text`` on iOS).

Read as a page, the message header was glued to the title under it (``[12/5/2025 9:00 AM] HF
Papers Qwen3-VL Technical Report`` on 485 of 485 cards, published ``ok``). Here each message is a
paragraph of its own: the header becomes a blank line (WhatsApp's text after it goes on the next
line, on the same line of the file), the exporter's ``{Reactions}`` / ``{Attachments}`` markers
are blank, and so are DiscordChatExporter's banner and closing count; a digest's ``N. Title -
URL`` line is the Markdown link it stands for, and the page is read as the text the bot wrote.
Under that banner one message is a transcript (a day of one paper). A transcript of embeds (their
fields one a line under their names) is left alone: no reader knows that layout, and it is
quarantined."""

from __future__ import annotations

import re

_TIME = r"\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp]\.?[Mm]\.?)?"
_DISCORD_HEADER = re.compile(rf"^\[{_TIME}\]\s+\S.{{0,80}}$")
_WHATSAPP_LINE = re.compile(
    rf"^\u200e?(?:\[{_TIME}\]|{_TIME}\s+-)\s+(?:(?P<who>[^:]{{1,60}}):\s)?(?P<text>.*)$"
)
# A digest's line, "4. ViDiC: Video Difference Captioning - https://huggingface.co/papers/2512.03405"
_DIGEST_LINE = re.compile(
    r"^(?P<n>\s*\d{1,3}[.)]\s+)(?P<title>\S.*?)\s+[-–—:|]\s+"
    r"(?P<url>https?://(?:huggingface\.co/papers|arxiv\.org/(?:abs|pdf))/\d{4}\.\d{4,5}\S*)\s*$"
)
_MARKERS = frozenset({"{Embed}", "{Reactions}", "{Attachments}", "{Stickers}"})
# DiscordChatExporter's TXT opens with a banner ("=" * 62, "Guild: …", "Channel: …", "Topic: …",
# "=" * 62) and ends with one ("Exported 3 message(s)" between two rules)
_RULE = re.compile(r"^={20,}\s*$")
_EXPORTED = re.compile(r"^Exported [\d,]+ message\(s\)\s*$")
MIN_MESSAGES = 3
HEAD_LINES = 200  # the message headers are looked for this far into the text


def chat_lines(text: str) -> tuple[list[str], list[int]] | None:
    """The transcript's messages as paragraphs (lines, the file's line of each), or None when the
    text is no such transcript (fewer than ``MIN_MESSAGES`` headers in its first ``HEAD_LINES`` lines,
    or than one under DiscordChatExporter's banner)."""
    head = text.split("\n", HEAD_LINES)[:HEAD_LINES]  # (the whole text is split once it is one)
    banner = _discord_banner(head)  # under it one message is a transcript too (a day's single paper)
    if sum(1 for line in head if _DISCORD_HEADER.match(line)) >= (1 if banner else MIN_MESSAGES):
        # an embed's fields stand one a line under their names ("Title", "URL", "Upvotes"): a
        # layout no reader knows, left to be quarantined rather than read as cards
        return None if "\n{Embed}" in text else _discord(text.split("\n"), banner)
    if sum(1 for line in head if line[:1].isdigit() or line[:1] in "[\u200e") >= MIN_MESSAGES and (
        sum(1 for line in head if _WHATSAPP_LINE.match(line)) >= MIN_MESSAGES
    ):
        return _whatsapp(text.split("\n"))
    return None


def _discord_banner(head: list[str]) -> int:
    """How many lines DiscordChatExporter's opening banner takes (0: none): a rule, the guild and
    channel lines, a rule."""
    start = next((i for i, line in enumerate(head[:3]) if line.strip()), 0)
    if len(head) < start + 3 or not _RULE.match(head[start].lstrip("\ufeff")):
        return 0
    end = next((i for i in range(start + 1, min(len(head), start + 8)) if _RULE.match(head[i])), None)
    named = any(line.startswith(("Guild: ", "Channel: ")) for line in head[start + 1 : end or start])
    return end + 1 if end is not None and named else 0


def _discord(lines: list[str], banner: int) -> tuple[list[str], list[int]]:
    """The transcript's lines with its ``banner`` first lines, message headers, markers, rules and
    closing count blank."""
    out = [
        ""
        if number < banner
        or _DISCORD_HEADER.match(line)
        or line.strip() in _MARKERS
        or _RULE.match(line)
        or _EXPORTED.match(line)
        else _linked(line)
        for number, line in enumerate(lines)
    ]
    return out, list(range(1, len(lines) + 1))


def _linked(line: str) -> str:
    """A digest's ``N. Title - URL`` line as the Markdown list item it stands for."""
    if "http" in line and (match := _DIGEST_LINE.match(line)):
        return f"{match['n']}[{match['title']}]({match['url']})"
    return line


def _whatsapp(lines: list[str]) -> tuple[list[str], list[int]]:
    out: list[str] = []
    origin: list[int] = []
    for number, line in enumerate(lines, start=1):
        match = _WHATSAPP_LINE.match(line)
        if match is None:
            out.append(_linked(line))
            origin.append(number)
            continue
        out.append("")
        origin.append(number)
        if match["who"]:  # a person's or a bot's message (a system line has no sender)
            out.append(_linked(match["text"]))
            origin.append(number)
    return out, origin
