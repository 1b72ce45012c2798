"""Real Hugging Face daily-listing rows from ``../shared/real-papers/`` (relative to the repo root).

``hf_daily_listings.jsonl`` holds one row per paper per listed day (5,917 rows, 2025-12-04 ..
2026-08-22). It is real data with real noise, kept as is: abstracts that are null, empty, a copy of
the title, or a submitter's summary with emoji, newlines, tabs, control characters, Markdown-looking
text (``**``, backticks, ``](``), LaTeX backslashes; empty author lists; ``stars`` that is null.

Nothing here cleans a row. :func:`display` is only what a browser shows of a text (whitespace
collapsed, control characters gone), which renderers write and expected cards hold.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("PAPERLAKE_SHARED_DIR", REPO_ROOT.parent / "shared"))
REAL_PAPERS = SHARED / "real-papers" / "hf_daily_listings.jsonl"
REAL_PAGES = SHARED / "real-pages"
MISSING_MESSAGE = f"real data rows not found at {REAL_PAPERS} (../shared/ beside the repo root is absent)"


@dataclass(frozen=True)
class Row:
    """One real listing row, as the scraper got it."""

    listed_date: date
    rank: int
    arxiv_id: str
    title: str
    abstract: str | None
    authors: tuple[str, ...]
    stars: int | None
    github_links: tuple[str, ...]


def available() -> bool:
    return REAL_PAPERS.is_file()


@lru_cache(maxsize=1)
def load_rows() -> tuple[Row, ...]:
    """Every row of the file, in file order (by day, then rank)."""
    rows = []
    with REAL_PAPERS.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            raw = json.loads(line)
            rows.append(
                Row(
                    listed_date=date.fromisoformat(raw["listed_date"]),
                    rank=int(raw["rank"]),
                    arxiv_id=str(raw["arxiv_id"]),
                    title=raw["title"],
                    abstract=raw["abstract"],
                    authors=tuple(raw.get("authors") or ()),
                    stars=raw.get("stars"),
                    github_links=tuple(raw.get("github_links") or ()),
                )
            )
    return tuple(rows)


@lru_cache(maxsize=1)
def rows_by_day() -> dict[date, tuple[Row, ...]]:
    """Each listed day's rows in rank order."""
    days: dict[date, list[Row]] = defaultdict(list)
    for row in load_rows():
        days[row.listed_date].append(row)
    return {d: tuple(sorted(rs, key=lambda r: r.rank)) for d, rs in sorted(days.items())}


def sample_days(n: int = 25) -> list[date]:
    """``n`` days spread evenly over the whole range (first and last included): deterministic."""
    days = list(rows_by_day())
    if n >= len(days):
        return days
    if n <= 1:  # one day: the first (an even spread of one point has no step)
        return days[:n]
    step = (len(days) - 1) / (n - 1)
    return [days[round(i * step)] for i in range(n)]


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def display(text: str | None) -> str:
    """What a browser shows of a text and a copy gives back: control characters gone, every run of
    whitespace (newlines, tabs, NBSP included) one space, no space at either end."""
    if not text:
        return ""
    return " ".join(_CONTROL.sub("", text).split())


_EMOJI = re.compile(r"[\U0001F300-\U0001FAFF\u2600-\u27BF]")
# (name, test) of the noise a parser must survive; nasty_rows() takes a few rows of each.
NASTY_KINDS: tuple[tuple[str, object], ...] = (
    ("abstract null", lambda r: r.abstract is None),
    ("abstract empty", lambda r: r.abstract == ""),
    ("abstract == title", lambda r: r.abstract is not None and display(r.abstract) == display(r.title)),
    ("brackets", lambda r: any(c in (r.abstract or "") for c in "[]")),
    ("markdown link text", lambda r: re.search(r"\]\(|\]\[", r.abstract or "") is not None),
    ("underscore in title", lambda r: "_" in r.title),
    ("asterisk in title", lambda r: "*" in r.title),
    ("bold in abstract", lambda r: re.search(r"\*\*|__", r.abstract or "") is not None),
    ("backslash", lambda r: "\\" in r.title or "\\" in (r.abstract or "")),
    ("backtick", lambda r: "`" in (r.abstract or "")),
    ("html-like tag", lambda r: re.search(r"<[A-Za-z/]", (r.abstract or "") + r.title) is not None),
    ("emoji", lambda r: _EMOJI.search(r.abstract or "") is not None),
    ("newlines in abstract", lambda r: "\n" in (r.abstract or "")),
    (
        "line-start marker",
        lambda r: re.search(r"^\s*(#|[-+*] |\d+[.)] |>)", r.abstract or "", re.M) is not None,
    ),
    ("control character", lambda r: _CONTROL.search((r.abstract or "") + r.title) is not None),
    ("tab or nbsp", lambda r: any(c in (r.abstract or "") for c in "\t\xa0")),
    ("dollar", lambda r: "$" in r.title or "$" in (r.abstract or "")),
    ("no authors", lambda r: not r.authors),
    ("stars null", lambda r: r.stars is None),
    ("long title", lambda r: len(r.title) > 200),
    ("short abstract", lambda r: r.abstract is not None and 0 < len(display(r.abstract)) < 60),
    ("old arXiv id", lambda r: r.arxiv_id[:2] < "25"),
)


def nasty_rows(per_kind: int = 3) -> list[Row]:
    """A deterministic list of real rows with the noise listed in :data:`NASTY_KINDS`, ``per_kind``
    (distinct papers) of each, first occurrences in file order; no paper twice."""
    chosen: dict[str, Row] = {}
    for _name, test in NASTY_KINDS:
        taken = 0
        for row in load_rows():
            if taken >= per_kind:
                break
            if test(row) and row.arxiv_id not in chosen:  # type: ignore[operator]
                chosen[row.arxiv_id] = row
                taken += 1
    return list(chosen.values())


def is_printable_title(text: str) -> bool:
    """True when a title has at least one visible character (all real titles do)."""
    return any(not unicodedata.category(c).startswith(("Z", "C")) for c in text)
