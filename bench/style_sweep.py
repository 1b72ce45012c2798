"""Every real day of ``../shared/real-papers`` in every exporter style and through every HTML
converter, read back: how many of the cards each page shows are read (by title), how many records
beyond them, and the pages that fall short.

    python -m bench.style_sweep [STYLE ...]

The round-trip tests (tests/test_exporter_roundtrip.py) check every field, on a sample of days; this
reads all 262 days (~5,900 cards a style, about a minute and a half for all styles), so a rule
that breaks on one odd day shows here first: a card page read as labelled fields because two of its
summaries were ``Github: <url>`` lines cost 37 cards on one day of one converter, on no sampled day.
"""

from __future__ import annotations

import argparse
import time
from datetime import timedelta

from pipeline.parse import parse_page
from tests.support import real_rows
from tests.support.exporters import STYLES, PageSpec, render
from tests.support.html_export import CONVERTERS, render_converted


def sweep(style: str) -> dict:
    """Cards shown, cards read, records beyond the cards and the pages that fall short, for one style."""
    shown = read = extra = 0
    short: list[tuple[int, str, str]] = []
    for day, rows in sorted(real_rows.rows_by_day().items()):
        spec = PageSpec(listing_date=day, captured=day + timedelta(days=1))
        rendered = render_converted(style, spec, rows) if style in CONVERTERS else render(style, spec, rows)
        page = parse_page(rendered.text)
        titles = {record.title for record in page.records}
        found = sum(1 for card in rendered.cards if card.title in titles)
        shown, read = shown + len(rendered.cards), read + found
        extra += max(0, len(page.records) - len(rendered.cards))
        if found < len(rendered.cards):
            short.append((found - len(rendered.cards), str(day), page.layout))
    return {"shown": shown, "read": read, "extra": extra, "short": sorted(short)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("styles", nargs="*", help="exporter styles or converters (default: all)")
    args = parser.parse_args()
    if not real_rows.available():
        raise SystemExit(real_rows.MISSING_MESSAGE)
    print("| style | cards read | share | records beyond the cards | pages short (worst) | s |")
    print("|---|---|---|---|---|---|")
    for style in args.styles or [*STYLES, *CONVERTERS]:
        started = time.perf_counter()
        found = sweep(style)
        worst = ", ".join(f"{day} {missing} ({layout})" for missing, day, layout in found["short"][:3])
        print(
            f"| {style} | {found['read']:,} / {found['shown']:,} | {found['read'] / found['shown']:.4f} | "
            f"{found['extra']} | {len(found['short'])} {f'({worst})' if worst else ''} | "
            f"{time.perf_counter() - started:.0f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
