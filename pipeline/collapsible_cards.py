"""Cards folded into HTML ``<details>`` blocks, as digest generators write them into a Markdown page
(the daily README of the public repository the real-papers data comes from), rewritten as the
Markdown cards the card reader knows.

Such a digest writes each paper as::

    <details>
    <summary><b>1. Stratagem: Learning Transferable Reasoning …</b> ⭐ 0</summary>
    **👥 Authors:** Prashant C. Raju
    **🔗 Links:** [🤗 HuggingFace](https://huggingface.co/papers/2604.17696) • [📄 arXiv](…)
    > Happy to share our latest paper: …
    </details>

On a page with such a summary and a link to a paper on huggingface.co: the summary becomes the
``### [Title](paper link)`` heading (its rank number dropped; the block's first paper link) with its
count as ``▲ N`` on the ``<details>`` line before it, an ``Authors:`` line becomes ``N authors``,
and lines of these tags alone are left blank. The page keeps its line count, so line numbers stay
those of the file.
"""

from __future__ import annotations

import re
from html import unescape

from pipeline.html_pages import ANY_TAG
from pipeline.page_items import escape_link_text

MIN_SUMMARIES = 1

_SUMMARY = re.compile(r"^\s*<summary[^>]*>(?P<inner>.*?)</summary>\s*$", re.IGNORECASE)
_COUNT = re.compile(r"\s*(?:⭐|▲|👍|🔥|❤️?)\s*(?P<n>\d[\d,]*)\s*$")
_RANK = re.compile(r"^\s*#?\d{1,4}[.)]\s+")
_TAGS_ONLY = re.compile(r"^\s*(?:</?(?:details|summary|br|p|div|hr)\b[^>]*>\s*)+$", re.IGNORECASE)
_BLOCK_LINES = 60  # a card's block is looked through this far for its paper link
_PAPER_URL = re.compile(r"https://huggingface\.co/papers/\d{4}\.\d{4,5}")
_AUTHORS = re.compile(r"^\W{0,3}authors?\s*:\s*(?P<names>.+)$", re.IGNORECASE)


def _paper_url(lines: list[str], start: int) -> str | None:
    """The first paper link of the block the summary on line ``start`` opens."""
    for line in lines[start + 1 : start + 1 + _BLOCK_LINES]:
        lowered = line.lower()
        if "</details>" in lowered or "<summary" in lowered:
            return None
        if found := _PAPER_URL.search(line):
            return found[0]
    return None


def has_collapsible_cards(lines: list[str]) -> bool:
    """Whether the page folds cards into ``<details>``: a summary line, and a link to a paper."""
    summaries = sum(1 for line in lines if "<summary" in line.lower() and _SUMMARY.match(line))
    return summaries >= MIN_SUMMARIES and any("huggingface.co/papers/" in line for line in lines)


def collapsible_to_markdown(lines: list[str]) -> list[str]:
    """The page's lines with its ``<details>`` cards as Markdown cards (same number of lines)."""
    out = list(lines)
    for i, line in enumerate(lines):
        summary = _SUMMARY.match(line) if "<summary" in line.lower() else None
        if summary:
            text = " ".join(unescape(ANY_TAG.sub("", summary["inner"])).split())
            count = _COUNT.search(text)
            title = _RANK.sub("", text[: count.start()] if count else text).strip()
            paper = _paper_url(lines, i)
            label = escape_link_text(title)
            out[i] = (f"### [{label}]({paper})" if paper else f"### {title}") if title else ""
            if count and i > 0 and _TAGS_ONLY.match(lines[i - 1]):
                out[i - 1] = f"▲ {count['n'].replace(',', '')}"
        elif "<" in line and _TAGS_ONLY.match(line):
            out[i] = "" if out[i] == line else out[i]
        elif "uthor" in line and (authors := _AUTHORS.match(line.replace("*", "").replace("_", " ").strip())):
            names = [n for n in re.split(r",|\band\b", authors["names"]) if n.strip()]
            out[i] = f"{len(names)} authors"
    return out
