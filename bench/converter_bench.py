"""Benchmark: how much of each card the parser reads back from pages saved by HTML converters.

    python -m bench.converter_bench [--days 30]

Real days of ``../shared/real-papers/`` are written as the site's HTML
(``tests.support.html_export``) and converted by every converter the tests run (html2text wrapped
and unwrapped, markdownify, html-to-markdown, a page's text without links, the saved HTML itself);
the tools that are not test dependencies (html-to-text, crawl4ai, pandoc, inscriptis, MarkItDown,
trafilatura) and Chromium's innerText are read from their fixture pages; the text browsers (lynx,
w3m, elinks, links) dump every day where they are installed (Debian packages), else their fixture
pages are read. For each it prints the share of cards read, the records that are no card (invented),
and the share of read cards whose title, abstract, arXiv id, upvotes, author count, comment count
and card date are exact (titles compared in capitals for html-to-text, which writes them so; a card
date as month and day when the page shows no year), and the pages whose listing day was read.
"""

from __future__ import annotations

import argparse
import shutil
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from pipeline.parse import parse_page
from tests.support import real_rows
from tests.support.exporters import PageSpec
from tests.support.html_export import (
    CHROMIUM_DIR,
    CONVERTERS,
    CRAWL4AI_DIR,
    DEFUDDLE_DIR,
    EXTRACTORS,
    EXTRACTORS_DIR,
    HTML_TO_TEXT_DIR,
    PANDOC_FORMATS,
    TEXT_BROWSER_DIR,
    TEXT_BROWSERS,
    TURNDOWN_DIR,
    chromium_pages,
    crawl4ai_pages,
    defuddle_pages,
    dump_with_text_browser,
    extractor_of,
    extractor_pages,
    html_to_text_pages,
    pandoc_fixture,
    pandoc_pages,
    render_hf_html,
    text_browser_of,
    text_browser_pages,
    turndown_pages,
)

FIELDS = ("title", "abstract", "arxiv_id", "upvotes", "n_authors", "n_comments", "date")


def _score(counts: Counter, text: str, facts: list, spec: PageSpec, capitals: bool = False) -> None:
    page = parse_page(text)
    counts["pages"] += 1
    counts["cards"] += len(facts)
    counts["page_date"] += page.page_date == (spec.listing_date.month, spec.listing_date.day)
    by_id = {f.arxiv_id: f for f in facts}
    by_title = {f.title.upper() if capitals else f.title: f for f in facts}
    seen = set()
    for record in page.records:
        fact = by_id.get(record.arxiv_id) or by_title.get(record.title)
        if fact is None or fact.arxiv_id in seen:
            counts["invented"] += 1
            continue
        seen.add(fact.arxiv_id)
        counts["read"] += 1
        shown = record.published_date or record.published_date_text
        got = {
            "title": record.title,
            "abstract": record.abstract,
            "arxiv_id": record.arxiv_id,
            "upvotes": record.upvotes,
            "n_authors": record.n_authors,
            "n_comments": record.n_comments,
            "date": (shown.month, shown.day) if hasattr(shown, "month") else _month_day(shown),
        }
        want = {
            "title": fact.title.upper() if capitals else fact.title,
            "abstract": fact.abstract,
            "arxiv_id": fact.arxiv_id,
            "upvotes": fact.upvotes,
            "n_authors": fact.n_authors,
            "n_comments": fact.n_comments,
            "date": (fact.published.month, fact.published.day),
        }
        for name in FIELDS:
            counts[name] += got[name] == want[name]


def _month_day(text: str | None) -> tuple[int, int] | None:
    from pipeline.dates import parse_page_date

    return parse_page_date(text) if text else None


def _line(name: str, counts: Counter) -> str:
    read = counts["read"] or 1
    cells = [name, str(counts["pages"]), f"{counts['read'] / counts['cards']:.3f}", str(counts["invented"])]
    cells += [f"{counts[f] / read:.3f}" for f in FIELDS]
    cells.append(f"{counts['page_date']}/{counts['pages']}")
    return "| " + " | ".join(cells) + " |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--days", type=int, default=30)
    args = parser.parse_args()
    if not real_rows.available():
        raise SystemExit(real_rows.MISSING_MESSAGE)
    days = real_rows.sample_days(args.days)
    print(f"| converter | pages | cards read | invented | {' | '.join(FIELDS)} | page day |")
    print("|---" * (5 + len(FIELDS)) + "|")
    for name, convert in CONVERTERS.items():
        counts: Counter = Counter()
        for day in days:
            spec = PageSpec(listing_date=day, captured=day + timedelta(days=1))
            page, facts = render_hf_html(spec, real_rows.rows_by_day()[day])
            _score(counts, convert(page), facts, spec)
        print(_line(name, counts), flush=True)

    def in_folder(folder: Path, suffix: str) -> Callable[[str], Path]:
        return lambda stem: folder / f"{stem}{suffix}"

    fixtures: list[tuple[str, Callable[[str], Path], list, bool]] = [
        ("html-to-text (fixtures)", in_folder(HTML_TO_TEXT_DIR, ".txt"), html_to_text_pages(), True),
        ("crawl4ai citations (fixtures)", in_folder(CRAWL4AI_DIR, ".md"), crawl4ai_pages(), False),
        ("Chromium innerText (fixtures)", in_folder(CHROMIUM_DIR, ".txt"), chromium_pages(), False),
        # defuddle's "cards read" counts the cards it dropped itself, as trafilatura's below
        (
            "defuddle / Obsidian Web Clipper (fixtures)",
            in_folder(DEFUDDLE_DIR, ".md"),
            defuddle_pages(),
            False,
        ),
        ("turndown references (fixtures)", in_folder(TURNDOWN_DIR, ".md"), turndown_pages(), False),
    ]
    pandoc = pandoc_pages()
    fixtures += [
        (
            f"pandoc -t {fmt} (fixtures)",
            pandoc_fixture,
            [p for p in pandoc if p[0].endswith("_" + fmt)],
            False,
        )
        for fmt in PANDOC_FORMATS
    ]
    # trafilatura's "cards read" counts the cards it dropped itself
    fixtures += [
        (
            f"{tool} (fixtures)",
            in_folder(EXTRACTORS_DIR, ".txt"),
            [p for p in extractor_pages() if extractor_of(p[0]) == tool],
            False,
        )
        for tool in EXTRACTORS
    ]
    for name, path_of, pages, capitals in fixtures:
        counts = Counter()
        for stem, spec, rows in pages:
            _, facts = render_hf_html(spec, rows)
            _score(counts, path_of(stem).read_text(encoding="utf-8"), facts, spec, capitals)
        print(_line(name, counts), flush=True)
    for tool, command in TEXT_BROWSERS.items():
        counts = Counter()
        if shutil.which(command[0]):  # every card of every day, as the converters above
            for day in days:
                spec = PageSpec(listing_date=day, captured=day + timedelta(days=1))
                rows = real_rows.rows_by_day()[day]
                _, facts = render_hf_html(spec, rows)
                dumped = dump_with_text_browser(tool, spec, rows).decode("utf-8", "replace")
                _score(counts, dumped, facts, spec)
            print(_line(tool, counts), flush=True)
            continue
        for stem, spec, rows in text_browser_pages():
            if text_browser_of(stem) == tool:
                _, facts = render_hf_html(spec, rows)
                dumped = (TEXT_BROWSER_DIR / f"{stem}.txt").read_bytes().decode("utf-8", "replace")
                _score(counts, dumped, facts, spec)
        print(_line(f"{tool} (fixtures)", counts), flush=True)


if __name__ == "__main__":
    main()
