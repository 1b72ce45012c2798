"""Text files that are no listing (a README, a licence, a Makefile, a stylesheet, a script) give no
paper; every real day of the listing, even written as bare title/abstract pairs, is still read."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.content_parse import summarise_bytes
from pipeline.listing_evidence import NOT_A_PAPER
from pipeline.parse import parse_page
from tests.support import real_rows
from tests.support.real_rows import display

REPO = Path(__file__).resolve().parents[1]

MIT_LICENSE = """MIT License

Copyright (c) 2024 Jane Doe

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
associated documentation files (the "Software"), to deal in the Software without restriction.

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED.
"""
STYLESHEET = """.container { max-width: 1280px; margin: 0 auto; }
.header nav a:hover { color: #ff9d00; }

@media (max-width: 640px) {
  .grid { display: block; }
}
"""
SCRIPT = """(function(){var e=document.querySelectorAll("a");for(var t=0;t<e.length;t++){e[t].x=null}})();
//# sourceMappingURL=app.js.map
"""
ROBOTS = "User-agent: *\nDisallow: /api/\nDisallow: /login\n\nSitemap: https://huggingface.co/sitemap.xml\n"
NOTES = """# My scraping notes

Pages are saved every morning by a cron job.

## Setup

Install the requirements with `pip install -r requirements.txt` and run `python scrape.py`.

## Known issues

The site sometimes answers with a login page; those files are kept for a rerun.
"""

# wget's log of a loop over days (``wget -o wget-log``, or ``wget-log`` written beside the pages)
WGET_LOG = "".join(
    f"""--2024-03-{day:02d} 10:00:01--  https://huggingface.co/papers?date=2024-03-{day:02d}
Resolving huggingface.co (huggingface.co)... 18.244.202.60, 18.244.202.73
Connecting to huggingface.co (huggingface.co)|18.244.202.60|:443... connected.
HTTP request sent, awaiting response... 200 OK
Length: unspecified [text/html]
Saving to: 'papers?date=2024-03-{day:02d}'

     0K .......... .......... .......... .......... ..........  1.2M

2024-03-{day:02d} 10:00:02 (1.9 MB/s) - 'papers?date=2024-03-{day:02d}' saved [183042]

"""
    for day in range(1, 15)
)
# a scraper's own log, two lines a day
FETCH_LOG = "".join(
    f"2024-03-{day:02d} 10:{day:02d}:01 INFO fetched https://huggingface.co/papers?date=2024-03-{day:02d} "
    f"(200, 183kB)\n2024-03-{day:02d} 10:{day:02d}:02 INFO parsed 42 papers from the listing\n\n"
    for day in range(1, 29)
)


@pytest.mark.parametrize(
    "text",
    [
        WGET_LOG,
        FETCH_LOG,
        MIT_LICENSE,
        STYLESHEET,
        SCRIPT,
        ROBOTS,
        NOTES,
        (REPO / "docs" / "architecture.md").read_text(),
        (REPO / "Makefile").read_text(),
        (REPO / ".ci" / "run").read_text(),
    ],
    ids=[
        *("wget log", "fetch log", "licence", "stylesheet", "script", "robots.txt", "notes"),
        *("architecture.md", "Makefile", ".ci/run"),
    ],
)
def test_a_text_file_that_is_no_listing_gives_no_paper_and_says_why(text: str) -> None:
    summary, sightings, rejects = summarise_bytes(text.encode(), "0" * 64)
    assert sightings is None
    assert summary.status == "document"  # not suspect: nothing is broken, the file lists no papers
    assert summary.error.startswith("no listing of papers: the text reads as a document")
    pairs = [r["text"] for r in rejects.to_pylist() if r["reason"] == NOT_A_PAPER]
    assert pairs and all(pair.split("\n", 1)[0] in text for pair in pairs)  # the pairs are kept as rejects


@pytest.mark.skipif(not real_rows.available(), reason=real_rows.MISSING_MESSAGE)
def test_no_real_day_written_as_bare_title_and_abstract_pairs_is_taken_for_a_document() -> None:
    """The strictest case for the rule: every real day of the listing with nothing but its titles
    and abstracts (no header, no day, no link, no field), one page a day."""
    judged = 0
    for day, rows in real_rows.rows_by_day().items():
        pairs = [(display(r.title), display(r.abstract)) for r in rows if display(r.abstract)]
        if not pairs:
            continue
        page = parse_page("\n\n".join(f"{title}\n\n{abstract}" for title, abstract in pairs) + "\n")
        assert page.not_a_listing is None, (day, page.not_a_listing)
        judged += 1
    assert judged > 250


def test_a_listing_header_or_day_makes_any_pairs_a_listing() -> None:
    """The rule judges only pages with no evidence: under the site's header the same pairs are read."""
    text = "Setup\n\nInstall the requirements with `pip` and run the scraper every morning.\n"
    assert parse_page(text).records == []
    headers = ("Daily Papers\n\n", "# Daily Papers\n\n", "**Trending Papers**\n\n", "Mar 14\n\n")
    for header in (*headers, "Get trending papers in your email inbox!\n\n"):
        assert [r.title for r in parse_page(header + text).records] == ["Setup"]
