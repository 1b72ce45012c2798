"""A page saved as the JSON a scraping service answered with (``pipeline/json_envelope.py``).

Each page is a real day of the listing: its Markdown as firecrawl writes it, its HTML as the site
serves it (``tests/support``); the envelope is each service's documented response
(``tests/support/scraper_json.py``). The cards read from the JSON must be the cards read from the
page alone, with the URL and fetch date the JSON gives beside it.
"""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest

from conftest import build_all
from pipeline.content_parse import summarise_bytes
from pipeline.warehouse import open_read_only
from tests.support import real_rows
from tests.support.containers import daily_url, fetched_late, read_cards
from tests.support.exporters import PageSpec, render_firecrawl
from tests.support.html_export import CONVERTERS, render_hf_html
from tests.support.scraper_json import (
    SavedPage,
    apify_dataset,
    apify_dataset_csv,
    crawl4ai_result,
    firecrawl_crawl,
    firecrawl_scrape,
    flattened_rows,
    jina_reader,
    json_lines,
    karakeep_bookmark,
    langchain_chunks,
    listing_scraper_csv,
    listing_scraper_items,
    llamaindex_docstore,
    olostep_answer,
    scrapingbee_answer,
    tavily_extract,
    zyte_answer,
)

pytestmark = pytest.mark.skipif(not real_rows.available(), reason=real_rows.MISSING_MESSAGE)

DAYS = real_rows.sample_days(25)[:3]


def _without_front_matter(text: str) -> str:
    """The page as an API returns it: firecrawl's command line adds the front matter, not the API."""
    return text.split("---\n", 2)[2] if text.startswith("---\n") else text


def _saved(day: date) -> SavedPage:
    spec = PageSpec(listing_date=day, captured=day + timedelta(days=1))
    rows = real_rows.rows_by_day()[day]
    return SavedPage(
        url=daily_url(day),
        markdown=_without_front_matter(render_firecrawl(spec, rows).text),
        html=render_hf_html(spec, rows)[0],
        fetched=fetched_late(day),
    )


PAGE = _saved(DAYS[0])
BARE_CARDS = read_cards(PAGE.markdown.encode())[1]


def test_the_bare_markdown_is_read_card_for_card() -> None:
    """The reference the envelopes are held to: every real card of the day."""
    assert [card[0] for card in BARE_CARDS] == [row.arxiv_id for row in real_rows.rows_by_day()[DAYS[0]]]


@pytest.mark.parametrize(
    ("data", "captured", "key"),
    [
        pytest.param(firecrawl_scrape(PAGE), None, None, id="firecrawl scrape"),
        pytest.param(jina_reader(PAGE), None, None, id="jina reader json"),
        pytest.param(crawl4ai_result(PAGE), None, None, id="crawl4ai result"),
        pytest.param(apify_dataset([PAGE]), PAGE.fetched.date(), "loadedTime", id="apify dataset"),
    ],
)
def test_a_page_inside_a_services_json_gives_the_pages_cards_and_the_jsons_facts(
    data: bytes, captured: date | None, key: str | None
) -> None:
    """Before: "extraction looks broken: the page links 120 papers but only 0 paper cards were read"."""
    summary, cards = read_cards(data)
    assert summary.status == "ok", summary.error
    assert cards == BARE_CARDS
    assert summary.page_url == PAGE.url and summary.page_kind == "daily"
    assert summary.exported == (captured.isoformat() if captured else None)
    assert summary.capture_key == key
    assert any(w.startswith("file is JSON holding saved pages") for w in summary.warnings), summary.warnings


@pytest.mark.parametrize(
    "answer",
    [
        lambda page: zyte_answer(page, "browserHtml"),
        lambda page: zyte_answer(page, "httpResponseBody"),
        olostep_answer,
        scrapingbee_answer,
    ],
    ids=["zyte browserHtml", "zyte httpResponseBody", "olostep", "scrapingbee"],
)
@pytest.mark.parametrize("day", [DAYS[0], real_rows.sample_days(25)[21]], ids=["24 cards", "2 cards"])
def test_a_scraping_apis_answer_gives_the_pages_cards_and_address(answer, day: date) -> None:
    """The page under each API's own name for it, on a day of many cards and one of two (a page
    linking fewer than 3 papers is found by its field's name alone). Before: Zyte's base64 body
    gave nothing, and on small days ``browserHtml`` and Olostep's ``html_content`` were lost (read
    as a login page); the address was no field's."""
    page = _saved(day)
    summary, cards = read_cards(answer(page))
    assert summary.status == "ok", summary.error
    assert [card[0] for card in cards] == [row.arxiv_id for row in real_rows.rows_by_day()[day]]
    assert summary.page_url == page.url


def test_a_pages_text_in_tavilys_extract_answer_gives_the_pages_cards() -> None:
    """Tavily names the page's text ``raw_content``: before, most days were ``no_records`` (the
    JSON was read as records of its own, found no titles)."""
    text = CONVERTERS["get_text"](PAGE.html)
    summary, cards = read_cards(tavily_extract(PAGE, text))
    assert summary.status == "ok", summary.error
    assert cards == read_cards(text.encode())[1] != []
    assert summary.page_url == PAGE.url and summary.page_kind == "daily"


def test_html_whose_cards_lost_their_titles_is_quarantined_not_published() -> None:
    """Readability (a read-later app's reader view: Karakeep, Linkwarden, Readwise) keeps a few of
    the day's cards whole and of the others only their thumbnails, links without text. The HTML
    still links every paper of the day: a page that links 24 papers and gives 4 is suspect, as
    the same cut written as Markdown is. Before, the 4 were published as the day (``ok``)."""
    cards = PAGE.html.split("<article")
    cut = cards[:5] + [
        re.sub(r'<div class="flex gap-2 px-3 py-2">.*', "</article>", c, flags=re.S) for c in cards[5:]
    ]
    summary, records = read_cards(karakeep_bookmark(PAGE, "<article".join(cut)))
    assert summary.status == "suspect", summary.error
    assert f"links {len(BARE_CARDS)} papers but only 4 paper cards" in summary.error
    assert len(records) == 4


READABILITY = Path(__file__).parent / "fixtures" / "readability" / "2025-12-04_readability.json"


def test_readabilitys_cut_of_a_real_day_is_quarantined_and_its_text_invents_no_paper() -> None:
    """Readability's own parse of a real day (the fixture's README): its HTML is suspect (24 papers
    linked, 4 read), and its ``textContent`` gives those 4 cards and no paper made of the header
    (``newGet trending papers …`` was read as a title, with the first card as its abstract)."""
    saved = READABILITY.read_bytes()
    summary, _, _ = summarise_bytes(saved, "0" * 64)
    assert summary.status == "suspect" and "links 24 papers but only 4" in summary.error
    text = json.loads(saved)["textContent"].encode()
    summary, sightings, _ = summarise_bytes(text, "1" * 64)
    real = {row.title for row in real_rows.rows_by_day()[date(2025, 12, 4)]}
    assert summary.status == "ok" and sightings.num_rows == 4
    assert set(sightings["title"].to_pylist()) <= real


@pytest.mark.parametrize("envelope", [firecrawl_crawl, apify_dataset, json_lines])
def test_a_crawl_saved_as_json_keeps_each_page_on_its_own_day(envelope) -> None:
    """Three days in one file (a crawl's documents, a dataset, JSON Lines of HTML responses): every
    card, each on the day its own page lists."""
    summary, sightings, _ = summarise_bytes(envelope([_saved(day) for day in DAYS]), "0" * 64)
    assert summary.status == "ok", summary.error
    rows = real_rows.rows_by_day()
    assert sightings.column("arxiv_id").to_pylist() == [row.arxiv_id for day in DAYS for row in rows[day]]
    assert Counter(sightings.column("listed_date").to_pylist()) == {day: len(rows[day]) for day in DAYS}
    assert "3 pages read from it" in summary.warnings[0]


def test_a_json_listing_whose_abstracts_cite_papers_stays_a_listing() -> None:
    """A paper's own record whose summary links other papers (the Librarian Bot's list) is one paper,
    not a page of the papers it cites."""
    cited = "\n".join(
        f"* [Related work {i}](https://huggingface.co/papers/2401.0{i}123) (2024)" for i in range(1, 6)
    )
    record = {
        "id": "2511.21631",
        "title": "A Paper Whose Summary Is the Librarian Bot's Message",
        "summary": "This is an automated message from the Librarian Bot. I found the following papers "
        "similar to this paper.\n\nThe following papers were recommended by the Semantic Scholar API\n\n"
        + cited,
    }
    summary, sightings, _ = summarise_bytes(json.dumps(record).encode(), "0" * 64)
    assert summary.layout == "json" and summary.n_records == 1
    assert sightings.column("arxiv_id").to_pylist() == ["2511.21631"]


def test_an_apify_dataset_in_the_raw_folder_reaches_the_warehouse_with_its_days(settings, raw_dir) -> None:
    (raw_dir / "dataset_website-content-crawler.json").write_bytes(apify_dataset([_saved(d) for d in DAYS]))
    _, _, warehouse = build_all(settings)
    assert not warehouse.blocking_failures, warehouse.checks
    with open_read_only(settings) as con:
        per_day = dict(con.execute("SELECT listing_date, count(*) FROM sightings GROUP BY 1").fetchall())
        files = con.execute("SELECT status, capture_source, captured_at FROM source_files").fetchall()
    rows = real_rows.rows_by_day()
    assert per_day == {day: len(rows[day]) for day in DAYS}
    assert [(status, source) for status, source, _ in files] == [("ok", "loadedTime")]


def test_an_apify_dataset_exported_as_csv_gives_each_pages_cards() -> None:
    """The dataset as Apify exports it to CSV (or a workbook): a row per page, nested fields flattened
    into columns. Before: read as text, each page's Markdown still in CSV quoting (``""`` in its
    abstracts) and its header row read as a table of papers."""
    summary, sightings, _ = summarise_bytes(apify_dataset_csv([_saved(day) for day in DAYS]), "0" * 64)
    assert summary.status == "ok", summary.error
    rows = real_rows.rows_by_day()
    assert sightings.column("arxiv_id").to_pylist() == [row.arxiv_id for day in DAYS for row in rows[day]]
    assert Counter(sightings.column("listed_date").to_pylist()) == {day: len(rows[day]) for day in DAYS}
    assert summary.capture_key == "crawl/loadedTime"


def _listing_scraper_xlsx(items: list[dict]) -> bytes:
    """The dataset as Apify's console exports it to Excel: the CSV's columns in one sheet."""
    names, rows = flattened_rows(items)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(names)
    for row in rows:
        sheet.append([row.get(name) for name in names])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "export",
    [
        lambda items: json.dumps(items, indent=2, ensure_ascii=False).encode(),
        listing_scraper_csv,
        _listing_scraper_xlsx,
    ],
    ids=["json", "csv", "xlsx"],
)
def test_a_listing_scrapers_dataset_gives_every_card_on_its_pages_day(export) -> None:
    """A scraper that returns each page's cards (``{url, crawl, papers: [...]}`` an item) and its
    dataset exported whole: every card with its fields, each on the day its page's URL names. In
    CSV and Excel the cards stand in one row a page, flattened to ``papers/0/title`` ... columns.
    Before: the JSON's papers had no listing day, and the CSV read one paper a page (the first
    card's columns) and was quarantined as a broken extraction."""
    rows = real_rows.rows_by_day()
    pages = []
    for day in DAYS:
        cards = render_hf_html(PageSpec(listing_date=day, captured=day + timedelta(days=1)), rows[day])[1]
        pages.append((_saved(day), cards))
    summary, sightings, _ = summarise_bytes(export(listing_scraper_items(pages)), "0" * 64)
    assert summary.status == "ok", summary.error
    got = sightings.to_pydict()
    cards = [card for _, page_cards in pages for card in page_cards]
    assert got["arxiv_id"] == [card.arxiv_id for card in cards]
    assert got["title"] == [card.title for card in cards]
    assert [a or "" for a in got["abstract"]] == [card.abstract for card in cards]
    assert got["upvotes"] == [card.upvotes for card in cards]
    assert got["n_authors"] == [len(card.row.authors) or None for card in cards]
    assert Counter(got["listed_date"]) == {day: len(rows[day]) for day in DAYS}


@pytest.mark.parametrize("store", [langchain_chunks, llamaindex_docstore], ids=["langchain", "llamaindex"])
def test_a_retrieval_pipelines_chunks_of_a_page_give_the_pages_cards(store) -> None:
    """A page a RAG pipeline loaded, cut into overlapping chunks of 1,000 characters and stored as
    JSON (LangChain's documents, LlamaIndex's docstore): the chunks are one page again. Before, each
    chunk was a page of its own: cards cut in two, 58 fragments published as papers on 25 days."""
    summary, cards = read_cards(store(PAGE, PAGE.markdown))
    assert summary.status == "ok", summary.error
    assert cards == BARE_CARDS
    assert summary.page_url == PAGE.url


CHUNK_CUT_DAYS = (date(2025, 12, 7), date(2025, 12, 31), date(2026, 1, 6))  # a chunk of < 200 characters


@pytest.mark.parametrize("store", [langchain_chunks, llamaindex_docstore], ids=["langchain", "llamaindex"])
@pytest.mark.parametrize("day", CHUNK_CUT_DAYS, ids=str)
def test_a_short_chunk_between_two_long_ones_keeps_its_card(day: date, store) -> None:
    """Where the splitter cut a card's date and title off as a chunk of its own (158 characters on
    2026-01-06, shorter than any page), that chunk was no body, so the page was joined without it:
    the card lost its title and was a reject (76 of 3,854 cards on every third real day). A short
    text under a body's name is a chunk of the page too."""
    page = _saved(day)
    summary, cards = read_cards(store(page, page.markdown))
    assert summary.status == "ok", summary.error
    assert cards == read_cards(page.markdown.encode())[1]
    assert len(cards) == len(real_rows.rows_by_day()[day])


def test_chunks_of_two_pages_stay_two_pages() -> None:
    """Chunks of different pages (a store of several days) are never joined, even where one
    happens to open with the text the other ends with."""
    pages = [_saved(day) for day in DAYS[:2]]
    stores = [json.loads(langchain_chunks(page, page.markdown)) for page in pages]
    summary, sightings, _ = summarise_bytes(json.dumps(stores[0] + stores[1]).encode(), "0" * 64)
    rows = real_rows.rows_by_day()
    assert summary.status == "ok", summary.error
    assert Counter(sightings.column("listed_date").to_pylist()) == {day: len(rows[day]) for day in DAYS[:2]}


def test_one_page_saved_twice_in_a_json_is_two_pages() -> None:
    """The same address captured twice (a crawl run twice into one file, no date field): the two
    texts repeat nothing of each other's end, so they are not chunks of one page."""
    pages = [_saved(day) for day in DAYS[:2]]
    lines = [json.dumps({"url": pages[0].url, "markdown": page.markdown}) for page in pages]
    summary, sightings, _ = summarise_bytes("\n".join(lines).encode(), "0" * 64)
    rows = real_rows.rows_by_day()
    assert summary.status == "ok", summary.error
    assert "2 pages read from it" in summary.warnings[0]
    assert sightings.num_rows == sum(len(rows[day]) for day in DAYS[:2])
