"""A multi-month corpus of real listing days, each saved as a page in one of the real exporters' styles.

    python -m tests.support.real_corpus --out DIR [--days N] [--styles mixed|ids|clip,...] [--seed S]

Every listed day of ``../shared/real-papers/hf_daily_listings.jsonl`` (or the first ``N``) becomes one
daily page with all of that day's cards, rendered by ``tests/support/exporters.py`` in a style drawn
(seeded) from ``--styles``; ``mixed`` (the default) draws from every style, weighted towards the
exporters whose cards carry their arXiv ids (clip, firecrawl, text dump, structured, minimal Markdown
with links) over the id-less ones (text dump cut before its link list, minimal Markdown without
links, the spaced and compact sample layouts); ``ids`` draws only from the former, so the corpus
shows every row of the data with its id (all 260 days: 5,917 cards, 3,868 distinct arXiv ids), while
``mixed`` leaves out the rows without an abstract on spaced / compact pages (those layouts cannot
show them). A page is captured 0-2 days after its listing day.

Files are named ``<capture date>_<listing date>_<style><.txt|.md>`` (the capture date first, as the
pipeline reads it from a name) and keep the capture date as their mtime. ``DIR/expected.jsonl`` has one
line per page, in listing order: ``file``, ``style``, ``listing_date``, ``captured``, ``arxiv_ids``
(every card of the page, in page order: the truth, whether or not the style shows ids), ``omitted``
(the day's rows the style cannot show: rows without an abstract on spaced / compact pages), ``shows_ids``,
``n_cards``, and ``cards`` (per card what a correct parser reads: title, abstract, n_authors,
submitted_by, published_date, upvotes, n_comments; None where the style does not show it).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.support import real_rows
from tests.support.exporters import FILE_SUFFIX, ID_STYLES, STYLES, PageSpec, render

# Weights of the mixed corpus: id-carrying real exporters first.
MIXED_WEIGHTS = {
    "clip": 4,
    "firecrawl": 4,
    "text_dump": 3,
    "structured": 3,
    "minimal_md": 2,
    "text_dump_norefs": 1,
    "text_dump_fenced": 1,
    "minimal_md_nolink": 1,
    "spaced": 1,
    "compact": 1,
}


def parse_styles(value: str) -> dict[str, int]:
    if value == "mixed":
        return dict(MIXED_WEIGHTS)
    if value == "ids":  # only styles whose cards show their arXiv id: every row of the data on a page
        return {s: w for s, w in MIXED_WEIGHTS.items() if s in ID_STYLES}
    styles = [s.strip() for s in value.split(",") if s.strip()]
    unknown = [s for s in styles if s not in STYLES]
    if unknown or not styles:
        raise argparse.ArgumentTypeError(
            f"unknown style(s) {unknown}; choose 'mixed', 'ids' or from {', '.join(STYLES)}"
        )
    return dict.fromkeys(styles, 1)


def write_corpus(
    out: Path, days: int | None = None, styles: dict[str, int] | None = None, seed: int = 0
) -> list[dict]:
    """Write the pages and ``expected.jsonl`` into ``out``; returns the expected lines."""
    styles = styles or dict(MIXED_WEIGHTS)
    rng = random.Random(seed)
    by_day = real_rows.rows_by_day()
    listed = list(by_day)[:days] if days else list(by_day)
    out.mkdir(parents=True, exist_ok=True)
    names, weights = list(styles), list(styles.values())
    entries = []
    for day in listed:
        style = rng.choices(names, weights)[0]
        captured = day + timedelta(days=rng.choice((0, 0, 1, 1, 2)))
        spec = PageSpec(listing_date=day, captured=captured)
        rendered = render(style, spec, by_day[day])
        name = f"{captured.isoformat()}_{day.isoformat()}_{style}{FILE_SUFFIX.get(style, '.txt')}"
        path = out / name
        path.write_text(rendered.text, encoding="utf-8")
        stamp = datetime(captured.year, captured.month, captured.day, 12, tzinfo=UTC).timestamp()
        os.utime(path, (stamp, stamp))
        entries.append(
            {
                "file": name,
                "style": style,
                "listing_date": day.isoformat(),
                "captured": captured.isoformat(),
                "arxiv_ids": [c.truth_id for c in rendered.cards],
                "omitted": rendered.omitted,
                "shows_ids": style in ID_STYLES,
                "n_cards": len(rendered.cards),
                "cards": [
                    {
                        "title": c.title,
                        "abstract": c.abstract,
                        "n_authors": c.n_authors,
                        "submitted_by": c.submitted_by,
                        "published_date": c.published_date.isoformat() if c.published_date else None,
                        "upvotes": c.upvotes,
                        "n_comments": c.n_comments,
                        "first_line": c.first_line,
                        "last_line": c.last_line,
                    }
                    for c in rendered.cards
                ],
            }
        )
    with (out / "expected.jsonl").open("w", encoding="utf-8") as fh:
        for entry in entries:
            fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
    return entries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.support.real_corpus", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--out", required=True, type=Path, help="folder to write the pages and expected.jsonl into"
    )
    parser.add_argument("--days", type=int, default=None, help="only the first N listed days (default: all)")
    parser.add_argument(
        "--styles", type=parse_styles, default="mixed", help="'mixed', 'ids' or a comma list of styles"
    )
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if not real_rows.available():
        print(real_rows.MISSING_MESSAGE, file=sys.stderr)
        return 2
    styles = args.styles if isinstance(args.styles, dict) else parse_styles(args.styles)
    start = time.perf_counter()
    entries = write_corpus(args.out, args.days, styles, args.seed)
    ids = {i for e in entries for i in e["arxiv_ids"]}
    by_style: dict[str, int] = {}
    for e in entries:
        by_style[e["style"]] = by_style.get(e["style"], 0) + 1
    print(
        f"{len(entries)} pages, {sum(e['n_cards'] for e in entries)} cards, {len(ids)} distinct arXiv ids "
        f"({entries[0]['listing_date']} .. {entries[-1]['listing_date']}) in {args.out} "
        f"in {time.perf_counter() - start:.1f} s; styles: "
        + ", ".join(f"{k} {v}" for k, v in sorted(by_style.items()))
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
