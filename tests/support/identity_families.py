"""Identity families: each hard case of "is this the same paper?" as a small corpus with its truth.

Every family is built from real rows of ``../shared/real-papers/`` (real titles and abstracts),
changed the way the family says, and rendered as pages in the real exporters' styles
(``tests/support/exporters.py``): styles that show arXiv ids and styles that do not. ``run_family``
puts the pages through the core pipeline (ingest, papers, warehouse) in a fresh folder and matches
every sighting to the card it came from (file and line), so its true paper is known.

Families:
- ``truncation``: a long abstract cut at about 320, 200 or 110 characters and ended with each
  marker a listing uses (``…``, ``...``, ``[…]``, ``(...)``, ``Read more``, ``… see more``), next to
  the full one; the cut copy on a page with ids or without.
- ``case``: the title in capitals or in lower case next to the original.
- ``id_noid``: the same card on a page that shows ids and one that does not.
- ``numbered``: different papers whose titles differ only in a number or a version (``(variant 3)``
  and ``(variant 7)``; ``Part I`` and ``Part II``; a model's version digit), with the same abstract
  but for one sentence, or the same abstract; each shown twice.
- ``boilerplate``: hundreds of different papers sharing one long abstract text (a bot's message),
  each shown twice.
- ``edited``: an abstract with a typo fixed between two pages (a letter dropped, doubled or two
  swapped, in the opening or further on, as the real listing did once: "enchancement" ->
  "enhancement"), the typo on pages without ids; beside every other one a different paper of the
  same title whose abstract differs in a number, or in its last sentence.
- ``real_repeats``: real listed days as pages in a mix of styles: real repeats across days.

Used by ``tests/test_identity_families.py`` (small corpora) and ``bench/identity_families.py``.
"""

from __future__ import annotations

import itertools
import random
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

import duckdb

from pipeline.config import Settings
from pipeline.ingest import refresh_source_files
from pipeline.papers import build_papers
from pipeline.warehouse import build_warehouse
from tests.support import real_rows
from tests.support.exporters import FILE_SUFFIX, PageSpec, render
from tests.support.real_corpus import write_corpus
from tests.support.real_rows import Row, display

ID_PAGE_STYLES = ("clip", "firecrawl", "structured", "minimal_md")
NO_ID_PAGE_STYLES = ("spaced", "minimal_md_nolink", "text_dump_norefs")
MARKERS = ("…", "...", " […]", " (...)", "… Read more", "… see more")
CUT_AT = (320, 200, 110)  # characters a listing keeps of a cut abstract
BOT_TEXT = (
    "This is an automated message from the Librarian Bot. I found the following papers similar to "
    "this paper. The following papers were recommended by the Semantic Scholar API. Please give a "
    "thumbs up to this comment if you found it helpful! If you want recommendations for any Paper on "
    "Hugging Face checkout this Space. You can directly ask Librarian Bot for paper recommendations "
    "by tagging it in a comment: @librarian-bot recommend"
)


@dataclass(frozen=True)
class Page:
    style: str
    rows: tuple[Row, ...]


def _long_rows(n: int, seed: int, min_chars: int = 500) -> list[Row]:
    """``n`` distinct real papers with a full abstract (first sighting of each)."""
    seen: dict[str, Row] = {}
    for row in real_rows.load_rows():
        if row.arxiv_id not in seen and len(display(row.abstract)) >= min_chars:
            seen[row.arxiv_id] = row
    rows = sorted(seen.values(), key=lambda r: r.arxiv_id)
    random.Random(seed).shuffle(rows)
    return rows[:n]


def _pages(rows: list[Row], styles: tuple[str, ...], per_page: int = 20) -> list[Page]:
    return [
        Page(styles[i % len(styles)], tuple(rows[k : k + per_page]))
        for i, k in enumerate(range(0, len(rows), per_page))
    ]


def _cut(abstract: str, marker: str, at: int = 320) -> str:
    text = display(abstract)[:at]
    return text.rsplit(" ", 1)[0].rstrip(",;:") + marker


def truncation(n: int, seed: int) -> list[Page]:
    rows = _long_rows(n, seed)
    cut = [
        replace(r, abstract=_cut(r.abstract or "", MARKERS[i % len(MARKERS)], CUT_AT[i // 2 % len(CUT_AT)]))
        for i, r in enumerate(rows)
    ]
    half = len(rows) // 2
    # Full on id pages, cut on pages without; then the other way round; then both without ids.
    return [
        *_pages(rows[:half], ID_PAGE_STYLES),
        *_pages(cut[:half], NO_ID_PAGE_STYLES),
        *_pages(cut[half:], ID_PAGE_STYLES),
        *_pages(rows[half:], NO_ID_PAGE_STYLES),
        *_pages(cut[: half // 2], NO_ID_PAGE_STYLES[::-1]),
    ]


def case(n: int, seed: int) -> list[Page]:
    rows = _long_rows(n, seed)
    upper = [replace(r, title=r.title.upper()) for r in rows]
    lower = [replace(r, title=r.title.lower()) for r in rows]
    return [
        *_pages(rows, ID_PAGE_STYLES),
        *_pages(upper, NO_ID_PAGE_STYLES),
        *_pages(lower, NO_ID_PAGE_STYLES),
    ]


def id_noid(n: int, seed: int) -> list[Page]:
    rows = _long_rows(n, seed, min_chars=60)
    return [*_pages(rows, ID_PAGE_STYLES), *_pages(rows[::-1], NO_ID_PAGE_STYLES)]


def _fake_id(row: Row, k: int) -> str:
    """An id of the row's month that no real paper has (real numbers stay far below 90000)."""
    return f"{row.arxiv_id[:4]}.{90000 + k:05d}"


def _version_titles(title: str) -> list[str]:
    """Titles a version apart from ``title``: a number in it changed, else a part or a version added."""
    match = re.search(r"\d+", title)
    if match:
        n = int(match.group())
        return [title[: match.start()] + str(n + step) + title[match.end() :] for step in (1, 2)]
    return [f"{title}: Part I", f"{title}: Part II", f"{title} v2", f"{title} v3"]


def numbered(n: int, seed: int) -> list[Page]:
    rows = _long_rows(n, seed)
    papers: list[Row] = []
    counter = itertools.count()
    for i, row in enumerate(rows):
        if i % 2 == 0:  # numbered variants: the abstract differs in one sentence
            for k in (3, 7, 12):
                papers.append(
                    replace(
                        row,
                        arxiv_id=_fake_id(row, next(counter)),
                        title=f"{row.title} (variant {k})",
                        abstract=f"{display(row.abstract)} Variant {k} extends this study.",
                    )
                )
        else:  # a version series: the same abstract
            papers.append(row)
            papers.extend(
                replace(row, arxiv_id=_fake_id(row, next(counter)), title=t)
                for t in _version_titles(row.title)
            )
    random.Random(seed).shuffle(papers)
    return [*_pages(papers, NO_ID_PAGE_STYLES), *_pages(papers[::-1], ID_PAGE_STYLES + NO_ID_PAGE_STYLES)]


def boilerplate(n: int, seed: int) -> list[Page]:
    rows = _long_rows(n * 5, seed, min_chars=0)
    bot = [replace(r, abstract=BOT_TEXT) for r in rows]
    return [*_pages(bot, ID_PAGE_STYLES), *_pages(bot[::-1], NO_ID_PAGE_STYLES)]


def with_typo(text: str, rng: random.Random, opening: bool) -> str:
    """``text`` with one typo inside a word: a letter dropped, doubled, or swapped with the next; in
    the first 60 characters (the opening identity blocks on) or after them."""
    spots = [
        k
        for k in range(1, len(text) - 2)
        if text[k - 1 : k + 2].isalpha() and (k < 60) == opening and text[k] != text[k + 1]
    ]
    k = rng.choice(spots)
    kind = rng.randrange(3)
    if kind == 0:
        return text[:k] + text[k + 1 :]
    if kind == 1:
        return text[:k] + text[k] + text[k:]
    return text[:k] + text[k + 1] + text[k] + text[k + 2 :]


def _another_result(text: str) -> str:
    """The abstract of a different paper of the same title: a number changed, or, without one, a
    last sentence of its own."""
    match = re.search(r"\d+", text)
    if match:
        return text[: match.start()] + str(int(match.group()) + 1) + text[match.end() :]
    return text.rsplit(". ", 1)[0] + ". We release a second benchmark with it."


def edited(n: int, seed: int) -> list[Page]:
    rng = random.Random(seed)
    rows = _long_rows(n, seed)
    typos, others = [], []
    for i, row in enumerate(rows):
        text = display(row.abstract)
        typos.append(replace(row, abstract=with_typo(text, rng, opening=i % 2 == 0)))
        if i % 2 == 1:
            others.append(replace(row, arxiv_id=_fake_id(row, i), abstract=_another_result(text)))
    return [
        *_pages(rows, ID_PAGE_STYLES),
        *_pages(typos, NO_ID_PAGE_STYLES),
        *_pages(others, ID_PAGE_STYLES),
        *_pages(others[::-1], NO_ID_PAGE_STYLES),
    ]


def two_titles_sharing_blocks() -> dict[str, tuple[str, str]]:
    """(title, abstract) of five cards: title Y's text Z and its typo-fixed copy W, in blocks B1 and
    B2 (the typo is in the opening); title X names two other papers, A in B1 and C in B2 (their
    texts open like Z and W, then go on differently), and has a bare card K. Z-W joins B1 and B2
    into one hood; X still names two papers."""
    opening = (
        "We present a method for learning sparse representations of protein structures that "
        "generalises across families and scales to large databases. "
    )
    typo = opening.replace("present", "presnet", 1)
    z_rest = "Experiments on several benchmarks show consistent gains over strong baselines in accuracy."
    return {
        "Z": ("Sparse Protein Codes", opening + z_rest),
        "W": ("Sparse Protein Codes", typo + z_rest),
        "A": ("Learning Sparse Protein Codes", opening + "We also analyse failure modes and release code."),
        "C": ("Learning Sparse Protein Codes", typo + "A second half of another abstract, about docking."),
        "K": ("Learning Sparse Protein Codes", ""),
    }


FAMILIES: dict[str, Callable[[int, int], list[Page]]] = {
    "truncation": truncation,
    "case": case,
    "id_noid": id_noid,
    "numbered": numbered,
    "boilerplate": boilerplate,
    "edited": edited,
}
ALL_FAMILIES = (*FAMILIES, "real_repeats")


def write_pages(pages: list[Page], raw: Path) -> dict[tuple[str, int], str]:
    """Render the pages into ``raw``; returns (file, line) -> true paper for every card line."""
    raw.mkdir(parents=True, exist_ok=True)
    truth: dict[tuple[str, int], str] = {}
    start = date(2026, 1, 5)
    for i, page in enumerate(pages):
        day = start + timedelta(days=i)
        rendered = render(page.style, PageSpec(listing_date=day, captured=day), page.rows)
        name = f"{day.isoformat()}_{i:04d}_{page.style}{FILE_SUFFIX.get(page.style, '.txt')}"
        (raw / name).write_text(rendered.text, encoding="utf-8")
        for card in rendered.cards:
            for line in range(card.first_line, card.last_line + 1):
                truth[(name, line)] = card.truth_id
    return truth


def write_real_repeats(raw: Path, seed: int, days: int | None = None) -> dict[tuple[str, int], str]:
    """Real days as pages (all, or the first ``days``), with the truth of every card line."""
    truth: dict[tuple[str, int], str] = {}
    for entry in write_corpus(raw, days=days, styles=None, seed=seed):
        for truth_id, card in zip(entry["arxiv_ids"], entry["cards"], strict=True):
            for line in range(card["first_line"], card["last_line"] + 1):
                truth[(entry["file"], line)] = truth_id
    (raw / "expected.jsonl").unlink()  # not a page
    return truth


def score(sightings: list[tuple[str, int, str]], truth: dict[tuple[str, int], str]) -> dict:
    """Pairwise precision and recall of sightings' papers against their true papers."""
    pairs = [(paper, truth.get((file, line))) for file, line, paper in sightings]
    unmatched = sum(1 for _, t in pairs if t is None)
    pairs = [(p, t) for p, t in pairs if t is not None]

    def together(counts: Counter) -> int:
        return sum(c * (c - 1) // 2 for c in counts.values())

    tp = together(Counter(pairs))
    predicted = together(Counter(p for p, _ in pairs))
    true = together(Counter(t for _, t in pairs))
    precision = tp / predicted if predicted else 1.0
    recall = tp / true if true else 1.0
    return {
        "sightings": len(pairs),
        "unmatched": unmatched,
        "true_papers": len({t for _, t in pairs}),
        "papers": len({p for p, _ in pairs}),
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "wrong_merges": predicted - tp,
    }


def run_family(name: str, papers: int, seed: int, workdir: Path, days: int | None = None) -> dict:
    """Build family ``name`` in ``workdir/name`` and score its papers (``days``: real_repeats only)."""
    raw, data = workdir / name / "raw", workdir / name / "data"
    if name == "real_repeats":
        truth = write_real_repeats(raw, seed, days)
    else:
        truth = write_pages(FAMILIES[name](papers, seed), raw)
    settings = Settings.from_env(raw, data)
    started = time.perf_counter()
    refresh_source_files(settings)
    report = build_papers(settings)
    build_warehouse(settings)
    seconds = time.perf_counter() - started
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        sightings = con.execute("SELECT source_file, line_number, paper_id FROM sightings").fetchall()
        keys = con.execute("SELECT count(DISTINCT record_key) FROM sightings").fetchone()[0]
    result = score(sightings, truth)
    result.update(
        family=name,
        record_keys=keys,
        pairs_examined=report.candidate_pairs,
        pairs_per_key=report.candidate_pairs / keys if keys else 0.0,
        seconds=seconds,
    )
    return result
