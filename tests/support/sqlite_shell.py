"""The ``sqlite3`` shell's output modes over real days, kept as fixtures (``tests/fixtures/sqlite_shell/``).

A scraper that stores its rows in SQLite and prints them with the shell (``sqlite3 -header -box
papers.db 'SELECT …' > papers.txt``) writes one of these. The shell is not a Python library, so its
output is written once and kept:

    python -m tests.support.sqlite_shell     # needs the sqlite3 command (Debian: sqlite3)
"""

from __future__ import annotations

import sqlite3
import subprocess
import tempfile
from datetime import date
from pathlib import Path

import pandas as pd

from tests.support import real_rows
from tests.support.real_rows import Row, display

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sqlite_shell"
MODES = ("list", "box", "table", "column", "line", "html")  # list: the shell's default
DAYS = (date(2026, 1, 24), date(2026, 5, 7))  # the first: summaries with a line break and a |


def frame(rows: tuple[Row, ...], *, as_scraped: bool = False) -> pd.DataFrame:
    """A scraper's table of the day: what the fixtures hold, and what the tests expect back; with
    ``as_scraped`` the texts keep their line breaks and tabs, as a scraper stores them."""
    shown = (lambda text: text or "") if as_scraped else display
    return pd.DataFrame(
        [
            {
                "title": shown(row.title),
                "arxiv_id": row.arxiv_id,
                "authors": ", ".join(row.authors),
                "upvotes": row.stars,
                "summary": shown(row.abstract),
            }
            for row in rows
        ]
    )


def fixture(day: date, mode: str) -> Path:
    return FIXTURES / f"{day.isoformat()}_{mode}.txt"


def _shell(db: Path, mode: str) -> str:
    return subprocess.run(
        ["sqlite3", "-header", f"-{mode}", str(db), "SELECT * FROM papers"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def write_fixtures() -> None:
    FIXTURES.mkdir(parents=True, exist_ok=True)
    for day in DAYS:
        with tempfile.TemporaryDirectory() as scratch:
            db = Path(scratch) / "papers.db"
            scraped = Path(scratch) / "scraped.db"
            rows = real_rows.rows_by_day()[day]
            with sqlite3.connect(db) as con, sqlite3.connect(scraped) as raw:
                frame(rows).to_sql("papers", con, index=False)
                frame(rows, as_scraped=True).to_sql("papers", raw, index=False)
            for mode in MODES:
                fixture(day, mode).write_text(_shell(db, mode), encoding="utf-8")
            fixture(day, "list_as_scraped").write_text(_shell(scraped, "list"), encoding="utf-8")


if __name__ == "__main__":
    write_fixtures()
