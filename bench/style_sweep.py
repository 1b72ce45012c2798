"""Every real day of ``../shared/real-papers`` in every exporter style and through every HTML
converter (also of the day's copy in the Wayback Machine, ``wayback:<converter>``, and on
archive.today, ``archive_today:<converter>``), read back: how
many of the cards each page shows are read (by title), how many of those have each field the card
shows right, how many records beyond them, and the pages that fall short.

    python -m bench.style_sweep [STYLE ...] [--kind daily|search|weekly|monthly|trending|cut|all]

The round-trip tests (tests/test_exporter_roundtrip.py) check every field, on a sample of days; this
reads all 262 days (~5,900 cards a style, about a minute and a half for all styles), so a rule
that breaks on one odd day shows here first: a card page read as labelled fields because two of its
summaries were ``Github: <url>`` lines cost 37 cards on one day of one converter, and code quoted in
one summary turned a page of text into Markdown; neither fell on a sampled day.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from datetime import timedelta

from pipeline.parse import parse_page
from tests.support import real_rows
from tests.support.exporters import STYLES, PageSpec, render
from tests.support.html_export import CONVERTERS, render_archive_today, render_converted, render_wayback

# A past day fetched from the Wayback Machine or archive.today, then saved through each converter
WAYBACK = {f"wayback:{name}": name for name in CONVERTERS}
ARCHIVE_TODAY = {f"archive_today:{name}": name for name in CONVERTERS}

FIELDS = ("abstract", "arxiv_id", "upvotes", "n_authors", "n_comments")
# The page kinds the exporters render (tests/support/exporters.PageSpec); trending shows three cards
# twice, "cut" stops after the fifth card as a capture cut short does.
KINDS = {
    "daily": {},
    "search": {"kind": "search", "query": "Intercode Bash"},
    "weekly": {"kind": "weekly"},
    "monthly": {"kind": "monthly"},
    "trending": {"kind": "trending", "repeat": 3},
    "cut": {"truncate_after": 5},
}


def sweep(style: str, kind: str = "daily") -> dict:
    """Cards shown, cards read, fields right (of the cards read that show the field), records beyond
    the cards and the pages that fall short, for one style."""
    shown = read = extra = 0
    right: Counter = Counter()
    judged: Counter = Counter()
    short: list[tuple[int, str, str]] = []
    for day, rows in sorted(real_rows.rows_by_day().items()):
        spec = PageSpec(listing_date=day, captured=day + timedelta(days=1), **KINDS[kind])
        if style in WAYBACK:
            rendered = render_wayback(WAYBACK[style], spec, rows)
        elif style in ARCHIVE_TODAY:
            rendered = render_archive_today(ARCHIVE_TODAY[style], spec, rows)
        elif style in CONVERTERS:
            rendered = render_converted(style, spec, rows)
        else:
            rendered = render(style, spec, rows)
        page = parse_page(rendered.text)
        by_title = {record.title: record for record in page.records}
        found = 0
        for card in rendered.cards:
            record = by_title.get(card.title)
            if record is None:
                continue
            found += 1
            for name in FIELDS:
                if (expected := getattr(card, name)) is not None:
                    judged[name] += 1
                    right[name] += getattr(record, name) == expected
        shown, read = shown + len(rendered.cards), read + found
        extra += max(0, len(page.records) - len(rendered.cards))
        if found < len(rendered.cards):
            short.append((found - len(rendered.cards), str(day), page.layout))
    fields = {name: right[name] / judged[name] if judged[name] else None for name in FIELDS}
    return {"shown": shown, "read": read, "fields": fields, "extra": extra, "short": sorted(short)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("styles", nargs="*", help="exporter styles or converters (default: all)")
    parser.add_argument("--kind", choices=[*KINDS, "all"], default="daily", help="page kind (default: daily)")
    args = parser.parse_args()
    if not real_rows.available():
        raise SystemExit(real_rows.MISSING_MESSAGE)
    columns = " | ".join(("style", "kind", "cards read", "share", *FIELDS))
    print(f"| {columns} | records beyond the cards | pages short (worst) | s |")
    print("|---" * (7 + len(FIELDS)) + "|")
    kinds = list(KINDS) if args.kind == "all" else [args.kind]
    styles = args.styles or [*STYLES, *CONVERTERS, *WAYBACK, *ARCHIVE_TODAY]
    for kind, style in ((kind, style) for kind in kinds for style in styles):
        if kind != "daily" and (style in CONVERTERS or style in WAYBACK or style in ARCHIVE_TODAY):
            continue  # the converters read the site's HTML, rendered for daily pages only
        started = time.perf_counter()
        found = sweep(style, kind)
        worst = ", ".join(f"{day} {missing} ({layout})" for missing, day, layout in found["short"][:3])
        fields = " | ".join("-" if v is None else f"{v:.4f}" for v in found["fields"].values())
        share = found["read"] / found["shown"]
        print(
            f"| {style} | {kind} | {found['read']:,} / {found['shown']:,} | {share:.4f} | {fields} | "
            f"{found['extra']} | {len(found['short'])} {f'({worst})' if worst else ''} | "
            f"{time.perf_counter() - started:.0f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
