"""Listings saved as JSON by real tools: a scraper's daily files (the shape the repository of
``../shared/real-papers/`` writes), Hugging Face's daily papers API, and JSON Lines of many days
(that repository's rows flattened: ``../shared/real-papers/hf_daily_listings.jsonl`` itself); and
the other exports of papers as records: tables, read-later services' CSV, a browser's bookmarks."""

from __future__ import annotations

import csv
import io
import json
import os
from collections import Counter
from datetime import UTC, datetime

import pytest

from conftest import build_all
from pipeline.content_parse import summarise_bytes
from pipeline.parse import parse_page
from pipeline.warehouse import open_read_only
from tests.support import real_rows
from tests.support.json_exports import hf_api_daily_papers, scraper_daily_json
from tests.support.real_rows import display

pytestmark = pytest.mark.skipif(not real_rows.available(), reason=real_rows.MISSING_MESSAGE)

DAYS = real_rows.sample_days(25)[::4]


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_a_scrapers_daily_json_gives_every_paper_with_its_fields(day) -> None:
    rows = real_rows.rows_by_day()[day]
    text, _ = scraper_daily_json(day, rows)
    page = parse_page(text)
    assert page.layout == "json"
    assert [r.arxiv_id for r in page.records] == [row.arxiv_id for row in rows]
    assert [r.title for r in page.records] == [display(row.title) for row in rows]
    assert [r.abstract for r in page.records] == [display(row.abstract) for row in rows]
    assert [r.upvotes for r in page.records] == [row.stars or 0 for row in rows]
    assert [r.n_authors for r in page.records] == [len(row.authors) or None for row in rows]
    assert [r.code_links for r in page.records] == [list(row.github_links) for row in rows]
    assert (page.page_date, page.exported, page.capture_source) == ((day.month, day.day), day, "scraped_at")
    assert page.rejects == []
    first_lines = [n for n, line in enumerate(text.split("\n"), start=1) if line == "  {"]
    assert [r.line_number for r in page.records] == first_lines  # where each paper's object starts


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_the_daily_papers_api_response_gives_every_paper_with_its_fields(day) -> None:
    rows = real_rows.rows_by_day()[day]
    text, facts = hf_api_daily_papers(day, rows)
    page = parse_page(text)
    assert [r.arxiv_id for r in page.records] == [f.arxiv_id for f in facts]
    assert [r.abstract for r in page.records] == [f.abstract for f in facts]  # summary, not ai_summary
    assert [r.upvotes for r in page.records] == [f.upvotes for f in facts]
    assert [r.n_comments for r in page.records] == [f.n_comments or 0 for f in facts]
    assert [r.published_date for r in page.records] == [f.published for f in facts]
    assert [r.submitted_by for r in page.records] == [f.org[0] if f.org else None for f in facts]
    assert [r.listed_date for r in page.records] == [day] * len(rows)
    assert page.page_date == (day.month, day.day)


def test_json_that_lists_no_papers_is_no_listing_and_says_so() -> None:
    """A JSON file of something else (models) gives no paper and one reject naming why; an object
    in a list of papers that is no paper is a reject of its own, never dropped."""
    models = json.dumps({"models": [{"name": f"model-{n}", "description": "A model."} for n in range(5)]})
    page = parse_page(models)
    assert page.records == []
    assert [r.reason for r in page.rejects] == [
        "an export without a list of papers (records with a title and an id or abstract)"
    ]
    day = DAYS[0]
    rows = real_rows.rows_by_day()[day]
    items = json.loads(scraper_daily_json(day, rows)[0])
    items.insert(2, {"ad": "Sponsored: try our GPUs"})
    page = parse_page(json.dumps(items, indent=2))
    assert len(page.records) == len(rows)
    reason = "a record of the export that is no paper (no title, or neither id nor abstract)"
    assert [(r.line_number, r.reason) for r in page.rejects] == [(page.records[2].line_number - 3, reason)]


def test_a_markdown_page_that_starts_with_a_bracket_is_not_read_as_json() -> None:
    text = (
        "[101](https://huggingface.co/login?next=%2Fpapers%2F2410.05258)\n\n"
        "### [A Title](https://huggingface.co/papers/2410.05258)\n"
    )
    assert parse_page(text).layout != "json"


def test_json_lines_of_many_days_keep_each_sighting_on_its_own_day(settings, raw_dir) -> None:
    """The real rows as one JSON Lines file (5,917 sightings over 260 days) through the pipeline:
    every sighting on its own listing day, one paper per arXiv id. The file is dated by its mtime
    only, set here well over a year after its first day: a full date a record names needs no year
    inferred, so the capture-window check holds and the warehouse is published."""
    rows = real_rows.load_rows()
    page = raw_dir / "hf_daily_listings.jsonl"
    page.write_bytes(real_rows.REAL_PAPERS.read_bytes())
    later = datetime(2027, 6, 1, tzinfo=UTC).timestamp()
    os.utime(page, (later, later))
    _, _, warehouse = build_all(settings)
    assert not warehouse.blocking_failures, warehouse.checks
    with open_read_only(settings) as con:
        per_day = dict(con.execute("SELECT listing_date, count(*) FROM sightings GROUP BY 1").fetchall())
        (papers, ids) = con.execute("SELECT count(*), count(DISTINCT arxiv_id) FROM papers").fetchone()
        status = con.execute("SELECT status, date_source FROM source_files").fetchall()
    assert per_day == Counter(row.listed_date for row in rows)
    assert papers == ids == len({row.arxiv_id for row in rows})
    assert status == [("ok", status[0][1])]


def _rows_table(rows, sep: str) -> str:
    """The rows as pandas writes a DataFrame of them (its index column, lists as Python text)."""
    import pandas as pd

    frame = pd.DataFrame(
        [
            {
                "listed_date": row.listed_date.isoformat(),
                "arxiv_id": row.arxiv_id,
                "title": row.title,
                "abstract": row.abstract,
                "authors": list(row.authors),
                "stars": row.stars,
                "github_links": list(row.github_links),
            }
            for row in rows
        ]
    )
    return frame.to_csv(sep=sep)


@pytest.mark.parametrize("sep", [",", "\t", ";"], ids=["csv", "tsv", "semicolons"])
def test_a_table_of_papers_gives_every_row_with_its_fields_and_line(sep: str) -> None:
    """A scraper's rows saved with pandas ``to_csv``: abstracts with quotes, commas and line
    breaks inside quoted cells, authors and links as Python lists, several days in one file."""
    rows = [row for day in DAYS[:3] for row in real_rows.rows_by_day()[day]]
    text = _rows_table(rows, sep)
    page = parse_page(text)
    assert page.layout == "table"
    assert [r.arxiv_id for r in page.records] == [row.arxiv_id for row in rows]
    assert [r.title for r in page.records] == [display(row.title) for row in rows]
    assert [r.abstract for r in page.records] == [display(row.abstract) for row in rows]
    assert [r.upvotes for r in page.records] == [row.stars for row in rows]
    assert [r.n_authors for r in page.records] == [len(row.authors) or None for row in rows]
    assert [r.code_links for r in page.records] == [list(row.github_links) for row in rows]
    assert [r.listed_date for r in page.records] == [row.listed_date for row in rows]
    lines = text.split("\n")
    for record, row in zip(page.records, rows, strict=True):  # each row's first line holds its id
        assert f"{sep}{row.arxiv_id}{sep}" in lines[record.line_number - 1]
    assert page.rejects == []


def test_text_whose_first_line_mentions_a_title_is_not_a_table() -> None:
    page = parse_page("Title, abstract and a note\n\nSome prose that is no table of papers at all.\n")
    assert page.layout != "table"


def test_one_papers_own_json_is_that_paper() -> None:
    """``/api/papers/<id>`` answers with the paper itself, not a list."""
    row = real_rows.rows_by_day()[DAYS[0]][1]
    paper = {"id": row.arxiv_id, "title": row.title, "summary": row.abstract, "upvotes": 3, "authors": []}
    page = parse_page(json.dumps(paper))
    assert [(r.arxiv_id, r.title, r.upvotes) for r in page.records] == [(row.arxiv_id, display(row.title), 3)]


def test_a_record_listed_on_a_day_after_its_capture_does_not_block_publishing(settings, raw_dir) -> None:
    """One record of an API response names a listing day years after the file was saved (a
    scraper's error): its sighting takes the file's day instead (none: the file lists two days),
    every other keeps its own, and the warehouse is published."""
    day = DAYS[1]
    rows = real_rows.rows_by_day()[day]
    items = json.loads(hf_api_daily_papers(day, rows)[0])
    items[0]["paper"]["submittedOnDailyAt"] = "2099-01-01T00:00:00.000Z"
    page = raw_dir / "daily_papers.json"
    page.write_text(json.dumps(items), encoding="utf-8")
    saved = datetime(day.year, day.month, day.day, 12, tzinfo=UTC).timestamp() + 86400
    os.utime(page, (saved, saved))
    _, _, warehouse = build_all(settings)
    assert not warehouse.blocking_failures, warehouse.checks
    with open_read_only(settings) as con:
        days = con.execute("SELECT listing_date FROM sightings ORDER BY position").fetchall()
    assert days == [(None,)] + [(day,)] * (len(rows) - 1)


def test_counts_no_column_can_hold_are_left_out_not_a_crash() -> None:
    """Huge, negative or infinite counts (JSON allows Infinity) give no count; the page's shard is
    still written."""
    from pipeline.content_parse import summarise_bytes

    paper = {"id": "2410.05258", "title": "A Paper", "summary": "An abstract of the paper."}
    odd = [
        {**paper, "upvotes": 10**12, "numComments": -3, "authors": 10**15},
        {**paper, "id": "2410.05259", "upvotes": float("inf"), "numComments": "1.2k", "authors": "[[[["},
    ]
    text = json.dumps(odd)  # writes Infinity, which json reads back
    page = parse_page(text)
    counts = [(r.upvotes, r.n_comments, r.n_authors) for r in page.records]
    assert counts == [(None, None, None), (None, 1200, None)]
    summary, sightings, _ = summarise_bytes(text.encode(), "0" * 64)
    assert (summary.status, sightings.num_rows) == ("ok", 2)


def test_papers_keyed_by_their_ids_give_every_paper_with_its_id_and_line() -> None:
    """mwoedlinger/PaperExplorer (a public repository) keeps ``papers.json`` as one object keyed by
    arXiv id: ``{"2511.21631": {"url": …, "title": …, "authors": […], "abstract": …, "upvotes":
    135}, …}``. It was JSON "without a list of papers": every paper lost. The key is the id where
    the record names none."""
    rows = real_rows.rows_by_day()[DAYS[0]][:6]
    papers = {
        row.arxiv_id: {
            **({"url": f"https://arxiv.org/abs/{row.arxiv_id}"} if n % 2 else {}),  # half without a URL
            "title": row.title,
            "authors": list(row.authors),
            "abstract": row.abstract,
            "upvotes": 100 - n,
        }
        for n, row in enumerate(rows)
    }
    text = json.dumps(papers, indent=4, ensure_ascii=False)
    page = parse_page(text)
    assert [(r.arxiv_id, r.title, r.upvotes) for r in page.records] == [
        (row.arxiv_id, display(row.title), 100 - n) for n, row in enumerate(rows)
    ]
    assert [r.abstract for r in page.records] == [display(row.abstract) for row in rows]
    first_lines = [
        n
        for n, line in enumerate(text.split("\n"), start=1)
        if line.startswith('    "') and line.endswith("{")
    ]
    assert [r.line_number for r in page.records] == first_lines


def _bookmarks(rows, header: list[str], row_of) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(row_of(i, row) for i, row in enumerate(rows))
    return out.getvalue()


@pytest.mark.parametrize("service", ["raindrop", "instapaper"])
def test_a_read_later_export_of_papers_gives_their_abstracts(service: str) -> None:
    """Papers saved to a read-later service and exported as CSV, the paper's page description (its
    abstract, as the site gives it) in Raindrop's ``excerpt`` or Instapaper's ``Selection`` column.
    Before: titles and ids, every abstract empty."""
    rows = real_rows.rows_by_day()[DAYS[0]]
    url = "https://huggingface.co/papers/{}"
    if service == "raindrop":
        header = [
            "id",
            "title",
            "note",
            "excerpt",
            "url",
            "folder",
            "tags",
            "created",
            "cover",
            "highlights",
            "favorite",
        ]
        text = _bookmarks(
            rows,
            header,
            lambda i, row: [
                900 + i,
                row.title,
                "",
                row.abstract,
                url.format(row.arxiv_id),
                "Papers",
                "",
                "2026-01-05T10:00:00.000Z",
                "",
                "",
                "false",
            ],
        )
    else:
        text = _bookmarks(
            rows,
            ["URL", "Title", "Selection", "Folder", "Timestamp"],
            lambda i, row: [url.format(row.arxiv_id), row.title, row.abstract, "Unread", 1767607200 + i],
        )
    page = parse_page(text)
    assert page.layout == "table"
    assert [r.arxiv_id for r in page.records] == [row.arxiv_id for row in rows]
    assert [r.abstract for r in page.records] == [display(row.abstract) for row in rows]


def _first_day_of_labelled_abstracts() -> object:
    """The first real day with at least three abstracts that open with a label (``Code: …``,
    ``arXiv: …``, ``Project page: …``)."""
    import re

    label = re.compile(r"^[A-Za-z][A-Za-z ]{1,20}:\s")
    return next(
        day
        for day, rows in sorted(real_rows.rows_by_day().items())
        if sum(1 for row in rows if row.abstract and label.match(row.abstract)) >= 3
    )


@pytest.mark.parametrize("which", ["first sample day", "labelled abstracts"])
def test_a_browsers_bookmarks_export_gives_every_paper_with_its_description(which: str) -> None:
    """Papers bookmarked with their page's description and exported as a Netscape bookmark file
    (what every browser and bookmark manager writes: ``<DT><A HREF=…>Title</A>`` over ``<DD>``,
    attribute names in capitals, no ``<html>`` around it). Before: "HTML without a page around it,
    and no listing of papers in it" (the paper links were looked for as ``href=`` only); and where
    a few descriptions open with a label (``Code: https://…``), the file was read as a page of
    labelled fields: 1 or 2 papers, quarantined as suspect."""
    import html as html_text

    from pipeline.content_parse import summarise_bytes

    day = DAYS[0] if which == "first sample day" else _first_day_of_labelled_abstracts()
    rows = real_rows.rows_by_day()[day]
    items = "".join(
        f'        <DT><A HREF="https://huggingface.co/papers/{row.arxiv_id}" ADD_DATE="{1767607200 + i}" '
        f'TAGS="papers">{html_text.escape(row.title)}</A>\n'
        + (f"        <DD>{html_text.escape(row.abstract)}\n" if row.abstract else "")
        for i, row in enumerate(rows)
    )
    text = (
        "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<!-- This is an automatically generated file.\n"
        "     It will be read and overwritten.\n     DO NOT EDIT! -->\n"
        '<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">\n'
        "<TITLE>Bookmarks</TITLE>\n<H1>Bookmarks</H1>\n<DL><p>\n"
        '    <DT><H3 ADD_DATE="1767607200">HF papers</H3>\n    <DL><p>\n'
        f"{items}    </DL><p>\n</DL><p>\n"
    )
    summary, sightings, _ = summarise_bytes(text.encode(), "0" * 64)
    assert summary.status == "ok", summary.error
    assert sightings.column("arxiv_id").to_pylist() == [row.arxiv_id for row in rows]
    assert sightings.column("title").to_pylist() == [display(row.title) for row in rows]
    assert sightings.column("abstract").to_pylist() == [display(row.abstract) for row in rows]


def _api_days(days) -> list[list[dict]]:
    return [json.loads(hf_api_daily_papers(day, real_rows.rows_by_day()[day])[0]) for day in days]


@pytest.mark.parametrize("nesting", ["days with their date", "list of responses", "json lines of days"])
def test_days_saved_together_give_every_days_papers_on_their_day(nesting: str) -> None:
    """Several days of the daily papers API kept in one file the way a script collects them: a list
    of ``{"date", "papers"}`` objects, a list of the responses, one day's object a line. Before: no
    records, and the error blamed a tool for joining the page into one line."""
    days = DAYS[:3]
    responses = _api_days(days)
    if nesting == "days with their date":
        text = json.dumps(
            [
                {"date": d.isoformat(), "count": len(r), "papers": r}
                for d, r in zip(days, responses, strict=True)
            ]
        )
    elif nesting == "list of responses":
        text = json.dumps(responses, indent=1)
    else:
        text = "\n".join(
            json.dumps({"date": d.isoformat(), "papers": r}) for d, r in zip(days, responses, strict=True)
        )
    page = parse_page(text)
    rows = real_rows.rows_by_day()
    assert [r.arxiv_id for r in page.records] == [row.arxiv_id for day in days for row in rows[day]]
    assert [r.listed_date for r in page.records] == [day for day in days for _ in rows[day]]
    lines = text.split("\n")  # each paper on the line its object opens on
    numbers = [r.line_number for r in page.records]
    assert all(lines[n - 1].lstrip().startswith(("{", "[")) or "{" in lines[n - 1] for n in numbers)
    assert numbers == sorted(numbers) and (
        len(set(numbers)) == len(numbers) or nesting != "list of responses"
    )


def test_papers_nested_under_their_day_take_the_days_date() -> None:
    """A scraper's own days (``{"date": …, "papers": [{"title", "summary"}]}``): a paper that names
    no day of its own is listed on the day around it."""
    days = DAYS[:2]
    rows = real_rows.rows_by_day()
    document = [
        {"date": day.isoformat(), "papers": [{"title": r.title, "summary": r.abstract} for r in rows[day]]}
        for day in days
    ]
    page = parse_page(json.dumps(document, indent=2))
    assert [r.title for r in page.records] == [display(row.title) for day in days for row in rows[day]]
    assert [r.listed_date for r in page.records] == [day for day in days for _ in rows[day]]


def test_a_spiders_root_relative_links_give_the_papers_ids() -> None:
    """A Scrapy spider's items keep the card's ``href`` as written, ``/papers/<id>``: that is the
    paper's id (before: none, and the cards without a summary were rejected)."""
    rows = real_rows.rows_by_day()[DAYS[0]]
    items = [{"title": r.title, "link": f"/papers/{r.arxiv_id}", "votes": str(r.stars or 0)} for r in rows]
    page = parse_page("\n".join(json.dumps(item) for item in items))
    assert [r.arxiv_id for r in page.records] == [row.arxiv_id for row in rows]
    assert page.rejects == []


def test_a_sheet_with_columns_named_in_a_persons_words_is_a_table_of_papers() -> None:
    """A reading list kept in a spreadsheet and exported as CSV: ``Paper``, ``👍``, ``💬``, ``Authors``
    (a count), ``TL;DR / Abstract`` and columns of the reader's own; no link column, and cards the
    site shows without a summary. Before: not a table; its lines were read as titles and 156
    invented papers published on 25 real days."""
    rows = real_rows.rows_by_day()[DAYS[1]]
    out = io.StringIO()
    sheet = csv.writer(out)  # as Google Sheets exports: CRLF, quotes only where a cell needs them
    sheet.writerow(
        ["Date", "#", "Paper", "Venue", "👍", "💬", "Authors", "TL;DR / Abstract", "My notes", "Read?"]
    )
    for n, row in enumerate(rows, start=1):
        authors = str(len(row.authors)) if row.authors else ""
        sheet.writerow(
            [row.listed_date, n, row.title, "", row.stars or 0, "", authors, row.abstract, "", "FALSE"]
        )
    page = parse_page(out.getvalue())
    assert page.layout == "table"
    assert [r.title for r in page.records] == [display(row.title) for row in rows]
    assert [r.abstract for r in page.records] == [display(row.abstract or "") for row in rows]
    assert [r.upvotes for r in page.records] == [row.stars or 0 for row in rows]
    assert [r.n_authors for r in page.records] == [len(row.authors) or None for row in rows]
    assert page.rejects == []


def _linked_notes(first_line: str) -> tuple[str, list]:
    rows = real_rows.rows_by_day()[DAYS[2]][:4]
    cards = [
        f"## [{row.title}](https://huggingface.co/papers/{row.arxiv_id})\n\n{row.abstract}\n" for row in rows
    ]
    return first_line + "\n\n" + "\n".join(cards), rows


@pytest.mark.parametrize("first_line", ["Paper, link, notes", "Paper, summary and thoughts"])
def test_a_notes_page_whose_first_line_has_commas_is_no_table(first_line: str) -> None:
    """A Markdown page of linked papers under a first line such as ``Paper, link, notes``: the lines
    under it are no rows of a table (their cells do not line up), so its cards are read."""
    text, rows = _linked_notes(first_line)
    page = parse_page(text)
    assert [r.arxiv_id for r in page.records] == [row.arxiv_id for row in rows]


def test_a_table_of_models_with_names_and_summaries_gives_no_paper() -> None:
    """``Name`` is a title only where the row names a paper's id (Notion's and Airtable's first
    column): a list of models with names, summaries and downloads is no listing of papers."""
    text = "Name,Summary,Downloads\n" + "".join(
        f"org/model-{n},A model that does task {n} well.,{1000 * n}\n" for n in range(1, 6)
    )
    assert parse_page(text).records == []
    with_ids = "Name,URL\n" + "".join(
        f"{row.title},https://huggingface.co/papers/{row.arxiv_id}\n"
        for row in real_rows.rows_by_day()[DAYS[0]][:3]
    )
    assert len(parse_page(with_ids).records) == 3


def test_json_lines_ending_in_carriage_returns_are_read_without_error() -> None:
    """Old Mac line ends (``\\r`` alone) between JSON Lines of something else: one reject, no crash."""
    page = parse_page('{"event": "a", "n": 1}\r{"event": "b", "n": 2}\r')
    assert page.records == [] and len(page.rejects) == 1


def test_a_csv_of_papers_with_their_full_texts_stays_a_listing_of_papers() -> None:
    """A table of papers whose ``content`` column holds each paper's text (citing other papers) is
    a listing of its papers, not a dataset of saved pages."""
    rows = real_rows.rows_by_day()[DAYS[0]][:3]
    cited = " ".join(f"https://arxiv.org/abs/2401.0{n}123" for n in range(1, 7))
    out = io.StringIO()
    table = csv.writer(out)
    table.writerow(["title", "abstract", "url", "content"])
    for row in rows:
        table.writerow(
            [row.title, row.abstract, f"https://huggingface.co/papers/{row.arxiv_id}", f"Text. {cited}"]
        )
    data = out.getvalue().encode()
    summary, sightings, _ = summarise_bytes(data, "0" * 64)
    assert summary.status == "ok" and sightings["arxiv_id"].to_pylist() == [row.arxiv_id for row in rows]
