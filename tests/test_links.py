"""Links in abstracts become rows of ``paper_links`` with a normalised URL, host and kind."""

import shutil

import pytest

from conftest import FIXTURES, build_all, spaced
from pipeline.warehouse import open_read_only

FILLER = (
    "We study a problem that matters and propose a method that improves results across many "
    "benchmarks and settings while using less compute than prior work."
)
PAPERS = {
    "Code And Project Page": "Code is at https://github.com/Org/Repo. Project page: https://org.github.io/proj/.",
    "Hub Links": (
        "Data at https://huggingface.co/datasets/org/data, weights at https://huggingface.co/org/model-7b; "
        "try the demo (https://huggingface.co/spaces/org/demo)."
    ),
    "Bare And LaTeX Links": (
        "See github.com/bare/repo, and \\href{https://gitlab.com/a/b}{https://gitlab.com/a/b}."
    ),
    "Odd Spellings": "Visit www.Example.org/Page! Mirror: https://GitHub.com/x/y and https://github.com/x/y.",
    "No Links At All": "Nothing to follow here.",
}


@pytest.fixture
def links(settings, raw_dir):
    page = spaced(*(f"{title}\n\n{FILLER} {text}" for title, text in PAPERS.items()))
    (raw_dir / "links.txt").write_text(page, encoding="utf-8")
    shutil.copy(FIXTURES / "rich_2024-10-08.txt", raw_dir)  # rich exports: paper URLs outside abstracts
    build_all(settings)
    with open_read_only(settings) as con:
        yield con


def rows(con, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def test_links_are_extracted_normalised_and_classified(links):
    found = rows(
        links,
        """SELECT p.title, l.url, l.kind, l.host FROM paper_links AS l JOIN papers AS p USING (paper_id)
           ORDER BY p.title, l.url""",
    )
    assert found == [
        ("Bare And LaTeX Links", "https://github.com/bare/repo", "code", "github.com"),
        ("Bare And LaTeX Links", "https://gitlab.com/a/b", "code", "gitlab.com"),
        ("Code And Project Page", "https://github.com/Org/Repo", "code", "github.com"),
        ("Code And Project Page", "https://org.github.io/proj", "project", "org.github.io"),
        ("Hub Links", "https://huggingface.co/datasets/org/data", "dataset", "huggingface.co"),
        ("Hub Links", "https://huggingface.co/org/model-7b", "model", "huggingface.co"),
        ("Hub Links", "https://huggingface.co/spaces/org/demo", "project", "huggingface.co"),
        ("Odd Spellings", "https://github.com/x/y", "code", "github.com"),
        ("Odd Spellings", "https://www.example.org/Page", "other", "example.org"),
    ]


def test_raw_spelling_is_kept_for_audit(links):
    raw = dict(rows(links, "SELECT url, raw_url FROM paper_links"))
    assert raw["https://github.com/bare/repo"] == "github.com/bare/repo,"
    assert raw["https://org.github.io/proj"] == "https://org.github.io/proj/."


def test_papers_with_code_view(links):
    view = rows(
        links, "SELECT title, n_code_links, code_urls, other_urls FROM papers_with_code ORDER BY title"
    )
    assert view == [
        ("Bare And LaTeX Links", 2, ["https://github.com/bare/repo", "https://gitlab.com/a/b"], None),
        ("Code And Project Page", 1, ["https://github.com/Org/Repo"], ["https://org.github.io/proj"]),
        ("Odd Spellings", 1, ["https://github.com/x/y"], ["https://www.example.org/Page"]),
    ]
