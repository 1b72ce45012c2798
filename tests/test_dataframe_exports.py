"""A scraper's papers saved by pandas' other writers, as YAML, and printed as tables (``tabulate``,
the ``sqlite3`` shell): real days as a notebook or a script saves a table of them.

Before their readers, these files lost every paper or invented them: ``to_json()`` (its default,
column by column) and ``orient="split"`` gave no records; an HTML table was read as text, a row's
arXiv id taken for its title and its upvote count for its abstract (status ok); ``to_xml()`` was
quarantined as an HTML page; ``yaml.safe_dump`` of the records gave half the papers with the wrong
titles; a printed list of dicts (``print``, ``pprint``) and ``to_string()`` were quarantined as
suspect. Each case here
reads every paper of the day through the ingest's own path (``summarise_bytes``) with its fields."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import pprint
import sqlite3
import zipfile
from collections.abc import Callable
from datetime import datetime, timedelta

import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml
from rich import box
from rich.box import Box
from rich.console import Console
from rich.table import Table
from tabulate import tabulate

from conftest import build_all
from pipeline.containers import unwrap
from pipeline.content_parse import summarise_bytes
from pipeline.warehouse import open_read_only
from tests.support import real_rows
from tests.support.exporters import PageSpec, render
from tests.support.html_export import render_hf_html
from tests.support.real_rows import Row, display
from tests.support.sqlite_shell import DAYS as SHELL_DAYS
from tests.support.sqlite_shell import MODES, fixture, frame

pytestmark = pytest.mark.skipif(not real_rows.available(), reason=real_rows.MISSING_MESSAGE)

DAYS = real_rows.sample_days(25)[1::6]


def _frame(rows: tuple[Row, ...]) -> pd.DataFrame:
    """The day as a scraper's DataFrame: upvotes NaN where the listing showed none (a float column,
    as pandas makes it), authors joined into one text."""
    return pd.DataFrame(
        [
            {
                "title": row.title,
                "arxiv_id": row.arxiv_id,
                "url": f"https://huggingface.co/papers/{row.arxiv_id}",
                "authors": ", ".join(row.authors),
                "upvotes": row.stars,
                "summary": display(row.abstract),
            }
            for row in rows
        ]
    )


_YAML = {"allow_unicode": True, "sort_keys": False}
WRITERS: dict[str, tuple[str, Callable[[pd.DataFrame], str]]] = {
    "to_json (columns)": ("json", lambda df: df.to_json(force_ascii=False)),
    "to_json split": ("json", lambda df: df.to_json(orient="split", force_ascii=False)),
    "to_dict list as JSON": ("json", lambda df: pd.Series(df.to_dict("list")).to_json(force_ascii=False)),
    "to_html": ("markdown_table", lambda df: df.to_html()),
    "to_html in a page": (
        "markdown_table",
        lambda df: (
            "<!DOCTYPE html>\n<html><head><title>papers</title></head><body>\n"
            f"{df.to_html(index=False)}\n</body></html>\n"
        ),
    ),
    "to_xml": ("xml", lambda df: df.to_xml(parser="etree")),
    "yaml records": ("yaml", lambda df: yaml.safe_dump(df.to_dict("records"), **_YAML)),
    "yaml under a key": ("yaml", lambda df: yaml.safe_dump({"papers": df.to_dict("records")}, **_YAML)),
    "to_markdown": ("markdown_table", lambda df: df.to_markdown()),
    # GitHub's tables may leave out the outer pipes; read as cells split at "|", the separator row
    # was a paper of its own
    "Markdown table without outer pipes": (
        "markdown_table",
        lambda df: "\n".join(line.strip().strip("|") for line in df.to_markdown(index=False).split("\n")),
    ),
    "to_string": ("fixed_width", lambda df: df.to_string()),
    "to_string without index": ("fixed_width", lambda df: df.to_string(index=False)),
    "printed list": ("json", lambda df: str(df.to_dict("records"))),
    **{
        f"tabulate {style}": ("text_table", lambda df, fmt=style: tabulate(df, "keys", fmt, showindex=False))
        for style in ("grid", "psql", "orgtbl", "rst", "fancy_grid", "simple")
    },
    "tabulate mediawiki": ("wiki_table", lambda df: tabulate(df, "keys", "mediawiki", showindex=False)),
    "to_latex": ("latex_table", lambda df: df.to_latex(index=False)),
    "to_latex escaped": ("latex_table", lambda df: df.to_latex(index=False, escape=True)),
    "tabulate latex": ("latex_table", lambda df: tabulate(df, "keys", "latex", showindex=False)),
    "pprint": ("json", lambda df: pprint.pformat(df.to_dict("records"), width=100)),
}


def _read(text: str) -> tuple[str, pa.Table]:
    data = text.encode("utf-8")
    summary, sightings, _ = summarise_bytes(data, hashlib.sha256(data).hexdigest())
    assert summary.status == "ok", (summary.status, summary.error)
    assert sightings is not None
    return summary.layout, sightings


@pytest.mark.parametrize("writer", list(WRITERS))
@pytest.mark.parametrize("day", DAYS, ids=str)
def test_every_paper_of_a_saved_dataframe_is_read_with_its_fields(day, writer: str) -> None:
    rows = real_rows.rows_by_day()[day]
    layout, write = WRITERS[writer]
    read_layout, sightings = _read(write(_frame(rows)))
    assert read_layout == layout
    got = sightings.to_pydict()
    assert got["arxiv_id"] == [row.arxiv_id for row in rows]
    assert got["title"] == [display(row.title) for row in rows]
    assert got["abstract"] == [display(row.abstract) for row in rows]
    assert got["upvotes"] == [row.stars for row in rows]
    assert got["n_authors"] == [len(row.authors) or None for row in rows]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("day", SHELL_DAYS, ids=str)
def test_the_sqlite_shells_output_modes_give_every_paper(day, mode: str) -> None:
    """``sqlite3 -header -<mode> papers.db 'SELECT * FROM papers'`` over a real day (fixtures written
    by the shell: tests/support/sqlite_shell.py). Before: box, table and column gave cards of cells
    or were quarantined, line gave a card per field, html a row's id as its title."""
    rows = real_rows.rows_by_day()[day]
    expected = frame(rows)
    _, sightings = _read(fixture(day, mode).read_text(encoding="utf-8"))
    got = sightings.to_pydict()
    assert got["arxiv_id"] == list(expected["arxiv_id"])
    assert got["title"] == list(expected["title"])
    assert got["abstract"] == list(expected["summary"])
    assert got["upvotes"] == [row.stars for row in rows]
    assert got["n_authors"] == [len(row.authors) or None for row in rows]


@pytest.mark.parametrize("day", SHELL_DAYS, ids=str)
def test_the_sqlite_shells_default_output_keeps_line_breaks_and_pipes_in_a_summary(day) -> None:
    """``.mode list`` (cells split at ``|``, nothing quoted) of the texts as scraped: a summary's line
    break starts a line with fewer cells, which goes on the row above, and a summary's ``|`` makes
    more cells, which go back into the last one. Every paper keeps its whole summary."""
    rows = real_rows.rows_by_day()[day]
    _, sightings = _read(fixture(day, "list_as_scraped").read_text(encoding="utf-8"))
    got = sightings.to_pydict()
    assert got["arxiv_id"] == [row.arxiv_id for row in rows]
    assert got["title"] == [display(row.title) for row in rows]
    assert got["abstract"] == [display(row.abstract) for row in rows]


def _rich_table(frame: pd.DataFrame, width: int, box: Box) -> str:
    """The table as a script prints it with ``rich`` into a file (``Console(width=…)``)."""
    table = Table(box=box)
    for column in frame.columns:
        table.add_column(column)
    for row in frame.itertuples(index=False):
        table.add_row(*("" if pd.isna(value) else str(value) for value in row))
    console = Console(record=True, width=width, file=io.StringIO())
    console.print(table)
    return console.export_text()


@pytest.mark.parametrize(
    "write",
    [
        lambda df: tabulate(df, "keys", "grid", showindex=False, maxcolwidths=40),
        lambda df: tabulate(df, "keys", "psql", showindex=False, maxcolwidths=40),
        lambda df: _rich_table(df, 160, box.HEAVY_HEAD),
        lambda df: _rich_table(df, 200, box.ROUNDED),
    ],
    ids=["tabulate grid wrapped", "tabulate psql wrapped", "rich", "rich rounded"],
)
@pytest.mark.parametrize("day", DAYS[:3], ids=str)
def test_a_table_whose_cells_wrap_gives_one_record_per_row(day, write) -> None:
    """Cells wrapped over several lines: tabulate's ``maxcolwidths`` (a rule after every row in
    ``grid``, none in ``psql``) and rich's tables (none between rows). Each row is one paper, its
    title whole (a word broken at its hyphen joined back); a long word cut in two keeps a space
    where the cut was, so abstracts are compared without their spaces."""
    rows = real_rows.rows_by_day()[day]
    layout, sightings = _read(write(_frame(rows)))
    got = sightings.to_pydict()
    assert layout == "text_table"
    assert got["arxiv_id"] == [row.arxiv_id for row in rows]
    assert got["title"] == [display(row.title) for row in rows]
    assert got["upvotes"] == [row.stars for row in rows]
    squeezed = [abstract.replace(" ", "") for abstract in got["abstract"]]
    expected = [display(row.abstract).replace(" ", "") for row in rows]
    # rich cuts a word longer than its column with "…": the text it printed is all there is
    assert [a == b or "…" in a for a, b in zip(squeezed, expected, strict=True)] == [True] * len(rows)


def test_a_listing_page_holding_a_small_table_of_papers_keeps_its_cards() -> None:
    """A saved listing page whose HTML also holds a table of three of its papers (a digest's "top
    papers"): the cards are the listing, not the table."""
    day = DAYS[0]
    rows = real_rows.rows_by_day()[day]
    page, _ = render_hf_html(PageSpec(listing_date=day, captured=day + timedelta(days=1)), rows)
    table = _frame(rows[:3])[["title", "url"]].to_html(index=False)
    _, sightings = _read(page.replace("</body>", f"{table}</body>", 1))
    assert sightings["arxiv_id"].to_pylist() == [row.arxiv_id for row in rows]


def test_each_record_starts_on_the_line_its_paper_starts() -> None:
    """YAML, a pretty-printed list and XML start each paper on a line of its own: the record's line
    is that line, and the paper's id comes before the next paper's start."""
    rows = real_rows.rows_by_day()[DAYS[0]]
    opener = {"yaml records": "- title:", "pprint": "{'", "to_xml": "<row>"}
    for writer, start in opener.items():
        text = WRITERS[writer][1](_frame(rows))
        lines = text.split("\n")
        starts = [number for number, line in enumerate(lines, start=1) if line.lstrip(" [").startswith(start)]
        _, sightings = _read(text)
        assert sightings["line_number"].to_pylist() == starts, writer
        for number, end, row in zip(starts, [*starts[1:], len(lines)], rows, strict=True):
            assert row.arxiv_id in "\n".join(lines[number - 1 : end]), (writer, number)


def test_a_table_or_records_that_name_no_paper_stay_unread() -> None:
    """An HTML table of models, YAML of settings and XML of something else are no listings: they
    give no papers (and the HTML table is still named an HTML page)."""
    models = pd.DataFrame({"model": ["Qwen3-8B", "Llama-4"], "downloads": [10, 20], "likes": [1, 2]})
    summary, sightings, _ = summarise_bytes(models.to_html().encode(), "a" * 64)
    assert summary.status == "html" and sightings is None
    for text in (yaml.safe_dump({"workers": 2, "raw_dir": "pages"}), models.to_xml(parser="etree")):
        summary, sightings, _ = summarise_bytes(text.encode(), "b" * 64)
        assert sightings is None or sightings.num_rows == 0, text


def test_code_in_a_printed_list_is_never_run(tmp_path) -> None:
    """A printed list is read as a literal: a call in it (other than a date's) is not evaluated."""
    ran = tmp_path / "ran"
    call = f"__import__('pathlib').Path({str(ran)!r}).touch()"
    text = f"[{{'title': 'A paper', 'arxiv_id': {call}, 'summary': 'An abstract.'}}]"
    summarise_bytes(text.encode(), "c" * 64)
    assert not ran.exists()


def test_a_folder_of_dataframe_exports_builds_one_paper_per_arxiv_id(settings, raw_dir) -> None:
    """The same day saved by four writers: the warehouse holds each paper once, seen four times."""
    day = DAYS[0]
    rows = real_rows.rows_by_day()[day]
    frame = _frame(rows)
    for name, writer in (("p.json", "to_json (columns)"), ("p.html", "to_html"), ("p.yaml", "yaml records")):
        (raw_dir / f"{day}_{name}").write_text(WRITERS[writer][1](frame), encoding="utf-8")
    (raw_dir / f"{day}_p.xml").write_text(WRITERS["to_xml"][1](frame), encoding="utf-8")
    _, _, warehouse = build_all(settings)
    assert not warehouse.blocking_failures, warehouse.checks
    with open_read_only(settings) as con:
        files = con.execute("SELECT status, count(*) FROM source_files GROUP BY 1").fetchall()
        (papers, ids, sightings) = con.execute(
            "SELECT count(*), count(DISTINCT arxiv_id), sum(n_sightings) FROM papers"
        ).fetchone()
    assert files == [("ok", 4)]
    assert papers == ids == len({row.arxiv_id for row in rows})
    assert sightings == 4 * len(rows)


def _xlsx(**sheets: pd.DataFrame) -> bytes:
    out = io.BytesIO()
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name, index=False)
    return out.getvalue()


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_an_excel_workbook_of_papers_gives_every_paper_with_its_fields(day) -> None:
    """DataFrame.to_excel, as no-code scrapers export too (Octoparse, Web Scraper): each sheet read
    as a table, a paper a row, on the sheet's row. Before, every workbook was refused as an office
    document."""
    rows = real_rows.rows_by_day()[day]
    data = _xlsx(papers=_frame(rows))
    summary, sightings, _ = summarise_bytes(data, hashlib.sha256(data).hexdigest())
    assert (summary.status, summary.layout) == ("ok", "table"), summary.error
    assert summary.warnings[0].startswith("file is an Excel workbook")
    got = sightings.to_pydict()
    assert got["arxiv_id"] == [row.arxiv_id for row in rows]
    assert got["title"] == [display(row.title) for row in rows]
    assert got["abstract"] == [display(row.abstract) for row in rows]
    assert got["upvotes"] == [row.stars for row in rows]
    assert got["line_number"][0] == 2  # the sheet's second row: the first holds the header


def test_a_workbooks_other_sheets_are_said_and_its_papers_read() -> None:
    """A workbook with a sheet of papers and a sheet of something else: the papers are read, the
    other sheet's cells are kept as rejects (no paper in them); a workbook of nothing but other
    sheets is a document with no papers."""
    rows = real_rows.rows_by_day()[DAYS[1]]
    notes = pd.DataFrame({"run": ["2026-12-01", "2026-12-02"], "pages": [3, 4]})
    data = _xlsx(runs=notes, papers=_frame(rows))
    summary, sightings, rejects = summarise_bytes(data, hashlib.sha256(data).hexdigest())
    assert summary.status == "ok" and sightings.num_rows == len(rows)
    assert "run,pages" in rejects["text"].to_pylist()
    only_notes = _xlsx(runs=notes)
    summary, sightings, _ = summarise_bytes(only_notes, hashlib.sha256(only_notes).hexdigest())
    assert summary.status == "document" and not summary.n_records  # its cells kept as rejects


def test_a_word_document_is_still_refused_as_one() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    summary, _, _ = summarise_bytes(out.getvalue(), "d" * 64)
    assert summary.status == "binary" and "office document" in summary.error


def test_a_workbook_larger_than_the_page_limit_is_refused_before_it_is_opened() -> None:
    """Its parts' sizes are summed from the ZIP's directory: a workbook that would expand past the
    limit (a small file can expand to gigabytes) is never handed to the spreadsheet reader."""
    data = _xlsx(papers=_frame(real_rows.rows_by_day()[DAYS[0]]))
    refused = unwrap(data, 10_000)
    assert refused is not None and refused.problem == "binary"
    assert "Excel workbook larger than the 10,000-byte page limit" in refused.error


def _api_records(rows: tuple[Row, ...]) -> list[dict]:
    """The day as Hugging Face's daily-papers API gives it (a dataset of daily papers keeps these
    records): the paper nested, authors as objects, the publication time a timestamp."""
    return [
        {
            "paper": {
                "id": row.arxiv_id,
                "title": row.title,
                "summary": row.abstract or "",
                "authors": [{"name": name} for name in row.authors],
                "upvotes": row.stars,
            },
            "publishedAt": datetime(2026, 1, 1, 12, 0),
        }
        for row in rows
    ]


@pytest.mark.parametrize("shape", ["flat", "api", "feather"])
@pytest.mark.parametrize("day", DAYS[:2], ids=str)
def test_a_parquet_or_feather_file_of_papers_gives_every_paper(day, shape: str) -> None:
    """DataFrame.to_parquet or to_feather, or a dataset's Parquet shard of the API's nested
    records: every paper with its id, title and upvotes, each on its row. Before, both were
    binary."""
    rows = real_rows.rows_by_day()[day]
    out = io.BytesIO()
    if shape == "feather":
        _frame(rows).to_feather(out)
    elif shape == "flat":
        pq.write_table(pa.Table.from_pandas(_frame(rows)), out)
    else:
        pq.write_table(pa.Table.from_pylist(_api_records(rows)), out)
    data = out.getvalue()
    summary, sightings, _ = summarise_bytes(data, hashlib.sha256(data).hexdigest())
    assert summary.status == "ok", summary.error
    got = sightings.to_pydict()
    assert got["arxiv_id"] == [row.arxiv_id for row in rows]
    assert got["title"] == [display(row.title) for row in rows]
    assert got["upvotes"] == [row.stars for row in rows]
    assert got["line_number"] == list(range(1, len(rows) + 1))


def test_an_sqlite_database_of_papers_gives_every_paper_and_keeps_its_other_tables(tmp_path) -> None:
    """A scraper's SQLite database (a papers table beside a table of its runs, a view): every
    paper of the papers table; the runs table's rows kept as rejects; the view is not selected."""
    rows = real_rows.rows_by_day()[DAYS[0]]
    path = tmp_path / "scrape.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE runs (started TEXT, pages INTEGER)")
    con.execute("INSERT INTO runs VALUES ('2026-12-01T08:00:00', 3)")
    _frame(rows).to_sql("papers", con, index=False)
    con.execute("CREATE VIEW popular AS SELECT * FROM papers WHERE upvotes > 10")
    con.commit()
    con.close()
    data = path.read_bytes()
    summary, sightings, rejects = summarise_bytes(data, hashlib.sha256(data).hexdigest())
    assert summary.status == "ok", summary.error
    assert sightings["arxiv_id"].to_pylist() == [row.arxiv_id for row in rows]
    assert any("2026-12-01T08:00:00" in text for text in rejects["text"].to_pylist())
    assert summary.warnings[0].startswith("file is an SQLite database")


def test_damaged_data_files_say_why() -> None:
    summary, _, _ = summarise_bytes(b"PAR1" + b"\x00" * 64 + b"PAR1", "p" * 64)
    assert summary.status == "binary" and "Parquet file that cannot be read" in summary.error
    summary, _, _ = summarise_bytes(b"ARROW1\x00\x00" + b"\x01" * 64, "a" * 64)
    assert summary.status == "binary" and "Feather) file that cannot be read" in summary.error
    summary, _, _ = summarise_bytes(b"SQLite format 3\x00" + b"\xff" * 200, "s" * 64)
    assert summary.status == "binary" and "SQLite database that cannot be read" in summary.error


def _clicked_columns(rows: tuple[Row, ...]) -> pd.DataFrame:
    """The day as a point-and-click scraper exports it: columns named by the CSS classes of the
    elements clicked (the Instant Data Scraper extension's way), no field named."""
    return pd.DataFrame(
        [
            {
                "relative href": f"https://huggingface.co/papers/{row.arxiv_id}",
                "line-clamp-3": row.title,
                "line-clamp-4": display(row.abstract),
                "text-sm": f"{len(row.authors)} authors",
                "leading-none": row.stars,
                "whitespace-nowrap": "Dec 4",
            }
            for row in rows
        ]
    )


@pytest.mark.parametrize("separator", [",", "\t"], ids=["csv", "tsv"])
@pytest.mark.parametrize("day", DAYS, ids=str)
def test_a_table_whose_header_names_no_field_is_read_by_its_cells(day, separator: str) -> None:
    """A column of paper addresses shows a table of papers; the longest prose is the abstract, the
    longest shorter text the title, the only column of counts the upvotes. Before, such a file was
    read as text: its header and rows as titles and abstracts."""
    rows = real_rows.rows_by_day()[day]
    read_layout, sightings = _read(_clicked_columns(rows).to_csv(index=False, sep=separator))
    assert read_layout == "table"
    got = sightings.to_pydict()
    assert got["arxiv_id"] == [row.arxiv_id for row in rows]
    assert got["title"] == [display(row.title) for row in rows]
    assert got["abstract"] == [display(row.abstract) for row in rows]
    assert got["upvotes"] == [row.stars for row in rows]


def _script_rows(rows: tuple[Row, ...], separator: str) -> str:
    """The day as a cron script appends it with ``csv.writer`` and no header row: day, id, title,
    upvotes, URL, abstract (commas in the abstract quoted, as the writer does)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator="\n")
    for row in rows:
        link = f"https://huggingface.co/papers/{row.arxiv_id}"
        writer.writerow(
            [row.listed_date, row.arxiv_id, display(row.title), row.stars, link, display(row.abstract)]
        )
    return out.getvalue()


def _pipe_log(rows: tuple[Row, ...]) -> str:
    """The day as a script logs it, one ``day | votes | title | URL`` line a paper."""
    return "".join(
        f"{row.listed_date} | {row.stars:4d} | {display(row.title)} | https://arxiv.org/abs/{row.arxiv_id}\n"
        for row in rows
    )


@pytest.mark.parametrize("form", ["csv", "tsv", "pipe log"])
@pytest.mark.parametrize("day", DAYS, ids=str)
def test_a_table_without_a_header_row_gives_every_paper(day, form: str) -> None:
    """A paper's address as a whole cell of the first line shows a table without a header: that
    line is the first paper (before: it was taken for the header, that paper was lost, the others'
    columns guessed from it, or the rows read as title/abstract pairs), and a pipe-separated log is
    such a table (before: a document, no paper)."""
    rows = real_rows.rows_by_day()[day]
    text = _pipe_log(rows) if form == "pipe log" else _script_rows(rows, "," if form == "csv" else "\t")
    read_layout, sightings = _read(text)
    assert read_layout == "table"
    got = sightings.to_pydict()
    assert got["arxiv_id"] == [row.arxiv_id for row in rows]
    assert got["title"] == [display(row.title) for row in rows]
    assert got["upvotes"] == [row.stars for row in rows]
    if form != "pipe log":
        assert got["abstract"] == [display(row.abstract) for row in rows]
    assert got["line_number"][0] == 1  # the first line is the first paper, not a header


def test_a_table_naming_no_field_and_holding_no_paper_stays_unread() -> None:
    """Models, not papers: no column of paper addresses, so no table of papers is guessed."""
    models = pd.DataFrame(
        {
            "relative href": [f"https://huggingface.co/org/model-{i}" for i in range(5)],
            "line-clamp-3": [f"A model card title number {i}" for i in range(5)],
            "leading-none": list(range(5)),
        }
    )
    summary, _, _ = summarise_bytes(models.to_csv(index=False).encode(), "m" * 64)
    assert summary.layout != "table" and not summary.n_records


def _notebook(*cells: dict) -> bytes:
    """An nbformat 4 notebook as Jupyter saves it: strings split into lines, one-space indent."""

    def lines(text: str) -> list[str]:
        return text.splitlines(keepends=True)

    for cell in cells:
        cell["source"] = lines(cell.get("source", ""))
        for output in cell.get("outputs", []):
            if "text" in output:
                output["text"] = lines(output["text"])
            for form, value in output.get("data", {}).items():
                output["data"][form] = lines(value)
    notebook = {
        "cells": list(cells),
        "metadata": {
            "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return (json.dumps(notebook, indent=1, ensure_ascii=False) + "\n").encode()


def test_a_notebooks_printed_and_displayed_papers_are_read() -> None:
    """A notebook that printed one day through a script (``Title:`` / ``PDF:`` / ``Summary:``) and
    displayed another as a DataFrame (its HTML table; ``text/plain`` beside it is cut to ``...``):
    every paper of both, none from the code or the notes. Before: refused as a JSON export without
    a list of papers."""
    first, second = DAYS[:2]
    rows = real_rows.rows_by_day()
    printed = render("api_script", PageSpec(listing_date=first, captured=first), rows[first]).text
    frame = _frame(rows[second])
    data = _notebook(
        {"cell_type": "markdown", "source": "# Daily papers\n\nFetched with the API, see below.\n"},
        {
            "cell_type": "code",
            "execution_count": 1,
            "source": "for p in papers:\n    print(f'Title: {p.title}')\n",
            "outputs": [{"output_type": "stream", "name": "stdout", "text": printed}],
        },
        {
            "cell_type": "code",
            "execution_count": 2,
            "source": "df",
            "outputs": [
                {
                    "output_type": "execute_result",
                    "execution_count": 2,
                    "metadata": {},
                    "data": {"text/html": frame.to_html(), "text/plain": repr(frame)},
                }
            ],
        },
    )
    summary, sightings, _ = summarise_bytes(data, hashlib.sha256(data).hexdigest())
    assert summary.status == "ok", summary.error
    assert sightings.column("arxiv_id").to_pylist() == [r.arxiv_id for r in rows[first] + rows[second]]
    assert sightings.column("title").to_pylist() == [display(r.title) for r in rows[first] + rows[second]]
    assert "Jupyter notebook: 2 pages read from it (not read: 1 markdown cell(s))" in summary.warnings[0]


def _reading_list(rows: tuple[Row, ...]) -> pd.DataFrame:
    """A person's reading list of a day: columns named in their words, no id column."""
    return pd.DataFrame(
        {
            "Paper": [row.title for row in rows],
            "👍": [row.stars or 0 for row in rows],
            "TL;DR / Abstract": [row.abstract for row in rows],
            "Read?": [False for _ in rows],
        }
    )


def _read_bytes(data: bytes) -> pa.Table:
    summary, sightings, _ = summarise_bytes(data, hashlib.sha256(data).hexdigest())
    assert summary.status == "ok", (summary.status, summary.error)
    return sightings


@pytest.mark.parametrize("link", ["formula", "cell hyperlink"])
def test_a_workbooks_linked_titles_give_the_papers_ids(link: str) -> None:
    """Titles made clickable in Excel: ``=HYPERLINK(url, title)`` (the usual way to do it from
    pandas; a script's file caches no result for the formula) or a cell's own hyperlink. The link
    is the paper's id and the text its title. Before: the formula's sheet read no paper (an empty
    cached value; xlsxwriter's cached 0 made 417 papers titled "0"), a hyperlink gave no id."""
    rows = real_rows.rows_by_day()[DAYS[2]]
    frame = _reading_list(rows)
    urls = [f"https://huggingface.co/papers/{row.arxiv_id}" for row in rows]
    if link == "formula":
        frame["Paper"] = [
            f'=HYPERLINK("{url}", "{title.replace(chr(34), chr(34) * 2)}")'
            for url, title in zip(urls, frame["Paper"], strict=True)
        ]
        data = _xlsx(papers=frame)
    else:
        book = openpyxl.load_workbook(io.BytesIO(_xlsx(papers=frame)))
        for cell, url in zip(book.active["A"][1:], urls, strict=True):
            cell.hyperlink = url
        out = io.BytesIO()
        book.save(out)
        data = out.getvalue()
    got = _read_bytes(data).to_pydict()
    assert got["arxiv_id"] == [row.arxiv_id for row in rows]
    assert got["title"] == [display(row.title) for row in rows]
    assert got["upvotes"] == [row.stars or 0 for row in rows]


@pytest.mark.parametrize("above", ["title row", "table name", "column groups"])
def test_a_sheet_with_rows_above_its_header_gives_every_paper(above: str) -> None:
    """Google Sheets exports a sheet's title row and the blank row under it, Numbers its table's
    name, a report a row of column groups: the header is one of the first rows, and what is above
    it is kept as rejects. A summary table under the papers is no paper. Before: 0 papers, and
    120-156 invented from the header and the rows on 25 days."""
    rows = real_rows.rows_by_day()[DAYS[0]]
    table = _reading_list(rows).to_csv(index=False)
    preamble = {
        "title row": f"Daily papers {DAYS[0].isoformat()},,,\n,,,\n",
        "table name": "Table 1\n",
        "column groups": "Paper,Engagement,Details,\n",
    }[above]
    text = preamble + table + "\nSummary\nPapers,Votes\n" + f"{len(rows)},{sum(r.stars or 0 for r in rows)}\n"
    data = text.encode()
    summary, sightings, rejects = summarise_bytes(data, hashlib.sha256(data).hexdigest())
    assert summary.status == "ok", summary.error
    assert sightings["title"].to_pylist() == [display(row.title) for row in rows]
    assert preamble.split("\n")[0] in rejects["text"].to_pylist()
    assert "Summary" not in sightings["title"].to_pylist()


def test_a_european_excel_csv_and_ids_stored_as_numbers_are_read() -> None:
    """Excel in a German locale: cp1252 bytes, ``;`` between cells, headers in German (``Titel``,
    ``Autoren``, ``Zusammenfassung``), days as ``15.12.2025``; the id column typed as numbers, which
    drops an id's trailing zeros (``2512.1043``). Before: no table (0 papers on 25 days), and ids
    cut short."""
    rows = [row for row in real_rows.rows_by_day()[DAYS[1]] if row.arxiv_id]
    frame = pd.DataFrame(
        {
            "Datum": [row.listed_date.strftime("%d.%m.%Y") for row in rows],
            "Titel": [row.title for row in rows],
            "arXiv": [float(row.arxiv_id) for row in rows],
            "Autoren": [", ".join(row.authors) for row in rows],
            "Zusammenfassung": [row.abstract for row in rows],
        }
    )
    data = frame.to_csv(sep=";", index=False).encode("cp1252", errors="replace")
    got = _read_bytes(data).to_pydict()
    assert got["arxiv_id"] == [row.arxiv_id for row in rows]
    assert got["listed_date"] == [row.listed_date for row in rows]
    assert got["n_authors"] == [len(row.authors) or None for row in rows]


def test_a_table_of_a_documents_elements_is_no_listing_and_says_so() -> None:
    """A document parser's elements saved as CSV (unstructured's ``convert_to_csv``: ``type``,
    ``element_id``, ``text`` a row): no column names a paper, so it is a document with that said,
    not a page whose rows are read as titles (before: 1,123 invented papers on 25 real days, 19
    files ``ok``)."""
    rows = real_rows.rows_by_day()[DAYS[0]]
    elements = [("Title", row.title) for row in rows] + [
        ("NarrativeText", row.abstract or "") for row in rows
    ]
    out = io.StringIO()
    table = csv.writer(out)
    table.writerow(["type", "element_id", "text", "filename"])
    table.writerows([kind, f"{n:032x}", text, "page.html"] for n, (kind, text) in enumerate(elements))
    data = out.getvalue().encode()
    summary, sightings, rejects = summarise_bytes(data, hashlib.sha256(data).hexdigest())
    assert summary.status == "document" and sightings is None
    assert "type,element_id,text,filename" in summary.error
    assert rejects.num_rows >= 1  # the file's text kept


def test_a_workbook_with_a_title_row_and_rows_ending_early_gives_every_paper() -> None:
    """An Excel sheet with its title in the first row and the abstract last, empty for the cards
    the site shows without one: the rows that end early (their empty cells trimmed) still line up
    under the header, and every paper is read, those without an abstract by their counts."""
    rows = real_rows.rows_by_day()[DAYS[3]]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([f"Daily papers {DAYS[3].isoformat()}"])
    sheet.append([])
    sheet.append(["Paper", "👍", "TL;DR / Abstract"])
    for row in rows:
        sheet.append([row.title, row.stars or 0, row.abstract or None])
    out = io.BytesIO()
    book.save(out)
    got = _read_bytes(out.getvalue()).to_pydict()
    assert got["title"] == [display(row.title) for row in rows]
    assert got["upvotes"] == [row.stars or 0 for row in rows]


def _ods(rows: tuple[Row, ...]) -> bytes:
    """A reading list saved by LibreOffice Calc in its own format: the title a hyperlink to the
    paper, the votes a number cell (written as pandas' odf writer writes a 0: the value, no text),
    and the sheet's unused columns and rows as repeated empty cells."""
    from xml.sax.saxutils import escape, quoteattr

    def cell(text: str) -> str:
        return (
            f'<table:table-cell office:value-type="string"><text:p>{escape(text)}</text:p></table:table-cell>'
        )

    lines = [
        "<table:table-row>" + cell("Paper") + cell("👍") + cell("TL;DR / Abstract") + "</table:table-row>"
    ]
    for row in rows:
        url = quoteattr(f"https://huggingface.co/papers/{row.arxiv_id}")
        link = f"<text:a xlink:href={url}>{escape(row.title)}</text:a>"
        title = f"<table:table-cell><text:p>{link}</text:p></table:table-cell>"
        stored = f'office:value-type="float" office:value="{row.stars or 0}"'
        votes = f"<table:table-cell {stored}><text:p/></table:table-cell>"
        empty = '<table:table-cell table:number-columns-repeated="16381"/>'
        lines.append(f"<table:table-row>{title}{votes}{cell(row.abstract or '')}{empty}</table:table-row>")
    lines.append(
        '<table:table-row table:number-rows-repeated="1048000"><table:table-cell/></table:table-row>'
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content'
        ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
        ' xmlns:xlink="http://www.w3.org/1999/xlink"><office:body><office:spreadsheet>'
        '<table:table table:name="Reading list">' + "".join(lines) + "</table:table>"
        "</office:spreadsheet></office:body></office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    return out.getvalue()


def test_a_libreoffice_spreadsheet_of_papers_gives_every_paper_with_its_id() -> None:
    """LibreOffice Calc's own format (``.ods``): each sheet read as a table, a linked title giving
    the paper's id, a number cell its stored value. Before: refused as an office document."""
    rows = real_rows.rows_by_day()[DAYS[1]]
    data = _ods(rows)
    summary, sightings, _ = summarise_bytes(data, hashlib.sha256(data).hexdigest())
    assert summary.status == "ok", summary.error
    assert summary.warnings[0].startswith("file is an OpenDocument spreadsheet")
    got = sightings.to_pydict()
    assert got["arxiv_id"] == [row.arxiv_id for row in rows]
    assert got["title"] == [display(row.title) for row in rows]
    assert got["upvotes"] == [row.stars or 0 for row in rows]
